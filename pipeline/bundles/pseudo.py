"""Sources -> pseudo-localized documents (en-XA): what is not extracted shows up in English.

Each segment's text becomes accented, bracketed and 30% longer, so a maintainer who builds the
site from these documents sees at a glance any visible text that never reaches a translator.
Markup and site syntax (code, tags, link targets, shortcodes, attribute lists...) stay as they
are, so the pseudo-localized site must build and render like the English one.
"""

from __future__ import annotations

import math
import re
from dataclasses import dataclass
from pathlib import Path

from pipeline.checks.skeleton import HEADING_ID
from pipeline.extract.documents import BOM
from pipeline.extract.profiles import syntax_spans
from pipeline.extract.sources import Source
from pipeline.extract.splicing import splice
from pipeline.files import write_if_changed

PSEUDO_LOCALE = "en-XA"
PLAIN = "abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ"
ACCENTED = "åƀçđéƒĝĥîĵķĺɱñöþǫŕšţûṽŵẋýžÅƁÇĐÉƑĜĤÎĴĶĹṀÑÖÞǪŔŠŢÛṼŴẊÝŽ"
ACCENTS = str.maketrans(PLAIN, ACCENTED)
OPEN, CLOSE, PADDING = "⟦", "⟧", "·"
GROWTH = 0.3
# Markdown that must stay byte for byte: code spans, tags and autolinks, link targets and
# reference labels, footnote references, entities, escapes, bare URLs.
MARKUP = re.compile(
    r"`+[^`]*?`+|<[^<>\n]*>|\]\([^()\s]*(?:\([^()\s]*\)[^()\s]*)*(?:\s+\"[^\"]*\")?\)"
    r"|\]\[[^\]]*\]|\[\^[^\]]+\]|\[[^\]]*\](?:\[\])?(?![(\[])|&#?\w+;|\\.|https?://[^\s)>\]]+"
)
SHORTCUT = re.compile(r"\[([^\]]+)\](?:\[\])?")
DEFINITION = re.compile(r"^[ \t>]*\[([^\]^][^\]]*)\]:", re.MULTILINE)
# A heading id must stay last on its line (`## Title {#id}`).
TRAILING_ID = re.compile(rf"[ \t]+(?:{HEADING_ID.pattern})$")
TASK = re.compile(r"\[[ xX]\][ \t]+")


@dataclass(frozen=True, slots=True)
class PseudoReport:
    written: tuple[Path, ...]
    unchanged: tuple[Path, ...]


def pseudo_localize(text: str, labels: frozenset[str] = frozenset()) -> str:
    """The text accented, bracketed and padded, every piece of markup and syntax untouched.

    `labels` are the document's link reference labels: `[text]` naming one is a link whose
    text is accented while its label stays (`[ţéẋţ][text]`). A task list's `[x] ` stays first
    and a heading id `{#id}` last.
    """
    task = TASK.match(text)
    head = task.group(0) if task else ""
    tail = TRAILING_ID.search(text)
    end = tail.group(0) if tail else ""
    body = text[len(head) : len(text) - len(end)]
    padding = PADDING * math.ceil(len(text) * GROWTH)
    return f"{head}{OPEN}{_accent(body, labels)} {padding}{CLOSE}{end}"


def _accent(text: str, labels: frozenset[str]) -> str:
    protected = sorted([m.span() for m in MARKUP.finditer(text)] + syntax_spans(text))
    out: list[str] = []
    position = 0
    for start, end in protected:
        if start < position:
            continue  # inside a span already kept
        out.append(text[position:start].translate(ACCENTS))
        out.append(_markup(text[start:end], labels))
        position = end
    out.append(text[position:].translate(ACCENTS))
    return "".join(out)


def _markup(piece: str, labels: frozenset[str]) -> str:
    """Markup stays, but for a shortcut reference link, whose text is also its label."""
    shortcut = SHORTCUT.fullmatch(piece)
    if shortcut is None or shortcut.group(1).lower() not in labels:
        return piece
    label = shortcut.group(1)
    return f"[{_accent(label, labels)}][{label}]"


def render_pseudo_document(source: Source) -> str:
    document = source.document
    labels = frozenset(m.group(1).lower() for m in DEFINITION.finditer(document.text))
    text = splice(
        document.text, source.segments, lambda segment: pseudo_localize(segment.text, labels)
    )
    return (BOM if document.bom else "") + text


def write_pseudo_documents(sources: list[Source], output_dir: Path) -> PseudoReport:
    """One pseudo-localized copy of each source document under `output_dir`, same file name."""
    written: list[Path] = []
    unchanged: list[Path] = []
    for source in sources:
        document = source.document
        path = output_dir / (document.doc_id + document.path.suffix)
        changed = write_if_changed(path, render_pseudo_document(source).encode("utf-8"))
        (written if changed else unchanged).append(path)
    return PseudoReport(tuple(written), tuple(unchanged))
