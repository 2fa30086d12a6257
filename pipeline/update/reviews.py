"""`pipeline review`: add or remove review marks on the selected catalogs' entries.

The rule for a mark (what it approves, when it is stale) lives in `pipeline.review`. The command
plans every change before it writes: an unknown document or msgid is an error, and nothing is
written.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass, replace

from babel.messages.plurals import get_plural

from pipeline.config import Config
from pipeline.errors import PipelineError
from pipeline.files import read_bytes
from pipeline.po import Message, render_po
from pipeline.po_reader import parse_po
from pipeline.review import find_mark, is_reviewed, is_stale, mark_reviewed, unmark
from pipeline.update.catalogs import Planned, read_templates


@dataclass(frozen=True, slots=True)
class ReviewPlan:
    """What `review` will write, and its counts."""

    planned: tuple[Planned, ...]
    changed: int
    """Entries marked (or unmarked)."""
    kept: int
    """Entries already in the state asked for."""
    skipped: int
    """Entries not translated (fuzzy or empty): they cannot be reviewed."""


def plan_review(
    config: Config,
    locales: Sequence[str],
    documents: Sequence[str],
    msgids: Sequence[str],
    mark: tuple[str, str] | None,
) -> ReviewPlan:
    """Mark (`mark` = (by, date)) or unmark the selected entries; raise before writing."""
    known = read_templates(config)
    for document in documents:
        if document not in known:
            raise PipelineError(f"no document {document!r} (no template for it)", config.path)
    wanted = set(msgids)
    found: set[str] = set()
    planned, counts = [], [0, 0, 0]
    for locale in locales:
        for document in documents or list(known):
            path = config.catalog_path(locale, document)
            if not path.exists():
                continue
            data = read_bytes(path)
            nplurals = get_plural(locale).num_plurals
            catalog = parse_po(data, path, nplurals=nplurals, language=locale)
            messages = []
            for message in catalog.messages:
                if message.obsolete or (wanted and message.msgid not in wanted):
                    messages.append(message)
                    continue
                found.add(message.msgid)
                new, outcome = _apply(message, mark)
                counts[outcome] += 1
                messages.append(new)
            new_data = render_po(replace(catalog, messages=tuple(messages))).encode("utf-8")
            planned.append(Planned(path, None if new_data == data else new_data, False))
    missing = [msgid for msgid in msgids if msgid not in found]
    if missing:
        raise PipelineError(
            f"no entry with msgid {missing[0]!r} in the catalogs selected", config.locales_dir
        )
    return ReviewPlan(tuple(planned), *counts)


def _apply(message: Message, mark: tuple[str, str] | None) -> tuple[Message, int]:
    """The message marked or unmarked, and 0 (changed), 1 (kept) or 2 (skipped)."""
    if mark is None:
        return (unmark(message), 0) if find_mark(message) or is_stale(message) else (message, 1)
    if not message.translated:
        return message, 2
    if is_reviewed(message):
        return message, 1
    return mark_reviewed(message, *mark), 0
