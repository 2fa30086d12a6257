"""Count the words of a msgid: Unicode word boundaries (UAX #29), as pocount, minus its dot quirk.

The rule, for any script:

- Markup is not words: `<br>` and XML/HTML tags are removed first (pocount's own patterns).
- A word is a run of letters and digits, with the combining marks and format characters that
  follow them, joined by `_`, and across one `.` `'` `’` `:` between two letters (`don't`,
  `e.g`, `example.org`) or one `.` `,` `;` `'` between two digits (`1,000`, `3.14`).
- Scripts written without spaces: each Han ideograph and each Hiragana character is a word, a
  run of Katakana is one word (a loanword: コンピューター); Thai, Lao, Khmer and Myanmar letters
  count one each, with their marks, since no dictionary is used. Hangul is written with spaces
  and counts like Latin.
- Symbols, punctuation and emoji are not words; other numbers (², ½, ①) are one word each.

This is what Unicode's default word boundaries give, which is what pocount counts with
(translate-toolkit's `unicode_words`), except that pocount also replaces every `X.Y` where X and Y
are not digits by a space: it loses a letter on each side of such a dot, so `e.g.` counts 0,
`example.org` 2 and `Plan A.` 1. We keep that dot inside the word. Not implemented, as too rare
in catalogs to be worth the code: a combining mark with no letter before it (Unicode may count it
as a word), `_` joining Katakana to Latin letters or digits, marks right after a `.`, `:` or `'`,
and emoji sequences (never words anyway).
"""

from __future__ import annotations

import functools
import re
import unicodedata

from pipeline.text_cache import text_cache

# pocount's patterns: a line break tag becomes a space, any other tag disappears.
_BREAK_TAG = re.compile(r"<br\s*?/?>")
_TAG = re.compile(
    r"""<([\w.:]+)(\s([\w.:]+=((".*?")|('.*?')))?)*/?>|</([\w.]+)>""",
)

# Each character its own word: Han, Hiragana, and the Southeast Asian scripts without spaces.
_ONE_EACH = (
    (0x3005, 0x3007), (0x3021, 0x3029), (0x3038, 0x303B), (0x3041, 0x3096), (0x309D, 0x309F),
    (0x3400, 0x4DBF), (0x4E00, 0x9FFF), (0xF900, 0xFAFF), (0x1B001, 0x1B11F),
    (0x0E00, 0x0EFF), (0x1000, 0x109F), (0x1780, 0x17FF), (0x1950, 0x19DF), (0x1A20, 0x1AAF),
    (0xA9E0, 0xA9FF), (0xAA60, 0xAADF),
)  # fmt: skip
_KATAKANA = (
    (0x3031, 0x3035), (0x309B, 0x309C), (0x30A0, 0x30FA), (0x30FC, 0x30FF), (0x31F0, 0x31FF),
    (0x32D0, 0x32FE), (0x3300, 0x3357), (0xFF66, 0xFF9D), (0x1B000, 0x1B000),
)  # fmt: skip
_MID_LETTER = ":\u00b7\u0387\u055f\u05f4\u2027\ufe13\ufe55\uff1a"
_MID_NUM_LETTER = ".'\u2018\u2019\u2024\ufe52\uff07\uff0e"
_HEBREW = "\u05d0-\u05ea\u05ef-\u05f2\ufb1d-\ufb4f"  # a `"` between two is one word (WB7b, c)
_MID_NUM = ",;\u037e\u0589\u060c\u060d\u066c\u07f8\u2044\ufe10\ufe14\ufe50\ufe54\uff0c\uff1b"
# Planes 0 and 1 hold every letter, digit and mark outside the Han planes (2 and 3, all
# ideographs), plus plane 14's variation selectors and tags: scanning only these keeps the
# one-time cost of building the pattern near 0.1 s, paid on the first msgid that is not ASCII.
_SCANNED = ((0, 0x20000), (0xE0000, 0xE1000))
_HAN_PLANES = (0x20000, 0x3FFFF)


@functools.cache
def _pattern() -> re.Pattern[str]:
    """The word pattern for any text, built once from this Python's Unicode data."""
    classes = _classify()
    letter, digit, other, mark, connector, one_each, katakana = (
        _character_class(classes[kind]) for kind in _CLASSES
    )
    return re.compile(
        _joined_run(letter, digit, mark, connector)
        + f"|[{connector}]*[{katakana}][{katakana}{connector}{mark}]*"
        + f"|[{one_each}{other}][{mark}]*"
    )


def _joined_run(letter: str, digit: str, mark: str, connector: str) -> str:
    """Letters and digits with their marks and `_`, across one separator between two letters
    (or two Hebrew letters, for `"`) or two digits.

    Runs of one class are matched whole, so that a separator is only tried right after a
    letter or a digit: that is how the pattern knows which kind of character precedes it.
    """
    marks = f"[{mark}]*" if mark else ""
    mid_letter = re.escape(_MID_LETTER + _MID_NUM_LETTER)
    mid_num = re.escape(_MID_NUM + _MID_NUM_LETTER)
    letters = (
        f"[{letter}][{letter}{mark}]*"
        f'(?:[{mid_letter}](?=[{letter}])|(?<=[{_HEBREW}])"(?=[{_HEBREW}]))?'
    )
    digits = f"[{digit}][{digit}{mark}]*(?:[{mid_num}](?=[{digit}]))?"
    connectors = f"[{connector}]{marks}"
    return f"(?:{connectors})*(?:{letters}|{digits})(?:{letters}|{digits}|{connectors})*"


# The same rule for text that is all ASCII, most msgids: small classes match much faster.
_ASCII_WORD = re.compile(_joined_run("A-Za-z", "0-9", "", "_"))

_CLASSES = ("letter", "digit", "other", "mark", "connector", "one_each", "katakana")


def _classify() -> dict[str, list[int]]:
    """Code points by the part they play in a word."""
    classes: dict[str, list[int]] = {kind: [] for kind in _CLASSES}
    special = dict.fromkeys((c for lo, hi in _ONE_EACH for c in range(lo, hi + 1)), "one_each")
    special |= dict.fromkeys((c for lo, hi in _KATAKANA for c in range(lo, hi + 1)), "katakana")
    for low, high in _SCANNED:
        for code in range(low, high):
            kind = _KINDS.get(unicodedata.category(chr(code)))
            if kind == "letter" and code in special:
                kind = special[code]
            if kind and code != 0x200B:  # ZERO WIDTH SPACE is a format character that breaks
                classes[kind].append(code)
    classes["one_each"] += range(_HAN_PLANES[0], _HAN_PLANES[1] + 1)
    # UAX #29 exceptions to the general categories: NARROW NO-BREAK SPACE and the Armenian
    # hyphen join like `_`; Armenian emphasis, exclamation and question marks are letters.
    classes["connector"] += [0x202F, 0x058A]
    classes["letter"] += [0x055B, 0x055C, 0x055E]
    classes["mark"] += [0xFF9E, 0xFF9F]  # halfwidth voicing marks extend the Katakana before them
    return classes


_KINDS = {
    **dict.fromkeys(("Lu", "Ll", "Lt", "Lm", "Lo", "Nl"), "letter"),
    "Nd": "digit",
    "No": "other",
    **dict.fromkeys(("Mn", "Mc", "Me", "Cf"), "mark"),
    "Pc": "connector",
}


def _character_class(codes: list[int]) -> str:
    """`codes` as the inside of a regex class, with ranges."""
    codes = sorted(set(codes))
    parts, start = [], 0
    for index in range(1, len(codes) + 1):
        if index == len(codes) or codes[index] != codes[index - 1] + 1:
            low, high = codes[start], codes[index - 1]
            parts.append(re.escape(chr(low)) + (f"-{re.escape(chr(high))}" if high > low else ""))
            start = index
    return "".join(parts)


@text_cache(1 << 16)
def count_words(text: str) -> int:
    """The number of words in `text` by the rule in this module's docstring."""
    if "<" in text:
        text = _TAG.sub("", _BREAK_TAG.sub(" ", text))
    return len((_ASCII_WORD if text.isascii() else _pattern()).findall(text))
