"""What worker processes send back arrives whole: segments, pairings and changes."""

from __future__ import annotations

import pickle

from pipeline.extract.segments import Segment
from pipeline.interchange.pairing import Change, Pairing, reported


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
