"""`run` hands each stage's output to the next in memory; the trees it leaves are those the
separate commands leave, byte for byte, on a first run and after edits (issue 16 item 3)."""

from __future__ import annotations

import json
import re
import shutil
from collections.abc import Callable
from pathlib import Path

import pytest
from click.testing import CliRunner

from benchmarks import startup
from pipeline.cli import main
from pipeline.config import read_config
from pipeline.coverage.counts import read_project_coverage
from pipeline.coverage.output import write_site_reports
from pipeline.extract.sources import read_sources
from pipeline.extract.templates import build_template
from pipeline.po import render_po
from pipeline.po_reader import parse_po
from pipeline.runstate import SKIPPED, STATE_NAME, replay
from tests.conftest import DATA, REPO

Edit = Callable[[Path], object]


def invoke(root: Path, *args: str) -> str:
    result = CliRunner().invoke(main, ["--config", str(root / "pipeline.yaml"), *args])
    assert result.exit_code in (0, 1), result.output  # `check` exits 1 on error findings
    return result.output


def separately(root: Path) -> None:
    """The stages one command at a time, each reading from disk what the last one wrote."""
    for command in ("extract", "update", "check", "build"):
        invoke(root, command)
    config = read_config(root / "pipeline.yaml")  # `run`'s coverage step: reports and badges
    write_site_reports(config.reports_dir, read_project_coverage(config, (), "strings"))


def tree(root: Path) -> dict[str, bytes]:
    return {
        p.relative_to(root).as_posix(): p.read_bytes()
        for p in sorted(root.rglob("*"))
        if p.is_file() and p.name not in SKIPPED
    }


# After `make sites`, examples/ holds some 800 MB that is no input of ours: never copied.
GENERATED = shutil.ignore_patterns(*startup.GENERATED)


def seed_project(target: Path) -> Path:
    """The repository's own project: two articles, five locales, a glossary, four sites."""
    target.mkdir()
    for name in ("source", "locales", "glossary", "examples"):
        shutil.copytree(REPO / name, target / name, ignore=GENERATED)
    shutil.copy(REPO / "pipeline.yaml", target)
    return target


def copy_of(folder: Path) -> Callable[[Path], Path]:
    return lambda target: Path(shutil.copytree(folder, target))


def edit_source(root: Path) -> None:
    """A changed paragraph (its translations go fuzzy) and a new one in the first document."""
    path = sorted((root / "source").rglob("*.md"))[0]
    text = path.read_text("utf-8")
    paragraph = next(p for p in text.split("\n\n") if p[:1].isalpha())
    changed = text.replace(paragraph, paragraph + " Edited.", 1)
    path.write_text(changed + "\n새 문단입니다: 한국어와 தமிழ் and 日本語.\n", "utf-8")


def edit_catalog(root: Path) -> None:
    """A translation with an error-level finding (a lost number) in the first Korean catalog."""
    path = sorted((root / "locales" / "ko" / "LC_MESSAGES").rglob("*.po"))[0]
    catalog = parse_po(path.read_bytes(), path)
    messages = list(catalog.messages)
    for index, message in enumerate(messages):
        if not message.obsolete and message.msgid_plural is None and message.msgctxt is None:
            messages[index] = type(message)(
                msgid=message.msgid,
                msgstr="번역 <b>42</b> [링크](javascript:alert(1))",
                extracted_comments=message.extracted_comments,
                references=message.references,
            )
            break
    path.write_text(render_po(type(catalog)(catalog.header, tuple(messages))), "utf-8")


PROJECTS = {
    "test project": copy_of(DATA / "project"),
    "check seed": copy_of(DATA / "checks" / "seed"),
    "seed project": seed_project,
}


@pytest.mark.parametrize("name", PROJECTS)
def test_run_leaves_the_trees_the_separate_commands_leave(
    name: str, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setenv("SOURCE_DATE_EPOCH", "1700000000")  # both trees get the same dates
    ran, apart = PROJECTS[name](tmp_path / "run"), PROJECTS[name](tmp_path / "apart")
    for step in (None, edit_source, edit_catalog):
        for root in (ran, apart):
            if step is not None:
                step(root)
        invoke(ran, "run")
        separately(apart)
        assert tree(ran) == tree(apart), step
    assert b'"withheld"' in (ran / "bundles" / "manifest.json").read_bytes()


def test_templates_handed_to_update_equal_the_files_read_back(tmp_path: Path) -> None:
    """`run` gives `update` extract's template objects: equal to parsing the written file."""
    config = read_config(seed_project(tmp_path / "seed") / "pipeline.yaml")
    for source in read_sources(config):
        template = build_template(source, "2024-05-01 12:00+0000")
        text = render_po(template)
        assert parse_po(text.encode("utf-8"), "x.pot") == template
        assert "msgid" in text


def swap_letters(path: Path) -> None:
    """The same number of bytes, another text: only the time stamp or the content tells."""
    data = path.read_bytes()
    index = data.rindex(b"msgstr")
    path.write_bytes(data[:index] + data[index:].replace(b"e", b"a", 1))


def swap_page_letter(root: Path) -> None:
    """A site page edited by hand, its size kept: `record` took its hash from what was
    written, not from the file, and the repeat must still see the edit."""
    page = sorted((root / "examples" / "hugo").rglob("*.md"))[0]
    data = page.read_bytes()
    index = data.rindex(b"e")
    page.write_bytes(data[:index] + b"a" + data[index + 1 :])


def edit_glossary(root: Path) -> None:
    path = root / "glossary" / "ko.csv"
    path.write_text(path.read_text("utf-8") + "solidarity,연대,preferred,\n", "utf-8")


EDITS: dict[str, Edit] = {
    "a catalog, same size": lambda root: swap_letters(
        sorted((root / "locales" / "ko" / "LC_MESSAGES").glob("*.po"))[0]
    ),
    "a new source": lambda root: (root / "source" / "new.md").write_text(
        "# 새 글\n\n한국어 문단. தமிழ் பத்தி. 日本語の段落。\n", "utf-8"
    ),
    "a bundle removed": lambda root: sorted((root / "bundles").rglob("*.json"))[0].unlink(),
    "the configuration": lambda root: (root / "pipeline.yaml").write_text(
        (root / "pipeline.yaml").read_text("utf-8") + "\n", "utf-8"
    ),
    "a glossary": edit_glossary,
    "a site page, same size": swap_page_letter,
}


@pytest.mark.parametrize("name", PROJECTS)
def test_a_repeated_run_prints_what_a_full_run_prints(name: str, tmp_path: Path) -> None:
    root = PROJECTS[name](tmp_path / "project")
    invoke(root, "run")
    replayed = invoke(root, "run")
    assert replay(root / "pipeline.yaml") == replayed
    assert not re.search(r"\b[1-9]\d* (written|created|updated|removed)", replayed)
    assert "unchanged" in replayed
    (root / STATE_NAME).unlink()
    assert invoke(root, "run") == replayed  # the same run done in full
    assert replay(root / "pipeline.yaml") == replayed


@pytest.mark.parametrize("edit", EDITS)
def test_a_run_after_any_change_is_done_in_full(edit: str, tmp_path: Path) -> None:
    root = seed_project(tmp_path / "seed")
    config = root / "pipeline.yaml"
    assert "glossary/ko.csv" in config.read_text("utf-8")  # the glossary edit below is watched
    invoke(root, "run")
    EDITS[edit](root)
    assert replay(root / "pipeline.yaml") is None
    again = tmp_path / "again"
    shutil.copytree(root, again)
    (again / STATE_NAME).unlink()
    assert invoke(root, "run") == invoke(again, "run")


def build_output(root: Path, *args: str) -> tuple[int, str]:
    result = CliRunner().invoke(main, ["--config", str(root / "pipeline.yaml"), "build", *args])
    return result.exit_code, result.output


@pytest.mark.parametrize(
    "options", [(), ("--format", "json"), ("--strict", "--min-coverage", "50")]
)
def test_a_repeated_build_prints_what_a_full_build_prints(
    options: tuple[str, ...], tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    root = seed_project(tmp_path / "seed")
    assert build_output(root, *options)[0] == 0
    done = tree(root)
    # The repeat reads no catalog and writes no bundle: it is answered from the state file.
    with monkeypatch.context() as patched:
        patched.setattr("pipeline.bundles.build.plan_build", _never)
        replayed = build_output(root, *options)
    assert replayed[0] == 0
    assert not re.search(r"\b[1-9]\d* (written|removed)", replayed[1])
    assert "unchanged" in replayed[1]
    assert tree(root) == done
    (root / STATE_NAME).unlink()
    assert build_output(root, *options) == replayed  # the same build done in full


def _never(*args: object, **kwargs: object) -> None:
    raise AssertionError("a build with nothing to do parsed the project")


@pytest.mark.parametrize("edit", EDITS)
def test_a_build_after_any_change_is_done_in_full(edit: str, tmp_path: Path) -> None:
    root = seed_project(tmp_path / "seed")
    build_output(root)
    EDITS[edit](root)
    again = tmp_path / "again"
    shutil.copytree(root, again)
    (again / STATE_NAME).unlink()
    assert build_output(root) == build_output(again)
    assert tree(root) == tree(again)


def test_a_build_that_withholds_under_strict_is_never_answered_from_the_state(
    tmp_path: Path,
) -> None:
    root = seed_project(tmp_path / "seed")
    edit_catalog(root)  # a translation with error-level findings: withheld
    first = CliRunner().invoke(main, ["--config", str(root / "pipeline.yaml"), "build", "--strict"])
    assert first.exit_code == 1
    again = CliRunner().invoke(main, ["--config", str(root / "pipeline.yaml"), "build", "--strict"])
    assert (again.exit_code, again.stderr) == (1, first.stderr)  # listed again, exit 1 again
    assert "1 withheld" in again.output
    assert "unsafe-url" in first.stderr


def test_build_and_run_keep_their_own_states(tmp_path: Path) -> None:
    root = seed_project(tmp_path / "seed")
    invoke(root, "run")
    build_output(root)
    assert replay(root / "pipeline.yaml") is not None  # the build left the run's state valid
    assert build_output(root)[0] == 0


@pytest.mark.parametrize("command", ["run", "build"])
def test_what_a_run_killed_while_writing_the_state_left_goes_with_the_next(
    command: str, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """A run killed between writing the state's temporary file and renaming it leaves that file
    at the project root, where no generated folder's clean-up looks; the next run, replayed or
    not, removes it, and no file of the user's that merely looks temporary."""
    root = seed_project(tmp_path / "seed")
    invoke(root, command)
    state = (root / STATE_NAME).read_bytes()
    left = [
        root / f"{STATE_NAME}.23684.tmp",  # how earlier versions named it
        root / f".{STATE_NAME}.k2x9_q.pipeline-tmp",  # how files.write_if_changed does
    ]
    users = [root / ".draft.tmp", root / f"{STATE_NAME}.notes"]
    for path in (*left, *users):
        path.write_bytes(b"")
    with monkeypatch.context() as patched:
        patched.setattr("pipeline.bundles.build.plan_build", _never)  # replayed, not built
        repeated = invoke(root, command)
    assert not [path for path in left if path.exists()]
    assert all(path.exists() for path in users)
    assert (root / STATE_NAME).read_bytes() == state
    for path in left:
        path.write_bytes(state[: len(state) // 2])
    (root / STATE_NAME).unlink()
    assert invoke(root, command) == repeated  # done in full: forgets the state, records it
    assert not [path for path in left if path.exists()]
    with monkeypatch.context() as patched:
        patched.setattr("pipeline.bundles.build.plan_build", _never)
        assert invoke(root, command) == repeated  # and the state it wrote replays


def publish_previous(root: Path) -> None:
    """Hugo publishes previous translations, and one Korean entry has one: its source changed."""
    config = root / "pipeline.yaml"
    text = config.read_text("utf-8")
    config.write_text(
        text.replace("output: examples/hugo", "output: examples/hugo\n    outdated: previous"),
        "utf-8",
    )
    catalog = sorted((root / "locales" / "ko" / "LC_MESSAGES").glob("*.po"))[0]
    data = catalog.read_text("utf-8")
    entry = data.rindex('\nmsgid "') + 1  # the last entry: a paragraph
    previous = '#, fuzzy\n#| msgid "An earlier sentence, since edited."\n'
    catalog.write_text(data[:entry] + previous + data[entry:], "utf-8")


def remove_site_files(root: Path) -> None:
    """Every file the sites wrote, as their listings name them; the bundles stay fresh."""
    for listing in (root / "examples").glob("*/.pipeline-site.json"):
        for name in json.loads(listing.read_bytes()):
            (listing.parent / name).unlink()
        listing.unlink()


@pytest.mark.parametrize("command", ["build", "run"])
def test_pages_from_the_build_equal_pages_from_the_bundles_on_disk(
    command: str, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """The pages of the pairs a build just rendered come from its tasks; the others from their
    bundles' JSON: the same site files either way, byte for byte."""
    monkeypatch.setenv("SOURCE_DATE_EPOCH", "1700000000")
    rendered, read_back = seed_project(tmp_path / "rendered"), seed_project(tmp_path / "read")
    for root in (rendered, read_back):
        publish_previous(root)
        invoke(root, command)
    remove_site_files(read_back)
    (read_back / STATE_NAME).unlink()
    again = invoke(read_back, command)
    assert re.search(r"build: 0 written", again), again  # every bundle was fresh
    assert tree(read_back) == tree(rendered)
    outdated = b'class="outdated"'  # the previous translation, published and marked
    assert any(outdated in data for name, data in tree(rendered).items() if "hugo" in name)
