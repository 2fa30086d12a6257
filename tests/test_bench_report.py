"""The benchmark table: a target is held against the faster of a loop and its `xargs -P` row,
every row shows the CPU ratio beside the wall-time one, and straw men go to their own table."""

from __future__ import annotations

from pathlib import Path

from benchmarks.report import build_rows, render_text
from benchmarks.stages import Command, Comparison, Stage
from benchmarks.timing import Measurement, Sample


def measured(seconds: float, cpu: float) -> Measurement:
    return Measurement((Sample(seconds, cpu, 50.0, 0),))


def stage(*comparisons: Comparison) -> Stage:
    tools = ("ours", "loop", "xargs -P", "per doc")
    return Stage(
        "update", "update", tuple(Command(t, ("true",), Path()) for t in tools), comparisons
    )


RESULTS = {
    "ours": measured(2.0, 3.0),
    "loop": measured(8.0, 6.0),
    "xargs -P": measured(5.0, 6.5),
    "per doc": measured(40.0, 30.0),
}


def test_the_target_is_held_against_the_faster_row_and_both_are_shown() -> None:
    both = ("loop", "xargs -P")
    rows = build_rows("1000", stage(Comparison("ours", "loop", 0.5, faster_of=both)), RESULTS, 1)
    cells = {row.peer: row.cells() for row in rows}
    assert list(cells) == ["loop", "xargs -P"]
    # ratio, CPU ratio, target, met
    assert cells["loop"][5:] == ("0.25", "0.50", "—", "—")
    assert cells["xargs -P"][5:] == ("0.40", "0.46", "≤ 0.5", "yes")
    assert "(CPU 3.00 s)" in cells["loop"][2]


def test_straw_men_are_in_a_table_for_reference() -> None:
    comparisons = (Comparison("ours", "loop", 0.5), Comparison("ours", "per doc", reference=True))
    text = render_text(build_rows("1000", stage(*comparisons), RESULTS, 1))
    main, reference = text.split("For reference")
    assert "loop" in main
    assert "per doc" not in main
    assert "per doc" in reference
