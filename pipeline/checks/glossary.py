"""Glossary files named under `glossary:` -> the agreed terms of each locale.

Two formats. CSV, for people without a terminology tool: `<locale>.csv` with the columns
`term,translation,status,note`, status `preferred` (the agreed translation), `do-not-translate`
(the English term stays as it is) or `forbidden` (a translation that must not be used). TBX
(ISO 30042, the TBX-Basic dialect CAT tools export): one `<conceptEntry>` per concept, the
English term and each language's terms; a target term whose `administrativeStatus` is
`deprecatedTerm-admn-sts` or `supersededTerm-admn-sts` is forbidden, and a concept with the note
`Translation needed: No` is do-not-translate (as Weblate reads them).
"""

from __future__ import annotations

import csv
import io
from collections.abc import Sequence
from dataclasses import dataclass
from pathlib import Path

from pipeline.errors import PipelineError
from pipeline.files import read_bytes
from pipeline.xmltree import XML_LANG, Element, parse_xml

PREFERRED, DO_NOT_TRANSLATE, FORBIDDEN = "preferred", "do-not-translate", "forbidden"
STATUSES = (PREFERRED, DO_NOT_TRANSLATE, FORBIDDEN)
COLUMNS = ("term", "translation", "status", "note")
FORBIDDEN_TBX = ("deprecatedTerm-admn-sts", "supersededTerm-admn-sts")
NOT_NEEDED = "Translation needed: No"


@dataclass(frozen=True, slots=True)
class Term:
    """One glossary line: an English term, its translation in one locale, and how to use it."""

    source: str
    translation: str
    status: str
    note: str
    path: Path
    line: int


def read_glossaries(paths: Sequence[Path], locales: Sequence[str]) -> dict[str, tuple[Term, ...]]:
    """Locale -> its terms, from every file; CSV files are named after their locale."""
    terms: dict[str, list[Term]] = {locale: [] for locale in locales}
    tags = {locale.lower().replace("_", "-"): locale for locale in locales}
    for path in paths:
        data = read_bytes(path)
        if path.suffix.lower() == ".csv":
            if path.stem not in terms:
                known = ", ".join(locales)
                raise PipelineError(f"a CSV glossary is named after its locale ({known})", path)
            terms[path.stem] += read_csv(data, path)
        else:
            for tag, found in read_tbx(data, path).items():
                if tag in tags:
                    terms[tags[tag]] += found
    return {locale: tuple(found) for locale, found in terms.items()}


def read_csv(data: bytes, path: Path) -> list[Term]:
    try:
        text = data.decode("utf-8-sig")
    except UnicodeDecodeError:
        raise PipelineError("a glossary must be UTF-8", path, 1) from None
    rows = csv.reader(io.StringIO(text, newline=""))
    header = next(rows, None)
    if header is None or tuple(h.strip() for h in header[:4]) != COLUMNS:
        raise PipelineError(f"the first line must be {','.join(COLUMNS)}", path, 1)
    terms = []
    for row in rows:
        line = rows.line_num
        if not any(cell.strip() for cell in row):
            continue
        term, translation, status, note = ([*row, "", "", ""])[:4]
        if status not in STATUSES:
            raise PipelineError(
                f"status {status!r} must be one of {', '.join(STATUSES)}", path, line
            )
        if not term.strip() or (status != DO_NOT_TRANSLATE and not translation.strip()):
            raise PipelineError("a term and its translation are required", path, line)
        terms.append(
            Term(term.strip(), translation.strip() or term.strip(), status, note, path, line)
        )
    return terms


def read_tbx(data: bytes, path: Path) -> dict[str, list[Term]]:
    """Language tag (lower case) -> terms, for every language of a TBX file but English."""
    root = parse_xml(data, path)
    if root.name not in ("tbx", "martif"):
        raise PipelineError("not a TBX document (<tbx> or <martif>)", path, root.line)
    found: dict[str, list[Term]] = {}
    for concept in _walk(root, ("conceptEntry", "termEntry")):
        sections = {_lang(s, path): s for s in concept.children if s.name in ("langSec", "langSet")}
        english = next((s for tag, s in sections.items() if tag.split("-")[0] == "en"), None)
        if english is None:
            continue
        notes = {n.text.strip() for n in concept.children if n.name == "note"}
        for source_term, _ in _terms(english):
            for tag, section in sections.items():
                if tag.split("-")[0] == "en":
                    continue
                for target, status in _terms(section):
                    kind = DO_NOT_TRANSLATE if NOT_NEEDED in notes else status
                    found.setdefault(tag, []).append(
                        Term(source_term, target, kind, "", path, concept.line)
                    )
    return found


def _walk(element: Element, names: tuple[str, ...]) -> list[Element]:
    out = []
    for child in element.children:
        out += [child] if child.name in names else _walk(child, names)
    return out


def _lang(section: Element, path: Path) -> str:
    tag = section.attrib.get(XML_LANG) or section.attrib.get("lang")
    if not tag:
        raise PipelineError(f"<{section.name}> without xml:lang", path, section.line)
    return tag.lower().replace("_", "-")


def _terms(section: Element) -> list[tuple[str, str]]:
    """(term, status) for each term section of a language section."""
    out = []
    for term_section in _walk(section, ("termSec", "tig", "ntig")):
        term = _walk(term_section, ("term",))
        if not term:
            continue
        statuses = [
            n.text.strip()
            for n in _walk(term_section, ("termNote",))
            if n.attrib.get("type") == "administrativeStatus"
        ]
        status = FORBIDDEN if any(s in FORBIDDEN_TBX for s in statuses) else PREFERRED
        if any(n.text.strip() == NOT_NEEDED for n in _walk(term_section, ("note",))):
            status = DO_NOT_TRANSLATE
        out.append((term[0].text.strip(), status))
    return out
