"""[Segment] + translations -> the localized document: each span replaced, all else byte for byte.

A translation is shaped for its span (`fit`): a YAML string in front matter, one line where a
newline would end the leaf, and the container prefix after every newline elsewhere.
"""

from __future__ import annotations

import operator
import re
from collections.abc import Callable, Sequence

from pipeline.extract.documents import NEWLINE
from pipeline.extract.scanning import ESCAPES, ONE_LINE_SYNTAX
from pipeline.extract.segments import (
    FRONT_MATTER,
    HEADING,
    IMAGE_ALT,
    TABLE_CELL,
    TABLE_HEADER,
    Segment,
)
from pipeline.json_pieces import json_text

UNESCAPED_PIPE = re.compile(r"(?<!\\)\|")
# One line only: a newline would end the row, the heading, the alt text or the syntax's line.
ONE_LINE = frozenset({TABLE_HEADER, TABLE_CELL, IMAGE_ALT, HEADING}) | ONE_LINE_SYNTAX
_START = operator.attrgetter("start")  # C-level sort key: a page splices twice per site
YAML_UNSAFE = re.compile("[\x7f-\x9f\u2028\u2029\ufeff\ufffe\uffff\ud800-\udfff]")


def splice(
    text: str, segments: Sequence[Segment], translate: Callable[[Segment], str | None]
) -> str:
    """The document with each segment's span replaced by its translation.

    A segment left untranslated (None, or its own msgid) keeps its source bytes, so untranslated
    documents come back unchanged: line endings, wrapping and spacing included.
    """
    ordered = sorted(segments, key=_START)
    return splice_in_order(text, ordered, [translate(segment) for segment in ordered])


def splice_in_order(
    text: str, segments: Sequence[Segment], translations: Sequence[str | None]
) -> str:
    """`splice` of segments already in document order, each with its translation (the sites
    lay out every page of a document from the same segments: no sort and no call a segment)."""
    out: list[str] = []
    position = 0
    lone_lf = "\r" not in text  # then every line ends in LF: no search around each segment
    for segment, translation in zip(segments, translations, strict=True):
        if translation is None or translation == segment.text:
            continue
        out.append(text[position : segment.start])
        newline = "\n" if lone_lf else _line_ending(text, segment.start)
        out.append(fit(segment, translation, newline))
        position = segment.end
    out.append(text[position:])
    return "".join(out)


def fit(segment: Segment, translation: str, newline: str) -> str:
    """A translation shaped for its span: a YAML string, or Markdown with container prefixes."""
    if segment.kind == FRONT_MATTER:
        # JSON strings are YAML double-quoted scalars once the characters YAML may not hold
        # raw (C1 controls, U+2028/2029 line breaks, BOM, non-characters) are escaped too.
        quoted = json_text(translation)
        if YAML_UNSAFE.search(quoted) is None:
            return quoted
        return YAML_UNSAFE.sub(lambda m: f"\\u{ord(m.group(0)):04x}", quoted)
    if segment.kind in ONE_LINE:
        lines = translation.splitlines()
        line = lines[0].strip() if len(lines) == 1 else " ".join(line.strip() for line in lines)
        if segment.kind in (TABLE_HEADER, TABLE_CELL) and "|" in line:
            # A bare pipe would split the cell in two (GFM wants `\|`, even in a code span).
            line = UNESCAPED_PIPE.sub(r"\\|", line)
        for unsafe, escaped in ESCAPES.get(segment.kind, ()):
            line = unsafe.sub(escaped, line)
        return line
    # A blank line would end the paragraph (and loosen a list); a CR would be a line ending.
    if "\n" not in translation and "\r" not in translation:
        return translation if translation.strip() else ""  # one line: nothing to join
    lines = NEWLINE.split(translation)
    return (newline + segment.prefix).join(line for line in lines if line.strip())


def _line_ending(text: str, offset: int) -> str:
    """The line ending the document uses around `offset` (CRLF files stay CRLF)."""
    found = NEWLINE.search(text, offset)
    return found.group(0) if found else "\n"
