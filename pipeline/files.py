"""Safe writes: atomic replace, only when content changes, one run at a time."""

from __future__ import annotations

import contextlib
import fcntl
import os
import tempfile
from collections.abc import Iterator
from pathlib import Path

from pipeline.errors import PipelineError


def write_if_changed(path: Path, data: bytes) -> bool:
    """Write `data` to `path` atomically unless it already holds exactly that; True if written.

    The temporary file lives in the same folder so the rename cannot cross file systems,
    and a killed run leaves either the old file or the new one, never a mix.
    """
    try:
        if path.read_bytes() == data:
            return False
    except FileNotFoundError:
        pass
    path.parent.mkdir(parents=True, exist_ok=True)
    fd, tmp = tempfile.mkstemp(dir=path.parent, prefix=f".{path.name}.", suffix=".tmp")
    try:
        with os.fdopen(fd, "wb") as handle:
            # No fsync: the rename already makes a killed process leave a whole file,
            # and syncing thousands of catalogs would dominate the run time.
            handle.write(data)
        os.chmod(tmp, 0o644)
        os.replace(tmp, path)
    except BaseException:
        with contextlib.suppress(FileNotFoundError):
            os.unlink(tmp)
        raise
    return True


def read_bytes(path: Path) -> bytes:
    """A file's bytes; an unreadable file is the user's to fix, so a PipelineError."""
    try:
        return path.read_bytes()
    except OSError as err:
        raise PipelineError(f"cannot read: {err.strerror}", path) from None


@contextlib.contextmanager
def project_lock(root: Path) -> Iterator[None]:
    """Hold an exclusive lock on the project so two runs never interleave their writes."""
    lock_path = root / ".pipeline.lock"
    with open(lock_path, "a+b") as handle:
        fcntl.flock(handle.fileno(), fcntl.LOCK_EX)
        try:
            yield
        finally:
            fcntl.flock(handle.fileno(), fcntl.LOCK_UN)
