"""Source tokens + translations -> the HTML of a bundle: English blocks tagged, no injected markup.

The body is parsed once per document; each locale reuses the source's block tokens and parses
only the inline content of its translated leaves. So the block structure is the source's by
construction, raw HTML blocks come from the source only, and a translation reaches the page
through inline parsing alone, where:

1. raw HTML it writes is kept only when the identical fragment is in the msgid it translates
   (`<span class="x">` kept as the source had it); any other tag, `<script>` or `onerror=`
   included, becomes text;
2. links and images pass markdown-it's `validateLink`, which drops `javascript:`, `vbscript:`,
   `file:` and non-image `data:` URLs (after entities are decoded and case is folded);
3. a link reference resolves only to the source's definitions (inline parsing cannot add one).

Every leaf (paragraph, heading, table cell) whose text falls back to English carries
`lang="en"`, even inside an element that already says so; a translated leaf inside such an
element says its own language. The page's language is the locale's. In a tight list the
paragraph has no element of its own, so the list item carries the attribute.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from dataclasses import dataclass, replace
from typing import Any

from markdown_it.token import Token

from pipeline.checks.skeleton import inline_tokens
from pipeline.extract.documents import Document
from pipeline.extract.masking import mask_body
from pipeline.extract.parsing import PARSER, is_plain_text
from pipeline.extract.scanning import ONE_LINE_SYNTAX
from pipeline.extract.segments import FRONT_MATTER, IMAGE_ALT, TABLE_CELL, TABLE_HEADER, Segment
from pipeline.extract.splicing import fit
from pipeline.locales import SOURCE_LOCALE

# The attribute that holds each token type's link target.
TARGETS = {"link_open": "href", "image": "src"}
LEAF_OPENERS = frozenset({"paragraph_open", "heading_open", "th_open", "td_open"})
CELLS = frozenset({TABLE_HEADER, TABLE_CELL})


@dataclass(frozen=True, slots=True)
class Leaf:
    """An inline token of the source that a segment translates."""

    token: int
    """Index of the inline token in `Page.tokens`."""
    segment: int
    """Index of its segment in the document's segments."""
    bare: Segment
    """The segment without its container prefix: a translation's inline content has none."""
    fragments: frozenset[str]
    """Raw HTML fragments of the source inline: the only raw HTML its translation may keep."""


@dataclass(frozen=True, slots=True)
class Page:
    """A document body parsed once, shared by every locale. Never mutated."""

    tokens: tuple[Token, ...]
    env: dict[str, Any]
    """markdown-it's environment: the source's link reference definitions."""
    leaves: tuple[Leaf, ...]


def build_page(
    document: Document, segments: Sequence[Segment], syntax: frozenset[str] = frozenset()
) -> Page:
    """Parse the body and pair each segment with the inline token it came from.

    The body is parsed as extraction read it, its site syntax (`syntax`: the enabled features)
    masked: a JSX tag or directive line is no paragraph of the page, and titles and prose
    parameters, which live inside that syntax, are segments with no leaf of their own.
    """
    env: dict[str, Any] = {}
    text = mask_body(document.body, syntax, document.path, document.body_line).text
    tokens = tuple(PARSER.parse(text, env))
    body = [
        index
        for index, segment in enumerate(segments)
        if segment.kind != FRONT_MATTER and segment.kind not in ONE_LINE_SYNTAX
    ]
    leaves: list[Leaf] = []
    for index, token in enumerate(tokens):
        if token.type != "inline" or token.map is None or len(leaves) == len(body):
            continue
        segment = segments[body[len(leaves)]]
        if segment.line != token.map[0] + document.body_line + 1:
            continue
        # Cells share a line; a cell without a segment has no letters, so it never matches.
        if segment.kind in CELLS and segment.text.replace("\\|", "|") != token.content:
            continue
        html = frozenset(c.content for c in token.children or () if c.type == "html_inline")
        bare = replace(segment, prefix="") if segment.prefix else segment
        leaves.append(Leaf(index, body[len(leaves)], bare, html))
    if len(leaves) != len(body):
        # Extraction made each body segment from one inline token: a mismatch is our bug.
        raise RuntimeError(f"{document.path}: {len(body)} segments but {len(leaves)} matched")
    return Page(tokens, env, tuple(leaves))


def render_html(
    page: Page, segments: Sequence[Segment], translations: Mapping[int, str], tag: str
) -> str:
    """The body as HTML; `translations` maps segment indexes to the text in use for them."""
    tokens = list(page.tokens)
    langs: dict[int, str] = {}
    for leaf in page.leaves:
        segment = segments[leaf.segment]
        translation = translations.get(leaf.segment)
        langs[leaf.token] = SOURCE_LOCALE if translation is None else tag
        if translation is not None and translation != segment.text:
            inline = tokens[leaf.token]
            content = _inline_content(leaf.bare, translation, inline.content)
            children = [_untrusted(child, leaf.fragments) for child in parse_inline(content, page)]
            tokens[leaf.token] = _copied(inline, content=content, children=children)
    _tag_languages(tokens, langs, tag)
    html: str = PARSER.renderer.render(tokens, PARSER.options, page.env)
    return html


def _inline_content(bare: Segment, translation: str, source: str) -> str:
    """What markdown-it sees as the leaf's inline content in the localized Markdown."""
    shaped = fit(bare, translation, "\n")
    if bare.kind == IMAGE_ALT:
        return source.replace("![" + bare.text, "![" + shaped, 1)
    if bare.kind in CELLS:
        shaped = shaped.replace("\\|", "|")  # GFM drops the backslash of `\|` before inlines
    return shaped.strip()


def parse_inline(content: str, page: Page) -> list[Token]:
    """Inline tokens of `content`; plain text skips the parser (most prose in any script).

    The checks have parsed the translation already (`inline_tokens`): its tokens serve here
    once their link targets are normalized as this parser would, unless the source defines
    link references the text may use, or a target is one this parser rejects."""
    if is_plain_text(content):
        # No character that opens an inline construct: the parser would return one text token.
        return [Token("text", "", 0, content=content)]
    if not (page.env.get("references") and "[" in content):
        shared = _validated(inline_tokens(content))
        if shared is not None:
            return shared
    (parsed,) = PARSER.parseInline(content, page.env)
    return list(parsed.children or ())


def _validated(tokens: Sequence[Token]) -> list[Token] | None:
    """`tokens` with link and image targets as PARSER writes them; None if it rejects one."""
    out = []
    for token in tokens:
        attribute = TARGETS.get(token.type)
        if attribute is not None:
            target = PARSER.normalizeLink(str(token.attrs[attribute]))
            if not PARSER.validateLink(target):
                return None
            children = token.children
            if children:
                children = _validated(children)
                if children is None:
                    return None
            token = _copied(token, attrs={**token.attrs, attribute: target}, children=children)
        out.append(token)
    return out


def _untrusted(child: Token, fragments: frozenset[str]) -> Token:
    """Raw HTML from a translation is text unless the source had that very fragment."""
    if child.type == "html_inline" and child.content not in fragments:
        return _copied(child, type="text")
    return child


def _tag_languages(tokens: list[Token], langs: Mapping[int, str], tag: str) -> None:
    """Give `lang` to each leaf whose language differs from the element around it."""
    stack = [tag]  # the language in effect inside each open element
    for index, token in enumerate(tokens):
        if token.nesting < 0:
            stack.pop()
            continue
        effective = stack[-1]
        lang = langs.get(index + 1) if token.type in LEAF_OPENERS else None
        # English is always said, even when inherited: each fallback block carries it.
        if lang is not None and (lang != effective or lang == SOURCE_LOCALE):
            effective = lang
            if not token.hidden:
                tokens[index] = _with_lang(token, lang)
            elif tokens[index - 1].type == "list_item_open":
                # A tight list item's text: the item carries it, and its later children see it.
                tokens[index - 1] = _with_lang(tokens[index - 1], lang)
                stack[-1] = lang
            else:
                tokens[index + 1] = _wrapped(tokens[index + 1], lang)
        if token.nesting > 0:
            stack.append(effective)


def _with_lang(token: Token, lang: str) -> Token:
    return _copied(token, attrs={**token.attrs, "lang": lang})


def _wrapped(inline: Token, lang: str) -> Token:
    """A hidden paragraph that is not its item's first child: a span is all it can carry."""
    opening = Token("html_inline", "", 0, content=f'<span lang="{lang}">')
    closing = Token("html_inline", "", 0, content="</span>")
    return _copied(inline, children=[opening, *(inline.children or ()), closing])


def _copied(token: Token, **changes: Any) -> Token:
    """`token.copy(**changes)`, a shallow copy, without `dataclasses.replace` (several times
    slower, and a build copies a token for every translated leaf)."""
    new = Token(
        token.type,
        token.tag,
        token.nesting,
        token.attrs,
        token.map,
        token.level,
        token.children,
        token.content,
        token.markup,
        token.info,
        token.meta,
        token.block,
        token.hidden,
    )
    for name, value in changes.items():
        setattr(new, name, value)
    return new
