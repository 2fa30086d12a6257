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
   for byte (`splicing.py`).
"""

from __future__ import annotations

import bisect
import dataclasses
import re
from collections.abc import Iterator, Sequence
from dataclasses import dataclass
from typing import Literal

from markdown_it.token import Token

from pipeline.extract.documents import Document, line_starts
from pipeline.extract.lines import Lines, join_lines, locate_lines
from pipeline.extract.masking import mask_body
from pipeline.extract.parsing import PARSER, build_parser
from pipeline.extract.rows import split_row
from pipeline.extract.scanning import Masked, SyntaxKind
from pipeline.pickling import by_fields

Kind = Literal[
    "heading",
    "paragraph",
    "list item",
    "blockquote",
    "table header",
    "table cell",
    "image alt text",
    "front matter",
    SyntaxKind,
]
"""What a segment is; its name appears in each template entry's `#.` comment."""
HEADING: Kind = "heading"
PARAGRAPH: Kind = "paragraph"
LIST_ITEM: Kind = "list item"
BLOCKQUOTE: Kind = "blockquote"
TABLE_HEADER: Kind = "table header"
TABLE_CELL: Kind = "table cell"
IMAGE_ALT: Kind = "image alt text"
FRONT_MATTER: Kind = "front matter"

# Everything in a container prefix that is not a blockquote marker or white space is a list marker,
# which continuation lines replace with spaces of the same width.
LIST_MARKER_CHAR = re.compile(r"[^>\s]")
# A link reference definition whose URL scheme markdown-it refuses (`javascript:`) reads as a
# paragraph, but is no prose: the site's own Markdown defines a link with it.
REJECTED_DEFINITION = re.compile(r"\[[^\]^][^\]]*\]:[ \t]*[A-Za-z][\w+.-]*:\S+")


@dataclass(frozen=True, slots=True)
class Segment:
    """One translatable leaf of a document."""

    kind: Kind
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
    """For front matter, shortcode parameters and JSX attributes: the key the value belongs to."""

    __reduce__ = by_fields

    @property
    def description(self) -> str:
        """The `#.` comment: what it is and where it sits."""
        if self.key and self.kind != FRONT_MATTER and self.heading:
            return f"{self.kind}: {self.key}, under “{self.heading}”"
        if self.key:
            return f"{self.kind}: {self.key}"
        if self.heading and self.kind != HEADING:
            return f"{self.kind}, under “{self.heading}”"
        return self.kind


# Extraction needs the inline structure of few leaves (see `_inline_children`), so it parses
# blocks only: the inline pass is half of markdown-it's time.
BLOCK_PARSER = build_parser().disable("inline")
# Characters that can make inline content other than text: code, HTML, autolinks, entities,
# images, escapes, and `]` before a link's destination. Emphasis keeps its words as text.
INLINE_MARKUP = re.compile(r"[`<&!\\\]]")
# A line of white space only. markdown-it reads it as it reads an empty line, but walks its
# white space in Python; masking blanks whole lines (markers, hidden code), so they are emptied
# before parsing. Line numbers stay, and `Lines` reads the unparsed masked text.
BLANK_LINE = re.compile(r"^[ \t]+$", re.MULTILINE)


def build_segments(
    document: Document, front_matter_keys: Sequence[str], syntax: frozenset[str] = frozenset()
) -> list[Segment]:
    """All segments of a document in document order: front matter first, then the body.

    `syntax` holds the features of the site syntax profiles the sources use (profiles.py).
    """
    segments = [
        Segment(
            FRONT_MATTER, field.value.strip(), field.start, field.end, field.line, key=field.key
        )
        for field in document.fields
        if field.key in front_matter_keys and _has_letters(field.value)
    ]
    masked = mask_body(document.body, syntax, document.path, document.body_line)
    body = list(_body_segments(document, masked))
    segments.extend(_with_syntax_texts(body, masked, document))
    return segments


def _with_syntax_texts(body: list[Segment], masked: Masked, document: Document) -> list[Segment]:
    """Titles and prose parameters of the site syntax, in document order among the others."""
    if not masked.texts:
        return body
    shift = document.front_matter_end
    starts = line_starts(document.text)
    found = [
        Segment(
            text.kind,
            document.text[shift + text.start : shift + text.end],
            shift + text.start,
            shift + text.end,
            bisect.bisect_right(starts, shift + text.start),
            key=text.key,
        )
        for text in masked.texts
    ]
    merged = sorted([*body, *found], key=lambda segment: segment.start)
    heading = ""
    out = []
    for segment in merged:
        if segment.kind != HEADING and not segment.heading and heading:
            segment = dataclasses.replace(segment, heading=heading)
        heading = segment.text if segment.kind == HEADING else heading
        out.append(segment)
    return out


def _body_segments(document: Document, masked: Masked) -> Iterator[Segment]:
    lines = Lines(document, masked.text)
    containers: list[Kind] = []
    heading = ""
    cell = 0
    env: dict[str, object] = {}
    parsed = masked.text if masked.text is document.body else BLANK_LINE.sub("", masked.text)
    tokens = BLOCK_PARSER.parse(parsed, env)
    for index, token in enumerate(tokens):
        if token.type == "blockquote_open" and token.map is not None:
            containers.append(masked.containers.get(token.map[0], BLOCKQUOTE))
        elif token.type in ("bullet_list_open", "ordered_list_open"):
            containers.append(LIST_ITEM)
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


def _block_kind(containers: list[Kind]) -> Kind:
    return containers[-1] if containers else PARAGRAPH


def _block_segment(
    lines: Lines, inline: Token, opener: Token, kind: Kind, heading: str
) -> Segment | None:
    """A paragraph or heading: locate each content line at the end of its source line."""
    if inline.map is None:
        raise RuntimeError("markdown-it gave a block's inline token no line map")
    first = inline.map[0]
    pieces = locate_lines(lines, inline, first, atx=opener.markup.startswith("#"))
    start = pieces[0][0]
    end = pieces[-1][0] + len(pieces[-1][1])
    line_start, line_text = lines.get(first, original=True)
    prefix = "" if kind == HEADING else LIST_MARKER_CHAR.sub(" ", line_text[: start - line_start])
    segment = Segment(
        kind,
        join_lines(p[1] for p in pieces),
        start,
        end,
        lines.line_number(first),
        heading,
        prefix,
    )
    alt = _image_alt(inline, segment) if kind != HEADING else None
    if alt is not None:
        return alt
    if kind == PARAGRAPH and REJECTED_DEFINITION.fullmatch(segment.text):
        return None
    return segment if _translatable(inline) else None


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
    lines: Lines, inline: Token, opener: Token, cell: int, heading: str
) -> Segment | None:
    """A table cell, found by splitting its row on unescaped pipes as GFM does."""
    if inline.map is None:
        raise RuntimeError("markdown-it gave a block's inline token no line map")
    offset, text = lines.get(inline.map[0])
    cells = split_row(text)
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


def _translatable(inline: Token) -> bool:
    """A leaf is worth a translator's time when some of its plain text has letters."""
    if inline.children is None:  # no markup but emphasis: all of it is plain text
        return _has_letters(inline.content)
    return any(
        child.type == "text" and _has_letters(child.content) for child in inline.children or []
    )


def _has_letters(text: str) -> bool:
    return any(char.isalpha() for char in text)
