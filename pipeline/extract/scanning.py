"""The state of one masking pass: the body's characters, lines, and the texts found so far."""

from __future__ import annotations

import bisect
import re
from dataclasses import dataclass, field
from pathlib import Path
from typing import Literal

from pipeline.errors import PipelineError
from pipeline.extract.documents import line_starts

SyntaxKind = Literal[
    "admonition",
    "admonition title",
    "tab title",
    "directive title",
    "alert title",
    "footnote",
    "definition",
    "shortcode parameter",
    "JSX attribute",
    "JSX element",
]
"""What a segment found through site syntax is (see segments.Kind)."""
ADMONITION: SyntaxKind = "admonition"
ADMONITION_TITLE: SyntaxKind = "admonition title"
TAB_TITLE: SyntaxKind = "tab title"
DIRECTIVE_TITLE: SyntaxKind = "directive title"
ALERT_TITLE: SyntaxKind = "alert title"
FOOTNOTE: SyntaxKind = "footnote"
DEFINITION: SyntaxKind = "definition"
SHORTCODE_PARAMETER: SyntaxKind = "shortcode parameter"
JSX_ATTRIBUTE: SyntaxKind = "JSX attribute"
JSX_CHILD: SyntaxKind = "JSX element"

NOT_NEWLINE = re.compile(r"[^\r\n]")
# Kinds whose span is one line of their syntax, and what a translation must escape there.
ONE_LINE_SYNTAX = frozenset(
    {
        ADMONITION_TITLE,
        TAB_TITLE,
        DIRECTIVE_TITLE,
        ALERT_TITLE,
        SHORTCODE_PARAMETER,
        JSX_ATTRIBUTE,
    }
)
ESCAPES: dict[str, tuple[tuple[re.Pattern[str], str], ...]] = {
    SHORTCODE_PARAMETER: ((re.compile(r'(?<!\\)"'), r'\\"'),),
    JSX_ATTRIBUTE: ((re.compile('"'), "&quot;"), (re.compile("'"), "&#39;")),
    DIRECTIVE_TITLE: ((re.compile(r"(?<!\\)\]"), r"\\]"),),
}


@dataclass(frozen=True, slots=True)
class SyntaxText:
    """A title or prose parameter inside site syntax: its own entry."""

    kind: SyntaxKind
    key: str
    start: int
    """Offset in the body."""
    end: int


@dataclass(frozen=True, slots=True)
class Masked:
    """The body as markdown-it should read it, and what the syntax itself holds to translate."""

    text: str
    """Same length and line breaks as the body."""
    texts: tuple[SyntaxText, ...] = ()
    containers: dict[int, SyntaxKind] = field(default_factory=dict)
    """Body line -> kind, for the blockquotes that stand in for container bodies."""


class Scan:
    """Mutable state of one masking pass."""

    def __init__(self, body: str, path: Path, shift: int):
        self.body = body
        self.chars = list(body)
        self.starts = line_starts(body)
        self.path = path
        self.shift = shift
        self.texts: list[SyntaxText] = []
        self.containers: dict[int, SyntaxKind] = {}

    def line_of(self, offset: int) -> int:
        """0-based body line of an offset."""
        return bisect.bisect_right(self.starts, offset) - 1

    def fail(self, message: str, offset: int) -> PipelineError:
        return PipelineError(message, self.path, self.line_of(offset) + self.shift + 1)

    def blank(self, start: int, end: int) -> None:
        # From the body, not `chars`: a quote marker masking put in the span is blanked too.
        span = self.body[start:end]
        if "\n" in span or "\r" in span:
            self.chars[start:end] = NOT_NEWLINE.sub(" ", span)
        else:
            self.chars[start:end] = " " * (end - start)

    def line(self, number: int) -> tuple[int, str]:
        start = self.starts[number]
        end = self.starts[number + 1] if number + 1 < len(self.starts) else len(self.body)
        return start, self.body[start:end].rstrip("\r\n")

    def add(self, kind: SyntaxKind, start: int, end: int, key: str = "") -> None:
        text = self.body[start:end]
        stripped = text.strip()
        if any(char.isalpha() for char in stripped) and "\n" not in stripped:
            left = start + len(text) - len(text.lstrip())
            self.texts.append(SyntaxText(kind, key, left, left + len(stripped)))
