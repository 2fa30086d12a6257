"""The Click command line: the only module that prints or exits."""

from __future__ import annotations

import contextlib
import functools
import shutil
import sys
from collections.abc import Iterator, Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import Any, TypeVar

import click

from pipeline import __version__
from pipeline.bundles.build import BuildReport, write_bundles
from pipeline.checks.output import FORMATS as CHECK_FORMATS
from pipeline.checks.output import render_findings, render_summary
from pipeline.checks.runner import read_project_findings
from pipeline.checks.table import CHECKS
from pipeline.config import DEFAULT_CONFIG, Config, add_locale, new_locale, read_config
from pipeline.coverage.counts import (
    UNITS,
    Coverage,
    Unit,
    locales_below,
    read_path_coverage,
    read_project_coverage,
)
from pipeline.coverage.output import FORMATS as REPORT_FORMATS
from pipeline.coverage.output import render_report, write_badges, write_output, write_site_reports
from pipeline.coverage.text import WIDTH
from pipeline.errors import PipelineError
from pipeline.extract.sources import Source, read_sources
from pipeline.extract.templates import write_templates
from pipeline.files import check_folders, project_lock
from pipeline.locales import describe_locales, select_locales
from pipeline.update.catalogs import UpdateReport, plan_update, update_catalogs, write_plan


class PipelineGroup(click.Group):
    """Turns a user's mistake into one line on stderr and exit status 2, never a traceback."""

    def invoke(self, ctx: click.Context) -> Any:
        try:
            return super().invoke(ctx)
        except PipelineError as err:
            click.echo(str(err), err=True)
            ctx.exit(2)


@click.group(cls=PipelineGroup, context_settings={"help_option_names": ["-h", "--help"]})
@click.option(
    "--config",
    "config_path",
    type=click.Path(path_type=Path, dir_okay=False),
    default=DEFAULT_CONFIG,
    show_default=True,
    help="The project configuration; paths in it are relative to its folder.",
)
@click.option(
    "--wait",
    type=click.FloatRange(0),
    metavar="SECONDS",
    help="When another run holds the project's lock, wait this long for it (default: for ever).",
)
@click.option("--no-wait", is_flag=True, help="When another run holds the lock, stop at once.")
@click.version_option(__version__, prog_name="pipeline")
@click.pass_context
def main(ctx: click.Context, config_path: Path, wait: float | None, no_wait: bool) -> None:
    """Markdown -> gettext catalogs -> localized bundles.

    source/*.md -> extract -> locales/templates/*.pot -> update -> locales/<locale>/LC_MESSAGES/*.po
    -> build -> bundles/; coverage and check report on the catalogs.
    """
    ctx.obj = Options(config_path, 0 if no_wait else wait)


@dataclass(frozen=True, slots=True)
class Options:
    """The group's options, for every command."""

    config_path: Path
    wait: float | None


def load_config(ctx: click.Context) -> Config:
    options: Options = ctx.find_root().obj
    return read_config(options.config_path)


@contextlib.contextmanager
def locked(ctx: click.Context, config: Config) -> Iterator[None]:
    """The project lock, a held one reported at once; writes kept inside the project."""
    options: Options = ctx.find_root().obj
    echo = functools.partial(click.echo, err=True)
    # The source folder is named in pipeline.yaml: an explicit setting, allowed even outside.
    outputs = (*config.outputs, config.source_dir)
    with project_lock(config.root, outputs=outputs, wait=options.wait, on_wait=echo):
        check_folders(config.generated_dirs, (config.root, *config.outputs))
        yield


T = TypeVar("T")


def progress(items: Sequence[T], label: str) -> Iterator[T]:
    """A progress bar on a terminal; silence when stderr is a file or a pipe (CI logs)."""
    if not sys.stderr.isatty():
        yield from items
        return
    with click.progressbar(items, label=label, file=sys.stderr) as bar:
        yield from bar


locale_option = click.option(
    "--locale",
    "locales",
    multiple=True,
    metavar="L",
    help="Only this locale (repeatable); default: every configured one, or every one found.",
)


def summary(stage: str, **counts: int) -> None:
    """One line per stage, e.g. `extract: 2 written, 0 unchanged`."""
    click.echo(f"{stage}: " + ", ".join(f"{n} {what}" for what, n in counts.items()))


@main.command()
@click.pass_context
def extract(ctx: click.Context) -> None:
    """Source documents -> one template (.pot) per document."""
    config = load_config(ctx)
    with locked(ctx, config):
        run_extract(config)


def run_extract(config: Config) -> list[Source]:
    sources = read_sources(config, track=progress)
    report = write_templates(config, sources)
    summary(
        "extract",
        written=len(report.written),
        unchanged=len(report.unchanged),
        removed=len(report.removed),
    )
    return sources


# --- update and locales (update/, locales.py) ---


@main.command()
@locale_option
@click.pass_context
def update(ctx: click.Context, locales: tuple[str, ...]) -> None:
    """Templates -> one catalog per locale and document, keeping every translation.

    Creates missing catalogs; merges existing ones (changed source: fuzzy with the previous
    msgid; removed source: obsolete). A malformed catalog stops the run before anything is
    written.
    """
    config = load_config(ctx)
    with locked(ctx, config):
        run_update(config, locales)


def run_update(config: Config, locales: Sequence[str] = ()) -> UpdateReport:
    selected = select_locales(config, locales)
    report = update_catalogs(config, selected, track=progress)
    summarize_update(report)
    return report


def summarize_update(report: UpdateReport) -> None:
    created, updated, unchanged = report.created, report.updated, report.unchanged
    summary("update", created=len(created), updated=len(updated), unchanged=len(unchanged))


@main.group("locales")
def locales_group() -> None:
    """List the configured locales, or add one."""


@locales_group.command("list")
@click.pass_context
def locales_list(ctx: click.Context) -> None:
    """Each locale: identifier, BCP 47 tag, catalogs present, English and native name."""
    config = load_config(ctx)
    for entry in describe_locales(config):
        info = entry.info
        present = f"{entry.catalogs}/{entry.documents} catalogs"
        name = f"{info.english_name} ({info.native_name})"
        click.echo(f"{info.id:<10} {info.tag:<10} {present:<14} {name}")


@locales_group.command("add")
@click.argument("code")
@click.pass_context
def locales_add(ctx: click.Context, code: str) -> None:
    """Add CODE (`fr`, `pt_BR`, `zh-Hant`...) to pipeline.yaml, then create its catalogs.

    The file keeps its comments, order and quoting. Nothing is written if CODE is unknown to
    Babel or a catalog already under locales/CODE is malformed.
    """
    config = load_config(ctx)
    with locked(ctx, config):
        canonical = new_locale(config, code)
        plan = plan_update(config, (canonical,))
        add_locale(config.path, canonical)
        report = write_plan(plan)
    click.echo(f"locales: added {canonical} to {config.path.name}")
    summarize_update(report)


# --- coverage (coverage/) ---


@main.command("coverage")
@click.argument("paths", nargs=-1, type=click.Path(path_type=Path))
@locale_option
@click.option(
    "--format",
    "form",
    type=click.Choice(REPORT_FORMATS),
    default="table",
    show_default=True,
    help="table for a terminal; json (versioned, with a JSON Schema); markdown; html (one page); "
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
@click.option(
    "--fail-under",
    type=click.FloatRange(0, 100),
    metavar="PCT",
    help="Exit with status 1 when a selected locale has less than PCT percent translated.",
)
@click.pass_context
def coverage_command(
    ctx: click.Context,
    paths: tuple[Path, ...],
    locales: tuple[str, ...],
    form: str,
    by: Unit,
    output: Path | None,
    fail_under: float | None,
) -> None:
    """Translated, fuzzy and untranslated messages (or source words) by locale and document.

    Counts agree with `msgfmt --statistics`: fuzzy is not translated, obsolete entries and the
    header are not counted. With PATHs (.po files, or folders searched for them), reports on
    those catalogs instead of the project, and needs no pipeline.yaml.
    """
    if form == "svg" and output is None:
        raise click.UsageError("--format svg writes a badge per locale: add --output FOLDER")
    if paths:
        found = read_path_coverage(paths, locales, by, track=progress)
    else:
        found = read_project_coverage(load_config(ctx), locales, by, track=progress)
    if form == "svg" and output is not None:
        write_badges(output, found)
    elif output is not None:
        write_output(output, render_report(found, form).encode())
    else:
        color = form == "table" and sys.stdout.isatty()
        width = shutil.get_terminal_size().columns if color else WIDTH
        click.echo(render_report(found, form, color=color, width=width), nl=False)
    if fail_under is not None:
        fail_below(ctx, found, fail_under)


def fail_below(ctx: click.Context, found: Coverage, percent: float) -> None:
    """`--fail-under`: name each locale below the threshold on stderr, then exit 1."""
    below = locales_below(found, percent)
    for code in below:
        shown = found.locale_counts(code).percent
        click.echo(f"coverage: {code} has {shown:.1f}% translated, under {percent:g}%", err=True)
    if below:
        ctx.exit(1)


def run_coverage(config: Config) -> None:
    """Publish the HTML report and the badges in the reports folder (`reports:`, or bundles/)."""
    found = read_project_coverage(config, (), "strings", track=progress)
    changed = write_site_reports(config.reports_dir, found)
    written = sum(changed)
    click.echo(
        f"coverage: {found.totals.percent:.1f}% translated, {written} written,"
        f" {len(changed) - written} unchanged"
    )


# --- check (checks/) ---


def check_epilog() -> str:
    """Every check with its default severity, for --help (\b keeps Click from rewrapping)."""
    lines = []
    for check in CHECKS.values():
        only = f" ({', '.join(check.languages)})" if check.languages else ""
        lines.append(f"  {check.name:<19} {check.severity:<8} {check.summary}{only}")
    return "\b\nChecks (name, default severity, languages if not all):\n" + "\n".join(lines)


@main.command("check", epilog=check_epilog())
@locale_option
@click.option(
    "--format",
    "form",
    type=click.Choice(CHECK_FORMATS),
    default="text",
    show_default=True,
    help="text (path:line: severity: check: message); json; github (workflow annotations).",
)
@click.pass_context
def check_command(ctx: click.Context, locales: tuple[str, ...], form: str) -> None:
    """Quality checks on the catalogs: Markdown structure, content, safety, hygiene, scripts.

    Exit status 1 when any finding is an error. `checks:` in pipeline.yaml changes a check's
    severity (error, warning, info) or turns it off; a translator comment silences checks on
    one entry: `# check: ignore numbers, same-as-source`.
    """
    config = load_config(ctx)
    report = read_project_findings(config, locales, track=progress)
    click.echo(render_findings(report, form, Path.cwd()), nl=False)
    click.echo(render_summary(report), err=True)
    if report.count("error"):
        ctx.exit(1)


# --- build (bundles/) ---


@main.command()
@locale_option
@click.option(
    "--min-coverage",
    type=click.FloatRange(0, 100),
    metavar="PCT",
    help="Publishing threshold in percent of strings; default: min_coverage in pipeline.yaml.",
)
@click.pass_context
def build(ctx: click.Context, locales: tuple[str, ...], min_coverage: float | None) -> None:
    """Catalogs -> bundles/: localized Markdown, JSON with HTML and .mo, and manifest.json.

    A document below the threshold for a locale gets the English text, tagged `fallback`.
    Only bundles whose source or catalog changed are rebuilt; a malformed catalog stops the
    run before anything is written.
    """
    config = load_config(ctx)
    with locked(ctx, config):
        run_build(config, None, locales, min_coverage)


def run_build(
    config: Config,
    sources: Sequence[Source] | None = None,
    locales: Sequence[str] = (),
    min_coverage: float | None = None,
) -> BuildReport:
    report = write_bundles(
        config, sources, locales=locales, min_coverage=min_coverage, track=progress
    )
    summary(
        "build",
        written=len(report.written),
        unchanged=len(report.unchanged),
        removed=len(report.removed),
        **report.statuses,
    )
    return report


@main.command()
@click.pass_context
def run(ctx: click.Context) -> None:
    """The main job: extract, update, build, coverage."""
    config = load_config(ctx)
    with locked(ctx, config):
        sources = run_extract(config)
        run_update(config)
        run_build(config, sources)
        run_coverage(config)
