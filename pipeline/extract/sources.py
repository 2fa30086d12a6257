"""Source files -> [Source]: each document read and segmented, in parallel for large projects."""

from __future__ import annotations

import functools
import os
from collections.abc import Sequence
from dataclasses import dataclass
from pathlib import Path

from pipeline.config import Config
from pipeline.extract.documents import Document, find_documents, read_document
from pipeline.extract.profiles import features
from pipeline.extract.segments import Segment, build_segments
from pipeline.files import detach_worker
from pipeline.progress import Track, untracked

# Below this many documents per core, starting worker processes costs more than it saves.
PARALLEL_FROM = 64


@dataclass(frozen=True, slots=True)
class Source:
    """A document with its segments: what later stages need of a source file."""

    document: Document
    segments: tuple[Segment, ...]


def read_sources(config: Config, track: Track = untracked) -> list[Source]:
    """Read and segment every source document; the first bad one raises PipelineError.

    Parsing Markdown is the cost of this stage, so a large project is read by a pool of
    processes, one per core. Results come back in document order, so the output and the first
    error reported are the same as when reading one by one.
    """
    paths = find_documents(config.source_dir)
    read = functools.partial(
        read_source,
        config.source_dir,
        config.root,
        config.front_matter_keys,
        features(config.syntax),
    )
    workers = min(os.cpu_count() or 1, len(paths) // PARALLEL_FROM)
    if workers < 2:
        return [read(path) for path in track(paths, "extract")]
    # Imported here: a small project never starts a pool, and these are slow to import.
    import multiprocessing
    from concurrent.futures import ProcessPoolExecutor

    context = multiprocessing.get_context("fork")
    detach = functools.partial(detach_worker, os.getpid())
    with ProcessPoolExecutor(workers, mp_context=context, initializer=detach) as pool:
        results = pool.map(read, paths, chunksize=16)
        return [source for _, source in zip(track(paths, "extract"), results, strict=True)]


def read_source(
    source_dir: Path, root: Path, keys: Sequence[str], syntax: frozenset[str], path: Path
) -> Source:
    """One document and its segments (a top-level function, so worker processes can run it)."""
    document = read_document(path, source_dir, root)
    return Source(document, tuple(build_segments(document, keys, syntax)))
