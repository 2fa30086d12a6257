"""Whole-process timing: wall time, CPU time and peak RSS of a command and its children.

`os.wait4` returns the child's resource usage including every descendant it waited for, so a
`bash` script that runs 5,000 `msgmerge` processes reports their summed CPU time. Peak RSS
comes from GNU `time` (`%M`) wrapped around the command instead: Linux counts the memory a
child had before `exec` (a copy of this Python process, ~25 MB) in its `ru_maxrss`, which
would put a floor under every figure; `time` is a 2 MB process, so its floor is negligible.
`%M` is the largest RSS of any one process in the tree: the peak memory of a loop.

For a command whose processes run at the same time (our workers), `measure(..., tree=True)`
also samples the whole tree every 0.1 s from /proc and keeps two peaks: the largest sum of its
PSS (proportional set size: a page shared by n processes counts 1/n in each, so the sum is the
memory the tree holds), and the largest sum of its RSS, an upper bound (a page a forked worker
still shares with its parent counts in both). The tree target is on the PSS.
"""

from __future__ import annotations

import os
import statistics
import subprocess
import threading
import time
from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from pathlib import Path

GNU_TIME = "/usr/bin/time"
PAGE = os.sysconf("SC_PAGE_SIZE")
SAMPLE_EVERY = 0.1


@dataclass(frozen=True, slots=True)
class Sample:
    """One run of one command."""

    seconds: float
    cpu_seconds: float
    """User plus system time of the process tree (more than `seconds` when it ran threads)."""
    peak_rss_mb: float
    status: int
    tree_mb: float = 0.0
    """The largest sampled sum of PSS over the whole process tree (0 when not sampled)."""
    tree_rss_mb: float = 0.0
    """The largest sampled sum of RSS over it (pages shared in the tree counted in each)."""


@dataclass(frozen=True, slots=True)
class Measurement:
    """All runs of one command on one input, and what the report shows of them."""

    samples: tuple[Sample, ...]
    scale: float = 1.0
    """Factor applied to the times when the command ran on a subset (1.0 = the whole input)."""
    error: str = ""
    """Why there is no figure (command missing or failed); empty when it ran."""
    entries: int | None = None
    """For extraction: the entries in the templates it wrote."""

    @property
    def ok(self) -> bool:
        return not self.error and bool(self.samples)

    @property
    def seconds(self) -> float:
        return statistics.median(s.seconds for s in self.samples) * self.scale

    @property
    def cpu_seconds(self) -> float:
        return statistics.median(s.cpu_seconds for s in self.samples) * self.scale

    @property
    def peak_rss_mb(self) -> float:
        return max(s.peak_rss_mb for s in self.samples)

    @property
    def tree_mb(self) -> float:
        return max(s.tree_mb for s in self.samples)

    @property
    def tree_rss_mb(self) -> float:
        return max(s.tree_rss_mb for s in self.samples)


def measure(
    argv: Sequence[str],
    cwd: Path,
    log: Path,
    env: Mapping[str, str] | None = None,
    tree: bool = False,
) -> Sample:
    """Run `argv` to completion; stdout is discarded, stderr appended to `log`; `env` is added
    to this process's environment; `tree` samples the memory of the whole process tree."""
    log.parent.mkdir(parents=True, exist_ok=True)
    rss = log.with_suffix(".rss")
    rss.unlink(missing_ok=True)
    wrapped = [GNU_TIME, "--format", "%M", "--output", str(rss), *argv]
    with log.open("ab") as errors:
        start = time.perf_counter()
        process = subprocess.Popen(
            wrapped,
            cwd=cwd,
            stdin=subprocess.DEVNULL,
            stdout=subprocess.DEVNULL,
            stderr=errors,
            env={**os.environ, **env} if env else None,
        )
        peak: list[int] = [0, 0]
        sampler = threading.Thread(target=sample_tree, args=(process.pid, peak), daemon=True)
        if tree:
            sampler.start()
        _, status, usage = os.wait4(process.pid, 0)
        seconds = time.perf_counter() - start
        if tree:
            sampler.join()
    process.returncode = os.waitstatus_to_exitcode(status)
    cpu = usage.ru_utime + usage.ru_stime
    # GNU time writes "Command exited with non-zero status N" before the figure when it fails.
    words = rss.read_text().split() if rss.exists() else []
    peak_kb = int(words[-1]) if words and words[-1].isdigit() else 0
    mib = 1024 * 1024
    return Sample(seconds, cpu, peak_kb / 1024, process.returncode, peak[1] / mib, peak[0] / mib)


def sample_tree(root: int, peak: list[int]) -> None:
    """Until `root` has gone, keep in `peak` the largest summed RSS and PSS (bytes) of its
    tree."""
    while Path(f"/proc/{root}").exists():
        rss, pss = tree_memory(root)
        peak[0], peak[1] = max(peak[0], rss), max(peak[1], pss)
        time.sleep(SAMPLE_EVERY)


def tree_memory(root: int) -> tuple[int, int]:
    """Summed RSS and PSS of `root` and all its descendants, in bytes (a process gone meanwhile
    counts 0)."""
    children: dict[int, list[int]] = {}
    for entry in os.scandir("/proc"):
        if entry.name.isdigit():
            try:
                stat = Path(entry.path, "stat").read_text()
            except OSError:
                continue
            # The command name (field 2) is in parentheses and may hold spaces: split after it.
            parent = int(stat.rsplit(")", 1)[1].split()[1])
            children.setdefault(parent, []).append(int(entry.name))
    rss = pss = 0
    pending = [root]
    while pending:
        pid = pending.pop()
        pending += children.get(pid, [])
        try:
            resident = int(Path(f"/proc/{pid}/statm").read_text().split()[1]) * PAGE
            rollup = Path(f"/proc/{pid}/smaps_rollup").read_text().splitlines()
            share = next(int(line.split()[1]) for line in rollup if line.startswith("Pss:"))
        except (OSError, IndexError, ValueError, StopIteration):
            continue
        rss, pss = rss + resident, pss + share * 1024
    return rss, pss


def last_lines(log: Path, count: int = 1) -> str:
    """The end of a command's stderr, for the report's "n/a (why)"."""
    if not log.exists():
        return ""
    lines = [line for line in log.read_text(errors="replace").splitlines() if line.strip()]
    return " / ".join(lines[-count:])[:200]
