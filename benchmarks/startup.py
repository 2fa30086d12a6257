"""The start-up stage: what a pre-commit hook or an editor's save action waits for.

Issue 17's targets, as ratios to `python -c pass` with the same interpreter, measured in the
same run: `pipeline --version` and `pipeline --help` at most 3x, and a `pipeline run` that has
nothing to do, on a copy of this repository's own project (the seed articles, their catalogs,
glossaries and four site outputs), at most 6x. The corpus of the scale is not used: these
costs are fixed, so the stage shows the same figures at every scale.
"""

from __future__ import annotations

import shutil
import subprocess

from benchmarks.stages import Command, Comparison, Context, Stage
from benchmarks.workspace import ROOT

PROJECT = ("pipeline.yaml", "source", "locales", "glossary", "examples")
"""What `pipeline run` reads and writes in this repository."""
GENERATED = (
    "node_modules",
    ".docusaurus",
    ".astro",
    "build",
    "dist",
    "public",
    "site",
    "screenshots",
)
"""What the site generators and `make sites` leave in examples/ (Node packages, built sites,
screenshots): no input of ours. The tests' copies of the seed project leave them out too."""
PASS = "python -c pass"


def startup_stage(ctx: Context) -> Stage:
    work = ctx.work / "startup"
    seed = work / "seed"
    python = str(ctx.pipeline.parent / "python")
    run = ctx.ours(seed, "run")

    def seed_project() -> None:
        """A copy of the seed project, run untimed until a run has nothing to do (the first
        one on a fresh copy may leave something for the second: no timed run does work)."""
        if (seed / ".pipeline-state.json").exists():
            return
        shutil.rmtree(seed, ignore_errors=True)
        for name in PROJECT:
            if (ROOT / name).is_dir():
                ignore = shutil.ignore_patterns(*GENERATED)
                shutil.copytree(ROOT / name, seed / name, ignore=ignore, symlinks=True)
            else:
                seed.mkdir(parents=True, exist_ok=True)
                shutil.copy2(ROOT / name, seed / name)
        for _ in range(2):
            subprocess.run(run, cwd=seed, check=True, capture_output=True)

    work.mkdir(parents=True, exist_ok=True)
    return Stage(
        "startup",
        "start-up: fixed cost of a command",
        (
            Command(PASS, (python, "-c", "pass"), work),
            Command("pipeline --version", (str(ctx.pipeline), "--version"), work),
            Command("pipeline --help", (str(ctx.pipeline), "--help"), work),
            Command("pipeline run (nothing to do)", run, seed, seed_project),
        ),
        (
            Comparison("pipeline --version", PASS, max_ratio=3.0),
            Comparison("pipeline --help", PASS, max_ratio=3.0),
            Comparison("pipeline run (nothing to do)", PASS, max_ratio=6.0),
        ),
        notes=(
            "the same interpreter and venv; `run` on a copy of this repository's project"
            " (2 documents x 5 locales, 4 sites), after a first run, untimed",
        ),
    )
