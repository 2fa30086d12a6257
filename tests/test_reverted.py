"""A fuzzy message whose source went back to the text it was translated for is confirmed."""

from __future__ import annotations

from dataclasses import replace
from pathlib import Path

from pipeline.po import render_po
from pipeline.po_reader import read_po
from tests.conftest import Invoke

KO = "locales/ko/LC_MESSAGES/welcome.po"


def test_update_confirms_reverted_fuzzy_and_leaves_hand_set_fuzzy(
    project: Path, cli: Invoke
) -> None:
    cli("extract")
    assert cli("update").exit_code == 0
    path = project / KO
    catalog = read_po(path)
    translated = [
        i for i, m in enumerate(catalog.messages) if m.msgstr and not m.obsolete and not m.flags
    ]
    assert len(translated) >= 3
    messages = list(catalog.messages)
    for i in translated[:2]:  # as `update` left them after an edit, then the edit was undone
        m = messages[i]
        messages[i] = replace(m, flags=("fuzzy",), previous_msgid=m.msgid)
    by_hand = translated[2]
    messages[by_hand] = replace(messages[by_hand], flags=("fuzzy",))
    path.write_text(render_po(replace(catalog, messages=tuple(messages))), "utf-8")

    result = cli("update", "--locale", "ko")
    assert result.exit_code == 0, result.stderr
    assert result.stdout == (
        "update: 0 created, 1 updated, 1 unchanged\n"
        "update: 2 confirmed: the source went back to the translated text\n"
    )
    after = read_po(path).messages
    for i in translated[:2]:
        assert after[i] == catalog.messages[i]  # translated again, no `#|` left
    assert after[by_hand].flags == ("fuzzy",)  # the translator's own flag stays
    assert cli("update", "--locale", "ko").stdout == "update: 0 created, 0 updated, 2 unchanged\n"
