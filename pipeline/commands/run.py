"""`pipeline run`: every stage in order, each given what the one before produced."""

from __future__ import annotations

import click

from pipeline.bundles.build import Given
from pipeline.checks.output import render_summary
from pipeline.checks.runner import parse_project_catalogs, read_project_findings
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
    """Extract, update, check (its summary line), build the bundles and sites, coverage.

    Each stage hands the next what it produced: the templates go to `update` as objects; every
    catalog is parsed once after `update` for check, build and coverage; the checks run once and
    the build's publishing gate takes their findings; the build and the sites reuse extract's
    documents and segments.
    """
    sources, templates = run_extract(config)
    run_update(config, templates=templates)
    catalogs = parse_project_catalogs(config)
    catalogs |= {config.template_path(doc): t for doc, t in templates.items()}
    checked = read_project_findings(config, track=progress, given=catalogs)
    click.echo(render_summary(checked))
    run_build(config, sources, given=Given(catalogs, checked.by_catalog))
    run_sites(config, config.sites, sources)
    run_coverage(config, catalogs)
