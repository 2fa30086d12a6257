"""`make bench`: time our commands against the peers on synthetic corpora, print and save the table.

    .venv/bin/python -m benchmarks.run [--scale N]... [--runs 3] [--stages a,b] [--long N] [--quick]

Installs the peers when missing, generates each corpus once (`.bench/corpus-<N>/`), then for
each scale and stage runs every command `--runs` times, interleaved (ours, peer, peer, ours,
...), each on a freshly laid-out copy of its input. Writes `bench-results.json` at the repo root.
"""

from __future__ import annotations

import argparse
import fcntl
import json
import subprocess
import sys
import time
from collections.abc import Callable
from datetime import UTC, datetime
from pathlib import Path
from typing import TextIO, cast

from benchmarks import (
    baseline,
    capacity,
    imports,
    interchange,
    outputs,
    peers,
    report,
    sources,
    stages,
    startup,
    workspace,
)
from benchmarks.stages import Command, Context, Stage
from benchmarks.timing import Measurement, Sample, last_lines, measure

RESULTS = workspace.ROOT / "bench-results.json"
PIPELINE = Path(sys.executable).parent / "pipeline"
# In the order they run for each scale; update-long runs once, on its own corpus, at the end.
STAGES: dict[str, Callable[[Context], Stage]] = {
    "floor": sources.floor_stage,
    "startup": startup.startup_stage,
    "extract": sources.extract_stage,
    "update": sources.update_stage,
    "coverage": outputs.coverage_stage,
    "check": outputs.check_stage,
    "build": outputs.build_stage,
    "sites": outputs.sites_stage,
    "xliff": interchange.xliff_stage,
    "import": imports.import_stage,
    "before-after": lambda ctx: baseline.before_after_stage(ctx, STAGES),
    "update-long": sources.long_stage,
    "scale": capacity.scale_stage,
}
# `scale` runs alone, when a scale above 1,000 documents is asked for (see benchmarks.capacity).
DEFAULT_STAGES = [name for name in STAGES if name != "scale"]
CLOCK = time.perf_counter()


def log(message: str) -> None:
    now = datetime.now().strftime("%H:%M:%S")
    print(
        f"[bench {now} +{time.perf_counter() - CLOCK:5.0f}s] {message}", file=sys.stderr, flush=True
    )


def parse_args(argv: list[str] | None) -> argparse.Namespace:
    parser = argparse.ArgumentParser(
        prog="python -m benchmarks.run", description=__doc__.split("\n")[0]
    )
    parser.add_argument(
        "--scale", type=int, action="append", help="documents (repeatable; default 100 and 1000)"
    )
    parser.add_argument(
        "--runs", type=int, default=3, help="runs per command; the median is reported"
    )
    parser.add_argument(
        "--repeat-limit",
        type=float,
        default=10.0,
        help="run once a command whose first run takes longer than this (seconds, default 10)",
    )
    parser.add_argument(
        "--stages",
        help=f"comma-separated, from {', '.join(STAGES)} (default: all but scale; with a"
        " --scale above 1,000: scale alone, at that scale and at 1,000)",
    )
    parser.add_argument(
        "--long", type=int, default=10_000, help="paragraphs of the long document (0: skip it)"
    )
    parser.add_argument(
        "--quick",
        action="store_true",
        help="a smoke run: 100 documents, 1 run, 1,000-paragraph long document",
    )
    parser.add_argument("--output", type=Path, default=RESULTS, help="where to write the JSON")
    args = parser.parse_args(argv)
    if args.quick:
        args.scale, args.runs, args.long = args.scale or [100], 1, min(args.long, 1000)
    args.scale = args.scale or [100, 1000]
    if args.stages is None and max(args.scale) > capacity.BASE:
        args.stages, args.scale = "scale", sorted({capacity.BASE, *args.scale})
    args.stages = [name.strip() for name in (args.stages or ",".join(DEFAULT_STAGES)).split(",")]
    args.stages = [name for name in args.stages if name]
    unknown = set(args.stages) - set(STAGES)
    if unknown:
        parser.error(f"unknown stage(s): {', '.join(sorted(unknown))}")
    return args


def run_once(command: Command, log_path: Path) -> Sample | str:
    """One timed run after its untimed setup; an error message when it could not run."""
    if not Path(command.argv[0]).exists() and "/" in command.argv[0]:
        return f"{command.argv[0]} is not installed"
    try:
        if command.setup is not None:
            command.setup()
        return measure(command.argv, command.cwd, log_path, command.env, command.tree)
    except (OSError, subprocess.CalledProcessError) as error:
        return str(error)


def count_entries(command: Command) -> int | None:
    """Entries in the templates a command wrote (header aside); None when it writes none, or
    wrote them for a subset only."""
    if not command.outputs.endswith(".pot") or command.scale != 1:
        return None
    files = list(command.cwd.glob(command.outputs))
    return sum(p.read_text(errors="replace").count("\nmsgid ") for p in files) - len(files)


def time_stage(
    stage: Stage, label: str, args: argparse.Namespace, logs: Path
) -> dict[str, Measurement]:
    samples: dict[str, list[Sample]] = {c.tool: [] for c in stage.commands}
    errors: dict[str, str] = {}
    for run in range(args.runs):
        ran: set[str] = set()
        for command in stage.commands:
            done = samples[command.tool]
            if command.tool in errors or (done and done[0].seconds > args.repeat_limit):
                continue
            if command.after and (command.after in errors or not samples[command.after]):
                errors[command.tool] = f"needs {command.after}"
                continue
            if command.after and command.after not in ran:
                continue  # it works on what the other left; that one was not repeated
            log_path = logs / f"{stage.name}-{command.tool.replace(' ', '_').replace('/', '_')}.log"
            if run == 0:
                log_path.unlink(missing_ok=True)
            outcome = run_once(command, log_path)
            if isinstance(outcome, Sample) and outcome.status not in command.ok_status:
                outcome = f"exit {outcome.status}: {last_lines(log_path)}"
            elif command.outputs and not any(command.cwd.glob(command.outputs)):
                outcome = f"wrote no {command.outputs}: {last_lines(log_path)}"
            if isinstance(outcome, str):
                errors[command.tool] = outcome
                log(f"{label} · {stage.name} · {command.tool}: n/a ({outcome})")
                continue
            done.append(outcome)
            ran.add(command.tool)
            log(
                f"{label} · {stage.name} · {command.tool} · run {run + 1}/{args.runs}: "
                f"{outcome.seconds:.2f} s{f' x{command.scale:g}' if command.scale != 1 else ''}, "
                f"{outcome.peak_rss_mb:.0f} MB"
            )
    return {
        c.tool: Measurement(
            tuple(samples[c.tool]),
            c.scale,
            errors.get(c.tool, ""),
            count_entries(c) if samples[c.tool] and c.tool not in errors else None,
        )
        for c in stage.commands
    }


def measurement_json(command: Command, measurement: Measurement) -> dict[str, object]:
    figures = {}
    if measurement.ok:
        figures = {
            "seconds": round(measurement.seconds, 4),
            "cpu_seconds": round(measurement.cpu_seconds, 4),
            "peak_rss_mb": round(measurement.peak_rss_mb, 1),
            "tree_mb": round(measurement.tree_mb, 1),
            "tree_rss_mb": round(measurement.tree_rss_mb, 1),
        }
    return {
        "tool": command.tool,
        "argv": list(command.argv),
        **figures,
        "runs": len(measurement.samples),
        "scale": command.scale,
        "entries": measurement.entries,
        "error": measurement.error,
        "samples": [
            {
                "seconds": round(s.seconds, 4),
                "cpu_seconds": round(s.cpu_seconds, 4),
                "peak_rss_mb": round(s.peak_rss_mb, 1),
                "tree_mb": round(s.tree_mb, 1),
                "tree_rss_mb": round(s.tree_rss_mb, 1),
            }
            for s in measurement.samples
        ],
    }


def bench_corpus(
    corpus: workspace.Corpus, label: str, names: list[str], args: argparse.Namespace
) -> tuple[dict[str, object], list[report.Row], dict[str, dict[str, Measurement]]]:
    """Time `names` stages on one corpus; its JSON, its table rows and each stage's results
    (the scale stage's rows are made across corpora, by `capacity.scaling_rows`)."""
    ctx = Context(corpus, workspace.BENCH / "work" / corpus.path.name, PIPELINE, peers.PEERS_PYTHON)
    stage_json, rows, scaled, found = [], [], [], []
    measured: dict[str, dict[str, Measurement]] = {}
    for name in names:
        stage = STAGES[name](ctx)
        started = datetime.now(UTC).isoformat(timespec="seconds")
        results = measured[name] = time_stage(stage, label, args, ctx.work / "logs")
        if name == "scale":
            results = measured[name] = results | capacity.step_measurements(ctx)
        else:
            rows += report.build_rows(label, stage, results, args.runs)
        findings = stage.summary() if stage.summary else []
        found += [f"{label} · {stage.name}: {line}" for line in findings]
        for command in stage.commands:
            if command.scale != 1 and results[command.tool].ok:
                part = round(corpus.documents / command.scale)
                scaled.append(
                    f"{label} · {stage.name} · {command.tool}: {part} of {corpus.documents}"
                    f" documents, time x {command.scale:g}"
                )
        stage_json.append(
            {
                "name": stage.name,
                "title": stage.title,
                "started": started,
                "notes": list(stage.notes),
                "findings": findings,
                "measurements": [measurement_json(c, results[c.tool]) for c in stage.commands],
            }
        )
    facts = {
        "label": label,
        "documents": corpus.documents,
        "locales": list(corpus.locales),
        "catalogs": corpus.documents * len(corpus.locales),
        "entries": corpus.entries,
        "source_bytes": corpus.source_bytes,
        "stages": stage_json,
        "scaled": scaled,
        "findings": found,
    }
    return facts, rows, measured


def hold_lock() -> TextIO:
    """Take `.bench/run.lock`, waiting for a run already in progress: runs share `.bench/work`,
    and two at once would also time each other's load."""
    workspace.BENCH.mkdir(exist_ok=True)
    lock = (workspace.BENCH / "run.lock").open("a+")
    try:
        fcntl.flock(lock, fcntl.LOCK_EX | fcntl.LOCK_NB)
    except BlockingIOError:
        log("another bench run holds .bench/run.lock; waiting for it to finish")
        fcntl.flock(lock, fcntl.LOCK_EX)
    return lock


def main(argv: list[str] | None = None) -> int:
    given = argv if argv is not None else sys.argv[1:]
    args = parse_args(given)
    lock = hold_lock()
    workspace.empty_trash()  # an interrupted run's, before anything is timed
    started = datetime.now(UTC)
    log(f"started; scales {args.scale}, runs {args.runs}, stages {','.join(args.stages)}")
    peers.ensure_peers()
    log("peers ready")
    scales, rows = [], []
    at_scale: dict[int, dict[str, Measurement]] = {}
    for documents in args.scale:
        corpus = workspace.scaled_corpus(documents)
        catalogs = corpus.documents * len(corpus.locales)
        log(f"corpus {documents}: {corpus.entries} entries, {catalogs} catalogs")
        names = [name for name in args.stages if name != "update-long"]
        facts, scale_rows, measured = bench_corpus(corpus, str(documents), names, args)
        scales.append(facts)
        rows += scale_rows
        if "scale" in measured:
            at_scale[documents] = measured["scale"]
    for documents, measurements in at_scale.items():
        if documents != capacity.BASE or len(at_scale) == 1:
            base = at_scale.get(capacity.BASE, {}) if documents != capacity.BASE else {}
            rows += capacity.scaling_rows(str(documents), measurements, base, args.runs)
    if "update-long" in args.stages and args.long:
        corpus = workspace.long_corpus(args.long)
        label = f"1 doc, {args.long:,} ¶"
        log(f"corpus {label}: {corpus.entries} entries")
        facts, scale_rows, _ = bench_corpus(corpus, label, ["update-long"], args)
        scales.append(facts)
        rows += scale_rows
    finished = datetime.now(UTC)
    wall = (finished - started).total_seconds()
    scaled = [line for facts in scales for line in cast(list[str], facts["scaled"])]
    findings = [line for facts in scales for line in cast(list[str], facts["findings"])]
    legend = report.render_legend(scaled, findings, args.repeat_limit, args.runs)
    print(report.render_text(rows) + "\n\n" + legend + "\n")
    start, end = (t.isoformat(timespec="seconds") for t in (started, finished))
    found, facts = peers.versions(PIPELINE), peers.machine()
    bench_args = f" BENCH_ARGS='{' '.join(given)}'" if given else ""
    notes = [
        f"  - {line.strip()}" if line.startswith("  ") else "- " + line.replace("*", "\\*", 1)
        for line in legend.splitlines()
    ]
    print(report.render_markdown(rows) + "\n\n" + "\n".join(notes) + "\n")
    print(
        f"Machine: {facts['cpu']}, {facts['cores']} cores, {facts['memory_gib']} GiB,"
        f" {facts['system']}; commit {facts['commit']}."
        f" Versions: {', '.join(f'{name} {version}' for name, version in found.items())}."
        f" Command: `make bench{bench_args}`."
        f" Started {start}, finished {end}, wall {wall:.0f} s."
    )
    results = {
        "started": started.isoformat(timespec="seconds"),
        "finished": finished.isoformat(timespec="seconds"),
        "wall_seconds": round(wall, 1),
        "command": " ".join(["python -m benchmarks.run", *given]),
        "settings": {
            "runs": args.runs,
            "repeat_limit_seconds": args.repeat_limit,
            "subset_per_process": stages.SUBSET,
            "subset_one_process": stages.SAMPLE,
        },
        "machine": facts,
        "versions": found,
        "scales": scales,
        "table": [dict(zip(report.HEADER, row.cells(), strict=True)) for row in rows],
        "legend": legend,
    }
    args.output.write_text(json.dumps(results, indent=2, ensure_ascii=False) + "\n")
    log(f"wrote {args.output}")
    workspace.empty_trash()
    lock.close()
    return 0


if __name__ == "__main__":
    sys.exit(main())
