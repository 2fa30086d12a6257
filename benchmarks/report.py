"""The results as one table (plain text and Markdown) and as JSON for comparing commits.

`build_rows` turns a stage's measurements into rows: ours, the peer, ours/peer on wall time (the
target's) and on CPU time, and whether the target is met. Rows against the per-document straw men
go to a second, "for reference" table. `render_text` and `render_markdown` only format rows.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass

from benchmarks.stages import Comparison, Stage
from benchmarks.timing import Measurement

SCALED = "*"
ONCE = "†"
LEGEND = (
    "ratio = ours / peer on wall time, CPU ratio = the same on CPU time (user + system of the"
    " whole process tree): lower is better; each target is a ceiling on the wall-time ratio."
    " Times: median of {runs} run(s); peak RSS: the largest process of the command's tree."
    " Where a peer has a loop and an xargs -P row, the target is held against the faster.\n"
    f"{ONCE} run once: its first run took longer than {{limit:g}} s."
)
SCALED_LEGEND = (
    f"\n{SCALED} run on the first documents only and scaled linearly (its work is per file):\n"
)
REFERENCE = (
    "For reference: the per-document straw men (one interpreter start-up per file; no"
    " target is held against them)."
)
HEADER = ("scale", "stage", "ours", "peer", "peer time", "ratio", "CPU ratio", "target", "met")


@dataclass(frozen=True, slots=True)
class Row:
    scale: str
    stage: str
    ours: str
    peer: str
    peer_time: str
    ratio: float | None
    target: str
    met: bool | None
    cpu_ratio: float | None = None
    reference: bool = False

    def cells(self) -> tuple[str, ...]:
        missing = "—" if "—" in (self.ours, self.peer_time) else "n/a"
        ratio = f"{self.ratio:.2f}" if self.ratio is not None else missing
        cpu_ratio = f"{self.cpu_ratio:.2f}" if self.cpu_ratio is not None else missing
        met = {None: "—" if self.target == "—" else "n/a", True: "yes", False: "NO"}[self.met]
        return (
            self.scale,
            self.stage,
            self.ours,
            self.peer,
            self.peer_time,
            ratio,
            cpu_ratio,
            self.target,
            met,
        )


def shorten(error: str) -> str:
    """A failure as a table cell can hold it (the JSON keeps it whole)."""
    if "No such command" in error:
        return "no such command yet"
    text = error.split(": ", 1)[-1].removeprefix("Error: ") if error.startswith("exit") else error
    return text if len(text) <= 40 else text[:39] + "…"


def describe(measurement: Measurement | None, runs: int) -> str:
    """`1.23 s, 85 MB` with its markers, or `n/a (why)`."""
    if measurement is None:
        return "—"
    if not measurement.ok:
        return f"n/a ({shorten(measurement.error)})" if measurement.error else "n/a"
    marks = (SCALED if measurement.scale != 1 else "") + (
        ONCE if len(measurement.samples) == 1 and runs > 1 else ""
    )
    entries = "" if measurement.entries is None else f", {measurement.entries:,} entries"
    tree = (
        f", tree {measurement.tree_mb:.0f} MB (RSS sum {measurement.tree_rss_mb:.0f} MB)"
        if measurement.tree_mb
        else ""
    )
    memory = f", {measurement.peak_rss_mb:.0f} MB" if measurement.peak_rss_mb else ""
    cpu = f"CPU {measurement.cpu_seconds:.2f} s"
    return f"{measurement.seconds:.2f} s{marks} ({cpu}){memory}{tree}{entries}"


@dataclass(frozen=True, slots=True)
class Verdict:
    """What one comparison found: the peer it was held against, the ratios, the target."""

    peer: str | None
    ratio: float | None
    cpu_ratio: float | None
    target: str
    met: bool | None


def chosen_peer(comparison: Comparison, results: dict[str, Measurement]) -> str | None:
    """The peer named, or the fastest of `faster_of` that ran (the named one if none did)."""
    ran = [name for name in comparison.faster_of if name in results and results[name].ok]
    if not ran:
        return comparison.peer
    return min(ran, key=lambda name: results[name].seconds)


def compare(
    comparison: Comparison, results: dict[str, Measurement], peer_name: str | None
) -> Verdict:
    """The ratios against `peer_name`, the target as text and whether it is met (None when it
    cannot be said); a target only when `peer_name` is the comparison's chosen peer."""
    ours = results.get(comparison.ours)
    if comparison.max_rss_mb is not None:
        target = f"peak RSS < {comparison.max_rss_mb:g} MB"
        if ours is None or not ours.ok:
            return Verdict(None, None, None, target, None)
        return Verdict(None, None, None, target, ours.peak_rss_mb < comparison.max_rss_mb)
    peer = results.get(peer_name or "")
    ratio = cpu_ratio = None
    if ours is not None and ours.ok and peer is not None and peer.ok and peer.seconds > 0:
        ratio = ours.seconds / peer.seconds
        cpu_ratio = ours.cpu_seconds / peer.cpu_seconds if peer.cpu_seconds > 0 else None
    if comparison.max_ratio is None or peer_name != chosen_peer(comparison, results):
        return Verdict(peer_name, ratio, cpu_ratio, "—", None)
    target = f"≤ {comparison.max_ratio:g}"
    met = None if ratio is None else ratio <= comparison.max_ratio
    return Verdict(peer_name, ratio, cpu_ratio, target, met)


def build_rows(scale: str, stage: Stage, results: dict[str, Measurement], runs: int) -> list[Row]:
    if not stage.comparisons:
        return [
            Row(
                scale,
                stage.title,
                "—",
                command.tool,
                describe(results.get(command.tool), runs),
                None,
                "—",
                None,
            )
            for command in stage.commands
        ]
    rows = []
    for comparison in stage.comparisons:
        ours = describe(results.get(comparison.ours), runs)
        label = stage.title if comparison.ours == "ours" else f"{stage.title}: {comparison.ours}"
        for name in comparison.faster_of or (comparison.peer,):
            verdict = compare(comparison, results, name)
            peer_time = describe(results.get(name), runs) if name else "—"
            rows.append(
                Row(
                    scale,
                    label,
                    ours,
                    name or "(memory)",
                    peer_time,
                    verdict.ratio,
                    verdict.target,
                    verdict.met,
                    verdict.cpu_ratio,
                    comparison.reference,
                )
            )
    return rows


def render_text(rows: list[Row]) -> str:
    return _targets_then_reference(rows, render_text_table, "\n")


def render_text_table(rows: list[Row]) -> str:
    table = [HEADER, *(row.cells() for row in rows)]
    widths = [min(48, max(len(cells[i]) for cells in table)) for i in range(len(HEADER))]
    lines = []
    for cells in table:
        lines.append(
            "  ".join(cell.ljust(width) for cell, width in zip(cells, widths, strict=True)).rstrip()
        )
    lines.insert(1, "  ".join("-" * width for width in widths))
    return "\n".join(lines)


def render_markdown(rows: list[Row]) -> str:
    return _targets_then_reference(rows, render_markdown_table, "\n\n")


def _targets_then_reference(
    rows: list[Row], table: Callable[[list[Row]], str], after_title: str
) -> str:
    """The targets' table, then the straw men's under "For reference"."""
    main = table([row for row in rows if not row.reference])
    reference = [row for row in rows if row.reference]
    if not reference:
        return main
    return main + "\n\n" + REFERENCE + after_title + table(reference)


def render_markdown_table(rows: list[Row]) -> str:
    def line(cells: tuple[str, ...]) -> str:
        return "| " + " | ".join(cell.replace("|", "\\|") for cell in cells) + " |"

    separator = "|" + "|".join(" --- " for _ in HEADER) + "|"
    return "\n".join([line(HEADER), separator, *(line(row.cells()) for row in rows)])


def render_legend(scaled: list[str], findings: list[str], limit: float, runs: int) -> str:
    """The notes under the table; `scaled` says which figures were scaled from how much,
    `findings` what the stages found in the outputs (such as fuzzy matches)."""
    legend = LEGEND.format(limit=limit, runs=runs)
    if scaled:
        legend += SCALED_LEGEND + "\n".join(f"  {line}" for line in scaled)
    if findings:
        legend += "\n" + "\n".join(findings)
    return legend
