"""SiteData -> a Docusaurus site's docs, their translations and its `i18n` config object.

Layout: `docs/<doc>.md` (English) and `i18n/<locale>/docusaurus-plugin-content-docs/current/`
`<doc>.md`, an index page per language, and `i18n.json` (`defaultLocale`, `locales`,
`localeConfigs` with `label`, `direction`, `htmlLang`, `path`) for docusaurus.config.js to
read. Pages are MDX: headings get `{#id}`, English paragraphs `<p lang="en">` (other English
blocks `<span lang="en">`), and `{`, `}` and `<` of translations are escaped. Each page starts
with `<head><html lang dir /></head>`, so the English text Docusaurus shows for a missing
translation is labelled English.
"""

from __future__ import annotations

import json
import posixpath
from collections.abc import Callable, Mapping

from pipeline.locales import LocaleInfo
from pipeline.sites.markdown import Body, Syntax, escape, render_page, yaml_lines
from pipeline.sites.pages import ENGLISH, SiteData, suffix
from pipeline.sites.publishing import front_matter, index_entries, linker_for, publish, site_codes
from pipeline.sites.slugs import Slugger, github_slug

DOCS = "docusaurus-plugin-content-docs/current"
SOURCE_ESCAPES = {"{": "\\{", "}": "\\}"}
ESCAPES = {**SOURCE_ESCAPES, "<": "&lt;"}


def _heading(text: str, anchor: str, english: bool) -> str:
    shown = f'<span lang="en">{text}</span>' if english else text
    return f"{shown} {{#{anchor}}}"


SYNTAX = Syntax(
    slugger=lambda: Slugger(github_slug),
    heading=_heading,
    block=None,
    escapes=ESCAPES,
    source_escapes=SOURCE_ESCAPES,
    head=lambda lang, direction: f'<head><html lang="{lang}" dir="{direction}" /></head>',
    paragraph=lambda text, attributes: f"<p {attributes}>{text}</p>",
)


def default_code(info: LocaleInfo) -> str:
    return info.tag


def build_docusaurus(
    data: SiteData, codes: Mapping[str, str], fallback: str, outdated: str, layout: str
) -> dict[str, bytes]:
    code = site_codes(codes, default_code)

    def path(doc_id: str, info: LocaleInfo) -> str:
        if info is ENGLISH:
            return f"docs/{doc_id}{suffix(sources, doc_id)}"
        return f"i18n/{code(info)}/{DOCS}/{doc_id}{suffix(sources, doc_id)}"

    sources = {s.document.doc_id: s for s in data.sources}
    published = publish(data, fallback, outdated)
    files: dict[str, bytes] = {}
    bodies: dict[str, Body] = {}  # English bodies, reused by fallbacks
    for (doc_id, _), item in published.items():
        # Docusaurus serves every document in every locale (its fallback is the English
        # file, labelled English by its <head>), so a link stays within the locale.
        def target(doc: str, info: LocaleInfo, anchor: str, here: str = doc_id) -> str:
            relative = posixpath.relpath(doc, posixpath.dirname(here) or ".")
            return relative + suffix(sources, doc) + anchor

        linker = linker_for(published, item.folder, target)
        keys = front_matter(item, lambda i: i.tag)
        files[path(doc_id, item.folder)] = render_page(
            sources[doc_id], item.page, SYNTAX, linker, keys, bodies
        ).encode("utf-8")
    for info in data.languages:
        head = {"slug": "/", "title": info.native_name, "lang": info.tag, "dir": info.direction}
        lines = ["---", *yaml_lines(head), "---", ""]
        entries = index_entries(published, sources, info)
        lines += [f"- [{escape(t, ESCAPES)}](./{d}.md)" for d, t in entries]
        files[path("index", info)] = ("\n".join(lines) + "\n").encode("utf-8")
    files["i18n.json"] = render_i18n(data, code)
    return files


def render_i18n(data: SiteData, code: Callable[[LocaleInfo], str]) -> bytes:
    configs = {
        code(info): {
            "label": info.native_name,
            "direction": info.direction,
            "htmlLang": info.tag,
            "path": code(info),
        }
        for info in data.languages
    }
    value = {
        "defaultLocale": code(ENGLISH),
        "locales": [code(info) for info in data.languages],
        "localeConfigs": configs,
    }
    return (json.dumps(value, ensure_ascii=False, indent=2) + "\n").encode("utf-8")
