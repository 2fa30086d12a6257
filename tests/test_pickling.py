"""What worker processes send back arrives whole: segments, pairings, changes, catalogs; and
what a spool puts aside."""

from __future__ import annotations

import pickle
from pathlib import Path

import pytest

from pipeline.extract.segments import Segment
from pipeline.files import Spool, map_shared
from pipeline.interchange.pairing import Change, Pairing, reported
from pipeline.po import Catalog, Message


def test_records_sent_back_by_workers_are_equal_after_pickling() -> None:
    english = Segment("paragraph", "Install the **CLI**.", 10, 30, 3, "Setup", "> ", "")
    korean = Segment("front matter", "설치 안내", 4, 9, 2, key="title")
    tamil = Segment("list item", "நிறுவல் — `pip`", 40, 58, 5, "அமைப்பு", "  ")
    pairing = Pairing((english,), (korean, tamil), "fuzzy", "merged 2 paragraphs")
    change = Change("Install the **CLI**.", "added", "fuzzy", 3)
    unmatched = Pairing((), (tamil,), "unmatched")
    reports = (reported(pairing), reported(unmatched))
    assert reports[1].excerpts == ("list item: நிறுவல் — `pip`",)  # the report's one text
    for record in (english, korean, tamil, pairing, change, unmatched, *reports):
        copy = pickle.loads(pickle.dumps(record))
        assert copy == record
        assert type(copy) is type(record)


def _taken_back(spool: Spool[Catalog], number: int) -> Catalog:
    return spool.get(number)


@pytest.mark.parametrize("spill", [False, True])
def test_a_spool_gives_back_what_it_was_given_in_forked_workers_too(
    tmp_path: Path, spill: bool
) -> None:
    """A spilled spool is an unnamed file: values come back equal, in any order and in the
    workers forked after they were put, and nothing is left in its folder."""
    texts = ("안녕하세요", "你好", "こんにちは", "வணக்கம்", "നമസ്കാരം")
    catalogs = [
        Catalog(
            Message(msgid="", msgstr="Language: ko\n"),
            (
                Message(msgid=f"Hello {n}", msgstr=text, flags=("fuzzy",), line=3 + n),
                Message(msgid="%d file", msgid_plural="%d files", msgstr_plural=(text, text)),
            ),
        )
        for n, text in enumerate(texts)
    ]
    with Spool[Catalog](tmp_path, spill) as spool:
        numbers = [spool.put(catalog) for catalog in catalogs]
        assert [spool.get(n) for n in reversed(numbers)] == catalogs[::-1]
        assert spool.get(numbers[0]).messages[0].line == 3  # not compared by ==, kept all the same
        assert list(map_shared(_taken_back, spool, numbers, workers=2)) == catalogs
    assert list(tmp_path.iterdir()) == []
