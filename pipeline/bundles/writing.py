"""Step 3 of `bundles.build`: each stale pair rendered and its files written, in workers.

Everything was read and gated before (steps 1 and 2), so nothing here is a user's mistake; a
large build renders in a pool of worker processes (`split.worker_count`), a document's pairs in
one worker, which writes the files whose bytes changed and returns their manifest records.
"""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path

from pipeline.bundles.gate import Withheld
from pipeline.bundles.layout import bundle_paths
from pipeline.bundles.manifest import Bundle, DocumentEntry, File, sha256_hex
from pipeline.bundles.render import Prepared, Translations, prepare, render_bundle
from pipeline.config import Config
from pipeline.extract.documents import Document
from pipeline.extract.profiles import features
from pipeline.extract.segments import Segment, build_segments
from pipeline.files import map_shared, write_if_changed
from pipeline.locales import LocaleInfo
from pipeline.progress import Track
from pipeline.split import worker_count


@dataclass(frozen=True, slots=True)
class SourceInput:
    """A source document before segmentation: what planning needs."""

    source: DocumentEntry
    path: Path
    data: bytes
    extracted: tuple[Document, tuple[Segment, ...]] | None
    """Document and segments when `run` already has them from `extract`."""
    document: Document | None = None
    """The parsed document, once a stale pair needs it."""


@dataclass(frozen=True, slots=True)
class Job:
    """A stale pair, its catalog already read."""

    doc_id: str
    info: LocaleInfo
    translations: Translations
    inputs_sha256: str
    withheld: tuple[Withheld, ...] = ()


def write_jobs(
    config: Config,
    jobs: list[Job],
    documents: dict[str, SourceInput],
    threshold: float,
    records: dict[tuple[str, str], Bundle],
    track: Track,
) -> list[Path]:
    """Render and write each stale pair, a document's pairs together; the files whose bytes
    changed. Everything was read and gated before, so nothing here is a user's mistake."""
    groups: dict[str, list[Job]] = {}
    for job in jobs:
        groups.setdefault(job.doc_id, []).append(job)
    work = _Rendering(config, documents, groups, threshold)
    workers = worker_count(config.jobs, len(jobs))
    written: list[Path] = []
    results = map_shared(_write_document, work, list(groups), workers, chunksize=4)
    for _, (bundles, paths) in zip(track(list(groups), "build"), results, strict=True):
        records.update(((b.doc_id, b.locale), b) for b in bundles)
        written.extend(paths)
    return written


@dataclass(frozen=True, slots=True)
class _Rendering:
    """What rendering the stale pairs needs, shared with its workers."""

    config: Config
    documents: dict[str, SourceInput]
    groups: dict[str, list[Job]]
    threshold: float


def _write_document(work: _Rendering, doc_id: str) -> tuple[list[Bundle], list[Path]]:
    """Render and write the stale pairs of one document: their records, the files changed."""
    config, threshold = work.config, work.threshold
    prepared = _prepare(config, work.documents[doc_id])
    bundles, written = [], []
    for job in work.groups[doc_id]:
        rendered = render_bundle(prepared, job.info, job.translations, threshold, job.withheld)
        paths = bundle_paths(job.doc_id, job.info, prepared.document.path.suffix)
        contents = {"markdown": rendered.markdown, "json": rendered.json, "mo": rendered.mo}
        files = []
        for role, relative in paths.items():
            path = config.bundles_dir / relative
            if write_if_changed(path, contents[role]):
                written.append(path)
            files.append(File(role, relative, sha256_hex(contents[role])))
        bundles.append(
            Bundle(
                doc_id=job.doc_id,
                locale=job.info.id,
                status=rendered.status,
                coverage=rendered.coverage,
                source_sha256=prepared.sha256,
                catalog_sha256=job.translations.sha256,
                inputs_sha256=job.inputs_sha256,
                files=tuple(files),
                withheld=job.withheld,
            )
        )
    return bundles, written


def _prepare(config: Config, item: SourceInput) -> Prepared:
    if item.extracted is not None:
        document, segments = item.extracted
    else:
        if item.document is None:
            raise RuntimeError(f"{item.path}: rendered before it was parsed")
        document = item.document
        segments = tuple(
            build_segments(document, config.front_matter_keys, features(config.syntax))
        )
    return prepare(document, segments, item.source.sha256, features(config.syntax))
