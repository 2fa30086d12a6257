"""`pipeline build`: catalogs -> bundles/, then the configured site outputs."""

from __future__ import annotations

import json
from collections.abc import Sequence
from dataclasses import replace
from typing import TYPE_CHECKING

import click

from pipeline import runstate
from pipeline.bundles import summary as summaries
from pipeline.cli import (
    format_option,
    jobs_option,
    load_config,
    locale_option,
    locked,
    percent_option,
    progress,
    replayed,
    shard_option,
    stderr_watched,
    summary_line,
    warn_about_headers,
)

# Imported where they are used: a build that replays (see `runstate`) needs none of them.
if TYPE_CHECKING:
    from pipeline.bundles.build import BuildReport
    from pipeline.bundles.writing import Kept
    from pipeline.config import Config, Site
    from pipeline.extract.sources import Source
    from pipeline.sites.build import SiteReport


@click.command("build")
@shard_option
@jobs_option
@locale_option
@percent_option(
    "--min-coverage",
    "Publishing threshold in percent of strings; default: min_coverage in pipeline.yaml.",
)
@click.option(
    "--site",
    "site_names",
    multiple=True,
    metavar="NAME",
    help="Write only this site output of pipeline.yaml's `sites:` (repeatable).",
)
@format_option(
    summaries.FORMATS,
    "text (a summary line, then one line per fallback pair with why); json (the same).",
)
@click.option(
    "--strict",
    is_flag=True,
    help="Exit with status 1 when a translation is withheld, listing each finding on stderr.",
)
@click.pass_context
def command(
    ctx: click.Context,
    locales: tuple[str, ...],
    min_coverage: float | None,
    form: summaries.SummaryFormat,
    strict: bool,
    site_names: tuple[str, ...] = (),
) -> None:
    """Catalogs -> bundles/: localized Markdown, JSON with HTML and .mo, and manifest.json.

    A document below the threshold for a locale gets the English text, tagged `fallback`.
    A translation with an error-level `check` finding is withheld: published as English and
    counted as untranslated. Only bundles whose source or catalog changed are rebuilt; a
    malformed catalog stops the run before anything is written.
    """
    # A build that would change nothing answers from `.pipeline-state.json`, as `run` does.
    # The options that change what is written or printed (not --jobs) name the recorded build.
    key = "build " + json.dumps(ctx.params, sort_keys=True)
    if replayed(ctx, key):
        return
    from pipeline.bundles.writing import Kept
    from pipeline.checks.output import shown_path
    from pipeline.extract.sources import read_sources
    from pipeline.sites.build import select_sites

    config = load_config(ctx)
    chosen = shard_sites(config, select_sites(config, site_names))
    with locked(ctx, config):
        runstate.forget(config.path, key)
        with stderr_watched() as said:
            warn_about_headers(config, locales)
            # Sites need every source parsed: the build's workers send back those they parse,
            # and only the others (documents with nothing to rebuild) are read after it.
            kept = Kept() if chosen else None
            report = run_build(config, locales, min_coverage, form, kept)
            sources = None if kept is None else read_sources(config, progress, kept.parsed)
            sites = run_sites(config, chosen, sources, kept)
        failing = strict and bool(report.withheld)
        if config.shard is None and not failing and not said.getvalue().strip():
            repeated = repeated_summary(report, sites, form)
            written = site_digests(sites)
            runstate.record(config.path, runstate.watched(config), repeated, key, written)
    if failing:
        for record, path in report.withheld:
            for found in record.withheld:
                click.echo(
                    f"{shown_path(path, config.root)}:{found.line}: {found.check}: {found.message}",
                    err=True,
                )
        ctx.exit(1)


def run_build(
    config: Config,
    locales: Sequence[str] = (),
    min_coverage: float | None = None,
    form: summaries.SummaryFormat = "text",
    kept: Kept | None = None,
) -> BuildReport:
    from pipeline.bundles.build import write_bundles

    report = write_bundles(
        config, locales=locales, min_coverage=min_coverage, track=progress, kept=kept
    )
    click.echo(build_summary(report, form), nl=False)
    return report


def build_summary(report: BuildReport, form: summaries.SummaryFormat = "text") -> str:
    """The summary, then (text) one line per pair that withholds translations."""
    from pipeline.bundles.gate import summarize_withheld

    counts = {
        "written": report.written,
        "unchanged": report.unchanged,
        "removed": report.removed,
        **report.statuses,
    }
    render = summaries.render_json if form == "json" else summaries.render_text
    lines = [render(counts, report.fallbacks, report.threshold)]
    for record, _ in report.withheld if form == "text" else ():
        held = summarize_withheld(record.withheld)
        why = ", ".join(f"{name} {n}" for name, n in held["checks"].items())
        lines.append(
            f"build: {record.locale} {record.doc_id}: {held['segments']} withheld ({why})\n"
        )
    return "".join(lines)


def repeated_summary(
    report: BuildReport, sites: Sequence[SiteReport], form: summaries.SummaryFormat = "text"
) -> str:
    """What the build and the sites print when run again with nothing changed: every bundle
    and site file as this build left it, all unchanged, none removed; the same statuses."""
    bundles = report.written + report.unchanged
    again = [build_summary(replace(report, written=0, unchanged=bundles, removed=0), form)]
    for site in sites:
        unchanged = site.written + site.unchanged
        again.append(site_summary(replace(site, written=0, unchanged=unchanged, removed=0)) + "\n")
    return "".join(again)


def shard_sites(config: Config, sites: Sequence[Site]) -> Sequence[Site]:
    """No site output for a shard: a site's navigation and redirects need every document."""
    if config.shard is not None and sites:
        click.echo(
            "sites: not written with --shard; after `pipeline manifest merge`, `pipeline build`"
            " writes them (its bundles are then up to date)",
            err=True,
        )
        return ()
    return sites


def run_sites(
    config: Config,
    sites: Sequence[Site],
    sources: Sequence[Source] | None = None,
    kept: Kept | None = None,
) -> list[SiteReport]:
    """The site outputs `build` and `run` write after the bundles (`kept`: what the bundles'
    tasks sent back for them)."""
    from pipeline.sites import pages as site_pages
    from pipeline.sites.build import write_sites

    given = (
        None if sources is None else [site_pages.Source(s.document, s.segments) for s in sources]
    )
    reports = write_sites(config, sites, given, None if kept is None else kept.shown)
    for report in reports:
        click.echo(site_summary(report))
    return reports


def site_digests(reports: Sequence[SiteReport]) -> dict[str, str]:
    """The sha256 of every site file, by absolute path, as `runstate.record` takes them."""
    return {path: digest for report in reports for path, digest in report.digests}


def site_summary(report: SiteReport) -> str:
    counts = {"written": report.written, "unchanged": report.unchanged, "removed": report.removed}
    return summary_line(f"site {report.name}", **counts)
