"""Invariants of the aligner under random drift, on real translations with their source's shape.

Starting from a real translation whose blocks correspond one to one with its English source, a
random set of blocks is dropped from one side: English blocks (added since the translation) or
translated ones (left out by the translator). Whatever is dropped, a pairing imported as
translated is always the true one: a doubtful pairing may only be fuzzy. (Dropping blocks at the
same place on both sides makes an English block whose translation is another text, which only
the meaning can tell: an aligner sees an edited paragraph.)
"""

from __future__ import annotations

import functools

from hypothesis import given, settings
from hypothesis import strategies as st

from pipeline.extract.segments import FRONT_MATTER
from pipeline.interchange.alignment import align_blocks
from pipeline.interchange.anchors import Block, measure_block
from pipeline.interchange.costs import TRANSLATED, length_ratio
from pipeline.interchange.judging import judge_links
from tests.import_gold import KEYS, read_segments
from tests.test_import_roundtrip import REAL


@functools.cache
def blocks(index: int) -> tuple[tuple[Block, ...], tuple[Block, ...]]:
    english, translated, _ = REAL[index]
    found = []
    for path, keys in ((english, KEYS), (translated, None)):
        document, segments = read_segments(path, keys)
        body = [s for s in segments if s.kind != FRONT_MATTER]
        found.append(tuple(measure_block(s, document.text) for s in body))  # type: ignore[attr-defined]
    return found[0], found[1]


@st.composite
def drift(draw: st.DrawFn) -> tuple[int, tuple[int, ...], tuple[int, ...]]:
    """A document, and the positions of the English and translated blocks to drop."""
    index = draw(st.integers(0, len(REAL) - 1))
    size = len(blocks(index)[0])
    positions = st.lists(st.integers(0, size - 1), max_size=max(1, size // 4), unique=True)
    dropped = tuple(sorted(draw(positions)))
    return (index, dropped, ()) if draw(st.booleans()) else (index, (), dropped)


@settings(max_examples=40, deadline=None)
@given(drift())
def test_dropped_blocks_never_cause_a_wrong_translated_pairing(
    case: tuple[int, tuple[int, ...], tuple[int, ...]],
) -> None:
    index, dropped_source, dropped_target = case
    all_source, all_target = blocks(index)
    assert len(all_source) == len(all_target)
    rows = [i for i in range(len(all_source)) if i not in dropped_source]
    columns = [j for j in range(len(all_target)) if j not in dropped_target]
    source, target = [all_source[i] for i in rows], [all_target[j] for j in columns]
    links = align_blocks(source, target)
    judged = judge_links(source, target, links, length_ratio(source, target))
    wrong = [
        (source[link.source[0]].line, target[link.target[0]].line)
        for link in judged
        if link.state == TRANSLATED and rows[link.source[0]] != columns[link.target[0]]
    ]
    assert wrong == []
