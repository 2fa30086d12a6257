"""The results as one table (plain text and Markdown) and as JSON for comparing commits.

`build_rows` turns a stage's measurements into rows: ours, the peer, ours/peer and whether the
target is met. `render_text` and `render_markdown` only format those rows.
"""

from __future__ import annotations

from dataclasses import dataclass

from benchmarks.stages import Comparison, Stage
from benchmarks.timing import Measurement

SCALED = "*"
ONCE = "†"
LEGEND = (
    "ratio = ours / peer: lower is better; each target is a ceiling on it. Times: median of"
    " {runs} run(s); peak RSS: the largest process of the command's tree.\n"
    f"{ONCE} run once: its first run took longer than {{limit:g}} s."
)
SCALED_LEGEND = (
    f"\n{SCALED} run on the first documents only and scaled linearly (its work is per file):\n"
)
HEADER = ("scale", "stage", "ours", "peer", "peer time", "ratio", "target", "met")


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

    def cells(self) -> tuple[str, ...]:
        missing = "—" if "—" in (self.ours, self.peer_time) else "n/a"
        ratio = f"{self.ratio:.2f}" if self.ratio is not None else missing
        met = {None: "—" if self.target == "—" else "n/a", True: "yes", False: "NO"}[self.met]
        return (
            self.scale,
            self.stage,
            self.ours,
            self.peer,
            self.peer_time,
            ratio,
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
    return f"{measurement.seconds:.2f} s{marks}, {measurement.peak_rss_mb:.0f} MB{entries}"


def compare(
    comparison: Comparison, results: dict[str, Measurement]
) -> tuple[float | None, str, bool | None]:
    """The ratio, the target as text and whether it is met (None when it cannot be said)."""
    ours = results.get(comparison.ours)
    if comparison.max_rss_mb is not None:
        target = f"peak RSS < {comparison.max_rss_mb:g} MB"
        if ours is None or not ours.ok:
            return None, target, None
        return None, target, ours.peak_rss_mb < comparison.max_rss_mb
    peer = results.get(comparison.peer or "")
    ratio = None
    if ours is not None and ours.ok and peer is not None and peer.ok and peer.seconds > 0:
        ratio = ours.seconds / peer.seconds
    if comparison.max_ratio is None:
        return ratio, "—", None
    target = f"≤ {comparison.max_ratio:g}"
    return ratio, target, None if ratio is None else ratio <= comparison.max_ratio


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
        ratio, target, met = compare(comparison, results)
        ours = describe(results.get(comparison.ours), runs)
        peer_name = comparison.peer or "(memory)"
        peer_time = describe(results.get(comparison.peer), runs) if comparison.peer else "—"
        label = stage.title if comparison.ours == "ours" else f"{stage.title}: {comparison.ours}"
        rows.append(Row(scale, label, ours, peer_name, peer_time, ratio, target, met))
    return rows


def render_text(rows: list[Row]) -> str:
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
    def line(cells: tuple[str, ...]) -> str:
        return "| " + " | ".join(cell.replace("|", "\\|") for cell in cells) + " |"

    separator = "|" + "|".join(" --- " for _ in HEADER) + "|"
    return "\n".join([line(HEADER), separator, *(line(row.cells()) for row in rows)])


def render_legend(scaled: list[str], limit: float, runs: int) -> str:
    """The notes under the table; `scaled` says which figures were scaled from how much."""
    legend = LEGEND.format(limit=limit, runs=runs)
    if scaled:
        legend += SCALED_LEGEND + "\n".join(f"  {line}" for line in scaled)
    return legend
