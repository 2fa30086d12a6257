"""Parsed sources kept between commands, so a document is parsed once per version of its bytes.

`extract` (and `run`, which extracts) keeps each source's document and segments in
`.pipeline-cache/sources/<key>.json` at the project root, where the key is the SHA-256 of the
file's bytes, the segmentation settings (front matter keys, site syntax) and the code's own
version: any change to one of them is a new key, so an entry is never stale, only unused. A
later command that reads the sources (`import`, `build` with sites, `pseudo`, the next
`extract`) takes the entry instead of running the Markdown and YAML parsers; after a full
extract, entries no source has any more are removed.

The cache is derived data and never required: an entry that is missing, unreadable or not the
shape this code writes is a miss, and a cache folder reached through a symbolic link is not
used at all (nothing is read or written outside the project). Its `.gitignore` keeps it out of
the project's repository.
"""

from __future__ import annotations

import contextlib
import functools
import hashlib
import json
import os
from collections.abc import Iterable, Sequence
from pathlib import Path
from typing import Any

from pipeline.extract.documents import BOM, Document, Field, SourceFile, decode
from pipeline.extract.segments import Segment
from pipeline.files import TEMPORARY_SUFFIX
from pipeline.runstate import code_version

CACHE_NAME = ".pipeline-cache"
FORMAT = 1
"""The layout of an entry; bump it when `_row`s change."""
IGNORE_ALL = b"# Written by pipeline: parsed sources, safe to delete.\n*\n"


def cache_folder(root: Path) -> Path | None:
    """The project's source cache, or None when a link would lead it elsewhere."""
    folder = root / CACHE_NAME / "sources"
    real_root = os.path.realpath(root)
    if os.path.realpath(folder) != os.path.join(real_root, CACHE_NAME, "sources"):
        return None
    return folder


def entry_key(data: bytes, keys: Sequence[str], syntax: frozenset[str]) -> str:
    return hashlib.sha256(_settings(tuple(keys), syntax) + data).hexdigest()


@functools.cache
def _settings(keys: tuple[str, ...], syntax: frozenset[str]) -> bytes:
    return json.dumps([FORMAT, code_version(), keys, sorted(syntax)]).encode("utf-8") + b"\0"


def load_source(
    folder: Path, key: str, file: SourceFile
) -> tuple[Document, tuple[Segment, ...]] | None:
    """The cached document and segments of `file` (whose bytes gave `key`), or None."""
    path = folder / f"{key}.json"
    try:
        fd = os.open(path, os.O_RDONLY | os.O_NOFOLLOW)
    except FileNotFoundError:
        return None
    except OSError:
        _discard(path)
        return None
    with os.fdopen(fd, "rb") as handle:
        raw = handle.read()
    try:
        bom, fields, front_matter_end, body_line, segments = json.loads(raw)
        text = decode(file.data, file.path)
        if type(bom) is not bool or text.startswith(BOM) != bom:
            raise TypeError("not the file's BOM")
        if bom:
            text = text[1:]
        document = Document(
            file.doc_id,
            file.path,
            file.reference,
            text,
            bom,
            tuple(Field(*_checked(row, len(text))) for row in fields),
            _offset(front_matter_end, len(text)),
            _offset(body_line, len(text)),
        )
        return document, tuple(Segment(*_checked(row, len(text))) for row in segments)
    except (ValueError, TypeError):
        _discard(path)
        return None


def _discard(path: Path) -> None:
    """A broken entry (not what this code writes) goes, so the next extract writes it anew."""
    with contextlib.suppress(OSError):
        os.unlink(path)


def _checked(row: Any, size: int) -> list[Any]:
    """Two strings, three offsets (start, end, line), then strings: a field's or segment's row."""
    if not isinstance(row, list):
        raise TypeError("not a row")
    start, end, line = row[2:5]
    texts = row[:2] + row[5:]
    if not all(isinstance(value, str) for value in texts):
        raise TypeError("not a string")
    if not (_offset(start, size) <= _offset(end, size) and _offset(line, size) > 0):
        raise ValueError("out of range")
    return row


def _offset(value: Any, size: int) -> int:
    if type(value) is not int or not 0 <= value <= size:
        raise ValueError("not an offset")
    return value


def _row(segment: Segment) -> list[object]:
    return [
        segment.kind,
        segment.text,
        segment.start,
        segment.end,
        segment.line,
        segment.heading,
        segment.prefix,
        segment.key,
    ]


def _entry(document: Document, segments: Sequence[Segment]) -> bytes:
    fields = [[f.key, f.value, f.start, f.end, f.line] for f in document.fields]
    entry = [document.bom, fields, document.front_matter_end, document.body_line]
    return json.dumps([*entry, [_row(s) for s in segments]], ensure_ascii=False).encode("utf-8")


def keep_sources(
    folder: Path,
    sources: Iterable[tuple[Document, Sequence[Segment]]],
    keys: Sequence[str],
    syntax: frozenset[str],
) -> None:
    """Store every source not cached yet and remove the entries none of them has (a full
    extract's sources); a cache that cannot be written is left as it is."""
    wanted: set[str] = set()
    with contextlib.suppress(OSError):
        folder.mkdir(parents=True, exist_ok=True)
        ignore = folder.parent / ".gitignore"
        if not ignore.exists():
            _write(ignore, IGNORE_ALL)
        present = set(os.listdir(folder))
        for document, segments in sources:
            data = ((BOM if document.bom else "") + document.text).encode("utf-8")
            name = entry_key(data, keys, syntax) + ".json"
            wanted.add(name)
            if name not in present:
                _write(folder / name, _entry(document, segments))
        for name in present - wanted:
            with contextlib.suppress(OSError):
                os.unlink(folder / name)


def _write(path: Path, data: bytes) -> None:
    """Atomically, without following a link planted at `path` (the rename replaces it)."""
    temporary = path.with_name(path.name + TEMPORARY_SUFFIX)
    fd = os.open(temporary, os.O_WRONLY | os.O_CREAT | os.O_TRUNC | os.O_NOFOLLOW, 0o644)
    with os.fdopen(fd, "wb") as handle:
        handle.write(data)
    os.replace(temporary, path)
