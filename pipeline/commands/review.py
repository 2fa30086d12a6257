"""`pipeline review`: review marks on translated entries."""

from __future__ import annotations

import click

from pipeline.cli import load_config, locale_option, locked
from pipeline.locales import select_locales
from pipeline.review import today, validate_reviewer
from pipeline.update.catalogs import write_plan
from pipeline.update.reviews import plan_review


@click.command("review")
@locale_option
@click.option(
    "--document", "documents", multiple=True, metavar="DOC", help="Only this document (repeatable)."
)
@click.option(
    "--msgid",
    "msgids",
    multiple=True,
    metavar="TEXT",
    help="Only entries with this msgid (repeatable).",
)
@click.option("--by", "reviewer", metavar="NAME", help="Who reviewed (required unless --unmark).")
@click.option("--unmark", is_flag=True, help="Remove the review marks instead.")
@click.pass_context
def command(
    ctx: click.Context,
    locales: tuple[str, ...],
    documents: tuple[str, ...],
    msgids: tuple[str, ...],
    reviewer: str | None,
    unmark: bool,
) -> None:
    """Mark translated entries reviewed: `# reviewed: NAME DATE HASH` in each entry.

    The hash binds the mark to the exact msgctxt, msgid and msgstr: any later edit makes it
    stale, and the next `update` drops it and says so. Fuzzy and empty entries are skipped.
    The date is today's (UTC), or SOURCE_DATE_EPOCH's.
    """
    config = load_config(ctx)
    mark = None
    if not unmark:
        if reviewer is None:
            raise click.UsageError("say who reviewed: --by NAME (or --unmark)")
        try:
            mark = (validate_reviewer(reviewer), today())
        except ValueError as err:
            raise click.UsageError(str(err)) from None
    with locked(ctx, config):
        selected = select_locales(config, locales)
        plan = plan_review(config, selected, documents, msgids, mark)
        report = write_plan(plan.planned)
    verb = "unmarked" if unmark else "marked"
    click.echo(
        f"review: {plan.changed} {verb}, {plan.kept} unchanged, {plan.skipped} not translated,"
        f" {report.updated} catalogs written"
    )
