"""MDX for the masking pass: ESM lines, block `{expressions}` and JSX elements on their own lines.

Block tags are blanked and their prose attributes become entries; children keep their text, and
their common indentation (MDX has no indented code) becomes quote markers.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

from pipeline.extract import profiles as p
from pipeline.extract.scanning import JSX_ATTRIBUTE, JSX_CHILD, Scan

# Quote markers, indentation and list markers before a JSX tag.
CONTAINER_PREFIX = re.compile(r"(?:[ \t>]|(?:[-*+]|\d{1,9}[.)])(?=[ \t]))*")
ESM = re.compile(r"(?:import|export)[ \t{*]")


@dataclass(frozen=True, slots=True)
class _Tag:
    name: str
    closing: bool
    selfclosing: bool
    start: int
    end: int
    attributes: tuple[tuple[str, int, int], ...]
    """(name, start, end) of each quoted attribute value, offsets in the body."""


JSX_NAME = re.compile(r"<(/?)([A-Za-z][\w.:-]*)?")


# Most tags have no braces: then a regex finds the same end as the scan below, in C.
PLAIN_TAG = re.compile(r"""<[^<>{}"'`]*(?:(?<==)(?:"[^"]*"|'[^']*'|`[^`]*`)[^<>{}"'`]*)*>""")


def _jsx_tag(body: str, start: int) -> _Tag | None:
    """The tag at `start`, its attributes' quotes and braces (to any depth) balanced."""
    plain = PLAIN_TAG.match(body, start)
    if plain is not None:
        return _tag(plain.group(0), start, plain.end())
    depth = 0
    quote = ""
    flat = []  # the tag with braced values blanked, so attributes are found at the top level
    for index in range(start, len(body)):
        char = body[index]
        flat.append(" " if depth and char not in "{}" else char)
        if quote:
            quote = "" if char == quote else quote
        elif char in "\"'`" and (depth or body[index - 1] == "="):
            quote = char
        elif char == "{":
            depth += 1
        elif char == "}":
            depth -= 1
        elif char == ">" and depth == 0:
            return _tag("".join(flat), start, index + 1)
        elif char == "<" and depth == 0 and index > start:
            return None
    return None


def _tag(flat: str, start: int, end: int) -> _Tag:
    head = JSX_NAME.match(flat)
    if head is None:
        raise RuntimeError(f"JSX tag without '<' at offset {start}: {flat[:20]!r}")
    attributes = tuple(
        (found.group("key"), start + found.start("value"), start + found.end("value"))
        for found in p.JSX_ATTRIBUTE.finditer(flat, head.end())
    )
    closing = head.group(1) == "/"
    return _Tag(head.group(2) or "", closing, flat.endswith("/>"), start, end, attributes)


class Jsx:
    """MDX: ESM lines, block `{expressions}` and JSX elements standing on their own lines."""

    def __init__(self, scan: Scan):
        self.scan = scan
        # (name, offset, children's indentation or -1 before the first child) of open elements
        self.open: list[tuple[str, int, int]] = []

    def line(self, number: int, offset: int, text: str) -> int | None:
        """Handle a line that starts JSX syntax; the next line to read, or None if it does not."""
        if text[:1] in ("i", "e") and ESM.match(text):  # ESM at the start of any line, in JSX too
            return self._esm(number)
        if "<" not in text and "{" not in text:
            return None  # the usual line of prose: no tag, no expression
        prefix = CONTAINER_PREFIX.match(text)
        stripped = text[prefix.end() :] if prefix else text  # in a quote or list item too
        start = offset + len(text) - len(stripped)
        if stripped.startswith("{"):
            found = p.EXPRESSION.match(self.scan.body, start)
            if found is None:
                raise self.scan.fail("unclosed expression: '{' has no matching '}'", start)
            return self._block(found.end(), start, [])
        if (stripped.startswith("<") and stripped[1:2].isalpha()) or stripped[:2] in ("</", "<>"):
            return self._tags(start)
        return None

    def _esm(self, number: int) -> int:
        """An import or export runs to the next blank line, as MDX reads it."""
        while number < len(self.scan.starts):
            offset, text = self.scan.line(number)
            if not text.strip():
                break
            self.scan.blank(offset, offset + len(text))
            number += 1
        return number

    def _tags(self, start: int) -> int | None:
        tags: list[_Tag] = []
        position = start
        while True:
            found = _jsx_tag(self.scan.body, position)
            if found is None:
                if not tags:
                    raise self.scan.fail("unclosed JSX tag: '<' has no matching '>'", position)
                break
            tags.append(found)
            position = found.end
            while position < len(self.scan.body) and self.scan.body[position] in " \t":
                position += 1
            if self.scan.body[position : position + 1] != "<":
                break
        return self._block(tags[-1].end, start, tags)

    def _block(self, end: int, start: int, tags: list[_Tag]) -> int | None:
        scan = self.scan
        last = scan.line_of(end)
        line_start, line_text = scan.line(last)
        if line_text[end - line_start :].strip():
            return None  # text follows: inline JSX in a paragraph, kept verbatim
        scan.blank(start, end)
        for tag in tags:
            self._tag(tag)
        return last + 1

    def _tag(self, tag: _Tag) -> None:
        if tag.closing:
            if not self.open or self.open[-1][0] != tag.name:
                opened = f"<{self.open[-1][0]}>" if self.open else "no open element"
                raise self.scan.fail(f"closing </{tag.name}> does not match {opened}", tag.start)
            self.open.pop()
            return
        for key, value_start, value_end in tag.attributes:
            if key in p.PROSE_PARAMETERS:
                self.scan.add(JSX_ATTRIBUTE, value_start, value_end, key)
        if not tag.selfclosing:
            self.open.append((tag.name, tag.start, -1))
            close = self.scan.body.find(f"</{tag.name}>", tag.end)
            if tag.name in p.RAW_COMPONENTS and close >= 0:
                self.scan.blank(tag.end, close)

    def quote_children(self, number: int, offset: int, text: str) -> bool:
        """MDX has no indented code: the children's common indentation becomes quote markers.

        That indentation is the first child line's; a list's own indentation stays as it is.
        """
        stripped = text.lstrip(" \t")
        if not stripped:
            return True
        name, start, base = self.open[-1]
        if base < 0:
            base = len(text) - len(stripped)
            self.open[-1] = (name, start, base)
        for index, char in enumerate(text[:base]):
            if char not in " \t":
                break
            if char == "\t" or index % 4 == 0:
                self.scan.chars[offset + index] = ">"
                self.scan.containers.setdefault(number, JSX_CHILD)
        return base > 0

    def finish(self) -> None:
        if self.open:
            name, offset, _ = self.open[-1]
            raise self.scan.fail(f"unclosed JSX element <{name}>: no </{name}> closes it", offset)
