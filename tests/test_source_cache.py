"""The source cache: what `extract` parsed, kept for the next command, never a different result.

Every test compares a command that finds the cache with one that parses afresh: the outputs
(catalogs, templates, reports) must be the same bytes, whatever state the cache is in.
"""

from __future__ import annotations

import json
import os
import shutil
from pathlib import Path

import pytest

from pipeline.config import read_config
from pipeline.extract.cache import CACHE_NAME, PACK, cache_folder, entry_key
from pipeline.extract.profiles import features
from pipeline.extract.sources import read_source
from tests.conftest import DATA, snapshot
from tests.test_import import CASES, invoke, make_project, translated_file

SEEDS = DATA / "project" / "source"


def entries(root: Path) -> dict[str, bytes]:
    """The pack's entries by key (none without a pack)."""
    pack = root / CACHE_NAME / PACK
    if not pack.exists():
        return {}
    size, _, rest = pack.read_bytes().partition(b"\n")
    index, body = json.loads(rest[: int(size)]), rest[int(size) :]
    return {key: body[offset : offset + length] for key, (offset, length) in index.items()}


def write_pack(root: Path, found: dict[str, bytes]) -> None:
    index, offset = {}, 0
    for key, entry in found.items():
        index[key], offset = [offset, len(entry)], offset + len(entry)
    head = json.dumps(index).encode()
    (root / CACHE_NAME / PACK).write_bytes(
        b"%d\n%s%s" % (len(head), head, b"".join(found.values()))
    )


def outputs(root: Path) -> dict[str, bytes]:
    """What a user sees of the project: everything but the cache and the bookkeeping."""
    return {name: data for name, data in snapshot(root).items() if CACHE_NAME not in name}


def case_project(root: Path, case: Path) -> tuple[Path, str, Path]:
    make_project(root)
    source = root / "source" / f"{case.name}.md"
    shutil.copy(case / "source.md", source)
    locale, translated = translated_file(case)
    return source, locale, translated


@pytest.mark.parametrize("case", CASES, ids=lambda p: p.name)
def test_import_after_extract_equals_import_that_parses_everything(
    case: Path, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setenv("SOURCE_DATE_EPOCH", "1767225600")
    cold, warm = tmp_path / "cold", tmp_path / "warm"
    results = []
    for root in (cold, warm):
        source, locale, translated = case_project(root, case)
        if root == warm:
            assert invoke(root, "extract").exit_code == 0
            assert len(entries(root)) == 1
            shutil.rmtree(root / "locales")  # only the cache is left of that extract
        result = invoke(root, "import", "--format", "json", locale, str(source), str(translated))
        assert result.exit_code == 0, result.output
        results.append(result.output.replace(str(root), "ROOT"))
    assert not entries(cold)
    assert results[0] == results[1]
    assert outputs(cold) == outputs(warm)


def test_a_cached_source_is_the_source_parsed_in_all_five_scripts(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    root = tmp_path / "p"
    shutil.copytree(DATA / "project", root)
    for case in CASES:  # English sources, and translations in Hangul, Han, Kana, Tamil, Malayalam
        shutil.copy(case / "source.md", root / "source" / f"{case.name}.md")
        locale, translated = translated_file(case)
        shutil.copy(translated, root / "source" / f"{case.name}-{locale}.md")
    assert invoke(root, "extract").exit_code == 0
    folder = cache_folder(root)
    assert folder is not None
    config = read_config(root / "pipeline.yaml")
    keys, syntax = config.front_matter_keys, features(config.syntax)
    paths = sorted((root / "source").rglob("*.md"))
    assert len(entries(root)) == len(paths) > 10
    fresh = [read_source(root / "source", root, keys, syntax, path) for path in paths]

    def no_parser(*args: object) -> None:
        raise AssertionError("parsed, with the cache full")

    monkeypatch.setattr("pipeline.extract.sources.parse_document", no_parser)
    cached = [read_source(root / "source", root, keys, syntax, p, cache=folder) for p in paths]
    assert cached == fresh
    assert all(source.segments for source in cached)
    assert (root / CACHE_NAME / ".gitignore").read_text().splitlines()[-1] == "*"


def tamper(root: Path, how: str) -> None:
    pack = root / CACHE_NAME / PACK
    (key, data), *_ = entries(root).items()
    entry = json.loads(data)
    if how == "truncated":
        pack.write_bytes(pack.read_bytes()[:-20])
    elif how == "offset past the end":
        entry[4][-1][3] = 10**9
        write_pack(root, {key: json.dumps(entry).encode()})
    elif how == "text not a string":
        entry[4][0][1] = 42
        write_pack(root, {key: json.dumps(entry).encode()})
    elif how == "not a pack":
        pack.write_bytes(b"12\n[1, 2, 3]\n")
    elif how == "a link out of the project":
        outside = root.parent / "outside.pack"
        outside.write_bytes(pack.read_bytes())
        pack.unlink()
        pack.symlink_to(outside)


@pytest.mark.parametrize(
    "how",
    [
        "truncated",
        "offset past the end",
        "text not a string",
        "not a pack",
        "a link out of the project",
    ],
)
def test_a_broken_entry_is_parsed_again(
    how: str, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setenv("SOURCE_DATE_EPOCH", "1767225600")
    case = CASES[0]
    expected = tmp_path / "expected"
    case_project(expected, case)
    assert invoke(expected, "extract").exit_code == 0
    root = tmp_path / "project"
    case_project(root, case)
    assert invoke(root, "extract").exit_code == 0
    assert len(entries(root)) == 1
    tamper(root, how)
    shutil.rmtree(root / "locales")
    assert invoke(root, "extract").exit_code == 0
    assert outputs(root) == outputs(expected)
    assert entries(root) == entries(expected)  # the next full extract also mends the entry


def test_an_entry_is_bound_to_the_bytes_and_settings_it_was_parsed_with(tmp_path: Path) -> None:
    """An edit, or another front matter setting, is another key: parsed afresh, old one pruned."""
    source, _, _ = case_project(tmp_path / "p", CASES[0])
    root = tmp_path / "p"
    assert invoke(root, "extract").exit_code == 0
    (before,) = entries(root)
    source.write_text(source.read_text("utf-8") + "\nA paragraph added since.\n", "utf-8")
    assert invoke(root, "extract").exit_code == 0
    (after,) = entries(root)
    assert after != before
    template = (root / "locales" / "templates" / f"{CASES[0].name}.pot").read_text("utf-8")
    assert 'msgid "A paragraph added since."' in template
    keys = ("title", "subtitle", "description")
    assert entry_key(source.read_bytes(), keys, features(())) == after
    assert entry_key(source.read_bytes(), keys[:1], features(())) != after


def test_a_failed_extract_keeps_nothing(tmp_path: Path) -> None:
    root = make_project(tmp_path / "p")
    shutil.copy(CASES[0] / "source.md", root / "source" / "good.md")
    (root / "source" / "bad.md").write_bytes(b"---\ntitle: [unclosed\n---\n\nText.\n")
    before = snapshot(root)
    result = invoke(root, "extract")
    assert result.exit_code == 2
    assert snapshot(root) == before
    assert not (root / CACHE_NAME).exists()


def test_a_cache_folder_linked_out_of_the_project_is_not_used(tmp_path: Path) -> None:
    root = make_project(tmp_path / "p")
    shutil.copy(CASES[0] / "source.md", root / "source" / "doc.md")
    elsewhere = tmp_path / "elsewhere"
    elsewhere.mkdir()
    os.symlink(elsewhere, root / CACHE_NAME)
    result = invoke(root, "extract")
    assert result.exit_code == 0, result.output
    assert list(elsewhere.iterdir()) == []
    assert (root / "locales" / "templates" / "doc.pot").exists()


def test_build_after_extract_writes_the_bundles_a_build_that_parses_writes(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setenv("SOURCE_DATE_EPOCH", "1767225600")
    built = {}
    for name in ("cold", "warm"):
        root = tmp_path / name
        shutil.copytree(DATA / "project", root)
        assert invoke(root, "extract").exit_code == 0
        assert invoke(root, "update").exit_code == 0
        if name == "cold":
            shutil.rmtree(root / CACHE_NAME)
        else:
            monkeypatch.setattr("pipeline.bundles.writing.parse_document", None)  # not called
        result = invoke(root, "build", "--jobs", "1")
        assert result.exit_code == 0, result.output
        built[name] = {k: v for k, v in outputs(root).items() if k.startswith("bundles/")}
    assert built["cold"] == built["warm"]
    assert len(built["warm"]) > 10
