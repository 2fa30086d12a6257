"""`pipeline extract`: canonical, stable templates; bad input changes nothing."""

from __future__ import annotations

import dataclasses
import difflib
import subprocess
from pathlib import Path

import pytest

from pipeline.config import read_config
from pipeline.extract.sources import read_sources
from pipeline.po_reader import read_po
from tests.conftest import DOCUMENTS, Invoke, snapshot


def templates_of(project: Path) -> dict[str, str]:
    folder = project / "locales" / "templates"
    return {p.relative_to(folder).as_posix(): p.read_text("utf-8") for p in folder.rglob("*.pot")}


def test_extract_writes_one_template_per_document(project: Path, cli: Invoke) -> None:
    result = cli("extract")
    assert result.exit_code == 0, result.stderr
    assert result.stdout == f"extract: {DOCUMENTS} written, 0 unchanged, 0 removed\n"
    assert sorted(templates_of(project)) == ["guides/intro.pot", "welcome.pot"]
    welcome = read_po(project / "locales" / "templates" / "welcome.pot")
    by_id = {m.msgid: m for m in welcome.messages}
    assert by_id["Welcome to the project"].extracted_comments == ("front matter: title",)
    assert by_id["Welcome to the project"].references == ("source/welcome.md",)
    # Identical paragraphs in one document are one entry, with each place it stands.
    assert by_id["Listen. Listen. Listen."].extracted_comments == (
        "blockquote, under “Why this matters”",
        "paragraph, under “Why this matters”",
    )
    assert "Text JUSTICE to 55156 to sign the petition." in by_id
    assert not any("never translated" in msgid for msgid in by_id)


def test_templates_are_canonical_for_gettext(project: Path, cli: Invoke) -> None:
    cli("extract")
    for path in (project / "locales" / "templates").rglob("*.pot"):
        subprocess.run(["msgfmt", "--check", "-o", "/dev/null", str(path)], check=True)
        again = subprocess.run(
            ["msgcat", "--no-wrap", str(path)], check=True, capture_output=True
        ).stdout
        assert again == path.read_bytes()


def test_second_extract_changes_nothing_not_even_the_date(project: Path, cli: Invoke) -> None:
    cli("extract")
    before = snapshot(project)
    result = cli("extract")
    assert result.stdout == f"extract: 0 written, {DOCUMENTS} unchanged, 0 removed\n"
    assert snapshot(project) == before


def test_editing_one_paragraph_changes_only_its_entry(project: Path, cli: Invoke) -> None:
    cli("extract")
    intro = templates_of(project)["guides/intro.pot"]
    before = templates_of(project)["welcome.pot"]
    source = project / "source" / "welcome.md"
    text = source.read_text("utf-8")
    source.write_text(text.replace("things you can do", "things we can do"), "utf-8")
    cli("extract")
    after = templates_of(project)["welcome.pot"]
    assert templates_of(project)["guides/intro.pot"] == intro
    changed = [
        line
        for line in difflib.unified_diff(before.splitlines(), after.splitlines(), n=0)
        if line.startswith(("+", "-")) and not line.startswith(("+++", "---"))
    ]
    assert [c for c in changed if "POT-Creation-Date" not in c] == [
        '-msgid "In light of #AhmaudArbery, here is a *short* list of things you can do."',
        '+msgid "In light of #AhmaudArbery, here is a *short* list of things we can do."',
    ]


def test_removed_document_removes_its_template(project: Path, cli: Invoke) -> None:
    cli("extract")
    (project / "source" / "guides" / "intro.md").unlink()
    result = cli("extract")
    assert result.stdout == "extract: 0 written, 1 unchanged, 1 removed\n"
    assert sorted(templates_of(project)) == ["welcome.pot"]


def test_document_without_text_gives_an_empty_template(project: Path, cli: Invoke) -> None:
    (project / "source" / "code.md").write_text("```\nonly code\n```\n", "utf-8")
    assert cli("extract").exit_code == 0
    template = read_po(project / "locales" / "templates" / "code.pot")
    assert template.messages == ()


BAD_SOURCES = [
    (
        b"---\ntitle: [unclosed\n---\nBody\n",
        "source/bad.md:3: invalid front matter: expected ',' or ']', but got '<stream end>'",
    ),
    (
        b"---\ntitle: !!python/object:os.system x\n---\n",
        "source/bad.md:2: front matter uses the YAML tag 'tag:yaml.org,2002:python/object:os.system', which is not plain data",
    ),
    (
        b"---\n- a list\n---\nBody\n",
        "source/bad.md:2: front matter must be a mapping of keys to values",
    ),
    (
        b"---\ntitle: never closed\n\nBody\n",
        "source/bad.md:1: front matter opened with '---' is never closed",
    ),
    (
        "# Title\n\nLatin-1 caf\xe9\n".encode("latin-1"),
        "source/bad.md:3: not valid UTF-8 (byte 0xe9)",
    ),
    (b"", "source/bad.md:1: empty document: write some Markdown or remove the file"),
    (
        b"\x89PNG\r\n\x1a\n\x00\x00\x00\rIHDR",
        "source/bad.md:3: binary file (NUL byte), not Markdown",
    ),
]


@pytest.mark.parametrize(("data", "message"), BAD_SOURCES, ids=lambda v: str(v)[:20])
def test_bad_source_is_one_line_exit_2_and_writes_nothing(
    project: Path, cli: Invoke, data: bytes, message: str
) -> None:
    cli("extract")
    (project / "source" / "bad.md").write_bytes(data)
    (project / "source" / "welcome.md").write_text("# Changed\n", "utf-8")
    before = snapshot(project)
    result = cli("extract")
    assert result.exit_code == 2
    assert result.stderr == f"{message}\n"
    assert "Traceback" not in result.output
    assert snapshot(project) == before


def test_large_project_is_read_in_parallel_with_the_same_result(project: Path) -> None:
    welcome = (project / "source" / "welcome.md").read_text("utf-8")
    for number in range(140):
        text = welcome.replace("Why this matters", f"이유 {number}: なぜ重要か")
        (project / "source" / "many" / f"doc-{number:03}.md").parent.mkdir(exist_ok=True)
        (project / "source" / "many" / f"doc-{number:03}.md").write_text(text, "utf-8")
    config = read_config(project / "pipeline.yaml")
    parallel = read_sources(config)
    assert read_sources(dataclasses.replace(config, jobs=1)) == parallel
    assert len(parallel) == 140 + DOCUMENTS


def test_parallel_read_reports_the_first_bad_document(project: Path, cli: Invoke) -> None:
    for number in range(140):
        (project / "source" / f"doc-{number:03}.md").write_text(f"# ஆவணம் {number}\n", "utf-8")
    (project / "source" / "doc-070.md").write_bytes(b"caf\xe9\n")
    (project / "source" / "doc-090.md").write_bytes(b"")
    result = cli("extract")
    assert result.exit_code == 2
    assert result.stderr == "source/doc-070.md:1: not valid UTF-8 (byte 0xe9)\n"
    assert not (project / "locales" / "templates").exists()
