"""Templates and catalogs for the synthetic corpus, as gettext would write them.

`render_template` and `render_catalog` return PO text in `msgcat --no-wrap` form: the
comments a translator sees (`#.` kind and heading, `#:` the source file, no line numbers),
fuzzy entries with their `#|` previous msgid, and a few obsolete `#~` entries per catalog.
The corpus writer checks a tenth of the files against GNU msgcat's output, byte for byte.
"""

from __future__ import annotations

import random
from dataclasses import dataclass

from benchmarks import prose, scripts
from benchmarks.corpus import Document, Segment, build_segments

LOCALES = ("ko", "zh_Hans", "ta", "ml", "ja")
PLURAL_FORMS = {
    "ko": "nplurals=1; plural=0;",
    "zh_Hans": "nplurals=1; plural=0;",
    "ja": "nplurals=1; plural=0;",
    "ta": "nplurals=2; plural=(n != 1);",
    "ml": "nplurals=2; plural=(n != 1);",
}
DATE = "2024-06-01 12:00+0000"
TEMPLATE_KEYS = (
    "Project-Id-Version",
    "POT-Creation-Date",
    "MIME-Version",
    "Content-Type",
    "Content-Transfer-Encoding",
)


@dataclass(frozen=True, slots=True)
class Mix:
    """Shares of entries translated and fuzzy in each catalog; the rest are untranslated."""

    translated: float = 0.7
    fuzzy: float = 0.1

    def __str__(self) -> str:
        rest = 1 - self.translated - self.fuzzy
        return f"{self.translated:.0%} translated, {self.fuzzy:.0%} fuzzy, {rest:.0%} untranslated"


@dataclass(frozen=True, slots=True)
class Entry:
    """One template entry: the first segment with this text, and how often it occurs."""

    segment: Segment
    references: int


def quote(text: str) -> str:
    escaped = text.replace("\\", "\\\\").replace('"', '\\"').replace("\t", "\\t")
    return '"' + escaped.replace("\n", "\\n") + '"'


def build_entries(document: Document) -> list[Entry]:
    """The template's entries: identical texts in one document are one entry, as in gettext."""
    counts: dict[str, int] = {}
    first: dict[str, Segment] = {}
    for segment in build_segments(document):
        counts[segment.text] = counts.get(segment.text, 0) + 1
        first.setdefault(segment.text, segment)
    return [Entry(first[text], counts[text]) for text in first]


def render_header(fields: list[tuple[str, str]], fuzzy: bool) -> str:
    lines = ["#, fuzzy"] if fuzzy else []
    lines += ['msgid ""', 'msgstr ""']
    lines += [quote(f"{key}: {value}\n") for key, value in fields]
    return "\n".join(lines) + "\n"


def header_fields(document: Document, locale: str) -> list[tuple[str, str]]:
    return [
        ("Project-Id-Version", document.name),
        ("POT-Creation-Date", DATE),
        ("PO-Revision-Date", DATE),
        ("Last-Translator", "Bench Translator <bench@example.org>"),
        ("Language-Team", f"{locale} <{locale}@example.org>"),
        ("Language", locale),
        ("MIME-Version", "1.0"),
        ("Content-Type", "text/plain; charset=UTF-8"),
        ("Content-Transfer-Encoding", "8bit"),
        ("Plural-Forms", PLURAL_FORMS[locale]),
    ]


def render_comments(entry: Entry, name: str) -> list[str]:
    segment = entry.segment
    where = f", under “{segment.heading}”" if segment.heading and segment.kind != "heading" else ""
    return [f"#. {segment.kind}{where}", f"#: source/{name}.md"]


def render_template(document: Document) -> str:
    """The document's `.pot`: every entry with an empty msgstr, headed like `pipeline extract`."""
    fields = [(key, value) for key, value in header_fields(document, "ko") if key in TEMPLATE_KEYS]
    comment = f"# Translation template for source/{document.name}.md.\n"
    parts = [comment + render_header(fields, fuzzy=False)]
    for entry in build_entries(document):
        lines = render_comments(entry, document.name)
        lines += [f"msgid {quote(entry.segment.text)}", 'msgstr ""']
        parts.append("\n".join(lines) + "\n")
    return "\n".join(parts)


def render_catalog(document: Document, locale: str, mix: Mix, seed: int) -> str:
    """The document's catalog for `locale`, translated, fuzzy and untranslated per `mix`."""
    rng = random.Random(f"{seed}:catalog:{locale}:{document.name}")
    parts = [render_header(header_fields(document, locale), fuzzy=False)]
    for entry in build_entries(document):
        msgid = entry.segment.text
        lines = render_comments(entry, document.name)
        roll = rng.random()
        if roll < mix.translated:
            lines.append(f"msgid {quote(msgid)}")
            lines.append(f"msgstr {quote(scripts.translate(msgid, locale, rng))}")
        elif roll < mix.translated + mix.fuzzy:
            previous = prose.edit(msgid, rng)
            lines += ["#, fuzzy", f"#| msgid {quote(previous)}", f"msgid {quote(msgid)}"]
            lines.append(f"msgstr {quote(scripts.translate(previous, locale, rng))}")
        else:
            lines += [f"msgid {quote(msgid)}", 'msgstr ""']
        parts.append("\n".join(lines) + "\n")
    for _ in range(2):
        gone = prose.paragraph(rng, (1, 2))
        translation = scripts.translate(gone, locale, rng)
        parts.append(f"#~ msgid {quote(gone)}\n#~ msgstr {quote(translation)}\n")
    return "\n".join(parts)
