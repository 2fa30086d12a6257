"""ImportPlan -> the import report, as text for a terminal or JSON for tools.

Per document: blocks imported as translated, as fuzzy (with the reason), English blocks left
untranslated and translated blocks with no English counterpart (never dropped silently), each
with its lines; and what happens to the catalog: messages added, replaced, kept.
"""

from __future__ import annotations

import json
from collections import Counter
from typing import Any, Literal

from pipeline.interchange.costs import FUZZY, TRANSLATED
from pipeline.interchange.imports import DocumentImport, ImportPlan
from pipeline.interchange.pairing import Reported

ReportForm = Literal["text", "json"]
FORMATS: tuple[ReportForm, ...] = ("text", "json")
# What the text report says of a message whose translation was there before.
NOTES = {
    "kept": "a translation is already there; --overwrite replaces it",
    "replaced": "the translation that was there is replaced (--overwrite)",
}


def measure_document(document: DocumentImport) -> dict[str, int]:
    """The counts of one document's report, in a fixed order."""
    pairings = document.pairings
    actions = Counter(change.action for change in document.changes)
    return {
        "translated": sum(p.state == TRANSLATED for p in pairings),
        "fuzzy": sum(p.state == FUZZY for p in pairings),
        "english_only": sum(len(p.english) for p in pairings if not p.translated),
        "translation_only": sum(len(p.translated) for p in pairings if not p.english),
        "added": actions["added"],
        "replaced": actions["replaced"],
        "kept": actions["kept"],
    }


def render_import_report(plan: ImportPlan, form: ReportForm, dry_run: bool) -> str:
    return render_json(plan, dry_run) if form == "json" else render_text(plan, dry_run)


def render_text(plan: ImportPlan, dry_run: bool) -> str:
    lines = []
    for document in plan.documents:
        counts = measure_document(document)
        lines.append(
            f"{document.source} <- {document.translation}: "
            + ", ".join(f"{n} {name.replace('_', ' ')}" for name, n in counts.items())
        )
        lines.extend(_details(document))
    lines.extend(f"{path}: no English source for this file, not imported" for path in plan.unpaired)
    verb = "would change" if dry_run else "changed"
    changed = sum(bool(document.writes) for document in plan.documents)
    lines.append(f"import: {len(plan.documents)} documents into {plan.locale}, {changed} {verb}")
    return "\n".join(lines) + "\n"


def _details(document: DocumentImport) -> list[str]:
    out = []
    for pairing in document.pairings:
        if pairing.state == FUZZY:
            where = f"{_lines(pairing.english)} <- {_lines(pairing.translated)}"
            out.append(f"  fuzzy            {where}: {pairing.reason}")
        elif not pairing.translated:
            for line, excerpt in zip(pairing.english, pairing.excerpts, strict=True):
                out.append(f"  english only     {line}: {excerpt}")
        elif not pairing.english:
            for line, excerpt in zip(pairing.translated, pairing.excerpts, strict=True):
                out.append(f"  translation only {line}: {excerpt}")
    for change in document.changes:
        if change.action in NOTES:
            out.append(f"  {change.action:<16} {change.line}: {NOTES[change.action]}")
    return out


def _lines(lines: tuple[int, ...]) -> str:
    return ",".join(map(str, lines))


def render_json(plan: ImportPlan, dry_run: bool) -> str:
    data = {
        "version": 1,
        "locale": plan.locale,
        "dry_run": dry_run,
        "documents": [_document_json(document) for document in plan.documents],
        "unpaired": list(plan.unpaired),
    }
    return json.dumps(data, ensure_ascii=False, indent=2) + "\n"


def _document_json(document: DocumentImport) -> dict[str, Any]:
    return {
        "document": document.doc_id,
        "source": document.source,
        "translation": document.translation,
        "counts": measure_document(document),
        "pairings": [_pairing_json(pairing) for pairing in document.pairings],
        "changes": [
            {"line": c.line, "action": c.action, "state": c.state, "msgid": c.msgid}
            for c in document.changes
        ],
        "files": [str(path) for path, _ in document.writes],
    }


def _pairing_json(pairing: Reported) -> dict[str, Any]:
    return {
        "state": pairing.state,
        "reason": pairing.reason,
        "source_lines": list(pairing.english),
        "translation_lines": list(pairing.translated),
        "kind": pairing.kind,
    }
