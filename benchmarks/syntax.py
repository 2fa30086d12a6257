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


def extract(pages: list[tuple[Document, frozenset[str]]], profiled: bool, copies: int) -> float:
    start = time.perf_counter()
    for _ in range(copies):
        for document, enabled in pages:
            build_segments(document, KEYS, enabled if profiled else frozenset())
    return time.perf_counter() - start


def measure(runs: int, copies: int) -> tuple[float, float, int]:
    """Median seconds of plain and of profiled extraction, and the number of pages."""
    pages = corpus()
    extract(pages, True, 1)  # warm up: regex compilation, imports
    plain: list[float] = []
    profiled: list[float] = []
    for run in range(runs):
        order = (False, True) if run % 2 == 0 else (True, False)
        for flag in order:
            (profiled if flag else plain).append(extract(pages, flag, copies))
    return statistics.median(plain), statistics.median(profiled), len(pages) * copies


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(prog="python -m benchmarks.syntax")
    parser.add_argument("--runs", type=int, default=7)
    parser.add_argument("--copies", type=int, default=5)
    args = parser.parse_args(argv)
    plain, profiled, pages = measure(args.runs, args.copies)
    ratio = profiled / plain
    met = "yes" if ratio <= LIMIT else "NO"
    print(
        f"extract, {pages} real pages: plain CommonMark {plain:.3f} s, with syntax profiles "
        f"{profiled:.3f} s: {ratio:.2f}x (target ≤ {LIMIT:.1f}x, met: {met})"
    )
    return 0


if __name__ == "__main__":
    sys.exit(main())
