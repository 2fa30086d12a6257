"""JSON documents written a piece at a time: a large list's items dumped one by one.

`json.dumps` of a whole document builds every item's objects first: for the manifest of 10,000
documents or the 534,000 findings of their check, several times the output's size in memory.
And `json_text`, for the many small values (front matter strings) written one by one.
"""

from __future__ import annotations

import json
from collections.abc import Iterable, Iterator
from typing import Any


def dump_pieces(head: dict[str, Any], items: Iterable[Any]) -> Iterator[str]:
    """`json.dumps(document, ensure_ascii=False, indent=2) + "\\n"` in pieces, where `document`
    is `head` with `items` as the list of its last key (an empty list in `head`)."""
    last = list(head)[-1]
    assert head[last] == [], "the list the items fill is the last key"
    key = json.dumps(last, ensure_ascii=False)
    before, _, after = json.dumps(head, ensure_ascii=False, indent=2).rpartition(f"{key}: []")
    opened = False
    for item in items:
        # Indented as `json.dumps` of the whole would: two levels deep.
        piece = "    " + json.dumps(item, ensure_ascii=False, indent=2).replace("\n", "\n    ")
        yield (",\n" if opened else f"{before}{key}: [\n") + piece
        opened = True
    yield f"\n  ]{after}\n" if opened else f"{before}{key}: []{after}\n"


_ENCODER = json.JSONEncoder(ensure_ascii=False)


def json_text(value: object) -> str:
    """`json.dumps(value, ensure_ascii=False)` by one encoder: `json.dumps` with an option
    builds a new encoder at each call, and a site's pages quote tens of thousands of values."""
    return _ENCODER.encode(value)
