"""Source lines as markdown-it numbers them -> offsets in `Document.text`, and a leaf's text.

markdown-it gives each block its 0-based body lines and its content with container prefixes
taken off; these find that content again in the source, byte for byte.
"""

from __future__ import annotations

import re
from collections.abc import Iterator

from markdown_it.token import Token

from pipeline.extract.documents import Document, line_starts

HARD_BREAK = re.compile(r"(?:  +|(?<!\\)(?:\\\\)*\\)$")


class Lines:
    """Lines of the document as markdown-it numbers them, located in `Document.text`."""

    def __init__(self, document: Document, masked_body: str):
        self.original = document.text
        # Offsets are the same in both: masking keeps every character's place.
        self.text = document.text[: document.front_matter_end] + masked_body
        self.starts = line_starts(document.text)
        self.shift = document.body_line

    def get(self, body_line: int, original: bool = False) -> tuple[int, str]:
        """Offset and text (no line ending) of a body line, by markdown-it's 0-based number;
        as markdown-it reads it (site syntax masked) unless `original`."""
        number = body_line + self.shift
        start = self.starts[number]
        end = self.starts[number + 1] if number + 1 < len(self.starts) else len(self.text)
        text = self.original if original else self.text
        return start, text[start:end].rstrip("\r\n")

    def line_number(self, body_line: int) -> int:
        return body_line + self.shift + 1


def locate_lines(lines: Lines, inline: Token, first: int, atx: bool) -> list[tuple[int, str]]:
    """(offset, text) of the content of each source line of a block (a setext underline is not)."""
    contents = inline.content.split("\n")
    numbers = range(first, first + len(contents))
    pieces = []
    for number, content in zip(numbers, contents, strict=True):
        offset, text = lines.get(number)
        wanted = content.lstrip(" \t")  # leading white space may be expanded from tabs
        if atx:
            column = text.find(wanted, len(text) - len(text.lstrip(" \t>")))
        else:
            source = text if number != numbers[-1] else text.rstrip(" \t")
            column = len(source) - len(wanted)
        if text[column : column + len(wanted)] != wanted:
            raise RuntimeError(f"line {number + 1}: {wanted!r} not found in {text!r}")
        pieces.append((offset + column, wanted))
    return pieces


def join_lines(pieces: Iterator[str]) -> str:
    """Soft breaks become one space; hard breaks keep their spaces or backslash and a newline."""
    out: list[str] = []
    for piece in pieces:
        if out:
            previous = out[-1]
            out[-1] = (
                previous + "\n" if HARD_BREAK.search(previous) else previous.rstrip(" \t") + " "
            )
        out.append(piece)
    return "".join(out)
