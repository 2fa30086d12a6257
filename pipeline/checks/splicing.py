"""Translation -> the text spliced into the localized Markdown: same block kind, no new markup.

The bundles splice a msgstr into the source by span (see `extract.splicing.splice`); this
module says what that msgstr becomes there, and why, so the bundles escape and `check`
reports with one rule (`safe_translation`). What it does, on the translation only (a msgstr
equal to its msgid is never touched, so the identity round trip stays byte for byte):

1. A line that would open another kind of block (ATX or setext heading, list item, numbered
   list, blockquote, fence, indented code, table, thematic break, HTML block, link reference
   definition) has its marker written as a numeric character reference: every renderer shows
   the same character, none reads it as a marker. A marker the msgid itself starts a line
   with is the source's structure and stays. Python-Markdown (MkDocs) reads `#tag` at the
   start of a line as a heading, so any leading `#` counts.
2. Raw HTML (`<` opening a tag, comment or autolink) that is not the very fragment the msgid
   has becomes `&lt;`; an attribute list or shortcode opening (`{:`, `{#`, `{.`, `{on...=`,
   `{{`) that the msgid lacks gets `\\{`.
3. A link or image destination with a `javascript:`, `vbscript:`, `data:` or `file:` scheme,
   after entities, backslash escapes, case and the characters browsers drop are undone, loses
   its `(`: the link stays text.
4. Inline syntax cannot leave its segment: in table cells an unpaired backtick (a code span
   across cells for Python-Markdown) or a final backslash (it would escape the cell's pipe),
   and in alt text the brackets, backticks and backslashes that would end the image early.
"""

from __future__ import annotations

import html
import re
from collections.abc import Iterator
from dataclasses import dataclass

from pipeline.extract.documents import NEWLINE
from pipeline.extract.segments import (
    FRONT_MATTER,
    HEADING,
    IMAGE_ALT,
    TABLE_CELL,
    TABLE_HEADER,
)
from pipeline.text_cache import text_cache

STRUCTURE, HTML, URL = "structure", "html", "unsafe-url"
"""The check that reports each family of problem."""

# CommonMark's HTML block start conditions 1-7 (only the source's own fragments get this far).
BLOCK_TAGS = (
    "address|article|aside|base|basefont|blockquote|body|caption|center|col|colgroup|dd|details|"
    "dialog|dir|div|dl|dt|fieldset|figcaption|figure|footer|form|frame|frameset|h[1-6]|head|"
    "header|hr|html|iframe|legend|li|link|main|menu|menuitem|nav|noframes|ol|optgroup|option|p|"
    "param|search|section|summary|table|tbody|td|tfoot|th|thead|title|tr|track|ul"
)
HTML_BLOCK = re.compile(
    rf"(<)(?:/?(?:{BLOCK_TAGS})(?=[\s/>]|$)|(?:script|pre|style|textarea)(?=[\s>]|$)|!--|\?|"
    r"![A-Za-z]|!\[CDATA\[|/?[A-Za-z][A-Za-z0-9-]*(?:\s[^<>]*)?/?>[ \t]*$)",
    re.IGNORECASE,
)
# (what it would do, pattern at the start of a line after its indentation, group to escape)
BLOCK_MARKERS: tuple[tuple[str, re.Pattern[str]], ...] = (
    ("would start a heading", re.compile(r"(#)#{0,5}(?:[ \t]|$)")),
    ("would start a heading (Python-Markdown, MkDocs)", re.compile(r"(#)")),
    ("would start a thematic break", re.compile(r"([-*_])(?:[ \t]*[-*_]){2,}[ \t]*$")),
    ("would turn the line above into a heading", re.compile(r"([=-])[=-]*[ \t]*$")),
    ("would start a list item", re.compile(r"([-+*])(?:[ \t]|$)")),
    ("would start a numbered list", re.compile(r"\d+([.)])(?:[ \t]|$)")),
    ("would start a blockquote", re.compile(r"(>)")),
    ("would start a code fence", re.compile(r"(`{3,}|~{3,})")),
    ("would start a table", re.compile(r"(\|)|([|:-])[-:| \t]*\|[-:| \t]*$")),
    ("would define a link reference", re.compile(r"(\[)[^\]]+\]:")),
    ("would start an HTML block", HTML_BLOCK),
    ("would start a definition list (Hugo)", re.compile(r"(:)[ \t]")),
)
CODE_BLOCK = "would start a code block"
# CommonMark strips a closing `#` run after a space; Python-Markdown strips any final `#`s.
HEADING_CLOSE = re.compile(r"(#)#*[ \t]*$")
# A cheap test: without one of these, a translation has nothing this module changes.
SUSPECT = re.compile(r"[<{\]`\\|]|#[ \t]*$|^[ \t]*(?:[#>=~`\[<+*_:-]|\d+[.)]|[ \t])", re.MULTILINE)
TAG_START = re.compile(r"<(?=[A-Za-z/!?])")
# An attribute list that assigns (`{onclick=...}`, `{: href="..."}`); `{#id}` and `{.class}` are
# harmless, and `heading-id` compares ids.
ATTRIBUTES = re.compile(r"\{(?=[^{}\n]*?[A-Za-z_][\w:-]*[ \t]*=)")
# Hugo expands shortcodes before Markdown, inside code spans too: both braces are escaped.
SHORTCODE = re.compile(r"\{\{(?=[<%])")
LINK_OPEN = re.compile(r"\][ \t]*\(")
UNSAFE_SCHEME = re.compile(r"(?:javascript|vbscript|livescript|data|file):")
# Dropped before a scheme is read: white space and controls (browsers strip them anywhere).
DROPPED = re.compile(r"[\x00-\x20\x7f]+")
BACKSLASH_ESCAPE = re.compile(r"\\([!-/:-@\[-`{-~])")
ALT_SYNTAX = re.compile(r"[\[\]`\\]")
BACKTICKS = re.compile(r"`+")
PIPE = re.compile(r"\|")


@dataclass(frozen=True, slots=True)
class Spliced:
    """A translation as the localized Markdown holds it, and what was escaped in it."""

    text: str
    problems: tuple[tuple[str, str], ...] = ()
    """(check, message) for each escape: `structure`, `html` or `unsafe-url`."""

    def messages(self, check: str) -> list[str]:
        return [message for family, message in self.problems if family == check]


@text_cache(16384)
def safe_translation(kind: str, source: str, translation: str) -> Spliced:
    """`translation` of the segment `source` (of `kind`), made safe for the Markdown bundle;
    cached: three checks ask for it, and the bundle's Markdown after them."""
    if translation == source or kind.startswith(FRONT_MATTER) or not SUSPECT.search(translation):
        return Spliced(translation)
    return _escaped(kind, source, translation)


def _escaped(kind: str, source: str, translation: str) -> Spliced:
    problems: list[tuple[str, str]] = []
    text = _inline(source, translation, problems, links=kind != IMAGE_ALT)
    if kind == HEADING:
        text = _heading(source, text, problems)
    elif kind in (TABLE_HEADER, TABLE_CELL):
        text = _cell(text, problems)
    elif kind == IMAGE_ALT:
        text = ALT_SYNTAX.sub(lambda m: "\\" + m.group(0), text)
        if text != translation:
            problems.append((STRUCTURE, "would end the image's alt text early"))
    else:
        text = _blocks(source, text, problems)
    return Spliced(text, tuple(dict.fromkeys(problems)))


def _inline(source: str, text: str, problems: list[tuple[str, str]], links: bool) -> str:
    """Unsafe link destinations, raw HTML and attribute lists the msgid lacks, made text."""
    found = []
    for match in _matches(text, LINK_OPEN) if links else ():
        destination = _destination(text, match.end())
        if unsafe_url(destination) and destination not in source:
            found.append((match.end() - 1, "\\(", URL, f"`{destination}` would be a live link"))
    for match in _matches(text, TAG_START):
        fragment = _fragment(text, match.start(), ">")
        if fragment not in source:
            found.append((match.start(), "&lt;", HTML, f"`{fragment}` would be raw HTML"))
    for match in _matches(text, ATTRIBUTES):
        fragment = _fragment(text, match.start(), "}")
        if fragment not in source:
            said = f"`{fragment}` would set HTML attributes"
            found.append((match.start(), "\\{", HTML, said))
    for match in SHORTCODE.finditer(text):
        fragment = _fragment(text, match.start(), "}}")
        if fragment not in source:
            said = f"`{fragment}` would call a shortcode"
            found += [(match.start(), "\\{", HTML, said), (match.start() + 1, "\\{", HTML, said)]
    for position, replacement, *_ in sorted(found, reverse=True):
        text = text[:position] + replacement + text[position + 1 :]
    problems += [(check, message) for _, _, check, message in sorted(found)]
    return text


def _fragment(text: str, start: int, close: str) -> str:
    end = text.find(close, start)
    return text[start : end + len(close)] if 0 <= end < start + 200 else text[start : start + 40]


def _destination(text: str, start: int) -> str:
    """A link destination after `(`: `<...>`, or up to white space or an unbalanced `)`."""
    while start < len(text) and text[start] in " \t\r\n":
        start += 1
    if text.startswith("<", start):
        end = text.find(">", start)
        return text[start + 1 : end if end >= 0 else len(text)]
    depth, end = 0, start
    while end < len(text) and not text[end].isspace():
        char = text[end]
        if char == "\\":
            end += 1
        elif char == "(":
            depth += 1
        elif char == ")":
            if depth == 0:
                break
            depth -= 1
        end += 1
    return text[start:end]


def unsafe_url(url: str) -> bool:
    """Whether a browser would run or fetch `url` by its scheme: the one list, for the
    `unsafe-url` check and for what splicing neutralizes."""
    return UNSAFE_SCHEME.match(_normalized(url)) is not None


def _normalized(url: str) -> str:
    """What a browser reads as the URL's scheme: escapes and entities undone, case folded."""
    decoded = url
    for _ in range(3):  # `&amp;#106;` decodes in steps across renderers
        decoded, previous = html.unescape(BACKSLASH_ESCAPE.sub(r"\1", decoded)), decoded
        if decoded == previous:
            break
    return DROPPED.sub("", decoded).lower()


def _heading(source: str, text: str, problems: list[tuple[str, str]]) -> str:
    line = " ".join(part.strip() for part in NEWLINE.split(text))
    close = HEADING_CLOSE.search(line)
    if close is None or source.rstrip().endswith("#"):
        return text
    problems.append((STRUCTURE, "would lose its last `#` (an ATX heading's closing sequence)"))
    return line[: close.start(1)] + "&#35;" + line[close.end(1) :]


def _cell(text: str, problems: list[tuple[str, str]]) -> str:
    pipes = [m.start() for m in _matches(text, PIPE)]
    if pipes:  # GFM splits rows on pipes even inside code spans
        problems.append((STRUCTURE, "would split the table cell"))
        for index in reversed(pipes):
            text = text[:index] + "\\|" + text[index + 1 :]
    spans = _code_spans(text)
    ticks = [i for i, char in enumerate(text) if char == "`" and not _inside(i, spans)]
    if ticks:
        problems.append((STRUCTURE, "would open a code span across table cells"))
        for index in reversed(ticks):
            text = text[:index] + "\\`" + text[index + 1 :]
    trailing = len(text) - len(text.rstrip("\\"))
    if trailing % 2:
        problems.append((STRUCTURE, "would escape the pipe that ends the cell"))
        text += "\\"
    return text


def _blocks(source: str, text: str, problems: list[tuple[str, str]]) -> str:
    """Each line of a paragraph-like translation opens no block its msgid does not open."""
    own = {_marker(line.lstrip(" \t"))[0] for line in NEWLINE.split(source)}
    lines = []
    for number, line in enumerate(NEWLINE.split(text)):
        stripped = line.lstrip(" \t")
        if number == 0 and _columns(line[: len(line) - len(stripped)]) >= 4:
            problems.append((STRUCTURE, CODE_BLOCK))
        what, group = _marker(stripped)
        if what and what not in own and group is not None:
            problems.append((STRUCTURE, what))
            start, end = group
            escaped = "".join(f"&#{ord(char)};" for char in stripped[start:end])
            stripped = stripped[:start] + escaped + stripped[end:]
        lines.append(stripped)
    return "\n".join(lines)


def _marker(line: str) -> tuple[str, tuple[int, int] | None]:
    """The block a line would open, and the span of its marker."""
    for what, pattern in BLOCK_MARKERS:
        found = pattern.match(line)
        if found:
            group = next(g for g in range(1, (pattern.groups or 0) + 1) if found.group(g))
            return what, found.span(group)
    return "", None


def _columns(indent: str) -> int:
    width = 0
    for char in indent:
        width = width + 4 - width % 4 if char == "\t" else width + 1
    return width


@text_cache(1024)
def _code_spans(text: str) -> tuple[tuple[int, int], ...]:
    """[start, end) of each inline code span, as CommonMark pairs backtick runs."""
    runs = [
        (m.start(), len(m.group(0)))
        for m in BACKTICKS.finditer(text)
        if not _escaped_at(text, m.start())
    ]
    spans, index = [], 0
    while index < len(runs):
        start, length = runs[index]
        closing = next((j for j in range(index + 1, len(runs)) if runs[j][1] == length), None)
        if closing is None:
            index += 1
            continue
        spans.append((start, runs[closing][0] + length))
        index = closing + 1
    return tuple(spans)


def _inside(position: int, spans: tuple[tuple[int, int], ...]) -> bool:
    return any(start <= position < end for start, end in spans)


def _escaped_at(text: str, position: int) -> bool:
    """Whether an odd number of backslashes precedes `position`."""
    count = 0
    while position > count and text[position - count - 1] == "\\":
        count += 1
    return count % 2 == 1


def _matches(text: str, pattern: re.Pattern[str]) -> Iterator[re.Match[str]]:
    """Matches outside code spans and not escaped by a backslash."""
    spans = _code_spans(text) if "`" in text else ()
    for match in pattern.finditer(text):
        if not _escaped_at(text, match.start()) and not _inside(match.start(), spans):
            yield match
