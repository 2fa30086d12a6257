"""English blocks <-> translated blocks: a dynamic programming alignment that survives drift.

As sentence aligners do (Gale & Church, with anchors), every way of walking both block lists in
order is scored and the cheapest kept. A step pairs one block with one (1-1), two with one
(2-1, a merge in the translation), one with two (1-2, a split), or leaves a block alone (1-0,
0-1). A pairing costs little when the kinds agree, the anchors (numbers, link targets, code,
hashtags, Latin names) are shared and the lengths have the document's ratio. Blocks left alone
on both sides are aligned once more among themselves, which finds sections that moved.

Then each link gets a state (`pipeline.interchange.judging`): a 1-1 pairing is confident when
nothing contradicts it and either anchors confirm it or it sits in a stretch without drift;
everything else that is paired is fuzzy with the reason.
"""

from __future__ import annotations

import math
from collections.abc import Sequence
from dataclasses import dataclass

from pipeline.interchange.anchors import Block, merge_blocks

TRANSLATED = "translated"
FUZZY = "fuzzy"
UNMATCHED = "unmatched"

SKIP = 2.5
"""Cost of leaving one block without a counterpart; two skips must beat a plausible pairing."""
JOIN = 2.0
"""Extra cost of a merge or a split over the pairing of the joined blocks."""
SIGMA = 0.45
"""Spread of the log length ratio of a block pair around the document's ratio."""
PROSE = frozenset({"paragraph", "list item", "blockquote"})
# Translators merge and split paragraphs; list items and table cells keep their structure.
JOINABLE = frozenset({"paragraph", "blockquote"})
# Moves: (English blocks, translated blocks) per step.
MOVES = ((1, 1), (1, 0), (0, 1), (2, 1), (1, 2))


@dataclass(frozen=True, slots=True)
class Link:
    """One step of an alignment: English blocks and translated blocks taken as counterparts."""

    source: tuple[int, ...]
    """Indexes of English blocks (empty: a translated block with no counterpart)."""
    target: tuple[int, ...]
    """Indexes of translated blocks (empty: an English block with no counterpart)."""
    state: str = UNMATCHED
    """translated (confident 1-1), fuzzy (paired, with a reason), unmatched."""
    reason: str = ""
    """Why a pairing is fuzzy, for the `# imported:` comment."""


def align_blocks(source: Sequence[Block], target: Sequence[Block]) -> list[Link]:
    """Align two block lists in order, then the blocks left over on both sides (unjudged)."""
    ratio = length_ratio(source, target)
    links = _align(source, target, range(len(source)), range(len(target)), ratio)
    links = [part for link in links for part in _unjoin(source, target, link)]
    alone_source = [i for link in links if not link.target for i in link.source]
    alone_target = [j for link in links if not link.source for j in link.target]
    if alone_source and alone_target:
        moved = [
            Link(link.source, link.target, FUZZY, "moved: in another place in the translation")
            for link in _align(source, target, alone_source, alone_target, ratio)
            if link.source and link.target and evidence(source, target, link) > 0
        ]
        links = _replace_alone(links, moved)
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


def length_ratio(source: Sequence[Block], target: Sequence[Block]) -> float:
    """Characters of translation per character of English in this document."""
    english = sum(block.length for block in source)
    translated = sum(block.length for block in target)
    return (translated + 1) / (english + 1)


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
    band = abs(n - m) + 12
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
    pairing cheaper than leaving both blocks alone."""
    if len(rows) != len(columns):
        return False
    return all(
        source[i].kind == target[j].kind and pair_cost(source[i], target[j], ratio) < SKIP
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


def pair_cost(english: Block, translated: Block, ratio: float) -> float:
    """How unlikely it is that `translated` renders `english` (lower is likelier)."""
    return (
        kind_cost(english.kind, translated.kind)
        + _length_cost(english, translated, ratio)
        + _anchor_cost(english, translated)
    )


def kind_cost(english: str, translated: str) -> float:
    if english == translated:
        return 0.0
    if english.startswith("heading") and translated.startswith("heading"):
        return 1.5
    if english in PROSE and translated in PROSE:
        return 1.5
    if {english, translated} == {"table header", "table cell"}:
        return 1.0
    if {english, translated} <= PROSE | {"image alt text"}:
        return 2.0
    return 6.0


def log_ratio(english: Block, translated: Block, ratio: float) -> float:
    """How far the pair's length ratio is from the document's, on a log scale."""
    return math.log((translated.length + 8) / (ratio * english.length + 8))


def _length_cost(english: Block, translated: Block, ratio: float) -> float:
    return (log_ratio(english, translated, ratio) / SIGMA) ** 2 / 2


def shared_anchors(english: Block, translated: Block) -> tuple[int, int]:
    """(anchors both have, anchors only one has), counting repeats."""
    shared = sum(min(n, translated.anchors[a]) for a, n in english.anchors.items())
    total = english.anchors.total() + translated.anchors.total()
    return shared, total - 2 * shared


def name_hits(english: Block, translated: Block) -> tuple[int, int]:
    """(Latin words of the translation found in the English, those not found)."""
    found = len(translated.words & english.words)
    return found, len(translated.words) - found


def _anchor_cost(english: Block, translated: Block) -> float:
    shared, alone = shared_anchors(english, translated)
    found, missing = name_hits(english, translated)
    return -1.0 * min(shared, 4) - 0.5 * min(found, 4) + 0.8 * min(alone, 6) + 0.4 * min(missing, 6)


def evidence(
    source: Sequence[Block],
    target: Sequence[Block],
    link: Link,
    common: frozenset[str] = frozenset(),
) -> int:
    """Anchors and names a pairing shares, minus those that contradict it; `common` words (in
    many blocks of the document) confirm nothing."""
    english = joined([source[i] for i in link.source])
    translated = joined([target[j] for j in link.target])
    shared, alone = shared_anchors(english, translated)
    found = len((translated.words & english.words) - common)
    missing = len(translated.words - english.words)
    return 2 * shared + found - alone - missing


def joined(blocks: Sequence[Block]) -> Block:
    return blocks[0] if len(blocks) == 1 else merge_blocks(blocks[0], blocks[1])


def _replace_alone(links: list[Link], moved: list[Link]) -> list[Link]:
    """`links` with the lone blocks that `moved` pairs replaced by those pairings.

    Links stay in English order; a translated block left alone stays after the English block
    that precedes it.
    """
    paired = {("s", i) for link in moved for i in link.source}
    paired |= {("t", j) for link in moved for j in link.target}
    keyed: list[tuple[tuple[float, int], Link]] = []
    last = -1.0
    for link in links:
        if link.source:
            last = link.source[-1]
            if link.target or ("s", link.source[0]) not in paired:
                keyed.append(((link.source[0], 0), link))
        elif ("t", link.target[0]) not in paired:
            keyed.append(((last + 0.5, link.target[0]), link))
    keyed.extend(((link.source[0], 0), link) for link in moved)
    return [link for _, link in sorted(keyed, key=lambda pair: pair[0])]
