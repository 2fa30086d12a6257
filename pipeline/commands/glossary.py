"""`pipeline glossary export`: the configured glossaries as one TBX file."""

from __future__ import annotations

from pathlib import Path

import click

from pipeline.checks.glossary import read_glossaries
from pipeline.cli import load_config, output_option, summary, write_outputs
from pipeline.errors import PipelineError
from pipeline.interchange.tbx import render_tbx


@click.group("glossary")
def command() -> None:
    """The glossaries named under `glossary:` in pipeline.yaml."""


@command.command("export")
@output_option(Path("glossary.tbx"), "The TBX file to write.", folder=False)
@click.pass_context
def glossary_export(ctx: click.Context, output: Path) -> None:
    """Every configured glossary as one TBX-Basic file, for a CAT tool's termbase."""
    config = load_config(ctx)
    if not config.glossaries:
        raise PipelineError("no glossary: name TBX or CSV files under `glossary:`", config.path)
    terms = read_glossaries(config.glossaries, config.locales)
    written = write_outputs({output: render_tbx(terms).encode("utf-8")})
    summary("glossary", written=written, unchanged=1 - written)
