"""`pipeline run`: every stage in order, each given what the one before produced.

A run that would change nothing is answered from `.pipeline-state.json` (see `runstate`):
the files' sizes and times are compared, and nothing is imported or parsed.
"""

from __future__ import annotations

import contextlib
import functools
import io
import sys
from collections.abc import Iterator
from dataclasses import replace
from pathlib import Path
from typing import TYPE_CHECKING, TextIO

import click

from pipeline import runstate
from pipeline.cli import Options, load_config, locked, progress, summary_line
from pipeline.files import project_lock

if TYPE_CHECKING:
    from pipeline.config import Config


@click.command("run")
@click.pass_context
def command(ctx: click.Context) -> None:
    """The main job: extract, update, check (its summary), build, coverage."""
    options: Options = ctx.find_root().obj
    if _replayed(options):
        return
    config = load_config(ctx)
    with locked(ctx, config):
        runstate.forget(config.path)
        with _stderr_watched() as said:
            repeated = run_all(config)
        if repeated is not None and not said.getvalue().strip():
            runstate.record(config.path, watched(config), repeated)


def _replayed(options: Options) -> bool:
    """Print what the last run recorded when nothing it read or wrote has changed since."""
    root = options.config_path.resolve().parent
    echo = functools.partial(click.echo, err=True)
    with project_lock(root, wait=options.wait, on_wait=echo):
        output = runstate.replay(options.config_path)
        if output is not None:
            click.echo(output, nl=False)
    return output is not None


@contextlib.contextmanager
def _stderr_watched() -> Iterator[io.StringIO]:
    """What the run writes to stderr but its progress bars: a warning is not replayed, so a
    run that warned is not recorded."""
    said = io.StringIO()
    original = sys.stderr
    sys.stderr = _Tee(original, said)
    try:
        yield said
    finally:
        sys.stderr = original


class _Tee:
    def __init__(self, stream: TextIO, copy: io.StringIO) -> None:
        self._stream, self._copy = stream, copy

    def write(self, text: str) -> int:
        if "\r" not in text and "\x1b" not in text:  # a progress bar redraws; a warning doesn't
            self._copy.write(text)
        return self._stream.write(text)

    def __getattr__(self, name: str) -> object:
        return getattr(self._stream, name)


def watched(config: Config) -> list[Path]:
    """What a run reads or writes: a change to any of them means the run must be done."""
    sites = [site.output for site in config.sites]
    folders = [config.source_dir, config.locales_dir, config.bundles_dir, config.reports_dir]
    return [config.path, *folders, *sites, *config.tm_files, *config.glossaries]


def run_all(config: Config) -> str | None:
    """Extract, update, check (its summary line), build the bundles and sites, coverage;
    what a repeated run would print (None when that cannot be told).

    Each stage hands the next what it produced: the templates go to `update` as objects; every
    catalog is parsed once after `update` for check, build and coverage; the checks run once and
    the build's publishing gate takes their findings; the build and the sites reuse extract's
    documents and segments.
    """
    from pipeline.bundles.build import Given
    from pipeline.checks.output import render_summary
    from pipeline.checks.runner import parse_project_catalogs, read_project_findings
    from pipeline.commands.build import build_summary, run_build, run_sites, site_summary
    from pipeline.commands.coverage import coverage_summary, run_coverage
    from pipeline.commands.extract import run_extract
    from pipeline.commands.update import run_update, update_summary

    sources, templates = run_extract(config)
    updated = run_update(config, templates=templates)
    catalogs = parse_project_catalogs(config)
    catalogs |= {config.template_path(doc): t for doc, t in templates.items()}
    checked = read_project_findings(config, track=progress, given=catalogs)
    click.echo(render_summary(checked))
    built = run_build(config, sources, given=Given(catalogs, checked.by_catalog))
    sites = run_sites(config, config.sites, sources)
    percent, reports = run_coverage(config, catalogs)
    if updated.repaired or updated.confirmed or updated.dropped_marks:
        return None  # its next run says nothing of these: not a plain repeat
    # A repeated run finds every file as this one left it: all unchanged, none removed.
    catalog_files = (*updated.created, *updated.updated, *updated.unchanged)
    bundle_files = (*built.written, *built.unchanged)
    lines = [
        summary_line("extract", written=0, unchanged=len(templates), removed=0),
        update_summary(replace(updated, created=(), updated=(), unchanged=catalog_files)),
        render_summary(checked),
        build_summary(replace(built, written=(), unchanged=bundle_files, removed=())).rstrip("\n"),
        *(
            site_summary(replace(s, written=0, unchanged=s.written + s.unchanged, removed=0))
            for s in sites
        ),
        coverage_summary(percent, 0, reports),
    ]
    return "".join(line + "\n" for line in lines)
