"""What a pairing of blocks costs, and what evidence supports it: the aligner's scores.

A pairing costs little when the kinds agree, the anchors (numbers, link targets, code, hashtags)
are shared, the translation's Latin-script names occur in the English, and the lengths have the
document's ratio (Gale & Church's length model, on a log scale).
"""

from __future__ import annotations

import math
from collections import Counter
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
OFF_DIAGONAL = 0.5
"""Cost of a pairing per unit of relative distance from the diagonal: breaks ties in order."""
SIGMA = 0.45
"""Spread of the log length ratio of a block pair around the document's ratio."""
PROSE = frozenset({"paragraph", "list item", "blockquote"})


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
    expected = ratio if translated.native else 1.0
    return math.log((translated.length + 8) / (expected * english.length + 8))


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
    """Shared anchors and names make a pairing likelier, anchors of one side only less so;
    a number that differs from the other side's number (an updated English) counts less."""
    shared, alone = shared_anchors(english, translated)
    # An update changes a number or two; a block with none of the other's anchors is another.
    changed = _changed_anchors(english, translated) if alone else 0
    changed = changed if shared or changed <= 2 else 0
    found, missing = name_hits(english, translated)
    return (
        -1.0 * min(shared, 4)
        - 0.5 * min(found, 4)
        + 0.8 * min(alone - changed, 6)
        + 0.3 * min(changed, 6)
        + 0.4 * min(missing, 6)
    )


def disjoint(english: Block, translated: Block) -> bool:
    """Both have anchors, and none in common."""
    return (
        bool(english.anchors and translated.anchors) and not shared_anchors(english, translated)[0]
    )


def _changed_anchors(english: Block, translated: Block) -> int:
    """Unshared anchors of a category (number, link, code, tag) that both sides have."""
    changed = 0
    for category in ("number", "link", "code", "tag"):
        ours = _of(english, category)
        theirs = _of(translated, category)
        if ours and theirs:
            common = sum(min(n, theirs.get(a, 0)) for a, n in ours.items())
            changed += sum(ours.values()) + sum(theirs.values()) - 2 * common
    return changed


def _of(block: Block, category: str) -> dict[str, int]:
    prefix = category + " "
    return {a: n for a, n in block.anchors.items() if a.startswith(prefix)}


def evidence(
    source: Sequence[Block],
    target: Sequence[Block],
    link: Link,
    common: frozenset[str] = frozenset(),
) -> int:
    """Anchors and names a pairing shares, minus those that contradict it; `common` anchors and
    words (in many blocks of the document, such as its product's name) confirm nothing."""
    english = joined([source[i] for i in link.source])
    translated = joined([target[j] for j in link.target])
    shared, alone = shared_anchors(english, translated)
    shared -= sum(min(n, translated.anchors[a]) for a, n in english.anchors.items() if a in common)
    found = len((translated.words & english.words) - common)
    missing = len(translated.words - english.words)
    return 2 * shared + found - alone - missing


def joined(blocks: Sequence[Block]) -> Block:
    return blocks[0] if len(blocks) == 1 else merge_blocks(blocks[0], blocks[1])


def length_ratio(source: Sequence[Block], target: Sequence[Block]) -> float:
    """Characters of translation per character of English in this document."""
    english = sum(block.length for block in source)
    translated = sum(block.length for block in target)
    return (translated + 1) / (english + 1)


def common_words(source: Sequence[Block]) -> frozenset[str]:
    """Names and anchors in more than one English block: no evidence for any of them (what two
    neighbours share cannot tell them apart)."""
    counts = Counter(word for block in source for word in (*block.words, *block.anchors))
    return frozenset(word for word, n in counts.items() if n > 1)
