"""`pipeline run`: every stage in order, each given what the one before produced.

A run that would change nothing is answered from `.pipeline-state.json` (see `runstate`):
the files' sizes and times are compared, and nothing is imported or parsed.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
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

if TYPE_CHECKING:
    from pipeline.bundles.build import BuildReport, Given
    from pipeline.bundles.writing import Gated
    from pipeline.checks.runner import CheckReport, Found, Rules
    from pipeline.config import Config
    from pipeline.coverage.counts import CatalogCoverage, CatalogFile, Coverage
    from pipeline.extract.sources import Source
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
            runstate.record(config.path, runstate.watched(config), repeated)


def run_all(config: Config) -> str | None:
    """Extract, update, check (its summary line), build the bundles and sites, coverage;
    what a repeated run would print (None when that cannot be told).

    Each stage hands the next what it produced: the templates go to `update` as objects; after
    `update` each catalog is parsed once, checked once, measured for coverage and, when the
    build will read it, gated with those findings (`read_once`); the build and the sites reuse
    extract's documents and segments.
    """
    from pipeline.checks.output import render_summary
    from pipeline.commands.build import run_build, run_sites, shard_sites
    from pipeline.commands.coverage import run_coverage
    from pipeline.commands.extract import run_extract
    from pipeline.commands.update import run_update

    # With `--shard`, every template is extracted all the same (update's project memory lends
    # translations across documents, so each shard needs them all); the other stages keep to
    # the shard, and the project-wide outputs (site outputs, coverage report) wait for the
    # unsharded run after `pipeline manifest merge`.
    sources, templates = run_extract(replace(config, shard=None))
    updated = run_update(config, templates=templates)
    checked, measured, gated = read_once(config, sources, templates)
    click.echo(render_summary(checked))
    built = run_build(config, sources, given=gated)
    sites = run_sites(config, shard_sites(config, config.sites), sources)
    if config.shard is not None:
        return None  # a shard's run is never replayed
    percent, reports = run_coverage(config, measured)
    if updated.repaired or updated.confirmed or updated.dropped_marks:
        return None  # its next run says nothing of these: not a plain repeat
    return _repeated(len(templates), updated, checked, built, sites, percent, reports)


def read_once(
    config: Config, sources: Sequence[Source], templates: Mapping[str, Catalog]
) -> tuple[CheckReport, Coverage, Given]:
    """Each catalog read and parsed once after `update`: its findings, its coverage, and for
    those the build will read (`stale_catalogs`), what the build needs, gated. Nothing parsed
    is kept, so memory stays that of one catalog (a worker's) and the results."""
    from pipeline.bundles.build import stale_catalogs
    from pipeline.bundles.gate import gate_rules
    from pipeline.checks.runner import build_rules, checks_report, find_catalogs
    from pipeline.coverage import counts
    from pipeline.files import map_shared, read_bytes
    from pipeline.locales import select_locales
    from pipeline.po_reader import parse_po
    from pipeline.split import worker_count

    rules, selected = build_rules(config), select_locales(config, ())
    stale = stale_catalogs(config, sources)
    covered = counts.find_project_catalogs(config, selected)
    wanted = {file.path: file for file in covered if not file.missing}
    files = find_catalogs(config, selected)
    # A document's catalogs in one task, as `check` splits them.
    workers = worker_count(config.jobs, len(files))
    shared = (config, rules, gate_rules(rules), wanted, stale)
    results = map_shared(_read_catalog, shared, files, workers, chunksize=max(1, len(selected)))
    found: dict[Path, Found] = {}
    measured: dict[Path, CatalogCoverage] = {}
    gated: dict[Path, Gated] = {}
    for (path, _), (each, measure, gated_one) in zip(
        progress(files, "check"), results, strict=True
    ):
        found[path] = each
        if measure is not None:
            measured[path] = measure
        if gated_one is not None:
            gated[path] = gated_one
    for file in covered:
        if file.path not in measured:  # a locale without this catalog yet: its template
            template = templates.get(file.document) or parse_po(read_bytes(file.path), file.path)
            measured[file.path] = counts.measure_project_catalog(config, file, template)
    coverage = counts.build_coverage([measured[f.path] for f in covered], "strings", selected)
    return checks_report(found), coverage, gated


def _read_catalog(
    shared: tuple[Config, Rules, Rules, Mapping[Path, CatalogFile], set[Path]],
    file: tuple[Path, str],
) -> tuple[Found, CatalogCoverage | None, Gated | None]:
    """One catalog of `read_once` (a top-level function for worker processes); `shared` holds
    the checks' rules and the gate's (those of error severity)."""
    from pipeline.bundles.manifest import sha256_hex
    from pipeline.bundles.writing import gate
    from pipeline.checks.runner import check_found
    from pipeline.coverage import counts
    from pipeline.files import read_bytes
    from pipeline.locales import max_plurals
    from pipeline.po_reader import parse_po

    config, rules, gating, wanted, stale = shared
    path, locale = file
    data = read_bytes(path)
    catalog = parse_po(data, path, nplurals=max_plurals(locale), language=locale)
    found = check_found(catalog, path, locale, rules)
    measured = None
    if path in wanted:
        measured = counts.measure_project_catalog(config, wanted[path], catalog)
    gated = None
    if path in stale:
        gated = gate(catalog, sha256_hex(data), path, locale, gating, found)
    return found, measured, gated


def _repeated(
    templates: int,
    updated: UpdateReport,
    checked: CheckReport,
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

    catalogs = (*updated.created, *updated.updated, *updated.unchanged)
    lines = [
        summary_line("extract", written=0, unchanged=templates, removed=0),
        update_summary(replace(updated, created=(), updated=(), unchanged=catalogs)),
        render_summary(checked),
        repeated_summary(built, sites).rstrip("\n"),
        coverage_summary(percent, 0, reports),
    ]
    return "".join(line + "\n" for line in lines)
