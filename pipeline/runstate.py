"""What the last `run` (or `build`) left and what a repeat changing nothing would print, so such
a repeat is quick.

After a command that succeeded, `record` keeps, in `.pipeline-state.json` at the project root,
under the command and its options, the size and modification time of every file and folder a
run reads or writes (the configuration, the sources, glossaries and memories, locales/,
bundles/, the reports and the sites) and the output a repeat would print. `replay` answers that
output when every one of them is as recorded, having read no file but this one and the folders'
listings: no Markdown parser, no catalog. Files modified less than `RACY_NS` before recording
also keep a content hash, checked every time (their time stamp alone cannot tell a later edit
of the same size; git's "racy clean" rule). The code's own files count too, so a changed
`pipeline` never replays.

The file: `{"version", "config", "commands": {key: {"watched", "stats", "hashes", "output"}}}`,
where `watched` lists the files and folders scanned, `stats` maps each path found under them
to its `Stat`, and `hashes` the recently modified ones to their sha256.
"""

from __future__ import annotations

import contextlib
import hashlib
import json
import os
import time
from collections.abc import Iterator, Mapping, Sequence
from pathlib import Path
from typing import TYPE_CHECKING, Any

import pipeline
from pipeline.files import remove_temporaries_of, write_if_changed

if TYPE_CHECKING:
    from pipeline.config import Config

STATE_NAME = ".pipeline-state.json"
VERSION = 2
RUN = "run"
"""The key of `pipeline run` (another command's key names it and its options)."""
RACY_NS = 2_000_000_000
"""A file modified this close to the recording is compared by content as well."""
SKIPPED = (".pipeline.lock", STATE_NAME)

Stat = tuple[int, int]
"""(size, modification time in ns); a folder's size is -1."""


def state_path(config_path: Path) -> Path:
    return config_path.resolve().parent / STATE_NAME


def replay(config_path: Path, command: str = RUN) -> str | None:
    """The output `command` recorded when nothing it read or wrote changed since; else None."""
    remove_temporaries_of(state_path(config_path))  # a run killed while writing it left one
    entry = _entries(config_path).get(command)
    if not isinstance(entry, dict):
        return None
    recorded = {name: (size, mtime) for name, (size, mtime) in entry["stats"].items()}
    if scan(entry["watched"]) != recorded:
        return None
    for name, digest in entry["hashes"].items():
        if _sha256(Path(name)) != digest:
            return None
    output: str = entry["output"]
    return output


def forget(config_path: Path, command: str = RUN) -> None:
    """Before `command` writes anything: one that fails half way must not replay."""
    remove_temporaries_of(state_path(config_path))
    entries = _entries(config_path)
    if entries.pop(command, None) is not None:
        _write(config_path, entries)


def record(
    config_path: Path,
    watched: Sequence[Path],
    output: str,
    command: str = RUN,
    written: Mapping[str, str] | None = None,
) -> None:
    """Keep the state of `watched` (after `command`) and the output a repeat would print.

    `written`: the sha256 of files the command just wrote (or found holding the same bytes), by
    absolute path, so that they are not read back to be hashed (2,400 pages for four sites of
    100 documents). A file changed since then holds other bytes than its recorded hash: a
    repeat runs again.
    """
    names = sorted({str(path.absolute()) for path in watched})
    stats = scan(names)
    recent = time.time_ns() - RACY_NS
    known = written or {}
    hashes = {
        name: known.get(name) or _sha256(Path(name))
        for name, (size, mtime) in stats.items()
        if size >= 0 and mtime >= recent
    }
    entries = _entries(config_path)
    entries[command] = {"watched": names, "stats": stats, "hashes": hashes, "output": output}
    _write(config_path, entries)


def watched(config: Config) -> list[Path]:
    """What a run reads or writes: a change to any of them means the run must be done."""
    sites = [site.output for site in config.sites]
    folders = [config.source_dir, config.locales_dir, config.bundles_dir, config.reports_dir]
    return [config.path, *folders, *sites, *config.tm_files, *config.glossaries]


def _entries(config_path: Path) -> dict[str, Any]:
    """The recorded commands, or none when the file is missing, another version's or another
    configuration's."""
    try:
        data = json.loads(state_path(config_path).read_bytes())
    except (OSError, ValueError):
        return {}
    if not isinstance(data, dict) or data.get("version") != code_version():
        return {}
    if data.get("config") != str(config_path.resolve()):
        return {}
    commands = data.get("commands")
    return commands if isinstance(commands, dict) else {}


def _write(config_path: Path, entries: dict[str, Any]) -> None:
    path = state_path(config_path)
    if not entries:
        with contextlib.suppress(FileNotFoundError):
            path.unlink()
        return
    data = {"version": code_version(), "config": str(config_path.resolve()), "commands": entries}
    write_if_changed(path, json.dumps(data, ensure_ascii=False, sort_keys=True).encode("utf-8"))


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


def code_version() -> str:
    """The version and the state of the package's own files: new code never replays."""
    package = os.path.dirname(pipeline.__file__)
    stats = sorted((name, stat) for name, stat in _walk(package) if "__pycache__" not in name)
    return f"{VERSION} {pipeline.__version__} " + hashlib.sha256(repr(stats).encode()).hexdigest()


def _sha256(path: Path) -> str:
    try:
        return hashlib.sha256(path.read_bytes()).hexdigest()
    except OSError:
        return ""
