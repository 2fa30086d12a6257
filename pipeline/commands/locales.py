"""`pipeline locales list|add|remove`: the configured locales."""

from __future__ import annotations

import shutil

import click

from pipeline.cli import load_config, locked
from pipeline.commands.update import summarize_update
from pipeline.config_edits import add_locale, new_locale, remove_locale
from pipeline.locales import describe_locales, unowned_folders
from pipeline.update.catalogs import plan_update, write_plan


@click.group("locales")
def command() -> None:
    """List the configured locales, or add one."""


@command.command("list")
@click.pass_context
def locales_list(ctx: click.Context) -> None:
    """Each locale: identifier, BCP 47 tag, catalogs present, English and native name."""
    config = load_config(ctx)
    for entry in describe_locales(config):
        info = entry.info
        present = f"{entry.catalogs}/{entry.documents} catalogs"
        name = f"{info.english_name} ({info.native_name})"
        click.echo(f"{info.id:<10} {info.tag:<10} {present:<14} {name}")
    for folder in unowned_folders(config):
        click.echo(f"{folder}: warning: no configured locale owns this folder", err=True)


@command.command("add")
@click.argument("code")
@click.pass_context
def locales_add(ctx: click.Context, code: str) -> None:
    """Add CODE (`fr`, `pt_BR`, `zh-Hant`...) to pipeline.yaml, then create its catalogs.

    The file keeps its comments, order and quoting. Nothing is written if CODE is unknown to
    Babel or a catalog already under locales/CODE is malformed.
    """
    config = load_config(ctx)
    with locked(ctx, config):
        canonical = new_locale(config, code)
        plan = plan_update(config, (canonical,))
        add_locale(config.path, canonical)
        report = write_plan(plan)
    click.echo(f"locales: added {canonical} to {config.path.name}")
    summarize_update(report)


@command.command("remove")
@click.argument("code")
@click.option("--delete", is_flag=True, help="Also delete locales/CODE/ and its catalogs.")
@click.pass_context
def locales_remove(ctx: click.Context, code: str, delete: bool) -> None:
    """Take CODE out of pipeline.yaml (comments kept); its catalogs stay unless --delete."""
    config = load_config(ctx)
    folder = config.locales_dir / code
    with locked(ctx, config):
        remove_locale(config.path, code)
        if delete and folder.is_dir():
            shutil.rmtree(folder)
    click.echo(f"locales: removed {code} from {config.path.name}")
    if folder.is_dir():
        where = folder.relative_to(config.root).as_posix()
        click.echo(f"locales: {where}/ stays on disk (--delete removes it)")
