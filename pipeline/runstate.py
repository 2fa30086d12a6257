"""What the last `run` left and what a run changing nothing would print, so such a run is quick.

After a run that succeeded, `record` keeps, in `.pipeline-state.json` at the project root, the
size and modification time of every file and folder a run reads or writes (the configuration,
the sources, glossaries and memories, locales/, bundles/, the reports and the sites) and the
output a repeated run would print. `replay` answers that output when every one of them is as
recorded, having read no file but this one and the folders' listings: no Markdown parser, no
catalog. Files modified less than `RACY_NS` before recording also keep a content hash, checked
every time (their time stamp alone cannot tell a later edit of the same size; git's "racy
clean" rule). The code's own files count too, so a changed `pipeline` never replays.
"""

from __future__ import annotations

import contextlib
import hashlib
import json
import os
import time
from collections.abc import Iterator, Sequence
from dataclasses import dataclass
from pathlib import Path

import pipeline

STATE_NAME = ".pipeline-state.json"
VERSION = 1
RACY_NS = 2_000_000_000
"""A file modified this close to the recording is compared by content as well."""
SKIPPED = (".pipeline.lock", STATE_NAME)

Stat = tuple[int, int]
"""(size, modification time in ns); a folder's size is -1."""


@dataclass(frozen=True, slots=True)
class State:
    """The project as a run left it, and what a repeated run would print."""

    config: str
    watched: tuple[str, ...]
    """The files and folders scanned: the configuration's inputs and the outputs."""
    stats: dict[str, Stat]
    hashes: dict[str, str]
    """sha256 of the files modified close to the recording."""
    output: str


def state_path(config_path: Path) -> Path:
    return config_path.resolve().parent / STATE_NAME


def replay(config_path: Path) -> str | None:
    """The recorded output when nothing a run reads or writes changed since; else None."""
    try:
        data = json.loads(state_path(config_path).read_bytes())
    except (OSError, ValueError):
        return None
    if not isinstance(data, dict) or data.get("version") != _code_version():
        return None
    if data.get("config") != str(config_path.resolve()):
        return None
    recorded = {name: (size, mtime) for name, (size, mtime) in data["stats"].items()}
    if scan(data["watched"]) != recorded:
        return None
    for name, digest in data["hashes"].items():
        if _sha256(Path(name)) != digest:
            return None
    output: str = data["output"]
    return output


def forget(config_path: Path) -> None:
    """Before a run writes anything: a run that fails half way must not replay."""
    with contextlib.suppress(FileNotFoundError):
        state_path(config_path).unlink()


def record(config_path: Path, watched: Sequence[Path], output: str) -> None:
    """Keep the state of `watched` (after the run) and the output a repeated run would print."""
    names = sorted({str(path.absolute()) for path in watched})
    stats = scan(names)
    recent = time.time_ns() - RACY_NS
    hashes = {
        name: _sha256(Path(name))
        for name, (size, mtime) in stats.items()
        if size >= 0 and mtime >= recent
    }
    data = {
        "version": _code_version(),
        "config": str(config_path.resolve()),
        "watched": names,
        "stats": stats,
        "hashes": hashes,
        "output": output,
    }
    path = state_path(config_path)
    temporary = path.with_name(f"{path.name}.{os.getpid()}.tmp")
    temporary.write_text(json.dumps(data, ensure_ascii=False, sort_keys=True), "utf-8")
    os.replace(temporary, path)


def scan(names: Sequence[str]) -> dict[str, Stat]:
    """Every file and folder under each name (a missing one is absent), by absolute path."""
    found: dict[str, Stat] = {}
    for name in names:
        try:
            info = os.stat(name)
        except OSError:
            continue
        if os.path.isdir(name):
            found[name] = (-1, info.st_mtime_ns)
            found.update(_walk(name))
        else:
            found[name] = (info.st_size, info.st_mtime_ns)
    return found


def _walk(folder: str) -> Iterator[tuple[str, Stat]]:
    with os.scandir(folder) as entries:
        for entry in entries:
            if entry.name in SKIPPED:
                continue
            info = entry.stat(follow_symlinks=False)
            if entry.is_dir(follow_symlinks=False):
                yield entry.path, (-1, info.st_mtime_ns)
                yield from _walk(entry.path)
            else:
                yield entry.path, (info.st_size, info.st_mtime_ns)


def _code_version() -> str:
    """The version and the state of the package's own files: new code never replays."""
    package = os.path.dirname(pipeline.__file__)
    stats = sorted((name, stat) for name, stat in _walk(package) if "__pycache__" not in name)
    return f"{VERSION} {pipeline.__version__} " + hashlib.sha256(repr(stats).encode()).hexdigest()


def _sha256(path: Path) -> str:
    try:
        return hashlib.sha256(path.read_bytes()).hexdigest()
    except OSError:
        return ""
