"""Document + catalog -> the three files of one bundle: localized Markdown, JSON with HTML, `.mo`.

Pure: `build.write_bundles` reads the inputs and writes what `render_bundle` returns. The text
"in use" for a segment is the msgstr of its msgid when the catalog has it translated (not fuzzy,
not empty), else the English source, which is every segment's text when the pair falls below the
publishing threshold (status `fallback`).
"""

from __future__ import annotations

import json
from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from typing import Any

from pipeline.bundles.gate import Withheld, summarize_withheld
from pipeline.bundles.html import Page, build_page, render_html
from pipeline.bundles.manifest import FALLBACK, BundleCoverage, Status, build_status
from pipeline.bundles.markdown import render_localized_markdown
from pipeline.bundles.mo import default_header, mo_entry, render_mo
from pipeline.extract.documents import Document
from pipeline.extract.segments import FRONT_MATTER, Segment
from pipeline.locales import SOURCE_LOCALE, LocaleInfo
from pipeline.po import Catalog
from pipeline.review import is_reviewed
from pipeline.words import count_words


@dataclass(frozen=True, slots=True)
class Translations:
    """What a bundle needs of one catalog (kept small: every stale catalog is read first)."""

    sha256: str | None
    """Of the catalog file; None when the locale has no catalog for the document."""
    header: str
    """The header's msgstr, written to the `.mo` as msgfmt does."""
    msgstrs: Mapping[str, str]
    """msgid -> msgstr of each translated message without msgctxt or plural."""
    fuzzy: frozenset[str]
    outdated: frozenset[str]
    """Fuzzy msgids with a previous msgid: the source changed after they were translated."""
    compiled: tuple[tuple[str, str], ...]
    """The `.mo` entries of every translated message (fuzzy ones left out, as msgfmt does)."""
    reviewed: frozenset[str] = frozenset()
    """Translated msgids with a valid review mark (see `pipeline.review`)."""


def build_translations(
    catalog: Catalog | None,
    sha256: str | None,
    locale: str,
    withheld: frozenset[tuple[str | None, str]] = frozenset(),
) -> Translations:
    """What the bundles use of a catalog; `withheld` (msgctxt, msgid) count as untranslated."""
    if catalog is None:
        return Translations(None, default_header(locale), {}, frozenset(), frozenset(), ())
    active = [m for m in catalog.messages if not m.obsolete]
    published = [m for m in active if m.translated and (m.msgctxt, m.msgid) not in withheld]
    return Translations(
        sha256=sha256,
        header=catalog.header.msgstr,
        msgstrs={
            m.msgid: m.msgstr for m in published if m.msgctxt is None and m.msgid_plural is None
        },
        fuzzy=frozenset(m.msgid for m in active if m.fuzzy),
        outdated=frozenset(m.msgid for m in active if m.fuzzy and m.previous_msgid is not None),
        compiled=tuple(mo_entry(m) for m in published),
        reviewed=frozenset(m.msgid for m in active if is_reviewed(m)),
    )


@dataclass(frozen=True, slots=True)
class Prepared:
    """A source document with what every locale's bundle reuses."""

    document: Document
    segments: tuple[Segment, ...]
    page: Page
    sha256: str
    words: Mapping[str, int]
    """Distinct msgids (the template's entries) in order, with their source word counts."""


def prepare(
    document: Document,
    segments: Sequence[Segment],
    sha256: str,
    syntax: frozenset[str] = frozenset(),
) -> Prepared:
    """What every locale's bundle of a document reuses; `syntax`: the enabled features."""
    # Words as `coverage --by words` counts them, so both reports agree.
    words = {segment.text: count_words(segment.text) for segment in segments}
    page = build_page(document, segments, syntax)
    return Prepared(document, tuple(segments), page, sha256, words)


@dataclass(frozen=True, slots=True)
class Shown:
    """What a bundle's JSON tells a site about its page (`shown_from_json` reads it back)."""

    status: str
    coverage: float
    """Percent of strings translated."""
    fuzzy: int
    withheld: int
    """Segments whose translation a check withheld."""
    source_sha256: str
    reviewed: float | None
    texts: tuple[str | None, ...]
    """Per segment: the translation in use, or None where the English source stands."""


def shown_from_json(bundle: Mapping[str, Any]) -> Shown:
    """The `Shown` of a bundle's JSON, as `render_bundle` made it."""
    items = bundle["segments"]
    return Shown(
        status=bundle["status"],
        coverage=bundle["coverage"]["strings"],
        fuzzy=bundle["coverage"]["fuzzy"],
        withheld=int(bundle.get("withheld", {}).get("segments", 0)),
        source_sha256=bundle["source_sha256"],
        reviewed=bundle.get("reviewed"),
        texts=tuple(item["text"] if item["translated"] else None for item in items),
    )


@dataclass(frozen=True, slots=True)
class Rendered:
    """The three files of one bundle, and the facts the manifest records about them."""

    status: Status
    coverage: BundleCoverage
    markdown: bytes
    json: bytes
    mo: bytes
    shown: Shown


def measure(prepared: Prepared, translations: Translations) -> BundleCoverage:
    done = [text for text in prepared.words if text in translations.msgstrs]
    return BundleCoverage(
        translated=len(done),
        fuzzy=sum(1 for text in prepared.words if text in translations.fuzzy),
        total=len(prepared.words),
        words_translated=sum(prepared.words[text] for text in done),
        words_total=sum(prepared.words.values()),
        reviewed=sum(1 for text in done if text in translations.reviewed),
    )


def render_bundle(
    prepared: Prepared,
    info: LocaleInfo,
    translations: Translations,
    min_coverage: float,
    withheld: Sequence[Withheld] = (),
) -> Rendered:
    """The bundle of one document in one locale; `withheld` are left out of `translations`."""
    coverage = measure(prepared, translations)
    outdated = sum(1 for text in prepared.words if text in translations.outdated)
    status = build_status(coverage, outdated, min_coverage)
    msgstrs: Mapping[str, str] = {} if status == FALLBACK else translations.msgstrs
    in_use = {i: msgstrs[s.text] for i, s in enumerate(prepared.segments) if s.text in msgstrs}
    reviewed = coverage.reviewed_share if status != FALLBACK else 0.0
    status_fields: dict[str, object] = {
        "status": status,
        "coverage": coverage.strings,
        "reviewed": reviewed,
        "source_sha256": prepared.sha256,
    }
    if status == FALLBACK:  # English text: `lang: en`, and the locale it stands in for
        status_fields["fallback_for"] = info.tag
    lang = SOURCE_LOCALE if status == FALLBACK else info.tag
    markdown = render_localized_markdown(
        prepared.document, prepared.segments, msgstrs, lang, status_fields
    )
    html = render_html(prepared.page, prepared.segments, in_use, info.tag)
    head = {
        "id": prepared.document.doc_id,
        "locale": info.id,
        "tag": info.tag,
        "direction": info.direction,
        **status_fields,
        "coverage": coverage.to_json(),
    }
    held = summarize_withheld(withheld) if withheld else None
    if held is not None:
        head["withheld"] = held
    compiled = () if status == FALLBACK else translations.compiled
    shown = Shown(
        status=status,
        coverage=coverage.strings,
        fuzzy=coverage.fuzzy,
        withheld=0 if held is None else int(held["segments"]),
        source_sha256=prepared.sha256,
        reviewed=reviewed,
        texts=tuple(in_use.get(index) for index in range(len(prepared.segments))),
    )
    return Rendered(
        status=status,
        coverage=coverage,
        markdown=markdown,
        json=render_bundle_json(
            head, prepared.segments, in_use, html, withheld, translations.reviewed
        ),
        mo=render_mo([("", translations.header), *compiled] if translations.header else compiled),
        shown=shown,
    )


def render_bundle_json(
    head: dict[str, Any],
    segments: Sequence[Segment],
    in_use: Mapping[int, str],
    html: str,
    withheld: Sequence[Withheld] = (),
    reviewed: frozenset[str] = frozenset(),
) -> bytes:
    held: dict[str, list[str]] = {}
    for finding in withheld:
        if finding.msgctxt is None:
            held.setdefault(finding.msgid, []).append(finding.check)
    items = []
    for index, segment in enumerate(segments):
        item: dict[str, Any] = {"kind": segment.kind, "line": segment.line}
        if segment.kind == FRONT_MATTER:
            item["key"] = segment.key
        item |= {"source": segment.text, "text": in_use.get(index, segment.text)}
        item["translated"] = index in in_use
        item["reviewed"] = index in in_use and segment.text in reviewed
        if segment.text in held:
            item["withheld"] = sorted(set(held[segment.text]))
        items.append(item)
    bundle = {**head, "segments": items, "html": html}
    # One line: the C encoder (no indent) is several times faster over thousands of bundles.
    return (json.dumps(bundle, ensure_ascii=False) + "\n").encode("utf-8")
