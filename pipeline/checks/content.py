"""Content and hygiene checks: what must not change, white space, untouched and header problems.

Each check takes an Entry and returns a message, or None when the translation passes.
"""

from __future__ import annotations

import difflib
import functools
import re
import unicodedata
from collections import Counter
from dataclasses import dataclass

from babel import Locale
from babel.numbers import get_decimal_symbol, get_group_symbol

from pipeline.checks.entry import Entry, describe, difference
from pipeline.checks.skeleton import digit_system, excerpt, facts, has_letters, skeleton
from pipeline.locales import LANGUAGE_ALIKE, language_match, plural_rules, same_plural_rule

# CLDR numbering systems whose digits are Unicode decimal digits, by the name their digits
# carry in Unicode (see `digit_system`); hanidec's 〇一二… are letters, handled on their own.
DIGIT_SYSTEMS = {
    "arab": "ARABIC-INDIC",
    "arabext": "EXTENDED ARABIC-INDIC",
    "beng": "BENGALI",
    "deva": "DEVANAGARI",
    "fullwide": "FULLWIDTH",
    "gujr": "GUJARATI",
    "guru": "GURMUKHI",
    "khmr": "KHMER",
    "knda": "KANNADA",
    "laoo": "LAO",
    "mlym": "MALAYALAM",
    "mymr": "MYANMAR",
    "orya": "ORIYA",
    "tamldec": "TAMIL",
    "telu": "TELUGU",
    "thai": "THAI",
    "tibt": "TIBETAN",
}
HANIDEC = str.maketrans("〇一二三四五六七八九", "0123456789")
HAN_NUMBER = re.compile("[〇一二三四五六七八九]+")
SPACES = re.compile(r"(?<=\S)[ \u3000]{2,}(?=\S)")
SUGGESTED = "suggested from "


@dataclass(frozen=True, slots=True)
class Digits:
    """How a locale writes numbers, per Babel."""

    systems: frozenset[str]
    """Digit scripts it uses ("" is ASCII, always allowed: the source's own digits)."""
    han: bool
    """Whether Babel lists Han decimal digits (〇一二…) for it."""
    group: str
    decimal: str


@functools.lru_cache(maxsize=64)
def locale_digits(locale: str) -> Digits:
    parsed = Locale.parse(locale)
    names = {parsed.default_numbering_system, parsed.other_numbering_systems.get("native", "")}
    systems = frozenset({"", *(DIGIT_SYSTEMS[n] for n in names if n in DIGIT_SYSTEMS)})
    return Digits(systems, "hanidec" in names, get_group_symbol(locale), get_decimal_symbol(locale))


def _value(number: str, group: str, decimal: str) -> str:
    """A number as ASCII digits without grouping, `.` as decimal point: `7,781` -> `7781`."""
    digits = "".join(str(unicodedata.decimal(c)) if c.isdigit() else c for c in number)
    for separator in {group, "\u00a0", "\u202f", "," if decimal != "," else ""} - {""}:
        digits = digits.replace(separator, "")
    return digits.replace(decimal, ".")


def check_numbers(entry: Entry) -> str | None:
    """Numbers kept (the locale's native digits allowed)."""
    numbers = facts(entry.source).numbers
    if not numbers:
        return None
    shown: dict[str, str] = {}  # value -> as the source writes it
    for number in numbers:
        shown.setdefault(_value(number, ",", "."), number)
    wanted = Counter(_value(number, ",", ".") for number in numbers)
    have, foreign = _translated_numbers(entry)
    problems = []
    for value, count in (wanted - have).items():
        if value in foreign:
            problems.append(
                f"{shown[value]} is written {foreign[value]}, in digits Babel does not list for"
                f" {entry.locale}"
            )
        elif count == wanted[value]:
            problems.append(f"number {shown[value]} is missing")
        else:
            problems.append(
                f"number {shown[value]} appears {wanted[value]} times in the source,"
                f" {have[value]} here"
            )
    return "; ".join(problems) or None


def _translated_numbers(entry: Entry) -> tuple[Counter[str], dict[str, str]]:
    """The translation's numbers by value, and those written in digits the locale does not use
    (value -> as written)."""
    digits = locale_digits(entry.locale)
    found = list(facts(entry.translation).numbers)
    if digits.han:
        found += [n.translate(HANIDEC) for n in HAN_NUMBER.findall(facts(entry.translation).words)]
    have: Counter[str] = Counter()
    foreign: dict[str, str] = {}
    for number in found:
        value = _value(number, digits.group, digits.decimal)
        if {digit_system(c) for c in number if c.isdigit()} <= digits.systems:
            have[value] += 1
        else:
            foreign[value] = number
    return have, foreign


def check_hashtags(entry: Entry) -> str | None:
    """Hashtags (#GeorgeFloyd) kept verbatim."""
    missing, added = difference(facts(entry.source).hashtags, facts(entry.translation).hashtags)
    return describe("hashtag", missing, added, extra=False)


def check_handles(entry: Entry) -> str | None:
    """Handles (@name) kept verbatim."""
    missing, added = difference(facts(entry.source).handles, facts(entry.translation).handles)
    return describe("handle", missing, added, extra=False)


def check_urls(entry: Entry) -> str | None:
    """Bare URLs and e-mail addresses kept verbatim."""
    missing, added = difference(facts(entry.source).urls, facts(entry.translation).urls)
    return describe("address", missing, added, extra=False)


def check_whitespace(entry: Entry) -> str | None:
    """Same leading and trailing white space as the source."""
    problems = []
    for where, edge in (("leading", _leading), ("trailing", _trailing)):
        before, after = edge(entry.source), edge(entry.translation)
        if before != after:
            problems.append(f"{where} white space: {after!r} here, {before!r} in the source")
    return "; ".join(problems) or None


def _leading(text: str) -> str:
    return text[: len(text) - len(text.lstrip())]


def _trailing(text: str) -> str:
    return text[len(text.rstrip()) :]


def check_double_space(entry: Entry) -> str | None:
    """No doubled spaces that the source does not have."""
    text = skeleton(entry.translation).text  # code spans may hold any spaces they like
    runs = list(SPACES.finditer(text))
    if len(runs) <= len(SPACES.findall(skeleton(entry.source).text)):
        return None
    return f"doubled space in “{excerpt(text, *runs[0].span(), after=6)}”"


def check_same_as_source(entry: Entry) -> str | None:
    """Translation differs from its source (or is marked so)."""
    if entry.translation != entry.source or not has_letters(facts(entry.source).words):
        return None
    return (
        "the translation is the source text; if that is right (a name, a title), say so with"
        " the translator comment `# check: ignore same-as-source`"
    )


def check_fuzzy_unchanged(entry: Entry) -> str | None:
    """Fuzzy entries carried over by update, not reviewed yet.

    Precisely: a fuzzy entry with a `#|` previous msgid (its source changed after it was
    translated) or with a `# suggested from DOC` comment (filled from translation memory).
    Reviewing it means removing the fuzzy flag; the next update then drops the `#|` lines.
    """
    message = entry.message
    if message.previous_msgid is not None:
        changes = _changes(message.previous_msgid, message.msgid)
        return (
            f"fuzzy since the source changed{changes}: review the translation, then remove the"
            " fuzzy flag"
        )
    suggested = [c for c in message.translator_comments if c.startswith(SUGGESTED)]
    if suggested:
        return (
            f"fuzzy, {suggested[0]} (translation memory): review it in this context, then remove"
            " the fuzzy flag"
        )
    return None


@functools.lru_cache(maxsize=4096)  # one source edit makes the same fuzzy entry in every locale
def _changes(previous: str, current: str) -> str:
    """What changed in the source, for the reviewer: numbers, links and code first, else words."""
    parts = []
    for what, old, new in (
        ("numbers", facts(previous).numbers, facts(current).numbers),
        ("links", skeleton(previous).links, skeleton(current).links),
        ("code", skeleton(previous).code, skeleton(current).code),
    ):
        gone, came = difference(old, new)
        if gone or came:
            parts.append(f"{what} {', '.join(gone) or '-'} -> {', '.join(came) or '-'}")
    if not parts:
        old_words, new_words = previous.split(), current.split()
        matcher = difflib.SequenceMatcher(None, old_words, new_words, autojunk=False)
        for tag, a, b, c, d in matcher.get_opcodes()[:8]:
            if tag != "equal":
                parts.append(f"“{' '.join(old_words[a:b])}” -> “{' '.join(new_words[c:d])}”")
    return f" ({'; '.join(parts[:3])})" if parts else ""


def check_header_language(entry: Entry) -> str | None:
    """Header Language names the catalog's locale (folder), or at least its language."""
    said = entry.catalog.get_header("Language")
    if not said:
        return f"the header has no Language; this catalog is for {entry.locale}"
    if language_match(said, entry.locale) == "different":
        return f"the header says Language: {said}, but the catalog is for {entry.locale}"
    return None


def check_language_alike(entry: Entry) -> str | None:
    """Header Language is the folder's language in other words (ko_KR in ko/): accepted, noted."""
    said = entry.catalog.get_header("Language")
    if said and language_match(said, entry.locale) == "likely":
        return LANGUAGE_ALIKE.format(said=said, locale=entry.locale)
    return None


def check_plural_forms(entry: Entry) -> str | None:
    """Header Plural-Forms is GNU gettext's or CLDR's (Babel's) rule for the locale."""
    rules = plural_rules(entry.locale)
    said = entry.catalog.get_header("Plural-Forms")
    if not said:
        return f"the header has no Plural-Forms; for {entry.locale} use: {rules[0]}"
    if not any(same_plural_rule(said, rule) for rule in rules):
        return f"Plural-Forms: {said} is not a rule for {entry.locale}: {' or '.join(rules)}"
    return None


def check_comment(entry: Entry) -> str | None:
    """`# check: ignore ...` comments name known checks."""
    return "; ".join(entry.comment_problems) or None
