"""SiteData -> an MkDocs site's docs/ for mkdocs-static-i18n, with its `plugins:` block.

Layout: `docs/<locale>/<doc>.md` (`layout: folder`, the default) or `docs/<doc>.<locale>.md`
(`layout: suffix`), English included, an index page per language, and `i18n.yml` for the
site's `mkdocs.yml` to `INHERIT`: the `i18n` plugin's languages (locale, native name, default,
build, nav translations from the localized titles), each with the Material theme language it
has (Material knows `zh`, not `zh-Hans`, and has no `ml`), and `extra.hreflang`, the BCP 47
tag of each locale code. Locale codes default to the BCP 47 tag (the plugin rejects `zh_Hans`).
Pages carry `lang`/`dir` in front matter, which the example's `partials/language.html` puts
on `<html>`, so a fallback page is English whatever folder it sits in.
"""

from __future__ import annotations

import json
import posixpath
from collections.abc import Callable, Mapping

from pipeline.locales import LocaleInfo
from pipeline.sites.markdown import Body, Syntax, escape, render_page, yaml_lines
from pipeline.sites.pages import ENGLISH, SiteData, Source
from pipeline.sites.publishing import (
    Published,
    front_matter,
    index_entries,
    linker_for,
    publish,
    site_codes,
)
from pipeline.sites.slugs import Slugger, python_markdown_slug

# The language partials of Material for MkDocs 9.x: a locale without one shows English labels.
MATERIAL_LANGUAGES = frozenset(
    {
        "af",
        "ar",
        "az",
        "be",
        "bg",
        "bn",
        "ca",
        "cs",
        "cy",
        "da",
        "de",
        "el",
        "en",
        "eo",
        "es",
        "et",
        "eu",
        "fa",
        "fi",
        "fr",
        "gl",
        "he",
        "hi",
        "hr",
        "hu",
        "hy",
        "id",
        "is",
        "it",
        "ja",
        "ka",
        "kn",
        "ko",
        "ku-IQ",
        "lb",
        "lt",
        "lv",
        "mk",
        "mn",
        "ms",
        "my",
        "nb",
        "nl",
        "nn",
        "pl",
        "pt",
        "pt-BR",
        "ro",
        "ru",
        "sa",
        "sh",
        "si",
        "sk",
        "sl",
        "sq",
        "sr",
        "sv",
        "ta",
        "te",
        "th",
        "tl",
        "tr",
        "uk",
        "ur",
        "uz",
        "vi",
        "zh",
        "zh-Hant",
        "zh-TW",
    }
)
# Python-Markdown renders raw HTML, so `<` in a translation is escaped.
ESCAPES = {"<": "&lt;"}


def _heading(text: str, anchor: str, english: bool) -> str:
    mark = ' lang="en"' if english else ""
    return f"{text} {{: #{anchor}{mark} }}"


SYNTAX = Syntax(
    slugger=lambda: Slugger(python_markdown_slug, "_"),
    heading=_heading,
    block=lambda attributes: f"{{: {attributes} }}",
    escapes=ESCAPES,
)


def default_code(info: LocaleInfo) -> str:
    return info.tag


def material_language(tag: str) -> str:
    """The Material partial for a BCP 47 tag: itself, its language, else English."""
    if tag in MATERIAL_LANGUAGES:
        return tag
    language = tag.split("-")[0]
    return language if language in MATERIAL_LANGUAGES else "en"


def build_mkdocs(
    data: SiteData, codes: Mapping[str, str], fallback: str, outdated: str, layout: str
) -> dict[str, bytes]:
    code = site_codes(codes, default_code)

    def path(doc_id: str, info: LocaleInfo) -> str:
        if layout == "suffix":
            return f"docs/{doc_id}.{code(info)}.md"
        return f"docs/{code(info)}/{doc_id}.md"

    published = publish(data, fallback, outdated)
    sources = {s.document.doc_id: s for s in data.sources}
    files: dict[str, bytes] = {}
    bodies: dict[str, Body] = {}  # English bodies, reused by fallbacks
    for (doc_id, _), item in published.items():
        here = path(doc_id, item.folder)

        def target(doc: str, info: LocaleInfo, anchor: str, here: str = here) -> str:
            return relative(here, path(doc, info)) + anchor

        linker = linker_for(published, item.folder, target)
        keys = front_matter(item, lambda i: i.tag)
        files[here] = render_page(sources[doc_id], item.page, SYNTAX, linker, keys, bodies).encode()
    for info in data.languages:
        index = path("index", info)
        lines = ["---", *yaml_lines({"lang": info.tag, "dir": info.direction}), "---", ""]
        for doc_id, title in index_entries(published, sources, info):
            lines.append(f"- [{escape(title, ESCAPES)}]({relative(index, path(doc_id, info))})")
        files[index] = ("\n".join(lines) + "\n").encode("utf-8")
    files["i18n.yml"] = render_plugin(data, code, layout, published, sources)
    return files


def relative(here: str, there: str) -> str:
    return posixpath.relpath(there, posixpath.dirname(here))


def render_plugin(
    data: SiteData,
    code: Callable[[LocaleInfo], str],
    layout: str,
    published: Mapping[tuple[str, str], Published],
    sources: Mapping[str, Source],
) -> bytes:
    """The `plugins:` and `extra:` of mkdocs.yml, for it to `INHERIT`."""
    titles = dict(index_entries(published, sources, ENGLISH))
    lines = [
        "# Written by `pipeline build`; mkdocs.yml inherits it (INHERIT: i18n.yml).",
        "plugins:",
        "  - search",
        "  - i18n:",
        f"      docs_structure: {'suffix' if layout == 'suffix' else 'folder'}",
        "      # The plugin's own fallback would publish English under the target language.",
        "      fallback_to_default: false",
        "      reconfigure_material: true",
        "      languages:",
    ]
    for info in data.languages:
        lines += [
            f"        - locale: {json.dumps(code(info))}",
            f"          name: {json.dumps(info.native_name, ensure_ascii=False)}",
            f"          default: {'true' if info is ENGLISH else 'false'}",
            "          build: true",
            f"          theme: {{language: {json.dumps(material_language(info.tag))}}}",
        ]
        localized = dict(index_entries(published, sources, info)) if info is not ENGLISH else {}
        pairs = {titles[d]: t for d, t in localized.items() if d in titles and titles[d] != t}
        if pairs:
            lines.append("          nav_translations:")
            lines += [
                f"            {json.dumps(en)}: {json.dumps(t, ensure_ascii=False)}"
                for en, t in pairs.items()
            ]
    lines += ["extra:", "  hreflang:"]
    lines += [f"    {json.dumps(code(info))}: {json.dumps(info.tag)}" for info in data.languages]
    return ("\n".join(lines) + "\n").encode("utf-8")
