"""The before/after stage: our commands now against the same commands at an earlier commit.

The earlier code is `git archive`d into `.bench/baseline-<commit>/` and run with the same
interpreter and libraries (`python -m pipeline` with that folder first on `PYTHONPATH`), on the
same inputs, laid out afresh before each run, interleaved with ours. By default the commit is
the last one before the package-per-stage layout (issue 16), so the table shows what the layout
and what landed since cost or saved per stage: each of ours is held to at most the time of the
same command before (ratio <= 1), `run` included.
"""

from __future__ import annotations

import subprocess
from collections.abc import Callable, Mapping
from dataclasses import replace
from pathlib import Path

from benchmarks.stages import Command, Comparison, Context, Stage, project_copy
from benchmarks.workspace import BENCH, ROOT, fresh_copy

BEFORE_LAYOUT = "827382fb953ec950ccc7bfa68fe5ae68d673f096"
"""The parent of afb5f2e, the commit that split the flat modules into one package per stage."""
STEPS = ("extract", "update", "coverage", "check", "build")
EVERY_STEP_UP_TO = 100
"""Documents up to which every step runs before and after; above, only `build` (issue 11 holds
the gated build to 1.5x the build before the gate at 1,000 documents) and `run` (some 5 minutes
at 1,000 documents; each step's own stage times it there against the peers)."""
ALWAYS = ("build",)
CHECKED = ("build", "run")
"""Commands that check every catalog now and did not at the earlier commit."""
BARE_TARGETS = {"build": 1.5}
"""Issue 11 holds the gated build to 1.5x the bare build before the gate."""
# `"$@"` is the earlier pipeline (`python -m pipeline --config ...`); $0 the command after the
# check. A check that finds errors exits 1 and the work goes on, as our build and run do.
CHECK_THEN = '"$@" check >/dev/null; [ $? -le 1 ] || exit 2; exec "$@" "$0"'


def baseline_code(commit: str) -> Path:
    """The `pipeline` package as it was at `commit`, unpacked once under `.bench/`."""
    folder = BENCH / f"baseline-{commit[:12]}"
    if not (folder / "pipeline" / "__main__.py").exists():
        folder.mkdir(parents=True, exist_ok=True)
        archive = subprocess.run(
            ["git", "-C", str(ROOT), "archive", commit, "pipeline"],
            check=True,
            capture_output=True,
        ).stdout
        subprocess.run(["tar", "-x", "-C", str(folder)], input=archive, check=True)
    return folder


def before_after_stage(
    ctx: Context, stages: Mapping[str, Callable[[Context], Stage]], commit: str = BEFORE_LAYOUT
) -> Stage:
    """Each step's `ours` command of its own stage (small corpora), then `run`, now and at
    `commit`."""
    code = baseline_code(commit)
    python = str(ctx.pipeline.parent / "python")
    before = f"@{commit[:7]}"
    env = {"PYTHONPATH": str(code)}
    commands: list[Command] = []
    for step in STEPS if ctx.corpus.documents <= EVERY_STEP_UP_TO else ALWAYS:
        stage = stages[step](ctx)
        ours = next(c for c in stage.commands if c.tool == "ours")
        commands.append(replace(ours, tool=step))
        old = (python, "-m", "pipeline", *ours.argv[1:])
        old_env = {**(ours.env or {}), **env}
        commands.append(replace(ours, tool=f"{step} {before}", argv=old, env=old_env))
        if step in CHECKED:
            checked = _check_then(old)
            commands.append(
                replace(ours, tool=f"check + {step} {before}", argv=checked, env=old_env)
            )
    work = ctx.work / "before-after-run"

    def lay_out() -> None:
        project_copy(ctx.corpus, work)
        fresh_copy(ctx.corpus.edited / "source", work / "source")

    run = ctx.ours(work, "run")
    commands.append(Command("run", run, work, lay_out, ok_status=frozenset({0, 1})))
    old_run = (python, "-m", "pipeline", *run[1:])
    for tool, argv in ((f"run {before}", old_run), (f"check + run {before}", _check_then(old_run))):
        commands.append(Command(tool, argv, work, lay_out, ok_status=frozenset({0, 1}), env=env))
    names = [c.tool for c in commands if not c.tool.endswith(before)]
    comparisons = []
    for name in names:
        bare_target = BARE_TARGETS.get(name) if name in CHECKED else 1.0
        bare = Comparison(name, f"{name} {before}", max_ratio=bare_target)
        comparisons.append(bare)
        if name in CHECKED:
            comparisons.append(Comparison(name, f"check + {name} {before}", max_ratio=1.0))
    return Stage(
        "before-after",
        "before/after",
        tuple(commands),
        tuple(comparisons),
        notes=(
            f"{before}: the code of commit {commit[:12]}, the last before the package-per-stage"
            " layout, on the same inputs",
            f"build and run now check every catalog; the same work {before} is its check, then"
            " its build or run (`check + ...`): the target is held there",
        ),
    )


def _check_then(command: tuple[str, ...]) -> tuple[str, ...]:
    """`command`'s check, then `command` itself (its last argument is the subcommand)."""
    *prefix, subcommand = command
    return ("sh", "-c", CHECK_THEN, subcommand, *prefix)
