"""Page -> localized Markdown for one generator: anchors, English marks, links, front matter.

What differs between generators is data, a `Syntax`: how an explicit heading id is written,
how a block or a span is marked `lang="en"`, which characters of an untrusted translation must
be escaped so that it stays text. The splice itself is the bundles' (`splicing.splice`): every
byte that is not a translated or marked segment stays as the source wrote it.
"""

from __future__ import annotations

import functools
import posixpath
import re
from collections.abc import Callable, Mapping, Sequence
from dataclasses import dataclass, field

from pipeline.extract.documents import FRONT_MATTER_OPEN, NEWLINE, SOURCE_SUFFIXES
from pipeline.extract.segments import BLOCKQUOTE, FRONT_MATTER, HEADING, IMAGE_ALT, PARAGRAPH
from pipeline.extract.splicing import splice_in_order
from pipeline.json_pieces import json_text
from pipeline.sites.pages import Page, Source
from pipeline.sites.slugs import Slugger

# Inline links and images: `](destination` up to white space or `)`; `<...>` destinations too.
LINK = re.compile(r"(\]\(\s*)(<[^>\n]*>|[^\s)]+)")
SCHEME = re.compile(r"^[A-Za-z][A-Za-z0-9+.-]*:")
CODE_SPAN = re.compile(r"(`+)(?:.+?)(?<!`)\1(?!`)", re.DOTALL)

Body = tuple[str, list[str]]
"""A page's text before its front matter keys, and what each segment shows in it."""
Linker = Callable[[str, str], "str | None"]
"""(target doc id, anchor with its `#` or "") -> the destination to write; None: not a
document of the site, the link stays as written."""


def html_span(text: str, attributes: str) -> str:
    """Inline text marked with attributes: the `<span>` every renderer we write for accepts."""
    return f"<span {attributes}>{text}</span>"


@dataclass(frozen=True, slots=True)
class Syntax:
    """How one generator's Markdown says what a page needs."""

    slugger: Callable[[], Slugger]
    heading: Callable[[str, str, bool], str]
    """(heading text, anchor, is English on a translated page) -> the heading's new text."""
    block: Callable[[str], str] | None
    """Attributes -> the line that marks the paragraph above it; None: use `span`."""
    escapes: Mapping[str, str]
    """Replacements in a translation outside code spans, so that it stays text."""
    span: Callable[[str, str], str] = html_span
    """(inline text, attributes as `name="value"`) -> the text wrapped in a marked span."""
    source_escapes: Mapping[str, str] = field(default_factory=dict)
    """Replacements in English text (MDX reads `{` as code even in the source)."""
    head: Callable[[str, str], str] | None = None
    """(BCP 47 tag, direction) -> a line put right after the front matter (MDX `<head>`)."""
    paragraph: Callable[[str, str], str] | None = None
    """(paragraph text, attributes) -> the paragraph marked as a whole, where `span` would
    not do: in MDX a line that is one `<span>` is a block of its own, not a paragraph."""


def render_page(
    source: Source,
    page: Page,
    syntax: Syntax,
    linker: Linker,
    keys: Mapping[str, object],
    english: dict[str, Body] | None = None,
) -> str:
    """The page's Markdown: segments in use, marked and linked, with `keys` in front matter.

    `english` keeps the body of English pages by document: a fallback page in any language
    has the same body as the English page unless it links to other documents.
    """
    if english is not None and not page.translated and not links_to_documents(source):
        doc_id = source.document.doc_id
        if doc_id not in english:
            english[doc_id] = _render_body(source, page, syntax, linker)
        text, texts = english[doc_id]
    else:
        text, texts = _render_body(source, page, syntax, linker)
    return _finish(text, source, texts, syntax, keys)


def _render_body(source: Source, page: Page, syntax: Syntax, linker: Linker) -> Body:
    """The page's text, and what each segment shows (in `source.segments` order: the
    document's, as `build_segments` gives them)."""
    document = source.document
    doc_id, translated = document.doc_id, page.translated
    anchors = heading_anchors(source, syntax.slugger)
    # Looked up once a page, not once a segment: a site lays out tens of segments a page.
    escape_source, escape_text = escaper(syntax.source_escapes), escaper(syntax.escapes)
    previous = page.previous or (False,) * len(anchors)
    texts: list[str] = []
    rows = zip(source.segments, page.texts, anchors, previous, strict=True)
    for segment, text, anchor, old in rows:
        kind = segment.kind
        shown = escape_source(segment.text) if text is None else escape_text(text)
        if kind != FRONT_MATTER and "](" in shown:
            shown = relink(shown, doc_id, linker)
        english = text is None and translated
        if kind == HEADING:
            shown = syntax.heading(shown, anchor, english)
        elif kind != FRONT_MATTER and kind != IMAGE_ALT:
            if english:
                shown = _mark(syntax, kind, shown, 'lang="en"')
            elif old:
                shown = _mark(syntax, kind, shown, 'class="outdated"')
        texts.append(shown)
    return splice_in_order(document.text, source.segments, texts), texts


def _finish(
    text: str, source: Source, texts: Sequence[str], syntax: Syntax, keys: Mapping[str, object]
) -> str:
    text = _with_front_matter(text, source, texts, keys)
    if syntax.head is None:
        return text
    lang, direction = str(keys["lang"]), str(keys["dir"])
    end = _front_matter_length(text)
    return text[:end] + syntax.head(lang, direction) + "\n\n" + text[end:]


@functools.lru_cache(maxsize=16)
def links_to_documents(source: Source) -> bool:
    """Whether a segment links to another Markdown document (so pages differ by language)."""
    doc_id = source.document.doc_id
    return any(
        resolve(match.group(2).strip("<>"), doc_id) is not None
        for segment in source.segments
        if "](" in segment.text
        for match in LINK.finditer(segment.text)
    )


@functools.lru_cache(maxsize=16)
def heading_anchors(source: Source, slugger: Callable[[], Slugger]) -> tuple[str, ...]:
    """Per segment, the anchor of its English heading ("" for other segments): the same for
    every language of the document, so it is computed once per document and generator."""
    numbering = slugger()
    return tuple(
        numbering.slug(segment.text) if segment.kind == HEADING else ""
        for segment in source.segments
    )


def _front_matter_length(text: str) -> int:
    """Length of the front matter block at the start of `text` (closing line included)."""
    opened = FRONT_MATTER_OPEN.match(text)
    assert opened is not None
    closing = re.compile(r"^---[ \t]*(?:\r\n|\r|\n|$)", re.MULTILINE).search(text, opened.end())
    assert closing is not None
    return closing.end()


def _mark(syntax: Syntax, kind: str, text: str, attributes: str) -> str:
    if syntax.block is not None and kind in (PARAGRAPH, BLOCKQUOTE):
        return f"{text}\n{syntax.block(attributes)}"
    if syntax.paragraph is not None and kind in (PARAGRAPH, BLOCKQUOTE):
        return syntax.paragraph(text, attributes)
    return syntax.span(text, attributes)


def escape(text: str, escapes: Mapping[str, str]) -> str:
    """`escapes` applied outside code spans (a code span shows its characters as they are)."""
    return escaper(escapes)(text)


def escaper(escapes: Mapping[str, str]) -> Callable[[str], str]:
    """`escape` with these `escapes`, as a function of the text."""
    if not escapes:
        return _unchanged
    pattern = _pattern(tuple(escapes))

    def apply(text: str) -> str:
        if not pattern.search(text):  # most texts: one search in C, not a test per key
            return text
        return _escape_outside_code(text, pattern, escapes)

    return apply


def _unchanged(text: str) -> str:
    return text


def _escape_outside_code(text: str, pattern: re.Pattern[str], escapes: Mapping[str, str]) -> str:
    out: list[str] = []
    position = 0
    for code in CODE_SPAN.finditer(text):
        out.append(pattern.sub(lambda m: escapes[m.group(0)], text[position : code.start()]))
        out.append(code.group(0))
        position = code.end()
    out.append(pattern.sub(lambda m: escapes[m.group(0)], text[position:]))
    return "".join(out)


@functools.cache
def _pattern(keys: tuple[str, ...]) -> re.Pattern[str]:
    """The longest key first, so `{{` is replaced before a `{` key would be."""
    return re.compile("|".join(re.escape(key) for key in sorted(keys, key=len, reverse=True)))


def relink(text: str, doc_id: str, linker: Linker) -> str:
    """Relative links to another source document go where `linker` says (reader's language)."""

    def replace(match: re.Match[str]) -> str:
        raw = match.group(2)
        destination = raw[1:-1] if raw.startswith("<") else raw
        target = resolve(destination, doc_id)
        if target is None:
            return match.group(0)
        written = linker(*target)
        return match.group(0) if written is None else match.group(1) + written

    return LINK.sub(replace, text) if "](" in text else text


def resolve(destination: str, doc_id: str) -> tuple[str, str] | None:
    """(doc id, `#anchor` or "") of a relative link to a Markdown document, else None."""
    if SCHEME.match(destination) or destination.startswith(("/", "#")):
        return None
    path, hash_mark, anchor = destination.partition("#")
    stem, dot, extension = path.rpartition(".")
    if not dot or f".{extension}" not in SOURCE_SUFFIXES:
        return None
    joined = posixpath.normpath(posixpath.join(posixpath.dirname(doc_id), stem))
    if joined.startswith("../"):
        return None
    return joined, hash_mark + anchor


def _with_front_matter(
    text: str, source: Source, texts: Sequence[str], keys: Mapping[str, object]
) -> str:
    """`keys` added at the end of the front matter (which is created when there is none)."""
    document = source.document
    newline = match.group(0) if (match := NEWLINE.search(document.text)) else "\n"
    added = "".join(line + newline for line in yaml_lines(keys))
    if not document.front_matter_end:
        return f"---{newline}{added}---{newline}{text}"
    # The front matter's segments come first (`build_segments`).
    count = sum(1 for segment in source.segments if segment.kind == FRONT_MATTER)
    head = source.segments[:count]
    head_text = splice_in_order(document.text[: document.front_matter_end], head, texts[:count])
    opened = FRONT_MATTER_OPEN.match(head_text)
    assert opened is not None
    body = head_text.rstrip("\r\n")
    closing = max(body.rfind("\n"), body.rfind("\r")) + 1
    return text[:closing] + added + text[closing:]


def yaml_lines(keys: Mapping[str, object], indent: str = "") -> list[str]:
    """Block YAML for plain data: strings double-quoted (JSON strings are YAML strings)."""
    lines: list[str] = []
    for key, value in keys.items():
        # Scalars first, by their exact types: the ABCs' tests cost more than the encoding,
        # and every page of every site writes some twenty of these.
        if type(value) in _SCALARS:
            lines.append(f"{indent}{key}: {json_text(value)}")
        elif isinstance(value, Mapping):
            lines.append(f"{indent}{key}:")
            lines += yaml_lines(value, indent + "  ")
        elif isinstance(value, Sequence) and not isinstance(value, str):
            lines.append(f"{indent}{key}: {json_text(list(value))}")
        else:
            lines.append(f"{indent}{key}: {json_text(value)}")
    return lines


_SCALARS = frozenset({str, int, float, bool, type(None)})
