"""`pipeline extract`: source documents -> templates."""

from __future__ import annotations

from collections.abc import Iterator

import click

from pipeline.cli import jobs_option, load_config, locked, progress, summary
from pipeline.config import Config
from pipeline.extract.sources import Source, cached, iter_sources, keep_parsed
from pipeline.extract.templates import write_templates
from pipeline.files import Spool, SpooledMapping, spills
from pipeline.po import Catalog


@click.command("extract")
@jobs_option
@click.pass_context
def command(ctx: click.Context) -> None:
    """Source documents -> one template (.pot) per document."""
    config = load_config(ctx)
    with locked(ctx, config):
        run_extract(config)[1].spool.close()


def run_extract(config: Config) -> tuple[list[Source] | None, SpooledMapping[Catalog]]:
    """The sources read and the templates written (by document id), for `run`'s next stages;
    past `files.SPILL_DOCUMENTS` documents, no sources and the templates spooled. The caller closes
    the templates' spool."""
    from pipeline.extract.documents import find_documents

    paths = find_documents(config.source_dir, config.shard)
    spill = spills(len(paths))
    kept: list[Source] = []
    entries: dict[str, bytes] = {}

    def passing() -> Iterator[Source]:
        """Each source on its way to its template, cached and (small projects) kept."""
        for source in cached(config, iter_sources(config, paths, progress), entries):
            if not spill:
                kept.append(source)
            yield source

    spool = Spool[Catalog](config.root, spill)
    try:
        report = write_templates(config, passing(), spool)
    except BaseException:
        spool.close()
        raise
    keep_parsed(config, entries)
    summary(
        "extract",
        written=len(report.written),
        unchanged=len(report.unchanged),
        removed=len(report.removed),
    )
    return (None if spill else kept), report.templates
