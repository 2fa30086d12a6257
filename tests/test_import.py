"""`pipeline import`: drift golden cases, honest states, reports, bad input, round trip.

A golden case is a folder under tests/golden/import/: `source.md` (the English as it is now),
`translated.<locale>.md` (an existing translation), and what importing it gives: `expected.po`
(the catalog) and `report.txt` (the text report). `make golden` rewrites the last two.
"""

from __future__ import annotations

import json
import os
import re
import shutil
from pathlib import Path

import pytest
from click.testing import CliRunner, Result

from pipeline.cli import main
from pipeline.po import Catalog, read_po
from tests.conftest import GOLDEN, snapshot

CASES = sorted(p for p in (GOLDEN / "import").iterdir() if p.is_dir())
CONFIG = """\
source: source
locales: [ko, zh_Hans, ta, ml, ja]
front_matter: [title, subtitle, description]
min_coverage: 0
"""


def make_project(root: Path) -> Path:
    (root / "source").mkdir(parents=True)
    (root / "pipeline.yaml").write_text(CONFIG, "utf-8")
    return root


def invoke(root: Path, *args: str) -> Result:
    runner = CliRunner()
    config = str(root / "pipeline.yaml")
    return runner.invoke(main, ["--config", config, *args], catch_exceptions=False)


def translated_file(case: Path) -> tuple[str, Path]:
    (path,) = case.glob("translated.*.md")
    return path.suffixes[0].lstrip("."), path


def import_case(case: Path, root: Path, *extra: str) -> tuple[Result, str]:
    make_project(root)
    shutil.copy(case / "source.md", root / "source" / f"{case.name}.md")
    locale, translated = translated_file(case)
    source = root / "source" / f"{case.name}.md"
    result = invoke(root, "import", *extra, locale, str(source), str(translated))
    return result, locale


def catalog(root: Path, locale: str, doc_id: str) -> Catalog:
    return read_po(root / "locales" / locale / "LC_MESSAGES" / f"{doc_id}.po")


def states(found: Catalog) -> dict[str, tuple[str, str]]:
    """msgid -> (state, `# imported:` comment) for every message."""
    out = {}
    for message in found.messages:
        state = "fuzzy" if message.fuzzy else "translated" if message.translated else ""
        notes = [c for c in message.translator_comments if c.startswith("imported: ")]
        out[message.msgid] = (state, notes[0] if notes else "")
    return out


@pytest.mark.parametrize("case", CASES, ids=lambda p: p.name)
def test_import_matches_golden(case: Path, tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("SOURCE_DATE_EPOCH", "1767225600")
    result, locale = import_case(case, tmp_path / "p")
    assert result.exit_code == 0, result.output
    report = result.output.replace(str(GOLDEN), "<golden>")
    po = (tmp_path / "p" / "locales" / locale / "LC_MESSAGES" / f"{case.name}.po").read_text()
    if os.environ.get("UPDATE_GOLDEN"):
        (case / "expected.po").write_text(po, "utf-8")
        (case / "report.txt").write_text(report, "utf-8")
    assert po == (case / "expected.po").read_text("utf-8")
    assert report == (case / "report.txt").read_text("utf-8")
