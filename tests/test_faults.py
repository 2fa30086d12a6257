"""Attacks on the pipeline: a held lock, links that lead out, hostile front matter, bad file
names, full and read-only disks. Each is one line on stderr, exit 2, and nothing outside the
project (or, for bad input, anywhere) is changed."""

from __future__ import annotations

import errno
import fcntl
import hashlib
import os
import threading
import time
from collections.abc import Iterator
from pathlib import Path

import pytest
from click.testing import CliRunner

from pipeline import files
from pipeline.cli import main
from pipeline.errors import PipelineError
from tests.conftest import Invoke, snapshot


def tree_hash(root: Path) -> str:
    """One hash of every name, link and byte under `root`, to prove nothing there changed."""
    digest = hashlib.sha256()
    for path in sorted(root.rglob("*")):
        digest.update(str(path.relative_to(root)).encode())
        if path.is_symlink():
            digest.update(b"link:" + os.readlink(path).encode())
        elif path.is_file():
            digest.update(path.read_bytes())
    return digest.hexdigest()


@pytest.fixture
def decoy(tmp_path: Path) -> Path:
    """A site's folder outside the project, holding files a careless build would delete."""
    folder = tmp_path / "site"
    (folder / "LC_MESSAGES").mkdir(parents=True)
    (folder / "index.md").write_text("# 사이트\n\n손대지 마세요.\n", "utf-8")
    (folder / "guide.json").write_text("{}\n", "utf-8")
    (folder / "LC_MESSAGES" / "guide.mo").write_bytes(b"\xde\x12\x04\x95")
    (folder / "notes.po").write_text('msgid "a"\nmsgstr "ㄱ"\n', "utf-8")
    return folder


def one_line(stderr: str, project: Path) -> str:
    lines = stderr.replace(str(project) + "/", "").splitlines()
    assert len(lines) == 1, stderr
    return lines[0]


# --- the lock ---------------------------------------------------------------------------------


@pytest.fixture
def held_lock(project: Path) -> Iterator[int]:
    """The project's lock, held by this process through a descriptor of its own."""
    fd = os.open(project / files.LOCK_NAME, os.O_RDWR | os.O_CREAT)
    fcntl.flock(fd, fcntl.LOCK_EX)
    yield fd
    os.close(fd)


def test_a_held_lock_is_reported_at_once_with_no_wait(
    project: Path, cli: Invoke, held_lock: int
) -> None:
    started = time.monotonic()
    result = cli("--no-wait", "extract")
    assert time.monotonic() - started < 5
    assert result.exit_code == 2
    assert one_line(result.stderr, project) == (
        f".pipeline.lock: another pipeline run (pid {os.getpid()}) is working here"
    )


def test_a_held_lock_is_waited_for_as_long_as_asked(
    project: Path, cli: Invoke, held_lock: int
) -> None:
    result = cli("--wait", "0.3", "extract")
    assert result.exit_code == 2
    assert result.stderr.replace(str(project) + "/", "").splitlines() == [
        f".pipeline.lock: another pipeline run (pid {os.getpid()}) is working here; waiting…",
        f".pipeline.lock: another pipeline run (pid {os.getpid()}) is working here;"
        " gave up after 0.3 s",
    ]


def test_the_run_goes_on_when_the_lock_is_released(
    project: Path, cli: Invoke, held_lock: int
) -> None:
    threading.Timer(0.3, fcntl.flock, (held_lock, fcntl.LOCK_UN)).start()
    result = cli("extract")
    assert result.exit_code == 0, result.stderr
    assert result.stderr.endswith("is working here; waiting…\n")
    assert result.stdout.startswith("extract: ")


# --- links that lead out ----------------------------------------------------------------------


def test_a_bundle_folder_linked_outside_is_refused(project: Path, cli: Invoke, decoy: Path) -> None:
    assert cli("run").exit_code == 0
    before = tree_hash(decoy)
    bundles = project / "bundles"
    tag = next(p for p in sorted(bundles.iterdir()) if p.is_dir() and any(p.glob("*.json")))
    for path in sorted(tag.rglob("*"), reverse=True):
        path.rmdir() if path.is_dir() else path.unlink()
    tag.rmdir()
    tag.symlink_to(decoy, target_is_directory=True)
    for command in ("build", "run"):
        result = cli(command)
        assert result.exit_code == 2
        assert one_line(result.stderr, project) == (
            f"bundles/{tag.name}: symbolic link leads outside the project (to {decoy})"
        )
    assert tree_hash(decoy) == before


def test_a_catalog_folder_linked_outside_is_refused(
    project: Path, cli: Invoke, decoy: Path
) -> None:
    before = tree_hash(decoy)
    locale = next(p for p in (project / "locales").iterdir() if p.name != "templates")
    (project / "locales" / "moved").mkdir()
    locale.rename(project / "locales" / "moved" / locale.name)
    locale.symlink_to(decoy, target_is_directory=True)
    result = cli("update")
    assert result.exit_code == 2
    assert one_line(result.stderr, project) == (
        f"locales/{locale.name}: symbolic link leads outside the project (to {decoy})"
    )
    assert tree_hash(decoy) == before


def test_a_source_file_linked_outside_is_refused(project: Path, cli: Invoke, decoy: Path) -> None:
    (project / "source" / "leak.md").symlink_to(decoy / "index.md")
    before_decoy, before = tree_hash(decoy), snapshot(project)
    result = cli("run")
    assert result.exit_code == 2
    assert one_line(result.stderr, project) == (
        f"source/leak.md: symbolic link leads outside the project (to {decoy / 'index.md'})"
    )
    assert tree_hash(decoy) == before_decoy
    assert snapshot(project) == before


def test_a_folder_whose_name_starts_like_the_project_is_outside(project: Path, cli: Invoke) -> None:
    """`/x/project-old` is not inside `/x/project`: folders are compared by part, not prefix."""
    twin = project.parent / f"{project.name}-old"
    twin.mkdir()
    (twin / "index.md").write_text("# 옛 글\n\n古い本文。\n", "utf-8")
    (project / "source" / "twin.md").symlink_to(twin / "index.md")
    before = snapshot(project)
    result = cli("run")
    assert result.exit_code == 2
    assert one_line(result.stderr, project) == (
        f"source/twin.md: symbolic link leads outside the project (to {twin / 'index.md'})"
    )
    assert snapshot(project) == before


@pytest.mark.parametrize("fresh", [False, True], ids=["forked", "new interpreters"])
def test_workers_keep_to_the_project_and_die_with_it(
    project: Path, decoy: Path, fresh: bool
) -> None:
    """A pool's workers, forked or (past `SPILL_DOCUMENTS`) started as new interpreters, refuse
    a link that leads out as this process does, and are its children (so they die with it)."""
    inside = project / "source" / "안내.md"
    inside.write_text("# 안내\n\n本文です。\n", "utf-8")
    leak = project / "source" / "leak.md"
    leak.symlink_to(decoy / "index.md")
    with files.project_lock(project), files.worker_pool(2, fresh=fresh) as pool:
        assert pool.submit(files.read_bytes, inside).result() == inside.read_bytes()
        with pytest.raises(PipelineError, match=r"link leads outside the project"):
            pool.submit(files.read_bytes, leak).result()
        assert pool.submit(os.getppid).result() == os.getpid()


def test_links_inside_the_project_still_work(project: Path, cli: Invoke) -> None:
    source = next((project / "source").glob("*.md"))
    (project / "drafts").mkdir()
    (project / "drafts" / "copy.md").write_bytes(source.read_bytes())
    (project / "source" / "linked.md").symlink_to(project / "drafts" / "copy.md")
    result = cli("run")
    assert result.exit_code == 0, result.stderr
    assert (project / "locales" / "templates" / "linked.pot").is_file()


def test_an_edited_manifest_cannot_remove_files_outside(
    project: Path, cli: Invoke, decoy: Path
) -> None:
    assert cli("run").exit_code == 0
    manifest = project / "bundles" / "manifest.json"
    relative = os.path.relpath(decoy / "index.md", project / "bundles")
    manifest.write_text(manifest.read_text("utf-8").replace('"ko/', f'"{relative}#', 1), "utf-8")
    before = tree_hash(decoy)
    cli("build")
    assert tree_hash(decoy) == before


# --- hostile front matter ---------------------------------------------------------------------

BOMB = "\n".join(
    ["a0: &a0 [x, y]"]
    + [f"a{i}: &a{i} [" + ", ".join([f"*a{i - 1}"] * 9) + "]" for i in range(1, 10)]
)


@pytest.mark.parametrize(
    ("front_matter", "message"),
    [
        (BOMB, "source/bomb.md:6: front matter aliases expand to more than 10000 values"),
        (
            "title: " + "[" * 600 + "]" * 600,
            "source/bomb.md:2: front matter nested more than 64 levels deep",
        ),
        (
            "".join(" " * i + f"k{i}:\n" for i in range(600)) + " " * 600 + "v: 1",
            "source/bomb.md:66: front matter nested more than 64 levels deep",
        ),
        (
            "title: " + "{a: " * 600 + "b" + "}" * 600,
            "source/bomb.md:2: front matter nested more than 64 levels deep",
        ),
    ],
    ids=["alias-bomb", "deep-flow", "deep-block", "deep-mapping"],
)
def test_hostile_front_matter_is_one_line_in_well_under_a_second(
    project: Path, cli: Invoke, front_matter: str, message: str
) -> None:
    (project / "source" / "bomb.md").write_text(f"---\n{front_matter}\n---\n\n본문.\n", "utf-8")
    before = snapshot(project)
    started = time.monotonic()
    result = cli("run")
    elapsed = time.monotonic() - started
    assert result.exit_code == 2
    assert one_line(result.stderr, project) == message
    assert snapshot(project) == before
    assert elapsed < 2  # machines under load included; about 0.05 s otherwise


# --- file names a catalog reference cannot hold -----------------------------------------------


@pytest.mark.parametrize(
    ("name", "shown"),
    [
        (b"bad\xff.md", "source/bad\\xff.md: file name is not valid UTF-8"),
        (b"new\nline.md", "source/new\\nline.md: file name holds a control character"),
        (b"tab\there.md", "source/tab\\there.md: file name holds a control character"),
    ],
)
def test_bad_file_names_are_refused_up_front(
    project: Path, cli: Invoke, name: bytes, shown: str
) -> None:
    path = os.path.join(os.fsencode(project / "source"), name)
    with open(path, "wb") as handle:
        handle.write("# 제목\n\n본문.\n".encode())
    before = snapshot(project)
    result = cli("run")
    assert result.exit_code == 2
    assert one_line(result.stderr, project) == (f"{shown}: a catalog cannot refer to it; rename it")
    assert snapshot(project) == before


# --- full and read-only disks -----------------------------------------------------------------


def failing_writes(monkeypatch: pytest.MonkeyPatch, code: int, after: int) -> None:
    """Let `after` temporary files be written, then fail every write with `code`."""
    real = os.write
    count = [0]

    def write(fd: int, data: bytes | memoryview) -> int:
        count[0] += 1
        if count[0] > after:
            raise OSError(code, os.strerror(code))
        return real(fd, data)

    monkeypatch.setattr(os, "write", write)


@pytest.mark.parametrize("code", [errno.ENOSPC, errno.EROFS])
@pytest.mark.parametrize(("command", "after"), [("update", 0), ("build", 3), ("run", 5)])
def test_a_full_or_read_only_disk_is_one_line_and_old_files_stay(
    project: Path,
    cli: Invoke,
    monkeypatch: pytest.MonkeyPatch,
    code: int,
    command: str,
    after: int,
) -> None:
    assert cli("run").exit_code == 0
    for source in (project / "source").glob("*.md"):
        source.write_text(source.read_text("utf-8") + "\n새 문단입니다.\n", "utf-8")
    assert cli("extract").exit_code == 0
    before = snapshot(project)
    failing_writes(monkeypatch, code, after)
    result = cli(command)
    assert result.exit_code == 2
    line = one_line(result.stderr, project)
    assert line.endswith(f": cannot write: {os.strerror(code)}"), line
    after_files = snapshot(project)
    for path in after_files:
        assert path in before or not path.endswith(files.TEMPORARY_SUFFIX), path
    # Every file is whole: as it was, or as the same command writes it when nothing fails (not
    # `run`: its update would date the catalogs anew, and a minute may have passed).
    monkeypatch.undo()
    assert cli(command).exit_code == 0
    complete = snapshot(project)
    for path, data in after_files.items():
        assert data in (before.get(path), complete.get(path)), path


# --- a translator's notes on an untranslated entry --------------------------------------------


def test_notes_on_an_untranslated_entry_survive_a_small_change(tmp_path: Path) -> None:
    """msgmerge loses them; the README promises they survive every update."""
    root = tmp_path / "notes"
    (root / "source").mkdir(parents=True)
    (root / "pipeline.yaml").write_text("source: source\nlocales: [ta]\n", "utf-8")
    doc = root / "source" / "doc.md"
    doc.write_text("# Guide\n\nThe cat sat on the mat today.\n", "utf-8")
    runner = CliRunner()
    config = ["--config", str(root / "pipeline.yaml")]
    assert runner.invoke(main, [*config, "run"]).exit_code == 0
    catalog = root / "locales/ta/LC_MESSAGES/doc.po"
    text = catalog.read_text("utf-8").replace(
        'msgid "The cat', '# பூனை: glossary\n#, no-wrap\nmsgid "The cat'
    )
    catalog.write_text(text, "utf-8")
    doc.write_text("# Guide\n\nThe cat sat on the mat yesterday.\n", "utf-8")
    assert runner.invoke(main, [*config, "run"]).exit_code == 0
    entry = catalog.read_text("utf-8").split("\n\n")[-1]
    assert entry.startswith(
        "# பூனை: glossary\n#. paragraph, under “Guide”\n#: source/doc.md\n#, no-wrap\n"
    )
    assert 'msgid "The cat sat on the mat yesterday."\nmsgstr ""\n' in entry
