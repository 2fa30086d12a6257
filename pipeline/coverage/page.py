"""Coverage -> one self-contained HTML5 page: totals, the document x locale matrix, what is left.

No script and no external asset: the CSS is inline and the bars are sized by `style` widths, so
the page can be published as it is, or opened from disk. Every number is also in `data-*`
attributes (`data-translated`, `data-fuzzy`, `data-untranslated`) for tools, and the text of each
msgid and msgstr carries its `lang`, so screen readers and fonts get the right language.
"""

from __future__ import annotations

import html
import re

from pipeline.coverage.counts import LISTED, CatalogCoverage, Counts, Coverage, percent
from pipeline.po import Message

STYLE = """
body{font:15px/1.45 system-ui,sans-serif;margin:2rem auto;max-width:72rem;padding:0 1rem}
table{border-collapse:collapse;margin:1rem 0}
th,td{padding:.3rem .6rem;border-bottom:1px solid #ddd;text-align:right;white-space:nowrap}
th:first-child{text-align:left}
tfoot th,tfoot td{font-weight:bold;border-top:2px solid #999}
.scroll{overflow-x:auto}
.bar{display:inline-flex;vertical-align:middle;width:6rem;height:.7rem;margin-right:.4rem;
background:#e4e4e4;border-radius:2px;overflow:hidden}
.matrix .bar{width:3.5rem}
.bar span{display:block;height:100%}
.pct{display:inline-block;min-width:3.2em;text-align:right;font-variant-numeric:tabular-nums}
.t{background:#2e8540}.f{background:#e0a800}
a{color:inherit}
details{margin:.4rem 0;border:1px solid #ddd;border-radius:4px;padding:.3rem .7rem}
summary{cursor:pointer}
ol{padding-left:1.5rem}
li{margin:.6rem 0}
.state{font-size:.8rem;font-weight:bold;text-transform:uppercase;margin-right:.5rem}
.fuzzy .state{color:#8a6100}.untranslated .state{color:#b00020}
.where{color:#666;font-size:.85rem}
.text{white-space:pre-wrap;margin:.2rem 0;padding:.2rem .4rem;background:#f6f6f6}
.label{color:#666;font-size:.8rem}
""".strip()


def render_page(coverage: Coverage, title: str = "Translation coverage") -> str:
    """The whole page; its numbers are the JSON report's."""
    unit = "source words" if coverage.by == "words" else "strings"
    totals = coverage.totals
    body = [
        f"<h1>{_text(title)}</h1>",
        f"<p>By {unit}: <strong>{totals.percent:.1f}%</strong> translated"
        f" ({totals.translated:,} of {totals.total:,}; {totals.fuzzy:,} fuzzy,"
        f" {totals.untranslated:,} untranslated). Fuzzy translations are not counted as"
        " translated: a translator has to review them.</p>",
        "<h2>Locales</h2>",
        *_summary(coverage),
        "<h2>Documents</h2>",
        *_matrix(coverage),
        "<h2>Left to translate</h2>",
        *_pending(coverage),
    ]
    return "\n".join(
        [
            "<!DOCTYPE html>",
            '<html lang="en">',
            "<head>",
            '<meta charset="utf-8">',
            '<meta name="viewport" content="width=device-width, initial-scale=1">',
            f"<title>{_text(title)}</title>",
            f"<style>\n{STYLE}\n</style>",
            "</head>",
            "<body>",
            "<main>",
            *body,
            "</main>",
            "</body>",
            "</html>",
            "",
        ]
    )


def _summary(coverage: Coverage) -> list[str]:
    head = "".join(f'<th scope="col">{h}</th>' for h in _SUMMARY_HEADERS)
    rows = [
        f'<tr{_data(c, locale=code)}><th scope="row"><a href="#{_anchor(code)}">'
        f"{_text(code)}</a></th>{_summary_cells(c)}</tr>"
        for code in coverage.locales
        for c in (coverage.locale_counts(code),)
    ]
    total = coverage.totals
    foot = f'<tr{_data(total)}><th scope="row">Total</th>{_summary_cells(total)}</tr>'
    return [
        '<table class="summary">',
        f"<thead><tr>{head}</tr></thead>",
        "<tbody>",
        *rows,
        "</tbody>",
        f"<tfoot>{foot}</tfoot>",
        "</table>",
    ]


_SUMMARY_HEADERS = ("Locale", "Translated", "Reviewed", "Fuzzy", "Untranslated", "Total")


def _summary_cells(counts: Counts) -> str:
    numbers = (counts.fuzzy, counts.untranslated, counts.total)
    reviewed = f"<td>{counts.reviewed:,} ({counts.reviewed_percent:.1f}%)</td>"
    return f"<td>{_bar(counts)}</td>{reviewed}" + "".join(f"<td>{n:,}</td>" for n in numbers)


def _matrix(coverage: Coverage) -> list[str]:
    locales = "".join(f'<th scope="col">{_text(code)}</th>' for code in coverage.locales)
    rows = []
    for document in coverage.documents:
        cells = "".join(_pair_cell(coverage, code, document) for code in coverage.locales)
        total = coverage.document_counts(document)
        rows.append(
            f'<tr><th scope="row">{_text(document)}</th>{cells}'
            f"<td{_data(total, document=document)}>{_bar(total)}</td></tr>"
        )
    totals = "".join(
        f"<td{_data(c, locale=code)}>{_bar(c)}</td>"
        for code in coverage.locales
        for c in (coverage.locale_counts(code),)
    )
    overall = coverage.totals
    return [
        '<div class="scroll"><table class="matrix">',
        f'<thead><tr><th scope="col">Document</th>{locales}<th scope="col">Total</th></tr></thead>',
        "<tbody>",
        *rows,
        "</tbody>",
        f'<tfoot><tr><th scope="row">Total</th>{totals}<td{_data(overall)}>{_bar(overall)}</td>'
        "</tr></tfoot>",
        "</table></div>",
    ]


def _pair_cell(coverage: Coverage, locale: str, document: str) -> str:
    found = coverage.catalog(locale, document)
    if found is None:
        return '<td class="none">–</td>'
    data = _data(found.counts, locale=locale, document=document)
    link = f'<a href="#{_anchor(locale, document)}">' if any(found.open_strings) else ""
    return f"<td{data}>{link}{_bar(found.counts)}{'</a>' if link else ''}</td>"


def _pending(coverage: Coverage) -> list[str]:
    """Per locale, each catalog with fuzzy or untranslated messages, folded, in file order."""
    parts = []
    for locale in coverage.locales:
        parts.append(f'<h3 id="{_anchor(locale)}">{_text(locale)}</h3>')
        found = [coverage.catalog(locale, d) for d in coverage.documents]
        todo = [c for c in found if c is not None and any(c.open_strings)]
        if any(any(c.unlisted) for c in todo):
            parts.append(
                f"<p>This page lists the first {LISTED:,} open strings of {_text(locale)}, whole"
                " catalogs in document order; the catalogs marked “not listed” hold the rest.</p>"
            )
        parts += [_catalog_details(c) for c in todo] or ["<p>Nothing left.</p>"]
    return parts


def _catalog_details(catalog: CatalogCoverage) -> str:
    fuzzy, untranslated = catalog.open_strings
    missing = " (not created yet: its template)" if catalog.missing else ""
    if catalog.pending:
        items = "\n".join(_message_item(m, catalog) for m in catalog.pending)
        listing = f"<ol>\n{items}\n</ol>"
    else:
        listing = "<p>Not listed: open the catalog.</p>"
    return (
        f'<details id="{_anchor(catalog.locale, catalog.document)}">'
        f"<summary>{_text(catalog.document)}: {fuzzy:,} fuzzy, {untranslated:,} untranslated"
        f"{' (not listed)' if catalog.unlisted != (0, 0) else ''}"
        f' <span class="where">{_text(catalog.path.as_posix())}{missing}</span></summary>\n'
        f"{listing}</details>"
    )


def _message_item(message: Message, catalog: CatalogCoverage) -> str:
    source, target = _tag(catalog.source_language), _tag(catalog.locale)
    state = "fuzzy" if message.fuzzy else "untranslated"
    lines = [f'<li class="{state}"><span class="state">{state}</span>']
    lines.append(f'<span class="where">line {message.line}</span>')
    if message.msgctxt is not None:
        lines.append(_labelled("context", message.msgctxt, source))
    lines.append(_labelled("msgid", message.msgid, source))
    if message.msgid_plural is not None:
        lines.append(_labelled("msgid_plural", message.msgid_plural, source))
    if message.fuzzy:
        if message.previous_msgid is not None:
            lines.append(_labelled("previous msgid", message.previous_msgid, source))
        forms = message.forms or ("",)
        lines += [_labelled("msgstr", form, target) for form in forms]
    return "".join(lines) + "</li>"


def _labelled(label: str, text: str, lang: str) -> str:
    text_div = f'<div class="text" lang="{_text(lang)}">{_text(text)}</div>'
    return f'<div class="label">{label}</div>{text_div}'


def _bar(counts: Counts) -> str:
    """A stacked bar (translated, fuzzy) and the percentage; widths round down like the numbers."""
    done = counts.percent
    fuzzy = percent(counts.fuzzy, counts.total) if counts.total else 0.0
    label = f"{counts.percent:.1f}% translated, {fuzzy:.1f}% fuzzy"
    return (
        f'<span class="bar" role="img" aria-label="{label}">'
        f'<span class="t" style="width:{done:.1f}%"></span>'
        f'<span class="f" style="width:{fuzzy:.1f}%"></span></span>'
        f'<span class="pct">{counts.percent:.1f}%</span>'
    )


def _data(counts: Counts, **where: str) -> str:
    attributes = [f' data-{k}="{_text(v)}"' for k, v in where.items()]
    attributes += [
        f' data-translated="{counts.translated}"',
        f' data-fuzzy="{counts.fuzzy}"',
        f' data-untranslated="{counts.untranslated}"',
        f' data-reviewed="{counts.reviewed}"',
    ]
    return "".join(attributes)


def _anchor(locale: str, document: str | None = None) -> str:
    """An id without spaces (HTML forbids them), readable in a link: `ko` or `ko:guides/intro`."""
    name = locale if document is None else f"{locale}:{document}"
    return _text(re.sub(r"\s", "_", name))


def _tag(locale: str) -> str:
    """gettext's `zh_Hans` as the BCP 47 tag `zh-Hans` that `lang` wants."""
    return locale.replace("_", "-")


# Characters HTML forbids in text even when escaped (controls, noncharacters): shown as escapes.
_NONCHARACTERS = "".join(
    chr(plane | 0xFFFE) + chr(plane | 0xFFFF) for plane in range(0, 0x110000, 0x10000)
)
_FORBIDDEN = re.compile(f"[\x00-\x08\x0b\x0e-\x1f\x7f-\x9f\ufdd0-\ufdef{_NONCHARACTERS}]")


def _text(text: str) -> str:
    escaped = html.escape(text, quote=True)
    return _FORBIDDEN.sub(lambda m: f"\\x{ord(m[0]):02x}", escaped)
