"""Steps 2 and 3 of `bundles.build`: each stale document read, its pairs gated and rendered, in
workers.

A large build works in a pool of worker processes (`split.worker_count`), a document a task:
the worker parses the document's stale catalogs and gates them, parses the document (or takes
it from the source cache), renders each pair and writes the files whose bytes changed to
temporary files beside them. One worker doing all of a document's work parses each translation
once, for its checks and for its HTML (`checks.skeleton.inline_tokens` is cached), and nothing
gated crosses between processes. Only when every document is done does the build rename the
temporaries over the bundles (`commit_rendered`): a malformed catalog or source anywhere changes
nothing. `run` does the same in its read-once pass, each document's task also checking and
measuring its catalogs before `render_document`.
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass, field
from pathlib import Path

from pipeline.bundles.gate import Withheld, gate_catalog, withheld_keys
from pipeline.bundles.layout import bundle_paths
from pipeline.bundles.manifest import Bundle, DocumentEntry, File, sha256_hex
from pipeline.bundles.render import (
    Shown,
    Translations,
    build_translations,
    prepare,
    render_bundle,
)
from pipeline.checks.runner import Found, Rules
from pipeline.config import Config
from pipeline.errors import PipelineError
from pipeline.extract.cache import load_source
from pipeline.extract.documents import Document, SourceFile, parse_document
from pipeline.extract.profiles import features
from pipeline.extract.segments import Segment, build_segments
from pipeline.files import (
    commit_staged,
    discard_staged,
    map_shared,
    read_bytes,
    spills,
    stage_if_changed,
)
from pipeline.locales import LocaleInfo, max_plurals
from pipeline.po import Catalog
from pipeline.po_reader import parse_po
from pipeline.progress import Track
from pipeline.split import worker_count
from pipeline.text_cache import per_document


@dataclass(frozen=True, slots=True)
class SourceInput:
    """A source document before parsing: what planning needs."""

    source: DocumentEntry
    path: Path


@dataclass(frozen=True, slots=True)
class Gated:
    """What a build needs of one catalog: its translations, with those the gate withholds."""

    translations: Translations
    withheld: tuple[Withheld, ...]


def gate(
    catalog: Catalog, sha256: str, path: Path, locale: str, rules: Rules, found: Found | None
) -> Gated:
    """A parsed catalog, gated (`rules` as `gate_rules` gives them; `found`: the checks'
    findings for it, when they ran), as a build uses it."""
    withheld = gate_catalog(catalog, path, locale, rules, found)
    return Gated(build_translations(catalog, sha256, locale, withheld_keys(withheld)), withheld)


@dataclass(frozen=True, slots=True)
class Stale:
    """A stale pair before its catalog is parsed."""

    doc_id: str
    info: LocaleInfo
    path: Path
    catalog_sha256: str | None
    """Of the catalog as planning hashed it; None when the locale has no catalog for it."""
    inputs_sha256: str
    gated: Gated | None
    """What `run` already has of the catalog, or the empty translations of a missing one."""


@dataclass(frozen=True, slots=True)
class StaleDocument:
    """One stale document's share of the build, sent with its task rather than shared with the
    workers: a worker reading the parent's copies would write to their pages (reference
    counts) and so copy them, at 10,000 documents most of the plan."""

    source: SourceInput
    pairs: tuple[Stale, ...]
    """In the plan's locale order."""

    @property
    def doc_id(self) -> str:
        return self.source.source.doc_id


@dataclass(frozen=True, slots=True)
class Rendering:
    """What every stale document's task needs, shared with the workers."""

    config: Config
    cache: Path | None
    threshold: float
    rules: Rules
    """The gate's."""
    parsed: dict[str, Parsed]
    """Documents and segments `run` already has from `extract` (none past
    `files.SPILL_DOCUMENTS` documents: they come from the source cache)."""
    for_sites: bool = False
    """Send back what the site outputs laid out next need (`ForSites`): so the build's workers
    parse each source once, and the sites read no bundle the build just wrote."""


@dataclass(frozen=True, slots=True)
class Failed:
    """A document's task that met bad input: a malformed catalog (`in_catalog`) or source."""

    error: PipelineError
    in_catalog: bool


Parsed = tuple[Document, tuple[Segment, ...]]
"""A source document and its segments."""
Staged = list[tuple[str, str]]
"""Changed files as (temporary, path) for `commit_staged`: strings, since a parent holds those of
every document (150,000 at 10,000 documents; a `Path` takes 2.5 times the memory)."""


@dataclass(frozen=True, slots=True)
class ForSites:
    """What a document's task sends back for the site outputs (`Rendering.for_sites`)."""

    parsed: Parsed | None
    """The document and its segments, when the task parsed them (not given by `run`)."""
    shown: tuple[tuple[str, Shown], ...]
    """(locale, what its bundle's JSON tells a site) of each pair rendered."""


@dataclass(slots=True)
class Kept:
    """What a build collects for the site outputs from its tasks' `ForSites`."""

    parsed: dict[str, Parsed] = field(default_factory=dict)
    shown: dict[tuple[str, str], Shown] = field(default_factory=dict)
    """By (doc id, locale id)."""


Rendered = tuple[list[Bundle], Staged, ForSites | None]
"""A document's records, its changed files, and (`Rendering.for_sites`) what the sites need."""


def write_stale(
    work: Rendering,
    documents: list[StaleDocument],
    records: dict[tuple[str, str], Bundle],
    track: Track,
    kept: Kept | None = None,
) -> int:
    """Gate, render and write each stale pair, a document's pairs in one task (adding their
    `records`, and to `kept` what the sites need of them); how many files' bytes changed.
    A malformed catalog or source raises, in document order (catalogs first, as a build that
    reads every catalog first would), and nothing is written."""
    workers = worker_count(work.config.jobs, sum(len(document.pairs) for document in documents))
    fresh = spills(len(documents))
    results = map_shared(_write_document, work, documents, workers, chunksize=4, fresh=fresh)
    return commit_rendered(
        (result for _, result in zip(track(documents, "build"), results, strict=True)),
        records,
        kept,
    )


def commit_rendered(
    results: Iterable[Rendered | Failed | None],
    records: dict[tuple[str, str], Bundle],
    kept: Kept | None = None,
) -> int:
    """Each document's rendered pairs added to `records` (and what the sites need of them to
    `kept`), then their staged files renamed over the bundles; how many were written. The
    first failure (a catalog's before a source's) is raised instead, every staged file
    removed."""
    staged: Staged = []
    failures: list[Failed] = []
    try:
        for result in results:
            if isinstance(result, Failed):
                failures.append(result)
            elif result is not None:
                bundles, files, for_sites = result
                records.update(((b.doc_id, b.locale), b) for b in bundles)
                staged.extend(files)
                if for_sites is not None and kept is not None:
                    _keep(kept, bundles[0].doc_id, for_sites)
    except BaseException:
        discard_staged(staged)
        raise
    if failures:
        discard_staged(staged)
        raise min(failures, key=lambda failed: not failed.in_catalog).error
    commit_staged(staged)
    return len(staged)


def _keep(kept: Kept, doc_id: str, for_sites: ForSites) -> None:
    if for_sites.parsed is not None:
        kept.parsed[doc_id] = for_sites.parsed
    kept.shown.update(((doc_id, locale), shown) for locale, shown in for_sites.shown)


@per_document
def _write_document(work: Rendering, stale: StaleDocument) -> Rendered | Failed:
    try:
        gated = [pair.gated or gate_stale(pair, work.rules) for pair in stale.pairs]
    except PipelineError as err:
        return Failed(err, in_catalog=True)
    return render_document(work, stale, gated)


def render_document(work: Rendering, stale: StaleDocument, gated: list[Gated]) -> Rendered | Failed:
    """One stale document's pairs (`gated`: each pair's, in `stale.pairs` order) rendered, the
    changed files staged."""
    try:
        document, segments = _parsed(work, stale.source)
    except PipelineError as err:
        return Failed(err, in_catalog=False)
    staged: Staged = []
    try:
        bundles, shown = _render(work, document, segments, stale, gated, staged)
    except BaseException:
        discard_staged(staged)
        raise
    if not work.for_sites:
        return bundles, staged, None
    given = stale.doc_id in work.parsed
    return bundles, staged, ForSites(None if given else (document, segments), tuple(shown))


def matches_plan(path: Path, sha256: str, planned: str | None) -> None:
    """A source or catalog a task read is the one planning hashed (the project is locked, but
    an editor may still save)."""
    if sha256 != planned:
        raise PipelineError("changed while the build read it; build again", path)


def gate_stale(stale: Stale, rules: Rules) -> Gated:
    """A stale pair's catalog read, found to be the one planned, parsed and gated."""
    path, locale = stale.path, stale.info.id
    data = read_bytes(path)
    sha256 = sha256_hex(data)
    matches_plan(path, sha256, stale.catalog_sha256)
    catalog = parse_po(data, path, nplurals=max_plurals(locale), language=locale)
    return gate(catalog, sha256, path, locale, rules, None)


def _parsed(work: Rendering, item: SourceInput) -> Parsed:
    """The document and its segments: as `run` gave them, as the source cache holds them, or
    parsed here."""
    source, config, cache = item.source, work.config, work.cache
    if source.doc_id in work.parsed:
        return work.parsed[source.doc_id]
    syntax = features(config.syntax)
    # Read again here, not kept since planning: 60 MB of sources at 10,000 documents.
    data = read_bytes(item.path)
    matches_plan(item.path, sha256_hex(data), source.sha256)
    file = SourceFile(item.path, source.doc_id, source.reference, data)
    if cache is not None:
        cached = load_source(cache, file, config.front_matter_keys, syntax)
        if cached is not None:
            return cached
    document = parse_document(data, item.path, source.doc_id, source.reference)
    return document, tuple(build_segments(document, config.front_matter_keys, syntax))


def _render(
    work: Rendering,
    document: Document,
    segments: tuple[Segment, ...],
    stales: StaleDocument,
    gated: list[Gated],
    staged: Staged,
) -> tuple[list[Bundle], list[tuple[str, Shown]]]:
    """Render each stale pair of one document, staging the files whose bytes changed; their
    records, and what each bundle's JSON tells a site."""
    config, threshold = work.config, work.threshold
    source_sha256 = stales.source.source.sha256
    prepared = prepare(document, segments, source_sha256, features(config.syntax))
    bundles, shown = [], []
    for stale, one in zip(stales.pairs, gated, strict=True):
        rendered = render_bundle(prepared, stale.info, one.translations, threshold, one.withheld)
        paths = bundle_paths(stale.doc_id, stale.info, document.path.suffix)
        contents = {"markdown": rendered.markdown, "json": rendered.json, "mo": rendered.mo}
        files = []
        for role, relative in paths.items():
            path = config.bundles_dir / relative
            temporary = stage_if_changed(path, contents[role])
            if temporary is not None:
                staged.append((str(temporary), str(path)))
            files.append(File(role, relative, sha256_hex(contents[role])))
        bundles.append(
            Bundle(
                doc_id=stale.doc_id,
                locale=stale.info.id,
                status=rendered.status,
                coverage=rendered.coverage,
                source_sha256=source_sha256,
                catalog_sha256=one.translations.sha256,
                inputs_sha256=stale.inputs_sha256,
                files=tuple(files),
                withheld=one.withheld,
            )
        )
        shown.append((stale.info.id, rendered.shown))
    return bundles, shown
