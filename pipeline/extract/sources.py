"""Source files -> [Source]: each document read and segmented, in parallel for large projects."""

from __future__ import annotations

import functools
from collections.abc import Iterable, Iterator, Mapping, Sequence
from dataclasses import dataclass
from pathlib import Path

from pipeline.config import Config
from pipeline.extract.cache import cache_entry, cache_folder, keep_entries, load_source
from pipeline.extract.documents import (
    Document,
    document_id,
    find_documents,
    parse_document,
    read_source_file,
)
from pipeline.extract.profiles import features
from pipeline.extract.segments import Segment, build_segments
from pipeline.files import bounded_map, worker_pool
from pipeline.progress import Track, untracked
from pipeline.split import worker_count


@dataclass(frozen=True, slots=True)
class Source:
    """A document with its segments: what later stages need of a source file."""

    document: Document
    segments: tuple[Segment, ...]


def read_sources(
    config: Config,
    track: Track = untracked,
    known: Mapping[str, tuple[Document, tuple[Segment, ...]]] | None = None,
) -> list[Source]:
    """Read and segment every source document; the first bad one raises PipelineError.

    Parsing Markdown is the cost of this stage, so a large project is read by a pool of
    processes, one per core or `--jobs` (see `split.worker_count`). Results come back in
    document order, so the output and the first error reported are the same as when reading
    one by one. `known` (by document id, as the build parsed them) are not read again.
    """
    paths = find_documents(config.source_dir, config.shard)
    if not known:
        return list(iter_sources(config, paths, track))
    ids = [document_id(path, config.source_dir) for path in paths]
    read = iter_sources(config, [p for p, i in zip(paths, ids, strict=True) if i not in known])
    return [Source(*known[i]) if i in known else next(read) for i in ids]


def iter_sources(
    config: Config, paths: Sequence[Path], track: Track = untracked
) -> Iterator[Source]:
    """`read_sources` of `paths`, one at a time: the caller keeps what it needs of each."""
    read = functools.partial(
        read_source,
        config.source_dir,
        config.root,
        config.front_matter_keys,
        features(config.syntax),
        cache=cache_folder(config.root),
    )
    workers = worker_count(config.jobs, len(paths))
    if workers < 2:
        yield from (read(path) for path in track(paths, "extract"))
        return
    with worker_pool(workers) as pool:
        results = bounded_map(pool, read, paths, chunksize=16)
        yield from (source for _, source in zip(track(paths, "extract"), results, strict=True))


def read_source(
    source_dir: Path,
    root: Path,
    keys: Sequence[str],
    syntax: frozenset[str],
    path: Path,
    *,
    cache: Path | None = None,
) -> Source:
    """One document and its segments, from `cache` when it holds these bytes' (a top-level
    function, so worker processes can run it)."""
    file = read_source_file(path, source_dir, root)
    if cache is not None:
        cached = load_source(cache, file, keys, syntax)
        if cached is not None:
            return Source(*cached)
    document = parse_document(file.data, path, file.doc_id, file.reference)
    return Source(document, tuple(build_segments(document, keys, syntax)))


def cached(
    config: Config, sources: Iterable[Source], entries: dict[str, bytes]
) -> Iterator[Source]:
    """Each source as it passes, its source-cache entry added to `entries` (for `keep_parsed`)."""
    keys, syntax = config.front_matter_keys, features(config.syntax)
    for source in sources:
        entries.setdefault(*cache_entry(source.document, source.segments, keys, syntax))
        yield source


def keep_parsed(config: Config, entries: Mapping[str, bytes]) -> None:
    """Cache every source a full extract read (`cached` gathered their entries), for the next
    command that reads them."""
    folder = cache_folder(config.root)
    if folder is not None:
        keep_entries(folder, entries)
