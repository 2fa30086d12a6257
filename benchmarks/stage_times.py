"""`pipeline ARGS...` in this process, with the wall and CPU time of each stage `run` calls.

    python benchmarks/stage_times.py OUT.json ARGS...

For the scale stage: one `pipeline run` gives the time of the whole and of each of its steps
(extract, update, check, build, sites, coverage), without running them again one by one.
Each step function `run` calls is wrapped with a timer in the module that defines it (`run`
imports them there when it runs, so the wrapper is what it gets); CPU time is this process's
plus its reaped children's (the worker processes the steps fork).
"""

from __future__ import annotations

import functools
import importlib
import json
import resource
import sys
import time
from collections.abc import Callable
from pathlib import Path
from typing import Any

STEPS = {
    ("pipeline.commands.extract", "run_extract"): "extract",
    ("pipeline.commands.update", "run_update"): "update",
    ("pipeline.bundles.build", "plan_build"): "build: plan",
    ("pipeline.commands.run", "read_once"): "read once (check, coverage, build)",
    ("pipeline.bundles.build", "finish_build"): "build: manifest",
    ("pipeline.commands.build", "run_sites"): "sites",
    ("pipeline.commands.coverage", "run_coverage"): "coverage",
}


def cpu_seconds() -> float:
    own, children = (
        resource.getrusage(who) for who in (resource.RUSAGE_SELF, resource.RUSAGE_CHILDREN)
    )
    return own.ru_utime + own.ru_stime + children.ru_utime + children.ru_stime


def timed(
    name: str, function: Callable[..., Any], times: dict[str, list[float]]
) -> Callable[..., Any]:
    @functools.wraps(function)
    def wrapper(*args: Any, **kwargs: Any) -> Any:
        wall, cpu = time.perf_counter(), cpu_seconds()
        try:
            return function(*args, **kwargs)
        finally:
            spent = times.setdefault(name, [0.0, 0.0])
            spent[0] += time.perf_counter() - wall
            spent[1] += cpu_seconds() - cpu

    return wrapper


def main() -> int:
    out, args = Path(sys.argv[1]), sys.argv[2:]
    from pipeline.cli import main as pipeline

    times: dict[str, list[float]] = {}
    for (where, attribute), name in STEPS.items():
        module = importlib.import_module(where)
        setattr(module, attribute, timed(name, getattr(module, attribute), times))
    status = 0
    try:
        pipeline.main(args, prog_name="pipeline")
    except SystemExit as exit:
        status = exit.code if isinstance(exit.code, int) else 1
    finally:
        out.write_text(
            json.dumps(
                {k: {"seconds": v[0], "cpu_seconds": v[1]} for k, v in times.items()}, indent=2
            )
            + "\n"
        )
    return status


if __name__ == "__main__":
    sys.exit(main())
