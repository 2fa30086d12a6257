"""SIGKILL and SIGTERM during `pipeline run`: nothing of ours stays behind, and the next run
finishes and leaves exactly what a clean run leaves.

Extraction forks worker processes for a large corpus, which is where a killed run used to
leave workers holding the lock, so that every later run waited for ever. The threshold is
lowered here (8 documents per worker, not 64) so that 24 documents fork 2 workers as 128 would:
the same code, a sixth of the time per run. Half of the 50 kills (SIGKILL and SIGTERM in turn)
come at a random moment of the run, half while its workers are alive (a random moment after
they appear). Each run is a forked child in a process group of its own (no interpreter start-up
per kill); after the kill, the group must empty within seconds, and the next run must finish
within a minute, with no temporary file or other debris left anywhere in the project.
"""

from __future__ import annotations

import contextlib
import io
import os
import random
import shutil
import signal
import time
import warnings
from pathlib import Path

import pytest

from pipeline import split
from pipeline.cli import main
from pipeline.files import LOCK_NAME
from tests.conftest import snapshot

PER_WORKER = 8
DOCUMENTS = 3 * PER_WORKER  # 2 workers on 2 cores or more (see `read_sources`)
KILLS = 50
TEXTS = ("고양이가 앉았다", "猫が座った", "பூனை அமர்ந்தது", "പൂച്ച ഇരുന്നു", "猫坐着")


def make_project(root: Path) -> None:
    (root / "source").mkdir(parents=True)
    (root / "pipeline.yaml").write_text("source: source\nlocales: [ko]\n", "utf-8")
    for n in range(DOCUMENTS):
        text = f"# Guide {n}\n\nThe cat sat on mat {n}: {TEXTS[n % len(TEXTS)]}.\n"
        (root / "source" / f"doc-{n:03}.md").write_text(text, "utf-8")


def start_run(root: Path) -> int:
    """Fork a child that runs `pipeline run` as its own process group's leader."""
    with warnings.catch_warnings():
        warnings.simplefilter("ignore", DeprecationWarning)  # fork in a threaded process
        pid = os.fork()
    if pid:
        return pid
    status = 3
    try:  # the child: never return into pytest
        os.setpgid(0, 0)
        signal.signal(signal.SIGTERM, signal.SIG_DFL)  # as in a fresh interpreter
        with contextlib.redirect_stdout(io.StringIO()), contextlib.redirect_stderr(io.StringIO()):
            main(
                ["--config", str(root / "pipeline.yaml"), "--no-wait", "run"],
                prog_name="pipeline",
                standalone_mode=False,
            )
        status = 0
    finally:
        os._exit(status)


def finish(pid: int, timeout: float) -> int:
    """The child's exit status; fails the test if it is still running after `timeout`."""
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        done, status = os.waitpid(pid, os.WNOHANG)
        if done:
            return os.waitstatus_to_exitcode(status)
        time.sleep(0.02)
    os.killpg(pid, signal.SIGKILL)
    os.waitpid(pid, 0)
    pytest.fail(f"a run did not finish within {timeout:g} s")


def group_alive(pgid: int) -> bool:
    try:
        os.killpg(pgid, 0)
    except ProcessLookupError:
        return False
    return True


def workers_of(pid: int) -> list[str]:
    """The child processes of `pid` (its extraction workers), from /proc."""
    try:
        return Path(f"/proc/{pid}/task/{pid}/children").read_text().split()
    except OSError:
        return []


def wait_for_workers(pid: int, timeout: float = 30) -> bool:
    deadline = time.monotonic() + timeout
    while not workers_of(pid):
        ended = os.waitid(os.P_PID, pid, os.WEXITED | os.WNOHANG | os.WNOWAIT)  # not reaped
        if ended is not None or time.monotonic() > deadline:
            return False
        time.sleep(0.001)
    return True


def reset(root: Path) -> None:
    for name in ("locales", "bundles"):
        shutil.rmtree(root / name, ignore_errors=True)


@pytest.mark.slow
def test_killed_runs_leave_nothing_behind(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("SOURCE_DATE_EPOCH", "1717243200")
    monkeypatch.setattr(split, "PER_WORKER", PER_WORKER)  # the forked runs inherit it
    monkeypatch.setattr(os, "cpu_count", lambda: 2)  # 2 workers on any machine
    root = tmp_path / "project"
    make_project(root)
    started = time.monotonic()
    pid = start_run(root)
    assert wait_for_workers(pid), "extraction started no worker process"
    assert finish(pid, 120) == 0
    duration = time.monotonic() - started
    expected = snapshot(root)
    assert any(path.endswith(".mo") for path in expected)

    rng = random.Random(19)
    lingering = []
    with_workers = 0
    for kill in range(KILLS):
        reset(root)
        sent = signal.SIGKILL if kill % 2 else signal.SIGTERM
        pid = start_run(root)
        if kill < KILLS // 2:
            time.sleep(rng.uniform(0, duration))
        elif wait_for_workers(pid):
            time.sleep(rng.uniform(0, 0.01))
        with_workers += bool(workers_of(pid))
        os.kill(pid, sent)  # the run only, as `kill` or a CI cancel does, not its group
        os.waitpid(pid, 0)
        deadline = time.monotonic() + 5
        while group_alive(pid) and time.monotonic() < deadline:
            time.sleep(0.01)
        if group_alive(pid):
            lingering.append(kill)
            os.killpg(pid, signal.SIGKILL)
        assert finish(start_run(root), 60) == 0, f"the run after kill {kill} failed"
        assert snapshot(root) == expected, f"kill {kill} ({sent.name}) changed the outcome"
    assert not lingering, f"processes outlived the run after kills {lingering}"
    assert with_workers >= KILLS // 4, f"only {with_workers} kills came while workers ran"
    assert (root / LOCK_NAME).exists()
