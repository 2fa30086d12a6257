"""Source words: Unicode word boundaries as pocount counts them, except its dot quirk, documented."""

from __future__ import annotations

import re
from pathlib import Path

import pytest
from hypothesis import given
from hypothesis import strategies as st
from translate.tools import pocount
from unicode_segmentation_rs import unicode_words

from pipeline import words
from pipeline.coverage.counts import message_words
from pipeline.po_reader import read_po
from tests.conftest import DATA

CATALOGS = sorted((DATA / "coverage").rglob("*.po"))


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("Translate the page.", 3),
        ("don't stop", 2),  # an apostrophe between letters joins
        ("Python 3.11 costs 1,000 won", 5),  # a dot or comma between digits joins
        ("snake_case and kebab-case", 4),  # `_` joins, `-` separates
        ("Click <b>Save</b><br/>now", 3),  # tags are markup, not words
        ("**bold** and `code`", 3),  # Markdown punctuation is not a word
        ("환영합니다 여러분", 2),  # Hangul is written with spaces
        ("日本語の文章です。", 8),  # Han and Hiragana: one word per character
        ("中文句子", 4),
        ("இந்தத் தளம் ஆங்கிலத்தில்", 3),  # Tamil: vowel signs and virama stay in the word
        ("ഈ സൈറ്റ് ഇംഗ്ലീഷിൽ", 3),  # Malayalam likewise
        ("x² ½ ①", 4),  # other numbers are one word each, even after a letter
        ("© → 😀 …", 0),  # symbols and emoji are not words
    ],
)
def test_word_rule(text: str, expected: int) -> None:
    assert words.count_words(text) == expected


def test_katakana_run_is_one_word() -> None:
    assert words.count_words("コンピューター") == 1
    assert words.count_words("コンピューターを使う") == 4  # コンピューター, を, 使, う


@pytest.mark.parametrize(
    ("text", "ours", "theirs"),
    [
        ("e.g. Poedit or Lokalize", 4, 3),  # pocount erases "e.g"
        ("Open example.org now", 3, 4),  # pocount: "exampl" and "rg"
        ("Plan A. Then B. Done", 5, 3),  # pocount loses each one-letter word before a full stop
        ("Python 3.11 is here.", 4, 4),  # digits around the dot: the same
    ],
)
def test_where_pocount_differs_on_purpose(text: str, ours: int, theirs: int) -> None:
    """pocount replaces `X.Y` (X, Y not digits) by a space before counting; we do not."""
    assert words.count_words(text) == ours
    assert pocount.wordcount(text) == theirs  # type: ignore[no-untyped-call]


def reference_count(text: str) -> int:
    """What pocount counts with its dot rule switched off: tags removed, then UAX #29 words."""
    return len(unicode_words(pocount.xmltagre.sub("", pocount.brtagre.sub("\n", text))))


@pytest.mark.parametrize("path", CATALOGS, ids=lambda p: p.relative_to(DATA).as_posix())
def test_every_msgid_and_msgstr_counts_as_unicode_segmentation_does(path: Path) -> None:
    """English msgids, and Korean, Japanese, Chinese, Tamil and Malayalam msgstrs as sources."""
    texts = {t for m in read_po(path).messages for t in (m.msgid, m.msgstr, *m.msgstr_plural)}
    assert texts
    differ = {t: (words.count_words(t), reference_count(t)) for t in texts}
    assert {t: pair for t, pair in differ.items() if pair[0] != pair[1]} == {}


@pytest.mark.parametrize("path", CATALOGS, ids=lambda p: p.relative_to(DATA).as_posix())
def test_source_words_equal_pocount_without_its_dot_rule(
    path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setattr(pocount, "numberre", re.compile("(?!)"))
    stats = pocount.calcstats(str(path))
    catalog = read_po(path)
    active = [m for m in catalog.messages if not m.obsolete]
    ours = {
        "translatedsourcewords": sum(message_words(m) for m in active if m.translated),
        "fuzzysourcewords": sum(message_words(m) for m in active if m.fuzzy),
        "totalsourcewords": sum(message_words(m) for m in active),
    }
    assert ours == {key: stats[key] for key in ours}  # type: ignore[literal-required]


ASCII_TEXT = st.text(alphabet=st.characters(min_codepoint=0x20, max_codepoint=0x7E), max_size=40)


@given(ASCII_TEXT)
def test_ascii_shortcut_counts_as_the_full_rule(text: str) -> None:
    untagged = pocount.xmltagre.sub("", pocount.brtagre.sub("\n", text))
    full = len(words._pattern().findall(untagged))
    assert words.count_words(text) == full == reference_count(text)
