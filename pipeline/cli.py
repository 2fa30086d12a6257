"""The Click command line: the only module that prints or exits."""

from __future__ import annotations

import contextlib
import functools
import shutil
import sys
from collections.abc import Iterator, Mapping, Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import Any, TypeVar

import click

from pipeline import __version__
from pipeline.bundles import summary as summaries
from pipeline.bundles.build import NOTHING_GIVEN, BuildReport, Given, write_bundles
from pipeline.bundles.gate import summarize_withheld
from pipeline.bundles.pseudo import PSEUDO_LOCALE, write_pseudo_documents
from pipeline.checks.glossary import read_glossaries
from pipeline.checks.output import FORMATS as CHECK_FORMATS
from pipeline.checks.output import render_findings, render_summary, shown_path
from pipeline.checks.runner import build_rules, parse_project_catalogs, read_project_findings
from pipeline.checks.table import CHECKS
from pipeline.config import (
    DEFAULT_CONFIG,
    Config,
    Site,
    add_locale,
    new_locale,
    read_config,
    remove_locale,
)
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
from pipeline.files import check_folders, project_lock, write_if_changed
from pipeline.interchange import discovery, import_reports, imports
from pipeline.interchange.tbx import render_tbx
from pipeline.interchange.tmx import plan_tm_export
from pipeline.interchange.units import read_catalogs
from pipeline.interchange.xliff import VERSIONS as XLIFF_VERSIONS
from pipeline.interchange.xliff import plan_export
from pipeline.interchange.xliff_import import import_xliff
from pipeline.locales import describe_locales, language_warnings, select_locales, unowned_folders
from pipeline.po import Catalog
from pipeline.review import today, validate_reviewer
from pipeline.sites import pages as site_pages
from pipeline.sites.build import select_sites, write_sites
from pipeline.update.catalogs import (
    Planned,
    UpdateReport,
    plan_update,
    update_catalogs,
    write_plan,
)
from pipeline.update.reviews import plan_review


class PipelineGroup(click.Group):
    """Turns a user's mistake into one line on stderr and exit status 2, never a traceback."""

    def invoke(self, ctx: click.Context) -> Any:
        try:
            return super().invoke(ctx)
        except PipelineError as err:
            config_path = ctx.obj.config_path if isinstance(ctx.obj, Options) else DEFAULT_CONFIG
            click.echo(str(shown_in_project(err, Path(config_path))), err=True)
            ctx.exit(2)


def shown_in_project(err: PipelineError, config_path: Path) -> PipelineError:
    """The error with its path relative to the project root, as every warning has it."""
    root = config_path.resolve().parent
    path = Path(err.path) if err.path is not None else None
    # Without a configuration there is no project (`coverage PATH...`): paths stay as given.
    if path is None or not config_path.is_file() or not path.is_relative_to(root):
        return err
    return PipelineError(err.message, path.relative_to(root).as_posix(), err.line)


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
    """The whole configuration, validated before any command reads or writes anything else."""
    options: Options = ctx.find_root().obj
    config = read_config(options.config_path)
    build_rules(config)  # check names too, for every command
    return config


@contextlib.contextmanager
def locked(ctx: click.Context, config: Config, named: Sequence[Path] = ()) -> Iterator[None]:
    """The project lock, a held one reported at once; writes kept inside the project.

    `named`: files and folders the user gave on the command line (an import's translations, a
    pseudo output folder), explicit like the settings of pipeline.yaml, so allowed even outside.
    """
    options: Options = ctx.find_root().obj
    echo = functools.partial(click.echo, err=True)
    # The source folder is named in pipeline.yaml: an explicit setting, allowed even outside.
    outputs = (*config.outputs, config.source_dir, *(p.absolute() for p in named))
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


def warn_about_headers(config: Config, locales: Sequence[str]) -> None:
    """One warning per catalog whose Language header is accepted but not the folder's name."""
    for warning in language_warnings(config, select_locales(config, locales)):
        click.echo(warning, err=True)


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


def run_extract(config: Config) -> tuple[list[Source], Mapping[str, Catalog]]:
    """The sources read and the templates written (by document id), for `run`'s next stages."""
    sources = read_sources(config, track=progress)
    report = write_templates(config, sources)
    summary(
        "extract",
        written=len(report.written),
        unchanged=len(report.unchanged),
        removed=len(report.removed),
    )
    return sources, report.templates


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


def run_update(
    config: Config, locales: Sequence[str] = (), templates: Mapping[str, Catalog] | None = None
) -> UpdateReport:
    selected = select_locales(config, locales)
    warn_about_headers(config, selected)
    report = update_catalogs(config, selected, track=progress, templates=templates)
    summarize_update(report)
    return report


def summarize_update(report: UpdateReport) -> None:
    created, updated, unchanged = report.created, report.updated, report.unchanged
    summary("update", created=len(created), updated=len(updated), unchanged=len(unchanged))
    if report.repaired:
        click.echo(
            f"update: {report.repaired} catalogs repaired after pybabel"
            " (`# | msgid` comments back to `#|`, its header fields)"
        )
    if report.confirmed:
        click.echo(
            f"update: {report.confirmed} confirmed: the source went back to the translated text"
        )
    for line in report.dropped_marks:
        click.echo(line, err=True)


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
    for folder in unowned_folders(config):
        click.echo(f"{folder}: warning: no configured locale owns this folder", err=True)


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


@locales_group.command("remove")
@click.argument("code")
@click.option("--delete", is_flag=True, help="Also delete locales/CODE/ and its catalogs.")
@click.pass_context
def locales_remove(ctx: click.Context, code: str, delete: bool) -> None:
    """Take CODE out of pipeline.yaml (comments kept); its catalogs stay unless --delete."""
    config = load_config(ctx)
    folder = config.locales_dir / code
    with locked(ctx, config):
        remove_locale(config.path, code)
        if delete and folder.is_dir():
            shutil.rmtree(folder)
    click.echo(f"locales: removed {code} from {config.path.name}")
    if folder.is_dir():
        where = folder.relative_to(config.root).as_posix()
        click.echo(f"locales: {where}/ stays on disk (--delete removes it)")


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
@click.option(
    "--fail-under-reviewed",
    type=click.FloatRange(0, 100),
    metavar="PCT",
    help="Exit with status 1 when a selected locale has less than PCT percent reviewed.",
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
        found = read_path_coverage(paths, locales, by, track=progress)
    else:
        config = load_config(ctx)
        warn_about_headers(config, locales)
        found = read_project_coverage(config, locales, by, track=progress)
    if form == "svg" and output is not None:
        write_badges(output, found)
    elif output is not None:
        write_output(output, render_report(found, form).encode())
    else:
        color = form == "table" and sys.stdout.isatty()
        width = shutil.get_terminal_size().columns if color else WIDTH
        click.echo(render_report(found, form, color=color, width=width), nl=False)
    below = fail_below(found, fail_under) if fail_under is not None else []
    if fail_under_reviewed is not None:
        below += fail_below(found, fail_under_reviewed, reviewed=True)
    if below:
        ctx.exit(1)


def fail_below(found: Coverage, percent: float, *, reviewed: bool = False) -> list[str]:
    """`--fail-under(-reviewed)`: name each locale below the threshold on stderr."""
    below = locales_below(found, percent, reviewed=reviewed)
    for code in below:
        counts = found.locale_counts(code)
        shown, what = (
            (counts.reviewed_percent, "reviewed") if reviewed else (counts.percent, "translated")
        )
        click.echo(f"coverage: {code} has {shown:.1f}% {what}, under {percent:g}%", err=True)
    return below


def run_coverage(config: Config, given: Mapping[Path, Catalog] | None = None) -> None:
    """Publish the HTML report and the badges in the reports folder (`reports:`, or bundles/)."""
    found = read_project_coverage(config, (), "strings", track=progress, given=given)
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
    # Paths relative to the project root, as every other command's errors and warnings are.
    click.echo(render_findings(report, form, config.root), nl=False)
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
@click.option(
    "--site",
    "site_names",
    multiple=True,
    metavar="NAME",
    help="Write only this site output of pipeline.yaml's `sites:` (repeatable).",
)
@click.option(
    "--format",
    "form",
    type=click.Choice(("text", "json")),
    default="text",
    show_default=True,
    help="text (a summary line, then one line per fallback pair with why); json (the same).",
)
@click.option(
    "--strict",
    is_flag=True,
    help="Exit with status 1 when a translation is withheld, listing each finding on stderr.",
)
@click.pass_context
def build(
    ctx: click.Context,
    locales: tuple[str, ...],
    min_coverage: float | None,
    form: str,
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
    form: str = "text",
    given: Given = NOTHING_GIVEN,
) -> BuildReport:
    report = write_bundles(
        config, sources, locales=locales, min_coverage=min_coverage, track=progress, given=given
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


@main.command()
@click.pass_context
def run(ctx: click.Context) -> None:
    """The main job: extract, update, check (its summary), build, coverage."""
    config = load_config(ctx)
    with locked(ctx, config):
        # Each stage hands the next what it produced: every catalog is parsed once after
        # `update` and checked once; the build gates with those findings.
        sources, templates = run_extract(config)
        run_update(config, templates=templates)
        catalogs = parse_project_catalogs(config)
        catalogs |= {config.template_path(doc): t for doc, t in templates.items()}
        checked = read_project_findings(config, track=progress, given=catalogs)
        click.echo(render_summary(checked))
        run_build(config, sources, given=Given(catalogs, checked.by_catalog))
        run_sites(config, config.sites, sources)
        run_coverage(config, catalogs)


# --- sites (sites/): the site outputs `build` and `run` write after the bundles ---


def run_sites(
    config: Config, sites: Sequence[Site], sources: Sequence[Source] | None = None
) -> None:
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


# --- review marks (review.py, update/reviews.py) ---


@main.command("review")
@locale_option
@click.option(
    "--document", "documents", multiple=True, metavar="DOC", help="Only this document (repeatable)."
)
@click.option(
    "--msgid",
    "msgids",
    multiple=True,
    metavar="TEXT",
    help="Only entries with this msgid (repeatable).",
)
@click.option("--by", "reviewer", metavar="NAME", help="Who reviewed (required unless --unmark).")
@click.option("--unmark", is_flag=True, help="Remove the review marks instead.")
@click.pass_context
def review_command(
    ctx: click.Context,
    locales: tuple[str, ...],
    documents: tuple[str, ...],
    msgids: tuple[str, ...],
    reviewer: str | None,
    unmark: bool,
) -> None:
    """Mark translated entries reviewed: `# reviewed: NAME DATE HASH` in each entry.

    The hash binds the mark to the exact msgctxt, msgid and msgstr: any later edit makes it
    stale, and the next `update` drops it and says so. Fuzzy and empty entries are skipped.
    The date is today's (UTC), or SOURCE_DATE_EPOCH's.
    """
    config = load_config(ctx)
    mark = None
    if not unmark:
        if reviewer is None:
            raise click.UsageError("say who reviewed: --by NAME (or --unmark)")
        try:
            mark = (validate_reviewer(reviewer), today())
        except ValueError as err:
            raise click.UsageError(str(err)) from None
    with locked(ctx, config):
        selected = select_locales(config, locales)
        plan = plan_review(config, selected, documents, msgids, mark)
        report = write_plan(plan.planned)
    verb = "unmarked" if unmark else "marked"
    click.echo(
        f"review: {plan.changed} {verb}, {plan.kept} unchanged, {plan.skipped} not translated,"
        f" {len(report.updated)} catalogs written"
    )


# --- interchange with CAT tools (interchange/) ---


@main.group("xliff")
def xliff_group() -> None:
    """Exchange catalogs with CAT tools (Trados, memoQ, Phrase, OmegaT) as XLIFF 1.2 or 2.1."""


@xliff_group.command("export")
@locale_option
@click.option("--document", "documents", multiple=True, metavar="DOC", help="Only this document.")
@click.option(
    "--xliff-version",
    "version",
    type=click.Choice(XLIFF_VERSIONS),
    default="1.2",
    show_default=True,
)
@click.option(
    "--output",
    "-o",
    type=click.Path(path_type=Path, file_okay=False),
    default=Path("xliff"),
    show_default=True,
    help="Folder for the files (relative to the current folder).",
)
@click.option("--per-locale", is_flag=True, help="One file per locale instead of per document.")
@click.pass_context
def xliff_export(
    ctx: click.Context,
    locales: tuple[str, ...],
    documents: tuple[str, ...],
    version: str,
    output: Path,
    per_locale: bool,
) -> None:
    """Catalogs -> XLIFF: `<output>/<locale>/<doc>.xlf` (or `<output>/<locale>.xlf`).

    Inline Markdown, HTML and site syntax become protected inline codes; `#.` comments become
    notes; untranslated, fuzzy, translated and reviewed map to XLIFF states.
    """
    config = load_config(ctx)
    selected = select_locales(config, locales)
    planned = plan_export(config, selected, documents, version, output, per_locale)
    written = write_outputs(planned)
    summary("xliff", written=written, unchanged=len(planned) - written)


def write_outputs(planned: dict[Path, bytes]) -> int:
    """Write each file atomically when its content changed; how many were written."""
    for path in planned:
        for parent in path.parents:
            if parent.exists() and not parent.is_dir():
                raise PipelineError("is a file, not a folder", parent)
    return sum(write_if_changed(path, data) for path, data in planned.items())


@xliff_group.command("import")
@click.argument("files", nargs=-1, required=True, type=click.Path(path_type=Path, dir_okay=False))
@click.option(
    "--by",
    "reviewer",
    default="xliff",
    show_default=True,
    metavar="NAME",
    help="Reviewer named in the marks of units imported as reviewed (final, signed-off).",
)
@click.pass_context
def xliff_import_command(ctx: click.Context, files: tuple[Path, ...], reviewer: str) -> None:
    """XLIFF from a CAT tool -> translations in the catalogs, all or nothing.

    Strict: malformed XML, an unknown unit id, an edited source, a missing, repeated or moved
    inline code in a changed target, a target language that is not configured: one line with
    `file:line`, exit 2, nothing written. A unit whose source changed in the project since the
    export is imported as fuzzy.
    """
    config = load_config(ctx)
    try:
        name = validate_reviewer(reviewer)
    except ValueError as err:
        raise click.UsageError(str(err)) from None
    with locked(ctx, config):
        result = import_xliff(config, files, name, today())
        plan = [Planned(path, data, False) for path, data in result.catalogs.items()]
        report = write_plan(plan)
    click.echo(
        f"xliff: {result.updated} units imported, {result.unchanged} unchanged,"
        f" {len(report.updated)} catalogs written"
    )


@main.group("tm")
def tm_group() -> None:
    """Translation memories (TMX 1.4b) for CAT tools; `tm:` in pipeline.yaml feeds `update`."""


@tm_group.command("export")
@locale_option
@click.option(
    "--output",
    "-o",
    type=click.Path(path_type=Path, file_okay=False),
    default=Path("tm"),
    show_default=True,
    help="Folder for `<locale>.tmx` (relative to the current folder).",
)
@click.pass_context
def tm_export(ctx: click.Context, locales: tuple[str, ...], output: Path) -> None:
    """The project's translations (not fuzzy ones) as one TMX file per locale."""
    config = load_config(ctx)
    files = read_catalogs(config, select_locales(config, locales), ())
    planned = plan_tm_export(files, output)
    written = write_outputs(planned)
    summary("tm", written=written, unchanged=len(planned) - written)


@main.group("glossary")
def glossary_group() -> None:
    """The glossaries named under `glossary:` in pipeline.yaml."""


@glossary_group.command("export")
@click.option(
    "--output",
    "-o",
    type=click.Path(path_type=Path, dir_okay=False),
    default=Path("glossary.tbx"),
    show_default=True,
    help="The TBX file to write.",
)
@click.pass_context
def glossary_export(ctx: click.Context, output: Path) -> None:
    """Every configured glossary as one TBX-Basic file, for a CAT tool's termbase."""
    config = load_config(ctx)
    if not config.glossaries:
        raise PipelineError("no glossary: name TBX or CSV files under `glossary:`", config.path)
    terms = read_glossaries(config.glossaries, config.locales)
    written = write_outputs({output: render_tbx(terms).encode("utf-8")})
    summary("glossary", written=written, unchanged=1 - written)


# --- import (interchange/imports.py) ---


@main.command("import")
@click.argument("locale")
@click.argument("paths", nargs=-1, required=True, type=click.Path(path_type=Path))
@click.option(
    "--pair-by",
    "key",
    metavar="KEY",
    help="Folder form: pair files by this front matter key (e.g. translationKey), not by path.",
)
@click.option(
    "--mapping",
    type=click.Path(path_type=Path, dir_okay=False),
    help="Folder form: a YAML file mapping translated files to source documents.",
)
@click.option("--overwrite", is_flag=True, help="Replace translations already in the catalogs.")
@click.option("--dry-run", is_flag=True, help="Report what would change; write nothing.")
@click.option(
    "--format",
    "form",
    type=click.Choice(("text", "json")),
    default="text",
    show_default=True,
    help="The report: text, or JSON with every pairing and change.",
)
@click.pass_context
def import_command(
    ctx: click.Context,
    locale: str,
    paths: tuple[Path, ...],
    key: str | None,
    mapping: Path | None,
    overwrite: bool,
    dry_run: bool,
    form: str,
) -> None:
    """Existing translated Markdown -> the catalogs of LOCALE.

    \b
    pipeline import LOCALE SOURCE_DOC TRANSLATED_FILE
    pipeline import LOCALE DIR   (pairs DIR/<path> with source/<path>, or --pair-by, --mapping)

    Blocks are aligned by kind, order, and what survives translation (numbers, links, code,
    names, length): confident one-to-one matches are imported as translated; merges, splits,
    moves and weak matches as fuzzy with a translator comment that says why; English blocks
    without a counterpart stay untranslated; translated blocks without one are reported.
    """
    config = load_config(ctx)
    (code,) = select_locales(config, (locale,))
    if len(paths) > 2 or (len(paths) == 2 and (key or mapping)):
        raise click.UsageError("give SOURCE_DOC TRANSLATED_FILE, or one folder (with its options)")
    unpaired: list[str] = []
    if len(paths) == 2:
        pairs = [(discovery.pair_file(config, paths[0], paths[1]), paths[1])]
    elif mapping is not None:
        pairs, unpaired = discovery.pair_by_mapping(config, paths[0], mapping)
    elif key is not None:
        pairs, unpaired = discovery.pair_by_key(config, paths[0], key)
    else:
        pairs, unpaired = discovery.pair_by_path(config, paths[0])
    with locked(ctx, config, [*paths, *([mapping] if mapping else [])]):
        plan = imports.plan_imports(
            config, code, pairs, overwrite=overwrite, unpaired=unpaired, track=progress
        )
        if not dry_run:
            imports.write_imports(plan)
    click.echo(import_reports.render_import_report(plan, form, dry_run), nl=False)


# --- pseudo (issue 13: site syntax) ---


@main.command()
@click.option(
    "--output",
    type=click.Path(file_okay=False, path_type=Path),
    help=f"Folder for the documents; default: pseudo/{PSEUDO_LOCALE} beside pipeline.yaml.",
)
@click.pass_context
def pseudo(ctx: click.Context, output: Path | None) -> None:
    """Pseudo-localize every source document into a throwaway locale (en-XA).

    Each extracted text becomes accented, bracketed and 30% longer, with markup and site
    syntax untouched: build the site from these documents and any English left in sight is
    text that no translator is ever given.
    """
    config = load_config(ctx)
    with locked(ctx, config, [output] if output else []):
        sources = read_sources(config, track=progress)
        folder = output.absolute() if output else config.root / "pseudo" / PSEUDO_LOCALE
        report = write_pseudo_documents(sources, folder)
    summary("pseudo", written=len(report.written), unchanged=len(report.unchanged))
