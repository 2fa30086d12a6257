"""Glossaries and the terminology check: five scripts' word boundaries, CSV and TBX, TBX export."""

from __future__ import annotations

import shutil
from pathlib import Path

import pytest
from click.testing import CliRunner
from lxml import etree  # type: ignore[import-untyped]  # no stubs in the lock

from pipeline.checks.entry import Entry
from pipeline.checks.glossary import Term, read_csv, read_glossaries, read_tbx
from pipeline.checks.terminology import check_terminology, contains_term
from pipeline.cli import main
from pipeline.errors import PipelineError
from pipeline.interchange.tbx import render_tbx
from pipeline.po import Catalog, Message
from tests.conftest import DATA, REPO

RNG = DATA / "schemas" / "TBXcoreStructV03_TBX-Basic_integrated.rng"
LOCALES = ("ko", "zh_Hans", "ta", "ml", "ja")


def entry(source: str, translation: str, locale: str, *terms: Term) -> Entry:
    message = Message(msgid=source, msgstr=translation)
    return Entry(source, translation, locale, message, Catalog(Message(msgid=""), ()), terms=terms)


def term(source: str, translation: str, status: str = "preferred") -> Term:
    return Term(source, translation, status, "", Path("g.csv"), 2)


# (locale, term, translation that uses it, translation that does not) per script.
CASES = [
    # Korean: a particle attached to the noun is still the term; a longer noun is not.
    ("ko", term("ally", "앨라이"), "앨라이는 곁에 섭니다", "앨라이언스에 가입하세요"),
    ("ko", term("solidarity", "연대"), "흑인 커뮤니티와 연대하며", "함께 서 주세요"),
    # Korean compound nouns are written as one word: 사회운동 (social movement) ends in 운동.
    ("ko", term("activism", "운동"), "정치와 사회운동에 무관심한", "정치와 행동주의에 무관심한"),
    # Japanese: a katakana term inside a longer katakana word is another word.
    ("ja", term("data", "データ"), "データを集めます", "データベースを作ります"),
    ("ja", term("siblings", "きょうだい"), "黒人のきょうだいたちのために", "黒人の兄弟のために"),
    # Chinese: no spaces at all.
    ("zh_Hans", term("solidarity", "团结"), "我们与黑人社区团结一致", "我们支持黑人社区"),
    # Tamil: case endings attach and change the final consonant (மரம் -> மரத்தில்).
    ("ta", term("tree", "மரம்"), "மரத்தில் பறவை உள்ளது", "செடியில் பறவை உள்ளது"),
    ("ta", term("allyship", "உறுதுணை"), "உறுதுணையைச் செயலில் காட்டுதல்", "ஆதரவைக் காட்டுதல்"),
    # Malayalam: agglutination (സഹയാത്ര -> സഹയാത്രികരായി), a word must start with the term.
    ("ml", term("ally", "സഹയാത്ര"), "നമ്മൾ സഹയാത്രികരായി നിൽക്കണം", "നമ്മൾ കൂടെ നിൽക്കണം"),
]


@pytest.mark.parametrize(("locale", "agreed", "uses", "lacks"), CASES)
def test_agreed_term_is_found_by_its_scripts_rules(
    locale: str, agreed: Term, uses: str, lacks: str
) -> None:
    source = f"Every {agreed.source} counts."
    assert check_terminology(entry(source, uses, locale, agreed)) is None
    said = check_terminology(entry(source, lacks, locale, agreed))
    assert said == f"{agreed.source!r} should be translated {agreed.translation!r}"


def test_a_source_without_the_term_is_not_checked() -> None:
    assert check_terminology(entry("Nothing here.", "없음", "ko", term("ally", "앨라이"))) is None
    # Whole English words, plurals included: "really" is not "ally", "allies" is.
    assert check_terminology(entry("I really care.", "관심", "ko", term("ally", "앨라이"))) is None
    said = check_terminology(entry("Our allies.", "동료", "ko", term("ally", "앨라이")))
    assert said is not None


def test_forbidden_and_do_not_translate_terms() -> None:
    forbidden = term("ally", "동맹", "forbidden")
    assert check_terminology(entry("An ally.", "동맹은 ...", "ko", forbidden)) == (
        "forbidden term '동맹' (for 'ally')"
    )
    assert check_terminology(entry("An ally.", "앨라이는 ...", "ko", forbidden)) is None
    keep = term("GitHub", "GitHub", "do-not-translate")
    assert check_terminology(entry("Use GitHub.", "GitHub에서 쓰세요", "ko", keep)) is None
    assert check_terminology(entry("Use GitHub.", "깃허브에서 쓰세요", "ko", keep)) == (
        "'GitHub' must stay untranslated"
    )
    assert contains_term("GitHubの使い方", "GitHub")
    # A Korean syllable alone is no compound's last noun: 정 (affection) is not in 감정 (emotion).
    assert contains_term("정을 나누다", "정")
    assert not contains_term("감정을 나누다", "정")
    assert not contains_term("GitHubbing", "GitHub")


def seeds_with_glossaries(tmp_path: Path) -> Path:
    """The seed articles, their catalogs and glossaries, as the repository configures them."""
    project = tmp_path / "p"
    project.mkdir()
    for folder in ("source", "locales", "glossary"):
        shutil.copytree(REPO / folder, project / folder)
    shutil.copy(REPO / "pipeline.yaml", project / "pipeline.yaml")
    return project


def test_the_seed_glossaries_have_twenty_terms_per_locale_and_the_seeds_follow_them(
    tmp_path: Path,
) -> None:
    paths = sorted((REPO / "glossary").glob("*.csv"))
    terms = read_glossaries(paths, LOCALES)
    counts = {locale: len(found) for locale, found in terms.items()}
    assert all(count >= 20 for count in counts.values()), counts
    project = seeds_with_glossaries(tmp_path)
    result = CliRunner().invoke(main, ["--config", str(project / "pipeline.yaml"), "check"])
    assert result.exit_code == 0, result.output
    # Every finding on the seeds was fixed, in the translation or in the check.
    assert (result.stdout, result.stderr) == (
        "",
        "check: 0 errors, 0 warnings, 0 info in 10 catalogs\n",
    )


def test_tbx_export_validates_and_reads_back_as_the_csv_said(tmp_path: Path) -> None:
    project = seeds_with_glossaries(tmp_path)
    out = tmp_path / "glossary.tbx"
    config = str(project / "pipeline.yaml")
    result = CliRunner().invoke(main, ["--config", config, "glossary", "export", "-o", str(out)])
    assert result.exit_code == 0, result.stderr
    relaxng = etree.RelaxNG(etree.parse(str(RNG)))
    assert relaxng.validate(etree.parse(str(out))), relaxng.error_log
    tags = {"ko": "ko", "zh-hans": "zh_Hans", "ta": "ta", "ml": "ml", "ja": "ja"}
    from_tbx = read_tbx(out.read_bytes(), out)
    from_csv = read_glossaries(sorted((project / "glossary").glob("*.csv")), LOCALES)
    for tag, locale in tags.items():
        mine = {(t.source.casefold(), t.translation, t.status) for t in from_tbx[tag]}
        assert mine == {(t.source.casefold(), t.translation, t.status) for t in from_csv[locale]}


@pytest.mark.parametrize(
    ("text", "error"),
    [
        (
            "term,translation\nally,x\n",
            "g.csv:1: the first line must be term,translation,status,note",
        ),
        ("term,translation,status,note\nally,x,maybe,\n", "g.csv:2: status 'maybe' must be one of"),
        ("term,translation,status,note\nally,,preferred,\n", "g.csv:2: a term and its translation"),
    ],
)
def test_a_bad_csv_glossary_names_its_line(text: str, error: str) -> None:
    with pytest.raises(PipelineError) as raised:
        read_csv(text.encode(), Path("g.csv"))
    assert str(raised.value).startswith(error)


def test_a_bad_glossary_stops_check_with_exit_2(tmp_path: Path) -> None:
    project = tmp_path / "p"
    shutil.copytree(REPO / "source", project / "source")
    shutil.copytree(REPO / "locales", project / "locales")
    (project / "glossary").mkdir()
    (project / "glossary" / "ko.csv").write_text("term,translation,status,note\na,b,nope,\n")
    (project / "pipeline.yaml").write_text(
        "source: source\nlocales: [ko]\nglossary: [glossary/ko.csv]\n"
    )
    result = CliRunner().invoke(main, ["--config", str(project / "pipeline.yaml"), "check"])
    assert result.exit_code == 2
    assert result.stderr.startswith("glossary/ko.csv:2: status 'nope'")


def test_tbx_render_is_deterministic() -> None:
    terms = {"ko": (term("ally", "앨라이"), term("ally", "동맹", "forbidden"))}
    assert render_tbx(terms) == render_tbx(dict(terms))
    assert "deprecatedTerm-admn-sts" in render_tbx(terms)
