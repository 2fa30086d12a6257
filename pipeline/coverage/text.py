"""Coverage -> text reports: the terminal table, JSON (schemas/coverage.schema.json), Markdown.

The HTML page is `page.py`, the SVG badges `badges.py`; `output.py` chooses and writes. Every
renderer is a pure function of a Coverage: the same catalogs give the same bytes on any machine.
"""

from __future__ import annotations

import json
import unicodedata
from collections.abc import Sequence
from typing import Any

from pipeline.coverage.counts import Counts, Coverage

JSON_VERSION = 1
"""Version of the JSON shape; it changes only when a field changes meaning or goes away."""
WIDTH = 80


BLOCKS = ("█", "▒", "░")  # translated, fuzzy, the rest: distinct without color too
TOTAL = "total"


def render_json(coverage: Coverage) -> str:
    """The documented, versioned JSON report (see schemas/coverage.schema.json)."""
    documents: dict[str, Any] = {}
    for document in coverage.documents:
        locales = {}
        for locale in coverage.locales:
            found = coverage.catalog(locale, document)
            if found:
                path = {"path": found.path.as_posix(), "missing": found.missing}
                locales[locale] = counts_json(found.counts) | path
        documents[document] = {
            "locales": locales,
            "totals": counts_json(coverage.document_counts(document)),
        }
    report = {
        "version": JSON_VERSION,
        "by": coverage.by,
        "locales": {code: counts_json(coverage.locale_counts(code)) for code in coverage.locales},
        "documents": documents,
        "totals": counts_json(coverage.totals),
    }
    return json.dumps(report, ensure_ascii=False, indent=2) + "\n"


def counts_json(counts: Counts) -> dict[str, int | float]:
    return {
        "translated": counts.translated,
        "fuzzy": counts.fuzzy,
        "untranslated": counts.untranslated,
        "total": counts.total,
        "percent": counts.percent,
    }


# --- Markdown -------------------------------------------------------------------------------------


def render_markdown(coverage: Coverage) -> str:
    """Two GitHub-flavored tables, by locale and document x locale, for a README or a PR comment."""
    totals = coverage.totals
    unit = "source words" if coverage.by == "words" else "strings"
    lines = [
        f"**Translation coverage**: {totals.percent:.1f}% of {unit} translated"
        f" ({totals.translated:,} of {totals.total:,}; {totals.fuzzy:,} fuzzy,"
        f" {totals.untranslated:,} untranslated).",
        "",
        "| locale | translated | % | fuzzy | untranslated | total |",
        "| --- | ---: | ---: | ---: | ---: | ---: |",
    ]
    rows = [(f"`{code}`", coverage.locale_counts(code)) for code in coverage.locales]
    for name, counts in [*rows, (f"**{TOTAL}**", totals)]:
        lines.append(
            f"| {name} | {counts.translated:,} | {counts.percent:.1f}% | {counts.fuzzy:,}"
            f" | {counts.untranslated:,} | {counts.total:,} |"
        )
    if coverage.documents:
        lines += ["", *_markdown_matrix(coverage)]
    return "\n".join(lines) + "\n"


def _markdown_matrix(coverage: Coverage) -> list[str]:
    header = ["document", *(f"`{code}`" for code in coverage.locales), TOTAL]
    lines = [_row(header), _row(["---", *["---:"] * (len(header) - 1)])]
    for document in coverage.documents:
        cells = [_percent_cell(coverage, code, document) for code in coverage.locales]
        total = coverage.document_counts(document)
        lines.append(_row([_markdown_text(document), *cells, f"{total.percent:.1f}%"]))
    cells = [f"{coverage.locale_counts(code).percent:.1f}%" for code in coverage.locales]
    lines.append(_row([f"**{TOTAL}**", *cells, f"**{coverage.totals.percent:.1f}%**"]))
    return lines


def _row(cells: Sequence[str]) -> str:
    return "| " + " | ".join(cells) + " |"


def _percent_cell(coverage: Coverage, locale: str, document: str) -> str:
    found = coverage.catalog(locale, document)
    return f"{found.counts.percent:.1f}%" if found else "–"


def _markdown_text(text: str) -> str:
    """Plain text in a table cell: Markdown's punctuation escaped, so `a_b_c` stays as written."""
    return "".join(f"\\{c}" if c in "\\`*_[]<>|#~" else c for c in text)


# --- terminal table -------------------------------------------------------------------------------


def render_table(coverage: Coverage, *, color: bool = False, width: int = WIDTH) -> str:
    """Document x locale percentages, then one bar per locale; fits `width` columns."""
    if not coverage.catalogs:
        return "No catalogs.\n"
    unit = "source words" if coverage.by == "words" else "strings"
    title = f"Coverage by {unit}: translated / total (fuzzy is not translated)"
    blocks = [title, *_matrix(coverage, color, width), "", *_bars(coverage, color, width)]
    return "\n".join(blocks) + "\n"


def _matrix(coverage: Coverage, color: bool, width: int) -> list[str]:
    """The percentages, in as many column groups as the locales need to fit `width`."""
    cell = max(7, *(text_width(code) for code in coverage.locales)) + 2
    longest = max(text_width(d) for d in (*coverage.documents, "document", TOTAL))
    # Room for every locale and the total when the ids allow it, truncated to no less than 16.
    name_width = min(longest, max(16, width - (len(coverage.locales) + 1) * cell))
    per_group = max(1, (width - name_width - cell) // cell)
    lines = []
    for start in range(0, len(coverage.locales), per_group):
        group = coverage.locales[start : start + per_group]
        last = start + per_group >= len(coverage.locales)
        columns = [*group, TOTAL] if last else list(group)
        lines += ["", _pad("document", name_width) + "".join(_right(c, cell) for c in columns)]
        for document in (*coverage.documents, None):
            lines.append(_matrix_row(coverage, document, group, last, cell, name_width, color))
    return lines


def _matrix_row(
    coverage: Coverage,
    document: str | None,
    group: Sequence[str],
    last: bool,
    cell: int,
    name_width: int,
    color: bool,
) -> str:
    """One document's row, or the totals row when `document` is None."""
    cells = []
    for locale in group:
        if document is None:
            counts: Counts | None = coverage.locale_counts(locale)
        else:
            found = coverage.catalog(locale, document)
            counts = found.counts if found else None
        cells.append(_percent(counts, cell, color))
    if last:
        total = coverage.totals if document is None else coverage.document_counts(document)
        cells.append(_percent(total, cell, color))
    name = _pad(_truncate(document or TOTAL, name_width), name_width)
    return name + "".join(cells)


def _percent(counts: Counts | None, cell: int, color: bool) -> str:
    if counts is None:
        return _right("–", cell)
    text = _right(f"{counts.percent:.1f}%", cell)
    return _style(text, _color(counts)) if color else text


def _bars(coverage: Coverage, color: bool, width: int) -> list[str]:
    """Per locale and in total: a bar, the percentage and the three counts."""
    rows = [(code, coverage.locale_counts(code)) for code in coverage.locales]
    rows.append((TOTAL, coverage.totals))
    name = max(text_width(label) for label, _ in rows)
    numbers = [max(len(f"{getattr(c, k):,}") for _, c in rows) for k in _COUNT_KEYS]
    numbers = [max(n, len(h)) for n, h in zip(numbers, _COUNT_HEADERS, strict=True)]
    fixed = name + 2 + 2 + 6 + sum(n + 2 for n in numbers)
    bar = max(10, min(30, width - fixed))
    head = _pad("", name + 2 + bar + 2 + 6)
    lines = [head + "".join(_right(h, n + 2) for h, n in zip(_COUNT_HEADERS, numbers, strict=True))]
    for label, counts in rows:
        values = (f"{getattr(counts, k):,}" for k in _COUNT_KEYS)
        line = (
            _pad(label, name + 2)
            + render_bar(counts, bar, color)
            + _right(f"{counts.percent:.1f}%", 8)
            + "".join(_right(v, n + 2) for v, n in zip(values, numbers, strict=True))
        )
        lines.append(line)
    return lines


_COUNT_KEYS = ("translated", "fuzzy", "untranslated", "total")
_COUNT_HEADERS = ("translated", "fuzzy", "untranslated", "total")


def render_bar(counts: Counts, width: int, color: bool = False) -> str:
    """`width` cells: translated, then fuzzy, then the rest; full only at 100%."""
    total = counts.total or 1
    done = counts.translated * width // total if counts.total else width
    fuzzy = (counts.translated + counts.fuzzy) * width // total - done if counts.total else 0
    parts = zip(BLOCKS, (done, fuzzy, width - done - fuzzy), ("green", "yellow", None), strict=True)
    if not color:
        return "".join(block * n for block, n, _ in parts)
    return "".join(_style(block * n, fg) if fg and n else block * n for block, n, fg in parts)


# SGR foreground codes, as terminals (and Click) write them.
_ANSI = {"green": 32, "yellow": 33, "red": 31}


def _style(text: str, color: str) -> str:
    return f"\x1b[{_ANSI[color]}m{text}\x1b[0m"


def _color(counts: Counts) -> str:
    percent = counts.percent
    return "green" if percent == 100 else "yellow" if percent >= 50 else "red"


def text_width(text: str) -> int:
    """Terminal columns: East Asian wide and full-width characters take two.

    (Badges measure pixels instead: `badges.text_pixels`.)
    """
    return sum(2 if unicodedata.east_asian_width(c) in "WF" else 1 for c in text)


def _truncate(text: str, width: int) -> str:
    """Keep the end, where document ids differ most (`…/install/windows`)."""
    if text_width(text) <= width:
        return text
    kept = ""
    for char in reversed(text):
        if text_width(kept) + text_width(char) > width - 1:
            break
        kept = char + kept
    return "…" + kept


def _pad(text: str, width: int) -> str:
    return text + " " * max(0, width - text_width(text))


def _right(text: str, width: int) -> str:
    return " " * max(0, width - text_width(text)) + text
