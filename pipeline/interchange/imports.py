"""`pipeline import`: existing translated Markdown -> the locale's catalogs, planned then written.

Every pair (English source, translated file) is read, aligned and merged into its catalog in
memory first; a bad file (not UTF-8, broken front matter, a missing source) raises PipelineError
before anything is written. Then each changed template and catalog is replaced atomically. The
template is written too, as `extract` would, so the next `update` merges against the same text.
"""

from __future__ import annotations

import functools
from collections.abc import Sequence
from dataclasses import dataclass
from pathlib import Path

from babel.messages.plurals import get_plural

from pipeline.config import Config
from pipeline.extract.cache import cache_folder
from pipeline.extract.documents import parse_document
from pipeline.extract.profiles import features
from pipeline.extract.segments import build_segments
from pipeline.extract.sources import Source, read_source
from pipeline.extract.templates import CREATION_DATE, build_template, creation_date
from pipeline.files import read_bytes, worker_pool, write_if_changed
from pipeline.interchange.pairing import (
    Change,
    Reported,
    apply_imports,
    build_imports,
    pair_segments,
    reported,
)
from pipeline.po import Catalog, render_po
from pipeline.po_reader import parse_po
from pipeline.progress import Track, untracked
from pipeline.split import worker_count
from pipeline.update.headers import EMPTY, build_header
from pipeline.update.merging import merge_catalog


@dataclass(frozen=True, slots=True)
class DocumentImport:
    """One translated file imported into one catalog, as planned."""

    doc_id: str
    source: str
    """The English document, relative to the project (as in `#:` references)."""
    translation: str
    """The translated file, as the user named it."""
    pairings: tuple[Reported, ...]
    changes: tuple[Change, ...]
    writes: tuple[tuple[Path, bytes], ...]
    """Template and catalog whose content changes, with the new content."""


@dataclass(frozen=True, slots=True)
class ImportPlan:
    locale: str
    documents: tuple[DocumentImport, ...]
    unpaired: tuple[str, ...]
    """Translated files found in a folder without an English source."""


def plan_imports(
    config: Config,
    locale: str,
    pairs: Sequence[tuple[Path, Path]],
    *,
    overwrite: bool = False,
    unpaired: Sequence[str] = (),
    track: Track = untracked,
) -> ImportPlan:
    """Align and merge every (source, translation) pair, writing nothing."""
    plan_one = functools.partial(
        plan_document, config, locale, overwrite, cache_folder(config.root)
    )
    workers = worker_count(config.jobs, len(pairs))
    if workers < 2:
        documents = [plan_one(pair) for pair in track(list(pairs), "import")]
    else:
        with worker_pool(workers) as pool:
            results = pool.map(plan_one, pairs, chunksize=16)
            documents = [doc for _, doc in zip(track(list(pairs), "import"), results, strict=True)]
    return ImportPlan(locale, tuple(documents), tuple(unpaired))


def plan_document(
    config: Config, locale: str, overwrite: bool, cache: Path | None, pair: tuple[Path, Path]
) -> DocumentImport:
    """One pair: read both, align, merge into the catalog (a top-level function for workers)."""
    source_path, translated_path = pair
    source = read_source(
        config.source_dir,
        config.root,
        config.front_matter_keys,
        features(config.syntax),
        source_path,
        cache=cache,
    )
    translated = parse_document(
        read_bytes(translated_path), translated_path, source.document.doc_id, str(translated_path)
    )
    keys = tuple(dict.fromkeys(field.key for field in translated.fields))
    pairings = pair_segments(
        source.document,
        source.segments,
        translated,
        build_segments(translated, keys, features(config.syntax)),
    )
    doc_id = source.document.doc_id
    template_path = config.template_path(doc_id)
    previous = template_path.read_text("utf-8") if template_path.exists() else None
    template, template_text = current_template(source, previous)
    catalog_path = config.catalog_path(locale, doc_id)
    before = read_bytes(catalog_path) if catalog_path.exists() else None
    nplurals = get_plural(locale).num_plurals
    old = EMPTY if before is None else parse_po(before, catalog_path, nplurals=nplurals)
    header = build_header(template, old, locale, source.document.reference)
    merged = merge_catalog(template, old, header, nplurals)
    catalog, changes = apply_imports(merged, build_imports(pairings), _lines(source), overwrite)
    data = render_po(catalog).encode("utf-8")
    writes = [(template_path, template_text.encode("utf-8"))] if template_text != previous else []
    if data != before:
        writes.append((catalog_path, data))
    return DocumentImport(
        doc_id,
        source.document.reference,
        str(translated_path),
        tuple(map(reported, pairings)),
        tuple(changes),
        tuple(writes),
    )


def current_template(source: Source, previous: str | None) -> tuple[Catalog, str]:
    """The template `extract` would write, and its text (the previous date when unchanged)."""
    dated = CREATION_DATE.search(previous) if previous is not None else None
    if dated is not None:
        template = build_template(source, dated.group(1))
        text = render_po(template)
        if text == previous:
            return template, text
    template = build_template(source, creation_date())
    return template, render_po(template)


def _lines(source: Source) -> dict[str, int]:
    lines: dict[str, int] = {}
    for segment in source.segments:
        lines.setdefault(segment.text, segment.line)
    return lines


def write_imports(plan: ImportPlan) -> int:
    """Write every planned file that changed; the caller holds the project lock."""
    return sum(
        write_if_changed(path, data)
        for document in plan.documents
        for path, data in document.writes
    )
