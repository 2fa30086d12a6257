"""How work is split: `--jobs` worker processes on one machine, `--shard i/n` across machines.

A shard holds the documents whose id hashes to it (the first 8 bytes of its SHA-256, modulo
n): the same on every machine and Python version, and adding or removing a document moves no
other document to another shard, so a CI matrix's caches stay warm.
"""

from __future__ import annotations

import hashlib
import os
import re
from dataclasses import dataclass

from pipeline.errors import PipelineError

PER_WORKER = 32
"""Below this many documents per worker, starting worker processes costs more than it saves."""
_SHARD = re.compile(r"([1-9][0-9]*)/([1-9][0-9]*)")


@dataclass(frozen=True, slots=True)
class Shard:
    """Shard `index` of `count` (1-based, as CI matrices count)."""

    index: int
    count: int

    def holds(self, doc_id: str) -> bool:
        digest = hashlib.sha256(doc_id.encode("utf-8")).digest()
        return int.from_bytes(digest[:8], "big") % self.count == self.index - 1

    @property
    def name(self) -> str:
        """For file names: `1-of-3`."""
        return f"{self.index}-of-{self.count}"


def parse_shard(text: str) -> Shard:
    """`i/n` with 1 <= i <= n; anything else is a user's mistake."""
    found = _SHARD.fullmatch(text.strip())
    if found is None or int(found[1]) > int(found[2]):
        raise PipelineError(f"--shard {text!r}: expected i/n with 1 <= i <= n, such as 2/4")
    return Shard(int(found[1]), int(found[2]))


def in_shard(shard: Shard | None, doc_id: str) -> bool:
    """Whether a run with `shard` (None: the whole project) works on the document."""
    return shard is None or shard.holds(doc_id)


def worker_count(jobs: int | None, items: int) -> int:
    """Worker processes for `items` documents: at most `jobs` (None: the cores), and at least
    `PER_WORKER` documents each; below 2 the caller works in its own process."""
    limit = jobs if jobs is not None else (os.cpu_count() or 1)
    return max(1, min(limit, items // PER_WORKER))
