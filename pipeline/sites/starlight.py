"""SiteData -> an Astro Starlight site's `src/content/docs/` and its `locales` config.

Layout: English at the root locale (`src/content/docs/<doc>.md`), each locale under
`src/content/docs/<locale>/` (`zh-hans`: Starlight's URLs are lower case), an index page per
language, and `locales.json` (`defaultLocale`, `locales` with `label`, `lang`, `dir`) for
astro.config.mjs. Astro's Markdown has no explicit-id syntax: its ids are github-slugger's,
which is right for English text; a translated heading keeps the English anchor as an empty
`<span id>` inside it. Pages carry `lang`/`dir`, which the example's route middleware puts
on `<html>` (Starlight would label its English fallback with the locale).
"""

from __future__ import annotations

import json
from collections.abc import Callable, Mapping
from dataclasses import replace

from pipeline.locales import LocaleInfo
from pipeline.sites.markdown import Body, Syntax, escape, render_page, yaml_lines
from pipeline.sites.pages import ENGLISH, SiteData, suffix
from pipeline.sites.publishing import front_matter, index_entries, linker_for, publish, site_codes
from pipeline.sites.slugs import Slugger, github_slug

ROOT = "src/content/docs"
ESCAPES = {"<": "&lt;"}


def _heading(text: str, anchor: str, english: bool) -> str:
    if english:
        return f'<span lang="en">{text}</span>'
    return f'{text} <span id="{anchor}"></span>'


SYNTAX = Syntax(
    slugger=lambda: Slugger(github_slug),
    heading=_heading,
    block=None,
    escapes=ESCAPES,
)

ENGLISH_SYNTAX = replace(SYNTAX, heading=lambda text, _anchor, _english: text)


def default_code(info: LocaleInfo) -> str:
    return info.tag.lower()


def build_starlight(
    data: SiteData, codes: Mapping[str, str], fallback: str, outdated: str, layout: str
) -> dict[str, bytes]:
    code = site_codes(codes, default_code)

    def path(doc_id: str, info: LocaleInfo) -> str:
        folder = ROOT if info is ENGLISH else f"{ROOT}/{code(info)}"
        return f"{folder}/{doc_id}{suffix(sources, doc_id)}"

    def url(doc_id: str, info: LocaleInfo, anchor: str = "") -> str:
        prefix = "" if info is ENGLISH else f"/{code(info)}"
        page = "" if doc_id == "index" else f"/{doc_id.lower()}"
        return f"{prefix}{page}/{anchor}"

    sources = {s.document.doc_id: s for s in data.sources}
    published = publish(data, fallback, outdated)
    files: dict[str, bytes] = {}
    bodies: dict[str, Body] = {}  # English bodies, reused by fallbacks
    for (doc_id, _), item in published.items():
        linker = linker_for(published, item.folder, url)
        keys = front_matter(item, lambda i: i.tag)
        # English headings need no span: Astro derives the same id from the English text.
        syntax = SYNTAX if item.page.translated else ENGLISH_SYNTAX
        files[path(doc_id, item.folder)] = render_page(
            sources[doc_id], item.page, syntax, linker, keys, bodies
        ).encode("utf-8")
    for info in data.languages:
        head = {"title": info.native_name, "lang": info.tag, "dir": info.direction}
        lines = ["---", *yaml_lines(head), "---", ""]
        entries = index_entries(published, sources, info)
        lines += [f"- [{escape(t, ESCAPES)}]({url(d, info)})" for d, t in entries]
        files[path("index", info)] = ("\n".join(lines) + "\n").encode("utf-8")
    files["locales.json"] = render_locales(data, code)
    return files


def render_locales(data: SiteData, code: Callable[[LocaleInfo], str]) -> bytes:
    locales = {
        ("root" if info is ENGLISH else code(info)): {
            "label": info.native_name,
            "lang": info.tag,
            "dir": info.direction,
        }
        for info in data.languages
    }
    value = {"defaultLocale": "root", "locales": locales}
    return (json.dumps(value, ensure_ascii=False, indent=2) + "\n").encode("utf-8")
