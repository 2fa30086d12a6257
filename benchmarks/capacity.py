"""The scale stage: our whole `run` (with the time of each step), then `check`, across scales.

`make bench BENCH_ARGS='--scale 10000'` runs this stage (and only this one) at 10,000 and at
1,000 documents: `pipeline run`, with the time of each of its steps, then `pipeline check`.
The table holds each at the large scale against the same at 1,000: the time ratio (target:
near-linear, at most 11x for ten times the documents) and the peak memory of the whole process
tree (target: under 500 MB), sampled every 0.1 s as the largest sum of PSS over the tree (the
largest sum of RSS, which counts a page forked workers share with the parent in each, is shown
beside it; see `benchmarks.timing`).
"""

from __future__ import annotations

import json
from pathlib import Path

from benchmarks import report
from benchmarks.stages import Command, Context, Stage, project_copy
from benchmarks.timing import Measurement, Sample
from benchmarks.workspace import fresh_copy

BASE = 1000
"""The scale the large runs are compared with."""
MAX_GROWTH = 11.0
"""Ten times the documents may take at most this many times as long."""
MAX_TREE_MB = 500.0
STAGE_TIMES = Path(__file__).parent / "stage_times.py"
STEPS_FILE = "run-steps.json"
TARGETED = ("run", "run, then check")


def scale_stage(ctx: Context) -> Stage:
    """`pipeline run` (each step timed inside it, see `benchmarks.stage_times`), then `check`.

    The input is the project with the edited sources and the old templates and catalogs, so
    every stage has its full work to do: new templates, merged catalogs, bundles from nothing.
    """
    corpus, work = ctx.corpus, ctx.work / "scale"
    python = str(ctx.pipeline.parent / "python")

    def lay_out() -> None:
        project_copy(corpus, work)
        fresh_copy(corpus.edited / "source", work / "source")

    config = ("--config", str(work / "pipeline.yaml"))
    return Stage(
        "scale",
        "at scale",
        (
            Command(
                "run",
                (python, str(STAGE_TIMES), str(work.parent / STEPS_FILE), *config, "run"),
                work,
                lay_out,
                outputs="bundles/manifest.json",
                tree=True,
            ),
            Command(
                "run, then check",
                ctx.ours(work, "check", "--format", "json"),
                work,
                ok_status=frozenset({0, 1}),
                after="run",
                tree=True,
            ),
        ),
        notes=(f"compared with the same commands at {BASE:,} documents",),
    )


def step_measurements(ctx: Context) -> dict[str, Measurement]:
    """The steps of the last `run`, as measurements (one sample each; no memory of their own)."""
    path = ctx.work / STEPS_FILE
    if not path.exists():
        return {}
    steps = json.loads(path.read_text())
    return {
        f"run: {name}": Measurement((Sample(t["seconds"], t["cpu_seconds"], 0.0, 0),))
        for name, t in steps.items()
    }


def scaling_rows(
    label: str, large: dict[str, Measurement], base: dict[str, Measurement], runs: int
) -> list[report.Row]:
    """Each command at the large scale against itself at `BASE`: time growth and tree memory."""
    rows = []
    for tool, measurement in large.items():
        before = base.get(tool)
        ratio = cpu_ratio = None
        if measurement.ok and before is not None and before.ok and before.seconds > 0:
            ratio = measurement.seconds / before.seconds
            cpu_ratio = measurement.cpu_seconds / before.cpu_seconds
        targeted = tool in TARGETED
        target = f"≤ {MAX_GROWTH:g}" if targeted else "—"
        met = None if ratio is None or not targeted else ratio <= MAX_GROWTH
        ours, theirs = report.describe(measurement, runs), report.describe(before, runs)
        stage = f"at scale: {tool}"
        rows.append(
            report.Row(
                label, stage, ours, f"ours at {BASE:,}", theirs, ratio, target, met, cpu_ratio
            )
        )
        if targeted:
            memory = measurement.tree_mb < MAX_TREE_MB if measurement.ok else None
            target = f"tree peak (PSS) < {MAX_TREE_MB:g} MB"
            rows.append(report.Row(label, stage, ours, "(memory)", "—", None, target, memory))
    return rows
