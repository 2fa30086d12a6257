"""The aligner on real translated documentation against hand-checked gold alignments.

The bar: at least 95% of all blocks (English and translated) get the counterparts the gold gives
them, and no pairing that the gold does not have is imported as translated (a wrong pairing may
only ever be fuzzy, for a translator to look at).
"""

from __future__ import annotations

import functools

from tests.import_gold import GOLD, Case, Score, align_case, cases, pairing_refs, read_gold, score

CASES = cases()


@functools.cache
def scored(case: Case) -> Score:
    return score(read_gold(case.gold), pairing_refs(align_case(case)))


def test_the_gold_set_has_twenty_documents_in_three_languages() -> None:
    languages = {case.gold.relative_to(GOLD).parts[1] for case in CASES}
    assert len(CASES) >= 20
    assert len(languages) >= 3


def test_alignment_agrees_with_the_gold_on_95_percent_of_blocks() -> None:
    blocks = agreeing = 0
    below = []
    for case in CASES:
        found = scored(case)
        blocks += found.blocks
        agreeing += found.agreeing
        if found.agreeing < found.blocks:
            below.append(f"{case.gold.relative_to(GOLD)}: {found.agreeing}/{found.blocks}")
    assert blocks > 1000
    assert agreeing / blocks >= 0.95, below


def test_no_wrong_pairing_is_imported_as_translated() -> None:
    wrong = {}
    for case in CASES:
        found = scored(case)
        if found.wrong_translated:
            wrong[str(case.gold.relative_to(GOLD))] = found.wrong_translated
    assert wrong == {}
