"""The Click command line: the only module that prints or exits."""

from __future__ import annotations

from pathlib import Path
from typing import Any

import click

from pipeline import __version__, templates
from pipeline.config import DEFAULT_CONFIG, Config, read_config
from pipeline.errors import PipelineError
from pipeline.files import project_lock


class PipelineGroup(click.Group):
    """Turns a user's mistake into one line on stderr and exit status 2, never a traceback."""

    def invoke(self, ctx: click.Context) -> Any:
        try:
            return super().invoke(ctx)
        except PipelineError as err:
            click.echo(str(err), err=True)
            ctx.exit(2)


@click.group(cls=PipelineGroup, context_settings={"help_option_names": ["-h", "--help"]})
@click.option(
    "--config",
    "config_path",
    type=click.Path(path_type=Path, dir_okay=False),
    default=DEFAULT_CONFIG,
    show_default=True,
    help="The project configuration; paths in it are relative to its folder.",
)
@click.version_option(__version__, prog_name="pipeline")
@click.pass_context
def main(ctx: click.Context, config_path: Path) -> None:
    """Markdown -> gettext catalogs -> localized bundles.

    source/*.md -> extract -> locales/templates/*.pot -> update -> locales/<locale>/LC_MESSAGES/*.po
    -> build -> bundles/; coverage and check report on the catalogs.
    """
    ctx.obj = config_path


def load_config(ctx: click.Context) -> Config:
    path: Path = ctx.find_root().obj
    return read_config(path)


def summary(stage: str, **counts: int) -> None:
    """One line per stage, e.g. `extract: 2 written, 0 unchanged`."""
    click.echo(f"{stage}: " + ", ".join(f"{n} {what}" for what, n in counts.items()))


@main.command()
@click.pass_context
def extract(ctx: click.Context) -> None:
    """Source documents -> one template (.pot) per document."""
    config = load_config(ctx)
    with project_lock(config.root):
        run_extract(config)


def run_extract(config: Config) -> list[templates.Source]:
    sources = templates.read_sources(config)
    report = templates.write_templates(config, sources)
    summary(
        "extract",
        written=len(report.written),
        unchanged=len(report.unchanged),
        removed=len(report.removed),
    )
    return sources


# --- update and locales (catalogs.py) ---

# --- coverage (coverage.py) ---

# --- check (checks.py) ---

# --- build (bundles.py) ---


@main.command()
@click.pass_context
def run(ctx: click.Context) -> None:
    """The main job: extract, update, build, coverage."""
    config = load_config(ctx)
    with project_lock(config.root):
        run_extract(config)
        # update, build and coverage are called here, one line each, as they land.
