"""The one set of Markdown parser options, and whether a text needs the parser at all.

Extraction, the bundles' HTML, the checks and the sites' anchors parse with these options, so a
leaf is read the same way everywhere.
"""

from __future__ import annotations

import re

from markdown_it import MarkdownIt


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


# A footnote's label where it is used and where it is defined (`[^note]`, `[^note]:`): no
# CommonMark, so the parser reads it as text; extraction masks definitions, checks count uses.
FOOTNOTE_LABEL = r"\[\^[^\]\s]+\]"

PARSER = build_parser()
