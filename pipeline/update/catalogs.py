"""Templates -> catalogs: create and merge one catalog per locale and document, safely.

`update` reads each template once, then, locale by locale, reads every existing catalog strictly
(with the locale's plural count and code, so a catalog that contradicts its locale is an error),
merges it (`merging.py`), fills untranslated messages from the project's translation memory
(`memory.py`) and renders it in `msgcat --no-wrap` form. Nothing is written until every
catalog of every requested locale has been read and merged: one malformed catalog stops the run
with its `path:line` and leaves every file as it was. Then each changed catalog is replaced
atomically (temporary file in the same folder, then rename); unchanged ones are not touched.
The caller holds the project lock.
"""

from __future__ import annotations

import re
from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass, replace
from pathlib import Path

from pipeline.config import Config
from pipeline.extract.documents import source_path, source_reference
from pipeline.files import TEMPORARY_SUFFIX, map_shared, read_bytes, write_if_changed
from pipeline.locales import describe_locale, max_plurals, plural_count
from pipeline.po import Catalog, render_po
from pipeline.po_reader import parse_po
from pipeline.progress import Track, untracked
from pipeline.split import worker_count
from pipeline.update.headers import EMPTY, FIELD_ORDER, build_header
from pipeline.update.marks import drop_stale_marks
from pipeline.update.memory import fill_from_memory
from pipeline.update.merging import merge_catalog, reverted
from pipeline.update.repairs import repair_pybabel
from pipeline.update.tm import fill_from_tm, read_tm


@dataclass(frozen=True, slots=True)
class Planned:
    """One catalog as `update` will leave it."""

    path: Path
    data: bytes | None
    """The new content, or None when the file already holds it."""
    created: bool
    confirmed: int = 0
    """Fuzzy messages made translated because the source went back to their previous msgid."""
    repaired: bool = False
    """`pybabel update` had rewritten this catalog (see repairs.py)."""
    dropped_marks: tuple[str, ...] = ()
    """`path:line: ...` for each stale review mark this update drops (see `marks.py`)."""


@dataclass(frozen=True, slots=True)
class UpdateReport:
    """What `update` did, for its summary line (sphinx-intl's three counts)."""

    created: tuple[Path, ...]
    updated: tuple[Path, ...]
    unchanged: tuple[Path, ...]
    confirmed: int = 0
    repaired: int = 0
    dropped_marks: tuple[str, ...] = ()


def update_catalogs(
    config: Config,
    locales: Sequence[str],
    track: Track = untracked,
    templates: Mapping[str, Catalog] | None = None,
) -> UpdateReport:
    """Bring every catalog of `locales` up to date with the templates; validate all, then write.

    `templates` (document id -> template) are those `extract` just wrote; else they are read."""
    return write_plan(plan_update(config, locales, track, templates))


def plan_update(
    config: Config,
    locales: Sequence[str],
    track: Track = untracked,
    given: Mapping[str, Catalog] | None = None,
) -> list[Planned]:
    """Read and merge everything, writing nothing; a malformed file raises PipelineError.

    Locales share nothing, so a large project plans them in worker processes, one locale a
    task (the project memory lends translations across a locale's documents, not across
    locales); the plan and the first error are those of planning locale by locale."""
    templates = read_templates(config) if given is None else in_template_order(config, given)
    codes = list(locales)
    workers = min(len(codes), worker_count(config.jobs, len(templates) * len(codes)))
    plans = map_shared(_plan_locale, (config, templates), codes, workers)
    return [item for _, plan in zip(track(codes, "update"), plans, strict=True) for item in plan]


def _plan_locale(shared: tuple[Config, Mapping[str, Catalog]], locale: str) -> list[Planned]:
    config, templates = shared
    return plan_locale(config, locale, templates)


def write_plan(plan: Sequence[Planned]) -> UpdateReport:
    """Write what changed, each file atomically; the caller holds the project lock."""
    remove_stale_temporaries({item.path.parent for item in plan})
    created: list[Path] = []
    updated: list[Path] = []
    unchanged: list[Path] = []
    for item in plan:
        if item.data is None or not write_if_changed(item.path, item.data):
            unchanged.append(item.path)
        else:
            (created if item.created else updated).append(item.path)
    dropped = tuple(line for item in plan for line in item.dropped_marks)
    confirmed = sum(item.confirmed for item in plan)
    repaired = sum(item.repaired for item in plan)
    return UpdateReport(
        tuple(created), tuple(updated), tuple(unchanged), confirmed, repaired, dropped
    )


def remove_stale_temporaries(folders: Iterable[Path]) -> None:
    """Remove temporary files a killed run left (`.<name>.po.<random>.pipeline-tmp`, files.py).

    Safe because the caller holds the project lock: no other run is writing them now.
    """
    for folder in sorted(folders):
        for stale in (*folder.glob(f".*.po.*{TEMPORARY_SUFFIX}"), *folder.glob(".*.po.*.tmp")):
            stale.unlink(missing_ok=True)


def read_templates(config: Config) -> dict[str, Catalog]:
    """Every template, by document id, in a stable order."""
    templates = {}
    for path in sorted(config.templates_dir.rglob("*.pot")):
        doc_id = path.relative_to(config.templates_dir).with_suffix("").as_posix()
        templates[doc_id] = parse_po(_read(path) or b"", path)
    return templates


def in_template_order(config: Config, given: Mapping[str, Catalog]) -> dict[str, Catalog]:
    """The templates in `read_templates`' order (by file path): translation memory depends on it."""
    return {doc_id: given[doc_id] for doc_id in sorted(given, key=config.template_path)}


def plan_locale(config: Config, locale: str, templates: Mapping[str, Catalog]) -> list[Planned]:
    """Merge each template with the locale's catalog for it, then share translations."""
    limit = max_plurals(locale)
    before: dict[str, bytes | None] = {}
    olds: dict[str, Catalog] = {}
    merged: dict[str, Catalog] = {}
    confirmed: dict[str, int] = {}
    repaired: dict[str, bool] = {}
    for doc_id, template in templates.items():
        path = config.catalog_path(locale, doc_id)
        data = before[doc_id] = _read(path)
        old = EMPTY if data is None else parse_po(data, path, nplurals=limit, language=locale)
        old, repaired[doc_id] = repair_pybabel(old, FIELD_ORDER)
        olds[doc_id] = old
        header = build_header(template, old, locale, _reference(config, doc_id))
        # New plural entries get as many forms as this catalog's own rule has.
        nplurals = plural_count(_field(header.msgstr, "Plural-Forms")) or limit
        # Another shard's document is merged only for what it offers the project memory:
        # translations used as they are. Fuzzy matches offer nothing, so they are skipped.
        mine = config.in_shard(doc_id)
        merged[doc_id] = merge_catalog(template, old, header, nplurals, fuzzy=mine)
        keys = {message.key for message in template.messages}
        confirmed[doc_id] = sum(reverted(m) and m.key in keys for m in old.messages)
    plan = []
    memory = read_tm(config.tm_files, describe_locale(locale).tag) if config.tm_files else {}
    for doc_id, filled in fill_from_tm(fill_from_memory(merged), memory).items():
        if not config.in_shard(doc_id):
            continue
        path = config.catalog_path(locale, doc_id)
        catalog, dropped = drop_stale_marks(filled, olds[doc_id], path)
        data = render_po(catalog).encode("utf-8")
        unchanged = data == before[doc_id]
        created = before[doc_id] is None
        planned = Planned(path, None if unchanged else data, created, confirmed[doc_id])
        plan.append(replace(planned, repaired=repaired[doc_id], dropped_marks=tuple(dropped)))
    return plan


def _field(header: str, name: str) -> str:
    found = re.search(rf"^{name}[ \t]*:(.*)$", header, re.MULTILINE)
    return found[1] if found else ""


def _read(path: Path) -> bytes | None:
    """None for a catalog that does not exist yet (the caller holds the project lock)."""
    return read_bytes(path) if path.exists() else None


def _reference(config: Config, doc_id: str) -> str:
    return source_reference(source_path(config.source_dir, doc_id), config.root)
