"""Catalogs -> XLIFF 1.2 or 2.1 for CAT tools (Trados, memoQ, Phrase, OmegaT); import is
`xliff_import.py`.

Each active entry is a unit whose id is bound to its msgctxt and msgid (`units.unit_id`). Inline
Markdown, HTML and site syntax become inline codes (`inline.py`): in 1.2 `<g>` around the text
of a paired code and `<ph>` holding a standalone one's markup (`<x/>` for a hard break); in 2.1
`<pc>` and `<ph>`, their markup in the unit's `<originalData>`. `#.` comments (what the entry is,
under which heading) and the references become notes. States map both ways:

| catalog      | XLIFF 1.2 `<target state>`  | XLIFF 2.1 `<segment state>`          |
| ------------ | --------------------------- | ------------------------------------ |
| untranslated | needs-translation           | initial, no target                   |
| fuzzy        | needs-review-translation    | initial + target, subState pl:fuzzy  |
| translated   | translated                  | translated                           |
| reviewed     | signed-off, approved="yes"  | final                                |

Output is a pure function of the catalogs: no dates, no tool versions, stable order.
"""

from __future__ import annotations

import functools
from collections.abc import Sequence
from pathlib import Path

from pipeline.config import Config
from pipeline.interchange.inline import CLOSE, OPEN, STANDALONE, Piece, split_inline
from pipeline.interchange.units import (
    FUZZY,
    REVIEWED,
    SOURCE_LANGUAGE,
    UNTRANSLATED,
    CatalogFile,
    check_documents,
    exported,
    note_texts,
    read_catalog,
    run_jobs,
    state_of,
    unit_id,
)
from pipeline.locales import describe_locale
from pipeline.po import Message
from pipeline.xmltree import escape_attribute as attr
from pipeline.xmltree import escape_text as text

VERSIONS = ("1.2", "2.1")
NS_12 = "urn:oasis:names:tc:xliff:document:1.2"
NS_2 = "urn:oasis:names:tc:xliff:document:2.0"
STATES_12 = {
    UNTRANSLATED: "needs-translation",
    FUZZY: "needs-review-translation",
    "translated": "translated",
    REVIEWED: "signed-off",
}
STATES_2 = {
    UNTRANSLATED: "initial",
    FUZZY: "initial",
    "translated": "translated",
    REVIEWED: "final",
}
FUZZY_SUBSTATE = "pl:fuzzy"
ROLES_2 = {"bold": "fmt", "italic": "fmt", "strike": "fmt", "link": "link", "image": "image"}


def render_xliff(files: Sequence[CatalogFile], version: str) -> str:
    """One XLIFF document holding the catalogs given, all of one locale."""
    tag = describe_locale(files[0].locale).tag
    if version == "1.2":
        head = (
            f'<xliff version="1.2" xmlns="{NS_12}">\n',
            *(_file_12(f, tag) for f in files),
        )
    else:
        head = (
            f'<xliff version="2.1" xmlns="{NS_2}" srcLang="{SOURCE_LANGUAGE}" trgLang="{tag}">\n',
            *(_file_2(f, index) for index, f in enumerate(files, 1)),
        )
    return '<?xml version="1.0" encoding="UTF-8"?>\n' + "".join(head) + "</xliff>\n"


def plan_export(
    config: Config,
    locales: Sequence[str],
    documents: Sequence[str],
    version: str,
    output: Path,
    per_locale: bool,
) -> dict[Path, bytes]:
    """Output file -> XLIFF: `<output>/<locale>/<doc>.xlf`, or `<output>/<locale>.xlf`.

    Reading the catalogs is the cost: each job (a catalog, or a locale's catalogs) reads and
    renders in a worker process when there are many.
    """
    chosen = check_documents(config, documents)
    if per_locale:
        jobs = [(locale, tuple(chosen), output / f"{locale}.xlf") for locale in locales]
    else:
        # A document's locales one after the other: they share msgids, which a worker then
        # splits into inline codes once (`split_inline` is cached) instead of once per locale.
        jobs = [(loc, (doc,), output / loc / f"{doc}.xlf") for doc in chosen for loc in locales]
    rendered = run_jobs(functools.partial(_export_job, config, version), jobs, config.jobs)
    planned = {path: data for (_, _, path), data in zip(jobs, rendered, strict=True) if data}
    ordered = sorted(jobs, key=lambda job: locales.index(job[0]))  # by locale, as before
    return {path: planned[path] for _, _, path in ordered if path in planned}


def _export_job(
    config: Config, version: str, job: tuple[str, tuple[str, ...], Path]
) -> bytes | None:
    """One output file's XLIFF; None when it would hold no unit (XLIFF 2 forbids an empty
    file, so a document with nothing to translate is left out)."""
    locale, documents, _ = job
    files = [read_catalog(config, locale, document) for document in documents]
    files = [f for f in files if any(exported(m) for m in f.catalog.messages)]
    return render_xliff(files, version).encode("utf-8") if files else None


# --- XLIFF 1.2 ------------------------------------------------------------------------------------


def _file_12(file: CatalogFile, tag: str) -> str:
    units = "".join(_unit_12(m) for m in file.catalog.messages if exported(m))
    return (
        f'<file original="{attr(file.document)}" source-language="{SOURCE_LANGUAGE}"'
        f' target-language="{tag}" datatype="x-markdown">\n<body>\n{units}</body>\n</file>\n'
    )


def _unit_12(message: Message) -> str:
    state = state_of(message)
    name = "" if message.msgctxt is None else f' resname="{attr(message.msgctxt)}"'
    approved = ' approved="yes"' if state == REVIEWED else ""
    pieces = split_inline(message.msgid)
    source = _inline_12(pieces)
    target = _inline_12(_target_pieces(message.msgstr, pieces)) if message.msgstr else ""
    notes = "".join(
        f'<note from="{who}">{text(note)}</note>\n' for who, note in note_texts(message)
    )
    return (
        f'<trans-unit id="{unit_id(message.msgctxt, message.msgid)}"{name}{approved}'
        f' xml:space="preserve">\n<source>{source}</source>\n'
        f'<target state="{STATES_12[state]}">{target}</target>\n{notes}</trans-unit>\n'
    )


def _inline_12(pieces: Sequence[Piece]) -> str:
    out = []
    for piece in pieces:
        if piece.kind == OPEN:
            out.append(f'<g id="{piece.code}" ctype="x-{piece.role}">')
        elif piece.kind == CLOSE:
            out.append("</g>")
        elif piece.kind == STANDALONE and piece.role == "break":
            out.append(f'<x id="{piece.code}" ctype="lb"/>')
        elif piece.kind == STANDALONE:
            out.append(f'<ph id="{piece.code}" ctype="x-{piece.role}">{text(piece.text)}</ph>')
        else:
            out.append(text(piece.text))
    return "".join(out)


def _target_pieces(msgstr: str, source: Sequence[Piece]) -> list[Piece]:
    """The msgstr's pieces, numbered like the source's codes where the markup is the same.

    A translation that keeps a code's markup gets the source's code for it; anything else in it
    is text, so that the translator sees (and keeps) what the source has.
    """
    if all(piece.kind == "text" for piece in source):
        return [Piece("text", msgstr)]  # no code to reuse: all of it is text (and not split)
    pieces = split_inline(msgstr)
    free: dict[tuple[str, str], list[int]] = {}
    for piece in source:
        if piece.kind != "text":
            free.setdefault((piece.kind, piece.text), []).append(piece.code)
    numbers: dict[int, int] = {}
    out: list[Piece] = []
    for piece in pieces:
        if piece.kind == CLOSE and piece.code in numbers:
            out.append(Piece(CLOSE, piece.text, numbers[piece.code], piece.role))
            continue
        codes = free.get((piece.kind, piece.text)) if piece.kind in (OPEN, STANDALONE) else None
        if codes and _can_take(piece, pieces, source, codes[0]):
            numbers[piece.code] = codes.pop(0)
            out.append(Piece(piece.kind, piece.text, numbers[piece.code], piece.role))
        else:
            out.append(Piece("text", piece.text))
    return _demote_unpaired(out)


def _can_take(piece: Piece, pieces: Sequence[Piece], source: Sequence[Piece], code: int) -> bool:
    """A paired code is reused only when its closing markup matches the source's too."""
    if piece.kind != OPEN:
        return True
    mine = next(p.text for p in pieces if p.kind == CLOSE and p.code == piece.code)
    theirs = next(p.text for p in source if p.kind == CLOSE and p.code == code)
    return mine == theirs


def _demote_unpaired(pieces: list[Piece]) -> list[Piece]:
    opened = {p.code for p in pieces if p.kind == OPEN}
    return [
        Piece("text", p.text) if p.kind == CLOSE and p.code not in opened else p for p in pieces
    ]


# --- XLIFF 2.1 ------------------------------------------------------------------------------------


def _file_2(file: CatalogFile, index: int) -> str:
    units = "".join(_unit_2(m) for m in file.catalog.messages if exported(m))
    return f'<file id="f{index}" original="{attr(file.document)}">\n{units}</file>\n'


def _unit_2(message: Message) -> str:
    state = state_of(message)
    name = "" if message.msgctxt is None else f' name="{attr(message.msgctxt)}"'
    pieces = split_inline(message.msgid)
    notes = "".join(
        f'<note category="{who}">{text(note)}</note>\n' for who, note in note_texts(message)
    )
    notes = f"<notes>\n{notes}</notes>\n" if notes else ""
    data = "".join(
        f'<data id="{_data_id(p)}" xml:space="preserve">{text(p.text)}</data>\n'
        for p in pieces
        if p.kind != "text"
    )
    data = f"<originalData>\n{data}</originalData>\n" if data else ""
    sub = f' subState="{FUZZY_SUBSTATE}"' if state == FUZZY else ""
    target = ""
    if message.msgstr and state != UNTRANSLATED:
        target = f"<target>{_inline_2(_target_pieces(message.msgstr, pieces))}</target>\n"
    return (
        f'<unit id="{unit_id(message.msgctxt, message.msgid)}"{name}>\n{notes}{data}'
        f'<segment state="{STATES_2[state]}"{sub}>\n'
        f'<source xml:space="preserve">{_inline_2(pieces)}</source>\n{target}</segment>\n</unit>\n'
    )


def _data_id(piece: Piece) -> str:
    side = {OPEN: "s", CLOSE: "e", STANDALONE: "p"}[piece.kind]
    return f"d{side}{piece.code}"


def _inline_2(pieces: Sequence[Piece]) -> str:
    out = []
    for piece in pieces:
        kind = ROLES_2.get(piece.role, "other")
        if piece.kind == OPEN:
            out.append(
                f'<pc id="{piece.code}" dataRefStart="ds{piece.code}"'
                f' dataRefEnd="de{piece.code}" type="{kind}" canDelete="no">'
            )
        elif piece.kind == CLOSE:
            out.append("</pc>")
        elif piece.kind == STANDALONE:
            out.append(
                f'<ph id="{piece.code}" dataRef="dp{piece.code}" type="{kind}" canDelete="no"/>'
            )
        else:
            out.append(text(piece.text))
    return "".join(out)
