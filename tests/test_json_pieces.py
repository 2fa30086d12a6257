"""`json_pieces.dump_pieces`: a document written a piece at a time is `json.dumps` of the whole."""

from __future__ import annotations

import json
from typing import Any

from hypothesis import given
from hypothesis import strategies as st

from pipeline.json_pieces import dump_pieces

TEXT = st.text(st.characters(exclude_categories=["Cs"]), max_size=12)
SCRIPTS = st.sampled_from(["한국어", "简体中文", "தமிழ்", "മലയാളം", "日本語", "line\nbreak", ""])
VALUES = st.recursive(
    st.none() | st.booleans() | st.integers() | TEXT | SCRIPTS,
    lambda inner: st.lists(inner, max_size=3) | st.dictionaries(TEXT, inner, max_size=3),
    max_leaves=8,
)


@given(st.dictionaries(TEXT, VALUES, max_size=4), TEXT, st.lists(VALUES, max_size=5))
def test_pieces_join_to_the_whole_dump(head: dict[str, Any], last: str, items: list[Any]) -> None:
    head.pop(last, None)
    document = {**head, last: items}
    pieces = list(dump_pieces({**head, last: []}, iter(items)))
    assert "".join(pieces) == json.dumps(document, ensure_ascii=False, indent=2) + "\n"
    assert len(pieces) == len(items) + 1  # one an item: none waits for the others
