"""`pipeline build`: catalogs -> bundles/, then the configured site outputs."""

from __future__ import annotations

from collections.abc import Sequence

import click

from pipeline.bundles import summary as summaries
from pipeline.bundles.build import BuildReport, write_bundles
from pipeline.bundles.gate import summarize_withheld
from pipeline.checks.output import shown_path
from pipeline.cli import (
    format_option,
    load_config,
    locale_option,
    locked,
    percent_option,
    progress,
    summary,
    warn_about_headers,
)
from pipeline.config import Config, Site
from pipeline.extract.sources import Source, read_sources
from pipeline.sites import pages as site_pages
from pipeline.sites.build import select_sites, write_sites


@click.command("build")
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
    config = load_config(ctx)
    chosen = select_sites(config, site_names)
    with locked(ctx, config):
        warn_about_headers(config, locales)
        # Sites need every source parsed: read them once (on every core) for both stages.
        sources = read_sources(config, track=progress) if chosen else None
        report = run_build(config, sources, locales, min_coverage, form)
        run_sites(config, chosen, sources)
    if strict and report.withheld:
        for record, path in report.withheld:
            for found in record.withheld:
                click.echo(
                    f"{shown_path(path, config.root)}:{found.line}: {found.check}: {found.message}",
                    err=True,
                )
        ctx.exit(1)


def run_build(
    config: Config,
    sources: Sequence[Source] | None = None,
    locales: Sequence[str] = (),
    min_coverage: float | None = None,
    form: summaries.SummaryFormat = "text",
) -> BuildReport:
    report = write_bundles(
        config, sources, locales=locales, min_coverage=min_coverage, track=progress
    )
    counts = {
        "written": len(report.written),
        "unchanged": len(report.unchanged),
        "removed": len(report.removed),
        **report.statuses,
    }
    render = summaries.render_json if form == "json" else summaries.render_text
    click.echo(render(counts, report.fallbacks, report.threshold), nl=False)
    for record, _ in report.withheld if form == "text" else ():
        held = summarize_withheld(record.withheld)
        why = ", ".join(f"{name} {n}" for name, n in held["checks"].items())
        click.echo(f"build: {record.locale} {record.doc_id}: {held['segments']} withheld ({why})")
    return report


def run_sites(
    config: Config, sites: Sequence[Site], sources: Sequence[Source] | None = None
) -> None:
    """The site outputs `build` and `run` write after the bundles."""
    given = (
        None if sources is None else [site_pages.Source(s.document, s.segments) for s in sources]
    )
    for report in write_sites(config, sites, given):
        summary(
            f"site {report.name}",
            written=report.written,
            unchanged=report.unchanged,
            removed=report.removed,
        )
