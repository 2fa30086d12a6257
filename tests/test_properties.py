"""Invariants across stages, on random edits of the test project (hypothesis).

- An incremental build after source and catalog edits equals a clean build, byte for byte.
- `update` over several documents (translation memory, plurals, msgctxt) is idempotent.
- The manifest's coverage of every pair equals what `pipeline coverage` reports for it.
"""

from __future__ import annotations

import json
import shutil
import tempfile
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import replace
from pathlib import Path
from typing import Any

import pytest
from click.testing import CliRunner
from hypothesis import example, given, settings
from hypothesis import strategies as st

from pipeline.cli import main
from pipeline.locales import describe_locale
from pipeline.po import Catalog, Message, build_header_fields, render_header, render_po
from pipeline.po_reader import read_po
from tests.conftest import DATA, snapshot

LOCALES = ("ko", "zh_Hans", "ta", "ml", "ja")
DOCUMENTS = ("welcome", "guides/intro")
TEXTS = st.sampled_from(
    ["새 문장입니다", "新しい文です", "புதிய வாக்கியம்", "പുതിയ വാക്യം", "新的句子", "A new sentence"]
)
SOURCE_EDITS = st.lists(
    st.tuples(st.sampled_from(DOCUMENTS), st.integers(0, 99), TEXTS), max_size=3
)
CATALOG_EDITS = st.lists(
    st.tuples(
        st.sampled_from(LOCALES),
        st.sampled_from(DOCUMENTS),
        st.integers(0, 99),
        st.sampled_from(["translate", "untranslate", "fuzzy", "remove"]),
        TEXTS,
    ),
    max_size=4,
)


@contextmanager
def fresh_project() -> Iterator[Path]:
    """A copy of tests/data/project (hypothesis runs many examples in one test function)."""
    with tempfile.TemporaryDirectory() as folder:
        project = Path(folder) / "project"
        shutil.copytree(DATA / "project", project)
        yield project


def invoke(project: Path, *args: str) -> str:
    result = CliRunner().invoke(main, ["--config", str(project / "pipeline.yaml"), *args])
    assert result.exit_code == 0, result.output
    return result.stdout


def edit_source(project: Path, doc_id: str, line: int, text: str) -> None:
    """Append `text` to one line of the body (after the front matter): always valid Markdown."""
    path = project / "source" / f"{doc_id}.md"
    lines = path.read_text("utf-8").split("\n")
    body = lines.index("---", 1) + 1 if lines[0] == "---" else 0
    index = body + line % (len(lines) - body)
    lines[index] = f"{lines[index]} {text}".strip()
    path.write_text("\n".join(lines), "utf-8")


def edit_catalog(project: Path, locale: str, doc_id: str, pick: int, how: str, text: str) -> None:
    path = project / "locales" / locale / "LC_MESSAGES" / f"{doc_id}.po"
    if not path.exists():
        return
    if how == "remove":
        path.unlink()
        return
    catalog = read_po(path, language=locale)
    active = [i for i, m in enumerate(catalog.messages) if not m.obsolete]
    index = active[pick % len(active)]
    message = catalog.messages[index]
    flags = tuple(f for f in message.flags if f != "fuzzy")
    changed = {
        "translate": replace(message, msgstr=text, flags=flags),
        "untranslate": replace(message, msgstr="", flags=flags),
        "fuzzy": replace(message, msgstr=message.msgstr or text, flags=("fuzzy", *flags)),
    }[how]
    messages = (*catalog.messages[:index], changed, *catalog.messages[index + 1 :])
    path.write_text(render_po(replace(catalog, messages=messages)), "utf-8")


@pytest.mark.slow
@settings(max_examples=6)
@given(SOURCE_EDITS, CATALOG_EDITS)
def test_incremental_build_equals_a_clean_build(
    sources: list[tuple[str, int, str]], catalogs: list[tuple[str, str, int, str, str]]
) -> None:
    with fresh_project() as project:
        invoke(project, "build")
        for edit in sources:
            edit_source(project, *edit)
        for change in catalogs:
            edit_catalog(project, *change)
        invoke(project, "build")
        clean = project.with_name("clean")
        shutil.copytree(project, clean, ignore=shutil.ignore_patterns("bundles"))
        invoke(clean, "build")
        assert snapshot(project / "bundles") == snapshot(clean / "bundles")


@pytest.mark.slow
@settings(max_examples=6)
@given(CATALOG_EDITS)
def test_the_manifest_coverage_is_pipeline_coverage_for_every_pair(
    catalogs: list[tuple[str, str, int, str, str]],
) -> None:
    with fresh_project() as project:
        invoke(project, "run")
        for change in catalogs:
            edit_catalog(project, *change)
        invoke(project, "run")
        manifest = json.loads((project / "bundles" / "manifest.json").read_bytes())
        strings = json.loads(invoke(project, "coverage", "--format", "json"))["documents"]
        words = json.loads(invoke(project, "coverage", "--format", "json", "--by", "words"))
        for document in manifest["documents"]:
            for locale in LOCALES:
                pair = document["bundles"][describe_locale(locale).tag]
                bundle = pair["coverage"]
                counted = strings[document["id"]]["locales"][locale]
                by_words = words["documents"][document["id"]]["locales"][locale]
                # The publishing gate counts a withheld translation as untranslated.
                withheld = pair.get("withheld", {}).get("segments", 0)
                assert (bundle["translated"] + withheld, bundle["fuzzy"], bundle["total"]) == (
                    counted["translated"],
                    counted["fuzzy"],
                    counted["total"],
                )
                assert bundle["words_total"] == by_words["total"]
                if not withheld:
                    assert bundle["strings"] == counted["percent"]
                    assert bundle["words_translated"] == by_words["translated"]
                    assert bundle["words"] == by_words["percent"]


# --- update over several documents --------------------------------------------------------------

MSGIDS = ["Read the guide.", "Listen.", "One file", "Welcome", "Read the guide again."]
# Plural in the templates; in the old catalogs "Listen." is singular (it gains its plural) and
# "Welcome" plural (it loses it: no obsolete copy may stay beside it, msgfmt rejects that).
PLURAL = {"One file", "Listen."}
OLD_PLURAL = {"One file", "Welcome"}
ENTRIES = st.tuples(st.sampled_from(MSGIDS), st.sampled_from([None, "menu", "title"]), TEXTS)


def header(**values: str) -> Message:
    fields = {"POT-Creation-Date": "2024-05-01 09:00+0000", **values}
    return Message(msgid="", msgstr=render_header(build_header_fields(fields)))


def template_of(entries: list[tuple[str, str | None, str]], doc_id: str) -> Catalog:
    messages: dict[tuple[str | None, str], Message] = {}
    for msgid, context, _ in entries:
        plural = msgid in PLURAL
        messages[(context, msgid)] = Message(
            msgid=msgid,
            msgctxt=context,
            msgid_plural=f"{msgid} (many)" if plural else None,
            msgstr_plural=("", "") if plural else (),
            references=(f"source/{doc_id}.md",),
        )
    return Catalog(header(**{"Project-Id-Version": doc_id}), tuple(messages.values()))


def catalog_of(entries: list[tuple[str, str | None, str]], locale: str) -> Catalog:
    """An old catalog: ta has two plural forms, ko one (Babel's rules)."""
    forms = 2 if locale == "ta" else 1
    plural_forms = "nplurals=2; plural=(n != 1);" if forms == 2 else "nplurals=1; plural=0;"
    messages: dict[tuple[str | None, str], Message] = {}
    for msgid, context, text in entries:
        plural = msgid in OLD_PLURAL
        messages[(context, msgid)] = Message(
            msgid=msgid,
            msgctxt=context,
            msgid_plural=f"{msgid} (many)" if plural else None,
            msgstr="" if plural else text,
            msgstr_plural=(text,) * forms if plural else (),
        )
    head = header(Language=locale, **{"Plural-Forms": plural_forms})
    return Catalog(head, tuple(messages.values()))


@pytest.mark.slow
@settings(max_examples=8)
@example(  # Tamil (two forms): "Welcome" loses its plural, "Listen." gains it
    templates=[[("Welcome", None, "")], [("Listen.", "menu", "")]],
    olds=[(0, "ta", [("Welcome", None, "வரவேற்பு")]), (1, "ta", [("Listen.", "menu", "கேள்")])],
)
@given(
    st.lists(st.lists(ENTRIES, min_size=1, max_size=5), min_size=2, max_size=3),
    st.lists(
        st.tuples(st.integers(0, 2), st.sampled_from(["ko", "ta"]), st.lists(ENTRIES, max_size=4))
    ),
)
def test_a_second_update_over_several_documents_changes_nothing(
    templates: list[list[Any]], olds: list[tuple[int, str, list[Any]]]
) -> None:
    with fresh_project() as project:
        locales = project / "locales"
        shutil.rmtree(locales)
        for number, entries in enumerate(templates):
            path = locales / "templates" / f"doc{number}.pot"
            path.parent.mkdir(parents=True, exist_ok=True)
            path.write_text(render_po(template_of(entries, f"doc{number}")), "utf-8")
        for number, locale, entries in olds:
            path = locales / locale / "LC_MESSAGES" / f"doc{number % len(templates)}.po"
            path.parent.mkdir(parents=True, exist_ok=True)
            path.write_text(render_po(catalog_of(entries, locale)), "utf-8")
        invoke(project, "update")
        first = snapshot(locales)
        second = invoke(project, "update")
        assert snapshot(locales) == first
        assert second.startswith("update: 0 created, 0 updated, ")
