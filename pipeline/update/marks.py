"""Drop stale review marks while `update` merges, and report each one with its place.

The rule for a mark lives in `pipeline.review`; `update` applies it to every catalog it writes,
so a mark never outlives the text it approved.
"""

from __future__ import annotations

from dataclasses import replace
from pathlib import Path

from pipeline.po import Catalog, Message
from pipeline.review import PREFIX, find_mark, is_stale, unmark


def drop_stale_marks(catalog: Catalog, old: Catalog, path: Path) -> tuple[Catalog, list[str]]:
    """The catalog without stale marks, and one `path:line: ...` report line per mark dropped.

    The line is the entry's line in the catalog as it was read, where the translator left it.
    """
    if not any(is_stale(m) for m in catalog.messages):
        return catalog, []
    lines = {c: m.line for m in old.messages for c in m.translator_comments if c.startswith(PREFIX)}
    messages, reports = [], []
    for message in catalog.messages:
        if is_stale(message):
            mark = find_mark(message)
            comment = next(c for c in message.translator_comments if c.startswith(PREFIX))
            who = f" by {mark.by} on {mark.date}" if mark else ""
            why = "is fuzzy" if message.fuzzy else _why(message)
            line = lines.get(comment, message.line)
            reports.append(f"{path}:{line}: review mark{who} dropped: the translation {why}")
            message = unmark(message)
        messages.append(message)
    return replace(catalog, messages=tuple(messages)), reports


def _why(message: Message) -> str:
    if not message.translated and not message.obsolete:
        return "is empty"
    return "changed since it was reviewed"
