"""`pipeline update`: templates -> catalogs, keeping every translation."""

from __future__ import annotations

from collections.abc import Mapping, Sequence

import click

from pipeline.cli import (
    jobs_option,
    load_config,
    locale_option,
    locked,
    progress,
    shard_option,
    summary_line,
    warn_about_headers,
)
from pipeline.config import Config
from pipeline.locales import select_locales
from pipeline.po import Catalog
from pipeline.update.catalogs import UpdateReport, update_catalogs


@click.command("update")
@shard_option
@jobs_option
@locale_option
@click.pass_context
def command(ctx: click.Context, locales: tuple[str, ...]) -> None:
    """Templates -> one catalog per locale and document, keeping every translation.

    Creates missing catalogs; merges existing ones (changed source: fuzzy with the previous
    msgid; removed source: obsolete). A malformed catalog stops the run before anything is
    written.
    """
    config = load_config(ctx)
    with locked(ctx, config):
        run_update(config, locales)


def run_update(
    config: Config, locales: Sequence[str] = (), templates: Mapping[str, Catalog] | None = None
) -> UpdateReport:
    """`templates`: those `extract` just wrote (by document id), in `run`; else they are read."""
    selected = select_locales(config, locales)
    warn_about_headers(config, selected)
    report = update_catalogs(config, selected, track=progress, templates=templates)
    summarize_update(report)
    return report


def summarize_update(report: UpdateReport) -> None:
    click.echo(update_summary(report))
    if report.repaired:
        click.echo(
            f"update: {report.repaired} catalogs repaired after pybabel"
            " (`# | msgid` comments back to `#|`, its header fields)"
        )
    if report.confirmed:
        click.echo(
            f"update: {report.confirmed} confirmed: the source went back to the translated text"
        )
    for line in report.dropped_marks:
        click.echo(line, err=True)


def update_summary(report: UpdateReport) -> str:
    return summary_line(
        "update", created=report.created, updated=report.updated, unchanged=report.unchanged
    )
