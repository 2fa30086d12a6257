"""Safe file system access: atomic writes, paths kept inside the project, one run at a time."""

from __future__ import annotations

import contextlib
import ctypes
import fcntl
import itertools
import os
import pickle
import signal
import tempfile
import time
from collections.abc import Callable, Iterable, Iterator, Mapping, Sequence
from pathlib import Path
from typing import TYPE_CHECKING, Any, Generic, TypeVar

from pipeline.errors import PipelineError

if TYPE_CHECKING:
    from concurrent.futures import ProcessPoolExecutor

S = TypeVar("S")
K = TypeVar("K")
R = TypeVar("R")
T = TypeVar("T")

LOCK_NAME = ".pipeline.lock"
# Every temporary file ends so: the next locked run removes any a killed run left behind.
TEMPORARY_SUFFIX = ".pipeline-tmp"
_PR_SET_PDEATHSIG = 1  # from <linux/prctl.h>

# The lock descriptor of this process, closed in worker processes (see `detach_worker`).
_lock_fd: int | None = None
# The folders a locked run may write or remove in (the project and its configured outputs).
_allowed: tuple[Path, ...] = ()
# Folders `check_inside` has resolved while the lock is held (they are the run's own).
_resolved: dict[str, str] = {}


def write_if_changed(path: Path, data: bytes) -> bool:
    """Write `data` to `path` atomically unless it already holds exactly that; True if written.

    The temporary file lives in the same folder so the rename cannot cross file systems,
    and a killed run leaves either the old file or the new one, never a mix.
    """
    staged = _stage_if_changed(os.fspath(path), data)
    if staged is None:
        return False
    commit_staged([(staged, path)])
    return True


def stage_if_changed(path: Path, data: bytes) -> Path | None:
    """A temporary file beside `path` holding `data`, for `commit_staged` to rename over it (or
    `discard_staged` to remove); None when `path` already holds exactly `data`."""
    staged = _stage_if_changed(os.fspath(path), data)
    return None if staged is None else Path(staged)


def _stage_if_changed(path: str, data: bytes) -> str | None:
    # Strings, not Paths, on this path: a build writes thousands of files, and parsing each
    # path again for every step cost more than writing a small file.
    check_inside(path)
    if _holds(path, data):
        return None
    try:
        return _stage(path, data)
    except OSError as err:
        raise PipelineError(f"cannot write: {err.strerror}", path) from None


def _holds(path: str, data: bytes) -> bool:
    """Whether the file at `path` holds exactly `data` (False when there is none, or a folder)."""
    try:
        with open(path, "rb") as handle:
            return os.fstat(handle.fileno()).st_size == len(data) and handle.read() == data
    except OSError:
        return False  # a folder in its place, say: the write reports it


def commit_staged(staged: Sequence[tuple[Path | str, Path | str]]) -> None:
    """Rename each (temporary, path) of `stage_if_changed` over its path; on a failure, the
    temporaries not yet renamed are removed."""
    for done, (temporary, path) in enumerate(staged):
        try:
            os.replace(temporary, path)
        except OSError as err:
            discard_staged(staged[done:])
            raise PipelineError(f"cannot write: {err.strerror}", path) from None


def discard_staged(staged: Sequence[tuple[Path | str, Path | str]]) -> None:
    for temporary, _ in staged:
        with contextlib.suppress(OSError):
            os.unlink(temporary)


SPILL_DOCUMENTS = 1000
"""Past this many documents, what waits for a later pass waits in a `Spool`'s file, not in
memory: `update`'s merged catalogs (about 0.1 MB each), `run`'s templates, `check`'s findings;
and `run` keeps no parsed source (the build loads them from the source cache)."""


def spills(documents: int) -> bool:
    return documents > SPILL_DOCUMENTS


class Spool(Generic[T]):
    """Values put aside for a later pass: held as they are or, with `spill`, pickled into an
    unnamed temporary file in `folder` (O_TMPFILE: nothing to remove, even after a kill), so
    that a large project's memory stays that of one value. Worker processes forked after a
    `put` can `get` too (by offset: they share the file, not a position in it). The file is
    closed with the spool (`with`, or when the last reference goes)."""

    def __init__(self, folder: Path, spill: bool) -> None:
        self._file = None
        if spill:
            # Closed by close() or when the spool is collected, after the passes that read it.
            # A folder that cannot take it (read-only, say) leaves the values in memory.
            with contextlib.suppress(OSError):
                self._file = tempfile.TemporaryFile(dir=folder)  # noqa: SIM115
        self._held: list[T] = []
        self._places: list[tuple[int, int]] = []
        self._end = 0

    def put(self, value: T) -> int:
        """A number that `get` takes back."""
        if self._file is None:
            self._held.append(value)
            return len(self._held) - 1
        data = pickle.dumps(value, protocol=pickle.HIGHEST_PROTOCOL)
        os.pwrite(self._file.fileno(), data, self._end)
        self._places.append((self._end, len(data)))
        self._end += len(data)
        return len(self._places) - 1

    def get(self, number: int) -> T:
        if self._file is None:
            return self._held[number]
        offset, length = self._places[number]
        value: T = pickle.loads(os.pread(self._file.fileno(), length, offset))
        return value

    def close(self) -> None:
        if self._file is not None:
            self._file.close()

    def __enter__(self) -> Spool[T]:
        return self

    def __exit__(self, *exc: object) -> None:
        self.close()


class SpooledMapping(Mapping[str, T]):
    """A mapping whose values wait in a `Spool`: each lookup takes its value back."""

    def __init__(self, spool: Spool[T], numbers: dict[str, int]) -> None:
        self.spool = spool
        self._numbers = numbers

    def __getitem__(self, key: str) -> T:
        return self.spool.get(self._numbers[key])

    def __iter__(self) -> Iterator[str]:
        return iter(self._numbers)

    def __len__(self) -> int:
        return len(self._numbers)

    def reordered(self, keys: Iterable[str]) -> SpooledMapping[T]:
        """The same values, iterated in the order of `keys`."""
        return SpooledMapping(self.spool, {key: self._numbers[key] for key in keys})


def replace_file(path: Path, data: bytes) -> None:
    """Write `data` to `path` by a rename: a link planted at `path` is replaced, not followed."""
    tmp = _stage(path, data)
    try:
        os.replace(tmp, path)
    except BaseException:
        with contextlib.suppress(OSError):
            os.unlink(tmp)
        raise


# Temporary names: this process's id and a counter, unique among live processes; a name a
# killed run of the same id left behind is skipped (O_EXCL), and the next locked run removes it.
_temporary_numbers = itertools.count()


def _stage(path: Path | str, data: bytes) -> str:
    """A new temporary file beside `path` holding `data`, readable by all (as a written file)."""
    folder, name = os.path.split(os.fspath(path))
    made = False
    while True:
        number = next(_temporary_numbers)
        tmp = os.path.join(folder, f".{name}.{os.getpid()}-{number}{TEMPORARY_SUFFIX}")
        try:
            fd = os.open(tmp, os.O_WRONLY | os.O_CREAT | os.O_EXCL | os.O_CLOEXEC, 0o600)
            break
        except FileExistsError:
            continue
        except FileNotFoundError:
            if made:
                raise
            os.makedirs(folder, exist_ok=True)  # the first file of a new folder
            made = True
    try:
        os.fchmod(fd, 0o644)
        # No fsync: the rename already makes a killed process leave a whole file,
        # and syncing thousands of catalogs would dominate the run time.
        view = memoryview(data)
        while view:
            view = view[os.write(fd, view) :]
    except BaseException:
        with contextlib.suppress(OSError):
            os.unlink(tmp)
        raise
    finally:
        os.close(fd)
    return tmp


def remove_file(path: Path) -> None:
    """Remove a file of ours; never one reached through a link that leads out."""
    check_inside(path)
    try:
        path.unlink()
    except FileNotFoundError:
        pass
    except OSError as err:
        raise PipelineError(f"cannot remove: {err.strerror}", path) from None


def read_bytes(path: Path) -> bytes:
    """A file's bytes; an unreadable file is the user's to fix, so a PipelineError."""
    check_inside(path)
    try:
        return path.read_bytes()
    except OSError as err:
        raise PipelineError(f"cannot read: {err.strerror}", path) from None


def check_inside(path: Path | str, allowed: Sequence[Path] | None = None) -> None:
    """Raise PipelineError when `path`, links resolved, leads out of the allowed folders.

    Without `allowed`, the folders of the run holding the lock (none: nothing to check).
    """
    roots = _allowed if allowed is None else allowed
    if not roots:
        return
    absolute = os.path.abspath(path)
    if os.path.islink(absolute):
        target = os.path.realpath(absolute)
    else:  # the folder's resolution is remembered: a build checks thousands of files in a few
        folder, name = os.path.split(absolute)
        resolved = _resolved.get(folder)
        if resolved is None:
            resolved = _resolved[folder] = os.path.realpath(folder)
        target = os.path.join(resolved, name)
    if not any(_within(target, os.fspath(root)) for root in roots):
        what = "symbolic link leads" if target != absolute else "path lies"
        raise PipelineError(f"{what} outside the project (to {target})", Path(path))


def _within(path: str, folder: str) -> bool:
    """`path` is `folder` or lies under it (both absolute and normalized)."""
    return path == folder or path.startswith(folder.rstrip(os.sep) + os.sep)


def check_folders(folders: Sequence[Path], allowed: Sequence[Path]) -> None:
    """Refuse links that lead out of generated folders; remove temporary files of killed runs.

    Each folder must lie inside `allowed` (the project, the configured outputs), and a link
    under it must stay inside it: `bundles/ko` linked to a site's folder would make `build`
    write and prune there. The caller holds the lock, so no temporary file is being written.
    """
    roots = [Path(os.path.realpath(root)) for root in allowed]
    for folder in folders:
        if folder.exists() or folder.is_symlink():
            check_inside(folder, roots)
            _check_tree(folder, [Path(os.path.realpath(folder))])


def _check_tree(folder: Path, allowed: Sequence[Path]) -> None:
    for parent, folders, files in os.walk(folder):
        base = Path(parent)
        for name in folders:
            if (base / name).is_symlink():
                check_inside(base / name, allowed)
        for name in files:
            path = base / name
            if _is_temporary(name):
                with contextlib.suppress(FileNotFoundError):
                    path.unlink()
            elif path.is_symlink():
                check_inside(path, allowed)


def remove_temporaries_of(path: Path) -> None:
    """Remove what killed runs left of `path`'s atomic writes (a file outside the folders that
    `check_folders` cleans, such as the run state at the project root)."""
    with contextlib.suppress(OSError):
        for entry in os.scandir(path.parent):
            name = entry.name
            if _is_temporary(name) and name.lstrip(".").startswith(path.name.lstrip(".") + "."):
                with contextlib.suppress(FileNotFoundError):
                    os.unlink(entry.path)


def _is_temporary(name: str) -> bool:
    # `.name.XXXX.tmp` is how earlier versions named them.
    return name.endswith(TEMPORARY_SUFFIX) or (name.startswith(".") and name.endswith(".tmp"))


@contextlib.contextmanager
def project_lock(
    root: Path,
    *,
    outputs: Sequence[Path] = (),
    wait: float | None = None,
    on_wait: Callable[[str], None] = lambda message: None,
) -> Iterator[None]:
    """Hold an exclusive lock on the project so two runs never interleave their writes.

    A held lock is reported at once through `on_wait`; `wait` seconds (None: for ever, 0: not
    at all) later it is a PipelineError. While held, writes are checked against the project
    folder and `outputs`. The descriptor is close-on-exec and worker processes close their copy
    (`detach_worker`), so no process but this one can keep the lock alive.
    """
    global _lock_fd, _allowed
    lock_path = root / LOCK_NAME
    try:
        fd = _open_lock(lock_path)
    except OSError as err:
        raise PipelineError(f"cannot open the lock: {err.strerror}", lock_path) from None
    try:
        _acquire(fd, lock_path, wait, on_wait)
        _lock_fd = fd
        _allowed = tuple(Path(os.path.realpath(p)) for p in (root, *outputs))
        _resolved.clear()
        yield
    finally:
        _lock_fd, _allowed = None, ()
        _resolved.clear()
        os.close(fd)  # closing releases the lock


def _open_lock(path: Path) -> int:
    try:
        return os.open(path, os.O_RDWR | os.O_CREAT | os.O_CLOEXEC, 0o644)
    except OSError:
        if not path.is_file():
            raise
        return os.open(path, os.O_RDONLY | os.O_CLOEXEC)  # flock works on a read-only file


def _acquire(fd: int, lock_path: Path, wait: float | None, on_wait: Callable[[str], None]) -> None:
    try:
        fcntl.flock(fd, fcntl.LOCK_EX | fcntl.LOCK_NB)
        return
    except BlockingIOError:
        pass
    holder = _holder(fd)
    if wait == 0:
        raise PipelineError(f"another pipeline run (pid {holder}) is working here", lock_path)
    on_wait(f"{lock_path.name}: another pipeline run (pid {holder}) is working here; waiting…")
    deadline = None if wait is None else time.monotonic() + wait
    while deadline is None or time.monotonic() < deadline:
        if deadline is None:
            fcntl.flock(fd, fcntl.LOCK_EX)
            return
        time.sleep(min(0.05, max(deadline - time.monotonic(), 0)))
        with contextlib.suppress(BlockingIOError):
            fcntl.flock(fd, fcntl.LOCK_EX | fcntl.LOCK_NB)
            return
    raise PipelineError(
        f"another pipeline run (pid {holder}) is working here; gave up after {wait:g} s",
        lock_path,
    )


def _holder(fd: int) -> str:
    """The pid holding the lock, from the kernel's table (nothing is written to the lock file,
    so a run that changes nothing touches nothing)."""
    inode = os.fstat(fd).st_ino
    with contextlib.suppress(OSError):
        for line in Path("/proc/locks").read_text().splitlines():
            fields = line.split()
            if (
                "FLOCK" in fields
                and "->" not in fields
                and fields[-3].rsplit(":", 1)[-1] == str(inode)
            ):
                return fields[-4]
    return "unknown"


@contextlib.contextmanager
def worker_pool(
    workers: int, setup: Callable[[], None] | None = None, fresh: bool = False
) -> Iterator[ProcessPoolExecutor]:
    """The one kind of process pool the pipeline starts: workers that drop the lock, die with
    this process (`detach_worker`) and keep to the project's folders, whichever stage starts
    them; `setup` runs in each worker after that. Workers are forked from this process, or with
    `fresh` started as new interpreters (`setup` pickled once for each)."""
    # Imported here: a small project never starts a pool, and these are slow to import.
    import functools
    import gc
    import multiprocessing
    from concurrent.futures import ProcessPoolExecutor

    start = functools.partial(_start_worker, os.getpid(), _allowed, setup)
    # A forked worker copies each page of this process it writes to: reference counts of the
    # objects it reads, and the free space of this process's heap where it allocates. Past
    # `SPILL_DOCUMENTS` documents that is most of a heap of hundreds of MB, so `fresh` starts
    # new interpreters instead. (They import the main module: a script calling the CLI guards
    # that call with `if __name__ == "__main__"`, as `pipeline/__main__.py` does.)
    context = multiprocessing.get_context("spawn" if fresh else "fork")
    # Forked workers fork at the first task. Frozen, this process's objects are left out of
    # their garbage collections, which would otherwise write to every object and so copy every
    # page they share with it (at 10,000 documents, 150 MB a worker).
    gc.freeze()
    try:
        with ProcessPoolExecutor(workers, mp_context=context, initializer=start) as pool:
            yield pool
    finally:
        gc.unfreeze()


def map_shared(
    function: Callable[[S, K], R],
    state: S,
    keys: Sequence[K],
    workers: int,
    chunksize: int = 1,
    fresh: bool = False,
) -> Iterator[R]:
    """`function(state, key)` for each key, in order: in this process below 2 workers, else in
    a `worker_pool`. Forked workers get `state` (large and read-only: templates, gated
    catalogs) without pickling; `fresh` ones (for a parent too large to fork, see
    `worker_pool`) get it pickled, once each. Each task sends only its key."""
    if workers < 2:
        yield from (function(state, key) for key in keys)
        return
    import functools

    with worker_pool(workers, functools.partial(_share, state), fresh) as pool:
        yield from bounded_map(pool, functools.partial(_call_shared, function), keys, chunksize)


AHEAD = 8
"""Chunks a pool works on or holds finished before the parent takes their results: enough to
keep every core of a small machine busy while the parent handles one."""


def bounded_map(
    pool: ProcessPoolExecutor, function: Callable[[K], R], keys: Sequence[K], chunksize: int
) -> Iterator[R]:
    """`pool.map(function, keys, chunksize=...)`, in order, with a few chunks submitted at a
    time: `pool.map` submits them all, and results a busy parent has not taken yet (parsed
    sources, say) would pile up in its memory."""
    import collections
    import functools

    chunks = (keys[start : start + chunksize] for start in range(0, len(keys), chunksize))
    run = functools.partial(_run_chunk, function)
    pending = collections.deque(pool.submit(run, c) for c in itertools.islice(chunks, AHEAD))
    while pending:
        done = pending.popleft().result()
        pending.extend(pool.submit(run, c) for c in itertools.islice(chunks, 1))
        yield from done


def _run_chunk(function: Callable[[K], R], chunk: Sequence[K]) -> list[R]:
    return [function(key) for key in chunk]


_shared: Any = None
"""In a worker of `map_shared`: its state."""


def _share(state: object) -> None:
    global _shared
    _shared = state


def _call_shared(function: Callable[[Any, K], R], key: K) -> R:
    return function(_shared, key)


def _start_worker(parent: int, allowed: tuple[Path, ...], setup: Callable[[], None] | None) -> None:
    global _allowed
    detach_worker(parent)
    _allowed = allowed  # a fresh interpreter has no lock of its own to set them
    if setup is not None:
        setup()


def detach_worker(parent: int) -> None:
    """In a worker process: drop the lock and die with the parent (a pool's initializer).

    A forked worker shares the lock's open file; closing its copy means a parent killed by
    SIGKILL releases the lock even if a worker lingers. PR_SET_PDEATHSIG ends the worker when
    the parent dies, and the parent check covers a parent that died before the call.
    """
    global _lock_fd
    if _lock_fd is not None:
        with contextlib.suppress(OSError):
            os.close(_lock_fd)
        _lock_fd = None
    with contextlib.suppress(OSError, AttributeError):
        libc = ctypes.CDLL(None, use_errno=True)
        libc.prctl(_PR_SET_PDEATHSIG, signal.SIGKILL, 0, 0, 0)
    if os.getppid() != parent:
        os._exit(1)
    # SIGTERM or Ctrl-C is for the parent to handle; a worker just stops with it.
    signal.signal(signal.SIGINT, signal.SIG_IGN)
