"""`pipeline update` and `pipeline locales`: catalogs created, merged, validated, written safely."""

from __future__ import annotations

import fcntl
import multiprocessing
import os
import random
import re
import shutil
import subprocess
import sys
from fractions import Fraction
from multiprocessing.connection import Connection
from multiprocessing.synchronize import Barrier as BarrierType
from pathlib import Path
from typing import Any

import pytest
from click.testing import CliRunner

from pipeline.cli import main
from pipeline.files import detach_worker, project_lock
from pipeline.po import Catalog, Message
from pipeline.po_reader import parse_po, read_po
from pipeline.update import matching
from pipeline.update.matching import Candidate, FuzzyIndex, Match
from pipeline.update.memory import fill_from_memory
from pipeline.update.merging import merge_catalog
from tests.conftest import CATALOGS, Invoke, snapshot

LOCALES = ("ko", "zh_Hans", "ta", "ml", "ja")
DOCS = ("welcome", "guides/intro")
EPOCH = "1717243200"  # 2024-06-01 12:00 UTC
DATE = "2024-06-01 12:00+0000"


@pytest.fixture(autouse=True)
def _reproducible(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("SOURCE_DATE_EPOCH", EPOCH)


def catalog_path(project: Path, locale: str, doc: str = "welcome") -> Path:
    return project / "locales" / locale / "LC_MESSAGES" / f"{doc}.po"


def by_msgid(catalog: Catalog) -> dict[str, Message]:
    return {message.msgid: message for message in catalog.messages}


def edit_source(project: Path, doc: str, old: str, new: str) -> None:
    path = project / "source" / f"{doc}.md"
    text = path.read_text("utf-8")
    assert old in text
    path.write_text(text.replace(old, new), "utf-8")


def extract_and_update(cli: Invoke, *args: str) -> str:
    assert cli("extract").exit_code == 0
    result = cli("update", *args)
    assert result.exit_code == 0, result.stderr
    return result.stdout


# --- creating ------------------------------------------------------------------------------------


def test_update_creates_catalogs_with_headers_from_babel(project: Path, cli: Invoke) -> None:
    shutil.rmtree(project / "locales")
    assert extract_and_update(cli) == f"update: {CATALOGS} created, 0 updated, 0 unchanged\n"
    catalog = read_po(catalog_path(project, "zh_Hans", "guides/intro"))
    assert catalog.header.translator_comments == (
        "Chinese (Simplified) translation of source/guides/intro.md.",
    )
    assert catalog.header_fields == [
        ("Project-Id-Version", "guides/intro"),
        ("POT-Creation-Date", DATE),
        ("PO-Revision-Date", DATE),
        ("Last-Translator", ""),
        ("Language-Team", "Chinese (Simplified)"),
        ("Language", "zh_Hans"),
        ("MIME-Version", "1.0"),
        ("Content-Type", "text/plain; charset=UTF-8"),
        ("Content-Transfer-Encoding", "8bit"),
        ("Plural-Forms", "nplurals=1; plural=0;"),
    ]
    tamil = read_po(catalog_path(project, "ta"))
    assert tamil.get_header("Language-Team") == "Tamil"
    assert tamil.get_header("Plural-Forms") == "nplurals=2; plural=(n != 1);"
    assert all(m.msgstr == "" and not m.flags for m in tamil.messages)


def test_second_update_changes_nothing(project: Path, cli: Invoke) -> None:
    assert extract_and_update(cli) == f"update: 0 created, {CATALOGS} updated, 0 unchanged\n"
    before = snapshot(project)
    result = cli("update")
    assert result.stdout == f"update: 0 created, 0 updated, {CATALOGS} unchanged\n"
    assert snapshot(project) == before


def test_unchanged_source_changes_only_the_template_date(project: Path, cli: Invoke) -> None:
    before = snapshot(project / "locales")
    extract_and_update(cli)
    for name, data in before.items():
        old, new = data.decode().splitlines(), (project / "locales" / name).read_text().splitlines()
        changed = [(a, b) for a, b in zip(old, new, strict=True) if a != b]
        assert changed == [
            ('"POT-Creation-Date: 2024-05-01 09:00+0000\\n"', f'"POT-Creation-Date: {DATE}\\n"')
        ], name


def test_gettext_tools_accept_every_catalog(project: Path, cli: Invoke) -> None:
    edit_source(project, "welcome", "things you can do", "things you can do today")
    extract_and_update(cli)
    for locale in LOCALES:
        for doc in DOCS:
            path = catalog_path(project, locale, doc)
            check = subprocess.run(["msgfmt", "--check", "-o", "/dev/null", str(path)])
            assert check.returncode == 0, path
            canonical = subprocess.run(["msgcat", "--no-wrap", str(path)], capture_output=True)
            assert canonical.stdout == path.read_bytes(), path
            # msgmerge with our template finds nothing to change: the same rules, the same file.
            template = project / "locales" / "templates" / f"{doc}.pot"
            merge = ["msgmerge", "--previous", "--no-wrap", "-q", "-o", "-", str(path)]
            merged = subprocess.run([*merge, str(template)], capture_output=True, check=True)
            assert merged.stdout == path.read_bytes(), path


def test_pybabel_update_accepts_the_tree(project: Path, cli: Invoke) -> None:
    extract_and_update(cli)
    pybabel = Path(sys.executable).with_name("pybabel")
    template = project / "locales" / "templates" / "guides" / "intro.pot"
    args = ["update", "-i", str(template), "-d", str(project / "locales"), "-D", "guides/intro"]
    done = subprocess.run([str(pybabel), *args], capture_output=True, text=True)
    assert done.returncode == 0, done.stderr
    catalog = read_po(catalog_path(project, "ko", "guides/intro"))
    assert by_msgid(catalog)["Getting started"].msgstr == "시작하기"


# --- merging: what translators see after a source edit ---------------------------------------------


def test_small_source_change_keeps_translation_as_fuzzy_with_previous(
    project: Path, cli: Invoke
) -> None:
    old = "In light of #AhmaudArbery, here is a *short* list of things you can do."
    new = "In light of #AhmaudArbery, here is a *short* list of things you can do today."
    edit_source(project, "welcome", old, new)
    extract_and_update(cli)
    message = by_msgid(read_po(catalog_path(project, "ko")))[new]
    assert (
        message.msgstr
        == "\\#AhmaudArbery 사건을 계기로, 여러분이 할 수 있는 일을 *짧게* 정리했습니다."
    )
    assert message.fuzzy
    assert message.previous_msgid == old
    # The translator's note travels with the translation; `#.` comes from the template.
    assert message.translator_comments == ("Keep the hashtag in English: it is a movement's name.",)
    assert message.extracted_comments == ("paragraph, under “Why this matters”",)
    assert old not in by_msgid(read_po(catalog_path(project, "ko")))


def test_fuzzy_entry_stays_fuzzy_and_keeps_the_text_it_was_written_for(
    project: Path, cli: Invoke
) -> None:
    edit_source(project, "welcome", "and learn.", "and keep learning.")
    extract_and_update(cli)
    message = by_msgid(read_po(catalog_path(project, "ja")))[
        "Follow `@teachandtransform` and keep learning."
    ]
    assert message.fuzzy
    assert message.msgstr == "Instagram で `@teachandtransform` をフォローして学びましょう。"
    # Not the intermediate text: the one the translator actually translated.
    assert message.previous_msgid == "Follow `@teachandtransform` on Instagram and learn."


def test_removed_source_becomes_obsolete_and_comes_back_translated(
    project: Path, cli: Invoke
) -> None:
    edit_source(project, "welcome", "| Bail fund | Pays **bail** |", "| Bail fund | |")
    extract_and_update(cli)
    tamil = read_po(catalog_path(project, "ta"))
    assert "Pays **bail**" not in by_msgid(tamil)  # untranslated: nothing to keep, as msgmerge
    korean = by_msgid(read_po(catalog_path(project, "ko")))["Pays **bail**"]
    assert korean.obsolete
    assert korean.msgstr == "**보석금**을 냅니다"
    assert korean.references == ()
    edit_source(project, "welcome", "| Bail fund | |", "| Bail fund | Pays **bail** |")
    extract_and_update(cli)
    back = by_msgid(read_po(catalog_path(project, "ko")))["Pays **bail**"]
    assert (back.obsolete, back.fuzzy, back.msgstr) == (False, False, "**보석금**을 냅니다")
    assert back.references == ("source/welcome.md",)


def test_obsolete_entry_from_the_fixture_is_revived(project: Path, cli: Invoke) -> None:
    edit_source(project, "welcome", "3. Follow", "3. Call your representatives.\n4. Follow")
    extract_and_update(cli)
    korean = by_msgid(read_po(catalog_path(project, "ko")))["Call your representatives."]
    assert (korean.obsolete, korean.translated) == (False, True)
    assert korean.msgstr == "지역 대표에게 전화하세요."
    malayalam = by_msgid(read_po(catalog_path(project, "ml")))["Call your representatives."]
    assert (malayalam.obsolete, malayalam.msgstr) == (False, "")  # ml never translated it


# --- translation memory -----------------------------------------------------------------------------


def test_translation_memory_suggests_from_another_document(project: Path, cli: Invoke) -> None:
    source = project / "source" / "guides" / "listen.md"
    source.write_text("# Listen\n\nListen. Listen. Listen.\n\nBail fund\n", "utf-8")
    extract_and_update(cli)
    korean = by_msgid(read_po(catalog_path(project, "ko", "guides/listen")))
    suggested = korean["Listen. Listen. Listen."]
    assert suggested.msgstr == "들으세요. 들으세요. 들으세요."
    assert suggested.fuzzy
    assert suggested.translator_comments == ("suggested from welcome",)
    assert korean["Listen"].msgstr == ""  # no document translates it
    malayalam = by_msgid(read_po(catalog_path(project, "ml", "guides/listen")))
    assert malayalam["Bail fund"].msgstr == ""  # untranslated in welcome for ml
    assert malayalam["Listen. Listen. Listen."].msgstr == "കേൾക്കുക. കേൾക്കുക. കേൾക്കുക."
    before = snapshot(project)
    assert cli("update").stdout == "update: 0 created, 0 updated, 15 unchanged\n"
    assert snapshot(project) == before


# --- locales and options ----------------------------------------------------------------------------


def test_update_one_locale(project: Path, cli: Invoke) -> None:
    assert (
        extract_and_update(cli, "--locale", "ta") == "update: 0 created, 2 updated, 0 unchanged\n"
    )
    assert "2024-05-01" in catalog_path(project, "ko").read_text()
    assert DATE in catalog_path(project, "ta").read_text()


def test_update_unknown_locale_is_usage_error(project: Path, cli: Invoke) -> None:
    cli("extract")
    before = snapshot(project)
    result = cli("update", "--locale", "fr")
    assert result.exit_code == 2
    expected = "pipeline.yaml: locale 'fr' is not in the configuration (ko, zh_Hans, ta, ml, ja)\n"
    assert result.stderr == expected
    assert snapshot(project) == before


def test_locales_list(cli: Invoke) -> None:
    cli("extract")
    result = cli("locales", "list")
    assert result.exit_code == 0
    assert result.stdout.splitlines() == [
        "ko         ko         2/2 catalogs   Korean (한국어)",
        "zh_Hans    zh-Hans    2/2 catalogs   Chinese (Simplified) (中文 (简体))",
        "ta         ta         2/2 catalogs   Tamil (தமிழ்)",
        "ml         ml         2/2 catalogs   Malayalam (മലയാളം)",
        "ja         ja         2/2 catalogs   Japanese (日本語)",
    ]


def msginit_plural_forms(locale: str) -> str:
    """The Plural-Forms GNU msginit writes for a new catalog of `locale`."""
    template = 'msgid ""\nmsgstr ""\n"Content-Type: text/plain; charset=UTF-8\\n"\n'
    command = ["msginit", "--no-translator", "--no-wrap", "-l", locale, "-i", "-", "-o", "-"]
    out = subprocess.run(command, input=template, capture_output=True, text=True, check=True)
    found = re.search(r'"Plural-Forms: (.*?)\\n"', out.stdout)
    assert found, out.stdout
    return found[1]


def test_locales_add_keeps_the_file_and_creates_catalogs(project: Path, cli: Invoke) -> None:
    config = project / "pipeline.yaml"
    config.write_text(
        "# Our languages.\nsource: 'source'\nlocales:\n  - ko   # Korean\n  - ja   # Japanese\n"
        '\n# Keys to translate.\nfront_matter: ["title"]\nmin_coverage: 50\n',
        "utf-8",
    )
    cli("extract")
    result = cli("locales", "add", "pt-BR")
    assert result.exit_code == 0, result.stderr
    assert result.stdout == (
        "locales: added pt_BR to pipeline.yaml\nupdate: 2 created, 0 updated, 0 unchanged\n"
    )
    assert config.read_text("utf-8") == (
        "# Our languages.\nsource: 'source'\nlocales:\n  - ko   # Korean\n  - ja   # Japanese\n"
        "  - pt_BR # Portuguese (Brazil)\n"
        '\n# Keys to translate.\nfront_matter: ["title"]\nmin_coverage: 50\n'
    )
    catalog = read_po(catalog_path(project, "pt_BR", "guides/intro"))
    # New catalogs get GNU gettext's rule, which CLDR releases do not move: msginit's is the referee.
    assert catalog.get_header("Plural-Forms") == msginit_plural_forms("pt_BR")
    # ko and ja were last merged with older templates; pt_BR is current.
    assert cli("update").stdout == "update: 0 created, 4 updated, 2 unchanged\n"


def test_locales_add_flow_style_list(project: Path, cli: Invoke) -> None:
    config = project / "pipeline.yaml"
    config.write_text("source: source\nlocales: [ko, ja]  # two for now\n", "utf-8")
    cli("extract")
    assert cli("locales", "add", "ta").exit_code == 0
    assert config.read_text("utf-8") == "source: source\nlocales: [ko, ja, ta]  # two for now\n"


@pytest.mark.parametrize(
    ("code", "message"),
    [
        ("xx", "unknown locale 'xx': Babel says unknown locale 'xx'"),
        ("en_ZZ", "unknown locale 'en_ZZ': Babel knows only 'en_US'"),
        ("ko", "locale 'ko' is already configured"),
    ],
)
def test_locales_add_refuses_and_changes_nothing(
    project: Path, cli: Invoke, code: str, message: str
) -> None:
    cli("extract")
    before = snapshot(project)
    result = cli("locales", "add", code)
    assert result.exit_code == 2
    assert result.stderr == f"pipeline.yaml: {message}\n"
    assert snapshot(project) == before


def test_locales_add_with_a_malformed_catalog_changes_nothing(project: Path, cli: Invoke) -> None:
    cli("extract")
    stray = catalog_path(project, "fr")
    stray.parent.mkdir(parents=True)
    stray.write_bytes(b'msgid "Fund"\nmsgstr "Fonds\n')
    before = snapshot(project)
    result = cli("locales", "add", "fr")
    assert (result.exit_code, result.stderr) == (
        2,
        f"{stray.relative_to(project).as_posix()}:2: unterminated string\n",
    )
    assert snapshot(project) == before


# --- strict reading: bad input changes nothing --------------------------------------------------


def _replace(old: str, new: str) -> tuple[str, str]:
    return (old, new)


MALFORMED = {
    "unterminated string": (_replace('msgstr "기금"', 'msgstr "기금'), 63, "unterminated string"),
    "bad escape": (
        _replace('msgstr "기금"', 'msgstr "기\\q금"'),
        63,
        "invalid escape sequence \\q",
    ),
    "duplicate entry": (
        _replace('msgid "Bail fund"', 'msgid "Fund"'),
        72,
        'duplicate msgid "Fund" (first at line 62)',
    ),
    "keywords out of order": (
        _replace('msgid "Fund"\nmsgstr "기금"', 'msgstr "기금"\nmsgid "Fund"'),
        62,
        "expected msgctxt or msgid, found msgstr",
    ),
    "plural beyond nplurals": (
        _replace(
            'msgid "Fund"\nmsgstr "기금"',
            'msgid "Fund"\nmsgid_plural "Funds"\nmsgstr[0] "기금"\nmsgstr[1] "기금들"',
        ),
        65,
        "msgstr[1] but the language has nplurals=1",
    ),
    "header contradicts locale": (
        _replace("Language: ko", "Language: ja"),
        9,
        "header says Language: ja but the catalog is for ko",
    ),
}


@pytest.mark.parametrize("case", sorted(MALFORMED))
def test_malformed_catalog_is_reported_and_nothing_is_written(
    project: Path, cli: Invoke, case: str
) -> None:
    (old, new), line, message = MALFORMED[case]
    cli("extract")  # the templates are new: every catalog would be updated
    path = catalog_path(project, "ko")
    text = path.read_text("utf-8")
    assert old in text
    path.write_text(text.replace(old, new, 1), "utf-8")
    before = snapshot(project)
    result = cli("update")
    assert result.exit_code == 2
    assert result.stderr == f"{path.relative_to(project).as_posix()}:{line}: {message}\n"
    assert result.stdout == ""
    assert snapshot(project) == before


def test_invalid_utf8_is_reported_and_nothing_is_written(project: Path, cli: Invoke) -> None:
    cli("extract")
    path = catalog_path(project, "ml", "guides/intro")
    path.write_bytes(path.read_bytes().replace("ആമുഖം".encode(), b"\xff\xfe"))
    before = snapshot(project)
    result = cli("update")
    assert (result.exit_code, result.stderr) == (
        2,
        f"{path.relative_to(project).as_posix()}:19: invalid UTF-8 (byte 0xff)\n",
    )
    assert snapshot(project) == before


def test_bom_and_crlf_are_accepted(project: Path, cli: Invoke) -> None:
    path = catalog_path(project, "ja")
    canonical = path.read_bytes()
    path.write_bytes(b"\xef\xbb\xbf" + canonical.replace(b"\n", b"\r\n"))
    extract_and_update(cli)
    # Rewritten in msgcat's form, with every translation in place. As in gettext, only LF ends
    # a line: a translator comment keeps its CR (template comments are the template's).
    written = path.read_bytes()
    assert all(line.startswith(b"# ") for line in written.split(b"\n") if b"\r" in line)
    expected = canonical.replace(b"2024-05-01 09:00", DATE[:16].encode())
    assert written.replace(b"\r", b"") == expected


# --- safe writes --------------------------------------------------------------------------------


def _update_reporting_the_wait(config: Path, barrier: BarrierType, pipe: Connection) -> None:
    """The second process: once the parent holds the lock, run `update` and say when it waits."""
    # A forked process shares the parent's lock; it drops its copy, as the pipeline's own
    # workers do, or it would wait for itself once the parent lets go.
    detach_worker(os.getppid())
    blocking = fcntl.flock

    def flock(fd: Any, operation: int) -> None:
        if operation & fcntl.LOCK_NB:  # the lock's first, non-blocking try
            return blocking(fd, operation)
        try:
            blocking(fd, operation | fcntl.LOCK_NB)
        except BlockingIOError:
            pipe.send("waiting")  # `update` reached the lock and the parent holds it
            blocking(fd, operation)

    fcntl.flock = flock
    barrier.wait()
    result = CliRunner().invoke(main, ["--config", str(config), "update"])
    pipe.send((result.exit_code, result.stdout))


def test_update_waits_for_a_run_holding_the_lock(project: Path, cli: Invoke) -> None:
    cli("extract")
    before = snapshot(project / "locales")
    context = multiprocessing.get_context("fork")
    barrier = context.Barrier(2)
    ours, theirs = context.Pipe()
    child = context.Process(
        target=_update_reporting_the_wait, args=(project / "pipeline.yaml", barrier, theirs)
    )
    with project_lock(project):
        child.start()
        barrier.wait()
        assert ours.recv() == "waiting"
        assert snapshot(project / "locales") == before  # nothing written before the lock
    assert ours.recv() == (0, f"update: 0 created, {CATALOGS} updated, 0 unchanged\n")
    child.join()
    assert child.exitcode == 0


def test_update_removes_temporaries_of_a_killed_run(project: Path, cli: Invoke) -> None:
    stale = catalog_path(project, "ko").with_name(".welcome.po.k1ll3d.tmp")
    stale.write_bytes(b"half a catal")
    extract_and_update(cli)
    assert not stale.exists()


# --- the rules underneath: matching, merging, memory ------------------------------------------


def candidates(*texts: str) -> list[Candidate]:
    return [Candidate(text, None, position) for position, text in enumerate(texts)]


def test_fuzzy_threshold_is_msgmerges() -> None:
    # 2 x 6 / (6 + 14) = 0.6 exactly: msgmerge's context bonus makes it a match.
    index = FuzzyIndex(candidates("A team"))
    match = index.best("A quickly team", None, 0)
    assert match is not None
    assert match.similarity == Fraction(3, 5)
    assert index.best("A quicklyy team", None, 0) is None  # 12/21 < 0.6


def test_fuzzy_ties_go_to_the_nearest_then_the_first() -> None:
    index = FuzzyIndex(candidates("Listen!", "Fund", "Bail fund", "Pays", "Fund", "Listen!"))
    assert index.best("Listen.", None, 4) == Match(5, Fraction(6, 7))
    assert index.best("Listen.", None, 1) == Match(0, Fraction(6, 7))
    assert FuzzyIndex(candidates("Listen?", "Listen!")).best("Listen.", None, 0) == Match(
        0, Fraction(6, 7)
    )


def sentences(count: int, alphabet: str, seed: int) -> list[str]:
    rng = random.Random(seed)
    return ["".join(rng.choice(alphabet) for _ in range(rng.randint(12, 60))) for _ in range(count)]


@pytest.mark.parametrize(
    "alphabet",
    [
        "あいうえおかきくけこさしすせそたちつてとなにぬねのはひふへほまみむめもやゆよらりるれろわをん、。",
        "abcdefghijklmnopqrstuvwxyz     ,.",
        "தமிழ்மொழிகற்கவும்பேசவும் ",
    ],
    ids=["japanese", "english", "tamil"],
)
def test_large_index_finds_what_comparing_everything_finds(
    alphabet: str, monkeypatch: pytest.MonkeyPatch
) -> None:
    old = sentences(3000, alphabet, seed=1)
    rng = random.Random(2)
    queries = []
    for text in rng.sample(old, 200):
        cut = rng.randrange(len(text))
        queries.append(text[:cut] + rng.choice(alphabet) + text[cut + 1 :] + rng.choice(alphabet))
    index = FuzzyIndex(candidates(*old))
    assert len(old) > matching.EXHAUSTIVE_LIMIT
    found = [index.best(query, None, 0) for query in queries]
    monkeypatch.setattr(matching, "EXHAUSTIVE_LIMIT", len(old))
    everything = [FuzzyIndex(candidates(*old)).best(query, None, 0) for query in queries]
    agree = sum(
        a is not None and b is not None and a.index == b.index
        for a, b in zip(found, everything, strict=True)
    )
    assert agree >= 0.98 * sum(b is not None for b in everything)


def test_exhaustive_setting_compares_every_candidate(monkeypatch: pytest.MonkeyPatch) -> None:
    old = sentences(matching.EXHAUSTIVE_LIMIT + 500, "가나다라마바사아자차카타파하 ", seed=3)
    query = old[7][:-1] + "몽"
    monkeypatch.setenv(matching.EXHAUSTIVE_ENV, "1")
    index = FuzzyIndex(candidates(*old))

    def no_shortlist(self: FuzzyIndex, msgid: str) -> list[int]:
        raise AssertionError("the shortlist was used")

    monkeypatch.setattr(FuzzyIndex, "_shortlist", no_shortlist)
    found = index.best(query, None, 0)
    assert found == Match(7, matching.similarity_of(query, old[7]))


def message(msgid: str, msgstr: str = "", **fields: Any) -> Message:
    return Message(msgid=msgid, msgstr=msgstr, **fields)


def test_merge_follows_msgmerge_rules() -> None:
    old = Catalog(
        header=Message(msgid=""),
        messages=(
            message("Edit the source.", "원문을 수정합니다.", translator_comments=("checked",)),
            message(
                "Run the pipeline after an edit.",
                "편집 후 파이프라인을 실행하세요.",
                flags=("fuzzy",),
                previous_msgid="Run the pipeline after each edit.",
            ),
            message("Nobody translated this", "", translator_comments=("todo",)),
            message("Going away for good", "사라집니다"),
            message("Translate the catalogs.", "카탈로그를 번역합니다.", obsolete=True),
            message("Long gone", "오래전에 사라짐", obsolete=True),
        ),
    )
    template = Catalog(
        header=Message(msgid=""),
        messages=(
            message("Translate the catalogs.", references=("source/intro.md",)),
            message("Edit the source.", extracted_comments=("list item",)),
            message("Run the pipeline after every edit."),
            message("A brand new paragraph about nothing in particular."),
        ),
    )
    merged = merge_catalog(template, old, Message(msgid=""), nplurals=1)
    assert [(m.msgid, m.msgstr, m.obsolete, m.fuzzy) for m in merged.messages] == [
        ("Translate the catalogs.", "카탈로그를 번역합니다.", False, False),
        ("Edit the source.", "원문을 수정합니다.", False, False),
        ("Run the pipeline after every edit.", "편집 후 파이프라인을 실행하세요.", False, True),
        ("A brand new paragraph about nothing in particular.", "", False, False),
        ("Going away for good", "사라집니다", True, False),
        ("Long gone", "오래전에 사라짐", True, False),
    ]
    by = by_msgid(merged)
    assert by["Translate the catalogs."].references == ("source/intro.md",)
    assert by["Edit the source."].translator_comments == ("checked",)
    assert by["Edit the source."].extracted_comments == ("list item",)
    assert by["Run the pipeline after every edit."].previous_msgid == (
        "Run the pipeline after each edit."
    )
    assert merge_catalog(template, merged, Message(msgid=""), nplurals=1) == merged


PLURAL_HEADER = (
    'msgid ""\nmsgstr ""\n"Language: ta\\n"\n"MIME-Version: 1.0\\n"\n'
    '"Content-Type: text/plain; charset=UTF-8\\n"\n"Plural-Forms: nplurals=2; plural=(n != 1);\\n"\n'
)
PLURAL_BEFORE = (
    '\n# பூனை\nmsgid "One cat sat"\nmsgid_plural "Many cats sat"\n'
    'msgstr[0] "ஒரு பூனை அமர்ந்தது"\nmsgstr[1] "பல பூனைகள் அமர்ந்தன"\n'
    '\n#, python-format\nmsgid "%d file"\nmsgstr "%d கோப்பு"\n'
)
PLURAL_AFTER = (
    '\nmsgid "One cat sat"\nmsgstr ""\n'
    '\n#, python-format\nmsgid "%d file"\nmsgid_plural "%d files"\nmsgstr[0] ""\nmsgstr[1] ""\n'
)


def active_entries(data: bytes) -> list[tuple[str, str | None, str, bool, str | None]]:
    """What a translator sees of each entry: msgid, plural, first msgstr, fuzzy, `#|` plural."""
    catalog = read_po_bytes(data)
    return [
        (m.msgid, m.msgid_plural, m.first_msgstr, m.fuzzy, m.previous_msgid_plural)
        for m in catalog.messages
        if not m.obsolete
    ]


def read_po_bytes(data: bytes) -> Catalog:
    return parse_po(data, "doc.po", nplurals=2, language="ta")


@pytest.mark.skipif(shutil.which("msgmerge") is None, reason="needs GNU gettext")
def test_a_message_that_loses_or_gains_its_plural_is_merged_as_msgmerge_does(
    tmp_path: Path,
) -> None:
    """No obsolete copy beside the active message (msgfmt: "duplicate message definition")."""
    root = tmp_path / "project"
    template = root / "locales/templates/doc.pot"
    catalog = root / "locales/ta/LC_MESSAGES/doc.po"
    for path in (root / "source", template.parent, catalog.parent):
        path.mkdir(parents=True)
    (root / "pipeline.yaml").write_text("source: source\nlocales: [ta]\n", "utf-8")
    template.write_text('msgid ""\nmsgstr ""\n' + PLURAL_AFTER, "utf-8")
    catalog.write_text(PLURAL_HEADER + PLURAL_BEFORE, "utf-8")
    merged = subprocess.run(
        ["msgmerge", "--previous", "--no-wrap", "-q", "-o", "-", str(catalog), str(template)],
        capture_output=True,
        check=True,
    ).stdout
    runner = CliRunner()
    result = runner.invoke(main, ["--config", str(root / "pipeline.yaml"), "update"])
    assert result.exit_code == 0, result.stderr
    check = subprocess.run(["msgfmt", "--check", "-o", os.devnull, str(catalog)], check=False)
    assert check.returncode == 0
    ours = catalog.read_bytes()
    assert b"#~" not in ours
    assert b'msgstr[1] "\xe0' not in ours  # the second form goes, as in msgmerge
    assert active_entries(ours) == [
        ("One cat sat", None, "ஒரு பூனை அமர்ந்தது", True, "Many cats sat"),
        ("%d file", "%d files", "%d கோப்பு", True, None),
    ]
    assert active_entries(ours) == active_entries(merged)
    again = runner.invoke(main, ["--config", str(root / "pipeline.yaml"), "update"])
    assert again.stdout == "update: 0 created, 0 updated, 1 unchanged\n"
    assert catalog.read_bytes() == ours


def test_memory_prefers_the_most_common_then_the_first_document() -> None:
    def catalog(*messages: Message) -> Catalog:
        return Catalog(header=Message(msgid=""), messages=messages)

    filled = fill_from_memory(
        {
            "c": catalog(message("Fund", "基金"), message("Listen.", "聞いて。")),
            "a": catalog(message("Fund", "資金"), message("Listen.", "聴いて。")),
            "b": catalog(message("Fund", "基金")),
            "d": catalog(
                message("Fund"), message("Listen."), message("Bail fund", "x", flags=("fuzzy",))
            ),
        }
    )
    fund, listen, bail = filled["d"].messages
    assert (fund.msgstr, fund.fuzzy, fund.translator_comments) == (
        "基金",
        True,
        ("suggested from b",),
    )
    assert (listen.msgstr, listen.translator_comments) == ("聴いて。", ("suggested from a",))
    assert bail.msgstr == "x"  # fuzzy is not untranslated: a translator's draft is kept
    assert fill_from_memory(filled) == filled


def test_a_source_folder_outside_the_project_is_named_by_its_file_names(
    project: Path, tmp_path: Path, cli: Invoke
) -> None:
    # Every stage names a source the same way (extract/documents.source_reference); `update`
    # used to crash here with a ValueError from Path.relative_to.
    elsewhere = tmp_path / "elsewhere"
    shutil.move(project / "source", elsewhere)
    config = project / "pipeline.yaml"
    config.write_text(config.read_text("utf-8").replace("source: source", f"source: {elsewhere}"))
    shutil.rmtree(project / "locales" / "ko")  # so that `update` creates its catalogs
    result = cli("run")
    assert result.exit_code == 0, result.output
    catalog = read_po(project / "locales" / "ko" / "LC_MESSAGES" / "guides" / "intro.po")
    assert catalog.header.translator_comments[0] == "Korean translation of intro.md."
    assert {r for m in catalog.messages for r in m.references} == {"intro.md"}
