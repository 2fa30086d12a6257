"""Document -> [Segment]: the translatable leaves, each with the exact span of source it came from.

Extraction principles (what a translator sees):

1. One segment per leaf block: heading, paragraph, list item paragraph, blockquote paragraph, table
   cell, the alt text of an image that stands alone in its paragraph, and each configured front
   matter string (list items one by one).
2. The msgid is the Markdown source of the leaf: inline markup stays as written (`**bold**`,
   `[text](url)`, `` `code` ``); container prefixes (`> `, list indentation) are not part of it.
3. Soft line breaks become one space; hard breaks stay as they are written, followed by a newline.
4. Code blocks, HTML blocks, link reference definitions, thematic breaks and unconfigured front
   matter are never extracted, and neither is a leaf whose text has no letters (numbers, emoji).
5. Every segment keeps its span in the document: replacing the span with a translation (its
   continuation lines prefixed with `prefix`) yields the localized document; all else stays byte
   for byte.
"""

from __future__ import annotations

import itertools
import json
import re
from collections.abc import Callable, Iterator, Sequence
from dataclasses import dataclass

from markdown_it import MarkdownIt
from markdown_it.token import Token

from pipeline.extract.documents import NEWLINE, Document, line_starts

HEADING = "heading"
PARAGRAPH = "paragraph"
LIST_ITEM = "list item"
BLOCKQUOTE = "blockquote"
TABLE_HEADER = "table header"
TABLE_CELL = "table cell"
IMAGE_ALT = "image alt text"
FRONT_MATTER = "front matter"

# Everything in a container prefix that is not a blockquote marker or white space is a list marker,
# which continuation lines replace with spaces of the same width.
LIST_MARKER_CHAR = re.compile(r"[^>\s]")
# Container prefixes before a table row: quote markers, indentation, and list markers on the
# row that opens a list item.
ROW_PREFIX = re.compile(r"^(?:[ \t>]|(?:[-*+]|\d{1,9}[.)])(?=[ \t]))*")
HARD_BREAK = re.compile(r"(?:  +|(?<!\\)(?:\\\\)*\\)$")
UNESCAPED_PIPE = re.compile(r"(?<!\\)\|")
YAML_UNSAFE = re.compile("[\x7f-\x9f\u2028\u2029\ufeff\ufffe\uffff\ud800-\udfff]")


@dataclass(frozen=True, slots=True)
class Segment:
    """One translatable leaf of a document."""

    kind: str
    """What it is: heading, paragraph, list item, blockquote, table header/cell, image alt text,
    front matter."""
    text: str
    """The msgid: Markdown source of the leaf, soft breaks joined (see the module docstring)."""
    start: int
    """Offset in `Document.text` where the span begins."""
    end: int
    """Offset where the span ends (exclusive)."""
    line: int
    """1-based line of the span's start in the document."""
    heading: str = ""
    """Text of the nearest heading above, for the translator's context; "" before the first."""
    prefix: str = ""
    """Written after each newline of a translation spliced into the span (container prefixes)."""
    key: str = ""
    """For front matter: the key the value belongs to."""

    @property
    def description(self) -> str:
        """The `#.` comment: what it is and where it sits."""
        if self.kind == FRONT_MATTER:
            return f"{FRONT_MATTER}: {self.key}"
        if self.heading and self.kind != HEADING:
            return f"{self.kind}, under “{self.heading}”"
        return self.kind


def build_parser(kind: type[MarkdownIt] = MarkdownIt) -> MarkdownIt:
    """CommonMark with GFM tables and strikethrough: the one set of parser options, for
    extraction, the bundles' HTML and the checks (which pass a subclass keeping link targets)."""
    return kind("commonmark").enable(["table", "strikethrough"])


# Characters that can start inline syntax (breaks, escapes, entities, emphasis, code, links,
# images, autolinks and HTML, strikethrough), and CR and NUL, which markdown-it normalizes.
INLINE_SYNTAX = re.compile(r"[\n\r\0!&*<>\[\]\\_`~]")


def is_plain_text(text: str) -> bool:
    """True when inline parsing would yield `text` itself as one text token: skip the parser."""
    return INLINE_SYNTAX.search(text) is None


PARSER = build_parser()
# Extraction needs the inline structure of few leaves (see `_inline_children`), so it parses
# blocks only: the inline pass is half of markdown-it's time.
BLOCK_PARSER = build_parser().disable("inline")
# Characters that can make inline content other than text: code, HTML, autolinks, entities,
# images, escapes, and `]` before a link's destination. Emphasis keeps its words as text.
INLINE_MARKUP = re.compile(r"[`<&!\\\]]")


def build_segments(document: Document, front_matter_keys: Sequence[str]) -> list[Segment]:
    """All segments of a document in document order: front matter first, then the body."""
    segments = [
        Segment(
            FRONT_MATTER, field.value.strip(), field.start, field.end, field.line, key=field.key
        )
        for field in document.fields
        if field.key in front_matter_keys and _has_letters(field.value)
    ]
    segments.extend(_body_segments(document))
    return segments


def _body_segments(document: Document) -> Iterator[Segment]:
    lines = _Lines(document)
    containers: list[str] = []
    heading = ""
    cell = 0
    env: dict[str, object] = {}
    tokens = BLOCK_PARSER.parse(document.body, env)
    for index, token in enumerate(tokens):
        if token.type in ("bullet_list_open", "ordered_list_open", "blockquote_open"):
            containers.append(BLOCKQUOTE if token.type == "blockquote_open" else LIST_ITEM)
        elif token.type in ("bullet_list_close", "ordered_list_close", "blockquote_close"):
            containers.pop()
        elif token.type == "tr_open":
            cell = 0
        elif token.type == "inline" and token.map is not None:
            _parse_inline_if_needed(token, env)
            opener = tokens[index - 1]
            if opener.type in ("th_open", "td_open"):
                segment = _cell_segment(lines, token, opener, cell, heading)
                cell += 1
            else:
                kind = HEADING if opener.type == "heading_open" else _block_kind(containers)
                segment = _block_segment(lines, token, opener, kind, heading)
            if opener.type == "heading_open":
                heading = segment.text if segment else heading
            if segment is not None:
                yield segment


def _parse_inline_if_needed(inline: Token, env: dict[str, object]) -> None:
    """Give `inline` its children when its content has markup that is not plain text.

    Without such markup every character is text or emphasis, and `children` stays None; so
    it does when letters come before any markup (they are text, so the leaf is translatable)
    and there is no image. `env` carries the link reference definitions of the block pass.
    """
    content = inline.content
    markup = INLINE_MARKUP.search(content)
    if markup is None or ("![" not in content and _has_letters(content[: markup.start()])):
        inline.children = None  # the block pass leaves an empty list, which would mean "no text"
        return
    inline.children = PARSER.parseInline(content, env)[0].children


def _block_kind(containers: list[str]) -> str:
    return containers[-1] if containers else PARAGRAPH


class _Lines:
    """Lines of the document as markdown-it numbers them, located in `Document.text`."""

    def __init__(self, document: Document):
        self.text = document.text
        self.starts = line_starts(document.text)
        self.shift = document.body_line

    def get(self, body_line: int) -> tuple[int, str]:
        """Offset and text (no line ending) of a body line, by markdown-it's 0-based number."""
        number = body_line + self.shift
        start = self.starts[number]
        end = self.starts[number + 1] if number + 1 < len(self.starts) else len(self.text)
        return start, self.text[start:end].rstrip("\r\n")

    def line_number(self, body_line: int) -> int:
        return body_line + self.shift + 1


def _block_segment(
    lines: _Lines, inline: Token, opener: Token, kind: str, heading: str
) -> Segment | None:
    """A paragraph or heading: locate each content line at the end of its source line."""
    if inline.map is None:
        raise RuntimeError("markdown-it gave a block's inline token no line map")
    first = inline.map[0]
    pieces = _locate_lines(lines, inline, first, atx=opener.markup.startswith("#"))
    start = pieces[0][0]
    end = pieces[-1][0] + len(pieces[-1][1])
    line_start, line_text = lines.get(first)
    prefix = "" if kind == HEADING else LIST_MARKER_CHAR.sub(" ", line_text[: start - line_start])
    segment = Segment(
        kind, _join(p[1] for p in pieces), start, end, lines.line_number(first), heading, prefix
    )
    alt = _image_alt(inline, segment) if kind != HEADING else None
    if alt is not None:
        return alt
    return segment if _translatable(inline) else None


def _locate_lines(lines: _Lines, inline: Token, first: int, atx: bool) -> list[tuple[int, str]]:
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


def _join(pieces: Iterator[str]) -> str:
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


def _image_alt(inline: Token, segment: Segment) -> Segment | None:
    """A paragraph that is one image gives its alt text, not the image markup, to translate."""
    children = [
        child
        for child in inline.children or []
        if child.type not in ("softbreak", "link_open", "link_close")
        and not (child.type == "text" and not child.content.strip())
    ]
    if len(children) != 1 or children[0].type != "image":
        return None
    alt = children[0].content
    opening = segment.text.find("![")
    if not _has_letters(alt) or "\n" in alt or opening < 0:
        return None
    start = segment.start + opening + 2
    if segment.text[opening + 2 : opening + 2 + len(alt)] != alt or " " in segment.text[:opening]:
        return None
    return Segment(IMAGE_ALT, alt, start, start + len(alt), segment.line, segment.heading)


def _cell_segment(
    lines: _Lines, inline: Token, opener: Token, cell: int, heading: str
) -> Segment | None:
    """A table cell, found by splitting its row on unescaped pipes as GFM does."""
    if inline.map is None:
        raise RuntimeError("markdown-it gave a block's inline token no line map")
    offset, text = lines.get(inline.map[0])
    cells = _split_row(text)
    if cell >= len(cells) or not _translatable(inline):
        return None
    column, content = cells[cell]
    if content.replace("\\|", "|") != inline.content:
        raise RuntimeError(f"line {inline.map[0] + 1}: cell {content!r} is not {inline.content!r}")
    kind = TABLE_HEADER if opener.type == "th_open" else TABLE_CELL
    return Segment(
        kind,
        content,
        offset + column,
        offset + column + len(content),
        lines.line_number(inline.map[0]),
        heading,
    )


def _split_row(text: str) -> list[tuple[int, str]]:
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


def _translatable(inline: Token) -> bool:
    """A leaf is worth a translator's time when some of its plain text has letters."""
    if inline.children is None:  # no markup but emphasis: all of it is plain text
        return _has_letters(inline.content)
    return any(
        child.type == "text" and _has_letters(child.content) for child in inline.children or []
    )


def _has_letters(text: str) -> bool:
    return any(char.isalpha() for char in text)


def splice(
    text: str, segments: Sequence[Segment], translate: Callable[[Segment], str | None]
) -> str:
    """The document with each segment's span replaced by its translation.

    A segment left untranslated (None, or its own msgid) keeps its source bytes, so untranslated
    documents come back unchanged: line endings, wrapping and spacing included.
    """
    out: list[str] = []
    position = 0
    for segment in sorted(segments, key=lambda s: s.start):
        translation = translate(segment)
        if translation is None or translation == segment.text:
            continue
        out.append(text[position : segment.start])
        out.append(fit(segment, translation, _line_ending(text, segment.start)))
        position = segment.end
    out.append(text[position:])
    return "".join(out)


def fit(segment: Segment, translation: str, newline: str) -> str:
    """A translation shaped for its span: a YAML string, or Markdown with container prefixes."""
    if segment.kind == FRONT_MATTER:
        # JSON strings are YAML double-quoted scalars once the characters YAML may not hold
        # raw (C1 controls, U+2028/2029 line breaks, BOM, non-characters) are escaped too.
        quoted = json.dumps(translation, ensure_ascii=False)
        return YAML_UNSAFE.sub(lambda m: f"\\u{ord(m.group(0)):04x}", quoted)
    if segment.kind in (TABLE_HEADER, TABLE_CELL, IMAGE_ALT, HEADING):
        # One line only: a newline would end the row, the heading or the alt text.
        line = " ".join(line.strip() for line in translation.splitlines())
        if segment.kind in (TABLE_HEADER, TABLE_CELL):
            # A bare pipe would split the cell in two (GFM wants `\|`, even in a code span).
            line = UNESCAPED_PIPE.sub(r"\\|", line)
        return line
    # A blank line would end the paragraph (and loosen a list); a CR would be a line ending.
    lines = NEWLINE.split(translation)
    return (newline + segment.prefix).join(line for line in lines if line.strip())


def _line_ending(text: str, offset: int) -> str:
    """The line ending the document uses around `offset` (CRLF files stay CRLF)."""
    found = NEWLINE.search(text, offset)
    return found.group(0) if found else "\n"
