"""What survives translation in a block: anchors, Latin-script names, length and shape.

A translator rewrites the words of a block but keeps its numbers, URLs and link targets, code
spans, hashtags and most names written in Latin script; its length changes by a ratio that
depends on the language pair. These are the features the aligner compares (`measure_block`).
"""

from __future__ import annotations

import re
import string
import unicodedata
from collections import Counter
from dataclasses import dataclass

from pipeline.extract.segments import HEADING, Segment

# A link destination `](target` or an autolink `<scheme:...>`, then bare URLs.
LINK_TARGET = re.compile(r"\]\(\s*<?([^)\s>]*)[^)]*\)|<([a-z][a-z0-9+.-]*:[^>\s]*)>", re.I)
BARE_URL = re.compile(r"\bhttps?://[^\s)>\]]+", re.I)
CODE_SPAN = re.compile(r"(`+)(.+?)\1", re.S)
NUMBER = re.compile(r"\d+(?:[.,]\d+)*")
HASHTAG = re.compile(r"(?<![\w&#/])#(\w+)")
# A letter of any script but Latin (\W, digits and _ are not letters).
NATIVE_LETTER = re.compile(r"[^\W\d_A-Za-z\u00c0-\u024f]")
LATIN_WORD = re.compile(r"[A-Za-z][A-Za-z0-9]*(?:[.'’+-][A-Za-z0-9]+)*")
SINGLE_LETTERS = frozenset(string.ascii_lowercase)
"""One-letter words (`a`, `I`) say nothing about which block is which."""
ATX = re.compile(r"[ \t>]*(#{1,6})[ \t]")
# Path segments that name a language (`/ko/docs/`, `/zh-cn/`): a translation's links point to
# its own language's pages, so they are compared without them.
LANGUAGE_SEGMENT = re.compile(
    r"(?<=/)(?:en|ko|ja|zh|zh[-_](?:cn|tw|hans|hant)|ta|ml|[a-z]{2}[-_][a-z]{2})(?=/|$)", re.I
)


@dataclass(frozen=True, slots=True)
class Block:
    """One segment as the aligner sees it."""

    kind: str
    """The segment kind; headings carry their level (`heading 2`)."""
    length: int
    """Characters of text, link targets and URLs left out."""
    anchors: Counter[str]
    """Numbers, link targets, code spans and hashtags, each with how often it occurs."""
    words: frozenset[str]
    """Latin-script words, lowercased: all the words of English, the names of a translation."""
    line: int
    native: bool = True
    """Whether it has letters outside the Latin script (a translation left in English, such as
    an `import` line, keeps the English length)."""


def measure_block(segment: Segment, text: str) -> Block:
    """The features of `segment`; `text` is the whole document (for a heading's level)."""
    source = segment.text
    # Full-width forms (`１２`, `：`) are the same anchors in CJK text; most text has none.
    if not source.isascii() and not unicodedata.is_normalized("NFKC", source):
        source = unicodedata.normalize("NFKC", source)
    found: list[str] = []
    plain = source
    # Each pattern runs only where its marker occurs: most blocks have no link, URL or code.
    if "](" in plain or "<" in plain:
        for match in LINK_TARGET.finditer(plain):
            found.append("link " + _normalize_target(match.group(1) or match.group(2) or ""))
        plain = LINK_TARGET.sub(" ", plain)
    if "://" in plain:
        found.extend("link " + _normalize_target(url) for url in BARE_URL.findall(plain))
        plain = BARE_URL.sub(" ", plain)
    prose = plain
    if "`" in prose:
        found.extend("code " + m.group(2).strip() for m in CODE_SPAN.finditer(prose))
        prose = CODE_SPAN.sub(" ", prose)
    found.extend("number " + n.replace(",", "") for n in NUMBER.findall(prose))
    if "#" in prose:
        found.extend("tag " + t.lower() for t in HASHTAG.findall(prose))
    words = frozenset(LATIN_WORD.findall(plain.lower())) - SINGLE_LETTERS
    kind = f"{HEADING} {_heading_level(segment, text)}" if segment.kind == HEADING else segment.kind
    native = NATIVE_LETTER.search(prose) is not None
    return Block(kind, len(prose.strip()), Counter(found), words, segment.line, native)


def _normalize_target(target: str) -> str:
    """A link target as both languages write it: no fragment, language or trailing slash."""
    target = target.split("#", 1)[0].lower()
    target = LANGUAGE_SEGMENT.sub("", target).replace("//", "/")
    return target.rstrip("/") or "#"


def _heading_level(segment: Segment, text: str) -> int:
    """ATX headings count their `#`s; setext ones are 1 (`===`) or 2 (`---`)."""
    line_start = text.rfind("\n", 0, segment.start) + 1
    atx = ATX.match(text, line_start)
    if atx is not None and atx.end() <= segment.start:
        return len(atx.group(1))
    next_line = text.find("\n", segment.end) + 1
    return 1 if text[next_line : next_line + 1] == "=" else 2


def merge_blocks(first: Block, second: Block) -> Block:
    """Two neighbouring blocks taken as one (a merge or a split in the translation)."""
    return Block(
        first.kind,
        first.length + second.length,
        first.anchors + second.anchors,
        first.words | second.words,
        first.line,
        first.native or second.native,
    )
