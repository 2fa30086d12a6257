"""Aligned links -> honest states: confident 1-1 as translated, everything doubtful as fuzzy.

A wrong pairing may only ever be fuzzy, so "translated" needs two things: nothing contradicts the
pairing (same kind, anchors and names agree, plausible length) and something supports it:
anchors or names distinctive to the block, or a stretch between two anchored pairings in which
the structure did not drift (no block added, dropped, merged, split or moved), where pairing in
order is all there is to do.
"""

from __future__ import annotations

from collections import Counter
from collections.abc import Sequence
from dataclasses import replace

from pipeline.interchange.alignment import (
    FUZZY,
    TRANSLATED,
    UNMATCHED,
    Link,
    evidence,
    joined,
    log_ratio,
    name_hits,
    shared_anchors,
)
from pipeline.interchange.anchors import Block

# Beyond this log length ratio (about 3x off the document's ratio) a pairing is doubtful.
LENGTH_LIMIT = 1.1
# A word in more English blocks than this is no evidence for any of them ("Astro" in Astro's docs).
COMMON_IN = 3
PLURALS = {"paragraph": "paragraphs", "list item": "list items", "blockquote": "blockquotes"}


def judge_links(
    source: Sequence[Block], target: Sequence[Block], links: Sequence[Link], ratio: float
) -> list[Link]:
    """Each link with its state and, when fuzzy, the reason."""
    common = common_words(source)
    judged = [_judge(source, target, link, ratio) for link in links]
    anchored = [
        link.state == TRANSLATED and evidence(source, target, link, common) > 0 for link in judged
    ]
    out = list(judged)
    start = 0
    for end in [*(k for k, flag in enumerate(anchored) if flag), len(judged)]:
        stretch = range(start, end)
        if any(_drift(source, target, judged[k]) for k in stretch):
            for k in stretch:
                if judged[k].state == TRANSLATED:
                    reason = "weak match: no shared anchors, next to a change in structure"
                    out[k] = replace(judged[k], state=FUZZY, reason=reason)
        start = end + 1
    return out


def common_words(source: Sequence[Block]) -> frozenset[str]:
    counts = Counter(word for block in source for word in block.words)
    return frozenset(word for word, n in counts.items() if n > COMMON_IN)


def _drift(source: Sequence[Block], target: Sequence[Block], link: Link) -> bool:
    """A link that is not a plain 1-1 pairing of blocks of the same kind."""
    if len(link.source) != 1 or len(link.target) != 1 or link.reason.startswith("moved"):
        return True
    return source[link.source[0]].kind != target[link.target[0]].kind


def _judge(source: Sequence[Block], target: Sequence[Block], link: Link, ratio: float) -> Link:
    if not link.source or not link.target:
        return replace(link, state=UNMATCHED, reason="")
    if link.state == FUZZY:
        return link
    english = [source[i] for i in link.source]
    translated = [target[j] for j in link.target]
    if len(english) == 2:
        return replace(link, state=FUZZY, reason=f"merged 2 {_plural(english[0].kind)}")
    if len(translated) == 2:
        reason = f"split into 2 {_plural(translated[0].kind)} in the translation"
        return replace(link, state=FUZZY, reason=reason)
    doubt = _doubt(english[0], translated[0], ratio)
    return replace(link, state=FUZZY if doubt else TRANSLATED, reason=doubt)


def _doubt(english: Block, translated: Block, ratio: float) -> str:
    """What contradicts a 1-1 pairing, or ""."""
    if english.kind != translated.kind:
        return f"weak match: {english.kind} paired with a {translated.kind}"
    shared, alone = shared_anchors(english, translated)
    if alone > shared and (alone >= 2 or (english.anchors and translated.anchors)):
        return "weak match: numbers, links or code differ"
    found, missing = name_hits(english, translated)
    if missing >= 2 and missing > found:
        return "weak match: names in Latin script differ"
    if abs(log_ratio(english, translated, ratio)) > LENGTH_LIMIT:
        return "weak match: lengths differ"
    return ""


def _plural(kind: str) -> str:
    return PLURALS.get(kind, kind + "s")


def describe_source(source: Sequence[Block], link: Link) -> Block:
    """The English side of a link as one block (for reports)."""
    return joined([source[i] for i in link.source])
