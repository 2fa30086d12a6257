"""`make bench`, site syntax: extraction with the profiles a corpus needs vs plain CommonMark.

    .venv/bin/python -m benchmarks.syntax [--runs 7] [--copies 5]

The corpus is the real documentation under tests/data/realdocs (each set with the profiles its
generator implies), repeated `--copies` times so that a run is long enough to time. Plain and
profiled extraction of the same parsed documents alternate run by run in one process, and the
medians are compared: the profiles may cost at most 20% more. A missed target is reported
(`met: NO`), not an error: the command exits 0 unless it crashed, like `benchmarks.run`.
"""

from __future__ import annotations

import argparse
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


@dataclass(frozen=True, slots=True)
class Timing:
    """Medians of plain and profiled extraction of the same pages, wall and CPU seconds."""

    plain: float
    profiled: float
    plain_cpu: float
    profiled_cpu: float
    pages: int


def measure(runs: int, copies: int) -> Timing:
    """Plain and profiled extraction, run in turn so that a drift of the machine hits both."""
    pages = corpus()
    extract(pages, True, 1)  # warm up: regex compilation, imports
    times: dict[bool, list[tuple[float, float]]] = {False: [], True: []}
    for run in range(runs):
        for flag in (False, True) if run % 2 == 0 else (True, False):
            times[flag].append(extract(pages, flag, copies))
    plain, profiled = (
        [statistics.median(t[i] for t in times[f]) for i in (0, 1)] for f in (False, True)
    )
    return Timing(plain[0], profiled[0], plain[1], profiled[1], len(pages) * copies)


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(prog="python -m benchmarks.syntax")
    parser.add_argument("--runs", type=int, default=7)
    parser.add_argument("--copies", type=int, default=5)
    args = parser.parse_args(argv)
    timing = measure(args.runs, args.copies)
    ratio = timing.profiled / timing.plain
    met = "yes" if ratio <= LIMIT else "NO"
    cpu = timing.profiled_cpu / timing.plain_cpu
    print(
        f"extract, {timing.pages} real pages: plain CommonMark {timing.plain:.3f} s, with syntax "
        f"profiles {timing.profiled:.3f} s: {ratio:.2f}x wall, {cpu:.2f}x CPU "
        f"({timing.plain_cpu:.3f} s vs {timing.profiled_cpu:.3f} s) "
        f"(target ≤ {LIMIT:.1f}x, met: {met})"
    )
    return 0


if __name__ == "__main__":
    sys.exit(main())
