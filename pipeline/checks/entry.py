"""Entry: the one argument every check takes, a translation with what is known around it;
and the comparisons checks share."""

from __future__ import annotations

import re
from collections import Counter
from collections.abc import Sequence
from dataclasses import dataclass

from pipeline.checks.glossary import Term
from pipeline.po import Catalog, Message


@dataclass(frozen=True, slots=True)
class Entry:
    """One translation to check: a msgstr (or a plural form) beside the text it translates.

    For the header checks, `message` is the header and `source` is empty.
    """

    source: str
    """The msgid (msgid_plural for plural forms after the first)."""
    translation: str
    """The msgstr, or one msgstr[n]."""
    locale: str
    """The catalog's locale, from its folder: `ko`, `zh_Hans`..."""
    message: Message
    catalog: Catalog
    kind: str = ""
    """What the segment is, from the `#.` comment: heading, paragraph, list item, table cell..."""
    url_patterns: tuple[re.Pattern[str], ...] = ()
    """`allowed_url_patterns`: link targets a translation may use instead of the source's."""
    comment_problems: tuple[str, ...] = ()
    """What is wrong with this entry's `# check: ignore ...` comments (unknown names...)."""
    terms: tuple[Term, ...] = ()
    """The locale's glossary (`glossary:` in pipeline.yaml), for the terminology check."""

    @property
    def language(self) -> str:
        """The language subtag: `zh` for `zh_Hans`."""
        return self.locale.partition("_")[0]


def difference(source: Sequence[str], translation: Sequence[str]) -> tuple[list[str], list[str]]:
    """What the source has that the translation lacks, and the reverse, counting repeats."""
    if len(source) == len(translation) and sorted(source) == sorted(translation):
        return [], []  # the usual case, without building counters
    have, want = Counter(translation), Counter(source)
    return list((want - have).elements()), list((have - want).elements())


def describe(what: str, missing: list[str], added: list[str], *, extra: bool = True) -> str | None:
    """`X changed to Y` for pairs, then what is only missing, then (if `extra`) only added."""
    if not missing and not added:
        return None
    problems = [f"{what} {old} changed to {new}" for old, new in zip(missing, added, strict=False)]
    pairs = min(len(missing), len(added))
    problems += [f"{what} {old} is missing" for old in missing[pairs:]]
    if extra:
        problems += [f"{what} {new} is not in the source" for new in added[pairs:]]
    return "; ".join(problems) or None
