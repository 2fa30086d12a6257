"""What `build` says it did: the summary line, and why each fallback pair fell back."""

from __future__ import annotations

import json
from dataclasses import dataclass
from typing import TYPE_CHECKING, Literal

if TYPE_CHECKING:  # the manifest (and the checks behind it) only when a build runs
    from pipeline.bundles.manifest import Bundle


@dataclass(frozen=True, slots=True)
class Fallback:
    """A pair published as English: its coverage was under the threshold."""

    doc_id: str
    locale: str
    coverage: float
    """Percent of strings translated, rounded down as everywhere."""
    translated: int
    total: int


def find_fallbacks(bundles: list[Bundle]) -> tuple[Fallback, ...]:
    from pipeline.bundles.manifest import FALLBACK

    found = (
        Fallback(b.doc_id, b.locale, b.coverage.strings, b.coverage.translated, b.coverage.total)
        for b in bundles
        if b.status == FALLBACK
    )
    return tuple(sorted(found, key=lambda f: (f.locale, f.doc_id)))


SummaryFormat = Literal["text", "json"]
FORMATS: tuple[SummaryFormat, ...] = ("text", "json")
"""`build --format`: a summary line and one line per fallback, or the same as JSON."""


def render_text(counts: dict[str, int], fallbacks: tuple[Fallback, ...], threshold: float) -> str:
    """`build: 3 written, ...`, then one line per fallback pair."""
    lines = ["build: " + ", ".join(f"{n} {what}" for what, n in counts.items())]
    lines += [
        f"build: fallback {f.locale} {f.doc_id}: {f.coverage:.1f}% translated"
        f" ({f.translated}/{f.total} strings), under min_coverage {threshold:g}%"
        for f in fallbacks
    ]
    return "\n".join(lines) + "\n"


def render_json(counts: dict[str, int], fallbacks: tuple[Fallback, ...], threshold: float) -> str:
    report = {
        "counts": counts,
        "min_coverage": threshold,
        "fallbacks": [
            {
                "document": f.doc_id,
                "locale": f.locale,
                "coverage": f.coverage,
                "translated": f.translated,
                "total": f.total,
            }
            for f in fallbacks
        ],
    }
    return json.dumps(report, ensure_ascii=False, indent=2) + "\n"
