"""`pipeline locales`: the source language is refused, remove keeps comments, strays are named."""

from __future__ import annotations

from pathlib import Path

from tests.conftest import Invoke, snapshot

CONFIG = (
    "# Our languages.\nsource: source\nlocales:\n  - ko   # Korean\n  - ta   # Tamil\n"
    "  - ja   # Japanese\n\n# Keys to translate.\nfront_matter: [title]\n"
)


def test_add_refuses_the_source_language(project: Path, cli: Invoke) -> None:
    cli("extract")
    before = snapshot(project)
    result = cli("locales", "add", "en")
    assert result.exit_code == 2
    assert result.stderr == (
        "pipeline.yaml: locale 'en' is the source language: source/ is its text\n"
    )
    assert snapshot(project) == before
    assert not (project / "bundles").exists()


def test_remove_keeps_comments_and_catalogs_unless_delete(project: Path, cli: Invoke) -> None:
    config = project / "pipeline.yaml"
    config.write_text(CONFIG, "utf-8")
    catalogs = snapshot(project / "locales" / "ta")
    result = cli("locales", "remove", "ta")
    assert result.exit_code == 0, result.stderr
    assert result.stdout == (
        "locales: removed ta from pipeline.yaml\n"
        "locales: locales/ta/ stays on disk (--delete removes it)\n"
    )
    assert config.read_text("utf-8") == CONFIG.replace("  - ta   # Tamil\n", "")
    assert snapshot(project / "locales" / "ta") == catalogs
    listed = cli("locales", "list")
    assert listed.exit_code == 0
    assert listed.stderr == (
        "locales/ml: warning: no configured locale owns this folder\n"
        "locales/ta: warning: no configured locale owns this folder\n"
        "locales/zh_Hans: warning: no configured locale owns this folder\n"
    )
    result = cli("locales", "remove", "ja", "--delete")
    assert result.stdout == "locales: removed ja from pipeline.yaml\n"
    assert not (project / "locales" / "ja").exists()
    assert config.read_text("utf-8") == CONFIG.replace(
        "  - ta   # Tamil\n  - ja   # Japanese\n", ""
    )


def test_remove_refuses_unknown_and_last_locale(project: Path, cli: Invoke) -> None:
    config = project / "pipeline.yaml"
    config.write_text("source: source\nlocales: [ko]  # one\n", "utf-8")
    before = snapshot(project)
    unknown = cli("locales", "remove", "fr")
    assert (unknown.exit_code, unknown.stderr) == (
        2,
        "pipeline.yaml: locale 'fr' is not in the configuration (ko)\n",
    )
    last = cli("locales", "remove", "ko", "--delete")
    assert (last.exit_code, last.stderr) == (
        2,
        "pipeline.yaml: cannot remove 'ko': it is the only locale\n",
    )
    assert snapshot(project) == before


def test_remove_from_a_flow_list(project: Path, cli: Invoke) -> None:
    config = project / "pipeline.yaml"
    config.write_text("source: source\nlocales: [ko, ta, ja]  # three\n", "utf-8")
    assert cli("locales", "remove", "ta").exit_code == 0
    assert cli("locales", "remove", "ja").exit_code == 0
    assert config.read_text("utf-8") == "source: source\nlocales: [ko]  # three\n"
