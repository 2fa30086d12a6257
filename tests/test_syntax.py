"""Site syntax profiles: golden cases, identity round trips, real documentation, bad input.

Golden cases live in tests/golden/syntax/<profile>/; the folder names the profile.
"""

from __future__ import annotations

import os
import re
import subprocess
from pathlib import Path

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from pipeline.config_values import SYNTAX_PROFILES
from pipeline.errors import PipelineError
from pipeline.extract.documents import parse_document
from pipeline.extract.profiles import PROFILES, features
from pipeline.extract.segments import Segment, build_segments
from pipeline.extract.sources import Source
from pipeline.extract.splicing import splice
from pipeline.extract.templates import build_template
from pipeline.po import render_po
from tests.conftest import GOLDEN

CASES = sorted(p for p in (GOLDEN / "syntax").glob("*/*.md*") if not p.name.endswith(".pot"))
REALDOCS = Path(__file__).parent / "data" / "realdocs"
REAL_SETS = {
    "hugo": ("hugo",),
    "hugo-basic-example": ("hugo",),
    "mkdocs-material": ("mkdocs-material",),
    "starlight": ("mdx",),
    "docusaurus": ("docusaurus",),
    "mdbook": ("mdbook",),
    "jekyll": ("kramdown", "liquid"),
}
REAL_PAGES = sorted(
    (path, profiles)
    for name, profiles in REAL_SETS.items()
    for path in (REALDOCS / name).rglob("*.md*")
    if path.name not in ("LICENSE.md",)
)
KEYS = ("title", "description", "summary", "linkTitle")
DATE = "2020-05-08 00:00+0000"
# Block markers that must never open or close a msgid (inline syntax may stay inside one).
BLOCK_MARKERS = re.compile(
    r"^(?:!!!|\?\?\?|===|:::|\{\{[<%]\s*/?\s*(?:code-toggle|highlight|note|figure)\b|import\s|export\s"
    r"|\{/\*|\[\^[^\]]+\]:|\[![A-Z]+\]|\{:)|(?:\{:[^}]*\}|:::)$"
)


def segments_of(path: Path, profiles: tuple[str, ...]) -> tuple[str, list[Segment]]:
    document = parse_document(path.read_bytes(), path, path.stem, path.name)
    return document.text, build_segments(document, KEYS, features(profiles))


def render_case(case: Path) -> str:
    document = parse_document(case.read_bytes(), case, case.stem, f"source/{case.name}")
    segments = build_segments(document, KEYS, features((case.parent.name,)))
    return render_po(build_template(Source(document, tuple(segments)), DATE))


def test_config_names_every_profile() -> None:
    assert set(SYNTAX_PROFILES) == set(PROFILES)


@pytest.mark.parametrize("case", CASES, ids=lambda p: f"{p.parent.name}/{p.name}")
def test_syntax_template_matches_golden(case: Path) -> None:
    expected = case.with_name(case.name + ".pot")
    text = render_case(case)
    if os.environ.get("UPDATE_GOLDEN"):
        expected.write_text(text, "utf-8")
    assert text == expected.read_text("utf-8")


@pytest.mark.parametrize("case", CASES, ids=lambda p: f"{p.parent.name}/{p.name}")
def test_syntax_golden_template_is_canonical_for_gettext(case: Path) -> None:
    pot = case.with_name(case.name + ".pot")
    subprocess.run(["msgfmt", "--check", "-o", "/dev/null", str(pot)], check=True)
    out = subprocess.run(["msgcat", "--no-wrap", str(pot)], check=True, capture_output=True)
    assert out.stdout == pot.read_bytes()


@pytest.mark.parametrize("case", CASES, ids=lambda p: f"{p.parent.name}/{p.name}")
def test_golden_case_round_trips_and_keeps_markers_out(case: Path) -> None:
    text, segments = segments_of(case, (case.parent.name,))
    assert splice(text, segments, lambda s: s.text) == text
    assert splice(text, segments, lambda s: None) == text
    for segment in segments:
        assert not BLOCK_MARKERS.search(segment.text), segment


@pytest.mark.parametrize(("page", "profiles"), REAL_PAGES, ids=lambda p: getattr(p, "name", ""))
def test_real_page_round_trips_and_keeps_block_markers_out(
    page: Path, profiles: tuple[str, ...]
) -> None:
    text, segments = segments_of(page, profiles)
    assert splice(text, segments, lambda s: s.text) == text
    marked = [s.text for s in segments if BLOCK_MARKERS.search(s.text)]
    assert not marked
    # A translation of every segment lands exactly in its span: all else is unchanged.
    changed = splice(text, segments, lambda s: "\ue000")
    assert changed.count("\ue000") == len(segments)


def test_real_pages_are_a_sample_of_at_least_150() -> None:
    assert len(REAL_PAGES) >= 150
    assert all((REALDOCS / name).glob("LICENSE*") for name in REAL_SETS)


def msgids(text: str, profile: str, suffix: str = ".md") -> list[str]:
    path = Path(f"page{suffix}")
    document = parse_document(text.encode(), path, "page", path.name)
    return [s.text for s in build_segments(document, KEYS, features((profile,)))]


def test_a_file_tree_holds_file_names_not_prose() -> None:
    # Starlight's FileTree reads `src/` as a folder: a translated name would break the tree.
    text = (
        "Before the tree, 木.\n\n<FileTree>\n\n- src/\n  - content/\n    - 문서.md\n\n</FileTree>\n\n"
        "<Card title='அட்டை'>\n\n- ലിസ്റ്റ് item\n\n</Card>\n"
    )
    assert msgids(text, "mdx", ".mdx") == ["Before the tree, 木.", "அட்டை", "ലിസ്റ്റ് item"]


def test_admonition_title_and_body_are_their_own_entries() -> None:
    text = '!!! warning "Maintenance mode"\n\n    Body text here.\n\n    Second paragraph.\n'
    assert msgids(text, "mkdocs-material") == [
        "Maintenance mode",
        "Body text here.",
        "Second paragraph.",
    ]
    # Plain CommonMark reads the same page as a paragraph and a code block.
    assert msgids(text, "kramdown") == ['!!! warning "Maintenance mode"']


def test_shortcode_blocks_are_not_msgids_and_prose_parameters_are() -> None:
    text = (
        '{{< figure src="a.png" alt="한국어 대체 텍스트" >}}\n\n{{% note %}}\n被翻訳\n{{% /note %}}\n\n'
        "{{< highlight go >}}\nfmt.Println()\n{{< /highlight >}}\n"
    )
    assert msgids(text, "hugo") == ["한국어 대체 텍스트", "被翻訳"]


def test_jsx_children_are_extracted_and_attributes_kept() -> None:
    text = '<Card title="தலைப்பு">\n\tഉള്ളടക്കം text.\n</Card>\n'
    assert msgids(text, "mdx", ".mdx") == ["தலைப்பு", "ഉള്ളടക്കം text."]


def test_translated_syntax_texts_are_escaped_for_their_syntax() -> None:
    text = '{{< figure alt="Lake" >}}\n\n<Card title="Card">\n\nBody\n\n</Card>\n'
    path = Path("page.mdx")
    document = parse_document(text.encode(), path, "page", path.name)
    segments = build_segments(document, KEYS, features(("hugo", "mdx")))
    out = splice(document.text, segments, lambda s: f'"{s.text}"')
    assert '{{< figure alt="\\"Lake\\"" >}}' in out
    assert '<Card title="&quot;Card&quot;">' in out


def test_toml_front_matter_translation_keeps_everything_else() -> None:
    text = '+++\n# keep me\ntitle = "Hello"  # and me\ndate = 2020-01-01\n[params]\ntitle = "x"\n+++\nBody\n'
    path = Path("page.md")
    document = parse_document(text.encode(), path, "page", path.name)
    segments = build_segments(document, KEYS)
    assert [s.text for s in segments] == ["Hello", "Body"]
    out = splice(document.text, segments, lambda s: '안녕 "세계"' if s.text == "Hello" else None)
    assert out == text.replace('"Hello"', '"안녕 \\"세계\\""')


def test_json_front_matter_is_read() -> None:
    text = '{\n  "title": "こんにちは",\n  "weight": 3\n}\nBody\n'
    assert msgids(text, "hugo") == ["こんにちは", "Body"]


@pytest.mark.parametrize(
    ("text", "profile", "message"),
    [
        ("Intro\n\n{{< figure src=x\n\nmore\n", "hugo", "page.md:3: unclosed shortcode"),
        ("{{< /note >}}\n", "hugo", "page.md:1: closing shortcode"),
        (":::note\nbody\n", "mdx", "page.md:1: unclosed directive"),
        ("<Card>\nbody\n", "mdx", "page.md:1: unclosed JSX element <Card>"),
        ("<Card\n  title='x'\n", "mdx", "page.md:1: unclosed JSX tag"),
        ("+++\n[params\n+++\nbody\n", "hugo", "page.md:2: invalid TOML front matter"),
        ("+++\ntitle = 'x'\n", "hugo", "page.md:1: front matter opened with '+++'"),
        ("Text {% include x.html\n", "liquid", "page.md:1: unclosed Liquid tag"),
    ],
)
def test_unclosed_constructs_are_errors_with_their_place(
    text: str, profile: str, message: str
) -> None:
    with pytest.raises(PipelineError) as caught:
        msgids(text, profile)
    assert str(caught.value).startswith(message)
    assert "\n" not in str(caught.value)


PROSE = (
    st.text(alphabet="abcdefghij 가나다ாகമ", min_size=1, max_size=20)
    .filter(lambda t: t.strip() and any(c.isalpha() for c in t))
    .map(lambda t: " ".join(t.split()))
)
CONSTRUCTS = {
    "mkdocs-material": [
        lambda t, b: f'!!! note "{t}"\n\n    {b}\n',
        lambda t, b: f'=== "{t}"\n\n    {b}\n',
        lambda t, b: f'- {t}\n\n    ??? tip "{b}"\n\n        {t}\n',
    ],
    "hugo": [
        lambda t, b: (
            f'{{{{< figure title="{t}" >}}}}\n\n{{{{% note %}}}}\n{b}\n{{{{% /note %}}}}\n'
        ),
        lambda t, b: f"| {t} |\n| - |\n| {b} {{{{< new-in 1 />}}}} |\n",
    ],
    "mdx": [
        lambda t, b: f'<Card title="{t}">\n\t{b}\n</Card>\n',
        lambda t, b: f":::note[{t}]\n{b}\n:::\n",
        lambda t, b: f"> {t}\n>\n> <Aside>\n> {b}\n> </Aside>\n",
    ],
    "docusaurus": [
        lambda t, b: f":::tip {t}\n\n{b}\n\n:::\n",
        lambda t, b: f"## {t} {{#some-id}}\n\n- <Details>\n  {b}\n  </Details>\n",
    ],
    "liquid": [
        lambda t, b: (
            f"{{% include note.html %}}\n{t}\n\n{{% raw %}}\n{{{{ x }}}}\n{{% endraw %}}\n\n{b}\n"
        ),
    ],
    "kramdown": [
        lambda t, b: f"# {t} {{#id}}\n\n{b}\n{{: .note}}\n",
        lambda t, b: f"Note.[^n]\n\n[^n]: {t}\n\n    {b}\n",
    ],
    "mdbook": [
        lambda t, b: f"{{{{#include file.rs}}}}\n\n> [!NOTE]\n> {t}\n\n{b}\n",
    ],
}


@settings(max_examples=60, deadline=None)
@given(
    st.sampled_from(sorted(CONSTRUCTS)),
    st.lists(st.tuples(st.integers(0, 2), PROSE, PROSE), min_size=1, max_size=4),
)
def test_constructs_give_exactly_their_prose(
    profile: str, parts: list[tuple[int, str, str]]
) -> None:
    builders = CONSTRUCTS[profile]
    text = "\n".join(builders[i % len(builders)](t, b) for i, t, b in parts)
    path = Path("page.md")
    document = parse_document(text.encode(), path, "page", path.name)
    segments = build_segments(document, KEYS, features((profile,)))
    assert splice(document.text, segments, lambda s: s.text) == text
    expected = {piece for _, t, b in parts for piece in (t, b)}
    fixed = {"Note.[^n]"}  # the kramdown construct's own paragraph
    assert {s.text.replace(" {{< new-in 1 />}}", "") for s in segments} - fixed == expected


def test_bench_compares_profiled_and_plain_extraction_of_the_same_pages() -> None:
    from benchmarks.syntax import corpus, measure

    timing = measure(runs=1, copies=1)
    assert timing.pages == len(corpus()) >= 150
    assert min(timing.plain, timing.profiled, timing.plain_cpu, timing.profiled_cpu) > 0


@pytest.mark.parametrize(
    ("source", "translation", "problem"),
    [
        ("Run {{< kbd Ctrl >}} now", "지금 실행", "site syntax `{{< kbd Ctrl >}}` is missing"),
        (
            "{{% a %}}x{{% /a %}} and {{% b %}}",
            "{{% b %}} と {{% a %}}x{{% /a %}}",
            "site syntax is reordered: keep `{{% a %}}` … `{{% /a %}}` … `{{% b %}}`",
        ),
        (
            'Use <Badge text="New" /> here',
            'இங்கே <Badge text="புதிய" />',
            'site syntax `<Badge text="New" />` changed to `<Badge text="புதிய" />`',
        ),
        ("Text {: .note}", "ടെക്സ്റ്റ്", "site syntax `{: .note}` is missing"),
        ("Hi {{ page.title }}", "你好 {{ title }}", "changed to `{{ title }}`"),
    ],
)
def test_syntax_check_reports_dropped_changed_and_reordered_syntax(
    source: str, translation: str, problem: str
) -> None:
    from pipeline.checks.entry import Entry
    from pipeline.checks.syntax import check_syntax
    from pipeline.po import Catalog, Message

    message = Message(msgid=source, msgstr=translation)
    entry = Entry(
        source, translation, "ko", message, Catalog(header=Message(msgid=""), messages=())
    )
    found = check_syntax(entry)
    assert found is not None
    assert problem in found
    same = Entry(source, source, "ko", message, Catalog(header=Message(msgid=""), messages=()))
    assert check_syntax(same) is None
