"""Coverage -> SVG badges in the flat shields.io style: one per locale and `coverage.svg` overall.

The message is the translated percentage rounded down to a whole number (99.9% shows 99%, never
100%). Text widths come from a fixed table of Verdana 11px advances, so the bytes never depend on
the machine's fonts; the `textLength` attribute makes any font fill exactly that width.
"""

from __future__ import annotations

import html
import math
import unicodedata

from pipeline.coverage.counts import Counts, Coverage

OVERALL = "coverage.svg"
OVERALL_LABEL = "translated"
# (lowest percentage, color): shields.io's named colors, from brightgreen down to red.
COLORS = (
    (100, "#4c1"),
    (90, "#97ca00"),
    (75, "#a4a61d"),
    (50, "#dfb317"),
    (25, "#fe7d37"),
    (0, "#e05d44"),
)
# Advance widths of Verdana at 11px for printable ASCII (space to tilde), as shields.io measures.
_ASCII_WIDTHS = (
    *(3.87, 4.33, 5.05, 9.0, 7.0, 11.84, 7.99, 2.95, 4.99, 4.99, 7.0, 9.0, 4.0, 4.99, 4.0, 4.99),
    *(7.0,) * 10,
    *(4.99, 4.99, 9.0, 9.0, 9.0, 6.0, 11.0),
    *(7.52, 7.54, 7.68, 8.48, 6.96, 6.32, 8.53, 8.27, 4.61, 5.0, 7.62, 6.12, 9.27),
    *(8.23, 8.66, 6.63, 8.66, 7.65, 7.52, 6.78, 8.05, 7.52, 10.88, 7.54, 6.77, 7.54),
    *(4.99, 4.99, 4.99, 9.0, 7.0, 7.0),
    *(6.61, 6.85, 5.73, 6.85, 6.55, 3.87, 6.85, 6.96, 3.02, 3.79, 6.51, 3.02, 10.7),
    *(6.96, 6.68, 6.85, 6.85, 4.69, 5.73, 4.33, 6.96, 6.51, 8.98, 6.51, 6.51, 5.73),
    *(6.98, 4.99, 6.98, 9.0),
)
_PADDING = 10  # 5px each side of each half


def render_badges(coverage: Coverage) -> dict[str, str]:
    """File name -> SVG: `<locale>.svg` for each locale, and `coverage.svg` for all of them."""
    badges = {
        f"{code}.svg": render_badge(code, coverage.locale_counts(code)) for code in coverage.locales
    }
    badges[OVERALL] = render_badge(OVERALL_LABEL, coverage.totals)
    return badges


def render_badge(label: str, counts: Counts) -> str:
    message = f"{math.floor(counts.percent)}%"
    color = next(color for low, color in COLORS if counts.percent >= low)
    left, right = _box(label), _box(message)
    width = left + right
    title = html.escape(f"{label}: {message}")
    return (
        f'<svg xmlns="http://www.w3.org/2000/svg" width="{width}" height="20" role="img"'
        f' aria-label="{title}"><title>{title}</title>'
        '<linearGradient id="s" x2="0" y2="100%"><stop offset="0" stop-color="#bbb"'
        ' stop-opacity=".1"/><stop offset="1" stop-opacity=".1"/></linearGradient>'
        f'<clipPath id="r"><rect width="{width}" height="20" rx="3" fill="#fff"/></clipPath>'
        f'<g clip-path="url(#r)"><rect width="{left}" height="20" fill="#555"/>'
        f'<rect x="{left}" width="{right}" height="20" fill="{color}"/>'
        f'<rect width="{width}" height="20" fill="url(#s)"/></g>'
        '<g fill="#fff" text-anchor="middle" font-family="Verdana,Geneva,DejaVu Sans,sans-serif"'
        ' text-rendering="geometricPrecision" font-size="110">'
        f"{_text(label, left / 2)}{_text(message, left + right / 2)}</g></svg>\n"
    )


def _text(text: str, middle: float) -> str:
    """The text and its shadow, drawn at 10x and scaled down, as shields.io does for sharpness."""
    x, length, escaped = round(middle * 10), round(text_pixels(text) * 10), html.escape(text)
    return (
        f'<text aria-hidden="true" x="{x}" y="150" fill="#010101" fill-opacity=".3"'
        f' transform="scale(.1)" textLength="{length}">{escaped}</text>'
        f'<text x="{x}" y="140" transform="scale(.1)" fill="#fff" textLength="{length}">'
        f"{escaped}</text>"
    )


def _box(text: str) -> int:
    return round(text_pixels(text)) + _PADDING


def text_pixels(text: str) -> float:
    """Estimated width in pixels: the table for ASCII, 11 for wide characters, 7 otherwise."""
    total = 0.0
    for char in text:
        code = ord(char)
        if 0x20 <= code <= 0x7E:
            total += _ASCII_WIDTHS[code - 0x20]
        else:
            total += 11.0 if unicodedata.east_asian_width(char) in "WF" else 7.0
    return total
