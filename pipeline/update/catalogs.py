"""Templates -> catalogs: create and merge one catalog per locale and document, safely.

`update` reads each template once, then, locale by locale, reads every existing catalog strictly
(with the locale's plural count and code, so a catalog that contradicts its locale is an error),
merges it (`merging.py`), fills untranslated messages from the project's translation memory
(`memory.py`) and renders it in `msgcat --no-wrap` form, a document at a time, staging each
changed catalog in a temporary file beside it. Nothing is renamed until every catalog of every
requested locale has been read and merged: one malformed catalog stops the run with its
`path:line`, removes what was staged and leaves every file as it was. Then each changed catalog
is renamed into place (`write_plan`); unchanged ones are not touched.
The caller holds the project lock.
"""

from __future__ import annotations

import re
from collections.abc import Iterable, Mapping, Sequence, Set
from dataclasses import dataclass, replace
from pathlib import Path
from typing import cast

from pipeline.config import Config
from pipeline.errors import PipelineError
from pipeline.extract.documents import source_path, source_reference
from pipeline.files import (
    TEMPORARY_SUFFIX,
    Spool,
    SpooledMapping,
    commit_staged,
    discard_staged,
    map_shared,
    read_bytes,
    spills,
    stage_if_changed,
    write_if_changed,
)
from pipeline.locales import describe_locale, max_plurals, plural_count
from pipeline.po import Catalog, render_po
from pipeline.po_reader import parse_po
from pipeline.progress import Track, untracked
from pipeline.split import worker_count
from pipeline.update.headers import EMPTY, FIELD_ORDER, build_header
from pipeline.update.marks import drop_stale_marks
from pipeline.update.memory import Key, Translation, collect_offers, fill, offered, wanted
from pipeline.update.merging import merge_catalog, reverted
from pipeline.update.repairs import repair_pybabel
from pipeline.update.tm import Memory, fill_from_tm, read_tm


@dataclass(frozen=True, slots=True)
class Planned:
    """One catalog as `update` will leave it."""

    path: Path
    data: bytes | None
    """The new content for `write_plan` to write, or None: the file already holds it, or its
    new content is `staged`."""
    created: bool
    confirmed: int = 0
    """Fuzzy messages made translated because the source went back to their previous msgid."""
    repaired: bool = False
    """`pybabel update` had rewritten this catalog (see repairs.py)."""
    dropped_marks: tuple[str, ...] = ()
    """`path:line: ...` for each stale review mark this update drops (see `marks.py`)."""
    staged: Path | None = None
    """The temporary file beside `path` that holds the new content (`update` stages it as it
    plans; `write_plan` renames it)."""


@dataclass(frozen=True, slots=True)
class UpdateReport:
    """What `update` did, for its summary line (sphinx-intl's three counts): catalogs counted,
    not listed (a run holds the report to its end; 50,000 paths at 10,000 documents)."""

    created: int
    updated: int
    unchanged: int
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
    """Read and merge everything, renaming nothing: each changed catalog is staged beside it
    for `write_plan`. A malformed file raises PipelineError, every staged file removed.

    Locales share nothing, so a large project plans them in worker processes, one locale a
    task (the project memory lends translations across a locale's documents, not across
    locales); the plan and the first error are those of planning locale by locale."""
    templates = read_templates(config) if given is None else in_template_order(config, given)
    codes = list(locales)
    # Before anything is staged: what a killed run left (the caller holds the project lock).
    remove_stale_temporaries({config.catalog_path(c, d).parent for c in codes for d in templates})
    workers = min(len(codes), worker_count(config.jobs, len(templates) * len(codes)))
    plans: list[list[Planned]] = []
    failures: list[PipelineError] = []
    try:
        results = map_shared(_plan_locale, (config, templates), codes, workers)
        for _, result in zip(track(codes, "update"), results, strict=True):
            if isinstance(result, PipelineError):
                failures.append(result)
            else:
                plans.append(result)
    except BaseException:
        discard_plan(item for plan in plans for item in plan)
        raise
    plan = [item for each in plans for item in each]
    if failures:
        discard_plan(plan)
        raise failures[0]
    return plan


def _plan_locale(
    shared: tuple[Config, Mapping[str, Catalog]], locale: str
) -> list[Planned] | PipelineError:
    config, templates = shared
    try:
        return plan_locale(config, locale, templates)
    except PipelineError as err:
        return err


def write_plan(plan: Sequence[Planned]) -> UpdateReport:
    """Write what changed, each file atomically; the caller holds the project lock."""
    own = {item.staged for item in plan if item.staged is not None}
    remove_stale_temporaries({item.path.parent for item in plan}, keep=own)
    created = updated = unchanged = 0
    for done, item in enumerate(plan):
        try:
            if item.staged is not None:
                commit_staged([(item.staged, item.path)])
                written = True
            else:
                written = item.data is not None and write_if_changed(item.path, item.data)
        except BaseException:
            discard_plan(plan[done + 1 :])
            raise
        if not written:
            unchanged += 1
        elif item.created:
            created += 1
        else:
            updated += 1
    dropped = tuple(line for item in plan for line in item.dropped_marks)
    confirmed = sum(item.confirmed for item in plan)
    repaired = sum(item.repaired for item in plan)
    return UpdateReport(created, updated, unchanged, confirmed, repaired, dropped)


def discard_plan(plan: Iterable[Planned]) -> None:
    """Remove the files a plan staged (one that will not be written)."""
    discard_staged([(item.staged, item.path) for item in plan if item.staged is not None])


def remove_stale_temporaries(folders: Iterable[Path], keep: Set[Path] = frozenset()) -> None:
    """Remove temporary files a killed run left (`.<name>.po.<pid>-<n>.pipeline-tmp`, files.py),
    except those in `keep` (this run's own, staged by its plan).

    Safe because the caller holds the project lock: no other run is writing them now.
    """
    for folder in sorted(folders):
        for stale in (*folder.glob(f".*.po.*{TEMPORARY_SUFFIX}"), *folder.glob(".*.po.*.tmp")):
            if stale not in keep:
                stale.unlink(missing_ok=True)


def read_templates(config: Config) -> dict[str, Catalog]:
    """Every template, by document id, in a stable order."""
    templates = {}
    for path in sorted(config.templates_dir.rglob("*.pot")):
        doc_id = path.relative_to(config.templates_dir).with_suffix("").as_posix()
        templates[doc_id] = parse_po(_read(path) or b"", path)
    return templates


def in_template_order(config: Config, given: Mapping[str, Catalog]) -> Mapping[str, Catalog]:
    """The templates in `read_templates`' order (by file path): translation memory depends on it.
    Spooled templates stay spooled."""
    order = sorted(given, key=config.template_path)
    if isinstance(given, SpooledMapping):
        return given.reordered(order)
    return {doc_id: given[doc_id] for doc_id in order}


Lent = list[tuple[Key, Translation]]
"""A catalog's translated messages, as `memory.offered` gives them."""


@dataclass(frozen=True, slots=True)
class _Merged:
    """A document's catalog of one locale, merged, before the project memory fills it."""

    doc_id: str
    catalog: Catalog
    old: Catalog
    created: bool
    confirmed: int
    repaired: bool


def plan_locale(config: Config, locale: str, templates: Mapping[str, Catalog]) -> list[Planned]:
    """Merge each template with the locale's catalog for it, then share translations, a
    document at a time: a catalog with nothing untranslated is finished (rendered and staged)
    at once, the others once every document has offered its translations."""
    limit = max_plurals(locale)
    tm = read_tm(config.tm_files, describe_locale(locale).tag) if config.tm_files else {}
    planned: dict[str, Planned] = {}
    spill = spills(len(templates))  # the merged catalogs that wait go to a file
    try:
        with Spool[object](config.root, spill) as spool:
            waiting: list[int] = []
            offering: list[tuple[str, int]] = []
            keys: set[Key] = set()  # untranslated somewhere
            for doc_id, template in templates.items():
                merged = _merge(config, locale, doc_id, template, limit)
                lent = offered(merged.catalog)
                if lent:
                    offering.append((doc_id, spool.put(lent)))
                if not config.in_shard(doc_id):
                    continue
                missing = wanted(merged.catalog)
                if missing:
                    keys |= missing
                    waiting.append(spool.put(merged))
                else:
                    planned[doc_id] = _finish(config, locale, merged, merged.catalog, tm)
            lent_by = ((d, cast(Lent, spool.get(n))) for d, n in sorted(offering))
            offers = collect_offers(lent_by, keys) if keys else {}
            for number in waiting:
                merged = cast(_Merged, spool.get(number))
                filled = fill(merged.doc_id, merged.catalog, offers)
                planned[merged.doc_id] = _finish(config, locale, merged, filled, tm)
    except BaseException:
        discard_plan(planned.values())
        raise
    return [planned[doc_id] for doc_id in templates if doc_id in planned]


def _merge(config: Config, locale: str, doc_id: str, template: Catalog, limit: int) -> _Merged:
    path = config.catalog_path(locale, doc_id)
    data = _read(path)
    old = EMPTY if data is None else parse_po(data, path, nplurals=limit, language=locale)
    old, repaired = repair_pybabel(old, FIELD_ORDER)
    header = build_header(template, old, locale, _reference(config, doc_id))
    # New plural entries get as many forms as this catalog's own rule has.
    nplurals = plural_count(_field(header.msgstr, "Plural-Forms")) or limit
    # Another shard's document is merged only for what it offers the project memory:
    # translations used as they are. Fuzzy matches offer nothing, so they are skipped.
    merged = merge_catalog(template, old, header, nplurals, fuzzy=config.in_shard(doc_id))
    keys = {message.key for message in template.messages}
    confirmed = sum(reverted(m) and m.key in keys for m in old.messages)
    return _Merged(doc_id, merged, old, data is None, confirmed, repaired)


def _finish(config: Config, locale: str, merged: _Merged, catalog: Catalog, tm: Memory) -> Planned:
    """Translation memory filled in, stale marks dropped, rendered; staged when it changed
    (in an existing folder: a new folder waits for `write_plan`, as does its catalog)."""
    path = config.catalog_path(locale, merged.doc_id)
    catalog = fill_from_tm({merged.doc_id: catalog}, tm)[merged.doc_id]
    catalog, dropped = drop_stale_marks(catalog, merged.old, path)
    data = render_po(catalog).encode("utf-8")
    staged, new = None, None
    if path.parent.is_dir():
        staged = stage_if_changed(path, data)
    else:
        new = data
    planned = Planned(path, new, merged.created, merged.confirmed, staged=staged)
    return replace(planned, repaired=merged.repaired, dropped_marks=tuple(dropped))


def _field(header: str, name: str) -> str:
    found = re.search(rf"^{name}[ \t]*:(.*)$", header, re.MULTILINE)
    return found[1] if found else ""


def _read(path: Path) -> bytes | None:
    """None for a catalog that does not exist yet (the caller holds the project lock)."""
    return read_bytes(path) if path.exists() else None


def _reference(config: Config, doc_id: str) -> str:
    return source_reference(source_path(config.source_dir, doc_id), config.root)
