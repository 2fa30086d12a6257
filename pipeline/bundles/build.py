"""Sources + catalogs -> bundles/: every stale bundle written, gone ones removed, the manifest.

Three steps, so that bad input changes nothing:

1. Plan: hash each source and catalog; a pair whose fingerprint (`inputs_sha256`: source,
   catalog, locale, threshold, front matter keys, format) and files match the previous
   manifest is fresh and skipped without parsing anything.
2. Read and render (`bundles.writing`, the cost, in worker processes for a large build): parse
   and gate the catalogs of each stale document, parse the document, render its pairs, and
   stage the files whose bytes changed beside them. A malformed catalog or source anywhere
   discards every staged file and raises.
3. Write: rename the staged files over the bundles, remove the bundles of documents and
   locales that are gone, then write the manifest. Nothing outside bundles/ is touched.
"""

from __future__ import annotations

import json
from collections.abc import Sequence
from dataclasses import dataclass
from pathlib import Path

from pipeline import __version__
from pipeline.bundles.gate import gate_rules
from pipeline.bundles.layout import bundle_paths, remove_gone
from pipeline.bundles.manifest import (
    FORMAT,
    MANIFEST,
    STATUSES,
    Bundle,
    DocumentEntry,
    manifest_name,
    read_manifest,
    render_manifest,
    sha256_hex,
)
from pipeline.bundles.render import build_translations
from pipeline.bundles.summary import Fallback, find_fallbacks
from pipeline.bundles.writing import (
    Gated,
    Kept,
    Rendering,
    SourceInput,
    Stale,
    StaleDocument,
    write_stale,
)
from pipeline.checks.runner import Rules, build_rules
from pipeline.config import Config
from pipeline.errors import PipelineError
from pipeline.extract.cache import cache_folder
from pipeline.extract.documents import Document, find_documents, read_source_file
from pipeline.extract.segments import Segment
from pipeline.extract.sources import Source as Extracted
from pipeline.files import check_inside, write_if_changed
from pipeline.locales import LocaleInfo, describe_locale, select_locales
from pipeline.progress import Track, untracked


@dataclass(frozen=True, slots=True)
class BuildReport:
    """What `build` did, for its summary line: counts of files (a large build's paths would
    take more memory than its records)."""

    written: int
    unchanged: int
    removed: int
    statuses: dict[str, int]
    """Pairs by status (complete, partial, outdated, fallback), over the whole manifest."""
    fallbacks: tuple[Fallback, ...] = ()
    """The fallback pairs of the manifest, with their coverage."""
    threshold: float = 0.0
    withheld: tuple[tuple[Bundle, Path], ...] = ()
    """Pairs (over the whole manifest) that withhold translations, with their catalog."""


@dataclass(frozen=True, slots=True)
class BuildPlan:
    """Step 1's result: the fresh pairs' records, and the stale pairs left to read and render."""

    threshold: float
    rules: Rules
    """The gate's (`gate_rules`)."""
    selected: list[LocaleInfo]
    manifest_path: Path
    previous: dict[tuple[str, str], Bundle]
    inputs: list[SourceInput]
    parsed: dict[str, tuple[Document, tuple[Segment, ...]]]
    """The documents and segments `run` gave, by document."""
    records: dict[tuple[str, str], Bundle]
    """The fresh pairs' records; step 2 adds the stale pairs' as it renders them."""
    pending: list[Stale]

    def rendering(
        self, config: Config, for_sites: bool = False
    ) -> tuple[Rendering, list[StaleDocument]]:
        """What step 2's tasks share (with the workers), and each stale document's own, in
        document order; `for_sites`: see `Rendering`."""
        groups: dict[str, list[Stale]] = {}
        for stale in self.pending:
            groups.setdefault(stale.doc_id, []).append(stale)
        documents = [
            StaleDocument(item, tuple(groups[item.source.doc_id]))
            for item in self.inputs
            if item.source.doc_id in groups
        ]
        cache = cache_folder(config.root)
        work = Rendering(config, cache, self.threshold, self.rules, self.parsed, for_sites)
        return work, documents


def write_bundles(
    config: Config,
    extracted: Sequence[Extracted] | None = None,
    *,
    locales: Sequence[str] = (),
    min_coverage: float | None = None,
    track: Track = untracked,
    kept: Kept | None = None,
) -> BuildReport:
    """Bring bundles/ up to date; `extracted` saves reading the sources again after `extract`.
    `kept` gets what the site outputs need of the pairs rendered (see `writing.ForSites`)."""
    plan = plan_build(config, extracted, locales=locales, min_coverage=min_coverage)
    work, documents = plan.rendering(config, for_sites=kept is not None)
    written = write_stale(work, documents, plan.records, track, kept)
    return finish_build(config, plan, written)


def plan_build(
    config: Config,
    extracted: Sequence[Extracted] | None = None,
    *,
    locales: Sequence[str] = (),
    min_coverage: float | None = None,
) -> BuildPlan:
    """Step 1: which pairs are fresh (their records kept) and which are stale, parsing nothing."""
    selected = [describe_locale(code) for code in select_locales(config, locales)]
    threshold = config.min_coverage if min_coverage is None else min_coverage
    rules = gate_rules(build_rules(config))
    manifest_path = config.bundles_dir / manifest_name(config.shard)
    previous = read_manifest(manifest_path)
    if not previous and config.shard is not None:
        # A shard's first build after a whole one: its part of manifest.json is its memory.
        whole = read_manifest(config.bundles_dir / MANIFEST).items()
        previous = {key: record for key, record in whole if config.in_shard(key[0])}
    inputs, parsed = _read_inputs(config, extracted)
    records: dict[tuple[str, str], Bundle] = {}
    pending: list[Stale] = []
    for item in inputs:
        for info in selected:
            fresh, todo = _plan(config, item, info, threshold, previous, rules)
            if fresh is not None:
                records[(item.source.doc_id, info.id)] = fresh
            if todo is not None:
                pending.append(todo)
    return BuildPlan(
        threshold, rules, selected, manifest_path, previous, inputs, parsed, records, pending
    )


def finish_build(config: Config, plan: BuildPlan, written: int) -> BuildReport:
    """Step 3, after step 2 renamed the staged files (`written` of them) and added the stale
    pairs' records: remove what is gone, write the manifest, report."""
    records, previous, selected, inputs = plan.records, plan.previous, plan.selected, plan.inputs
    # The files written are among these and the manifest; the others are unchanged (not those
    # of the locales `build --locale` leaves alone, added next).
    chosen = sum(len(record.files) for record in records.values()) + 1
    _keep_other_locales(previous, records, inputs, selected, config.locales)
    # A shard's folder scan would find the other shards' bundles: it removes what it listed.
    scan = config.shard is None
    removed = remove_gone(config.bundles_dir, previous, records, selected, scan=scan)
    infos = [describe_locale(code) for code in config.locales]
    manifest = render_manifest(infos, [i.source for i in inputs], records, plan.threshold)
    if write_if_changed(plan.manifest_path, manifest):
        written += 1
    statuses: dict[str, int] = dict.fromkeys(STATUSES, 0)
    for record in records.values():
        statuses[record.status] += 1
    fallbacks = find_fallbacks(list(records.values()))
    held = tuple(
        (record, config.catalog_path(record.locale, record.doc_id))
        for _, record in sorted(records.items())
        if record.withheld
    )
    return BuildReport(
        written, chosen - written, len(removed), statuses, fallbacks, plan.threshold, held
    )


def _read_inputs(
    config: Config, extracted: Sequence[Extracted] | None
) -> tuple[list[SourceInput], dict[str, tuple[Document, tuple[Segment, ...]]]]:
    """Every source to plan, and the documents and segments `extracted` gives."""
    if extracted is not None:
        mine = [item for item in extracted if config.in_shard(item.document.doc_id)]
        parsed = {item.document.doc_id: (item.document, item.segments) for item in mine}
        return [_given(item.document) for item in mine], parsed
    inputs = []
    for path in find_documents(config.source_dir, config.shard):
        file = read_source_file(path, config.source_dir, config.root)
        entry = DocumentEntry(file.doc_id, file.reference, sha256_hex(file.data))
        inputs.append(SourceInput(entry, path))
    return inputs, {}


def _given(document: Document) -> SourceInput:
    source = DocumentEntry(document.doc_id, document.reference, sha256_hex(document.data))
    return SourceInput(source, document.path)


def _plan(
    config: Config,
    item: SourceInput,
    info: LocaleInfo,
    threshold: float,
    previous: dict[tuple[str, str], Bundle],
    rules: Rules,
) -> tuple[Bundle | None, Stale | None]:
    """The previous record when the pair is fresh, else the stale pair."""
    path = config.catalog_path(info.id, item.source.doc_id)
    fresh, catalog_sha, inputs_sha = _fingerprint(config, item, info, threshold, previous, rules)
    if fresh is not None:
        return fresh, None
    missing = catalog_sha is None
    gated = Gated(build_translations(None, None, info.id), ()) if missing else None
    return None, Stale(item.source.doc_id, info, path, catalog_sha, inputs_sha, gated)


def _fingerprint(
    config: Config,
    item: SourceInput,
    info: LocaleInfo,
    threshold: float,
    previous: dict[tuple[str, str], Bundle],
    rules: Rules,
) -> tuple[Bundle | None, str | None, str]:
    """(the previous record when the pair is fresh, the catalog's SHA-256 or None when it is
    missing, `inputs_sha256`)."""
    doc_id = item.source.doc_id
    path = config.catalog_path(info.id, doc_id)
    check_inside(path)
    try:
        data: bytes | None = path.read_bytes()
    except FileNotFoundError:
        data = None
    except OSError as err:
        raise PipelineError(f"cannot read: {err.strerror}", path) from None
    catalog_sha = None if data is None else sha256_hex(data)
    fingerprint = [FORMAT, __version__, item.source.sha256, catalog_sha, info.id, threshold]
    # The gate's verdict depends on the rules too: a changed severity rebuilds.
    gating = [sorted(rules.severities.items()), [p.pattern for p in rules.url_patterns]]
    if rules.terms and "terminology" in rules.severities:  # a glossary that can withhold
        gating.append(repr(sorted(rules.terms.items())))
    inputs_sha = sha256_hex(json.dumps([*fingerprint, config.front_matter_keys, gating]).encode())
    old = previous.get((doc_id, info.id))
    if (
        old is not None
        and old.inputs_sha256 == inputs_sha
        and _intact(config, old, info, item.path.suffix)
    ):
        return old, catalog_sha, inputs_sha
    return None, catalog_sha, inputs_sha


def _intact(config: Config, record: Bundle, info: LocaleInfo, suffix: str) -> bool:
    """The files the record lists are where they belong and hold the bytes it recorded."""
    if {f.role: f.path for f in record.files} != bundle_paths(record.doc_id, info, suffix):
        return False
    for file in record.files:
        try:
            if sha256_hex((config.bundles_dir / file.path).read_bytes()) != file.sha256:
                return False
        except OSError:
            return False
    return True


def _keep_other_locales(
    previous: dict[tuple[str, str], Bundle],
    records: dict[tuple[str, str], Bundle],
    inputs: list[SourceInput],
    selected: list[LocaleInfo],
    configured: Sequence[str],
) -> None:
    """`build --locale L` leaves the other configured locales' bundles as they were."""
    documents = {item.source.doc_id for item in inputs}
    chosen = {info.id for info in selected}
    for (doc_id, locale), record in previous.items():
        if doc_id in documents and locale in configured and locale not in chosen:
            records[(doc_id, locale)] = record
