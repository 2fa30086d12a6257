"""`pipeline check`: every check against real translations in Korean, Chinese, Tamil, Malayalam
and Japanese; the seed articles broken once per rule; configuration, silencing and output.

Case files (tests/data/checks/cases/<locale>.po) hold, per check, a passing and a failing
translation, named by their msgctxt (`numbers: pass`, `numbers: fail`); a failing one may
expect other checks as well (`# expect also: links`). Adding a case is adding an entry.
The broken seed's expected output regenerates with `UPDATE_GOLDEN=1` (review the diff).
"""

from __future__ import annotations

import json
import re
import shutil
import subprocess
import sys
from dataclasses import replace
from pathlib import Path

import pytest
from babel.messages.plurals import get_plural

from pipeline.checks.runner import Rules, check_catalog
from pipeline.checks.skeleton import graphemes
from pipeline.checks.table import CHECKS
from pipeline.po import Catalog, Message, render_po
from pipeline.po_reader import parse_po, read_po
from tests.conftest import DATA, Invoke, compare_golden, snapshot

CHECK_DATA = DATA / "checks"
CASES = CHECK_DATA / "cases"
LOCALES = ("ko", "zh_Hans", "ta", "ml", "ja")
RULES = Rules({name: check.severity for name, check in CHECKS.items()})
HEADER_CHECKS = {"header-language", "language-alike", "plural-forms"}
GLOSSARY_CHECKS = {"terminology"}
"""Need a glossary: their cases, per script, are in test_terminology.py."""
# Where a check's language matters less than its script: the locales that must have cases.
SCRIPT_LOCALES = {"joiners": ("ta", "ml"), "orphan-mark": ("ta", "ml")}


def case_entries(locale: str) -> dict[str, list[Message]]:
    """Case name (`numbers: fail`) -> entries, in file order."""
    cases: dict[str, list[Message]] = {}
    for message in read_po(CASES / f"{locale}.po").messages:
        assert message.msgctxt is not None
        name, kind = message.msgctxt.split(": ")
        cases.setdefault(f"{name}: {kind.split()[0]}", []).append(message)
    return cases


def required_cases() -> list[tuple[str, str]]:
    pairs = []
    for name, check in CHECKS.items():
        if name in HEADER_CHECKS or name in GLOSSARY_CHECKS:
            continue
        for locale in SCRIPT_LOCALES.get(name, LOCALES):
            if not check.languages or locale.partition("_")[0] in check.languages:
                pairs.append((name, locale))
    return pairs


def findings_by_line(catalog: Catalog, locale: str) -> dict[int, set[str]]:
    found: dict[int, set[str]] = {}
    for finding in check_catalog(catalog, CASES / f"{locale}.po", locale, RULES):
        found.setdefault(finding.line, set()).add(finding.check)
    return found


@pytest.mark.parametrize(("name", "locale"), required_cases(), ids="-".join)
def test_check_passes_and_fails_in_each_language(name: str, locale: str) -> None:
    catalog = read_po(CASES / f"{locale}.po")
    found = findings_by_line(catalog, locale)
    cases = case_entries(locale)
    passing, failing = cases.get(f"{name}: pass", []), cases.get(f"{name}: fail", [])
    assert passing, f"no passing {locale} case for {name}"
    assert failing, f"no failing {locale} case for {name}"
    for message in passing:
        assert found.get(message.msgstr_line, set()) == set(), message.msgstr
    for message in failing:
        also = [c.partition(":")[2] for c in message.translator_comments if c.startswith("expect")]
        expected = {name, *(n.strip() for text in also for n in text.split(","))}
        assert found.get(message.msgstr_line) == expected, message.msgstr


@pytest.mark.parametrize("locale", LOCALES)
def test_case_files_have_no_stray_findings(locale: str) -> None:
    catalog = read_po(CASES / f"{locale}.po")
    lines = {m.msgstr_line for m in catalog.messages}
    assert set(findings_by_line(catalog, locale)) <= lines


def header_catalog(locale: str, **fields: str) -> Catalog:
    values = {"Language": locale, "Content-Type": "text/plain; charset=UTF-8"} | fields
    text = "".join(f"{key.replace('_', '-')}: {value}\n" for key, value in values.items() if value)
    untranslated = Message("Listen.", extracted_comments=("paragraph",))
    return parse_po(render_po(Catalog(Message("", text), (untranslated,))).encode(), "x.po")


PLURALS = {
    "ko": "nplurals=1; plural=0;",
    "zh_Hans": "nplurals=1; plural=0;",
    "ja": "nplurals=1; plural=0;",
    "ta": "nplurals=2; plural=(n != 1);",
    "ml": "nplurals=2; plural=n != 1;",
}


@pytest.mark.parametrize("locale", LOCALES)
def test_header_checks_in_each_language(locale: str) -> None:
    good = header_catalog(locale, Plural_Forms=PLURALS[locale])
    assert check_catalog(good, Path("x.po"), locale, RULES) == []
    other = "ko" if locale != "ko" else "ja"
    wrong = header_catalog(locale, Language=other, Plural_Forms=PLURALS[other].replace("1;", "2;"))
    found = [(f.line, f.check) for f in check_catalog(wrong, Path("x.po"), locale, RULES)]
    assert (3, "header-language") in found
    assert (5, "plural-forms") in found
    missing = header_catalog(locale, Language="")
    found = [(f.line, f.check) for f in check_catalog(missing, Path("x.po"), locale, RULES)]
    assert (2, "header-language") in found
    assert (2, "plural-forms") in found


def test_grapheme_clusters_count_what_a_reader_sees() -> None:
    assert graphemes("സ്ത്രീ") == 1  # one Malayalam conjunct, six code points
    assert graphemes("நன்றி") == 3
    assert graphemes("한국어") == 3
    assert graphemes("👍🏽") == 1


def entry_findings(locale: str, source: str, translation: str) -> list[str]:
    plural = get_plural(locale).plural_forms
    header = f"Language: {locale}\nPlural-Forms: {plural}\n"
    message = Message(source, translation, extracted_comments=("paragraph",))
    catalog = Catalog(Message("", header), (message,))
    return [f"{f.check}: {f.message}" for f in check_catalog(catalog, Path("x.po"), locale, RULES)]


@pytest.mark.parametrize(
    ("locale", "source", "translation", "expected"),
    [
        # Indian grouping, Han and native digits are the same numbers.
        ("ta", "Over 100,000 people.", "1,00,000 பேருக்கு மேல்.", []),
        ("zh_Hans", "Shot 8 times.", "中枪八次。", []),
        ("ml", "Text 55156.", "൫൫൧൫൬ എന്ന നമ്പറിലേക്ക് സന്ദേശം അയയ്ക്കുക.", []),
        # Entities and tabs do not hide a javascript: URL.
        (
            "ko",
            "Read [this](https://a.org).",
            "[이것](https://a.org)과 [저것](jav&#x61;script:alert(1))을 읽으세요.",
            [
                "links: link target javascript:alert(1) is not in the source",
                "unsafe-url: unsafe URL the source does not have: javascript:alert(1) (it can"
                " run script or fetch files)",
            ],
        ),
        # The check and the bundles' splicing share one list of schemes: livescript: too.
        (
            "ko",
            "Read [this](https://a.org).",
            "[이것](https://a.org)과 [저것](LiveScript:alert(1))을 읽으세요.",
            [
                "links: link target LiveScript:alert(1) is not in the source",
                "unsafe-url: unsafe URL the source does not have: LiveScript:alert(1) (it can"
                " run script or fetch files)",
            ],
        ),
        # Emoji sequences are not joiner or mark mistakes.
        ("ja", "Thank you ❤️ 👩‍👩‍👧", "ありがとう ❤️ 👩‍👩‍👧", []),
        # A Korean particle after a URL or hashtag is not part of it.
        (
            "ko",
            "See www.visionawaken.com #GeorgeFloyd",
            "www.visionawaken.com을 보세요 #GeorgeFloyd를",
            [],
        ),
        # snake_case is not an emphasis marker.
        ("ja", "Set max_length first.", "まず max_length を設定します。", []),
        (
            "ta",
            "Follow their lead.",
            "அவர்களைப் பின்பற்றுங்க்்கள்.",
            [
                "orphan-mark: tamil sign virama twice in a row in “பின்பற்றுங்க்்கள்”",
            ],
        ),
    ],
)
def test_findings_on_single_entries(
    locale: str, source: str, translation: str, expected: list[str]
) -> None:
    assert entry_findings(locale, source, translation) == expected


# --- the seed articles, through the command line ------------------------------------------------


@pytest.fixture
def seed(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    """A copy of the seed project with clean translations; the working folder is its root."""
    root = tmp_path / "seed"
    shutil.copytree(CHECK_DATA / "seed", root)
    monkeypatch.chdir(root)
    return root


def break_seed(root: Path) -> None:
    shutil.copytree(CHECK_DATA / "seed-broken" / "locales", root / "locales", dirs_exist_ok=True)


def test_clean_seed_has_no_findings(cli: Invoke, seed: Path) -> None:
    before = snapshot(seed)
    result = cli("check", config=seed / "pipeline.yaml")
    assert (result.exit_code, result.stdout) == (0, "")
    assert result.stderr == "check: 0 errors, 0 warnings, 0 info in 10 catalogs\n"
    assert snapshot(seed) == before


def test_broken_seed_reports_each_rule_once(cli: Invoke, seed: Path) -> None:
    break_seed(seed)
    result = cli("check", config=seed / "pipeline.yaml")
    expected = CHECK_DATA / "seed-broken" / "expected.txt"
    compare_golden(expected, result.stdout)
    assert result.exit_code == 1
    names = [line.split(": ")[2] for line in result.stdout.splitlines()]
    # heading-id and syntax have nothing to break: the seed articles have no heading ids or site syntax; terminology
    # needs a glossary (test_terminology.py).
    assert sorted(names) == sorted(
        [*(set(CHECKS) - {"heading-id", "syntax", *GLOSSARY_CHECKS}), "links"]
    )
    assert result.stderr == "check: 14 errors, 17 warnings, 1 info in 10 catalogs\n"


def test_locale_option_and_github_format(cli: Invoke, seed: Path) -> None:
    break_seed(seed)
    result = cli("check", "--locale", "ta", "--format", "github", config=seed / "pipeline.yaml")
    lines = result.stdout.splitlines()
    assert lines[0] == (
        "::error file=locales/ta/LC_MESSAGES/allyship-actions.po,line=123,title=footnotes"
        "::footnote reference [^1] is not in the source"
    )
    assert len(lines) == 6
    assert all(line.startswith(("::error ", "::warning ")) for line in lines)
    assert result.exit_code == 1


def test_json_format(cli: Invoke, seed: Path) -> None:
    break_seed(seed)
    result = cli("check", "--locale", "zh_Hans", "--format", "json", config=seed / "pipeline.yaml")
    report = json.loads(result.stdout)
    assert report["counts"] == {"error": 2, "warning": 2, "info": 1}
    assert report["catalogs"] == 2
    assert report["findings"][-1] == {
        "path": "locales/zh_Hans/LC_MESSAGES/asian-american-coalitions.po",
        "line": 70,
        "severity": "info",
        "check": "fuzzy-unchanged",
        "message": "fuzzy since the source changed (“abroad.” -> “internationally.”): review"
        " the translation, then remove the fuzzy flag",
    }


def test_every_format_shows_the_findings_in_path_line_order(cli: Invoke, seed: Path) -> None:
    """Findings come a catalog at a time, checked document by document; they are shown by
    path (locale first), then line, then the table's order of checks, and the JSON is laid out
    as one `json.dumps` of the whole would be."""
    break_seed(seed)
    config = seed / "pipeline.yaml"
    result = cli("check", "--format", "json", config=config)
    report = json.loads(result.stdout)
    assert result.stdout == json.dumps(report, ensure_ascii=False, indent=2) + "\n"
    order = {name: index for index, name in enumerate(CHECKS)}
    places = [(f["path"], f["line"], order[f["check"]]) for f in report["findings"]]
    assert places == sorted(places)
    assert places[0][0].startswith("locales/ja/")  # ja, ko, ml, ta, zh_Hans
    assert {p.split("/")[1] for p, *_ in places} == {"ja", "ko", "ml", "ta", "zh_Hans"}
    text = cli("check", config=config).stdout.splitlines()
    github = cli("check", "--format", "github", config=config).stdout.splitlines()
    assert text == [
        f"{f['path']}:{f['line']}: {f['severity']}: {f['check']}: {f['message']}"
        for f in report["findings"]
    ]
    assert [line.split(",line=")[0].split("file=")[1] for line in github] == [
        f["path"] for f in report["findings"]
    ]


def configure(root: Path, text: str) -> None:
    config = root / "pipeline.yaml"
    config.write_text(config.read_text("utf-8") + text, "utf-8")


def test_configured_severities(cli: Invoke, seed: Path) -> None:
    break_seed(seed)
    configure(seed, "checks:\n  numbers: warning\n  links: 'off'\n  structure: warning\n")
    result = cli("check", "--locale", "ko", config=seed / "pipeline.yaml")
    assert "ko/LC_MESSAGES/allyship-actions.po:123: warning: numbers: number 11 is missing\n" in (
        result.stdout
    )
    assert ": links:" not in result.stdout
    assert result.exit_code == 0  # only warnings left


def test_unknown_check_name_is_an_error_at_its_line(cli: Invoke, seed: Path) -> None:
    configure(seed, "checks:\n  same-as-source: info\n  nubmers: warning\n")
    result = cli("check", config=seed / "pipeline.yaml")
    assert result.exit_code == 2
    assert result.stderr.startswith(
        "pipeline.yaml:8: unknown check 'nubmers' (did you mean 'numbers'?) (known:"
        " links, images, code,"
    )


def test_allowed_url_patterns(cli: Invoke, tmp_path: Path) -> None:
    root = tmp_path / "links"
    (root / "source").mkdir(parents=True)
    (root / "source" / "petition.md").write_text(
        "Sign [the petition](https://www.change.org/p/justice).\n\nRead more.\n", "utf-8"
    )
    (root / "pipeline.yaml").write_text("source: source\nlocales: [ko]\n", "utf-8")
    config = root / "pipeline.yaml"
    assert cli("extract", config=config).exit_code == 0
    assert cli("update", config=config).exit_code == 0
    catalog = root / "locales/ko/LC_MESSAGES/petition.po"
    translated = read_po(catalog)
    first = replace(
        translated.messages[0], msgstr="[청원](https://ko.change.org/p/justice)에 서명하세요."
    )
    catalog.write_text(render_po(replace(translated, messages=(first,))), "utf-8")
    assert cli("check", config=config).exit_code == 1
    configure(root, "allowed_url_patterns:\n  - 'https://ko\\.change\\.org/.*'\n")
    assert (cli("check", config=config).exit_code, cli("check", config=config).stdout) == (0, "")
    configure(root, "  - '(unbalanced'\n")
    result = cli("check", config=config)
    assert result.exit_code == 2
    assert "allowed_url_patterns: '(unbalanced' is not a regular expression" in result.stderr


def test_allowed_url_replaces_a_target_but_adds_none() -> None:
    rules = Rules(RULES.severities, (re.compile(r"https://ko\.change\.org/.*"),))
    source = "Sign [the petition](https://www.change.org/p/justice)."
    for translation, found in [
        ("[청원](https://ko.change.org/p/justice)에 서명하세요.", []),
        ("[청원](https://ko.change.org/p/justice)과 [안내](https://ko.change.org/help)", ["links"]),
    ]:
        message = Message(source, translation, extracted_comments=("paragraph",))
        catalog = Catalog(
            Message("", "Language: ko\nPlural-Forms: nplurals=1; plural=0;\n"), (message,)
        )
        assert [f.check for f in check_catalog(catalog, Path("x.po"), "ko", rules)] == found


def test_malformed_catalog_exits_2_with_the_readers_message(cli: Invoke, seed: Path) -> None:
    catalog = seed / "locales/ja/LC_MESSAGES/allyship-actions.po"
    catalog.write_text(catalog.read_text("utf-8") + 'msgstr "orphan"\n', "utf-8")
    result = cli("check", config=seed / "pipeline.yaml")
    assert result.exit_code == 2
    line = len(catalog.read_text("utf-8").splitlines())
    where = catalog.relative_to(seed).as_posix()
    assert result.stderr == f"{where}:{line}: expected msgctxt or msgid, found msgstr\n"


def test_unknown_locale_exits_2(cli: Invoke, seed: Path) -> None:
    result = cli("check", "--locale", "fr", config=seed / "pipeline.yaml")
    assert result.exit_code == 2
    assert "locale 'fr' is not in the configuration" in result.stderr


def test_paths_are_relative_to_the_project_root_wherever_check_runs(
    cli: Invoke, seed: Path, monkeypatch: pytest.MonkeyPatch, tmp_path: Path
) -> None:
    break_seed(seed)
    (tmp_path / "elsewhere").mkdir()
    monkeypatch.chdir(tmp_path / "elsewhere")
    result = cli("check", "--locale", "ml", config=seed / "pipeline.yaml")
    assert result.stdout.startswith("locales/ml/LC_MESSAGES/allyship-actions.po:143: ")


def test_plural_forms_are_checked_against_msgid_plural() -> None:
    message = Message(
        "[One](https://a.org/one) person signed.",
        msgid_plural="[{n}](https://a.org/all) people signed.",
        msgstr_plural=(
            "[ஒருவர்](https://a.org/one) கையெழுத்திட்டார்.",
            "[{n} பேர்](https://a.org/one) கையெழுத்திட்டனர்.",
        ),
        extracted_comments=("paragraph",),
    )
    header = Message(
        "",
        f"Language: ta\nContent-Type: text/plain; charset=UTF-8\nPlural-Forms: {PLURALS['ta']}\n",
    )
    text = render_po(Catalog(header, (message,)))
    found = check_catalog(parse_po(text.encode(), "x.po"), Path("x.po"), "ta", RULES)
    assert [(f.line, f.check, f.message) for f in found] == [
        (11, "links", "link target https://a.org/all changed to https://a.org/one")
    ]


def test_one_comment_silences_several_checks_and_typos_are_reported() -> None:
    header = Message(
        "",
        "Language: ja\nContent-Type: text/plain; charset=UTF-8\nPlural-Forms: nplurals=1; plural=0;\n",
    )
    source = "Text JUSTICE to 55156 to sign [the petition](https://a.org)."
    silenced = Message(
        source, "請願に署名しましょう.", translator_comments=("check: ignore numbers, links",)
    )
    typo = Message("Listen.", "聞いて。", translator_comments=("check: ignroe numbers",))
    catalog = parse_po(render_po(Catalog(header, (silenced, typo))).encode(), "x.po")
    found = [(f.check, f.message) for f in check_catalog(catalog, Path("x.po"), "ja", RULES)]
    assert found == [
        ("cjk-punctuation", "ASCII '.' after CJK text in “名しましょう.”: write '。'"),
        ("check-comment", "write `# check: ignore NAME, NAME`, not `# check: ignroe numbers`"),
    ]


def test_help_lists_every_check(cli: Invoke) -> None:
    result = cli("check", "--help")
    for name, check in CHECKS.items():
        assert f"  {name:<19} {check.severity:<8} " in result.stdout


# Commands that run a check load the checks' parsers; the others only validate `checks:` names.
LOADED = """
import sys
from pipeline.cli import main
main(sys.argv[1:], standalone_mode=False)
print(" ".join(sorted(m for m in sys.modules if m.startswith("pipeline.checks."))))
"""


@pytest.mark.parametrize(
    ("command", "loads"), [("coverage", False), ("update", False), ("check", True)]
)
def test_only_commands_that_check_load_the_checks(project: Path, command: str, loads: bool) -> None:
    (project / "pipeline.yaml").write_text(
        (project / "pipeline.yaml").read_text("utf-8") + "checks:\n  length: off\n", "utf-8"
    )
    done = subprocess.run(
        [sys.executable, "-c", LOADED, "--config", str(project / "pipeline.yaml"), command],
        capture_output=True,
        text=True,
        cwd=project,
        check=False,
    )
    loaded = set(done.stdout.split("\n")[-2].split())
    assert "pipeline.checks.table" in loaded  # the names in `checks:` were validated
    parsers = {f"pipeline.checks.{name}" for name in ("markdown", "content", "scripts")}
    assert (parsers <= loaded) if loads else not (parsers & loaded)
    assert "Traceback" not in done.stderr, done.stderr


def test_every_check_names_a_function_of_the_checks_package() -> None:
    for check in CHECKS.values():
        module, _, name = check.implementation.rpartition(".")
        assert check.function.__module__ == f"pipeline.checks.{module}"
        assert check.function.__name__ == name
        assert check.summary, check.name
