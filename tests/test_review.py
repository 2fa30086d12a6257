"""Review marks: `pipeline review`, coverage's reviewed share, and which tools keep the marks."""

from __future__ import annotations

import json
import re
import shutil
import subprocess
import sys
from collections.abc import Callable
from pathlib import Path

import polib
import pytest

from pipeline.po_reader import parse_po
from pipeline.review import find_mark, is_reviewed
from tests.conftest import REPO, Invoke, snapshot

KO = Path("locales/ko/LC_MESSAGES/welcome.po")
TEMPLATE = Path("locales/templates/welcome.pot")
DOC = REPO / "docs" / "review-marks.md"
EDITED = "Why this matters"
"""The entry a translator edits after review: its mark must go stale."""


def marks(path: Path) -> tuple[int, int]:
    """(valid marks, marks present) in a catalog."""
    catalog = parse_po(path.read_bytes(), path)
    present = [m for m in catalog.messages if find_mark(m) is not None]
    return sum(1 for m in present if is_reviewed(m)), len(present)


@pytest.fixture
def reviewed(project: Path, cli: Invoke) -> Path:
    assert cli("extract").exit_code == 0
    assert cli("update").exit_code == 0
    result = cli("review", "--locale", "ko", "--by", "Kim Min-jun")
    assert result.exit_code == 0, result.stderr
    assert result.stdout == "review: 16 marked, 0 unchanged, 1 not translated, 2 catalogs written\n"
    return project


def test_review_marks_count_in_coverage_and_bundles(reviewed: Path, cli: Invoke) -> None:
    assert cli("review", "--locale", "ko", "--by", "Kim").stdout.startswith("review: 0 marked, 16")
    report = json.loads(cli("coverage", "--format", "json").stdout)
    ko = report["locales"]["ko"]
    assert (ko["translated"], ko["reviewed"], ko["reviewed_percent"]) == (16, 16, 94.1)
    assert report["locales"]["ja"]["reviewed"] == 0
    failed = cli("coverage", "--fail-under-reviewed", "50")
    assert failed.exit_code == 1
    assert "coverage: ja has 0.0% reviewed, under 50%" in failed.stderr
    assert "coverage: ko" not in failed.stderr
    assert cli("build").exit_code == 0
    bundle = json.loads((reviewed / "bundles/ko/welcome.json").read_text("utf-8"))
    assert bundle["reviewed"] == bundle["coverage"]["reviewed_share"] > 0
    assert all(s["reviewed"] == s["translated"] for s in bundle["segments"])
    manifest = json.loads((reviewed / "bundles/manifest.json").read_text("utf-8"))
    entry = next(d for d in manifest["documents"] if d["id"] == "welcome")
    assert entry["bundles"]["ko"]["coverage"]["reviewed"] > 0
    assert "reviewed: " in (reviewed / "bundles/ko/welcome.md").read_text("utf-8")


def test_review_by_msgid_and_unmark(reviewed: Path, cli: Invoke) -> None:
    result = cli("review", "--locale", "ko", "--unmark", "--msgid", EDITED)
    assert (
        result.stdout == "review: 1 unmarked, 0 unchanged, 0 not translated, 1 catalogs written\n"
    )
    assert marks(reviewed / KO) == (10, 10)
    assert cli("review", "--locale", "ko", "--document", "welcome", "--unmark").exit_code == 0
    assert marks(reviewed / KO) == (0, 0)


@pytest.mark.parametrize(
    ("args", "error"),
    [
        (("--locale", "ko", "--msgid", "No such text", "--by", "A"), "no entry with msgid"),
        (("--locale", "ko", "--document", "nope", "--by", "A"), "no document 'nope'"),
        (("--locale", "fr", "--by", "A"), "locale 'fr' is not in the configuration"),
        (("--locale", "ko"), "say who reviewed: --by NAME"),
    ],
)
def test_review_bad_input_writes_nothing(
    reviewed: Path, cli: Invoke, args: tuple[str, ...], error: str
) -> None:
    before = snapshot(reviewed)
    result = cli("review", *args)
    assert result.exit_code == 2
    assert error in result.stderr
    assert snapshot(reviewed) == before


# --- which tools keep the marks (docs/review-marks.md is this table) -----------------------------


def edit_in_editor(path: Path) -> None:
    """What Poedit or a text editor does: change one reviewed msgstr."""
    catalog = polib.pofile(str(path), wrapwidth=0)
    entry = catalog.find(EDITED)
    assert entry is not None
    entry.msgstr += "!"
    catalog.save(str(path))


def msgmerge(path: Path, root: Path) -> None:
    out = path.with_suffix(".merged")
    subprocess.run(
        ["msgmerge", "--previous", "--quiet", "--no-wrap", str(path), str(root / TEMPLATE),
         "-o", str(out)],
        check=True,
    )  # fmt: skip
    out.replace(path)


def msgcat(path: Path, root: Path) -> None:
    subprocess.run(["msgcat", "--no-wrap", str(path), "-o", str(path)], check=True)


def polib_round_trip(path: Path, root: Path) -> None:
    polib.pofile(str(path), wrapwidth=0).save(str(path))


def translate_toolkit(path: Path, root: Path) -> None:
    """po2xliff then xliff2po, as a team sending a catalog through an XLIFF editor would."""
    bin_dir = Path(sys.executable).parent
    xliff = path.with_suffix(".xlf")
    subprocess.run([bin_dir / "po2xliff", "--progress=none", path, xliff], check=True)
    subprocess.run([bin_dir / "xliff2po", "--progress=none", xliff, path], check=True)
    xliff.unlink()


def nothing(path: Path, root: Path) -> None:
    """Our own `update`, straight after the edit."""


TOOLS: dict[str, Callable[[Path, Path], None]] = {
    "msgmerge --previous": msgmerge,
    "msgcat": msgcat,
    "polib load/save": polib_round_trip,
    "translate-toolkit po2xliff + xliff2po": translate_toolkit,
    "pipeline update": nothing,
}


def survival(root: Path, cli: Invoke, tool: str) -> tuple[str, str]:
    """(unchanged entries' marks, the edited entry's mark) after editor + tool + our update."""
    path = root / KO
    valid, _ = marks(path)
    edit_in_editor(path)
    TOOLS[tool](path, root)
    after_tool = marks(path)
    result = cli("update", "--locale", "ko")
    assert result.exit_code == 0, result.stderr
    line = rf"^{re.escape(str(path))}:\d+: review mark by Kim Min-jun on \d{{4}}-\d\d-\d\d dropped"
    dropped = re.search(line, result.stderr, re.M) is not None
    kept = (
        "kept" if after_tool[0] == valid - 1 and marks(path) == (valid - 1, valid - 1) else "lost"
    )
    edited = "kept by the tool, stale, dropped by update" if after_tool[1] == valid and dropped else (
        "dropped" if after_tool[1] == valid - 1 else "?"
    )  # fmt: skip
    return kept, edited


def measured_table(root: Path, cli: Invoke) -> str:
    rows = [
        "| tool | marks on unchanged entries | mark on the edited entry |",
        "| --- | --- | --- |",
    ]
    pristine = {p: p.read_bytes() for p in (root / "locales").rglob("*.po")}
    for tool in TOOLS:
        for p, data in pristine.items():
            p.write_bytes(data)
        kept, edited = survival(root, cli, tool)
        rows.append(f"| {tool} | {kept} | {edited} |")
    return "\n".join(rows) + "\n"


def test_every_tool_keeps_unchanged_marks_and_update_drops_the_edited_one(
    reviewed: Path, cli: Invoke
) -> None:
    table = measured_table(reviewed, cli)
    for row in table.splitlines()[2:]:
        assert "| kept | kept by the tool, stale, dropped by update |" in row, row
    # The documentation is this test's result, not someone's memory.
    doc = DOC.read_text("utf-8")
    start = doc.index("| tool |")
    assert doc[start : start + len(table)] == table
    assert shutil.which("msgmerge") is not None
