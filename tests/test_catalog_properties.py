"""SPEC invariant 1, by a stateful property test: nothing a translator wrote is lost.

Hypothesis drives random sequences of source edits (change a word, rewrite, delete, insert,
move), translator edits (a translation, a comment, a flag: as an editor saves them, fuzzy
cleared) and updates. Every update goes through the PO text, as on disk. After each step:

- every translation a translator wrote is still in the catalog: on an entry with its msgid, or
  fuzzy with it as the previous msgid, or obsolete; with its comment and flag;
- an entry translated before an update whose text is still in the source is translated after it,
  with the same msgstr; an obsolete one whose text came back is translated again;
- a second update with the same template changes nothing;
- a translator's note (a comment, a `no-wrap` or `python-format` flag) on any entry,
  untranslated, fuzzy or obsolete, stays on an entry; only a note on an untranslated entry whose
  text left the source may go (gettext keeps no obsolete entry without a translation);
- `pipeline update` killed at a random moment (SIGKILL or SIGTERM; a forked child, so no
  interpreter start-up to wait for) leaves each catalog of a project of several documents whole,
  old or new, and only temporary files; the next update leaves exactly what an uninterrupted
  update of the same project leaves, debris removed.
"""

from __future__ import annotations

import contextlib
import io
import os
import random
import shutil
import signal
import tempfile
import time
import warnings
from dataclasses import dataclass, replace
from pathlib import Path

from click.testing import CliRunner
from hypothesis import event, settings
from hypothesis import strategies as st
from hypothesis.stateful import RuleBasedStateMachine, initialize, invariant, precondition, rule

from pipeline.cli import main
from pipeline.files import TEMPORARY_SUFFIX
from pipeline.po import Catalog, Message, render_po
from pipeline.po_reader import parse_po
from pipeline.update.merging import merge_catalog
from tests.conftest import snapshot

WORDS = (
    *("the", "cat", "sat", "on", "mat", "translators", "keep", "their", "work", "when"),
    *("source", "changes", "listen", "fund", "bail", "pays", "a", "short", "guide"),
)
TRANSLATIONS = (
    *("고양이가 앉았다", "猫が座った", "பூனை அமர்ந்தது", "പൂച്ച ഇരുന്നു", "猫坐着"),
    *("번역을 지킨다", "翻訳を守る", "மொழிபெயர்ப்பு", "വിവർത്തനം", "保释基金"),
)
HEADER = Message(
    msgid="",
    msgstr="Language: ko\nMIME-Version: 1.0\nContent-Type: text/plain; charset=UTF-8\n"
    "Plural-Forms: nplurals=1; plural=0;\n",
)
FLAGS = st.none() | st.sampled_from(("no-wrap", "python-format"))
DOCUMENTS = ("doc", "guide", "notes")
"""The killed update's project: the same catalog under several documents, so that a kill can
fall between two of them."""
paragraphs = st.lists(st.sampled_from(WORDS), min_size=2, max_size=9).map(" ".join)


@dataclass(frozen=True, slots=True)
class Written:
    """What a translator wrote for one msgid."""

    msgid: str
    msgstr: str
    comment: str | None
    flag: str | None

    def found_at(self, message: Message) -> bool:
        return (
            message.msgstr == self.msgstr
            and self.msgid in (message.msgid, message.previous_msgid)
            and (self.comment is None or self.comment in message.translator_comments)
            and (self.flag is None or self.flag in message.flags)
        )


def build_template(texts: list[str]) -> Catalog:
    """One message per distinct text, in order of first appearance, as `extract` does."""
    unique = dict.fromkeys(texts)
    messages = tuple(Message(msgid=t, references=("source/doc.md",)) for t in unique)
    return Catalog(
        header=Message(msgid="", msgstr="Content-Type: text/plain; charset=UTF-8\n"),
        messages=messages,
    )


def round_trip(catalog: Catalog) -> Catalog:
    return parse_po(render_po(catalog).encode(), "doc.po", nplurals=1, language="ko")


def kind_of(message: Message) -> str:
    if message.obsolete:
        return "an obsolete"
    if not message.msgstr:
        return "an untranslated"
    return "a fuzzy" if message.fuzzy else "a translated"


def pipeline_update(root: Path) -> None:
    result = CliRunner().invoke(main, ["--config", str(root / "pipeline.yaml"), "update"])
    assert result.exit_code == 0, result.output


def fork_update(root: Path) -> int:
    """Start `pipeline update` in a forked child (no interpreter start-up to wait for)."""
    with warnings.catch_warnings():
        warnings.simplefilter("ignore", DeprecationWarning)  # fork in a threaded process
        pid = os.fork()
    if pid:
        return pid
    try:  # the child: never return into pytest
        signal.signal(signal.SIGTERM, signal.SIG_DFL)  # as in a fresh interpreter
        with contextlib.redirect_stdout(io.StringIO()), contextlib.redirect_stderr(io.StringIO()):
            config = ["--config", str(root / "pipeline.yaml")]
            main([*config, "update"], prog_name="pipeline", standalone_mode=False)
    finally:
        os._exit(0)


class Translating(RuleBasedStateMachine):
    def __init__(self) -> None:
        super().__init__()
        self.source: list[str] = []
        self.catalog = Catalog(header=HEADER, messages=())
        self.written: dict[str, Written] = {}
        self.edits = 0
        self.notes: dict[str, str | None] = {}  # a unique comment -> the flag added with it
        self.folder = Path(tempfile.mkdtemp(prefix="killed-update-"))
        self.rng = random.Random(len(self.folder.name))
        self.kills = 0

    def teardown(self) -> None:
        shutil.rmtree(self.folder, ignore_errors=True)

    @initialize(texts=st.lists(paragraphs, min_size=1, max_size=8))
    def start(self, texts: list[str]) -> None:
        self.source = texts
        self.update()

    # --- source edits ---

    @rule(data=st.data(), word=st.sampled_from(WORDS))
    def change_a_word(self, data: st.DataObject, word: str) -> None:
        if self.source:
            index = data.draw(st.integers(0, len(self.source) - 1))
            words = self.source[index].split(" ")
            words[data.draw(st.integers(0, len(words) - 1))] = word
            self.source[index] = " ".join(words)

    @rule(data=st.data(), word=st.sampled_from(WORDS))
    def edit_a_translated_paragraph(self, data: st.DataObject, word: str) -> None:
        """A small edit where a translation exists, then an update: it is fuzzy now."""
        translated = {m.msgid for m in self.catalog.messages if m.msgstr and not m.obsolete}
        indices = [i for i, text in enumerate(self.source) if text in translated]
        if indices:
            index = data.draw(st.sampled_from(indices))
            self.source[index] = f"{self.source[index]} {word}"
            self.update()

    @rule(data=st.data(), text=paragraphs)
    def rewrite(self, data: st.DataObject, text: str) -> None:
        if self.source:
            self.source[data.draw(st.integers(0, len(self.source) - 1))] = text

    @rule(data=st.data())
    def delete(self, data: st.DataObject) -> None:
        if self.source:
            del self.source[data.draw(st.integers(0, len(self.source) - 1))]

    @rule(data=st.data(), text=paragraphs)
    def insert(self, data: st.DataObject, text: str) -> None:
        self.source.insert(data.draw(st.integers(0, len(self.source))), text)

    @rule(data=st.data())
    def move(self, data: st.DataObject) -> None:
        if self.source:
            text = self.source.pop(data.draw(st.integers(0, len(self.source) - 1)))
            self.source.insert(data.draw(st.integers(0, len(self.source))), text)

    # --- a translator's edit, saved as an editor saves it: confirmed, no fuzzy, no `#|` ---

    @rule(
        data=st.data(),
        text=st.sampled_from(TRANSLATIONS),
        comment=st.none() | st.sampled_from(("check the tone", "용어집 참고")),
        flag=FLAGS,
    )
    def translate(
        self, data: st.DataObject, text: str, comment: str | None, flag: str | None
    ) -> None:
        active = [i for i, m in enumerate(self.catalog.messages) if not m.obsolete]
        if not active:
            return
        index = data.draw(st.sampled_from(active))
        old = self.catalog.messages[index]
        self.edits += 1
        new = replace(
            old,
            msgstr=f"{text} {self.edits}",
            flags=tuple(f for f in (*old.flags, flag) if f and f != "fuzzy"),
            translator_comments=(*old.translator_comments, *([comment] if comment else [])),
            previous_msgctxt=None,
            previous_msgid=None,
            previous_msgid_plural=None,
        )
        messages = list(self.catalog.messages)
        messages[index] = new
        others = messages[:index] + messages[index + 1 :]
        # A translation the translator overwrote here, and kept nowhere else, is theirs to drop.
        for msgid, written in list(self.written.items()):
            if written.found_at(old) and not any(written.found_at(m) for m in others):
                del self.written[msgid]
        self.written[new.msgid] = Written(new.msgid, new.msgstr, comment, flag)
        self.catalog = replace(self.catalog, messages=tuple(messages))

    @rule(data=st.data(), flag=FLAGS)
    def annotate(self, data: st.DataObject, flag: str | None) -> None:
        """A note on any entry (untranslated, fuzzy, obsolete), its translation left alone."""
        if not self.catalog.messages:
            return
        # Each kind of entry present as likely as another: fuzzy and obsolete ones are rare.
        kinds = [kind_of(message) for message in self.catalog.messages]
        kind = data.draw(st.sampled_from(sorted(set(kinds))))
        event(f"a note on {kind} entry")
        index = data.draw(st.sampled_from([i for i, k in enumerate(kinds) if k == kind]))
        old = self.catalog.messages[index]
        self.edits += 1
        note = f"메모 {self.edits}"
        flags = tuple(dict.fromkeys((*old.flags, *([flag] if flag else []))))
        new = replace(old, translator_comments=(*old.translator_comments, note), flags=flags)
        messages = list(self.catalog.messages)
        messages[index] = new
        self.catalog = replace(self.catalog, messages=tuple(messages))
        self.notes[note] = flag

    # --- update ---

    @rule()
    def update(self) -> None:
        template = build_template(self.source)
        before = round_trip(self.catalog)
        merged = merge_catalog(template, before, HEADER, nplurals=1)
        after = round_trip(merged)
        self.check_translated_stay_translated(before, after, template)
        self.forget_notes_on_untranslated_gone(before, after, template)
        again = merge_catalog(template, after, HEADER, nplurals=1)
        assert render_po(again) == render_po(after), "a second update changed something"
        self.catalog = after

    def check_translated_stay_translated(
        self, before: Catalog, after: Catalog, template: Catalog
    ) -> None:
        present = {m.msgid for m in template.messages}
        now = {m.msgid: m for m in after.messages if not m.obsolete}
        for old in before.messages:
            if old.msgid in present and old.msgstr and "fuzzy" not in old.flags:
                new = now[old.msgid]
                assert new.translated, f"{old.msgid!r} was translated, now it is not"
                assert new.msgstr == old.msgstr

    def forget_notes_on_untranslated_gone(
        self, before: Catalog, after: Catalog, template: Catalog
    ) -> None:
        present = {m.msgid for m in template.messages}
        for note in list(self.notes):
            holders = [m for m in before.messages if note in m.translator_comments]
            if self.found(note, after) or not holders:
                continue
            gone = all(not m.msgstr and m.msgid not in present for m in holders)
            assert gone, f"note {note!r} lost, though its entry {holders[0].msgid!r} is still here"
            del self.notes[note]

    def found(self, note: str, catalog: Catalog) -> bool:
        flag = self.notes[note]
        return any(
            note in m.translator_comments and (flag is None or flag in m.flags)
            for m in catalog.messages
        )

    @precondition(lambda self: self.kills < 2)  # each costs a fork and two updates
    @rule(signal_number=st.sampled_from((signal.SIGKILL, signal.SIGTERM)))
    def killed_update(self, signal_number: int) -> None:
        """`pipeline update` in a child process, killed at a random moment: each catalog is old
        or new, only temporary files are left, and the next update leaves what an uninterrupted
        one leaves."""
        self.kills += 1
        template = build_template(self.source)
        old = render_po(self.catalog).encode()
        clean = self.project("clean", template, old)
        started = time.perf_counter()
        pipeline_update(clean)
        duration = time.perf_counter() - started
        expected = snapshot(clean)
        root = self.project("killed", template, old)
        pid = fork_update(root)
        time.sleep(self.rng.uniform(0, duration * 1.5))
        os.kill(pid, signal_number)
        os.waitpid(pid, 0)
        now = snapshot(root)
        for doc_id in DOCUMENTS:
            name = f"locales/ko/LC_MESSAGES/{doc_id}.po"
            assert now[name] in (old, expected[name]), f"{name} is neither old nor new"
        renewed = sum(now[name] != old for name in now if name.endswith(".po"))
        event(f"{signal.Signals(signal_number).name} left {renewed} of 3 catalogs new")
        debris = [name for name in now if name not in expected]
        assert all(name.endswith(TEMPORARY_SUFFIX) for name in debris), debris
        pipeline_update(root)  # finishes the job and removes the debris
        assert snapshot(root) == expected
        path = root / f"locales/ko/LC_MESSAGES/{DOCUMENTS[0]}.po"
        catalog = parse_po(path.read_bytes(), path, nplurals=1, language="ko")
        self.forget_notes_on_untranslated_gone(round_trip(self.catalog), catalog, template)
        self.catalog = replace(catalog, header=HEADER)

    def project(self, name: str, template: Catalog, old: bytes) -> Path:
        """A project of several documents, each with this template and catalog."""
        root = self.folder / name
        shutil.rmtree(root, ignore_errors=True)
        (root / "source").mkdir(parents=True)
        (root / "pipeline.yaml").write_text("source: source\nlocales: [ko]\n", "utf-8")
        for doc_id in DOCUMENTS:
            template_path = root / f"locales/templates/{doc_id}.pot"
            template_path.parent.mkdir(parents=True, exist_ok=True)
            template_path.write_text(render_po(template), "utf-8")
            path = root / f"locales/ko/LC_MESSAGES/{doc_id}.po"
            path.parent.mkdir(parents=True, exist_ok=True)
            path.write_bytes(old)
        return root

    @invariant()
    def nothing_a_translator_wrote_is_lost(self) -> None:
        for written in self.written.values():
            assert any(written.found_at(m) for m in self.catalog.messages), written

    @invariant()
    def no_note_is_lost(self) -> None:
        for note in self.notes:
            assert self.found(note, self.catalog), note


Translating.TestCase.settings = settings(
    max_examples=150, stateful_step_count=40, deadline=None, print_blob=True
)
test_nothing_a_translator_wrote_is_lost = Translating.TestCase
