"""Body -> Masked: site syntax hidden from markdown-it, same length, so every offset still holds.

Block-level syntax (a shortcode or tag alone on its lines, container markers, ESM lines) is
blanked to spaces, so it is never a msgid and splits paragraphs as the generator does. An
indented container body (`!!! note` then four spaces) would be an indented code block, so
its indentation becomes a blockquote marker: `    text` reads as `>   text`, whose text is
extracted like any other. Titles and prose parameters become `SyntaxText`s, their own entries.
Segments are located in the masked text and keep the source's bytes (see `segments.py`).
"""

from __future__ import annotations

import functools
import re
from collections.abc import Callable
from pathlib import Path

from pipeline.extract import profiles as p
from pipeline.extract.mdx import Jsx
from pipeline.extract.parsing import FOOTNOTE_LABEL
from pipeline.extract.scanning import (
    ADMONITION,
    ADMONITION_TITLE,
    ALERT_TITLE,
    DEFINITION,
    DIRECTIVE_TITLE,
    FOOTNOTE,
    SHORTCODE_PARAMETER,
    TAB_TITLE,
    Masked,
    Scan,
    SyntaxKind,
)

FENCE = re.compile(r"[ \t>]*(`{3,}|~{3,})")
ADMONITION_OPEN = re.compile(
    r"(?:!!!|\?\?\?\+?)[ \t]+[\w-]+(?:[ \t]+[\w-]+)*(?:[ \t]+\"(?P<title>.*)\")?[ \t]*$"
)
DEFINITION_OPEN = re.compile(r"[ \t]{0,3}:(?=[ \t]{1,3}\S)")
TAB_OPEN = re.compile(r"===\+?[ \t]+\"(?P<title>.*)\"(?:[ \t]*\{[^}]*\})?[ \t]*$")
FOOTNOTE_OPEN = re.compile(rf"(?:[ \t]{{0,3}}>)*[ \t]{{0,3}}{FOOTNOTE_LABEL}:[ \t]*")
DIRECTIVE_OPEN = re.compile(
    r"[ \t]*(?P<colons>:{3,})[A-Za-z][\w-]*(?:\[(?P<title>[^\]\n]*)\])?(?:\{[^}\n]*\})?"
    r"(?:[ \t]+(?P<rest>\S.*?))?[ \t]*$"
)
DIRECTIVE_CLOSE = re.compile(r"[ \t]*(?P<colons>:{3,})[ \t]*$")
ALERT = re.compile(
    r"[ \t]*>[ \t]?(?P<marker>\[![A-Za-z]+\][+-]?)(?:[ \t]+(?P<title>\S.*?))?[ \t]*$"
)
TRAILING_ATTRIBUTES = re.compile(rf"(?<=[ \t])(?:{p.ATTRIBUTE_LIST.pattern})[ \t]*$")
# Paired `{{< >}}` shortcodes whose inner text Hugo renders as Markdown (most pass it raw).
MARKDOWN_SHORTCODES = frozenset({"details", "note", "tip", "warning", "notice", "hint"})
RAW_LIQUID = re.compile(r"\{%-?\s*(raw|highlight|comment)\b[\s\S]*?\{%-?\s*end\1\s*-?%\}")


# Text that each feature's every construct holds: a body without it needs no pass for it.
# Emoji codes are inline tokens only (profiles.INLINE): masking has nothing to do for them.
MARKERS = {
    p.SHORTCODES: ("{{<", "{{%"),
    p.LIQUID: ("{%", "{{"),
    p.MDBOOK: ("{{#",),
    p.ADMONITIONS: ("!!!", "???", "===", ":"),
    p.DIRECTIVES: (":::",),
    p.ALERTS: ("[!",),
    p.JSX: ("<", "{", "import", "export"),
    p.ATTRIBUTES: ("{",),
    p.FOOTNOTES: ("[^",),
}
# Features masked by a pass over their tokens; the others only where a line may start one.
TOKEN_FEATURES = frozenset({p.SHORTCODES, p.LIQUID, p.MDBOOK})


def mask_body(body: str, enabled: frozenset[str], path: Path, shift: int) -> Masked:
    """Hide the enabled syntax of a body; an unclosed construct raises PipelineError."""
    enabled = frozenset(f for f in enabled if any(m in body for m in MARKERS.get(f, ())))
    lines_only = enabled.isdisjoint(TOKEN_FEATURES)
    if not enabled or (lines_only and _candidates(enabled).search(body) is None):
        return Masked(body)  # plain CommonMark: most pages of a site, and the cheapest pass
    scan = Scan(body, path, shift)
    if p.SHORTCODES in enabled:
        _tokens(scan, p.SHORTCODE, p.SHORTCODE_OPEN, "shortcode", _shortcode)
    if p.LIQUID in enabled:
        for raw in RAW_LIQUID.finditer(body):
            if _stands_alone(scan, raw.start(), raw.end()):
                scan.blank(*raw.span())
        _tokens(scan, p.LIQUID_TAG, p.LIQUID_OPEN, "Liquid tag", None)
    if p.MDBOOK in enabled:
        _tokens(scan, p.MDBOOK_TAG, None, "", None)
    _lines(scan, enabled)
    return Masked(
        "".join(scan.chars), tuple(sorted(scan.texts, key=lambda t: t.start)), scan.containers
    )


def _stands_alone(scan: Scan, start: int, end: int) -> bool:
    """Whether the span's lines hold nothing else (but blanked syntax)."""
    first, last = scan.starts[scan.line_of(start)], scan.line_of(end)
    line_end = scan.line(last)[0] + len(scan.line(last)[1])
    return (
        not "".join(scan.chars[first:start]).strip()
        and not "".join(scan.chars[end:line_end]).strip()
    )


def _tokens(
    scan: Scan,
    pattern: re.Pattern[str],
    opener: re.Pattern[str] | None,
    what: str,
    on_block: Callable[[Scan, list[re.Match[str]], list[re.Match[str]]], None] | None,
) -> None:
    """Blank the tokens that stand alone on their lines; an opener never closed is an error."""
    matches = list(pattern.finditer(scan.body))
    if opener is not None:
        covered = {m.start() for m in matches}
        inside = [(m.start(), m.end()) for m in matches]
        for found in opener.finditer(scan.body):
            at = found.start()
            if at not in covered and not any(a < at < b for a, b in inside):
                raise scan.fail(f"unclosed {what}: {scan.body[at : at + 20]!r}...", at)
    # Blank every token first in a copy, so a line of several tokens stands alone too.
    alone = []
    saved = list(scan.chars)
    for match in matches:
        scan.blank(*match.span())
    for match in matches:
        if _stands_alone(scan, *match.span()):
            alone.append(match)
    scan.chars = saved
    for match in alone:
        scan.blank(*match.span())
    if on_block is not None:
        on_block(scan, matches, alone)


def _shortcode(scan: Scan, matches: list[re.Match[str]], alone: list[re.Match[str]]) -> None:
    """Pair shortcodes; blank the raw inner text of paired `{{< >}}`; extract prose params."""
    stack: list[re.Match[str]] = []
    block = {m.start() for m in alone}
    for match in matches:
        name = match.group("name")
        if match.group("closing"):
            openers = [m for m in stack if m.group("name") == name]
            if not openers:
                raise scan.fail(
                    f"closing shortcode {match.group(0)!r} has no opening", match.start()
                )
            opening = openers[-1]
            del stack[stack.index(opening) :]
            raw = opening.group("angle") is not None and name not in MARKDOWN_SHORTCODES
            if raw and opening.start() in block and match.start() in block:
                scan.blank(opening.end(), match.start())
        elif not match.group("selfclosing"):
            stack.append(match)
        if match.start() in block and not match.group("closing"):
            params = match.start("params")
            for param in p.SHORTCODE_PARAMETER.finditer(match.group("params")):
                if param.group("key") in p.PROSE_PARAMETERS:
                    start = params + param.start("value")
                    scan.add(
                        SHORTCODE_PARAMETER, start, params + param.end("value"), param.group("key")
                    )


def _lines(scan: Scan, enabled: frozenset[str]) -> None:
    """The line-by-line constructs: fences, containers, directives, alerts, JSX."""
    fence: tuple[str, int, bool] | None = None  # marker, column, hidden: the open code fence
    indents: list[tuple[int, SyntaxKind]] = []  # (content column, kind) of open indented containers
    directives: list[tuple[int, int]] = []  # (colons, offset) of open directives
    jsx = Jsx(scan) if p.JSX in enabled else None
    candidates = _candidates(enabled)
    number = 0
    while number < len(scan.starts):
        if not indents and not (jsx and jsx.open) and not (fence and fence[2]):
            # Nothing open that needs every line: skip to the next line that may matter.
            # In code, only a fence can matter: the line that closes it.
            search = FENCE_LINE if fence else candidates
            found = search.search(scan.body, scan.starts[number])
            if found is None:
                break
            number = scan.line_of(found.start())
        offset, text = scan.line(number)
        quoted = bool(indents and _quote_containers(scan, number, offset, text, indents))
        if jsx is not None and jsx.open:
            quoted = jsx.quote_children(number, offset, text) or quoted
        opened = FENCE.match(text) if "`" in text or "~" in text else None
        if fence is not None:
            if fence[2]:
                scan.blank(offset, offset + len(text))
            if opened and _closes(fence, opened, text):
                fence = None
            number += 1
            continue
        if opened:
            # Code in a quoted body is hidden whole: a blank line in it would end the quote.
            column = _width(opened.group(0)) - len(opened.group(1))
            fence = (opened.group(1), column, quoted)
            if quoted:
                scan.blank(offset, offset + len(text))
        elif jsx is not None and (skip := jsx.line(number, offset, text)) is not None:
            number = skip
            continue
        else:
            _line(scan, enabled, number, offset, text, indents, directives)
        number += 1
    if directives:
        raise scan.fail("unclosed directive: no ':::' line closes it", directives[-1][1])
    if jsx is not None:
        jsx.finish()


# Where each feature's line constructs can start, at a line start; other lines need no look
# unless a container is open (its body lines are quoted one by one). One anchor before all the
# alternatives: the regex engine then tries them only where a line starts.
CANDIDATES = {
    p.ADMONITIONS: r"[ \t]*(?:!!!|\?\?\?|===)|[ \t]{0,3}:[ \t]",
    p.FOOTNOTES: r"(?:[ \t]{0,3}>)*[ \t]{0,3}\[\^",
    p.DIRECTIVES: r"[ \t]*:::",
    p.ALERTS: r"[ \t]*>[ \t]?\[!",
    p.JSX: r"(?:[ \t>]|(?:[-*+]|\d{1,9}[.)])(?=[ \t]))*[<{]|(?:import|export)[ \t{*]",
}
# ...and where they end a line.
CANDIDATE_ENDS = {p.ATTRIBUTES: r"\}[ \t]*$"}
FENCE_START = r"[ \t>]*(?:`{3}|~{3})"
FENCE_LINE = re.compile(f"^{FENCE_START}", re.MULTILINE)


@functools.lru_cache(maxsize=32)
def _candidates(enabled: frozenset[str]) -> re.Pattern[str]:
    starts = [CANDIDATES[f] for f in sorted(enabled) if f in CANDIDATES]
    ends = [CANDIDATE_ENDS[f] for f in sorted(enabled) if f in CANDIDATE_ENDS]
    return re.compile("|".join([f"^(?:{'|'.join([FENCE_START, *starts])})", *ends]), re.MULTILINE)


def _closes(fence: tuple[str, int, bool], found: re.Match[str], text: str) -> bool:
    """A closing fence: the same character, at least as long, indented less than code would be."""
    marker = found.group(1)
    column = _width(found.group(0)) - len(marker)
    return (
        marker[0] == fence[0][0]
        and len(marker) >= len(fence[0])
        and column < fence[1] + 4
        and not text[found.end() :].strip()
    )


def _line(
    scan: Scan,
    enabled: frozenset[str],
    number: int,
    offset: int,
    text: str,
    indents: list[tuple[int, SyntaxKind]],
    directives: list[tuple[int, int]],
) -> None:
    stripped = text.lstrip(" \t")
    first = stripped[:1]  # each construct has its first character: most lines skip the regexes
    column = _width(text[: len(text) - len(stripped)])
    if (
        p.ADMONITIONS in enabled
        and first in ("!", "?", "=")
        and (ADMONITION_OPEN.match(stripped) or TAB_OPEN.match(stripped))
    ):
        _admonition(scan, offset + len(text) - len(stripped), stripped, column, indents)
    elif p.FOOTNOTES in enabled and first in ("[", ">") and (found := FOOTNOTE_OPEN.match(text)):
        # Quote markers every four columns; every two after a non-blank line, so that the
        # deeper quote starts a new paragraph (`[^1]: a` then `[^2]: b` are two notes).
        step = 2 if number and scan.line(number - 1)[1].strip() else 4
        for index in range(found.end()):
            scan.chars[offset + index] = ">" if index % step == 0 else " "
        scan.containers[number] = FOOTNOTE
        indents.append((4, FOOTNOTE))
    elif p.ADMONITIONS in enabled and first == ":" and (found := DEFINITION_OPEN.match(text)):
        scan.chars[offset + found.end() - 1] = ">"  # `:   text` reads as a quote
        scan.containers[number] = DEFINITION
        indents.append((column + 4, DEFINITION))
        rest = text[found.end() :]
        inner = rest.lstrip(" \t")
        if ADMONITION_OPEN.match(inner):  # `:   !!! note`: an admonition in the definition
            start = offset + len(text) - len(inner)
            _admonition(scan, start, inner, column + 4, indents)
    elif p.DIRECTIVES in enabled and first == ":" and (found := DIRECTIVE_OPEN.match(text)):
        group = "title" if found.group("title") is not None else "rest"
        if found.group(group) is not None:
            scan.add(DIRECTIVE_TITLE, offset + found.start(group), offset + found.end(group))
        scan.blank(offset, offset + len(text))
        directives.append((len(found.group("colons")), offset))
    elif (
        p.DIRECTIVES in enabled
        and directives
        and first == ":"
        and (found := DIRECTIVE_CLOSE.match(text))
    ):
        if len(found.group("colons")) >= directives[-1][0]:
            directives.pop()
            scan.blank(offset, offset + len(text))
    elif p.ALERTS in enabled and first == ">" and (found := ALERT.match(text)):
        if found.group("title") is not None:
            scan.add(ALERT_TITLE, offset + found.start("title"), offset + found.end("title"))
        scan.blank(offset + found.start("marker"), offset + len(text))
    elif p.ATTRIBUTES in enabled:
        _attributes(scan, number, offset, text)


def _admonition(
    scan: Scan, start: int, marker: str, column: int, indents: list[tuple[int, SyntaxKind]]
) -> None:
    """`!!! type "Title"`, `??? type`, `=== "Tab"` at `start`: the title is an entry, the
    marker is blanked, and the body (four columns deeper) is quoted."""
    found = ADMONITION_OPEN.match(marker) or TAB_OPEN.match(marker)
    if found is None:
        raise RuntimeError(f"not an admonition or tab marker at offset {start}: {marker!r}")
    kind = TAB_TITLE if marker.startswith("=") else ADMONITION_TITLE
    if found.group("title") is not None:
        scan.add(kind, start + found.start("title"), start + found.end("title"))
    scan.blank(start, start + len(marker))
    indents.append((column + 4, ADMONITION))


def _attributes(scan: Scan, number: int, offset: int, text: str) -> None:
    """`{: .class}` alone on a line, or after a block's text, is the generator's, not prose.

    Trailing lists are taken only from a heading or a block's last line, so that a span never
    holds one (a translation spliced in its place would lose it).
    """
    if not text.rstrip(" \t").endswith("}"):
        return  # the usual line: no list can end it, and the searches below are costly
    if p.ATTRIBUTE_LIST.fullmatch(text.strip()):
        scan.blank(offset, offset + len(text))
        return
    trailing = TRAILING_ATTRIBUTES.search(text)
    if trailing is None:
        return
    following = scan.line(number + 1)[1] if number + 1 < len(scan.starts) else ""
    if text.lstrip(" \t>").startswith("#") or not following.strip(" \t>"):
        scan.blank(offset + trailing.start(), offset + len(text))


def _quote_containers(
    scan: Scan, number: int, offset: int, text: str, indents: list[tuple[int, SyntaxKind]]
) -> bool:
    """Close containers the line is not indented for; mark the body's indentation as quotes."""
    if not text.strip():
        return True
    width = _width(text[: len(text) - len(text.lstrip(" \t"))])
    while indents and indents[-1][0] > width:
        indents.pop()
    for column, kind in indents:
        index = _index_at(text, column - 4)
        if index is not None:
            scan.chars[offset + index] = ">"
            scan.containers.setdefault(number, kind)
    return bool(indents)


def _width(indent: str) -> int:
    column = 0
    for char in indent:
        column = column + 4 - column % 4 if char == "\t" else column + 1
    return column


def _index_at(text: str, wanted: int) -> int | None:
    """Index of the white-space character at a column (tabs to multiples of four)."""
    column = 0
    for index, char in enumerate(text):
        if char not in " \t":
            return None
        if column == wanted:
            return index
        column = column + 4 - column % 4 if char == "\t" else column + 1
    return None
