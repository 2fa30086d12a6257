"""`pipeline manifest merge`: the shards' manifests -> the manifest one run writes."""

from __future__ import annotations

from pathlib import Path

import click

from pipeline.bundles.manifest import MANIFEST, merge_manifests
from pipeline.cli import load_config, locked
from pipeline.files import write_if_changed


@click.group("manifest")
def command() -> None:
    """Join the manifests of a build made in shards (--shard) into the one a single run writes."""


@command.command("merge")
@click.argument(
    "manifests", nargs=-1, required=True, type=click.Path(path_type=Path, dir_okay=False)
)
@click.option(
    "--output",
    type=click.Path(path_type=Path, dir_okay=False),
    metavar="FILE",
    help="Where to write the merged manifest; default: bundles/manifest.json.",
)
@click.pass_context
def merge(ctx: click.Context, manifests: tuple[Path, ...], output: Path | None) -> None:
    """Join MANIFEST... (`bundles/manifest.shard-I-of-N.json` of each shard) into one.

    Each document must be in one of them only, and all must come from the same version and
    configuration (locales, threshold). The result is byte for byte what one `pipeline build`
    over every document writes, so the next unsharded build finds its bundles up to date.
    """
    config = load_config(ctx)
    target = output or config.bundles_dir / MANIFEST
    with locked(ctx, config, (target,) if output else ()):
        data = merge_manifests(manifests)
        written = write_if_changed(target, data)
    click.echo(f"manifest: {len(manifests)} merged, {1 if written else 0} written")
