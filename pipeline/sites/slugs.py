"""Heading text -> anchor, by each generator's own rule, so that ids match its English pages.

A localized heading gets the anchor its English heading has on the same site, written as an
explicit id: `page#section` then works in every language. Each rule reproduces what the
generator would derive from the English text itself (tests compare them with Hugo and
Python-Markdown); `Slugger` adds the suffix each one gives a repeated id.
"""

from __future__ import annotations

import re
import unicodedata
from collections.abc import Callable
from dataclasses import dataclass, field

from pipeline.extract.parsing import PARSER

WORD = re.compile(r"[\w\s-]")


def goldmark_slug(text: str) -> str:
    """Hugo's `github` auto ids: letters, digits, `_` lower-cased; space and `-` become `-`."""
    out = []
    for char in text.strip():
        if char == "-" or char.isspace():
            out.append("-")
        elif char == "_" or char.isalpha() or char.isdigit():
            out.append(char.lower())
    return "".join(out)


def python_markdown_slug(text: str) -> str:
    """Python-Markdown's `toc` slugify (MkDocs Material's default): ASCII words joined by `-`."""
    ascii_text = unicodedata.normalize("NFKD", text).encode("ascii", "ignore").decode("ascii")
    kept = "".join(char for char in ascii_text if WORD.match(char)).strip().lower()
    return re.sub(r"[-\s]+", "-", kept)


def github_slug(text: str) -> str:
    """github-slugger (Docusaurus, Astro): lower-cased, punctuation dropped, each space a `-`."""
    kept = "".join(
        char
        for char in text.strip().lower()
        if char in "-_ " or unicodedata.category(char)[0] in "LMN" or char == "\u200d"
    )
    return kept.replace(" ", "-")


@dataclass(slots=True)
class Slugger:
    """One document's anchors: a repeated slug gets `<sep><n>` as the generator numbers it."""

    rule: Callable[[str], str]
    separator: str = "-"
    seen: dict[str, int] = field(default_factory=dict)

    def slug(self, markdown: str) -> str:
        base = self.rule(plain_text(markdown))
        slug = base
        count = self.seen.get(base, 0)
        while slug in self.seen:
            count += 1
            slug = f"{base}{self.separator}{count}"
        self.seen[base] = count
        self.seen.setdefault(slug, 0)
        return slug


def plain_text(markdown: str) -> str:
    """The text a reader sees in an inline Markdown fragment (markup, URLs and HTML dropped)."""
    tokens = PARSER.parseInline(markdown)
    children = tokens[0].children if tokens else None
    return "".join(
        child.content for child in children or [] if child.type in ("text", "code_inline")
    )
