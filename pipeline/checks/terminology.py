"""The `terminology` check: a translation uses the glossary's agreed terms, in five scripts.

Finding a term in a translation is finding a word, and each script marks words differently:

- English (and Latin-script terms kept as they are): letters on either side mean another word.
- Chinese and Japanese: no spaces. A Han or hiragana term matches anywhere (compounds are words
  of words; particles and okurigana attach in hiragana: きょうだいたち, 求めましょう); a katakana
  term must not continue into more katakana, so データ is not found in データベース.
- Korean: words are spaced, but particles attach to nouns (앨라이는, 신화를, 신화에서) and
  하다/되다 make verbs of them (연대하며, 내면화된): a term is followed by the end of the word,
  a particle, or a verb-making suffix. It starts a word, or (two syllables or more) ends a
  compound noun, which Korean may write as one word (사회운동, 민권운동 hold 운동).
- Tamil and Malayalam: agglutinative; case endings attach and change a final consonant
  (மரம் -> மரத்தில், സഹയാത്ര -> സഹയാത്രികർ). A term matches at the start of a word, whatever
  follows, and a term ending in Tamil ம் or Malayalam ം also matches its stem without it.

An English term counts in the msgid as a whole word or its plural, case-insensitively.
"""

from __future__ import annotations

import functools
import unicodedata

import regex

from pipeline.checks.entry import Entry
from pipeline.checks.glossary import DO_NOT_TRANSLATE, FORBIDDEN, PREFERRED

# Korean particles (and the copula) that attach to a noun, longest first.
_PARTICLE_TEXT = (
    "은 는 이 가 을 를 에 에서 에게 께 께서 의 와 과 로 으로 도 만 까지 부터 처럼 보다 "
    "하고 이나 나 이며 며 이라는 라는 이란 란 이다 입니다 이고 고 조차 마저 마다 에도 에는 "
    "으로서 로서 으로써 로써 에서는 에서도 과의 와의 과는 와는 적 적인 적으로 들 들이 들은 "
    "들을 들의 들과 들에게 이든 든 인 인데 이라 라 이라도 라도 께서는 한테 한테서 랑 이랑"
)
_PARTICLES = sorted(_PARTICLE_TEXT.split(), key=len, reverse=True)
# What turns a Korean noun into a verb or an adjective: 하다, 되다, 시키다, -적, in any form.
_VERB_TEXT = "하 한 할 함 합 해 했 되 된 될 됨 돼 됐 시키 시켜 적 성 화 자"
_VERB_STARTS = tuple(_VERB_TEXT.split())
_STEM_ENDINGS = ("ம்", "ം", "്")
_FREE = ("han", "hiragana")
"""Scripts whose terms match anywhere: no spaces, and words are written together."""


def script_of(char: str) -> str:
    """A coarse script class: latin, digit, hangul, han, hiragana, katakana, tamil, malayalam."""
    if char.isascii():
        return "latin" if char.isalpha() else "digit" if char.isdigit() else "other"
    name = unicodedata.name(char, "")
    for script in ("HANGUL", "HIRAGANA", "KATAKANA", "TAMIL", "MALAYALAM", "LATIN"):
        if name.startswith(script) or f" {script} " in f" {name} ":
            return script.lower()
    if name.startswith("CJK"):
        return "han"
    if char == "ー":  # the long vowel mark belongs to the kana word it lengthens
        return "katakana"
    return "other"


def contains_term(text: str, term: str) -> bool:
    """Whether `term` occurs in `text` as a word, by the rules of the term's script."""
    if not term:
        return False
    candidates = [term]
    for ending in _STEM_ENDINGS:
        if script_of(term[0]) in ("tamil", "malayalam") and term.endswith(ending):
            candidates.append(term[: -len(ending)])
    return any(_found(text, candidate, candidate != term) for candidate in candidates)


def _found(text: str, term: str, stem: bool) -> bool:
    folded_text, folded_term = text.casefold(), term.casefold()
    start = folded_text.find(folded_term)
    while start >= 0:
        end = start + len(folded_term)
        word = _left_ok(folded_text, start, folded_term) and _right_ok(
            folded_text, end, folded_term
        )
        if word and (not stem or end < len(folded_text)):
            return True
        start = folded_text.find(folded_term, start + 1)
    return False


def _left_ok(text: str, start: int, term: str) -> bool:
    first = script_of(term[0])
    if first in _FREE or start == 0:
        return True
    if first == "hangul" and len(term) >= 2:  # the last noun of a compound
        return True
    return script_of(text[start - 1]) != first or not _is_letter(text[start - 1])


def _right_ok(text: str, end: int, term: str) -> bool:
    last = script_of(term[-1])
    if end >= len(text) or last in (*_FREE, "tamil", "malayalam"):
        return True
    after = text[end]
    if last == "hangul" and script_of(after) == "hangul":
        return _korean_ending(text[end:])
    return script_of(after) != last or not _is_letter(after)


def _korean_ending(rest: str) -> bool:
    """The rest of a Korean word after a noun: particles (which chain: 들에게는, 으로서의) or a
    verb-making suffix."""
    if rest.startswith(_VERB_STARTS):
        return True
    for _ in range(4):
        if not rest or script_of(rest[0]) != "hangul":
            return True
        particle = next((p for p in _PARTICLES if rest.startswith(p)), None)
        if particle is None:
            return False
        rest = rest[len(particle) :]
    return not rest or script_of(rest[0]) != "hangul"


def _is_letter(char: str) -> bool:
    return unicodedata.category(char)[0] in "LM"


@functools.lru_cache(maxsize=4096)
def _english(term: str) -> regex.Pattern[str]:
    """The term as a whole word, or its plural (-s, -es; ally -> allies)."""
    forms = regex.escape(term) + "(?:e?s)?"
    if term.endswith("y"):
        forms += "|" + regex.escape(term[:-1]) + "ies"
    return regex.compile(rf"(?<![\p{{L}}\p{{N}}])(?:{forms})(?![\p{{L}}\p{{N}}])", regex.I)


def check_terminology(entry: Entry) -> str | None:
    """The glossary's terms: the agreed translation used, forbidden ones not, some kept as is."""
    problems = []
    for term in entry.terms:
        in_source = bool(_english(term.source).search(entry.source))
        if term.status == FORBIDDEN:
            if contains_term(entry.translation, term.translation):
                problems.append(f"forbidden term {term.translation!r} (for {term.source!r})")
        elif not in_source:
            continue
        elif term.status == PREFERRED and not contains_term(entry.translation, term.translation):
            problems.append(f"{term.source!r} should be translated {term.translation!r}")
        elif term.status == DO_NOT_TRANSLATE and not contains_term(entry.translation, term.source):
            problems.append(f"{term.source!r} must stay untranslated")
    return "; ".join(dict.fromkeys(problems)) or None
