"""`pipeline import`: drift golden cases, honest states, reports, bad input, round trip.

A golden case is a folder under tests/golden/import/: `source.md` (the English as it is now),
`translated.<locale>.md` (an existing translation), and what importing it gives: `expected.po`
(the catalog) and `report.txt` (the text report). `make golden` rewrites the last two.
"""

from __future__ import annotations

import json
import os
import shutil
from pathlib import Path

import pytest
from click.testing import CliRunner, Result

from pipeline.cli import main
from pipeline.po import Catalog
from pipeline.po_reader import read_po
from tests.conftest import GOLDEN

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


def imported(case: str, root: Path) -> dict[str, tuple[str, str]]:
    result, locale = import_case(GOLDEN / "import" / case, root)
    assert result.exit_code == 0, result.output
    return states(catalog(root, locale, case))


def test_a_split_paragraph_is_fuzzy_with_the_reason(tmp_path: Path) -> None:
    found = imported("split", tmp_path)
    first = next(v for k, v in found.items() if k.startswith("The toolkit needs"))
    assert first == ("fuzzy", "imported: split into 2 paragraphs in the translation")
    assert found["Checking the installation"] == ("translated", "")


def test_merged_paragraphs_put_the_translation_on_the_first(tmp_path: Path) -> None:
    found = imported("merge", tmp_path)
    assert found["The service copies every database to a second region at 02:00 UTC."] == (
        "fuzzy",
        "imported: merged 2 paragraphs",
    )
    second = found["Each copy is kept for 30 days and then deleted."]
    assert second == ("", "imported: translated together with the previous paragraph")


def test_blocks_without_counterpart_stay_untranslated_or_are_reported(tmp_path: Path) -> None:
    found = imported("deletion", tmp_path / "a")
    note = next(k for k in found if k.startswith("Note: people outside"))
    assert found[note] == ("", "")
    assert all(state == "translated" for k, (state, _) in found.items() if k != note)
    result, _ = import_case(GOLDEN / "import" / "insertion", tmp_path / "b", "--format", "json")
    report = json.loads(result.output)
    (document,) = report["documents"]
    alone = [p for p in document["pairings"] if not p["source_lines"]]
    assert [(p["translation_lines"], p["kind"]) for p in alone] == [
        ([9], "blockquote"),
        ([13], "list item"),
    ]
    assert document["counts"]["translation_only"] == 2


def test_moved_sections_are_found_and_fuzzy(tmp_path: Path) -> None:
    found = imported("reordered-sections", tmp_path)
    moved = ("fuzzy", "imported: moved: in another place in the translation")
    assert found["Changing your password"] == moved
    assert found["Deleting your account"] == ("translated", "")
    assert sum(v == moved for v in found.values()) == 2


def test_an_older_translation_is_fuzzy_where_numbers_changed(tmp_path: Path) -> None:
    found = imported("older-translation", tmp_path)
    retries = "If an upload fails, the app retries it 5 times before it gives up."
    assert found[retries] == ("fuzzy", "imported: weak match: numbers, links or code differ")
    assert found["Uploads continue in the background when you close the tab."] == ("", "")
    assert found["Archives: ZIP"] == ("", "")


def test_front_matter_pairs_by_key_and_finds_a_renamed_key(tmp_path: Path) -> None:
    found = imported("front-matter", tmp_path)
    assert found["What changed in version 4"] == ("translated", "")
    description = found["New features, fixes and removed options in version 4."]
    assert description == (
        "fuzzy",
        "imported: front matter key 'description' is 'summary' in the translation",
    )


def test_a_reworded_heading_and_a_same_structure_document_import_as_translated(
    tmp_path: Path,
) -> None:
    for case in ("reworded-heading", "same-structure"):
        found = imported(case, tmp_path / case)
        assert {state for state, _ in found.values()} == {"translated"}, case
