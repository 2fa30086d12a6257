"""`pipeline xliff export|import`: catalogs to and from CAT tools."""

from __future__ import annotations

from pathlib import Path

import click

from pipeline.cli import (
    jobs_option,
    load_config,
    locale_option,
    locked,
    output_option,
    summary,
    write_outputs,
)
from pipeline.interchange.xliff import VERSIONS, plan_export
from pipeline.interchange.xliff_import import import_xliff
from pipeline.locales import select_locales
from pipeline.review import today, validate_reviewer
from pipeline.update.catalogs import Planned, write_plan


@click.group("xliff")
def command() -> None:
    """Exchange catalogs with CAT tools (Trados, memoQ, Phrase, OmegaT) as XLIFF 1.2 or 2.1."""


@command.command("export")
@jobs_option
@locale_option
@click.option("--document", "documents", multiple=True, metavar="DOC", help="Only this document.")
@click.option(
    "--xliff-version",
    "version",
    type=click.Choice(VERSIONS),
    default="1.2",
    show_default=True,
)
@output_option(Path("xliff"), "Folder for the files (relative to the current folder).")
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


@command.command("import")
@jobs_option
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
def xliff_import(ctx: click.Context, files: tuple[Path, ...], reviewer: str) -> None:
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
        f" {report.updated} catalogs written"
    )
