"""XLIFF 1.2 or 2.1 from a CAT tool -> translations written back into the catalogs, strictly.

Every file is read and checked before any catalog is written; the first problem stops the
import with `file:line` (exit 2). A problem is: malformed or unsafe XML, a target language that
is not a configured locale, a unit id no entry has, a source edited in the CAT tool, an inline
code missing, repeated, unknown or moved in a changed target. A unit whose source changed in the
project since the export (the entry is now fuzzy with the exported text as its `#|` previous
msgid) is imported as fuzzy. A unit whose target and state are what the catalog already says
changes nothing, so export then import leaves every catalog byte for byte as it was.
"""

from __future__ import annotations

import functools
from collections.abc import Callable, Iterator, Sequence
from dataclasses import dataclass, replace
from pathlib import Path

from pipeline.config import Config
from pipeline.errors import PipelineError
from pipeline.interchange.inline import CLOSE, OPEN, STANDALONE, Piece, split_inline
from pipeline.interchange.units import (
    FUZZY,
    REVIEWED,
    TRANSLATED,
    UNTRANSLATED,
    CatalogFile,
    read_catalog,
    run_jobs,
    state_of,
    unit_id,
)
from pipeline.interchange.xliff import NS_2, NS_12
from pipeline.locales import describe_locale
from pipeline.po import Catalog, Message, render_po
from pipeline.review import is_reviewed, mark_reviewed, unmark
from pipeline.xmltree import SKIPPED, Element, parse_xml, read_xml

Token = tuple[str, int | str]
"""("text", text) or (OPEN | CLOSE | STANDALONE, code number)."""


@dataclass(frozen=True, slots=True)
class Unit:
    """One unit as read: where it is, its id, source and target as tokens, and its state."""

    path: Path
    line: int
    id: str
    source: list[Token]
    source_line: int
    target: list[Token]
    target_line: int
    state: str


@dataclass(frozen=True, slots=True)
class ImportResult:
    """The new content of each catalog touched (None: unchanged) and the units' counts."""

    catalogs: dict[Path, bytes | None]
    updated: int
    unchanged: int


def import_xliff(config: Config, paths: Sequence[Path], by: str, date: str) -> ImportResult:
    """Read every file, apply every unit to its catalog in memory; write nothing.

    Each XLIFF file is a job (in a pool of processes when there are many), taken in order of
    file name, so the first problem reported is that of the first file by name. When two files
    touch the same catalog, they are applied one after the other, in the order given.
    """
    # A document's files one after the other (`ko/a.xlf`, `ja/a.xlf`, ...): they share sources,
    # which a worker then splits into inline codes once (`split_inline` is cached).
    order = sorted(range(len(paths)), key=lambda index: (paths[index].name, index))
    run = functools.partial(_import_files, config, by, date)
    done = dict(
        zip(order, run_jobs(run, [[paths[index]] for index in order], config.jobs), strict=True)
    )
    results = [done[index] for index in range(len(paths))]
    touched = [path for result in results for path in result.catalogs]
    if len(touched) != len(set(touched)):
        results = [_import_files(config, by, date, list(paths))]
    catalogs = {path: data for result in results for path, data in result.catalogs.items()}
    updated = sum(result.updated for result in results)
    return ImportResult(catalogs, updated, sum(result.unchanged for result in results))


def _import_files(config: Config, by: str, date: str, paths: Sequence[Path]) -> ImportResult:
    files: dict[Path, CatalogFile] = {}
    messages: dict[Path, list[Message]] = {}
    touched: set[Path] = set()
    updated = unchanged = 0
    for path in paths:
        for locale, document, units in read_units(config, path):
            file = read_catalog(config, locale, document)
            files.setdefault(file.path, file)
            current = messages.setdefault(file.path, list(files[file.path].catalog.messages))
            changed = apply_units(current, units, file.path, by, date)
            touched |= {file.path} if changed else set()
            updated += changed
            unchanged += len(units) - changed
    result: dict[Path, bytes | None] = {}
    for path, file in files.items():
        if path not in touched:
            result[path] = None  # no unit changed anything: the file stays as it is
            continue
        data = render_po(replace(file.catalog, messages=tuple(messages[path]))).encode("utf-8")
        result[path] = None if data == file.data else data
    return ImportResult(result, updated, unchanged)


def import_into(catalog: Catalog, data: bytes, path: Path, by: str, date: str) -> Catalog:
    """One catalog after every unit of an XLIFF document (whatever its files say they are)."""
    root = parse_xml(data, path, SKIPPED)
    messages = list(catalog.messages)
    for _, _, units in _files(root, path, lambda tag, line: tag or ""):
        apply_units(messages, units, path, by, date)
    return replace(catalog, messages=tuple(messages))


def apply_units(
    messages: list[Message], units: Sequence[Unit], catalog: Path, by: str, date: str
) -> int:
    """Apply the units to the catalog's messages in place; how many changed."""
    index = _index(messages)
    changed = 0
    for unit in units:
        position, moved = _find(unit, index, catalog)
        new = apply_unit(unit, messages[position], moved, by, date)
        changed += new != messages[position]
        messages[position] = new
    return changed


def _index(messages: Sequence[Message]) -> dict[str, tuple[int, bool]]:
    """Unit id -> (position, moved); moved: found through the `#|` previous msgid."""
    index: dict[str, tuple[int, bool]] = {}
    for position, message in enumerate(messages):
        if message.obsolete or message.msgid_plural is not None:
            continue
        if message.previous_msgid is not None and "fuzzy" in message.flags:
            previous = unit_id(message.previous_msgctxt, message.previous_msgid)
            index.setdefault(previous, (position, True))
        index[unit_id(message.msgctxt, message.msgid)] = (position, False)
    return index


def _find(unit: Unit, index: dict[str, tuple[int, bool]], catalog: Path) -> tuple[int, bool]:
    found = index.get(unit.id)
    if found is None:
        raise PipelineError(
            f"unknown unit id {unit.id!r}: no entry of {catalog} has it", unit.path, unit.line
        )
    return found


def apply_unit(unit: Unit, message: Message, moved: bool, by: str, date: str) -> Message:
    """The entry after the unit: checked against the source it was exported from."""
    exported = message.previous_msgid if moved else message.msgid
    assert exported is not None
    pieces = split_inline(exported)
    if unit.source != _tokens(exported):
        raise PipelineError(
            f"the source of unit {unit.id} was edited; only targets may change",
            unit.path,
            unit.source_line,
        )
    msgstr = _msgstr(unit, pieces)
    state = FUZZY if moved and unit.state != UNTRANSLATED else unit.state
    if not msgstr or (msgstr == message.msgstr and state == state_of(message)):
        return message
    _check_codes(unit, pieces)
    return _with_state(replace(message, msgstr=msgstr), state, by, date)


def _with_state(message: Message, state: str, by: str, date: str) -> Message:
    if state in (UNTRANSLATED, FUZZY):
        flags = message.flags if "fuzzy" in message.flags else ("fuzzy", *message.flags)
        return unmark(replace(message, flags=flags))
    flags = tuple(flag for flag in message.flags if flag != "fuzzy")
    done = replace(
        message, flags=flags, previous_msgctxt=None, previous_msgid=None, previous_msgid_plural=None
    )
    if state == TRANSLATED:
        return unmark(done)
    return done if is_reviewed(done) else mark_reviewed(done, by, date)


@functools.lru_cache(maxsize=1 << 12)
def _tokens(source: str) -> list[Token]:
    """The tokens a unit's source has when exported from `source` (never changed by callers)."""
    pieces = split_inline(source)
    return [("text", p.text) if p.kind == "text" else (p.kind, p.code) for p in pieces]


def _msgstr(unit: Unit, pieces: Sequence[Piece]) -> str:
    codes: dict[Token, str] = {(p.kind, p.code): p.text for p in pieces if p.kind != "text"}
    out = []
    for kind, value in unit.target:
        if kind == "text":
            out.append(str(value))
        elif (kind, value) in codes:
            out.append(codes[(kind, value)])
        else:
            raise PipelineError(
                f"unit {unit.id}: inline code {value} is not in the source",
                unit.path,
                unit.target_line,
            )
    return "".join(out)


def _check_codes(unit: Unit, pieces: Sequence[Piece]) -> None:
    """Every code of the source once, in the source's order (a changed target only)."""
    expected = [(p.kind, p.code) for p in pieces if p.kind != "text"]
    found = [token for token in unit.target if token[0] != "text"]
    for token in expected:
        if token not in found:
            markup = next(p.text for p in pieces if (p.kind, p.code) == token)
            what = f"inline code {token[1]} ({markup!r}) is missing from the target"
            raise PipelineError(f"unit {unit.id}: {what}", unit.path, unit.target_line)
    if len(found) != len(expected):
        raise PipelineError(
            f"unit {unit.id}: an inline code appears twice in the target",
            unit.path,
            unit.target_line,
        )
    if found != expected:
        raise PipelineError(
            f"unit {unit.id}: inline codes are reordered in the target", unit.path, unit.target_line
        )


# --- reading XLIFF --------------------------------------------------------------------------------


def read_units(config: Config, path: Path) -> Iterator[tuple[str, str, list[Unit]]]:
    """(locale, document, units) for each `<file>` of one XLIFF document."""
    root = read_xml(path, SKIPPED)
    return _files(root, path, lambda tag, line: _locale(config, tag, path, line))


def _files(
    root: Element, path: Path, locale_of: Callable[[str | None, int], str]
) -> Iterator[tuple[str, str, list[Unit]]]:
    if root.tag == f"{{{NS_12}}}xliff":
        for file in root.find_all("file"):
            locale = locale_of(file.attrib.get("target-language"), file.line)
            units = [_unit_12(path, u) for u in _walk(file, "trans-unit")]
            yield locale, _original(file, path), units
    elif root.tag == f"{{{NS_2}}}xliff":
        locale = locale_of(root.attrib.get("trgLang"), root.line)
        for file in root.find_all("file"):
            yield locale, _original(file, path), [_unit_2(path, u) for u in _walk(file, "unit")]
    else:
        raise PipelineError("not an XLIFF 1.2 or 2.x document", path, root.line)


def _walk(element: Element, name: str) -> Iterator[Element]:
    for child in element.children:
        if child.name == name:
            yield child
        else:
            yield from _walk(child, name)


def _locale(config: Config, tag: str | None, path: Path, line: int) -> str:
    if not tag:
        raise PipelineError("the file names no target language", path, line)
    for locale in config.locales:
        if describe_locale(locale).tag.lower() == tag.lower().replace("_", "-"):
            return locale
    known = ", ".join(describe_locale(c).tag for c in config.locales)
    raise PipelineError(f"target language {tag!r} is not a configured locale ({known})", path, line)


def _original(file: Element, path: Path) -> str:
    original = file.attrib.get("original")
    if not original:
        raise PipelineError("<file> has no original (the document id)", path, file.line)
    return original


def _unit_12(path: Path, unit: Element) -> Unit:
    source, target = unit.find("source"), unit.find("target")
    if source is None:
        raise PipelineError("<trans-unit> has no <source>", path, unit.line)
    state = target.attrib.get("state", "") if target is not None else ""
    tokens = _read_inline(target, path) if target is not None else []
    has_text = any(kind == "text" and value for kind, value in tokens)
    approved = unit.attrib.get("approved") == "yes"
    return Unit(
        path, unit.line, unit.attrib.get("id", ""), _read_inline(source, path), source.line,
        tokens, (target or source).line, _state_12(state, approved, has_text),
    )  # fmt: skip


def _state_12(state: str, approved: bool, has_text: bool) -> str:
    if approved or state in ("signed-off", "final"):
        return REVIEWED
    if state == "translated" or (not state and has_text):
        return TRANSLATED
    if state.startswith("needs-review") or state in ("needs-adaptation", "needs-l10n"):
        return FUZZY
    return FUZZY if has_text else UNTRANSLATED


def _unit_2(path: Path, unit: Element) -> Unit:
    segments = unit.find_all("segment")
    if len(segments) != 1:
        raise PipelineError("a unit must have exactly one <segment>", path, unit.line)
    segment = segments[0]
    source, target = segment.find("source"), segment.find("target")
    if source is None:
        raise PipelineError("<segment> has no <source>", path, segment.line)
    tokens = _read_inline(target, path) if target is not None else []
    has_text = any(kind == "text" and value for kind, value in tokens)
    state = segment.attrib.get("state", "initial")
    if state in ("reviewed", "final"):
        mapped = REVIEWED
    elif state == "translated":
        mapped = TRANSLATED
    else:
        mapped = FUZZY if has_text else UNTRANSLATED
    return Unit(
        path, unit.line, unit.attrib.get("id", ""), _read_inline(source, path), source.line,
        tokens, (target or source).line, mapped,
    )  # fmt: skip


_TRANSPARENT = {"mrk", "sm", "em"}
_CODES = {"x": STANDALONE, "ph": STANDALONE}


def _read_inline(element: Element, path: Path) -> list[Token]:
    """Text and code events of a source or target, codes by number (either XLIFF version)."""
    content = element.content
    if all(isinstance(item, str) for item in content):  # no inline code: the common case
        plain = "".join(content)  # type: ignore[arg-type]
        return [("text", plain)] if plain else []
    tokens: list[Token] = []
    for item in element.content:
        if isinstance(item, str):
            if tokens and tokens[-1][0] == "text":
                tokens[-1] = ("text", str(tokens[-1][1]) + item)
            else:
                tokens.append(("text", item))
            continue
        name, code = item.name, _code(item, path)
        if name in ("g", "pc"):
            tokens += [(OPEN, code), *_read_inline(item, path), (CLOSE, code)]
        elif name in _CODES:
            tokens.append((STANDALONE, code))
        elif name in ("bpt", "sc"):
            tokens.append((OPEN, code))
        elif name in ("ept", "ec"):
            tokens.append((CLOSE, code))
        elif name in _TRANSPARENT:
            tokens += _read_inline(item, path)
        else:
            raise PipelineError(f"unexpected <{name}> in a {element.name}", path, item.line)
    merged: list[Token] = []
    for token in tokens:
        if token[0] == "text" and merged and merged[-1][0] == "text":
            merged[-1] = ("text", str(merged[-1][1]) + str(token[1]))
        elif token != ("text", ""):
            merged.append(token)
    return merged


def _code(item: Element, path: Path) -> int:
    raw = item.attrib.get("id") or item.attrib.get("startRef") or item.attrib.get("rid") or ""
    if item.name in _TRANSPARENT:
        return 0
    if not raw.isdigit():
        raise PipelineError(f"<{item.name}> has no numeric id: {raw!r}", path, item.line)
    return int(raw)
