"""Writing-system checks: punctuation, joiners, marks, digits, script and length by language.

Each check takes an Entry and returns a message, or None when the translation passes. The
table says which languages a check applies to; those here that apply to every language still
matter most for some (joiners and marks for Tamil and Malayalam).
"""

from __future__ import annotations

import functools
import re
import unicodedata

import regex
from babel import Locale
from babel.core import get_global

from pipeline.checks.entry import Entry
from pipeline.checks.skeleton import (
    digit_system,
    excerpt,
    facts,
    graphemes,
    has_letters,
    names_kept,
    skeleton,
)

# Han, kana, 々 and 〆, and closing full-width brackets: what a CJK sentence ends with.
CJK = "\u3005\u3006\u3040-\u30ff\u3400-\u4dbf\u4e00-\u9fff\uf900-\ufaff」』）】"
ASCII_AFTER_CJK = re.compile(rf"(?<=[{CJK}])[.,!?:;]+")
SOURCE_BREAK = re.compile(r"[.,!?:;](?=$|\s|[\"”’)\]])")
FULL_WIDTH = {
    "ja": {".": "。", ",": "、", "!": "！", "?": "？", ":": "：", ";": "；"},
    "zh": {".": "。", ",": "，", "!": "！", "?": "？", ":": "：", ";": "；"},
}
PARENTHESES = {"(": ")", "（": "）"}
KOREAN_ASCII = {"。": ".", "、": ",", "，": ",", "．": ".", "！": "!", "？": "?", "：": ":"}
KOREAN_ASCII |= {"；": ";", "（": "(", "）": ")"}
JOINERS = {"\u200c": "zero-width non-joiner (U+200C)", "\u200d": "zero-width joiner (U+200D)"}
VIRAMA_SCRIPTS = ("TAMIL", "MALAYALAM")
# A combining mark (not a variation selector or keycap) with nothing to combine with, or twice.
ORPHAN_MARK = regex.compile(
    r"(?:^|(?<=[\s\p{P}\p{Z}\p{N}]))(?![\uFE00-\uFE0F\u20E3\U000E0100-\U000E01EF])\p{M}"
)
DOUBLED_MARK = regex.compile(r"(?![\uFE00-\uFE0F\u20E3])(\p{M})\1")
OLD_CHILLU = re.compile("([\u0d23\u0d28\u0d30\u0d32\u0d33\u0d15])\u0d4d\u200d")
ATOMIC_CHILLU = dict(zip("\u0d23\u0d28\u0d30\u0d32\u0d33\u0d15", "ൺൻർൽൾൿ", strict=True))
# Each script (ISO 15924 code, as Babel gives it): its name, and the Unicode name prefixes of
# its letters.
SCRIPT_LETTERS: dict[str, tuple[str, tuple[str, ...]]] = {
    "Jpan": ("kana or kanji", ("HIRAGANA", "KATAKANA", "CJK")),
    "Kore": ("Hangul", ("HANGUL",)),
    "Hans": ("Han", ("CJK",)),
    "Hant": ("Han", ("CJK",)),
    "Taml": ("Tamil", ("TAMIL",)),
    "Mlym": ("Malayalam", ("MALAYALAM",)),
    "Deva": ("Devanagari", ("DEVANAGARI",)),
    "Beng": ("Bengali", ("BENGALI",)),
    "Telu": ("Telugu", ("TELUGU",)),
    "Knda": ("Kannada", ("KANNADA",)),
    "Gujr": ("Gujarati", ("GUJARATI",)),
    "Guru": ("Gurmukhi", ("GURMUKHI",)),
    "Sinh": ("Sinhala", ("SINHALA",)),
    "Thai": ("Thai", ("THAI",)),
    "Arab": ("Arabic", ("ARABIC",)),
    "Hebr": ("Hebrew", ("HEBREW",)),
    "Cyrl": ("Cyrillic", ("CYRILLIC",)),
    "Grek": ("Greek", ("GREEK",)),
}
# Usual length of a translation from English, in grapheme clusters per grapheme of the source:
# the medians of the seed articles' test translations (tests/data/checks/seed; Malayalam's
# conjuncts are one cluster each, Tamil's are not). A text outside a third to three times that
# is suspicious. Scripts not listed are expected to run about as long as English.
LENGTH_RATIO = {"Jpan": 0.55, "Kore": 0.6, "Hans": 0.4, "Hant": 0.4, "Taml": 0.8, "Mlym": 0.7}
LENGTH_SPREAD = 3.0
LENGTH_MINIMUM = 40  # graphemes of source text below which lengths vary too much to judge


def check_cjk_punctuation(entry: Entry) -> str | None:
    """Full-width 。、！？： after Japanese or Chinese text.

    Flags an ASCII `. , ! ? : ;` right after Han or kana (or a closing full-width bracket) when
    the source itself ends a sentence or clause with punctuation.
    """
    marks = FULL_WIDTH.get(entry.language)
    text = skeleton(entry.translation).text
    found = ASCII_AFTER_CJK.search(text) if marks else None
    if found is None or marks is None or not SOURCE_BREAK.search(skeleton(entry.source).text):
        return None
    mark = found.group()
    wanted = "…" if len(mark) > 1 and set(mark) == {"."} else "".join(marks[c] for c in mark)
    return f"ASCII {mark!r} after CJK text in “{excerpt(text, *found.span())}”: write {wanted!r}"


def check_cjk_parentheses(entry: Entry) -> str | None:
    """Parentheses opened and closed in the same width: no `（…)` or `(…）`."""
    text = skeleton(entry.translation).text
    if "（" not in text and "）" not in text:
        return None  # one width only
    opened: list[tuple[str, int]] = []
    for position, char in enumerate(text):
        if char in PARENTHESES:
            opened.append((char, position))
        elif char in (")", "）") and opened:
            opening, start = opened.pop()
            if PARENTHESES[opening] != char:
                return f"{opening!r} closed by {char!r} in “{excerpt(text, start, position)}”"
    return None


def check_korean_punctuation(entry: Entry) -> str | None:
    """ASCII punctuation in Korean, not full-width 。 or ，."""
    text = skeleton(entry.translation).text
    found = [char for char in dict.fromkeys(text) if char in KOREAN_ASCII]
    if not found:
        return None
    marks = ", ".join(f"{char!r} (write {KOREAN_ASCII[char]!r})" for char in found)
    return f"full-width punctuation in Korean text: {marks}"


def check_joiners(entry: Entry) -> str | None:
    """Zero-width joiners (ZWJ/ZWNJ) only where they can join.

    They shape the letters around them: one at the start of a word, twice in a row, or (in
    Tamil and Malayalam) after anything but a virama is an invisible typo.
    """
    text = entry.translation
    if "\u200c" not in text and "\u200d" not in text:
        return None
    for position, char in enumerate(text):
        if char not in JOINERS:
            continue
        before = text[position - 1] if position else ""
        where = _joiner_fault(before)
        if where:
            return f"{JOINERS[char]} {where} in “{excerpt(text, position, position)}”"
    return None


def _joiner_fault(before: str) -> str:
    if not before or before.isspace() or unicodedata.category(before)[0] in "PZ":
        return "at the start of a word"
    if before in JOINERS:
        return "doubled"
    name = unicodedata.name(before, "")
    if name.startswith(VIRAMA_SCRIPTS) and not name.endswith(("VIRAMA", "SIGN VIRAMA")):
        return f"after {before} ({name.title()}), not after a virama"
    return ""


def check_orphan_mark(entry: Entry) -> str | None:
    """No vowel sign or virama at the start of a word, or twice in a row.

    A combining mark must follow a letter: after a space, punctuation or a digit, or typed
    twice, it renders as a dotted circle or a stray mark.
    """
    text = entry.translation
    found = ORPHAN_MARK.search(text)
    what = "at the start of a word"
    if found is None:
        found, what = DOUBLED_MARK.search(text), "twice in a row"
    if found is None:
        return None
    mark = found.group()[0]
    name = unicodedata.name(mark, f"U+{ord(mark):04X}").lower()
    return f"{name} {what} in “{excerpt(text, found.start(), found.end())}”"


def check_ml_chillu(entry: Entry) -> str | None:
    """Atomic Malayalam chillu letters (ൻ), not consonant + virama + ZWJ.

    Chillus have their own code points since Unicode 5.1; the old spelling looks the same but
    breaks search, sorting and spell checking.
    """
    found = OLD_CHILLU.search(entry.translation)
    if found is None:
        return None
    atomic = ATOMIC_CHILLU[found.group(1)]
    return (
        f"chillu spelled {found.group(1)} + virama + zero-width joiner: write the atomic"
        f" {atomic} (U+{ord(atomic):04X})"
    )


def check_mixed_digits(entry: Entry) -> str | None:
    """Digits of one script (not 55156 beside ௮ or ５)."""
    seen: dict[str, str] = {}
    for number in facts(entry.translation).numbers:
        for char in number:
            if char.isdigit():
                seen.setdefault(digit_system(char), number)
    if len(seen) < 2:
        return None
    shown = ", ".join(f"{(system or 'ASCII').lower()} ({n})" for system, n in seen.items())
    return f"digits of more than one script: {shown}"


@functools.lru_cache(maxsize=64)
def locale_script(locale: str) -> str:
    """The ISO 15924 code of the script a locale is written in, per Babel's likely subtags."""
    parsed = Locale.parse(locale)
    if parsed.script:
        return parsed.script
    likely = str(get_global("likely_subtags").get(parsed.language, "")).split("_")
    return likely[1] if len(likely) > 2 else ""


def check_script(entry: Entry) -> str | None:
    """Some letters in the locale's script (else untranslated).

    (A translation equal to its source is left to `same-as-source`; names kept in Latin letters,
    as a credit line `（Jamie Chin）` is, are no sign of an untranslated text.)
    """
    script = SCRIPT_LETTERS.get(locale_script(entry.locale))
    if script is None or entry.translation == entry.source:
        return None
    if names_kept(entry.source, entry.translation):
        return None
    words = facts(entry.translation).words
    if not has_letters(facts(entry.source).words) or not has_letters(words):
        return None
    name, prefixes = script
    if any(c.isalpha() and unicodedata.name(c, "").startswith(prefixes) for c in words):
        return None
    return f"no {name} letters: the translation looks untranslated"


def check_length(entry: Entry) -> str | None:
    """Length in grapheme clusters near the usual ratio."""
    source_text = facts(entry.source).words
    if len(source_text) < LENGTH_MINIMUM:
        return None
    source = graphemes(source_text)
    if source < LENGTH_MINIMUM:
        return None
    expected = LENGTH_RATIO.get(locale_script(entry.locale), 1.0)
    ratio = graphemes(facts(entry.translation).words) / source
    if expected / LENGTH_SPREAD <= ratio <= expected * LENGTH_SPREAD:
        return None
    what = "short" if ratio < expected else "long"
    return (
        f"suspiciously {what}: {ratio:.2f} times the source's length in grapheme clusters,"
        f" where {entry.locale} usually runs about {expected:g}"
    )
