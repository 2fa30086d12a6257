"""Find, for a new msgid, the old msgid most like it: the fuzzy half of merging catalogs.

Similarity is msgmerge's: 2 x (longest common subsequence) / (sum of both lengths), over
characters, computed by RapidFuzz's `Indel` in C++. As in msgmerge, a candidate with the same
msgctxt (or none) gets 0.00001 more, and the weight must be strictly above 0.6: so 0.6 itself
matches within a context. Ties go to the candidate nearest the new message's position, then to
the first in file order.

A small set of candidates (most catalogs: one per document) is compared with every query, which
is what msgmerge does and costs well under a millisecond. A large one is first narrowed with an
inverted index of character 4-grams, as in msgmerge: the 64 candidates sharing the most of the
query's 24 rarest 4-grams are compared, so the work per query stays about constant as catalogs
grow (msgmerge compares every candidate sharing any 4-gram). Grams of characters, not words, so
text without spaces (Chinese, Japanese) is indexed as well as English.
"""

from __future__ import annotations

import itertools
from collections import Counter
from collections.abc import Sequence
from dataclasses import dataclass
from fractions import Fraction

THRESHOLD = Fraction(3, 5)
"""msgmerge's FUZZY_THRESHOLD: a candidate's weight must be strictly above it."""
CONTEXT_BONUS = Fraction(1, 100_000)
"""msgmerge's advantage for a candidate valid in any context or in the query's own."""
EXHAUSTIVE_LIMIT = 1000
"""Up to this many candidates, every one is compared (about 0.1 ms per query)."""
GRAM = 4
RAREST_GRAMS = 24
"""How many of the query's rarest 4-grams vote for candidates."""
SHORTLIST = 64
"""How many of the candidates with the most votes are compared exactly."""
# 2*min/(a+b) >= 3/5 needs min/max >= 3/7: longer or shorter candidates cannot match.
LENGTH_RATIO = Fraction(3, 7)


@dataclass(frozen=True, slots=True)
class Candidate:
    """An old message that can lend its translation."""

    msgid: str
    msgctxt: str | None
    position: int
    """Its index in the old catalog: ties go to the nearest, then the first."""


@dataclass(frozen=True, slots=True)
class Match:
    index: int
    """Index of the candidate in the list the index was built from."""
    similarity: Fraction


class FuzzyIndex:
    """Candidates for fuzzy matching, searched exhaustively or through a 4-gram index."""

    def __init__(self, candidates: Sequence[Candidate]) -> None:
        self.candidates = candidates
        self.texts = [candidate.msgid for candidate in candidates]
        self.postings: dict[str, list[int]] | None = None

    def best(self, msgid: str, msgctxt: str | None, position: int) -> Match | None:
        """The most similar candidate above the threshold, by the tie rule; None if none is."""
        if len(self.texts) <= EXHAUSTIVE_LIMIT:
            return self._choose(msgid, msgctxt, position, range(len(self.texts)), self.texts)
        shortlist = self._shortlist(msgid)
        texts = [self.texts[index] for index in shortlist]
        return self._choose(msgid, msgctxt, position, shortlist, texts)

    def _choose(
        self,
        msgid: str,
        msgctxt: str | None,
        position: int,
        indexes: Sequence[int],
        texts: Sequence[str],
    ) -> Match | None:
        # Imported here, as in similarity_of: an update that changes no msgid never matches.
        from rapidfuzz import process
        from rapidfuzz.distance import Indel

        # The C++ scan drops most candidates; exact fractions then settle the threshold and ties.
        found = process.extract(
            msgid, texts, scorer=Indel.normalized_similarity, score_cutoff=0.59, limit=None
        )
        best: tuple[tuple[Fraction, int, int], Match] | None = None
        for _, _, found_at in found:
            index = indexes[found_at]
            candidate = self.candidates[index]
            similarity = similarity_of(msgid, candidate.msgid)
            if candidate.msgctxt is None or candidate.msgctxt == msgctxt:
                weight = similarity + CONTEXT_BONUS
            else:
                weight = similarity
            if weight <= THRESHOLD:
                continue
            rank = (weight, -abs(candidate.position - position), -index)
            if best is None or rank > best[0]:
                best = (rank, Match(index, similarity))
        return None if best is None else best[1]

    def _shortlist(self, msgid: str) -> list[int]:
        """Candidates sharing the most of the query's rarest 4-grams, and of a possible length."""
        postings = self._postings()
        query = _grams(msgid)
        if not query:
            return [i for i, text in enumerate(self.texts) if _length_fits(msgid, text)]
        # Sorted by gram too: set order varies between runs (hash seeds), the output must not.
        rarest = sorted((len(postings[g]), g) for g in query if g in postings)[:RAREST_GRAMS]
        lists = [postings[gram] for _, gram in rarest]
        votes: Counter[int] = Counter()
        for found in lists:
            votes.update(found)
        # most_common breaks ties by first vote, which follows file order: deterministic.
        ranked = (index for index, _ in votes.most_common())
        fitting = (i for i in ranked if _length_fits(msgid, self.texts[i]))
        return sorted(itertools.islice(fitting, SHORTLIST))

    def _postings(self) -> dict[str, list[int]]:
        if self.postings is None:
            self.postings = {}
            for index, text in enumerate(self.texts):
                for gram in _grams(text):
                    self.postings.setdefault(gram, []).append(index)
        return self.postings


def similarity_of(a: str, b: str) -> Fraction:
    """msgmerge's measure, exactly: 1 - (insertions + deletions) / (len(a) + len(b))."""
    from rapidfuzz.distance import Indel

    total = len(a) + len(b)
    if total == 0:
        return Fraction(1)
    return Fraction(total - Indel.distance(a, b), total)


def _grams(text: str) -> set[str]:
    folded = text.casefold()
    return {folded[i : i + GRAM] for i in range(len(folded) - GRAM + 1)}


def _length_fits(a: str, b: str) -> bool:
    shorter, longer = sorted((len(a), len(b)))
    return shorter * LENGTH_RATIO.denominator >= longer * LENGTH_RATIO.numerator
