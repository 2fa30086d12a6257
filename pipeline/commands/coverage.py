"""`pipeline coverage`: how much is translated, by locale and document."""

from __future__ import annotations

import shutil
import sys
from pathlib import Path

import click

from pipeline.cli import (
    SHARD_KEY,
    format_option,
    jobs_option,
    load_config,
    locale_option,
    percent_option,
    progress,
    shard_option,
    warn_about_headers,
)
from pipeline.config import Config
from pipeline.coverage.counts import (
    UNITS,
    Coverage,
    Unit,
    locales_below,
    read_path_coverage,
    read_project_coverage,
)
from pipeline.coverage.output import (
    FORMATS,
    ReportFormat,
    render_report,
    write_badges,
    write_output,
    write_site_reports,
)
from pipeline.coverage.text import WIDTH


@click.command("coverage")
@shard_option
@jobs_option
@click.argument("paths", nargs=-1, type=click.Path(path_type=Path))
@locale_option
@format_option(
    FORMATS,
    "table for a terminal; json (versioned, with a JSON Schema); markdown; html (one page); "
    "svg (badges).",
)
@click.option(
    "--by",
    type=click.Choice(UNITS),
    default="strings",
    show_default=True,
    help="Count messages, or the words of their msgids (source words).",
)
@click.option(
    "--output",
    type=click.Path(path_type=Path),
    metavar="PATH",
    help="Write the report to this file instead of stdout; for svg, the folder of the badges.",
)
@percent_option(
    "--fail-under",
    "Exit with status 1 when a selected locale has less than PCT percent translated.",
)
@percent_option(
    "--fail-under-reviewed",
    "Exit with status 1 when a selected locale has less than PCT percent reviewed.",
)
@click.pass_context
def command(
    ctx: click.Context,
    paths: tuple[Path, ...],
    locales: tuple[str, ...],
    form: ReportFormat,
    by: Unit,
    output: Path | None,
    fail_under: float | None,
    fail_under_reviewed: float | None,
) -> None:
    """Translated, fuzzy and untranslated messages (or source words) by locale and document.

    Counts agree with `msgfmt --statistics`: fuzzy is not translated, obsolete entries and the
    header are not counted. With PATHs (.po files, or folders searched for them), reports on
    those catalogs instead of the project, and needs no pipeline.yaml.
    """
    if form == "svg" and output is None:
        raise click.UsageError("--format svg writes a badge per locale: add --output FOLDER")
    if paths:
        if ctx.meta.get(SHARD_KEY) is not None:
            raise click.UsageError("--shard selects the project's documents: give no PATH")
        found = read_path_coverage(paths, locales, by, track=progress)
    else:
        config = load_config(ctx)
        warn_about_headers(config, locales)
        found = read_project_coverage(config, locales, by, track=progress)
    show_report(found, form, output)
    if fail_below(found, fail_under) + fail_below(found, fail_under_reviewed, reviewed=True):
        ctx.exit(1)


def show_report(found: Coverage, form: ReportFormat, output: Path | None) -> None:
    """On stdout (in colour on a terminal), in the file named, or as badges in a folder."""
    if form == "svg" and output is not None:
        write_badges(output, found)
    elif output is not None:
        write_output(output, render_report(found, form).encode())
    else:
        color = form == "table" and sys.stdout.isatty()
        width = shutil.get_terminal_size().columns if color else WIDTH
        click.echo(render_report(found, form, color=color, width=width), nl=False)


def fail_below(found: Coverage, percent: float | None, *, reviewed: bool = False) -> list[str]:
    """`--fail-under(-reviewed)`: name each locale below the threshold on stderr."""
    if percent is None:
        return []
    below = locales_below(found, percent, reviewed=reviewed)
    for code in below:
        counts = found.locale_counts(code)
        shown, what = (
            (counts.reviewed_percent, "reviewed") if reviewed else (counts.percent, "translated")
        )
        click.echo(f"coverage: {code} has {shown:.1f}% {what}, under {percent:g}%", err=True)
    return below


def run_coverage(config: Config, found: Coverage | None = None) -> tuple[float, int]:
    """Publish the HTML report and the badges in the reports folder (`reports:`, or bundles/);
    the percent translated and how many report files there are. `found`: measured by `run`."""
    if found is None:
        found = read_project_coverage(config, (), "strings", track=progress)
    changed = write_site_reports(config.reports_dir, found)
    click.echo(coverage_summary(found.totals.percent, sum(changed), len(changed)))
    return found.totals.percent, len(changed)


def coverage_summary(percent: float, written: int, files: int) -> str:
    return f"coverage: {percent:.1f}% translated, {written} written, {files - written} unchanged"
