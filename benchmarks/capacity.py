"""The scale stage: our whole `run`, plus `check`, and each stage alone, compared across scales.

`make bench BENCH_ARGS='--scale 10000'` runs this stage (and only this one) at 10,000 and at
1,000 documents; the table holds each command at the large scale against the same command at
1,000: the time ratio (target: near-linear, at most 11x for ten times the documents) and the
peak memory of the whole process tree (target: under 500 MB), sampled every 0.1 s as the
largest sum of RSS over the tree (see `benchmarks.timing`).
"""

from __future__ import annotations

from benchmarks import report
from benchmarks.stages import Command, Context, Stage, project_copy
from benchmarks.timing import Measurement
from benchmarks.workspace import fresh_copy

BASE = 1000
"""The scale the large runs are compared with."""
MAX_GROWTH = 11.0
"""Ten times the documents may take at most this many times as long."""
MAX_TREE_MB = 500.0
TARGETED = ("run", "run, then check")


def scale_stage(ctx: Context) -> Stage:
    """Each stage alone (in `run`'s order, each after the one before), then `run` and `check`.

    The input is the project with the edited sources and the old templates and catalogs, so
    every stage has its full work to do: new templates, merged catalogs, bundles from nothing.
    """
    corpus, work = ctx.corpus, ctx.work / "scale"

    def lay_out(folder: str) -> None:
        project_copy(corpus, work / folder)
        fresh_copy(corpus.edited / "source", work / folder / "source")

    steps = {
        "extract": ("extract",),
        "update": ("update",),
        "check": ("check", "--format", "json"),
        "build": ("build",),
        "coverage": ("coverage", "--format", "json", "--output", "/dev/null"),
    }
    commands, previous = [], ""
    for name, args in steps.items():
        commands.append(
            Command(
                name,
                ctx.ours(work / "steps", *args),
                work / "steps",
                None if previous else (lambda: lay_out("steps")),
                ok_status=frozenset({0, 1}) if name == "check" else frozenset({0}),
                after=previous,
                tree=True,
            )
        )
        previous = name
    commands += [
        Command(
            "run",
            ctx.ours(work / "whole", "run"),
            work / "whole",
            lambda: lay_out("whole"),
            outputs="bundles/manifest.json",
            tree=True,
        ),
        Command(
            "run, then check",
            ctx.ours(work / "whole", "check", "--format", "json"),
            work / "whole",
            ok_status=frozenset({0, 1}),
            after="run",
            tree=True,
        ),
    ]
    return Stage(
        "scale",
        "at scale",
        tuple(commands),
        notes=(f"compared with the same commands at {BASE:,} documents",),
    )


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
            target = f"tree peak < {MAX_TREE_MB:g} MB"
            rows.append(report.Row(label, stage, ours, "(memory)", "—", None, target, memory))
    return rows
