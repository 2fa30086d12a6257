"""Text -> Skeleton: what a msgid or msgstr is made of, as inline Markdown and as plain text.

Both sides of a translation go through the same parser, so checks compare like with like: link
and image targets, code spans, raw HTML, hard breaks, emphasis, and the plain text that readers
see (where numbers, hashtags, handles and bare URLs live). Results are cached by text: a msgid
is parsed once for all the locales that translate it, and a msgstr once for the checks and the
bundle's HTML (`inline_tokens`, which `bundles.html` reads too).
"""

from __future__ import annotations

import bisect
import re
import unicodedata
from collections import Counter
from collections.abc import Sequence
from dataclasses import dataclass

import regex
from markdown_it import MarkdownIt
from markdown_it.token import Token

from pipeline.extract.parsing import FOOTNOTE_LABEL, build_parser, is_plain_text
from pipeline.text_cache import text_cache


class _KeepingLinks(MarkdownIt):
    """Link targets as written: markdown-it would turn `[x](javascript:...)` into text, and
    percent-encode the others, and a check must see what the translator wrote."""

    def validateLink(self, url: str) -> bool:  # noqa: N802 (markdown-it's name)
        return True

    def normalizeLink(self, url: str) -> str:  # noqa: N802
        return url


# The bundles' parser, keeping link targets as written.
PARSER = build_parser(_KeepingLinks)
OBJECT = "\ufffc"  # stands for code, raw HTML and images in the plain text, so words do not join
SPANS = {"strong_open": "bold", "em_open": "italic", "s_open": "strikethrough"}

# URLs as people paste them: ASCII (a Korean particle right after one is not part of it).
URL = re.compile(r"(?:https?://|www\.)[A-Za-z0-9\-._~:/?#@!$&*+,;=%()]+", re.IGNORECASE)
EMAIL = re.compile(
    r"(?<![\w.%+-])[A-Za-z0-9._%+-]+@[A-Za-z0-9-]+(?:\.[A-Za-z0-9-]+)*\.[A-Za-z]{2,}"
)
# ASCII only on purpose: in `#GeorgeFloyd를` the Korean particle is not part of the hashtag.
HASHTAG = re.compile(r"(?<![A-Za-z0-9_&#/])#[A-Za-z0-9_]*[A-Za-z][A-Za-z0-9_]*")
HANDLE = re.compile(r"(?<![A-Za-z0-9_.%+@-])@[A-Za-z0-9_](?:[A-Za-z0-9_.]*[A-Za-z0-9_])?")
FOOTNOTE = re.compile(FOOTNOTE_LABEL)
HEADING_ID = re.compile(r"\{#[^\s}]+[^}\n]*\}")
MARKERS = re.compile(f"{FOOTNOTE.pattern}|{HEADING_ID.pattern}")
# Emphasis delimiter runs; `_` inside an ASCII word (snake_case) never opens or closes.
DELIMITER = re.compile(r"\*+|~~+|(?<![A-Za-z0-9])_+|_+(?![A-Za-z0-9])")
NUMBER = re.compile(r"\d+(?:[.,\u00a0\u202f\u066b\u066c]\d+)*")
GRAPHEME = regex.compile(r"\X")


@dataclass(frozen=True, slots=True)
class Skeleton:
    """The parts of a text that a translation must keep, and the text readers see."""

    links: tuple[str, ...]
    """Link targets (inline links and autolinks), normalized as the bundles write them."""
    images: tuple[str, ...]
    """Image sources."""
    code: tuple[str, ...]
    """Content of each inline code span."""
    html: tuple[str, ...]
    """Each raw inline HTML fragment, as written."""
    hard_breaks: int
    spans: Counter[str]
    """Emphasis that parsed: bold, italic and strikethrough spans by kind (never mutated)."""
    text: str
    """The plain text: text tokens joined, link and alt text included, code as U+FFFC."""


@dataclass(frozen=True, slots=True)
class Facts:
    """What must survive translation verbatim, found in the plain text (never in code or URLs)."""

    urls: tuple[str, ...]
    """Bare URLs and e-mail addresses in the text."""
    hashtags: tuple[str, ...]
    handles: tuple[str, ...]
    numbers: tuple[str, ...]
    """Numbers as written, digits of any script, separators included (`7,781`, `௫`)."""
    literals: Counter[str]
    """Emphasis delimiter runs (`**`, `_`, `~~`...) left over as plain text (never mutated)."""
    words: str
    """The plain text without any of the above: what a translator translates."""


@text_cache(4096)
def inline_tokens(text: str) -> tuple[Token, ...]:
    """The inline tokens of `text`, link targets as written and no reference definitions: the
    one parse of a translation, for its skeleton and for the bundle's HTML. Never mutated."""
    (parsed,) = PARSER.parseInline(text)
    return tuple(parsed.children or ())


@text_cache(8192)
def skeleton(text: str) -> Skeleton:
    if is_plain_text(text):
        return Skeleton((), (), (), (), 0, Counter(), text)
    links: list[str] = []
    images: list[str] = []
    code: list[str] = []
    html: list[str] = []
    spans: Counter[str] = Counter()
    pieces: list[str] = []
    breaks = _walk(inline_tokens(text), links, images, code, html, spans, pieces)
    plain = "".join(pieces)
    return Skeleton(
        tuple(links),
        tuple(images),
        tuple(code),
        tuple(html),
        breaks,
        spans,
        plain,
    )


def _walk(
    tokens: Sequence[Token],
    links: list[str],
    images: list[str],
    code: list[str],
    html: list[str],
    spans: Counter[str],
    pieces: list[str],
) -> int:
    """Collect the parts of an inline token stream; returns the number of hard breaks."""
    breaks = 0
    for token in tokens:
        kind = token.type
        if kind == "text":
            pieces.append(token.content)
        elif kind == "inline":
            breaks += _walk(token.children or [], links, images, code, html, spans, pieces)
        elif kind == "link_open":
            links.append(str(token.attrs.get("href", "")))
        elif kind == "image":
            images.append(str(token.attrs.get("src", "")))
            pieces.append(OBJECT)
            breaks += _walk(token.children or [], links, images, code, html, spans, pieces)
        elif kind == "code_inline":
            code.append(token.content)
            pieces.append(OBJECT)
        elif kind == "html_inline":
            html.append(token.content)
            pieces.append(OBJECT)
        elif kind in ("softbreak", "hardbreak"):
            breaks += kind == "hardbreak"
            pieces.append("\n")
        elif kind in SPANS:
            spans[SPANS[kind]] += 1
    return breaks


@text_cache(8192)
def facts(text: str) -> Facts:
    # Each pattern runs only where its one required character is: EMAIL backtracks over every
    # ASCII word, and most texts have no `@`, `#` or delimiter at all.
    plain = skeleton(text).text
    if "[^" in plain or "{#" in plain:
        plain = MARKERS.sub(OBJECT, plain)  # `[^1]` and `{#id}` are checked as such
    emails = EMAIL.findall(plain) if "@" in plain else []
    urls = [_trim_url(url) for url in (*URL.findall(plain), *emails)]
    rest = URL.sub(OBJECT, plain)
    if emails:
        rest = EMAIL.sub(OBJECT, rest)
    hashtags = HASHTAG.findall(rest) if "#" in rest else []
    handles = HANDLE.findall(rest) if "@" in rest else []
    if hashtags:
        rest = HASHTAG.sub(OBJECT, rest)
    if "@" in rest:  # not `handles`: a hashtag made OBJECT can free the `@` after it
        rest = HANDLE.sub(OBJECT, rest)
    numbers = NUMBER.findall(rest)
    delimiters = "*" in rest or "_" in rest or "~" in rest
    literals = Counter(DELIMITER.findall(rest)) if delimiters else Counter()
    return Facts(tuple(urls), tuple(hashtags), tuple(handles), tuple(numbers), literals, rest)


def _trim_url(url: str) -> str:
    """Sentence punctuation after a URL is not part of it; neither is an unbalanced `)`."""
    url = url.rstrip(".,;:!?*_~-")
    while url.endswith(")") and url.count(")") > url.count("("):
        url = url[:-1].rstrip(".,;:!?")
    return url


def has_letters(text: str) -> bool:
    return any(char.isalpha() for char in text)


WORD = re.compile(r"[^\W\d_]+")


def names_kept(source: str, translation: str) -> bool:
    """The source is only names (every word capitalized: `(Jamie Chin)`) and the translation
    keeps those very words, in order, around punctuation of its own (`（Jamie Chin）`)."""
    words = WORD.findall(facts(source).words)
    return (
        bool(words)
        and all(word[0].isupper() for word in words)
        and WORD.findall(facts(translation).words) == words
    )


@text_cache(8192)
def graphemes(text: str) -> int:
    """Length as a reader counts it: extended grapheme clusters (Unicode's UAX #29), so a
    Malayalam conjunct such as സ്ത്രീ or an emoji with its skin tone is one. Cached: a msgid's
    length is measured once for all its locales."""
    return len(GRAPHEME.findall(text))


def excerpt(text: str, start: int, end: int, before: int = 6, after: int = 2) -> str:
    """The text around [start, end), a few grapheme clusters each side, never cutting one."""
    bounds = [match.start() for match in GRAPHEME.finditer(text)] + [len(text)]
    first = max(0, bisect.bisect_right(bounds, start) - 1 - before)
    last = min(len(bounds) - 1, bisect.bisect_left(bounds, end) + after)
    return text[bounds[first] : bounds[last]].replace("\n", " ")


def digit_system(char: str) -> str:
    """The script of a decimal digit: "" for ASCII, else the first word(s) of its Unicode name
    (`TAMIL`, `MALAYALAM`, `FULLWIDTH`)."""
    if char.isascii():
        return ""
    return unicodedata.name(char, "").partition(" DIGIT")[0]
