"""English blocks <-> translated blocks: a dynamic programming alignment that survives drift.

As sentence aligners do (Gale & Church, with anchors), every way of walking both block lists in
order is scored and the cheapest kept. A step pairs one block with one (1-1), two with one
(2-1, a merge in the translation), one with two (1-2, a split), or leaves a block alone (1-0,
0-1). A pairing costs little when the kinds agree, the anchors (numbers, link targets, code,
hashtags, Latin names) are shared and the lengths have the document's ratio. Blocks left alone
on both sides are aligned once more among themselves, which finds sections that moved.

Costs are in `pipeline.interchange.costs`, moved sections in `pipeline.interchange.moves`, and the
state each link gets (translated, fuzzy with a reason) in `pipeline.interchange.judging`.
"""

from __future__ import annotations

import math
from collections.abc import Sequence

from pipeline.interchange.anchors import Block, merge_blocks
from pipeline.interchange.costs import (
    JOIN,
    OFF_DIAGONAL,
    SKIP,
    Link,
    common_words,
    disjoint,
    evidence,
    length_ratio,
    pair_cost,
)
from pipeline.interchange.moves import regroup

# Translators merge and split paragraphs; list items and table cells keep their structure.
JOINABLE = frozenset({"paragraph", "blockquote"})

# Moves: (English blocks, translated blocks) per step.
MOVES = ((1, 1), (1, 0), (0, 1), (2, 1), (1, 2))


def align_blocks(source: Sequence[Block], target: Sequence[Block]) -> list[Link]:
    """Align two block lists in order, then the blocks left over on both sides (unjudged)."""
    ratio = length_ratio(source, target)
    links = _align(source, target, range(len(source)), range(len(target)), ratio)
    # Blocks left alone (English added since, a translator's note) skew the whole-document
    # ratio; the one-to-one pairings give a better one, and a second pass uses it.
    paired = [link for link in links if len(link.source) == len(link.target) == 1]
    better = length_ratio(
        [source[k.source[0]] for k in paired], [target[k.target[0]] for k in paired]
    )
    if paired and abs(math.log(better / ratio)) > 0.1:
        ratio = better
        links = _align(source, target, range(len(source)), range(len(target)), ratio)
    links = [part for link in links for part in _unjoin(source, target, link)]
    alone_source = [i for link in links if not link.target for i in link.source]
    alone_target = [j for link in links if not link.source for j in link.target]
    if alone_source and alone_target:
        # What confirms a move is what tells the lone blocks apart from each other.
        common = common_words([source[i] for i in alone_source])
        found = [
            (link.source[0], link.target[0])
            for link in _align(source, target, alone_source, alone_target, ratio)
            if len(link.source) == len(link.target) == 1
            and evidence(source, target, link, common) > 0
        ]
        if found:
            links = regroup(source, target, links, found, ratio)
    return links


def _unjoin(source: Sequence[Block], target: Sequence[Block], link: Link) -> list[Link]:
    """A merge or split whose second block adds anchors that the other side does not have
    was chosen for its length alone: it is undone, so the block can be found elsewhere."""
    if len(link.source) + len(link.target) != 3:
        return [link]
    first = Link(link.source[:1], link.target[:1])
    if len(link.source) == 2:
        second, rest = source[link.source[1]], Link(link.source[1:], ())
    else:
        second, rest = target[link.target[1]], Link((), link.target[1:])
    if second.anchors and evidence(source, target, link) <= evidence(source, target, first):
        return [first, rest]
    return [link]


def _align(
    source: Sequence[Block],
    target: Sequence[Block],
    rows: Sequence[int],
    columns: Sequence[int],
    ratio: float,
) -> list[Link]:
    """The cheapest monotonic path through the blocks `rows` x `columns` (indexes)."""
    n, m = len(rows), len(columns)
    if _same_shape(source, target, rows, columns, ratio):
        return [Link((rows[k],), (columns[k],)) for k in range(n)]
    band = abs(n - m) + 8  # drift rarely shifts blocks further than this
    inf = math.inf
    cost = [[inf] * (m + 1) for _ in range(n + 1)]
    back: list[list[tuple[int, int]]] = [[(0, 0)] * (m + 1) for _ in range(n + 1)]
    cost[0][0] = 0.0
    for i in range(n + 1):
        centre = i * m // n if n else 0
        for j in range(max(0, centre - band), min(m, centre + band) + 1):
            here = cost[i][j]
            if here == inf:
                continue
            for di, dj in MOVES:
                if i + di > n or j + dj > m:
                    continue
                step = _step_cost(source, target, rows[i : i + di], columns[j : j + dj], ratio)
                if di and dj:  # between equal pairings, the one nearer the diagonal
                    step += OFF_DIAGONAL * abs(i / n - j / m)
                if here + step < cost[i + di][j + dj]:
                    cost[i + di][j + dj] = here + step
                    back[i + di][j + dj] = (di, dj)
    return _trace(back, rows, columns, n, m)


def _trace(
    back: list[list[tuple[int, int]]], rows: Sequence[int], columns: Sequence[int], n: int, m: int
) -> list[Link]:
    links = []
    i, j = n, m
    while i or j:
        di, dj = back[i][j]
        links.append(Link(tuple(rows[i - di : i]), tuple(columns[j - dj : j])))
        i, j = i - di, j - dj
    links.reverse()
    return links


def _same_shape(
    source: Sequence[Block],
    target: Sequence[Block],
    rows: Sequence[int],
    columns: Sequence[int],
    ratio: float,
) -> bool:
    """The common case, decided without the search: same kinds in the same order, each
    pairing cheaper than leaving both blocks alone, none with anchors all different."""
    if len(rows) != len(columns):
        return False
    return all(
        source[i].kind == target[j].kind
        and pair_cost(source[i], target[j], ratio) < SKIP
        and not disjoint(source[i], target[j])
        for i, j in zip(rows, columns, strict=True)
    )


def _step_cost(
    source: Sequence[Block],
    target: Sequence[Block],
    rows: Sequence[int],
    columns: Sequence[int],
    ratio: float,
) -> float:
    if not rows or not columns:
        return SKIP
    english = [source[i] for i in rows]
    translated = [target[j] for j in columns]
    if len(english) == 1 and len(translated) == 1:
        return pair_cost(english[0], translated[0], ratio)
    joined = english if len(english) == 2 else translated
    if not all(block.kind in JOINABLE for block in (*english, *translated)):
        return math.inf
    if joined[0].kind != joined[1].kind:
        return math.inf
    left = english[0] if len(english) == 1 else merge_blocks(english[0], english[1])
    right = translated[0] if len(translated) == 1 else merge_blocks(translated[0], translated[1])
    return pair_cost(left, right, ratio) + JOIN
