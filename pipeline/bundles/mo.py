"""Compiled catalogs: the GNU `.mo` file of a bundle and the entries that go in it."""

from __future__ import annotations

import struct
from collections.abc import Iterable

from babel.messages.plurals import get_plural

from pipeline.po import Message, build_header_fields, render_header


def default_header(locale: str) -> str:
    """The `.mo` header when the locale has no catalog yet."""
    values = {"Language": locale, "Plural-Forms": get_plural(locale).plural_forms}
    return render_header(build_header_fields(values))


def mo_entry(message: Message) -> tuple[str, str]:
    key = message.msgid if message.msgctxt is None else f"{message.msgctxt}\x04{message.msgid}"
    if message.msgid_plural is None:
        return key, message.msgstr
    return f"{key}\0{message.msgid_plural}", "\0".join(message.msgstr_plural)


def render_mo(entries: Iterable[tuple[str, str]]) -> bytes:
    """A GNU `.mo` file: sorted originals, no hash table (optional in the format), little endian."""
    pairs = sorted((key.encode("utf-8"), value.encode("utf-8")) for key, value in entries)
    count = len(pairs)
    originals, translations = 28, 28 + 8 * count
    offset = 28 + 16 * count
    table: list[int] = []
    for strings in ([k for k, _ in pairs], [v for _, v in pairs]):
        for data in strings:
            table += [len(data), offset]
            offset += len(data) + 1
    header = struct.pack("<7I", 0x950412DE, 0, count, originals, translations, 0, 0)
    data = b"".join(k + b"\0" for k, _ in pairs) + b"".join(v + b"\0" for _, v in pairs)
    return header + struct.pack(f"<{len(table)}I", *table) + data
