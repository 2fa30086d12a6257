"""`--shard i/n` and `pipeline manifest merge`: a site built in shards is the site built at once.

The corpus is the test project plus copies of its documents in every script, some edited (so
`update` makes fuzzy matches) and some without catalogs (so the project memory lends them
translations from documents that land in other shards).
"""

from __future__ import annotations

import json
import shutil
import tempfile
from dataclasses import replace
from pathlib import Path
from typing import Any

import pytest
from click.testing import CliRunner, Result
from hypothesis import given
from hypothesis import strategies as st

from pipeline.cli import main
from pipeline.po import render_po
from pipeline.po_reader import parse_po
from pipeline.sites.build import GENERATORS
from pipeline.split import Shard, parse_shard
from tests.conftest import DATA

EDITS = ("이유가 중요합니다", "なぜ重要か", "为什么重要", "ஏன் முக்கியம்", "എന്തുകൊണ്ട് പ്രധാനം")


def corpus(target: Path) -> Path:
    """The test project and 14 more documents; a third of the copies have catalogs."""
    shutil.copytree(DATA / "project", target)
    source = target / "source"
    welcome = (source / "welcome.md").read_text("utf-8")
    config = (target / "pipeline.yaml").read_text("utf-8")
    for number in range(14):
        edit = EDITS[number % len(EDITS)]
        text = welcome.replace("Why this matters", f"Why this matters: {edit}")
        (source / "more" / f"page-{number:02}.md").parent.mkdir(exist_ok=True)
        (source / "more" / f"page-{number:02}.md").write_text(
            text if number % 2 else welcome, "utf-8"
        )
        if number % 3 == 0:
            for locale in ("ko", "zh_Hans", "ta", "ml", "ja"):
                catalogs = target / "locales" / locale / "LC_MESSAGES"
                (catalogs / "more").mkdir(exist_ok=True)
                shutil.copy(catalogs / "welcome.po", catalogs / "more" / f"page-{number:02}.po")
    (target / "pipeline.yaml").write_text(config.replace("min_coverage: 80", "min_coverage: 30"))
    return target


def invoke(project: Path, *args: str) -> Result:
    config = ["--config", str(project / "pipeline.yaml")]
    return CliRunner().invoke(main, [*config, *args], catch_exceptions=False)


def outputs(project: Path) -> dict[str, bytes]:
    """Templates, catalogs, bundles and the manifest, with their bytes: not the shards' own
    manifests, nor the coverage report `run` leaves in bundles/ (a shard writes none)."""
    return {
        p.relative_to(project).as_posix(): p.read_bytes()
        for folder in ("locales", "bundles", "sites")
        for p in sorted((project / folder).rglob("*"))
        if p.is_file()
        and not p.name.startswith("manifest.shard-")
        and p.name != "coverage.html"
        and p.parent.name != "badges"
    }


def test_three_shards_and_a_merge_give_the_single_run_bytes(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setenv("SOURCE_DATE_EPOCH", "1767225600")
    whole = corpus(tmp_path / "whole")
    assert invoke(whole, "run").exit_code == 0
    sharded = corpus(tmp_path / "sharded")
    for index in (1, 2, 3):
        result = invoke(sharded, "run", "--shard", f"{index}/3")
        assert result.exit_code == 0, result.output
    shards = sorted((sharded / "bundles").glob("manifest.shard-*-of-3.json"))
    assert [p.name for p in shards] == [f"manifest.shard-{i}-of-3.json" for i in (1, 2, 3)]
    held = [len(json.loads(p.read_text("utf-8"))["documents"]) for p in shards]
    assert sum(held) == 16
    assert all(held)
    merged = invoke(sharded, "manifest", "merge", *map(str, shards))
    assert merged.exit_code == 0, merged.output
    assert outputs(sharded) == outputs(whole)
    suggested = (sharded / "locales/ko/LC_MESSAGES/more/page-01.po").read_text("utf-8")
    assert "# suggested from" in suggested
    # The merged manifest is the build's memory: a whole build after it has nothing to do.
    again = invoke(sharded, "build")
    assert again.output.startswith("build: 0 written,"), again.output


def test_a_shard_after_a_whole_build_removes_its_gone_documents_only(tmp_path: Path) -> None:
    project = corpus(tmp_path / "project")
    assert invoke(project, "run").exit_code == 0
    ids = [f"more/page-{n:02}" for n in range(14)]
    gone = next(doc_id for doc_id in ids if Shard(2, 3).holds(doc_id))
    other = next(doc_id for doc_id in ids if not Shard(2, 3).holds(doc_id))
    (project / "source" / f"{gone}.md").unlink()
    (project / "source" / f"{other}.md").unlink()
    result = invoke(project, "build", "--shard", "2/3")
    assert result.exit_code == 0, result.output
    # Its part of manifest.json is the shard's memory: its gone document's bundles go, the
    # other shard's stay for that shard's own build.
    assert not list((project / "bundles").rglob(f"{Path(gone).name}.*"))
    assert len(list((project / "bundles").rglob(f"{Path(other).name}.*"))) == 15


def test_coverage_of_the_shards_adds_up_to_the_whole(tmp_path: Path) -> None:
    project = corpus(tmp_path / "project")
    assert invoke(project, "update").exit_code == 0

    def totals(*shard: str) -> dict[str, tuple[int, int]]:
        result = invoke(project, "coverage", "--format", "json", *shard)
        assert result.exit_code == 0, result.output
        found = json.loads(result.output)["locales"]
        return {code: (row["translated"], row["total"]) for code, row in found.items()}

    whole = totals()
    parts = [totals("--shard", f"{i}/4") for i in range(1, 5)]
    assert whole
    summed = {code: tuple(sum(part[code][i] for part in parts) for i in (0, 1)) for code in whole}
    assert summed == whole


@given(st.sets(st.text(min_size=1, max_size=12), max_size=30), st.integers(1, 6))
def test_every_document_is_in_exactly_one_shard(doc_ids: set[str], count: int) -> None:
    for doc_id in doc_ids:
        assert sum(Shard(i, count).holds(doc_id) for i in range(1, count + 1)) == 1


def test_a_shard_is_named_i_of_n(tmp_path: Path) -> None:
    assert parse_shard(" 2/4 ") == Shard(2, 4)
    project = corpus(tmp_path / "project")
    for bad in ("0/3", "4/3", "1/0", "a/b", "1-3"):
        result = invoke(project, "run", "--shard", bad)
        assert result.exit_code == 2
        assert result.stderr == f"--shard {bad!r}: expected i/n with 1 <= i <= n, such as 2/4\n"
    assert not (project / "locales" / "templates").exists()
    assert not (project / "bundles").exists()


def test_merge_refuses_a_document_in_two_shards(tmp_path: Path) -> None:
    project = corpus(tmp_path / "project")
    assert invoke(project, "build", "--shard", "1/2").exit_code == 0
    shard = project / "bundles" / "manifest.shard-1-of-2.json"
    result = invoke(project, "manifest", "merge", str(shard), str(shard))
    assert result.exit_code == 2
    first = json.loads(shard.read_text("utf-8"))["documents"][0]["id"]
    assert result.stderr.endswith(f"document {first} is also in {shard}\n")
    assert not (project / "bundles" / "manifest.json").exists()


def test_merge_refuses_what_is_not_a_manifest(tmp_path: Path) -> None:
    project = corpus(tmp_path / "project")
    broken = project / "bundles" / "manifest.shard-1-of-2.json"
    broken.parent.mkdir()
    broken.write_text("{", "utf-8")
    result = invoke(project, "manifest", "merge", str(broken))
    assert result.exit_code == 2
    assert "not a manifest (invalid JSON" in result.stderr
    assert len(result.stderr.splitlines()) == 1


def test_jobs_one_reads_the_same_templates(tmp_path: Path) -> None:
    project = corpus(tmp_path / "project")
    assert invoke(project, "extract", "--jobs", "1").exit_code == 0
    alone = outputs(project)
    shutil.rmtree(project / "locales" / "templates")
    assert invoke(project, "extract", "--jobs", "2").exit_code == 0
    assert outputs(project) == alone
    assert invoke(project, "extract", "--jobs", "0").exit_code == 2


# One site per generator, each in its default folder (sites/<name>).
SITES = "\nsites:\n" + "".join(f"  {name}: {{generator: {name}}}\n" for name in GENERATORS)


def wide_corpus(target: Path) -> Path:
    """The test project with the four site outputs and 30 more documents, each with its
    catalogs: enough pairs (160), catalogs (155) and pages (192) that `--jobs 2` plans, gates,
    renders and writes the sites in two worker processes."""
    shutil.copytree(DATA / "project", target)
    with (target / "pipeline.yaml").open("a", encoding="utf-8") as config:
        config.write(SITES)
    source, catalogs = target / "source", target / "locales"
    welcome = (source / "welcome.md").read_text("utf-8")
    (source / "more").mkdir()
    for number in range(30):
        edit = EDITS[number % len(EDITS)]
        text = welcome.replace("Why this matters", f"Why this matters: {edit}")
        (source / "more" / f"page-{number:02}.md").write_text(
            text if number % 2 else welcome, "utf-8"
        )
        for locale in ("ko", "zh_Hans", "ta", "ml", "ja"):
            folder = catalogs / locale / "LC_MESSAGES" / "more"
            folder.mkdir(exist_ok=True)
            shutil.copy(folder.parent / "welcome.po", folder / f"page-{number:02}.po")
    return target


def test_worker_processes_write_what_one_process_writes(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    # Both extracts date their templates alike, even across a minute's turn.
    monkeypatch.setenv("SOURCE_DATE_EPOCH", "1767225600")
    alone = wide_corpus(tmp_path / "alone")
    pooled = wide_corpus(tmp_path / "pooled")
    for command in ("extract", "update", "build"):
        one, two = invoke(alone, command, "--jobs", "1"), invoke(pooled, command, "--jobs", "2")
        assert (one.exit_code, two.exit_code) == (0, 0)
        assert two.output == one.output
    assert outputs(pooled) == outputs(alone)
    fuzzy = outputs(pooled)["locales/ja/LC_MESSAGES/more/page-01.po"].decode("utf-8")
    assert "#, fuzzy" in fuzzy  # the edited copies were merged, not copied
    assert "ja/more/page-29.md" in outputs(pooled)["bundles/manifest.json"].decode("utf-8")
    for site in ("hugo", "mkdocs", "docusaurus", "starlight"):
        assert f"site {site}: " in two.output
    assert "sites/hugo/content/ja/more/page-29.md" in outputs(pooled)


def test_pooled_check_run_and_coverage_say_and_write_what_one_process_does(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    # Both runs date their templates alike, even across a minute's turn.
    monkeypatch.setenv("SOURCE_DATE_EPOCH", "1767225600")
    alone = wide_corpus(tmp_path / "alone")
    pooled = wide_corpus(tmp_path / "pooled")
    for project in (alone, pooled):
        broken = project / "locales" / "ml" / "LC_MESSAGES" / "more" / "page-07.po"
        text = broken.read_text("utf-8")
        broken.write_text(text.replace('msgstr "', 'msgstr "<b>42</b> ', 3), "utf-8")
    said = {}
    for command in ("check", "run", "coverage"):
        one, two = invoke(alone, command, "--jobs", "1"), invoke(pooled, command, "--jobs", "2")
        assert (one.exit_code, two.exit_code) == ((1, 1) if command == "check" else (0, 0))
        assert (two.output, two.stderr) == (one.output, one.stderr)
        said[command] = two.output
    assert "more/page-07.po:" in said["check"]  # the edited catalog's findings, in both
    assert "build: ml more/page-07: 2 withheld (html 2)" in said["run"]  # gated in a worker
    assert "more/page-07" in said["coverage"]  # the table: every document, from the workers
    assert outputs(pooled) == outputs(alone)


def test_a_malformed_catalog_stops_a_pooled_build_before_it_writes(tmp_path: Path) -> None:
    project = wide_corpus(tmp_path / "project")
    assert invoke(project, "extract").exit_code == 0
    broken = project / "locales" / "ta" / "LC_MESSAGES" / "more" / "page-17.po"
    broken.write_text(broken.read_text("utf-8") + '\nmsgid "துண்டு\n', "utf-8")
    for command in ("update", "build"):
        before = outputs(project)
        result = invoke(project, command, "--jobs", "2")
        assert result.exit_code == 2
        assert result.stderr.startswith("locales/ta/LC_MESSAGES/more/page-17.po:")
        assert len(result.stderr.splitlines()) == 1
        assert outputs(project) == before


def test_bad_input_in_a_pooled_rebuild_leaves_every_bundle_and_no_temporary(
    tmp_path: Path,
) -> None:
    project = wide_corpus(tmp_path / "project")
    assert invoke(project, "build", "--jobs", "2").exit_code == 0
    source = project / "source" / "more" / "page-28.md"
    source.write_text("---\ntitle: [見出し\n---\n\n本文。\n", "utf-8")
    broken = project / "locales" / "ml" / "LC_MESSAGES" / "more" / "page-29.po"
    broken.write_text(broken.read_text("utf-8") + '\nmsgid "മുറിഞ്ഞ\n', "utf-8")
    built = outputs(project)
    catalog = broken.read_text("utf-8").replace('\nmsgid "മുറിഞ്ഞ\n', "")
    # A new threshold makes every pair stale: the workers render and stage the pairs of the
    # other documents (the statuses change, so do the bytes) before the bad input stops it.
    # The catalog is blamed first, as by a build without sites: the sources are parsed by the
    # same tasks, after their catalogs.
    for blamed, mended, text in (
        ("locales/ml/LC_MESSAGES/more/page-29.po:", broken, catalog),
        ("source/more/page-28.md:", source, "# 見出し\n\n本文。\n"),
    ):
        before = outputs(project)
        result = invoke(project, "build", "--jobs", "2", "--min-coverage", "0")
        assert result.exit_code == 2
        assert result.stderr.startswith(blamed)
        assert len(result.stderr.splitlines()) == 1
        assert outputs(project) == before  # no bundle rewritten, no temporary file left
        mended.write_text(text, "utf-8")
    result = invoke(project, "build", "--jobs", "2", "--min-coverage", "0")
    assert result.exit_code == 0, result.output
    assert outputs(project) != built


def test_a_malformed_catalog_in_runs_read_once_pass_leaves_every_bundle(tmp_path: Path) -> None:
    """`update` reads only the catalogs of documents; `run`'s read-once pass reads every catalog
    (as `check` does) while it renders the stale pairs: one that no document has any more,
    malformed, stops the run before a bundle is renamed into place."""
    project = wide_corpus(tmp_path / "project")
    assert invoke(project, "run", "--jobs", "2").exit_code == 0
    orphan = project / "locales" / "ja" / "LC_MESSAGES" / "more" / "page-99.po"
    orphan.write_text('msgid "壊れた\n', "utf-8")
    config = project / "pipeline.yaml"
    text = config.read_text("utf-8")
    config.write_text(text.replace("min_coverage: 80", "min_coverage: 0"), "utf-8")  # all stale
    before = outputs(project)
    result = invoke(project, "run", "--jobs", "2")
    assert result.exit_code == 2
    assert result.stderr.startswith("locales/ja/LC_MESSAGES/more/page-99.po:1:")
    assert len(result.stderr.splitlines()) == 1
    assert outputs(project) == before  # no bundle rewritten, no temporary file left
    orphan.unlink()
    assert invoke(project, "run", "--jobs", "2").exit_code == 0
    assert outputs(project) != {k: v for k, v in before.items() if "page-99" not in k}


def spools_made(monkeypatch: pytest.MonkeyPatch) -> list[Path]:
    """The folders of the unnamed files spools make from now on, in this process."""
    made: list[Path] = []
    unnamed = tempfile.TemporaryFile

    def counted(*args: Any, **kwargs: Any) -> Any:
        made.append(Path(kwargs["dir"]))
        return unnamed(*args, **kwargs)

    monkeypatch.setattr("pipeline.files.tempfile.TemporaryFile", counted)
    return made


def test_a_spilled_update_writes_what_one_kept_in_memory_writes(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """Past `SPILL_DOCUMENTS`, a locale's merged catalogs wait for the project memory in an
    unnamed temporary file: the catalogs are the same bytes, and nothing is left behind."""
    monkeypatch.setenv("SOURCE_DATE_EPOCH", "1767225600")  # both extracts date alike
    kept, spilled = wide_corpus(tmp_path / "kept"), wide_corpus(tmp_path / "spilled")
    for project in (kept, spilled):
        for command in ("extract", "update"):
            assert invoke(project, command, "--jobs", "2").exit_code == 0
        # One document translates a heading (fuzzy after the edit) that another has emptied.
        for page, text in (("page-01", "なぜ重要なのか（翻訳）"), ("page-11", "")):
            path = project / "locales" / "ja" / "LC_MESSAGES" / "more" / f"{page}.po"
            catalog = parse_po(path.read_bytes(), path)
            messages = list(catalog.messages)
            index = next(i for i, m in enumerate(messages) if EDITS[1] in m.msgid)
            messages[index] = replace(messages[index], msgstr=text, flags=())
            path.write_text(render_po(replace(catalog, messages=tuple(messages))), "utf-8")
    root_before = sorted(p.name for p in spilled.iterdir())
    assert invoke(kept, "update", "--jobs", "2").exit_code == 0
    monkeypatch.setattr("pipeline.files.SPILL_DOCUMENTS", 0)
    spools = spools_made(monkeypatch)
    assert invoke(spilled, "update", "--jobs", "1").exit_code == 0  # in this process: seen
    assert spools == [spilled] * 5  # one a locale, in the project
    assert outputs(spilled) == outputs(kept)
    borrower = outputs(kept)["locales/ja/LC_MESSAGES/more/page-11.po"].decode("utf-8")
    assert "# suggested from more/page-01" in borrower  # the memory lent it, in both
    assert "なぜ重要なのか（翻訳）" in borrower
    assert sorted(p.name for p in spilled.iterdir()) == root_before


def test_a_spilled_run_writes_and_says_what_one_kept_in_memory_does(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """Past `SPILL_DOCUMENTS`, `run` keeps neither the parsed sources (the build loads them from
    the source cache) nor the templates (spooled): the same files and the same output."""
    kept, spilled = wide_corpus(tmp_path / "kept"), wide_corpus(tmp_path / "spilled")
    monkeypatch.setenv("SOURCE_DATE_EPOCH", "1767225600")
    one = invoke(kept, "run", "--jobs", "2")
    monkeypatch.setattr("pipeline.files.SPILL_DOCUMENTS", 0)
    spools = spools_made(monkeypatch)
    two = invoke(spilled, "run", "--jobs", "2")
    assert spools == [spilled]  # the templates' (update's are made in its workers)
    assert (one.exit_code, two.exit_code) == (0, 0)
    assert (two.output, two.stderr) == (one.output, one.stderr)
    assert outputs(spilled) == outputs(kept)
    assert (spilled / ".pipeline-cache").is_dir()  # where the build found the parsed sources


class _Recorded:
    """A text cache whose emptying is recorded (how many entries it held)."""

    def __init__(self, cache: Any, emptied: list[int]) -> None:
        self.cache, self.emptied = cache, emptied

    def cache_clear(self) -> None:
        self.emptied.append(self.cache.cache_info().currsize)
        self.cache.cache_clear()


@pytest.mark.parametrize("command", ["run", "build"])
def test_each_document_task_leaves_no_text_cached(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, command: str
) -> None:
    """The read-once and build tasks use the text caches within a document (a msgid for its
    five locales) and empty them after it, so a worker holds one document's texts, not the
    project's."""
    from pipeline import text_cache

    project = wide_corpus(tmp_path / "project")
    # A first run imports every module with a text cache; without its bundles, the next run or
    # build renders every document again.
    assert invoke(project, "run", "--jobs", "1").exit_code == 0
    shutil.rmtree(project / "bundles")
    emptied: list[int] = []
    caches = [_Recorded(cache, emptied) for cache in text_cache._CACHES]
    monkeypatch.setattr(text_cache, "_CACHES", caches)
    assert invoke(project, command, "--jobs", "1").exit_code == 0  # tasks in this process
    documents = len(list((project / "source").rglob("*.md")))
    assert len(caches) >= 8
    assert len(emptied) >= documents * len(caches)
    assert max(emptied) > 0
    assert [c.cache.cache_info().currsize for c in caches] == [0] * len(caches)


@pytest.mark.parametrize("form", ["text", "json", "github"])
def test_a_spilled_check_says_what_one_kept_in_memory_says(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, form: str
) -> None:
    """Past `SPILL_DOCUMENTS`, `check` keeps each catalog's findings in an unnamed file until
    it shows them: the same lines, in the same order; a project folder that refuses the file
    leaves them in memory."""
    project = wide_corpus(tmp_path / "project")
    broken = project / "locales" / "ko" / "LC_MESSAGES" / "more" / "page-07.po"
    broken.write_text(broken.read_text("utf-8").replace('msgstr "', 'msgstr "<b>42</b> ', 3))
    kept = invoke(project, "check", "--format", form, "--jobs", "2")
    monkeypatch.setattr("pipeline.files.SPILL_DOCUMENTS", 0)
    spools = spools_made(monkeypatch)
    spilled = invoke(project, "check", "--format", form, "--jobs", "2")
    assert spools == [project]
    assert (spilled.exit_code, kept.exit_code) == (1, 1)
    assert (spilled.stdout, spilled.stderr) == (kept.stdout, kept.stderr)
    assert "more/page-07.po" in spilled.stdout

    def refused(*args: Any, **kwargs: Any) -> Any:
        raise PermissionError(13, "Permission denied")

    monkeypatch.setattr("pipeline.files.tempfile.TemporaryFile", refused)
    in_memory = invoke(project, "check", "--format", form, "--jobs", "2")
    assert (in_memory.stdout, in_memory.stderr) == (kept.stdout, kept.stderr)


@pytest.mark.parametrize(
    "edited", ["source/more/page-03.md", "locales/ta/LC_MESSAGES/more/page-03.po"]
)
def test_a_file_saved_while_the_build_reads_stops_it_before_it_writes(
    edited: str, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """The build plans by hashes, then its tasks read each stale source and catalog again: one
    an editor saved in between is named, and nothing is written."""
    from pipeline.bundles import build

    project = wide_corpus(tmp_path / "project")
    config = project / "pipeline.yaml"  # no sites: they read every source before the build
    config.write_text(config.read_text("utf-8").replace(SITES, ""), "utf-8")
    assert invoke(project, "extract").exit_code == 0
    planned = build.plan_build

    def plan_then_save(*args: object, **kwargs: object) -> build.BuildPlan:
        plan = planned(*args, **kwargs)  # type: ignore[arg-type]
        path = project / edited
        path.write_text(path.read_text("utf-8") + "\n저장했습니다.\n", "utf-8")
        return plan

    monkeypatch.setattr(build, "plan_build", plan_then_save)
    before = outputs(project)
    result = invoke(project, "build", "--jobs", "2")
    assert result.exit_code == 2
    assert result.stderr == f"{edited}: changed while the build read it; build again\n"
    assert {k: v for k, v in outputs(project).items() if k != edited} == {
        k: v for k, v in before.items() if k != edited
    }
