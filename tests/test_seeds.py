"""The seed articles as the repository ships them: translated in five locales, published whole."""

from __future__ import annotations

import json
import shutil
import subprocess
import unicodedata
from pathlib import Path

import pytest
from click.testing import CliRunner, Result

from pipeline.cli import main
from pipeline.extract.documents import parse_document
from pipeline.extract.parsing import PARSER
from tests.conftest import REPO, snapshot

# BCP 47 tag -> the script most of its letters are in (Japanese mixes kana with Han).
SCRIPTS = {
    "ko": ("HANGUL",),
    "zh-Hans": ("CJK",),
    "ta": ("TAMIL",),
    "ml": ("MALAYALAM",),
    "ja": ("HIRAGANA", "KATAKANA", "CJK"),
}
DOCUMENTS = sorted(path.stem for path in (REPO / "source").glob("*.md"))
CATALOGS = sorted((REPO / "locales").rglob("*.po")) + sorted((REPO / "locales").rglob("*.pot"))


@pytest.fixture(scope="module")
def built(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """A copy of the repository's project after `run`."""
    root = tmp_path_factory.mktemp("seeds")
    for folder in ("source", "locales", "glossary"):
        shutil.copytree(REPO / folder, root / folder)
    shutil.copy(REPO / "pipeline.yaml", root / "pipeline.yaml")
    assert run(root).exit_code == 0
    return root


def run(root: Path) -> Result:
    return CliRunner().invoke(main, ["--config", str(root / "pipeline.yaml"), "run"])


def block_kinds(path: Path) -> list[str]:
    """The body's blocks as markdown-it sees them: type, tag, marker and nesting, in order."""
    document = parse_document(path.read_bytes(), path, path.stem, path.name)
    tokens = PARSER.parse(document.body)
    return [f"{t.type}:{t.tag}:{t.markup}:{t.level}" for t in tokens if t.type != "inline"]


def share_in_script(text: str, scripts: tuple[str, ...]) -> float:
    letters = [char for char in text if unicodedata.category(char).startswith("L")]
    inside = [c for c in letters if unicodedata.name(c, "").startswith(scripts)]
    return len(inside) / len(letters)


def test_every_pair_is_published_complete(built: Path) -> None:
    manifest = json.loads((built / "bundles" / "manifest.json").read_text("utf-8"))
    pairs = {
        (document["id"], tag): (bundle["status"], bundle["coverage"]["strings"])
        for document in manifest["documents"]
        for tag, bundle in document["bundles"].items()
    }
    expected = {(doc, tag): ("complete", 100.0) for doc in DOCUMENTS for tag in SCRIPTS}
    assert pairs == expected
    words = {
        bundle["coverage"]["words"]
        for document in manifest["documents"]
        for bundle in document["bundles"].values()
    }
    assert words == {100.0}
    assert not any(
        bundle.get("withheld") for d in manifest["documents"] for bundle in d["bundles"].values()
    )


@pytest.mark.parametrize("tag", SCRIPTS)
@pytest.mark.parametrize("doc", DOCUMENTS)
def test_each_bundle_keeps_its_sources_blocks_in_its_own_script(
    built: Path, doc: str, tag: str
) -> None:
    bundle = built / "bundles" / tag / f"{doc}.md"
    assert block_kinds(bundle) == block_kinds(REPO / "source" / f"{doc}.md")
    body = parse_document(bundle.read_bytes(), bundle, doc, bundle.name).body
    # Names, hashtags and links stay in Latin letters; the prose is in the locale's script.
    assert share_in_script(body, SCRIPTS[tag]) > 0.6


def test_a_second_run_changes_nothing(built: Path) -> None:
    before = snapshot(built)
    result = run(built)
    assert result.exit_code == 0, result.output
    assert "build: 0 written, 31 unchanged, 0 removed, 10 complete" in result.stdout
    assert snapshot(built) == before


@pytest.mark.parametrize("path", CATALOGS, ids=lambda path: str(path.relative_to(REPO)))
def test_gettext_accepts_every_committed_catalog_unchanged(path: Path) -> None:
    subprocess.run(["msgfmt", "--check", "-o", "/dev/null", str(path)], check=True)
    canonical = subprocess.run(
        ["msgcat", "--no-wrap", str(path)], check=True, capture_output=True
    ).stdout
    assert canonical == path.read_bytes()
