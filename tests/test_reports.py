"""Coverage reports: golden output per format, JSON Schema, valid HTML5 whose numbers are the JSON's.

Golden cases are the files (and, for svg, folders) in tests/golden/coverage, named
`<catalogs>--<format>[--words].<ext>`: `<catalogs>` is `project` (tests/data/coverage/project)
or a folder of tests/data/coverage given as a path. Adding a case is adding a file; regenerate
with `make golden` (UPDATE_GOLDEN=1) and review the diff.
"""

from __future__ import annotations

import json
import re
from importlib import resources
from pathlib import Path
from random import Random
from typing import Any
from xml.etree.ElementTree import Element

import html5lib
import jsonschema
import pytest
from click.testing import CliRunner
from hypothesis import given
from hypothesis import strategies as st

from pipeline.cli import main
from pipeline.coverage.badges import render_badge
from pipeline.coverage.counts import LISTED, CatalogCoverage, Counts, build_coverage
from pipeline.coverage.page import render_page
from pipeline.coverage.text import render_table, text_width
from pipeline.po import Message
from tests.conftest import DATA, GOLDEN, compare_golden

COVERAGE = DATA / "coverage"
CASES = sorted((GOLDEN / "coverage").iterdir())
SCHEMA = json.loads(
    resources.files("pipeline").joinpath("schemas/coverage.schema.json").read_text()
)
HTML = "{http://www.w3.org/1999/xhtml}"


def run_case(case: Path, tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> dict[str, str]:
    """The files a case produces: {"": stdout} or, for svg, the badges by name."""
    source, form, *options = case.name.split(".")[0].split("--")
    args = ["coverage", "--format", form, *(["--by", "words"] if "words" in options else [])]
    if source == "project":
        args = ["--config", str(COVERAGE / "project" / "pipeline.yaml"), *args]
    else:
        monkeypatch.chdir(COVERAGE)
        args = ["--config", str(tmp_path / "absent.yaml"), *args, source]
    if form == "svg":
        args += ["--output", str(tmp_path / "badges")]
    result = CliRunner().invoke(main, args, catch_exceptions=False)
    assert result.exit_code == 0, result.stderr
    if form != "svg":
        return {"": result.stdout}
    return {p.name: p.read_text("utf-8") for p in sorted((tmp_path / "badges").iterdir())}


def expected_of(case: Path) -> dict[str, str]:
    if case.is_dir():
        return {p.name: p.read_text("utf-8") for p in sorted(case.iterdir())}
    return {"": case.read_text("utf-8")}


@pytest.mark.parametrize("case", CASES, ids=lambda p: p.name)
def test_report_matches_golden(case: Path, tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    produced = run_case(case, tmp_path, monkeypatch)
    for name, text in produced.items():
        compare_golden(case / name if name else case, text)
    assert produced == expected_of(case)  # and no expected badge is left over


def test_schema_is_valid_and_describes_every_field() -> None:
    jsonschema.Draft202012Validator.check_schema(SCHEMA)

    def walk(node: Any, where: str) -> None:
        if isinstance(node, dict):
            for name, sub in node.get("properties", {}).items():
                assert "description" in sub, f"{where}.{name} has no description"
            for key, sub in node.items():
                walk(sub, f"{where}.{key}")

    walk(SCHEMA, "$")


@pytest.mark.parametrize("case", [c for c in CASES if c.suffix == ".json"], ids=lambda p: p.name)
def test_json_validates_against_the_schema(case: Path) -> None:
    report = json.loads(case.read_text("utf-8"))
    jsonschema.Draft202012Validator(SCHEMA).validate(report)
    for counts in [report["totals"], *report["locales"].values()]:
        assert counts["translated"] + counts["fuzzy"] + counts["untranslated"] == counts["total"]


@pytest.mark.parametrize("case", [c for c in CASES if c.suffix == ".html"], ids=lambda p: p.name)
def test_html_is_valid_html5_with_the_json_numbers(
    case: Path, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    page = case.read_text("utf-8")
    tree = html5lib.HTMLParser(strict=True).parse(page)  # raises on any parse error
    assert tree.get("lang") == "en"
    assert list(tree.iter(f"{HTML}script")) == []
    assert not re.search(r"<(link|img|script|iframe)\b|\bsrc=|\bhref=\"(?!#)", page)
    json_case = case.with_suffix(".json")
    report = json.loads(
        expected_of(json_case)[""] if json_case.exists() else run_json(case, tmp_path, monkeypatch)
    )
    checked = 0
    for element in tree.iter():
        if "data-translated" in element.attrib:
            assert numbers_of(element) == expected_numbers(report, element.attrib)
            checked += 1
    cells = len(report["locales"]) + len(report["documents"]) + 1
    cells += sum(len(d["locales"]) for d in report["documents"].values())
    assert checked == cells + len(report["locales"]) + 1  # the matrix, and the locale summary


def run_json(case: Path, tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> str:
    twin = case.with_name(case.name.replace("--html", "--json").replace(".html", ".json"))
    return run_case(twin, tmp_path, monkeypatch)[""]


def numbers_of(element: Element) -> dict[str, Any]:
    """The numbers a cell shows, from its attributes and its text."""
    text = "".join(element.itertext())
    shown = re.search(r"(\d+\.\d)%", text)
    assert shown, text
    keys = ("translated", "fuzzy", "untranslated")
    return {k: int(element.attrib[f"data-{k}"]) for k in keys} | {"percent": float(shown[1])}


def expected_numbers(report: dict[str, Any], attrib: dict[str, str]) -> dict[str, Any]:
    locale, document = attrib.get("data-locale"), attrib.get("data-document")
    if locale and document:
        counts = report["documents"][document]["locales"][locale]
    elif locale:
        counts = report["locales"][locale]
    elif document:
        counts = report["documents"][document]["totals"]
    else:
        counts = report["totals"]
    return {k: counts[k] for k in ("translated", "fuzzy", "untranslated", "percent")}


def test_html_escapes_catalog_text_and_tags_languages() -> None:
    evil = Message(
        msgid='<script>alert("x")</script> & \x07', msgstr="<b>번역</b>", flags=("fuzzy",)
    )
    untranslated = Message(msgid="</details><h1>tamil</h1>", msgctxt="menu")
    pending = (evil, untranslated)
    item = CatalogCoverage("zh_Hans", "a b", Path("x.po"), Counts(0, 1, 1), pending)
    page = render_page(build_coverage([item], "strings"))
    tree = html5lib.HTMLParser(strict=True).parse(page)
    assert list(tree.iter(f"{HTML}script")) == []
    assert [h.text for h in tree.iter(f"{HTML}h1")] == ["Translation coverage"]
    texts = {e.text: e.get("lang") for e in tree.iter(f"{HTML}div") if e.get("class") == "text"}
    assert texts == {
        '<script>alert("x")</script> & \\x07': "en",
        "<b>번역</b>": "zh-Hans",
        "menu": "en",
        "</details><h1>tamil</h1>": "en",
    }
    assert 'id="zh_Hans:a_b"' in page


def test_table_fits_80_columns_and_truncates_long_ids(tmp_path: Path) -> None:
    name = "reference/" + "very-long-chapter-name/" * 3 + "설치-안내"
    items = [
        CatalogCoverage(code, doc, Path("x.po"), Counts(7, 1, 2), ())
        for code in ("ko", "zh_Hans", "ta", "ml", "ja", "sr_Latn")
        for doc in (name, "welcome")
    ]
    table = render_table(build_coverage(items, "strings"))
    assert max(text_width(line) for line in table.splitlines()) <= 80
    assert "…" in table
    assert "설치-안내" in table  # the end of an id is kept
    assert "\x1b[" not in table
    assert "\x1b[32m" in render_table(build_coverage(items, "strings"), color=True)


def test_badge_never_rounds_up_to_100() -> None:
    almost = render_badge("ko", Counts(translated=9999, untranslated=1))
    assert 'aria-label="ko: 99%"' in almost
    assert "#97ca00" in almost  # green, not bright green
    assert 'aria-label="translated: 100%"' in render_badge("translated", Counts(translated=3))


LISTING_TEXT = {
    "ko": "번역할 문장",
    "zh_Hans": "待翻译的句子",
    "ta": "மொழிபெயர்க்க வேண்டிய வாக்கியம்",
    "ml": "വിവർത്തനം ചെയ്യാനുള്ള വാക്യം",
    "ja": "翻訳する文",
}


def open_catalog(locale: str, document: str, size: int) -> CatalogCoverage:
    """A catalog with `size` open strings: every third fuzzy, the others untranslated."""
    pending = tuple(
        Message(
            msgid=f"{LISTING_TEXT[locale]} {number}",
            msgstr=LISTING_TEXT[locale] if number % 3 == 0 else "",
            flags=("fuzzy",) if number % 3 == 0 else (),
        )
        for number in range(size)
    )
    fuzzy = sum(1 for message in pending if message.fuzzy)
    counts = Counts(1, fuzzy, size - fuzzy)
    return CatalogCoverage(locale, document, Path(f"{locale}/{document}.po"), counts, pending)


@given(
    st.lists(
        st.tuples(st.sampled_from(sorted(LISTING_TEXT)), st.integers(0, 700)),
        min_size=1,
        max_size=12,
    ),
    st.randoms(use_true_random=False),
)
def test_the_page_lists_whole_catalogs_up_to_the_limit_in_any_order(
    sizes: list[tuple[str, int]], random: Random
) -> None:
    catalogs = [open_catalog(locale, f"doc-{i:02}", n) for i, (locale, n) in enumerate(sizes)]
    shuffled = list(catalogs)
    random.shuffle(shuffled)
    first, second = build_coverage(catalogs, "strings"), build_coverage(shuffled, "strings")
    assert {k: first.catalogs[k] for k in sorted(first.catalogs)} == {
        k: second.catalogs[k] for k in sorted(second.catalogs)
    }
    before: dict[str, int] = {}
    for original in catalogs:  # already in report order: documents sorted
        kept = first.catalog(original.locale, original.document)
        assert kept is not None
        assert kept.counts == original.counts
        assert kept.open_strings == original.open_strings  # counted, listed or not
        earlier = before.get(original.locale, 0)
        assert kept.pending == (original.pending if earlier < LISTED else ())
        before[original.locale] = earlier + len(original.pending)
    assert all(
        sum(len(c.pending) for c in first.catalogs.values() if c.locale == code) < LISTED + 700
        for code in LISTING_TEXT
    )


def test_a_locale_past_the_limit_says_which_catalogs_are_not_listed() -> None:
    catalogs = [open_catalog("ta", f"page-{i}", 400) for i in range(4)]
    catalogs.append(open_catalog("ja", "page-0", 5))
    page = render_page(build_coverage(catalogs, "strings", ["ta", "ja"]))
    tree = html5lib.HTMLParser(strict=True).parse(page)
    items = [li for li in tree.iter(f"{HTML}li") if li.get("class") in ("fuzzy", "untranslated")]
    assert len(items) == 3 * 400 + 5  # ta: 400 + 400 + 400 (the third starts at 800 < 1,000)
    assert f"This page lists the first {LISTED:,} open strings of ta" in page
    assert "This page lists the first" not in page.split('id="ja"')[1]  # ja is whole
    assert page.count("(not listed)") == 1
    assert "page-3: 134 fuzzy, 266 untranslated (not listed)" in page
    assert 'href="#ta:page-3"' in page  # its matrix cell still links to its counts
    assert LISTING_TEXT["ta"] + " 399" in page
    assert LISTING_TEXT["ja"] + " 4" in page
