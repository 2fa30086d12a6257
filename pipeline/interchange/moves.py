"""Blocks that moved: an in-order alignment, corrected where a section changed places.

The dynamic programming alignment is monotonic, so of two sections that swapped places one is
paired and the other left alone on both sides. Its blocks are aligned once more among themselves
(`found`, kept only where anchors confirm them); then structure does the rest:

- the heading right before a moved block, in both documents, moved with it (a section is its
  heading and body), even when the in-order pass had paired it by position alone;
- blocks of the same kind left alone right next to a confirmed pairing, on both sides, are each
  other's counterparts (the in-order pass could not pair them without crossing a move).
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass, field

from pipeline.interchange.anchors import Block
from pipeline.interchange.costs import FUZZY, SKIP, Link, evidence, pair_cost

MOVED = "moved: in another place in the translation"


@dataclass(slots=True)
class _Pairs:
    """One-to-one pairings being corrected (merges and splits stay as they are)."""

    partner: dict[int, int]
    moved: set[int] = field(default_factory=set)
    fixed_source: set[int] = field(default_factory=set)
    fixed_target: set[int] = field(default_factory=set)

    def source_of(self, j: int) -> int | None:
        return next((i for i, t in self.partner.items() if t == j), None)

    def pair(self, i: int, j: int, moved: bool) -> None:
        self.partner.pop(i, None)
        other = self.source_of(j)
        if other is not None:
            del self.partner[other]
            self.moved.discard(other)
        self.partner[i] = j
        (self.moved.add if moved else self.moved.discard)(i)


def regroup(
    source: Sequence[Block],
    target: Sequence[Block],
    links: Sequence[Link],
    found: Sequence[tuple[int, int]],
    ratio: float,
) -> list[Link]:
    """`links` corrected by the moved pairings `found` among blocks left alone."""
    pairs = _Pairs({link.source[0]: link.target[0] for link in links if _one_to_one(link)})
    joined = [link for link in links if len(link.source) + len(link.target) == 3]
    pairs.fixed_source = {i for link in joined for i in link.source}
    pairs.fixed_target = {j for link in joined for j in link.target}
    for i, j in found:
        pairs.pair(i, j, moved=True)
    for i, j in sorted(pairs.partner.items()):
        if i in pairs.moved:
            _take_heading(source, target, pairs, i - 1, j - 1, ratio)
    for i, j in sorted(pairs.partner.items()):
        if i in pairs.moved or evidence(source, target, Link((i,), (j,))) > 0:
            for step in (-1, 1):
                _pair_lone_neighbours(source, target, pairs, i, j, step, ratio)
    return _links(pairs, joined, len(source), len(target))


def _one_to_one(link: Link) -> bool:
    return len(link.source) == len(link.target) == 1


def _take_heading(
    source: Sequence[Block], target: Sequence[Block], pairs: _Pairs, a: int, b: int, ratio: float
) -> None:
    if a < 0 or b < 0 or a in pairs.fixed_source or b in pairs.fixed_target:
        return
    if not source[a].kind.startswith("heading") or source[a].kind != target[b].kind:
        return
    for i, j in ((a, pairs.partner.get(a)), (pairs.source_of(b), b)):
        if i is not None and j is not None and evidence(source, target, Link((i,), (j,))) > 0:
            return  # paired by its anchors, not by position: it did not move
    if pairs.partner.get(a) != b and pair_cost(source[a], target[b], ratio) < SKIP:
        pairs.pair(a, b, moved=True)


def _pair_lone_neighbours(
    source: Sequence[Block],
    target: Sequence[Block],
    pairs: _Pairs,
    i: int,
    j: int,
    step: int,
    ratio: float,
) -> None:
    a, b = i + step, j + step
    while 0 <= a < len(source) and 0 <= b < len(target) and _alone(pairs, a, b):
        if source[a].kind != target[b].kind or pair_cost(source[a], target[b], ratio) >= SKIP:
            return
        pairs.pair(a, b, moved=i in pairs.moved)
        a, b = a + step, b + step


def _alone(pairs: _Pairs, a: int, b: int) -> bool:
    taken_source = a in pairs.partner or a in pairs.fixed_source
    taken_target = b in pairs.fixed_target or pairs.source_of(b) is not None
    return not taken_source and not taken_target


def _links(pairs: _Pairs, joined: Sequence[Link], n: int, m: int) -> list[Link]:
    """All links in English order; a lone translated block after the English block whose
    counterpart comes before it."""
    by_source: dict[int, Link] = {link.source[0]: link for link in joined if link.source}
    for i, j in pairs.partner.items():
        by_source[i] = Link((i,), (j,), FUZZY, MOVED) if i in pairs.moved else Link((i,), (j,))
    covered = {i for link in by_source.values() for i in link.source}
    keyed: list[tuple[tuple[float, int], Link]] = []
    for i in range(n):
        if i in by_source:
            keyed.append(((i, 0), by_source[i]))
        elif i not in covered:
            keyed.append(((i, 0), Link((i,), ())))
    taken = {j for link in by_source.values() for j in link.target}
    for j in (j for j in range(m) if j not in taken):
        before = [i for i, link in by_source.items() if link.target and max(link.target) < j]
        keyed.append(((max(before, default=-1) + 0.5, j), Link((), (j,))))
    return [link for _, link in sorted(keyed, key=lambda pair: pair[0])]
