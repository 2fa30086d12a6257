"""`pipeline tm export`: the project's translations as TMX translation memories."""

from __future__ import annotations

from pathlib import Path

import click

from pipeline.cli import load_config, locale_option, output_option, summary, write_outputs
from pipeline.interchange.tmx import plan_tm_export
from pipeline.interchange.units import read_catalogs
from pipeline.locales import select_locales


@click.group("tm")
def command() -> None:
    """Translation memories (TMX 1.4b) for CAT tools; `tm:` in pipeline.yaml feeds `update`."""


@command.command("export")
@locale_option
@output_option(Path("tm"), "Folder for `<locale>.tmx` (relative to the current folder).")
@click.pass_context
def tm_export(ctx: click.Context, locales: tuple[str, ...], output: Path) -> None:
    """The project's translations (not fuzzy ones) as one TMX file per locale."""
    config = load_config(ctx)
    files = read_catalogs(config, select_locales(config, locales), ())
    planned = plan_tm_export(files, output)
    written = write_outputs(planned)
    summary("tm", written=written, unchanged=len(planned) - written)
