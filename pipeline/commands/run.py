"""`pipeline run`: every stage in order, each given what the one before produced.

A run that would change nothing is answered from `.pipeline-state.json` (see `runstate`):
the files' sizes and times are compared, and nothing is imported or parsed.
"""

from __future__ import annotations

from collections.abc import Iterator, Mapping, Sequence
from dataclasses import replace
from pathlib import Path
from typing import TYPE_CHECKING

import click

from pipeline import runstate
from pipeline.cli import (
    jobs_option,
    load_config,
    locked,
    progress,
    replayed,
    shard_option,
    stderr_watched,
    summary_line,
)
from pipeline.errors import PipelineError
from pipeline.text_cache import per_document

if TYPE_CHECKING:
    from pipeline.bundles.build import BuildPlan, BuildReport
    from pipeline.bundles.writing import Failed, Kept, Rendered, Rendering, StaleDocument
    from pipeline.checks.runner import CheckCounts, Rules
    from pipeline.config import Config
    from pipeline.coverage.counts import CatalogCoverage, CatalogFile, Coverage
    from pipeline.po import Catalog
    from pipeline.sites.build import SiteReport
    from pipeline.update.catalogs import UpdateReport


@click.command("run")
@shard_option
@jobs_option
@click.pass_context
def command(ctx: click.Context) -> None:
    """The main job: extract, update, check (its summary), build, coverage."""
    if replayed(ctx, runstate.RUN):
        return
    config = load_config(ctx)
    with locked(ctx, config):
        runstate.forget(config.path)
        with stderr_watched() as said:
            repeated = run_all(config)
        if repeated is not None and not said.getvalue().strip():
            output, written = repeated
            runstate.record(config.path, runstate.watched(config), output, written=written)


def run_all(config: Config) -> tuple[str, dict[str, str]] | None:
    """Extract, update, check (its summary line), build the bundles and sites, coverage;
    what a repeated run would print, with the sha256 of the site files written (None when that
    cannot be told).

    Each stage hands the next what it produced: the templates go to `update` as objects; after
    `update` each document's catalogs are parsed once, in one task, checked, measured for
    coverage and, where the build's plan says a pair is stale, gated and rendered
    (`read_once`); the build and the sites reuse extract's documents and segments. Past
    `files.SPILL_DOCUMENTS` documents the templates wait in a spool and the build loads the
    documents from the source cache (see `run_extract`).
    """
    from pipeline.bundles.build import finish_build, plan_build
    from pipeline.bundles.writing import Kept
    from pipeline.checks.output import render_summary
    from pipeline.commands.build import build_summary, run_sites, shard_sites, site_digests
    from pipeline.commands.coverage import run_coverage
    from pipeline.commands.extract import run_extract
    from pipeline.commands.update import run_update

    # With `--shard`, every template is extracted all the same (update's project memory lends
    # translations across documents, so each shard needs them all); the other stages keep to
    # the shard, and the project-wide outputs (site outputs, coverage report) wait for the
    # unsharded run after `pipeline manifest merge`.
    sources, templates = run_extract(replace(config, shard=None))
    with templates.spool:  # the templates' file, when they wait in one, lasts as long
        updated = run_update(config, templates=templates)
        plan = plan_build(config, sources)
        # What the sites need of each pair comes back from its task (a shard writes none).
        kept = Kept() if config.sites and config.shard is None else None
        checked, measured, written = read_once(config, plan, templates, kept)
    click.echo(render_summary(checked))
    built = finish_build(config, plan, written)
    click.echo(build_summary(built), nl=False)
    sites = run_sites(config, shard_sites(config, config.sites), sources, kept)
    if config.shard is not None:
        return None  # a shard's run is never replayed
    percent, reports = run_coverage(config, measured)
    if updated.repaired or updated.confirmed or updated.dropped_marks:
        return None  # its next run says nothing of these: not a plain repeat
    repeated = _repeated(len(templates), updated, checked, built, sites, percent, reports)
    return repeated, site_digests(sites)


Task = tuple[tuple[tuple[Path, str], ...], "dict[Path, CatalogFile]", "StaleDocument | None"]
"""A document's catalogs with their locales, those of them coverage measures, its stale pairs
(None when it has none): the document's own share, sent with its task (see `StaleDocument`)."""


def read_once(
    config: Config, plan: BuildPlan, templates: Mapping[str, Catalog], kept: Kept | None = None
) -> tuple[CheckCounts, Coverage, int]:
    """After `update`, each document's catalogs read and parsed once, in one task (a worker's):
    checked, measured for coverage and, for the build's stale pairs, gated and rendered, their
    changed files staged (and what the sites need of them added to `kept`); then the staged
    files renamed over the bundles (how many were written).
    A malformed catalog anywhere raises, and no bundle is written. Of each catalog only its
    findings' counts and its coverage come back, so memory stays that of one document."""
    from pipeline.bundles.writing import commit_rendered
    from pipeline.checks.runner import CheckCounts, build_rules, find_catalogs
    from pipeline.coverage import counts
    from pipeline.files import map_shared, read_bytes, spills
    from pipeline.locales import select_locales
    from pipeline.po_reader import parse_po
    from pipeline.split import worker_count

    rules, selected = build_rules(config), select_locales(config, ())
    covered = counts.find_project_catalogs(config, selected)
    wanted = {file.path: file for file in covered if not file.missing}
    work, stale = plan.rendering(config, for_sites=kept is not None)
    files = find_catalogs(config, selected)
    tasks = _by_document(config, files, wanted, stale)
    workers = worker_count(config.jobs, len(files))
    fresh = spills(len(tasks))  # this process holds every document's records by now
    results = map_shared(_read_document, (config, rules, work), tasks, workers, fresh=fresh)
    checked = CheckCounts()
    # What the coverage report lists is chosen as the results come (at most `LISTED` open
    # strings a locale are kept).
    listing, measured = counts.Listing(), set[Path]()

    def rendered() -> Iterator[Rendered | Failed | None]:
        nonlocal checked
        for task, found in zip(progress(tasks, "check"), results, strict=True):
            tallied, measures, result = found
            checked += tallied
            for measure in measures:
                listing.add(measure)
            # This process's paths, not the copies that came back: 50,000 at 10,000 documents.
            measured.update(task[1])
            yield result

    written = commit_rendered(rendered(), plan.records, kept)
    for file in covered:
        if file.path not in measured:  # a locale without this catalog yet: its template
            template = templates.get(file.document) or parse_po(read_bytes(file.path), file.path)
            listing.add(counts.measure_project_catalog(config, file, template))
    return checked, listing.coverage("strings", selected), written


def _by_document(
    config: Config,
    files: Sequence[tuple[Path, str]],
    wanted: Mapping[Path, CatalogFile],
    stale: Sequence[StaleDocument],
) -> list[Task]:
    """`find_catalogs`' catalogs grouped by document, in its order; then the stale documents
    that have no catalog yet."""
    grouped: dict[str, list[tuple[Path, str]]] = {}
    for path, locale in files:
        folder = config.locales_dir / locale / "LC_MESSAGES"
        doc_id = path.relative_to(folder).with_suffix("").as_posix()
        grouped.setdefault(doc_id, []).append((path, locale))
    pairs = {document.doc_id: document for document in stale}
    for doc_id in pairs:
        grouped.setdefault(doc_id, [])
    return [
        (tuple(catalogs), {p: wanted[p] for p, _ in catalogs if p in wanted}, pairs.get(doc_id))
        for doc_id, catalogs in grouped.items()
    ]


@per_document
def _read_document(
    shared: tuple[Config, Rules, Rendering], task: Task
) -> tuple[CheckCounts, list[CatalogCoverage], Rendered | Failed | None]:
    """One document of `read_once` (a top-level function for worker processes): its findings'
    counts, its catalogs' coverage, its stale pairs rendered (None when it has none)."""
    from pipeline.bundles.manifest import sha256_hex
    from pipeline.bundles.writing import Failed, gate, gate_stale, matches_plan, render_document
    from pipeline.checks.runner import CheckCounts, check_found, tally
    from pipeline.coverage import counts
    from pipeline.files import read_bytes
    from pipeline.locales import max_plurals
    from pipeline.po_reader import parse_po

    config, rules, work = shared
    files, wanted, document = task
    stale = {pair.path: pair for pair in document.pairs} if document is not None else {}
    checked, measured, gated = CheckCounts(), [], {}
    try:
        for path, locale in files:
            data = read_bytes(path)
            catalog = parse_po(data, path, nplurals=max_plurals(locale), language=locale)
            found = check_found(catalog, path, locale, rules)
            checked += tally(found)
            if path in wanted:
                measured.append(counts.measure_project_catalog(config, wanted[path], catalog))
            if path in stale:
                sha256 = sha256_hex(data)
                matches_plan(path, sha256, stale[path].catalog_sha256)
                gated[path] = gate(catalog, sha256, path, locale, work.rules, found)
        # A stale pair's catalog is among the document's; were it not, it is read here.
        pairs = [
            pair.gated or gated.get(pair.path) or gate_stale(pair, work.rules)
            for pair in stale.values()
        ]
    except PipelineError as err:
        return checked, measured, Failed(err, in_catalog=True)
    if document is None:
        return checked, measured, None
    return checked, measured, render_document(work, document, pairs)


def _repeated(
    templates: int,
    updated: UpdateReport,
    checked: CheckCounts,
    built: BuildReport,
    sites: Sequence[SiteReport],
    percent: float,
    reports: int,
) -> str:
    """What the next run prints when nothing changes: every file as this one left it, all
    unchanged, none removed; the same findings, statuses and coverage."""
    from pipeline.checks.output import render_summary
    from pipeline.commands.build import repeated_summary
    from pipeline.commands.coverage import coverage_summary
    from pipeline.commands.update import update_summary

    catalogs = updated.created + updated.updated + updated.unchanged
    lines = [
        summary_line("extract", written=0, unchanged=templates, removed=0),
        update_summary(replace(updated, created=0, updated=0, unchanged=catalogs)),
        render_summary(checked),
        repeated_summary(built, sites).rstrip("\n"),
        coverage_summary(percent, 0, reports),
    ]
    return "".join(line + "\n" for line in lines)
