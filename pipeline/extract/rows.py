"""GFM table rows -> cells, with their columns, as markdown-it splits them."""

from __future__ import annotations

import itertools
import re

# Container prefixes before a table row: quote markers, indentation, and list markers on the
# row that opens a list item.
ROW_PREFIX = re.compile(r"^(?:[ \t>]|(?:[-*+]|\d{1,9}[.)])(?=[ \t]))*")


def split_row(text: str) -> list[tuple[int, str]]:
    """(column, stripped content) of each cell of a table row."""
    begin = ROW_PREFIX.match(text)
    position = begin.end() if begin else 0
    bounds = [position - 1]
    escaped = False
    for column in range(position, len(text)):
        char = text[column]
        if char == "|" and not escaped:
            bounds.append(column)
        escaped = char == "\\" and not escaped
    bounds.append(len(text.rstrip()))
    cells = []
    for left, right in itertools.pairwise(bounds):
        raw = text[left + 1 : right]
        stripped = raw.strip()
        cells.append((left + 1 + len(raw) - len(raw.lstrip()), stripped))
    if text[position : position + 1] == "|":
        cells = cells[1:]
    if text.rstrip().endswith("|") and cells and not cells[-1][1]:
        cells = cells[:-1]
    return cells
