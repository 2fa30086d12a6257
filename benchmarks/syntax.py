"""`make bench`, site syntax: extraction with the profiles a corpus needs vs plain CommonMark.

    .venv/bin/python -m benchmarks.syntax [--runs 15] [--copies 3]

The corpus is the real documentation under tests/data/realdocs (each set with the profiles its
generator implies), repeated `--copies` times so that a run is long enough to time. Each run is
a pair: plain and profiled extraction of the same parsed documents, page by page in turn, in one
process. The ratio reported is the median of the pairs' ratios (profiled / plain), wall and
CPU: the profiles may cost at most 20% more in both. A missed target is reported
(`met: NO`), not an error: the command exits 0 unless it crashed, like `benchmarks.run`.
"""

from __future__ import annotations

import argparse
import gc
import statistics
import sys
import time
from dataclasses import dataclass
from pathlib import Path

from pipeline.extract.documents import Document, parse_document
from pipeline.extract.profiles import features
from pipeline.extract.segments import build_segments

REALDOCS = Path(__file__).resolve().parent.parent / "tests" / "data" / "realdocs"
SETS = {
    "hugo": ("hugo",),
    "hugo-basic-example": ("hugo",),
    "mkdocs-material": ("mkdocs-material",),
    "starlight": ("mdx",),
    "docusaurus": ("docusaurus",),
    "mdbook": ("mdbook",),
    "jekyll": ("kramdown", "liquid"),
}
KEYS = ("title", "description")
LIMIT = 1.2
# Enough pairs that the median ratio moves by about 0.01 from one bench to the next.
RUNS = 15
COPIES = 3


def corpus() -> list[tuple[Document, frozenset[str]]]:
    """Every real page, parsed once (front matter included), with its set's features."""
    pages = []
    for name, profiles in SETS.items():
        for path in sorted((REALDOCS / name).rglob("*.md*")):
            if not path.name.startswith("LICENSE"):
                document = parse_document(path.read_bytes(), path, path.stem, path.name)
                pages.append((document, features(profiles)))
    return pages


def extract(
    pages: list[tuple[Document, frozenset[str]]], profiled: bool, copies: int
) -> tuple[float, float]:
    """Wall and CPU seconds of extracting every page `copies` times."""
    wall, cpu = time.perf_counter(), time.process_time()
    for _ in range(copies):
        for document, enabled in pages:
            build_segments(document, KEYS, enabled if profiled else frozenset())
    return time.perf_counter() - wall, time.process_time() - cpu


def extract_pairs(
    pages: list[tuple[Document, frozenset[str]]], copies: int, flip: bool
) -> dict[bool, tuple[float, float]]:
    """Wall and CPU seconds of plain (False) and profiled (True) extraction of every page
    `copies` times, page by page in turn: a change of the machine's speed, which on a shared
    machine comes and goes within a second, hits both the same."""
    totals = {False: [0.0, 0.0], True: [0.0, 0.0]}
    for copy in range(copies):
        for index, (document, enabled) in enumerate(pages):
            first = (index + copy) % 2 == flip
            for flag in (first, not first):
                wall, cpu = time.perf_counter(), time.process_time()
                build_segments(document, KEYS, enabled if flag else frozenset())
                totals[flag][0] += time.perf_counter() - wall
                totals[flag][1] += time.process_time() - cpu
    return {flag: (wall, cpu) for flag, (wall, cpu) in totals.items()}


@dataclass(frozen=True, slots=True)
class Timing:
    """Plain and profiled extraction of the same pages, run in pairs: medians in seconds, and
    the median of the pairs' ratios (profiled / plain), wall and CPU, with their range."""

    plain: float
    profiled: float
    plain_cpu: float
    profiled_cpu: float
    pages: int
    ratio: float
    ratio_cpu: float
    low: float
    high: float


def measure(runs: int, copies: int) -> Timing:
    """Plain and profiled extraction in pairs (each run one pair, taken page by page in turn);
    the ratio is taken pair by pair and the median of those is reported (one slow or lucky pair
    cannot move it)."""
    pages = corpus()
    extract(pages, True, 1)  # warm up: regex compilation, imports
    times: dict[bool, list[tuple[float, float]]] = {False: [], True: []}
    for run in range(runs):
        gc.collect()
        for flag, timing in extract_pairs(pages, copies, run % 2 == 1).items():
            times[flag].append(timing)
    pairs = list(zip(times[False], times[True], strict=True))
    walls = [profiled[0] / plain[0] for plain, profiled in pairs]
    cpus = [profiled[1] / plain[1] for plain, profiled in pairs]
    plain, profiled = (
        [statistics.median(t[i] for t in times[f]) for i in (0, 1)] for f in (False, True)
    )
    return Timing(
        plain[0],
        profiled[0],
        plain[1],
        profiled[1],
        len(pages) * copies,
        statistics.median(walls),
        statistics.median(cpus),
        min(cpus),
        max(cpus),
    )


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(prog="python -m benchmarks.syntax")
    parser.add_argument("--runs", type=int, default=RUNS)
    parser.add_argument("--copies", type=int, default=COPIES)
    args = parser.parse_args(argv)
    timing = measure(args.runs, args.copies)
    met = "yes" if max(timing.ratio, timing.ratio_cpu) <= LIMIT else "NO"
    print(
        f"extract, {timing.pages} real pages, {args.runs} pairs: plain CommonMark "
        f"{timing.plain:.3f} s, with syntax profiles {timing.profiled:.3f} s (medians); "
        f"median of paired ratios {timing.ratio:.2f}x wall, {timing.ratio_cpu:.2f}x CPU "
        f"(CPU pairs {timing.low:.2f}-{timing.high:.2f}x; {timing.plain_cpu:.3f} s vs "
        f"{timing.profiled_cpu:.3f} s) (target ≤ {LIMIT:.1f}x wall and CPU, met: {met})"
    )
    return 0


if __name__ == "__main__":
    sys.exit(main())
