"""Parsed sources kept between commands, so a document is parsed once per version of its bytes.

`extract` (and `run`, which extracts) keeps each source's document and segments in one file,
`.pipeline-cache/sources.pack` at the project root (one file: creating a thousand small ones
cost more than the parsing they save). Each entry's key is the SHA-256 of the file's bytes, the
segmentation settings (front matter keys, site syntax) and the code's own version: any change
to one of them is a new key, so an entry is never stale, only unused. A later command that
reads the sources (`import`, `build`, `pseudo`, the next `extract`) takes the entry instead of
running the parsers. A full extract writes the pack again only when its content changes: the
entries of the sources it read, no others.

The pack: a line with the byte length of the index, the index (JSON: key -> [offset, length]
past the index), then the entries (JSON rows). The cache is derived data and never required:
an entry that is missing, unreadable or not the shape this code writes is a miss (and the next
full extract writes it anew), and a cache folder reached through a symbolic link is not used
at all (nothing is read or written outside the project). Its `.gitignore` keeps it out of the
project's repository.
"""

from __future__ import annotations

import contextlib
import functools
import hashlib
import json
import os
from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from pipeline.extract.documents import BOM, Document, Field, SourceFile, decode
from pipeline.extract.segments import Segment
from pipeline.files import remove_temporaries_of, replace_file
from pipeline.runstate import code_version

CACHE_NAME = ".pipeline-cache"
PACK = "sources.pack"
FORMAT = 1
"""The layout of an entry; bump it when `_row`s change."""
IGNORE_ALL = b"# Written by pipeline: parsed sources, safe to delete.\n*\n"


def cache_folder(root: Path) -> Path | None:
    """The project's cache folder, or None when a link would lead it elsewhere."""
    folder = root / CACHE_NAME
    if os.path.realpath(folder) != os.path.join(os.path.realpath(root), CACHE_NAME):
        return None
    return folder


def entry_key(data: bytes, keys: Sequence[str], syntax: frozenset[str]) -> str:
    return hashlib.sha256(_settings(tuple(keys), syntax) + data).hexdigest()


@functools.cache
def _settings(keys: tuple[str, ...], syntax: frozenset[str]) -> bytes:
    return json.dumps([FORMAT, code_version(), keys, sorted(syntax)]).encode("utf-8") + b"\0"


def load_source(
    folder: Path, file: SourceFile, keys: Sequence[str], syntax: frozenset[str]
) -> tuple[Document, tuple[Segment, ...]] | None:
    """The cached document and segments of `file` segmented with `keys` and `syntax`, or None."""
    pack = _open_pack(folder / PACK)
    place = pack.index.get(entry_key(file.data, keys, syntax)) if pack is not None else None
    if pack is None or place is None:
        return None
    try:
        bom, fields, front_matter_end, body_line, segments = json.loads(_read_at(pack, place))
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
    except (OSError, ValueError, TypeError):
        return None  # not an entry this code wrote: parse instead


@dataclass(frozen=True, slots=True)
class _Pack:
    identity: tuple[int, int, int]
    """The file's inode, size and modification time: a new pack is another file."""
    fd: int
    start: int
    """Where the entries begin."""
    index: dict[str, tuple[int, int]]


_pack: _Pack | None = None
"""The pack this process read last, open (workers forked from it share it)."""


def _open_pack(path: Path) -> _Pack | None:
    global _pack
    try:
        info = os.stat(path, follow_symlinks=False)
    except OSError:
        return None
    identity = (info.st_ino, info.st_size, info.st_mtime_ns)
    if _pack is not None and _pack.identity == identity:
        return _pack
    if _pack is not None:
        with contextlib.suppress(OSError):
            os.close(_pack.fd)
        _pack = None
    try:
        fd = os.open(path, os.O_RDONLY | os.O_NOFOLLOW)
    except OSError:
        return None
    try:
        head = os.pread(fd, 24, 0)
        size, newline, _ = head.partition(b"\n")
        start = len(size) + 1 + int(size)
        index = json.loads(os.pread(fd, int(size), len(size) + 1))
        if not newline or not isinstance(index, dict):
            raise ValueError("not a pack")
        places = {k: (int(v[0]), int(v[1])) for k, v in index.items()}
    except (OSError, ValueError, TypeError, IndexError):
        os.close(fd)
        return None
    _pack = _Pack(identity, fd, start, places)
    return _pack


def _read_at(pack: _Pack, place: tuple[int, int]) -> bytes:
    offset, length = place
    data = os.pread(pack.fd, length, pack.start + offset)
    if len(data) != length:
        raise ValueError("a pack cut short")
    return data


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


def cache_entry(
    document: Document, segments: Sequence[Segment], keys: Sequence[str], syntax: frozenset[str]
) -> tuple[str, bytes]:
    """A source's key and entry in the pack (what `keep_entries` takes)."""
    return entry_key(document.data, keys, syntax), _entry(document, segments)


def keep_entries(folder: Path, entries: Mapping[str, bytes]) -> None:
    """Keep `entries` (a full extract's, by `cache_entry`) and no others; a pack that holds just
    those already is left untouched, and a cache that cannot be written is left as it is."""
    index: dict[str, list[int]] = {}
    offset = 0
    for key, entry in entries.items():
        index[key] = [offset, len(entry)]
        offset += len(entry)
    head = json.dumps(index).encode("utf-8")
    pack = b"".join([str(len(head)).encode("ascii"), b"\n", head, *entries.values()])
    with contextlib.suppress(OSError):
        ignore = folder / ".gitignore"
        if not ignore.exists():
            replace_file(ignore, IGNORE_ALL)
        if _read(folder / PACK) != pack:
            remove_temporaries_of(folder / PACK)  # a run killed while writing it left one
            replace_file(folder / PACK, pack)


def _read(path: Path) -> bytes | None:
    try:
        fd = os.open(path, os.O_RDONLY | os.O_NOFOLLOW)
    except OSError:
        return None
    with os.fdopen(fd, "rb") as handle:
        return handle.read()
