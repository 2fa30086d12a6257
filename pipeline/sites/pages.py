"""Bundles + sources -> Page: each document in each language, as every site publishes it.

The sites stage is a layout over the bundles' data: the text in use for each segment, the
status and the coverage come from `bundles/<tag>/<doc>.json` (where the publishing rules have
their one home), or for the pairs a build just rendered, from its tasks as the same facts
(`bundles.render.Shown`); the source document gives the spans to splice them into. A
translated page is one whose bundle is not a fallback.
"""

from __future__ import annotations

import json
from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from pipeline.bundles.render import Shown, shown_from_json
from pipeline.config import Config
from pipeline.errors import PipelineError
from pipeline.extract.documents import Document, document_id, find_documents, read_document
from pipeline.extract.profiles import features
from pipeline.extract.segments import Segment, build_segments
from pipeline.locales import LocaleInfo, describe_locale
from pipeline.po_reader import parse_po

SOURCE_TAG = "en"
ENGLISH = LocaleInfo("en", "en", "English", "English", "ltr")


@dataclass(frozen=True, slots=True, eq=False)
class Source:
    """A source document and its segments: what every language's page is spliced into.

    Compared and hashed by identity: the layouts cache per-document facts keyed by it, 2,400
    lookups for four sites of 100 documents, and hashing every segment for each cost more
    than the facts."""

    document: Document
    segments: tuple[Segment, ...]


@dataclass(frozen=True, slots=True)
class Page:
    """One document in one language, with the facts a theme shows about its translation."""

    doc_id: str
    locale: LocaleInfo
    texts: tuple[str | None, ...]
    """Per segment: the translation in use, or None where the English source stands."""
    status: str
    """`source` for English pages, else the bundle's status (complete, partial, outdated,
    fallback)."""
    coverage: float
    outdated: int
    """Segments whose translation is fuzzy: the source changed after it was translated."""
    withheld: int
    """Segments whose translation a check withheld (published as English)."""
    previous: tuple[bool, ...] = ()
    """Per segment: the text is the previous translation of a source that changed."""
    source_sha256: str = ""
    reviewed: float | None = None
    """Share of segments reviewed, once bundles carry review state (hook for review marks)."""

    @property
    def translated(self) -> bool:
        """Published as a translation (English pages and fallbacks are not)."""
        return self.status not in ("source", "fallback")


@dataclass(frozen=True, slots=True)
class SiteData:
    """Everything the generators lay out: languages in order and every page of every document."""

    languages: tuple[LocaleInfo, ...]
    """English first, then the configured locales."""
    sources: tuple[Source, ...]
    pages: Mapping[tuple[str, str], Page]
    """(doc id, locale id) -> page; English pages under `en`."""


def suffix(sources: Mapping[str, Source], doc_id: str) -> str:
    """The file suffix of a document's pages: its source's (`.mdx` stays MDX), else `.md`."""
    source = sources.get(doc_id)
    return source.document.path.suffix if source is not None else ".md"


def read_site_data(
    config: Config,
    sources: Sequence[Source] | None = None,
    *,
    previous: bool = False,
    shown: Mapping[tuple[str, str], Shown] | None = None,
) -> SiteData:
    """Read the bundles (and the sources, unless given); `previous` also reads fuzzy msgstrs.
    `shown` holds what the bundles of the pairs the build just rendered say, as their JSON
    would: those are not read back."""
    if sources is None:
        sources = [_read_source(config, path) for path in find_documents(config.source_dir)]
    languages = (ENGLISH, *(describe_locale(code) for code in config.locales))
    known = shown or {}
    pages: dict[tuple[str, str], Page] = {}
    for source in sources:
        doc_id = source.document.doc_id
        pages[(doc_id, "en")] = english_page(source)
        for info in languages[1:]:
            bundle = known.get((doc_id, info.id))
            if bundle is None:
                bundle = _read_bundle(source, info, config.bundles_dir)
            fuzzy = _fuzzy_msgstrs(config, info.id, doc_id) if previous else {}
            pages[(doc_id, info.id)] = build_page(source, info, bundle, fuzzy)
    return SiteData(languages, tuple(sources), pages)


def _read_source(config: Config, path: Path) -> Source:
    document = read_document(path, config.source_dir, config.root)
    assert document.doc_id == document_id(path, config.source_dir)
    return Source(
        document, tuple(build_segments(document, config.front_matter_keys, features(config.syntax)))
    )


def english_page(source: Source) -> Page:
    count = len(source.segments)
    return Page(source.document.doc_id, ENGLISH, (None,) * count, "source", 100.0, 0, 0)


def _read_bundle(source: Source, info: LocaleInfo, bundles: Path) -> Shown:
    """What a pair's bundle JSON says, found to be of the source as it is now."""
    path = bundles / info.tag / f"{source.document.doc_id}.json"
    try:
        data: dict[str, Any] = json.loads(path.read_bytes())
    except FileNotFoundError:
        raise PipelineError(
            "bundle missing: run `pipeline build` before writing sites", path
        ) from None
    except (OSError, ValueError) as err:
        raise PipelineError(f"cannot read bundle: {err}", path) from None
    if [item["source"] for item in data["segments"]] != [s.text for s in source.segments]:
        name = f"{info.tag}/{source.document.doc_id}.json"
        raise PipelineError(f"bundle {name} is older than its source: run `pipeline build`")
    return shown_from_json(data)


def build_page(source: Source, info: LocaleInfo, bundle: Shown, fuzzy: Mapping[str, str]) -> Page:
    """The page of one pair from its bundle; `fuzzy` (msgid -> previous msgstr) fills in
    segments whose source changed when the site publishes previous translations."""
    texts, previous = bundle.texts, (False,) * len(bundle.texts)
    if fuzzy and bundle.status != "fallback":
        olds = [fuzzy.get(segment.text) for segment in source.segments]
        texts = tuple(old if text is None else text for text, old in zip(texts, olds, strict=True))
        previous = tuple(
            text is None and old is not None for text, old in zip(bundle.texts, olds, strict=True)
        )
    return Page(
        doc_id=source.document.doc_id,
        locale=info,
        texts=texts,
        status=bundle.status,
        coverage=bundle.coverage,
        outdated=bundle.fuzzy,
        withheld=bundle.withheld,
        previous=previous,
        source_sha256=bundle.source_sha256,
        reviewed=bundle.reviewed,
    )


def _fuzzy_msgstrs(config: Config, locale: str, doc_id: str) -> dict[str, str]:
    """msgid -> msgstr of fuzzy messages that keep their previous msgid (a source edit)."""
    path = config.catalog_path(locale, doc_id)
    try:
        data = path.read_bytes()
    except FileNotFoundError:
        return {}
    except OSError as err:
        raise PipelineError(f"cannot read: {err.strerror}", path) from None
    catalog = parse_po(data, path, language=locale)
    return {
        m.msgid: m.msgstr
        for m in catalog.messages
        if m.fuzzy and not m.obsolete and m.previous_msgid is not None and m.msgstr
    }
