"""`pipeline pseudo`: pseudo-localized copies of the sources, to find text never extracted."""

from __future__ import annotations

from pathlib import Path

import click

from pipeline.bundles.pseudo import PSEUDO_LOCALE, write_pseudo_documents
from pipeline.cli import load_config, locked, progress, summary
from pipeline.extract.sources import read_sources


@click.command("pseudo")
@click.option(
    "--output",
    type=click.Path(file_okay=False, path_type=Path),
    help=f"Folder for the documents; default: pseudo/{PSEUDO_LOCALE} beside pipeline.yaml.",
)
@click.pass_context
def command(ctx: click.Context, output: Path | None) -> None:
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
