"""A msgid's inline Markdown, HTML and site syntax -> text and numbered inline codes.

A CAT tool protects inline codes: the translator moves them, but cannot break them. What a
code stands for never leaves the catalog: import rebuilds the msgstr from the target's text and
the codes of the source the unit was exported from, so a code is exactly its markup again.

Paired codes wrap text the translator translates: emphasis (`**`, `__`, `*`, `_`, `~~`) and the
text of a link (`[` ... `](url)`). Standalone codes are kept whole: code spans, images, autolinks,
HTML tags, site syntax (`{{< shortcode >}}`, `{% liquid %}`, `{#attribute-list}`) and hard line
breaks. Concatenating every piece gives the msgid back, byte for byte.
"""

from __future__ import annotations

import functools
from dataclasses import dataclass

import regex

OPEN, CLOSE, STANDALONE = "open", "close", "standalone"


@dataclass(frozen=True, slots=True)
class Piece:
    """Text (`code` 0) or one side of an inline code, with the markup it stands for."""

    kind: str
    """"text", OPEN, CLOSE or STANDALONE."""
    text: str
    code: int = 0
    """1-based code number, shared by an OPEN and its CLOSE."""
    role: str = ""
    """What the code is: `bold`, `italic`, `strike`, `link`, `code`, `image`, `html`, ..."""


_STANDALONE = regex.compile(
    r"""
    (?P<code>(?<!`)(`+)(?!`).+?(?<!`)\2(?!`))
  | (?P<image>!\[(?:[^\]\\]|\\.)*\]\([^)\s]*(?:\s+"[^"]*")?\))
  | (?P<autolink><(?:https?|mailto|ftp):[^\s<>]*>)
  | (?P<html></?[A-Za-z][A-Za-z0-9-]*(?:\s[^<>]*)?/?>|<!--.*?-->)
  | (?P<syntax>\{\{[<%].*?[%>]\}\}|\{%.*?%\}|\{\{.*?\}\}|\{[#:.][^{}\n]*\})
  | (?P<break>\\\n|\ {2,}\n)
  | (?P<escape>\\[!-/:-@\[-`{-~])
    """,
    regex.VERBOSE | regex.DOTALL,
)
_LINK_END = regex.compile(r"\]\((?:[^()\s]|\([^()\s]*\))*(?:\s+\"[^\"]*\")?\)|\]\[[^\]]*\]")
_DELIMITERS = ("**", "__", "~~", "*", "_")
_ROLES = {"**": "bold", "__": "bold", "~~": "strike", "*": "italic", "_": "italic"}


_SPECIAL = regex.compile(r"[`\\<{!\[\]*_~]| {2,}\n")
"""Where a code can start: everything between two of these is plain text, skipped at once."""


@functools.lru_cache(maxsize=1 << 16)
def split_inline(text: str) -> tuple[Piece, ...]:
    """The pieces of `text`; `"".join(p.text for p in pieces) == text` always.

    Cached: every locale's catalog of a document has the same msgids.
    """
    pieces: list[Piece] = []
    stack: list[tuple[str, int]] = []  # (delimiter or "[", index of its OPEN piece)
    position = 0
    plain = ""
    while position < len(text):
        special = _SPECIAL.search(text, position)
        if special is None:
            plain += text[position:]
            break
        if special.start() > position:
            plain += text[position : special.start()]
            position = special.start()
        step = _standalone(text, position) or _paired(text, position, stack)
        if step is None:
            plain += text[position]
            position += 1
            continue
        if plain:
            pieces.append(Piece("text", plain))
            plain = ""
        kind, markup, role = step
        if kind == OPEN:
            stack.append((markup if role != "link" else "[", len(pieces)))
        elif kind == CLOSE:
            stack.pop()
        pieces.append(Piece(kind, markup, 0, role))
        position += len(markup)
    if plain:
        pieces.append(Piece("text", plain))
    for _, index in stack:  # never closed: plain text after all
        pieces[index] = Piece("text", pieces[index].text)
    return tuple(_number(_merge_text(pieces)))


def _standalone(text: str, position: int) -> tuple[str, str, str] | None:
    found = _STANDALONE.match(text, position)
    if found is None:
        return None
    role = found.lastgroup or "html"
    if role == "escape":
        return ("text", found[0], "")
    return (STANDALONE, found[0], role)


def _paired(text: str, position: int, stack: list[tuple[str, int]]) -> tuple[str, str, str] | None:
    if text[position] == "]" and stack and stack[-1][0] == "[":
        end = _LINK_END.match(text, position)
        return (CLOSE, end[0], "link") if end else None
    if text[position] == "[" and _closes_link(text, position):
        return (OPEN, "[", "link")
    for delimiter in _DELIMITERS:
        if not text.startswith(delimiter, position):
            continue
        if stack and stack[-1][0] == delimiter:
            return (CLOSE, delimiter, _ROLES[delimiter])
        after = text[position + len(delimiter) : position + len(delimiter) + 1]
        if after.strip() and _closes(text, position, delimiter, stack):
            return (OPEN, delimiter, _ROLES[delimiter])
        return None
    return None


def _closes_link(text: str, position: int) -> bool:
    depth = 0
    for index in range(position, len(text)):
        char = text[index]
        depth += (char == "[") - (char == "]")
        if depth == 0:
            return _LINK_END.match(text, index) is not None
    return False


def _closes(text: str, position: int, delimiter: str, stack: list[tuple[str, int]]) -> bool:
    """An opener counts only if the same delimiter closes it before any enclosing code ends."""
    if delimiter == "_" and position and text[position - 1].isalnum():
        return False  # intraword underscore: snake_case, not emphasis
    start = position + len(delimiter)
    limit = len(text)
    if stack and stack[-1][0] == "[":
        limit = text.find("]", start) if "]" in text[start:] else limit
    found = text.find(delimiter, start, limit)
    while found > 0 and delimiter in ("*", "_") and text.startswith(delimiter * 2, found):
        found = text.find(delimiter, found + 2, limit)
    return found > start and not text[found - 1].isspace()


def _merge_text(pieces: list[Piece]) -> list[Piece]:
    merged: list[Piece] = []
    for piece in pieces:
        if piece.kind == "text" and merged and merged[-1].kind == "text":
            merged[-1] = Piece("text", merged[-1].text + piece.text)
        else:
            merged.append(piece)
    return merged


def _number(pieces: list[Piece]) -> list[Piece]:
    numbered, open_codes, next_code = [], [], 1
    for piece in pieces:
        if piece.kind in (OPEN, STANDALONE):
            numbered.append(Piece(piece.kind, piece.text, next_code, piece.role))
            if piece.kind == OPEN:
                open_codes.append(next_code)
            next_code += 1
        elif piece.kind == CLOSE:
            numbered.append(Piece(CLOSE, piece.text, open_codes.pop(), piece.role))
        else:
            numbered.append(piece)
    return numbered
