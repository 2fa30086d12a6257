"""Undo what `pybabel update` does to our catalogs, so that its output merges back canonically.

Babel reads `#|` previous msgids but writes them back as translator comments (`# | msgid "…"`),
and it rewrites the header: its placeholders (`Report-Msgid-Bugs-To: EMAIL@ADDRESS`), its own
`Generated-By`, `charset=utf-8`, two spaces in `Project-Id-Version` and its field order. Left
alone, `update` would keep all of that forever, and the fuzzy message would lose its `#|`.
"""

from __future__ import annotations

import re
from dataclasses import replace

from pipeline.po import Catalog, Message
from pipeline.po_reader import parse_po

_PREVIOUS_COMMENT = re.compile(r'\| (msgctxt|msgid|msgid_plural) (".*")')
_CONTINUED = re.compile(r'\| (".*")')
_PLACEHOLDERS = ("EMAIL@ADDRESS", "FULL NAME <EMAIL@ADDRESS>", "LANGUAGE <LL@li.org>")


def repair_pybabel(catalog: Catalog, order: list[str]) -> tuple[Catalog, bool]:
    """The catalog with Babel's changes undone, and whether there were any.

    `order` is the project's order of header fields: Babel's own order is put back into it.
    """
    messages = tuple(_repair_message(message) for message in catalog.messages)
    header = _repair_header(catalog.header, order)
    repaired = Catalog(header=header, messages=messages)
    return repaired, repaired != catalog


def _repair_message(message: Message) -> Message:
    """`# | msgid "…"` translator comments (Babel's spelling of `#|`) back into previous fields."""
    previous: dict[str, list[str]] = {}
    kept: list[str] = []
    last = None
    for comment in message.translator_comments:
        if (found := _PREVIOUS_COMMENT.fullmatch(comment)) and found[1] not in previous:
            last = found[1]
            previous[last] = [found[2]]
        elif last is not None and (more := _CONTINUED.fullmatch(comment)):
            previous[last].append(more[1])
        else:
            last = None
            kept.append(comment)
    if "msgid" not in previous or message.previous_msgid is not None:
        return message
    return replace(
        message,
        translator_comments=tuple(kept),
        previous_msgctxt=_string(previous.get("msgctxt")),
        previous_msgid=_string(previous["msgid"]),
        previous_msgid_plural=_string(previous.get("msgid_plural")),
    )


def _string(parts: list[str] | None) -> str | None:
    """The text of PO string literals, unescaped by the one reader there is."""
    if parts is None:
        return None
    snippet = "msgid " + "\n".join(parts) + '\nmsgstr ""\n'
    return parse_po(snippet.encode("utf-8"), "<comment>").messages[0].msgid


def _repair_header(header: Message, order: list[str]) -> Message:
    fields = Catalog(header=header, messages=()).header_fields
    if not any(name == "Generated-By" and value.startswith("Babel") for name, value in fields):
        return header
    kept = [
        (name, value.replace("charset=utf-8", "charset=UTF-8"))
        for name, value in fields
        if name != "Generated-By" and value not in _PLACEHOLDERS
    ]
    rank = {name: index for index, name in enumerate(order)}
    kept.sort(key=lambda field: rank.get(field[0], len(order)))  # stable: others keep theirs
    text = "".join(f"{name}: {value}\n" for name, value in kept)
    return replace(header, msgstr=text)
