"""`pipeline run`: every stage in order, each given what the one before produced."""

from __future__ import annotations

import click

from pipeline.checks.output import render_summary
from pipeline.checks.runner import read_project_findings
from pipeline.cli import load_config, locked, progress
from pipeline.commands.build import run_build, run_sites
from pipeline.commands.coverage import run_coverage
from pipeline.commands.extract import run_extract
from pipeline.commands.update import run_update
from pipeline.config import Config


@click.command("run")
@click.pass_context
def command(ctx: click.Context) -> None:
    """The main job: extract, update, check (its summary), build, coverage."""
    config = load_config(ctx)
    with locked(ctx, config):
        run_all(config)


def run_all(config: Config) -> None:
    """Extract, update, check (its summary line), build the bundles and sites, coverage."""
    sources = run_extract(config)
    run_update(config)
    click.echo(render_summary(read_project_findings(config, track=progress)))
    run_build(config, sources)
    run_sites(config, config.sites, sources)
    run_coverage(config)
