"""`pipeline check`: quality checks on the catalogs."""

from __future__ import annotations

import itertools

import click

from pipeline.checks.output import FORMATS, FindingsFormat, render_findings, render_summary
from pipeline.checks.runner import read_project_findings
from pipeline.checks.table import CHECKS
from pipeline.cli import (
    format_option,
    jobs_option,
    load_config,
    locale_option,
    progress,
    shard_option,
)


def check_epilog() -> str:
    """Every check with its default severity, for --help (\b keeps Click from rewrapping)."""
    lines = []
    for check in CHECKS.values():
        only = f" ({', '.join(check.languages)})" if check.languages else ""
        lines.append(f"  {check.name:<19} {check.severity:<8} {check.summary}{only}")
    return "\b\nChecks (name, default severity, languages if not all):\n" + "\n".join(lines)


@click.command("check", epilog=check_epilog())
@shard_option
@jobs_option
@locale_option
@format_option(
    FORMATS, "text (path:line: severity: check: message); json; github (workflow annotations)."
)
@click.pass_context
def command(ctx: click.Context, locales: tuple[str, ...], form: FindingsFormat) -> None:
    """Quality checks on the catalogs: Markdown structure, content, safety, hygiene, scripts.

    Exit status 1 when any finding is an error. `checks:` in pipeline.yaml changes a check's
    severity (error, warning, info) or turns it off; a translator comment silences checks on
    one entry: `# check: ignore numbers, same-as-source`.
    """
    config = load_config(ctx)
    with read_project_findings(config, locales, track=progress) as report:
        # Paths relative to the project root, as every other command's errors and warnings are.
        pieces = render_findings(report, form, config.root)
        # A thousand pieces a write: each `echo` flushes.
        for batch in iter(lambda: "".join(itertools.islice(pieces, 1000)), ""):
            click.echo(batch, nl=False)
    click.echo(render_summary(report.counts), err=True)
    if report.count("error"):
        ctx.exit(1)
