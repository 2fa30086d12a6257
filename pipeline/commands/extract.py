"""`pipeline extract`: source documents -> templates."""

from __future__ import annotations

from collections.abc import Mapping

import click

from pipeline.cli import jobs_option, load_config, locked, progress, summary
from pipeline.config import Config
from pipeline.extract.sources import Source, keep_parsed, read_sources
from pipeline.extract.templates import write_templates
from pipeline.po import Catalog


@click.command("extract")
@jobs_option
@click.pass_context
def command(ctx: click.Context) -> None:
    """Source documents -> one template (.pot) per document."""
    config = load_config(ctx)
    with locked(ctx, config):
        run_extract(config)


def run_extract(config: Config) -> tuple[list[Source], Mapping[str, Catalog]]:
    """The sources read and the templates written (by document id), for `run`'s next stages."""
    sources = read_sources(config, track=progress)
    report = write_templates(config, sources)
    keep_parsed(config, sources)
    summary(
        "extract",
        written=len(report.written),
        unchanged=len(report.unchanged),
        removed=len(report.removed),
    )
    return sources, report.templates
