"""`pipeline run`: every stage in order, each given what the one before produced."""

from __future__ import annotations

import dataclasses

import click

from pipeline.checks.output import render_summary
from pipeline.checks.runner import read_project_findings
from pipeline.cli import jobs_option, load_config, locked, progress, shard_option
from pipeline.commands.build import run_build, run_sites, shard_sites
from pipeline.commands.coverage import run_coverage
from pipeline.commands.extract import run_extract
from pipeline.commands.update import run_update
from pipeline.config import Config


@click.command("run")
@shard_option
@jobs_option
@click.pass_context
def command(ctx: click.Context) -> None:
    """The main job: extract, update, check (its summary), build, coverage."""
    config = load_config(ctx)
    with locked(ctx, config):
        run_all(config)


def run_all(config: Config) -> None:
    """Extract, update, check (its summary line), build the bundles and sites, coverage.

    With `--shard`, every template is extracted all the same (update's project memory lends
    translations across documents, so each shard needs them all, and extraction is the
    cheapest stage); the other stages keep to the shard, and the project-wide outputs (site
    outputs, coverage report) wait for the unsharded run after `pipeline manifest merge`.
    """
    sources = run_extract(dataclasses.replace(config, shard=None))
    run_update(config)
    click.echo(render_summary(read_project_findings(config, track=progress)))
    run_build(config, sources)
    run_sites(config, shard_sites(config, config.sites), sources)
    if config.shard is None:
        run_coverage(config)
