"""`pipeline import` on the command line: folder forms, --overwrite, --dry-run, bad input."""

from __future__ import annotations

import json
import shutil
import subprocess
from pathlib import Path

import pytest

from tests.conftest import GOLDEN, snapshot
from tests.test_import import catalog, invoke, make_project, states

CASES = GOLDEN / "import"


@pytest.fixture
def root(tmp_path: Path) -> Path:
    """A project with two source documents and their Korean and Tamil translations beside it."""
    project = make_project(tmp_path / "project")
    for case, locale in (("split", "ko"), ("deletion", "ta")):
        shutil.copy(CASES / case / "source.md", project / "source" / f"{case}.md")
        folder = tmp_path / locale
        folder.mkdir(exist_ok=True)
        shutil.copy(CASES / case / f"translated.{locale}.md", folder / f"{case}.md")
    return project


def test_folder_form_pairs_files_by_path(root: Path) -> None:
    extra = root.parent / "ko" / "not-in-source.md"
    extra.write_text("# 원본이 없는 문서\n", "utf-8")
    result = invoke(root, "import", "ko", str(root.parent / "ko"))
    assert result.exit_code == 0, result.output
    assert f"{extra}: no English source for this file, not imported" in result.output
    assert states(catalog(root, "ko", "split"))["Checking the installation"][0] == "translated"
    assert not (root / "locales" / "ko" / "LC_MESSAGES" / "not-in-source.po").exists()


def test_folder_form_pairs_files_by_front_matter_key(root: Path) -> None:
    source = root / "source" / "split.md"
    source.write_text(source.read_text().replace("---\n\n", "translationKey: setup\n---\n\n", 1))
    translated = root.parent / "ko" / "split.md"
    moved = root.parent / "ko" / "설치.md"
    text = translated.read_text().replace("---\n\n", "translationKey: setup\n---\n\n", 1)
    moved.write_text(text, "utf-8")
    translated.unlink()
    result = invoke(root, "import", "ko", str(root.parent / "ko"), "--pair-by", "translationKey")
    assert result.exit_code == 0, result.output
    assert f"source/split.md <- {moved}:" in result.output


def test_folder_form_pairs_files_by_a_mapping_file(root: Path) -> None:
    mapping = root.parent / "mapping.yaml"
    mapping.write_text("split.md: split.md\n", "utf-8")
    args = ("import", "ko", str(root.parent / "ko"), "--mapping", str(mapping))
    assert invoke(root, *args).exit_code == 0
    mapping.write_text("split.md: split.md\ngone.md: split.md\n", "utf-8")
    result = invoke(root, *args)
    assert result.exit_code == 2
    assert (
        result.stderr == f"{mapping}:2: no such translated file: {root.parent / 'ko' / 'gone.md'}\n"
    )


def test_existing_translations_are_kept_unless_overwrite(root: Path) -> None:
    path = root / "locales" / "ko" / "LC_MESSAGES" / "split.po"
    single = (
        "import",
        "ko",
        str(root / "source" / "split.md"),
        str(root.parent / "ko" / "split.md"),
    )
    invoke(root, *single)
    text = path.read_text().replace('msgstr "설치 확인"', 'msgstr "설치 확인하기"')
    path.write_text(text, "utf-8")
    result = invoke(root, *single)
    assert (
        "kept             10: a translation is already there; --overwrite replaces it"
        in result.output
    )
    assert states(catalog(root, "ko", "split"))["Checking the installation"] == ("translated", "")
    assert 'msgstr "설치 확인하기"' in path.read_text()
    before = path.read_bytes()
    result = invoke(root, *single, "--overwrite", "--dry-run")
    assert "replaced         10: the translation that was there is replaced" in result.output
    assert path.read_bytes() == before
    result = invoke(root, *single, "--overwrite")
    assert result.exit_code == 0
    assert 'msgstr "설치 확인"' in path.read_text()


def test_dry_run_reports_and_writes_nothing(root: Path) -> None:
    before = snapshot(root)
    folder = str(root.parent / "ko")
    result = invoke(root, "import", "ko", folder, "--dry-run", "--format", "json")
    assert result.exit_code == 0
    report = json.loads(result.output)
    assert report["dry_run"] is True
    (document,) = report["documents"]
    assert document["counts"]["added"] == 6
    assert document["files"] == [
        str(root / "locales" / "templates" / "split.pot"),
        str(root / "locales" / "ko" / "LC_MESSAGES" / "split.po"),
    ]
    assert snapshot(root) == before
    text = invoke(root, "import", "ko", folder, "--dry-run").output
    assert text.endswith("import: 1 documents into ko, 1 would change\n")


def test_importing_twice_changes_nothing_and_catalogs_suit_gettext(root: Path) -> None:
    folder = str(root.parent / "ta")
    assert invoke(root, "import", "ta", folder).exit_code == 0
    after = snapshot(root)
    second = invoke(root, "import", "ta", folder)
    assert second.output.endswith("import: 1 documents into ta, 0 changed\n")
    assert snapshot(root) == after
    po = root / "locales" / "ta" / "LC_MESSAGES" / "deletion.po"
    subprocess.run(["msgfmt", "--check", "-o", "/dev/null", str(po)], check=True)
    out = subprocess.run(["msgcat", "--no-wrap", str(po)], check=True, capture_output=True)
    assert out.stdout == po.read_bytes()


@pytest.mark.parametrize(
    ("damage", "message"),
    [
        (b"\n\xff\xfe broken\n", "{t}:18: not valid UTF-8 (byte 0xff)"),
        (None, "{t}:4: invalid front matter: expected ',' or ']', but got '<stream end>'"),
    ],
    ids=["not-utf8", "front-matter"],
)
def test_bad_translated_file_is_one_line_exit_2_nothing_written(
    root: Path, damage: bytes | None, message: str
) -> None:
    translated = root.parent / "ko" / "split.md"
    if damage is None:
        translated.write_text("---\ntitle: [broken\nx\n---\n# 제목\n", "utf-8")
    else:
        translated.write_bytes(translated.read_bytes() + damage)
    before = snapshot(root)
    result = invoke(root, "import", "ko", str(root / "source" / "split.md"), str(translated))
    assert result.exit_code == 2
    assert result.stderr == message.format(t=translated) + "\n"
    assert snapshot(root) == before


def test_unknown_locale_and_missing_source_are_errors(root: Path) -> None:
    translated = str(root.parent / "ko" / "split.md")
    before = snapshot(root)
    result = invoke(root, "import", "fr", str(root / "source" / "split.md"), translated)
    assert result.exit_code == 2
    assert result.stderr == (
        "pipeline.yaml: locale 'fr' is not in the configuration (ko, zh_Hans, ta, ml, ja)\n"
    )
    missing = root / "source" / "nowhere.md"
    result = invoke(root, "import", "ko", str(missing), translated)
    assert result.exit_code == 2
    assert result.stderr == "source/nowhere.md: no such file\n"  # relative to the project
    assert snapshot(root) == before


def test_folder_options_with_two_files_are_a_usage_error(root: Path) -> None:
    source, translated = str(root / "source" / "split.md"), str(root.parent / "ko" / "split.md")
    result = invoke(root, "import", "ko", source, translated, "--pair-by", "translationKey")
    assert result.exit_code == 2
    assert "give SOURCE_DOC TRANSLATED_FILE, or one folder" in result.stderr
