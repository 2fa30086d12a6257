"""Deterministic translations that look real: Hangul, Han, Kana, Tamil and Malayalam text.

A translation keeps the source's inline Markdown (delimiters, link targets, code, numbers,
hashtags) and replaces each run of English words by generated text in the locale's script,
about as long as a real translation would be. Now and then it drops a number or a link's
target, so that checks have something to find, as they do in real catalogs.
"""

from __future__ import annotations

import random
import re

# Inline tokens kept as they are; group 1-3 mark the parts whose text is translated.
TOKEN = re.compile(
    r"\*\*(?P<bold>[^*]+)\*\*|\*(?P<emph>[^*]+)\*|\[(?P<link>[^\]]+)\]\((?P<url>[^)]+)\)"
    r"|`[^`]+`|#[a-z0-9]+|\d[\d.,]*%?"
)

HAN = (
    "的一是在不了有和人这中大为上个国我以要他时来用们生到作地于出就分对成会可主发年动同工也能"
    "下过子说产种面而方后多定行学法所民得经十三之进着等部度家电力里如水化高自二理起小物现实加量"
    "都两体制机当使点从业本去把性好应开它合还因由其些然前外天政四日那社义事平形相全表间样与关各"
    "重新线内数正心反你明看原又么利比或但质气第向道命此变条只没结解问意建月公无系军很情者最立代"
    "想已通并提直题党程展五果料象员革位入常文总次品式活设及管特件长求老头基资边流路级少图山统接"
    "知较将组见计别她手角期根论运农指几九区强放决西被干做必战先回则任取据处队南给色光门即保治北"
)
HIRAGANA = (
    "あいうえおかきくけこさしすせそたちつてとなにぬねのはひふへほまみむめもやゆよらりるれろわをん"
)
KATAKANA = (
    "アイウエオカキクケコサシスセソタチツテトナニヌネノハヒフヘホマミムメモヤユヨラリルレロワン"
)
TAMIL_CONSONANTS = "கஙசஞடணதநபமயரலவழளறன"
TAMIL_VOWELS = "அஆஇஈஉஊஎஏஐஒஓ"
TAMIL_SIGNS = ("", "ா", "ி", "ீ", "ு", "ூ", "ெ", "ே", "ை", "ொ", "ோ", "்")
MALAYALAM_CONSONANTS = "കഖഗഘങചഛജഝഞടഠഡഢണതഥദധനപഫബഭമയരലവശഷസഹളഴറ"
MALAYALAM_VOWELS = "അആഇഈഉഊഎഏഐഒഓ"
MALAYALAM_SIGNS = ("", "ാ", "ി", "ീ", "ു", "ൂ", "ൃ", "െ", "േ", "ൈ", "ൊ", "ോ", "്")


def hangul_word(rng: random.Random) -> str:
    syllables = (
        chr(
            0xAC00
            + (rng.randrange(19) * 21 + rng.randrange(21)) * 28
            + rng.choice((0, 0, 4, 8, 16))
        )
        for _ in range(rng.randint(1, 4))
    )
    return "".join(syllables)


def indic_word(rng: random.Random, consonants: str, vowels: str, signs: tuple[str, ...]) -> str:
    letters = [rng.choice(vowels)] if rng.random() < 0.2 else []
    for _ in range(rng.randint(2, 5)):
        letters.append(rng.choice(consonants) + rng.choice(signs))
    return "".join(letters)


def japanese_word(rng: random.Random) -> str:
    kanji = "".join(rng.choice(HAN) for _ in range(rng.randint(1, 2)))
    if rng.random() < 0.2:
        return "".join(rng.choice(KATAKANA) for _ in range(rng.randint(3, 6)))
    return kanji + "".join(rng.choice(HIRAGANA) for _ in range(rng.randint(1, 3)))


def render_run(english: str, locale: str, rng: random.Random) -> str:
    """Text in `locale`'s script standing for a run of English words."""
    words = max(1, len(english.split()))
    if locale == "ko":
        return " ".join(hangul_word(rng) for _ in range(max(1, words * 2 // 3)))
    if locale == "zh_Hans":
        return "".join(rng.choice(HAN) for _ in range(max(1, words * 3 // 2)))
    if locale == "ja":
        return "".join(japanese_word(rng) for _ in range(max(1, words * 2 // 3)))
    if locale == "ta":
        return " ".join(
            indic_word(rng, TAMIL_CONSONANTS, TAMIL_VOWELS, TAMIL_SIGNS) for _ in range(words)
        )
    if locale == "ml":
        return " ".join(
            indic_word(rng, MALAYALAM_CONSONANTS, MALAYALAM_VOWELS, MALAYALAM_SIGNS)
            for _ in range(max(1, words * 4 // 5))
        )
    raise ValueError(f"no script for locale {locale}")


def render_text(english: str, locale: str, rng: random.Random) -> str:
    """A run of words plus its punctuation: sentence ends become the script's own."""
    spaced = locale in ("ko", "ta", "ml")
    stop = "." if spaced else "。"
    pieces = []
    for sentence_part in re.split(r"(?<=\.)\s+", english.strip()):
        if not sentence_part.strip(" .,"):
            continue
        ending = stop if sentence_part.endswith(".") else ""
        pieces.append(render_run(sentence_part, locale, rng) + ending)
    text = (" " if spaced else "").join(pieces)
    return text


def translate(msgid: str, locale: str, rng: random.Random, damage: float = 0.01) -> str:
    """A translation of `msgid` into `locale` that keeps its inline Markdown."""
    out = []
    position = 0
    for match in TOKEN.finditer(msgid):
        out.append(render_text(msgid[position : match.start()], locale, rng))
        position = match.end()
        token = match.group(0)
        damaged = rng.random() < damage
        if match.group("bold"):
            token = f"**{render_text(match.group('bold'), locale, rng)}**"
        elif match.group("emph"):
            token = f"*{render_text(match.group('emph'), locale, rng)}*"
        elif match.group("link"):
            target = "#" if damaged else match.group("url")
            token = f"[{render_text(match.group('link'), locale, rng)}]({target})"
        elif damaged and token[0].isdigit():
            token = str(rng.randint(100, 999))
        out.append(token)
    out.append(render_text(msgid[position:], locale, rng))
    separator = " " if locale in ("ko", "ta", "ml") else ""
    return separator.join(piece for piece in out if piece)
