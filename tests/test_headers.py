"""Catalog headers as editors write them: Language by likely subtags, GNU or CLDR plural rules."""

from __future__ import annotations

from pathlib import Path

import pytest
from babel.messages.plurals import get_plural

from pipeline.locales import plural_rules
from tests.conftest import Invoke, snapshot

KO = "locales/ko/LC_MESSAGES/welcome.po"


def set_header(project: Path, path: str, old: str, new: str) -> None:
    catalog = project / path
    text = catalog.read_text("utf-8")
    assert old in text
    catalog.write_text(text.replace(old, new, 1), "utf-8")


@pytest.mark.parametrize(
    ("path", "said"),
    [
        (KO, "ko_KR"),
        ("locales/zh_Hans/LC_MESSAGES/welcome.po", "zh_CN"),
        ("locales/zh_Hans/LC_MESSAGES/welcome.po", "zh"),
        ("locales/zh_Hans/LC_MESSAGES/welcome.po", "zh_Hans_CN"),
    ],
)
def test_language_of_the_folder_in_other_words_is_one_warning(
    project: Path, cli: Invoke, path: str, said: str
) -> None:
    locale = path.split("/")[1]
    set_header(project, path, f'"Language: {locale}\\n"', f'"Language: {said}\\n"')
    line = (project / path).read_text("utf-8").splitlines().index(f'"Language: {said}\\n"') + 1
    warning = (
        f"{path}:{line}: warning: the header says Language: {said}, the language of {locale}"
        " in other words; kept as written\n"
    )
    for command in ("update", "build", "coverage"):
        result = cli(command)
        assert result.exit_code == 0, (command, result.stderr)
        assert result.stderr == warning, command
    assert f'"Language: {said}\\n"' in (project / path).read_text("utf-8")
    found = cli("check", "--locale", locale, "--format", "json").stdout
    assert '"language-alike"' in found
    assert '"header-language"' not in found


def test_another_language_stays_an_error_and_nothing_is_written(project: Path, cli: Invoke) -> None:
    cli("extract")
    set_header(project, KO, '"Language: ko\\n"', '"Language: ja\\n"')
    before = snapshot(project)
    result = cli("update")
    assert result.exit_code == 2
    assert result.stderr == (f"{KO}:9: header says Language: ja but the catalog is for ko\n")
    assert snapshot(project) == before


def test_gnu_and_cldr_plural_rules_are_both_accepted(project: Path, cli: Invoke) -> None:
    cli("extract")
    assert cli("locales", "add", "pt_BR").exit_code == 0
    catalog = project / "locales/pt_BR/LC_MESSAGES/welcome.po"
    gnu = "nplurals=2; plural=(n > 1);"  # what msginit and Poedit write
    cldr = get_plural("pt_BR").plural_forms  # Babel's, from the CLDR it ships
    assert plural_rules("pt_BR") == tuple(dict.fromkeys((gnu, cldr)))
    assert f'"Plural-Forms: {gnu}\\n"' in catalog.read_text("utf-8")
    for rule in (gnu, cldr, "nplurals=2; plural=n>1;"):
        text = catalog.read_text("utf-8")
        start = text.index('"Plural-Forms: ')
        end = text.index("\n", start)
        catalog.write_text(f'{text[:start]}"Plural-Forms: {rule}\\n"{text[end:]}', "utf-8")
        found = cli("check", "--locale", "pt_BR", "--format", "json")
        assert "plural-forms" not in found.stdout, rule
    assert cli("update", "--locale", "pt_BR").exit_code == 0
