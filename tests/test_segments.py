"""Segmentation: the right leaves, and spans so exact that splicing reproduces the source."""

from __future__ import annotations

import itertools
import re
from pathlib import Path

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from pipeline.extract import segments as segments_module
from pipeline.extract.documents import Document, parse_document
from pipeline.extract.parsing import PARSER
from pipeline.extract.segments import (
    FRONT_MATTER,
    IMAGE_ALT,
    LIST_ITEM,
    TABLE_CELL,
    TABLE_HEADER,
    Segment,
    build_segments,
)
from pipeline.extract.splicing import splice
from tests.conftest import GOLDEN, REPO

KEYS = ("title", "subtitle", "description")
CASES = sorted(GOLDEN.glob("extract/*.md")) + sorted((REPO / "source").glob("*.md"))


def segments_of(data: bytes, name: str = "doc.md") -> tuple[Document, list[Segment]]:
    document = parse_document(data, Path(name), Path(name).stem, name)
    return document, build_segments(document, KEYS)


def collapse(span: str) -> str:
    """What the msgid of a span must be, derived from the span alone: prefixes off, breaks joined."""
    lines = re.split(r"\r\n|\r|\n", span)
    text = lines[0]
    for line in lines[1:]:
        content = re.sub(r"^[ \t>]*", "", line)
        hard = re.search(r"(  +|(?<!\\)(\\\\)*\\)$", text)
        text = text + "\n" + content if hard else text.rstrip(" \t") + " " + content
    return text


def block_shape(text: str) -> list[str]:
    """The block structure markdown-it sees: token types and nesting, without inline content."""
    return [f"{t.type}:{t.tag}:{t.markup}" for t in PARSER.parse(text) if t.type != "inline"]


def check_spans(data: bytes) -> None:
    document, segments = segments_of(data)
    # The block-only parse with inline parsing on demand finds what a full parse finds.
    with pytest.MonkeyPatch.context() as patch:
        patch.setattr(segments_module, "BLOCK_PARSER", PARSER)
        patch.setattr(segments_module, "INLINE_MARKUP", re.compile(r"^"))
        assert build_segments(document, KEYS) == segments
    text = document.text
    body = [s for s in segments if s.kind != FRONT_MATTER]
    # Spans are ordered, disjoint and inside the body.
    for before, after in itertools.pairwise(body):
        assert before.end <= after.start
    # Each span holds exactly its msgid, container prefixes and soft breaks aside.
    for segment in body:
        span = text[segment.start : segment.end]
        expected = span if segment.kind in (IMAGE_ALT, TABLE_CELL, TABLE_HEADER) else collapse(span)
        assert expected == segment.text
    # Putting each msgid back into its span reproduces the source byte for byte.
    assert splice(text, segments, lambda s: s.text) == text
    # A translation in every span keeps the block structure, and lands where its source was.
    marks = {id(s): f"Zq{i}x" for i, s in enumerate(body)}
    spliced = splice(text, body, lambda s: marks[id(s)])
    assert block_shape(spliced) == block_shape(text)
    inline = "\n".join(t.content for t in PARSER.parse(spliced) if t.type == "inline")
    for mark in marks.values():
        assert re.search(rf"(?<![0-9]){mark}", inline), mark


@pytest.mark.parametrize("case", CASES, ids=lambda p: p.name)
def test_spans_are_exact(case: Path) -> None:
    check_spans(case.read_bytes())


@pytest.mark.parametrize("case", CASES, ids=lambda p: p.name)
def test_spans_are_exact_with_crlf_and_bom(case: Path) -> None:
    data = case.read_bytes().removeprefix(b"\xef\xbb\xbf")
    check_spans(b"\xef\xbb\xbf" + data.replace(b"\r\n", b"\n").replace(b"\n", b"\r\n"))


def test_multiline_translation_gets_container_prefix() -> None:
    data = b"> - first line\n>   second line\n"
    document, segments = segments_of(data)
    assert len(segments) == 1
    out = splice(document.text, segments, lambda s: "첫 줄  \n둘째 줄")
    assert out == "> - 첫 줄  \n>   둘째 줄\n"
    assert block_shape(out) == block_shape(document.text)


def test_front_matter_translation_is_a_yaml_string() -> None:
    data = b'---\ntitle: "Hello: world"\nsubtitle: >\n  folded\n  text\nauthors: [A]\n---\nBody.\n'
    document, segments = segments_of(data)
    translated = {"Hello: world": "안녕: 세계", "folded text": '접힌 "글"'}
    out = splice(document.text, segments, lambda s: translated.get(s.text))
    assert out.startswith(
        '---\ntitle: "안녕: 세계"\nsubtitle: "접힌 \\"글\\""\nauthors: [A]\n---\n'
    )


def test_seed_actions_and_bail_funds_are_one_entry_each() -> None:
    _, segments = segments_of((REPO / "source" / "allyship-actions.md").read_bytes())
    items = [s for s in segments if s.kind == LIST_ITEM]
    assert len(items) == 26 + 3
    assert len({s.text for s in items}) == 29
    assert items[0].text.startswith("Don’t call the cops.")
    assert items[25].text.startswith("Support and join the protests")
    assert items[26].text.startswith("(MFF IS OVERFLOWING")


def test_code_and_html_are_never_msgids() -> None:
    for case in CASES:
        _, segments = segments_of(case.read_bytes())
        for segment in segments:
            assert "never extracted" not in segment.text
            assert "tilde fence" not in segment.text
            assert "only code here" not in segment.text
            assert not segment.text.startswith("<div")


def test_leaves_with_no_letters_are_skipped() -> None:
    _, segments = segments_of(
        b"1. 55156\n2. \xf0\x9f\x99\x82\n\n`code only`\n\n| 42 | x |\n|---|---|\n"
    )
    assert [s.text for s in segments] == ["x"]


# Random documents: blocks built from words in five scripts and inline Markdown, nested in
# lists and quotes, with LF or CRLF, a BOM or not, tabs or spaces.
WORDS = st.sampled_from(
    [
        "word",
        "경찰을",
        "부르지",
        "中文",
        "支持",
        "ひらがな",
        "カタカナ",
        "漢字",
        "தமிழ்",
        "உரை",
        "മലയാളം",
        "വാചകം",
        "**bold**",
        "*em*",
        "`code`",
        "[link](https://example.com)",
        "#GeorgeFloyd",
        "@handle",
        "55156",
        "&amp;",
        "\\*",
        "![alt](a.png)",
        "<b>x</b>",
    ]
)
LINE = st.lists(WORDS, min_size=1, max_size=6).map(" ".join)
PARAGRAPH = st.lists(LINE, min_size=1, max_size=3).map(lambda ls: "\n".join(ls))


@st.composite
def blocks(draw: st.DrawFn, depth: int = 0) -> str:
    kinds = ["paragraph", "heading", "code", "table", "setext"]
    if depth < 3:
        kinds += ["list", "quote"]
    kind = draw(st.sampled_from(kinds))
    if kind == "paragraph":
        return draw(PARAGRAPH)
    if kind == "heading":
        return "#" * draw(st.integers(1, 6)) + " " + draw(LINE)
    if kind == "setext":
        return draw(PARAGRAPH) + "\n" + draw(st.sampled_from(["===", "---"]))
    if kind == "code":
        return "```\n" + draw(PARAGRAPH) + "\n```"
    if kind == "table":
        cells = draw(st.lists(LINE.map(lambda s: s.replace("|", "")), min_size=2, max_size=2))
        return f"| {cells[0]} | x |\n|---|---|\n| {cells[1]} | y |"
    inner = draw(st.lists(blocks(depth + 1), min_size=1, max_size=2))
    if kind == "quote":
        return "\n".join(("> " + line).rstrip() for line in "\n\n".join(inner).split("\n"))
    marker = draw(st.sampled_from(["- ", "* ", "1. ", "2) "]))
    indent = " " * len(marker)
    items = []
    for block in inner:
        lines = block.split("\n")
        items.append(marker + "\n".join([lines[0], *((indent + ln).rstrip() for ln in lines[1:])]))
    return "\n".join(items)


@st.composite
def documents(draw: st.DrawFn) -> bytes:
    body = "\n\n".join(draw(st.lists(blocks(), min_size=1, max_size=5)))
    if draw(st.booleans()):
        body = f"---\ntitle: {draw(LINE)!r}\n---\n\n{body}"
    if draw(st.booleans()):
        body = body.replace("    ", "\t")
    newline = draw(st.sampled_from(["\n", "\r\n"]))
    data = (body + "\n").replace("\n", newline).encode()
    return (b"\xef\xbb\xbf" if draw(st.booleans()) else b"") + data


@settings(max_examples=300, deadline=None)
@given(documents())
def test_spans_are_exact_for_random_documents(data: bytes) -> None:
    check_spans(data)
