"""Golden extraction cases: `<case>.md` beside the `<case>.md.pot` it must produce.

Adding a case is adding files; regenerate expectations with `make golden` and review the diff.
"""

from __future__ import annotations

import subprocess
from pathlib import Path

import pytest

from pipeline.extract.documents import parse_document
from pipeline.extract.segments import build_segments
from pipeline.extract.sources import Source
from pipeline.extract.templates import build_template
from pipeline.locales import describe_locale
from pipeline.po import render_po
from pipeline.po_reader import read_po
from pipeline.sites.build import GENERATORS as SITE_GENERATORS
from tests.conftest import GOLDEN, compare_golden

CASES = sorted(GOLDEN.glob("extract/*.md"))
KEYS = ("title", "subtitle", "description")
DATE = "2020-05-08 00:00+0000"


def render_case(case: Path) -> str:
    reference = f"source/{case.name}"
    document = parse_document(case.read_bytes(), case, case.stem, reference)
    source = Source(document, tuple(build_segments(document, KEYS)))
    return render_po(build_template(source, DATE))


@pytest.mark.parametrize("case", CASES, ids=lambda p: p.name)
def test_template_matches_golden(case: Path) -> None:
    expected = case.with_name(case.name + ".pot")
    text = render_case(case)
    compare_golden(expected, text)


@pytest.mark.parametrize("case", CASES, ids=lambda p: p.name)
def test_golden_template_is_canonical_for_gettext(case: Path) -> None:
    pot = case.with_name(case.name + ".pot")
    subprocess.run(["msgfmt", "--check", "-o", "/dev/null", str(pot)], check=True)
    out = subprocess.run(["msgcat", "--no-wrap", str(pot)], check=True, capture_output=True)
    if read_po(pot).messages:
        assert out.stdout == pot.read_bytes()
    else:
        # msgcat prints nothing for a header-only catalog; we keep the header for translators.
        assert out.stdout == b""


def test_every_golden_file_is_read_by_a_test() -> None:
    # An orphan (a case renamed, a locale dropped) would otherwise sit there unchecked forever.
    from tests import (
        test_bundles,
        test_cli,
        test_import,
        test_reports,
        test_site_outputs,
        test_syntax,
    )

    read = {p for case in CASES for p in (case, case.with_name(case.name + ".pot"))}
    read |= set(test_bundles.CASES)
    read |= {p for case in test_syntax.CASES for p in (case, case.with_name(case.name + ".pot"))}
    for case, locale in test_bundles.PAIRS:
        tag = describe_locale(locale).tag
        read.add(test_bundles.BUILD / f"{case.stem}.{locale}.po")
        read |= {test_bundles.BUILD / f"{case.stem}.{tag}.bundle.{ext}" for ext in ("md", "json")}
    for case in test_reports.CASES:
        read |= set(case.iterdir()) if case.is_dir() else {case}
    read |= {
        test_site_outputs.SITES / f"{case.stem}.{generator}.txt"
        for case in test_site_outputs.CASES
        for generator in SITE_GENERATORS
    }
    for case in test_import.CASES:  # source, translation, expected catalog and report
        read |= set(case.iterdir())
    read |= {test_cli.HELP / test_cli.golden_name(path) for path in test_cli.PATHS}
    present = {p for p in GOLDEN.rglob("*") if p.is_file()}
    assert sorted(p.relative_to(GOLDEN).as_posix() for p in present - read) == []
