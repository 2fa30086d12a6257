"""`pipeline coverage`: counts equal `msgfmt --statistics`, filters, --fail-under, paths, errors."""

from __future__ import annotations

import json
import re
import subprocess
from pathlib import Path

import pytest
from click.testing import CliRunner, Result
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from pipeline.cli import main
from pipeline.coverage.counts import Counts, measure_catalog
from pipeline.po import Catalog, Message, render_po
from pipeline.po_reader import parse_po, read_po
from tests.conftest import DATA, REPO, Invoke, snapshot

COVERAGE = DATA / "coverage"
FIXTURE = COVERAGE / "project" / "pipeline.yaml"
PROJECT_CATALOGS = [
    *sorted((DATA / "project" / "locales").rglob("*.po")),
    *sorted((REPO / "locales").rglob("*.po")),
]
ALL_CATALOGS = [*sorted(COVERAGE.rglob("*.po")), *PROJECT_CATALOGS]


def msgfmt_statistics(path: Path) -> Counts:
    """What `msgfmt --statistics` prints, as Counts."""
    done = subprocess.run(
        ["msgfmt", "--statistics", "-o", "/dev/null", str(path)],
        capture_output=True,
        text=True,
        check=True,
        env={"LC_ALL": "C"},
    )
    found = dict.fromkeys(("translated", "fuzzy", "untranslated"), 0)
    for number, kind in re.findall(r"(\d+) (translated|fuzzy|untranslated)", done.stderr):
        found[kind] = int(number)
    return Counts(**found)


def run(*args: str, config: Path = FIXTURE) -> Result:
    return CliRunner().invoke(main, ["--config", str(config), *args], catch_exceptions=False)


@pytest.mark.parametrize("path", ALL_CATALOGS, ids=lambda p: p.relative_to(REPO).as_posix())
def test_counts_equal_msgfmt_statistics(path: Path) -> None:
    counts, _ = measure_catalog(read_po(path), "strings")
    assert counts == msgfmt_statistics(path)


def test_django_catalogs_through_the_cli_equal_msgfmt(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.chdir(COVERAGE)
    result = run("coverage", "django", "--format", "json", config=tmp_path / "absent.yaml")
    assert result.exit_code == 0, result.stderr
    report = json.loads(result.stdout)
    assert list(report["locales"]) == ["ja", "ko", "ml", "ta", "zh_Hans"]
    for locale, counts in report["locales"].items():
        expected = msgfmt_statistics(COVERAGE / "django" / locale / "LC_MESSAGES" / "django.po")
        assert (counts["translated"], counts["fuzzy"], counts["untranslated"]) == (
            expected.translated,
            expected.fuzzy,
            expected.untranslated,
        )
    assert report["locales"]["ta"] == {
        "translated": 103,
        "fuzzy": 0,
        "untranslated": 236,
        "total": 339,
        "percent": 30.3,
    }


MESSAGES = st.builds(
    Message,
    msgid=st.sampled_from(["Save", "환영합니다", "日本語", "தமிழ்", "മലയാളം", "Open"]),
    msgstr=st.sampled_from(["", "번역", "翻訳"]),
    msgctxt=st.sampled_from([None, "menu", "button"]),
    flags=st.sampled_from([(), ("fuzzy",), ("fuzzy", "python-format")]),
    obsolete=st.booleans(),
)


@settings(
    max_examples=40, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture]
)
@given(st.lists(MESSAGES, max_size=8, unique_by=lambda m: (m.msgctxt, m.msgid)))
def test_any_catalog_counts_as_msgfmt(tmp_path: Path, messages: list[Message]) -> None:
    header = Message(msgid="", msgstr="Content-Type: text/plain; charset=UTF-8\n")
    path = tmp_path / "random.po"
    path.write_text(render_po(Catalog(header, tuple(messages))), "utf-8")
    counts, pending = measure_catalog(parse_po(path.read_bytes(), path), "strings")
    assert counts == msgfmt_statistics(path)
    assert len(pending) == counts.fuzzy + counts.untranslated


def test_plural_entries_count_once_by_their_first_form() -> None:
    counts, _ = measure_catalog(read_po(COVERAGE / "po" / "ta.po"), "strings")
    # "%d file" has msgstr[0] and an empty msgstr[1]: msgfmt counts it translated.
    assert counts == Counts(translated=2, fuzzy=0, untranslated=3)


def test_fuzzy_is_never_translated_and_obsolete_never_counted() -> None:
    counts, pending = measure_catalog(read_po(COVERAGE / "po" / "ko.po"), "strings")
    assert counts == Counts(translated=3, fuzzy=1, untranslated=1)
    assert [m.msgid for m in pending] == [
        "Save <b>all</b> changes & quit",
        'Say "hello" to <script>alert(1)</script>',
    ]


def test_percent_rounds_down_to_one_decimal() -> None:
    assert Counts(translated=9996, untranslated=4).percent == 99.9
    assert Counts(translated=2, untranslated=1).percent == 66.6
    assert Counts(translated=1, fuzzy=1).percent == 50.0
    assert Counts().percent == 100.0  # nothing to translate: nothing missing


def test_words_weigh_each_message_by_its_msgids() -> None:
    counts, _ = measure_catalog(read_po(COVERAGE / "po" / "ml.po"), "words")
    # Open, menu Open: 1 + 1 translated; "%d file" + "%d files" fuzzy: 2 + 2;
    # "Save <b>all</b> changes & quit": 4; 'Say "hello" to <script>alert(1)</script>': 5, since
    # tags are not words but the text between them is.
    assert counts == Counts(translated=2, fuzzy=4, untranslated=4 + 5)


# --- the command ---------------------------------------------------------------------------------


def test_project_json_by_locale_in_configured_order() -> None:
    result = run("coverage", "--format", "json")
    assert result.exit_code == 0, result.stderr
    report = json.loads(result.stdout)
    assert list(report["locales"]) == ["ko", "zh_Hans", "ta", "ml", "ja"]
    assert report["locales"]["ko"] == {
        "translated": 13,
        "fuzzy": 1,
        "untranslated": 0,
        "total": 14,
        "percent": 92.8,
    }
    # ml has no catalog for guides/install yet: its template counts, every message untranslated.
    install = report["documents"]["guides/install"]["locales"]["ml"]
    assert install["missing"] is True
    assert install["path"] == "locales/templates/guides/install.pot"
    assert (install["translated"], install["untranslated"]) == (0, 5)


def test_locale_filter_and_unknown_locale() -> None:
    result = run("coverage", "--format", "json", "--locale", "ta", "--locale", "ko")
    assert list(json.loads(result.stdout)["locales"]) == ["ta", "ko"]
    result = run("coverage", "--locale", "fr")
    assert result.exit_code == 2
    assert (
        result.stderr
        == f"{FIXTURE}: locale 'fr' is not in the configuration (ko, zh_Hans, ta, ml, ja)\n"
    )


def test_fail_under_names_each_locale_below_and_exits_1() -> None:
    result = run("coverage", "--format", "json", "--fail-under", "70")
    assert result.exit_code == 1
    assert json.loads(result.stdout)["version"] == 1  # the report is still printed
    assert result.stderr == (
        "coverage: ta has 64.2% translated, under 70%\n"
        "coverage: ml has 14.2% translated, under 70%\n"
    )
    assert run("coverage", "--fail-under", "14.2", "--locale", "ml").exit_code == 0
    by_words = run("coverage", "--by", "words", "--fail-under", "14.2", "--locale", "ml")
    assert by_words.exit_code == 1
    assert by_words.stderr == "coverage: ml has 2.8% translated, under 14.2%\n"


def test_paths_need_no_configuration(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.chdir(COVERAGE)
    result = run("coverage", "po", "django/ko/LC_MESSAGES/django.po", config=tmp_path / "x.yaml")
    assert result.exit_code == 0, result.stderr
    rows = [line.split()[0] for line in result.stdout.splitlines() if line]
    assert {"django", "po", "ko", "total"} <= set(rows)
    report = json.loads(run("coverage", "po", "--format", "json", "--locale", "ta").stdout)
    # The GNU layout (po/ta.po): the locale from the header, the folder as the document.
    assert report["documents"]["po"]["locales"]["ta"]["path"] == "po/ta.po"


def test_project_without_configuration_is_exit_2(tmp_path: Path) -> None:
    result = run("coverage", config=tmp_path / "pipeline.yaml")
    assert result.exit_code == 2
    assert result.stderr == f"{tmp_path / 'pipeline.yaml'}: configuration file not found\n"


@pytest.mark.parametrize(
    ("text", "line", "message"),
    [
        (
            'msgid "a"\nmsgstr "b"\nmsgid "a"\nmsgstr "c"\n',
            3,
            'duplicate msgid "a" (first at line 1)',
        ),
        ('msgid "a"\nmsgstr "b\n', 2, "unterminated string"),
        ('msgid "a"\n', 1, "expected msgid_plural or msgstr, found end of file"),
    ],
)
def test_malformed_catalog_is_one_line_and_exit_2(
    tmp_path: Path, text: str, line: int, message: str
) -> None:
    bad = tmp_path / "ko" / "LC_MESSAGES" / "broken.po"
    bad.parent.mkdir(parents=True)
    bad.write_text(text, "utf-8")
    output = tmp_path / "report.json"
    result = run("coverage", str(tmp_path), "--output", str(output), config=tmp_path / "x.yaml")
    assert (result.exit_code, result.stdout) == (2, "")
    assert result.stderr.startswith(f"{bad}:{line}: ")
    assert result.stderr.strip().endswith(message)
    assert not output.exists()


def test_malformed_project_catalog_is_exit_2(project: Path, cli: Invoke) -> None:
    catalog = project / "locales" / "ta" / "LC_MESSAGES" / "welcome.po"
    catalog.write_bytes(catalog.read_bytes() + b'\nmsgid "x"\nmsgstr[0] "y"\n')
    result = cli("coverage")
    assert result.exit_code == 2
    assert re.fullmatch(
        rf"{re.escape(str(catalog))}:\d+: expected msgid_plural or msgstr, found msgstr\[0\]\n",
        result.stderr,
    )


def test_bad_paths_and_usage(tmp_path: Path) -> None:
    absent = tmp_path / "nothing"
    result = run("coverage", str(absent), config=tmp_path / "x.yaml")
    assert (result.exit_code, result.stderr) == (2, f"{absent}: no such file or folder\n")
    (tmp_path / "empty").mkdir()
    result = run("coverage", str(tmp_path / "empty"), config=tmp_path / "x.yaml")
    assert result.stderr == f"{tmp_path / 'empty'}: no catalogs (*.po) in this folder\n"
    result = run("coverage", "--format", "svg")
    assert result.exit_code == 2
    assert "--format svg writes a badge per locale: add --output FOLDER" in result.stderr


def test_two_catalogs_for_one_pair_is_exit_2(tmp_path: Path) -> None:
    for folder in ("a", "b"):
        target = tmp_path / folder / "ko" / "LC_MESSAGES"
        target.mkdir(parents=True)
        (target / "app.po").write_bytes((COVERAGE / "po" / "ko.po").read_bytes())
    paths = (str(tmp_path / "a"), str(tmp_path / "b"))
    result = run("coverage", *paths, config=tmp_path / "x.yaml")
    assert result.exit_code == 2
    first, second = (tmp_path / f / "ko" / "LC_MESSAGES" / "app.po" for f in ("a", "b"))
    assert result.stderr == (
        f"{second}: a second catalog for locale ko and document app (first: {first})\n"
    )


def test_coverage_writes_nothing_but_its_output(tmp_path: Path) -> None:
    before = snapshot(FIXTURE.parent)
    output = tmp_path / "out" / "coverage.md"
    assert run("coverage", "--format", "markdown", "--output", str(output)).exit_code == 0
    assert output.read_text("utf-8").startswith("**Translation coverage**: ")
    assert snapshot(FIXTURE.parent) == before
    assert run("coverage", "--format", "json", "--output", "/dev/null").exit_code == 0


def test_run_publishes_the_page_and_badges(project: Path, cli: Invoke) -> None:
    result = cli("run")
    assert result.exit_code == 0, result.stderr
    assert re.search(
        r"^coverage: \d+\.\d% translated, 7 written, 0 unchanged$", result.stdout, re.M
    )
    bundles = project / "bundles"
    assert (bundles / "coverage.html").read_text("utf-8").startswith("<!DOCTYPE html>")
    badges = sorted(p.name for p in (bundles / "badges").iterdir())
    assert badges == ["coverage.svg", "ja.svg", "ko.svg", "ml.svg", "ta.svg", "zh_Hans.svg"]
    again = cli("run")
    assert re.search(r"^coverage: \d+\.\d% translated, 0 written, 7 unchanged$", again.stdout, re.M)


def test_run_writes_reports_where_the_configuration_says(project: Path, cli: Invoke) -> None:
    config = project / "pipeline.yaml"
    config.write_text(config.read_text("utf-8") + "reports: site/status\n", "utf-8")
    assert cli("run").exit_code == 0
    assert (project / "site" / "status" / "coverage.html").is_file()
    assert (project / "site" / "status" / "badges" / "coverage.svg").is_file()
