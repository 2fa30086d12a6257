"""`pipeline import`: existing translated Markdown -> a locale's catalogs."""

from __future__ import annotations

from pathlib import Path

import click

from pipeline.cli import format_option, load_config, locked, progress
from pipeline.interchange import discovery, import_reports, imports
from pipeline.interchange.import_reports import FORMATS, ReportForm
from pipeline.locales import select_locales


@click.command("import")
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
@format_option(FORMATS, "The report: text, or JSON with every pairing and change.")
@click.pass_context
def command(
    ctx: click.Context,
    locale: str,
    paths: tuple[Path, ...],
    key: str | None,
    mapping: Path | None,
    overwrite: bool,
    dry_run: bool,
    form: ReportForm,
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
