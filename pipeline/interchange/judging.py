"""Aligned links -> honest states: confident 1-1 as translated, everything doubtful as fuzzy.

A wrong pairing may only ever be fuzzy, so "translated" needs two things: nothing contradicts the
pairing (same kind, anchors and names agree, plausible length) and something supports it:
anchors or names distinctive to the block, or a place where the structure did not drift. A block
added, dropped, moved, or merged or split without anchors to confirm it, makes the pairings of
blocks of its kind next to it uncertain (which of two paragraphs was dropped?), up to the nearest
anchored pairing or pairing of another kind.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import replace

from pipeline.interchange.anchors import Block
from pipeline.interchange.costs import (
    FUZZY,
    TRANSLATED,
    UNMATCHED,
    Link,
    common_words,
    evidence,
    joined,
    log_ratio,
    name_hits,
    shared_anchors,
)

# Beyond this log length ratio (about 3x off the document's ratio) a pairing is doubtful.
LENGTH_LIMIT = 1.1
PLURALS = {"paragraph": "paragraphs", "list item": "list items", "blockquote": "blockquotes"}


def judge_links(
    source: Sequence[Block], target: Sequence[Block], links: Sequence[Link], ratio: float
) -> list[Link]:
    """Each link with its state and, when fuzzy, the reason."""
    common = common_words(source)
    judged = [_judge(source, target, link, ratio) for link in links]
    drifts = [_drift_kinds(source, target, link, common) for link in judged]
    if not any(drifts):
        return judged
    pinned = [_pinned(source, target, link, common) for link in judged]
    out = list(judged)
    for k, kinds in enumerate(drifts):
        for step in (-1, 1) if kinds else ():
            q = k + step
            while 0 <= q < len(judged) and not pinned[q]:
                other = judged[q]
                if other.source and other.target and _kinds(source, target, other) - kinds:
                    break  # a pairing of another kind: the drift cannot slide past it
                if other.state == TRANSLATED:
                    out[q] = replace(other, state=FUZZY, reason=WEAK)
                q += step
    return out


WEAK = "weak match: no shared anchors, next to a change in structure"


def _kinds(source: Sequence[Block], target: Sequence[Block], link: Link) -> set[str]:
    return {source[i].kind for i in link.source} | {target[j].kind for j in link.target}


def _pinned(
    source: Sequence[Block], target: Sequence[Block], link: Link, common: frozenset[str]
) -> bool:
    """A pairing in place whose anchors confirm it: the blocks around it cannot slide past it.
    A merge or split is confirmed only when its second block's anchors are there too."""
    if link.state == TRANSLATED:
        return evidence(source, target, link, common) > 0
    if link.state != FUZZY or not _joined(link):
        return False
    first = Link(link.source[:1], link.target[:1])
    return evidence(source, target, link, common) > max(0, evidence(source, target, first, common))


def _joined(link: Link) -> bool:
    return len(link.source) + len(link.target) == 3


def _drift_kinds(
    source: Sequence[Block], target: Sequence[Block], link: Link, common: frozenset[str]
) -> set[str]:
    """The kinds of blocks a change in structure makes uncertain around it: a block left alone,
    a moved one, a merge or split that no anchor confirms, a pairing of two kinds; or none."""
    kinds = _kinds(source, target, link)
    if not link.source or not link.target or link.reason.startswith("moved"):
        return kinds
    if _joined(link):
        return set() if _pinned(source, target, link, common) else kinds
    return kinds if len(kinds) > 1 or link.state == FUZZY else set()


def _judge(source: Sequence[Block], target: Sequence[Block], link: Link, ratio: float) -> Link:
    if not link.source or not link.target:
        return Link(link.source, link.target, UNMATCHED)
    if link.state == FUZZY:
        return link
    english = [source[i] for i in link.source]
    translated = [target[j] for j in link.target]
    if len(english) == 2:
        return replace(link, state=FUZZY, reason=f"merged 2 {_plural(english[0].kind)}")
    if len(translated) == 2:
        reason = f"split into 2 {_plural(translated[0].kind)} in the translation"
        return replace(link, state=FUZZY, reason=reason)
    doubt = judge_pair(english[0], translated[0], ratio)
    return Link(link.source, link.target, FUZZY if doubt else TRANSLATED, doubt)


def judge_pair(english: Block, translated: Block, ratio: float) -> str:
    """What contradicts a 1-1 pairing, or "" (the reason it is fuzzy)."""
    if english.kind != translated.kind:
        return f"weak match: {english.kind} paired with a {translated.kind}"
    shared, alone = shared_anchors(english, translated)
    if alone > shared and (alone >= 2 or (english.anchors and translated.anchors)):
        return "weak match: numbers, links or code differ"
    found, missing = name_hits(english, translated)
    # Text left in Latin script (a file name, a command) is itself the anchor: it must match.
    if missing > found and (missing >= 2 or not translated.native):
        return "weak match: names in Latin script differ"
    if abs(log_ratio(english, translated, ratio)) > LENGTH_LIMIT:
        return "weak match: lengths differ"
    return ""


def _plural(kind: str) -> str:
    return PLURALS.get(kind, kind + "s")


def describe_source(source: Sequence[Block], link: Link) -> Block:
    """The English side of a link as one block (for reports)."""
    return joined([source[i] for i in link.source])
