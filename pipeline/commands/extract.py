"""`pipeline extract`: source documents -> templates."""

from __future__ import annotations

import click

from pipeline.cli import load_config, locked, progress, summary
from pipeline.config import Config
from pipeline.extract.sources import Source, read_sources
from pipeline.extract.templates import write_templates


@click.command("extract")
@click.pass_context
def command(ctx: click.Context) -> None:
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
