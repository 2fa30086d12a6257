"""`pipeline build`: localized Markdown spliced byte for byte, safe HTML, `.mo`, an exact manifest.

Golden cases live in tests/golden/build: `<case>.md` beside `<case>.<locale>.po` and the expected
`<case>.<tag>.bundle.md` / `.bundle.json`; regenerate them with `UPDATE_GOLDEN=1` and review the diff.
"""

from __future__ import annotations

import gettext
import hashlib
import json
import re
import shutil
import subprocess
from html.parser import HTMLParser
from pathlib import Path

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st
from jsonschema import Draft202012Validator
from markdown_it.renderer import RendererHTML
from markdown_it.token import Token
from referencing import Registry, Resource
from ruamel.yaml import YAML

from pipeline.bundles import writing
from pipeline.bundles.html import _copied, parse_inline
from pipeline.bundles.render import Prepared, Rendered, build_translations, prepare, render_bundle
from pipeline.extract.documents import parse_document
from pipeline.extract.parsing import PARSER
from pipeline.extract.segments import FRONT_MATTER, build_segments
from pipeline.locales import describe_locale
from pipeline.po import Catalog, Message
from pipeline.po_reader import read_po
from tests.conftest import BUNDLE_FILES, GOLDEN, REPO, Invoke, compare_golden, snapshot
from tests.test_segments import documents

KEYS = ("title", "subtitle", "description")
BUILD = GOLDEN / "build"
CASES = [p for p in sorted(BUILD.glob("*.md")) if ".bundle." not in p.name]
IDENTITY = [*sorted(GOLDEN.glob("extract/*.md")), *sorted((REPO / "source").glob("*.md")), *CASES]
PAIRS = [
    (case, po.name.split(".")[1])
    for case in CASES
    for po in sorted(BUILD.glob(f"{case.stem}.*.po"))
]
# The attack case is not real translation: it injects HTML blocks on purpose.
REAL = [(case, locale) for case, locale in PAIRS if case.stem != "attack"]
THRESHOLD = 50.0  # of the golden cases: article.ml falls back, the others are published
SCHEMAS = REPO / "pipeline" / "schemas"
# What build adds to the front matter, so identity can be checked "front matter keys it adds aside".
# `fallback_for` is the fifth key of a fallback's `translation`.
ADDED = r'lang: "[^"]*"(\r\n|\r|\n)translation:\1(?:  \w+: [^\r\n]*\1){4}(?:  fallback_for: [^\r\n]*\1)?'


def sha256(data: bytes) -> str:
    return hashlib.sha256(data).hexdigest()


def prepared_of(data: bytes, name: str = "doc") -> Prepared:
    document = parse_document(data, Path(f"{name}.md"), name, f"source/{name}.md")
    segments = build_segments(document, KEYS)
    return prepare(document, segments, sha256(data))


def bundle_of(case: Path, locale: str, threshold: float = THRESHOLD) -> Rendered:
    po = BUILD / f"{case.stem}.{locale}.po"
    catalog = read_po(po, language=locale)
    translations = build_translations(catalog, sha256(po.read_bytes()), locale)
    return render_bundle(
        prepared_of(case.read_bytes(), case.stem), describe_locale(locale), translations, threshold
    )


def strip_added(markdown: bytes) -> bytes:
    """The localized Markdown without the keys build adds (and the front matter it created)."""
    text = markdown.decode("utf-8")
    bom = "\ufeff" if text.startswith("\ufeff") else ""
    text = text.removeprefix(bom)
    created = re.match(rf"---(\r\n|\r|\n){ADDED.replace('1', '2')}---\1", text)
    if created:
        return (bom + text[created.end() :]).encode("utf-8")
    return (bom + re.sub(ADDED, "", text, count=1)).encode("utf-8")


def identity_catalog(prepared: Prepared, same: bool) -> Catalog:
    texts = dict.fromkeys(s.text for s in prepared.segments)
    messages = tuple(Message(msgid=t, msgstr=t if same else "") for t in texts)
    return Catalog(Message(msgid="", msgstr="Language: ko\n"), messages)


def block_shape(markdown: bytes) -> list[str]:
    document = parse_document(markdown, Path("x.md"), "x", "x.md")
    return [
        f"{t.type}:{t.tag}:{t.markup}" for t in PARSER.parse(document.body) if t.type != "inline"
    ]


# --- identity round trip (SPEC invariant 2) ---------------------------------------------------


@pytest.mark.parametrize("same", [False, True], ids=["msgstr-empty", "msgstr-is-msgid"])
@pytest.mark.parametrize("variant", ["as-is", "crlf-bom"])
@pytest.mark.parametrize("case", IDENTITY, ids=lambda p: f"{p.parent.name}/{p.name}")
def test_identity_round_trip_is_byte_for_byte(case: Path, variant: str, same: bool) -> None:
    data = case.read_bytes()
    if variant == "crlf-bom":
        data = b"\xef\xbb\xbf" + data.removeprefix(b"\xef\xbb\xbf").replace(b"\r\n", b"\n").replace(
            b"\n", b"\r\n"
        )
    prepared = prepared_of(data)
    translations = build_translations(identity_catalog(prepared, same), None, "ko")
    rendered = render_bundle(prepared, describe_locale("ko"), translations, 80.0)
    # Nothing to translate is complete; else empty catalogs fall back and full ones are complete.
    assert rendered.status == ("complete" if same or not prepared.words else "fallback")
    assert strip_added(rendered.markdown) == data


def test_added_front_matter_is_yaml_with_source_keys_first() -> None:
    rendered = bundle_of(BUILD / "article.md", "zh_Hans")
    head = rendered.markdown.decode().split("---\n")[1]
    data = YAML(typ="safe").load(head)
    assert list(data) == ["title", "subtitle", "description", "date", "lang", "translation"]
    assert data["title"] == "为彼此挺身而出"
    assert data["description"] == ["慢慢读。", "广泛分享。"]
    assert data["lang"] == "zh-Hans"
    assert data["translation"]["status"] == "complete"
    assert data["translation"]["coverage"] == 100.0


def test_source_lang_key_is_replaced_in_place() -> None:
    data = b"---\r\ntitle: Hello\r\nlang: en\r\ntags: [a]\r\n---\r\nBody text.\r\n"
    prepared = prepared_of(data)
    catalog = Catalog(Message(msgid=""), (Message(msgid="Hello", msgstr="こんにちは"),))
    rendered = render_bundle(
        prepared, describe_locale("ja"), build_translations(catalog, None, "ja"), 0
    )
    text = rendered.markdown.decode()
    assert text.startswith(
        '---\r\ntitle: "こんにちは"\r\nlang: "ja"\r\ntags: [a]\r\ntranslation:\r\n'
    )
    loaded = YAML(typ="safe").load(text.split("---")[1])
    assert list(loaded) == ["title", "lang", "tags", "translation"]


# --- golden bundles ---------------------------------------------------------------------------


@pytest.mark.parametrize(("case", "locale"), PAIRS, ids=lambda x: getattr(x, "stem", x))
def test_bundle_matches_golden(case: Path, locale: str) -> None:
    rendered = bundle_of(case, locale)
    tag = describe_locale(locale).tag
    markdown = BUILD / f"{case.stem}.{tag}.bundle.md"
    bundle = BUILD / f"{case.stem}.{tag}.bundle.json"
    pretty = json.dumps(json.loads(rendered.json), ensure_ascii=False, indent=2) + "\n"
    compare_golden(markdown, rendered.markdown)
    compare_golden(bundle, pretty)


@pytest.mark.parametrize(("case", "locale"), REAL, ids=lambda x: getattr(x, "stem", x))
def test_translations_keep_the_block_structure(case: Path, locale: str) -> None:
    rendered = bundle_of(case, locale)
    assert block_shape(rendered.markdown) == block_shape(case.read_bytes())


SCRIPTS = st.sampled_from(
    ["경찰을 부르지 마세요", "支持黑人社区", "ひらがなとカタカナ", "தமிழ் உரை", "മലയാളം വാചകം"]
)
TRANSLATION = st.lists(
    st.lists(SCRIPTS, min_size=1, max_size=3).map(" ".join), min_size=1, max_size=3
)


@settings(max_examples=30, deadline=None)
@given(case=st.sampled_from(IDENTITY), lines=st.lists(TRANSLATION, min_size=1, max_size=8))
def test_any_translation_keeps_structure_and_front_matter(
    case: Path, lines: list[list[str]]
) -> None:
    prepared = prepared_of(case.read_bytes())
    texts = list(dict.fromkeys(s.text for s in prepared.segments))
    messages = tuple(
        Message(msgid=t, msgstr="\n".join(lines[i % len(lines)])) for i, t in enumerate(texts)
    )
    translations = build_translations(Catalog(Message(msgid=""), messages), None, "ta")
    rendered = render_bundle(prepared, describe_locale("ta"), translations, 0)
    assert block_shape(rendered.markdown) == block_shape(case.read_bytes())
    head = front_matter(rendered.markdown)
    assert [k for k in head if k not in ("lang", "translation")] == list(
        front_matter(case.read_bytes())
    )
    assert head["lang"] == "ta"
    for segment in prepared.segments:
        if segment.kind == FRONT_MATTER:
            expected = "\n".join(lines[texts.index(segment.text) % len(lines)])
            value = head[segment.key]
            assert expected in (value if isinstance(value, list) else [value])


def front_matter(markdown: bytes) -> dict[str, object]:
    """The front matter as YAML loads it, {} without one."""
    text = markdown.decode("utf-8").removeprefix("\ufeff")
    parts = re.split(r"^---[ \t]*\r?$", text, maxsplit=2, flags=re.M)
    if parts[0] or len(parts) < 3:
        return {}
    loaded = YAML(typ="safe").load(parts[1])
    return dict(loaded or {})


def test_multiline_translations_get_container_prefixes_and_crlf() -> None:
    text = bundle_of(BUILD / "crlf-bom.md", "ta").markdown.decode()
    assert text.startswith('\ufeff---\r\nlang: "ta"\r\n')
    assert "> இரண்டு வரிகளில்\r\n> மேற்கோள் உரை.\r\n" in text
    assert "- தொடர் வரியுடன்\r\n  ஒரு உருப்படி.\r\n" in text
    assert "\n" not in text.replace("\r\n", "")


# --- HTML: languages and safety ---------------------------------------------------------------


class Tags(HTMLParser):
    """Every start tag with its attributes."""

    def __init__(self, html: str) -> None:
        super().__init__()
        self.tags: list[tuple[str, dict[str, str | None]]] = []
        self.feed(html)

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        self.tags.append((tag, dict(attrs)))


def html_of(rendered: Rendered) -> str:
    html: str = json.loads(rendered.json)["html"]
    return html


def test_fallback_blocks_carry_lang_en() -> None:
    html = html_of(bundle_of(BUILD / "article.md", "ja"))
    assert "<h1>なぜ重要なのか</h1>" in html
    assert '<p lang="en">In light of recent events' in html
    assert '<li lang="en">And a nested ordered item.</li>' in html
    assert "<li>詰まった項目その一</li>" in html
    assert '<li lang="en">\n<p>ゆるい項目その一</p>' not in html
    assert '<p lang="en">Loose item two</p>' in html
    assert "<th>基金</th>" in html
    assert '<td style="text-align:center" lang="en">Pays <strong>bail</strong></td>' in html
    assert '<img src="photo.jpg" alt="シアトルの抗議活動" title="Photo" />' in html


def test_fallback_bundle_is_english_and_tagged() -> None:
    rendered = bundle_of(BUILD / "article.md", "ml")
    assert rendered.status == "fallback"
    assert strip_added(rendered.markdown) == (BUILD / "article.md").read_bytes()
    assert (
        b'lang: "en"\ntranslation:\n  status: "fallback"\n  coverage: 12.5\n' in rendered.markdown
    )
    assert b'\n  fallback_for: "ml"\n---\n' in rendered.markdown  # the locale it stands in for
    assert json.loads(rendered.json)["fallback_for"] == "ml"
    html = html_of(rendered)
    # One lang="en" per body segment (20), none elsewhere: the page itself is in Malayalam.
    assert html.count('lang="en"') == 20
    assert '<h1 lang="en">Why this matters</h1>' in html
    assert "<td>55156</td>" in html
    bundle = json.loads(rendered.json)
    assert not any(s["translated"] for s in bundle["segments"])


@pytest.mark.parametrize("locale", ["ko", "ja", "zh_Hans", "ta", "ml"])
def test_translations_never_reach_html_as_markup(locale: str) -> None:
    rendered = bundle_of(BUILD / "attack.md", locale, threshold=0)
    english = {
        tag for tag, _ in Tags(html_of(bundle_of(BUILD / "attack.md", locale, threshold=101))).tags
    }
    for tag, attrs in Tags(html_of(rendered)).tags:
        assert tag in english, tag
        assert not [name for name in attrs if name.startswith("on")]
        for name in ("href", "src"):
            value = (attrs.get(name) or "").strip().lower()
            assert not value.startswith(("javascript:", "vbscript:", "data:text")), value
    assert "<script" not in html_of(rendered)


def test_injected_markup_stays_visible_as_text_and_source_html_survives() -> None:
    ko = html_of(bundle_of(BUILD / "attack.md", "ko", threshold=0))
    assert "<p>&lt;script&gt;alert(1)&lt;/script&gt; 두 번째 문단.</p>" in ko
    assert "<b>굵은</b>" in ko  # the source's own fragment, kept as the source had it
    assert "[여기를 누르세요](javascript:alert(1))" in ko
    ja = html_of(bundle_of(BUILD / "attack.md", "ja", threshold=0))
    assert "&lt;b onmouseover=&quot;alert(1)&quot;&gt;太字" in ja
    article = html_of(bundle_of(BUILD / "article.md", "ko"))
    assert '<span class="note">인라인 HTML</span>' in article
    assert '<div class="box">\nRaw HTML block, never translated.\n</div>' in article


def test_hidden_paragraph_language_goes_on_the_list_item() -> None:
    data = "- Outer item\n  - 안쪽 항목\n".encode()
    prepared = prepared_of(data)
    catalog = Catalog(Message(msgid=""), (Message(msgid="안쪽 항목", msgstr="안쪽"),))
    rendered = render_bundle(
        prepared, describe_locale("ko"), build_translations(catalog, None, "ko"), 0
    )
    assert (
        html_of(rendered)
        == '<ul>\n<li lang="en">Outer item\n<ul>\n<li lang="ko">안쪽</li>\n</ul>\n</li>\n</ul>\n'
    )


# --- .mo files --------------------------------------------------------------------------------


@pytest.mark.parametrize("locale", ["ko", "ja", "zh_Hans", "ta"])
def test_mo_matches_msgfmt(tmp_path: Path, locale: str) -> None:
    po = BUILD / f"article.{locale}.po"
    ours = tmp_path / "ours.mo"
    ours.write_bytes(bundle_of(BUILD / "article.md", locale).mo)
    subprocess.run(["msgfmt", "-o", str(tmp_path / "gnu.mo"), str(po)], check=True)
    unformat = ["msgunfmt", "--no-wrap"]
    mine = subprocess.run([*unformat, str(ours)], check=True, capture_output=True).stdout
    gnu = subprocess.run(
        [*unformat, str(tmp_path / "gnu.mo")], check=True, capture_output=True
    ).stdout
    assert mine == gnu
    with ours.open("rb") as handle:
        catalog = gettext.GNUTranslations(handle)
    assert (
        catalog.gettext("Why this matters")
        == {
            "ko": "이것이 중요한 이유",
            "ja": "なぜ重要なのか",
            "zh_Hans": "为什么这很重要",
            "ta": "இது ஏன் முக்கியம்",
        }[locale]
    )
    # ko's translation of this item is fuzzy: left out, as msgfmt leaves it out.
    assert (catalog.gettext("Tight item two") == "Tight item two") == (locale == "ko")


def test_fallback_mo_holds_only_the_header(tmp_path: Path) -> None:
    path = tmp_path / "ml.mo"
    path.write_bytes(bundle_of(BUILD / "article.md", "ml").mo)
    out = subprocess.run(["msgunfmt", str(path)], check=True, capture_output=True, text=True).stdout
    assert out.count("msgid") == 0  # msgunfmt writes nothing for a header alone...
    header = subprocess.run(["msgunfmt", "--force-po", str(path)], capture_output=True, text=True)
    assert header.stdout.count("msgid") == 1  # ...which is all there is
    assert '"Language: ml\\n"' in header.stdout


# --- statuses ---------------------------------------------------------------------------------


def test_status_per_locale() -> None:
    article = BUILD / "article.md"
    statuses = {
        locale: bundle_of(article, locale).status for locale in ("ko", "zh_Hans", "ja", "ta", "ml")
    }
    assert statuses == {
        "ko": "outdated",
        "zh_Hans": "complete",
        "ja": "partial",
        "ta": "partial",
        "ml": "fallback",
    }
    coverage = json.loads(bundle_of(article, "ja").json)["coverage"]
    assert (coverage["translated"], coverage["total"], coverage["strings"]) == (14, 24, 58.3)


# --- the command ------------------------------------------------------------------------------


def validators() -> tuple[Draft202012Validator, Draft202012Validator]:
    manifest = json.loads((SCHEMAS / "manifest.schema.json").read_text("utf-8"))
    bundle = json.loads((SCHEMAS / "bundle.schema.json").read_text("utf-8"))
    registry: Registry = Registry().with_resources(
        [(s["$id"], Resource.from_contents(s)) for s in (manifest, bundle)]
    )
    return (
        Draft202012Validator(manifest, registry=registry),
        Draft202012Validator(bundle, registry=registry),
    )


def test_build_writes_bundles_that_validate(project: Path, cli: Invoke) -> None:
    result = cli("build")
    assert result.exit_code == 0, result.stderr
    assert result.stdout == (
        f"build: {BUNDLE_FILES} written, 0 unchanged, 0 removed, 3 complete, 0 partial, 2 outdated, 5 fallback\n"
        "build: fallback ja welcome: 58.3% translated (7/12 strings), under min_coverage 80%\n"
        "build: fallback ml guides/intro: 20.0% translated (1/5 strings), under min_coverage 80%\n"
        "build: fallback ml welcome: 33.3% translated (4/12 strings), under min_coverage 80%\n"
        "build: fallback ta guides/intro: 60.0% translated (3/5 strings), under min_coverage 80%\n"
        "build: fallback ta welcome: 58.3% translated (7/12 strings), under min_coverage 80%\n"
        "build: ko welcome: 1 withheld (numbers 1)\n"
    )
    manifest_schema, bundle_schema = validators()
    out = project / "bundles"
    manifest = json.loads((out / "manifest.json").read_text("utf-8"))
    manifest_schema.validate(manifest)
    assert [loc["tag"] for loc in manifest["locales"]] == ["ko", "zh-Hans", "ta", "ml", "ja"]
    assert manifest["locales"][1]["native_name"] == "中文 (简体)"
    for document in manifest["documents"]:
        for pair in document["bundles"].values():
            for file in pair["files"].values():
                assert sha256((out / file["path"]).read_bytes()) == file["sha256"]
    for path in out.rglob("*.json"):
        if path.name != "manifest.json":
            bundle_schema.validate(json.loads(path.read_text("utf-8")))
    assert (out / "locale" / "zh_Hans" / "LC_MESSAGES" / "guides" / "intro.mo").is_file()


def test_run_twice_rewrites_nothing(project: Path, cli: Invoke) -> None:
    assert cli("run").exit_code == 0
    before = {p: p.stat().st_mtime_ns for p in project.rglob("*") if p.is_file()}
    contents = snapshot(project)
    result = cli("run")
    assert f"build: 0 written, {BUNDLE_FILES} unchanged, 0 removed" in result.stdout
    assert snapshot(project) == contents
    assert {p: p.stat().st_mtime_ns for p in project.rglob("*") if p.is_file()} == before


def test_run_on_the_seed_articles_is_identity_then_stable(tmp_path: Path, cli: Invoke) -> None:
    root = tmp_path / "repo"
    shutil.copytree(REPO / "source", root / "source")
    shutil.copytree(REPO / "glossary", root / "glossary")
    shutil.copy(REPO / "pipeline.yaml", root / "pipeline.yaml")
    assert cli("run", config=root / "pipeline.yaml").exit_code == 0
    for source in (root / "source").glob("*.md"):
        for tag in ("ko", "zh-Hans", "ta", "ml", "ja"):
            assert (
                strip_added((root / "bundles" / tag / source.name).read_bytes())
                == source.read_bytes()
            )
    contents = snapshot(root)
    assert "build: 0 written" in cli("run", config=root / "pipeline.yaml").stdout
    assert snapshot(root) == contents


def test_unchanged_pairs_are_not_even_parsed(
    project: Path, cli: Invoke, monkeypatch: pytest.MonkeyPatch
) -> None:
    cli("build")
    monkeypatch.setattr(writing, "parse_po", lambda *a, **k: pytest.fail("parsed a fresh catalog"))
    monkeypatch.setattr(
        writing, "parse_document", lambda *a, **k: pytest.fail("parsed a fresh source")
    )
    assert cli("build").exit_code == 0


def test_editing_one_catalog_rewrites_only_its_bundle(project: Path, cli: Invoke) -> None:
    cli("build")
    catalog = project / "locales" / "ja" / "LC_MESSAGES" / "guides" / "intro.po"
    catalog.write_text(
        catalog.read_text("utf-8").replace('msgstr "はじめに"', 'msgstr "導入"'), "utf-8"
    )
    result = cli("build")
    assert result.stdout.startswith("build: 4 written, 27 unchanged, 0 removed")
    assert "導入" in (project / "bundles" / "ja" / "guides" / "intro.md").read_text("utf-8")


def test_gone_documents_and_locales_are_removed_and_nothing_else(
    project: Path, cli: Invoke
) -> None:
    cli("build")
    (project / "bundles" / "coverage.html").write_text("<p>a report</p>")
    (project / "source" / "guides" / "intro.md").unlink()
    config = project / "pipeline.yaml"
    config.write_text(config.read_text().replace("  - ml\n", ""))
    outside = {k: v for k, v in snapshot(project).items() if not k.startswith("bundles/")}
    result = cli("build")
    assert result.stdout.startswith("build: 1 written, 12 unchanged, 18 removed")
    left = sorted(
        p.relative_to(project / "bundles").as_posix() for p in (project / "bundles").rglob("*")
    )
    assert "guides" not in " ".join(left)
    assert not (project / "bundles" / "ml").exists()
    assert "coverage.html" in left
    assert {k: v for k, v in snapshot(project).items() if not k.startswith("bundles/")} == outside


def test_malformed_catalog_stops_before_writing(project: Path, cli: Invoke) -> None:
    cli("build")
    (project / "source" / "welcome.md").write_text("# Changed\n\nNew text.\n")
    bad = project / "locales" / "ta" / "LC_MESSAGES" / "welcome.po"
    bad.write_text(bad.read_text("utf-8") + '\nmsgid "dangling"\n', "utf-8")
    before = snapshot(project)
    result = cli("build")
    assert result.exit_code == 2
    assert result.stderr.startswith(f"{bad.relative_to(project).as_posix()}:")
    assert result.stderr.count("\n") == 1
    assert snapshot(project) == before


def test_unknown_locale_is_exit_2(cli: Invoke) -> None:
    result = cli("build", "--locale", "fr")
    assert result.exit_code == 2
    assert "locale 'fr' is not in the configuration" in result.stderr


def test_min_coverage_option_and_locale_option(project: Path, cli: Invoke) -> None:
    assert cli("build", "--locale", "ml", "--min-coverage", "0").exit_code == 0
    assert sorted(p.name for p in (project / "bundles").iterdir()) == [
        "locale",
        "manifest.json",
        "ml",
    ]
    manifest = json.loads((project / "bundles" / "manifest.json").read_text("utf-8"))
    assert {d["id"]: d["bundles"]["ml"]["status"] for d in manifest["documents"]} == {
        "guides/intro": "partial",
        "welcome": "partial",
    }
    again = cli("build", "--locale", "ko", "--min-coverage", "100")
    # Counted: ko's files and the manifest, not ml's, which this build leaves alone.
    assert again.output.startswith("build: 7 written, 0 unchanged, 0 removed")
    manifest = json.loads((project / "bundles" / "manifest.json").read_text("utf-8"))
    assert {d["id"]: sorted(d["bundles"]) for d in manifest["documents"]} == {
        "guides/intro": ["ko", "ml"],
        "welcome": ["ko", "ml"],
    }


@settings(max_examples=100, deadline=None)
@given(data=documents(), script=SCRIPTS)
def test_random_documents_round_trip_and_render(data: bytes, script: str) -> None:
    prepared = prepared_of(data)
    texts = list(prepared.words)
    same = build_translations(identity_catalog(prepared, same=True), None, "ko")
    assert strip_added(render_bundle(prepared, describe_locale("ko"), same, 0).markdown) == data
    marks = {text: f"{script} {i}x" for i, text in enumerate(texts)}
    messages = tuple(Message(msgid=t, msgstr=marks[t]) for t in texts)
    translated = build_translations(Catalog(Message(msgid=""), messages), None, "ko")
    rendered = render_bundle(prepared, describe_locale("ko"), translated, 0)
    assert block_shape(rendered.markdown) == block_shape(data)
    html = html_of(rendered)
    body = [s.text for s in prepared.segments if s.kind != FRONT_MATTER]
    for text in body:
        assert marks[text] in html
    assert 'lang="en"' not in html


def test_missing_catalog_means_nothing_translated(project: Path, cli: Invoke) -> None:
    (project / "locales" / "ta" / "LC_MESSAGES" / "welcome.po").unlink()
    assert cli("build", "--min-coverage", "0").exit_code == 0
    manifest = json.loads((project / "bundles" / "manifest.json").read_text("utf-8"))
    welcome = next(d for d in manifest["documents"] if d["id"] == "welcome")
    assert welcome["bundles"]["ta"]["catalog_sha256"] is None
    assert welcome["bundles"]["ta"]["coverage"]["translated"] == 0
    with (project / "bundles" / "locale" / "ta" / "LC_MESSAGES" / "welcome.mo").open(
        "rb"
    ) as handle:
        assert gettext.GNUTranslations(handle).info()["language"] == "ta"


@settings(max_examples=300, deadline=None)
@given(st.text(alphabet="ab 경찰中文ひらがなதமிழ்മലയാളം:#-+=@$%^{}|().,!*_`<>[]&\\~\n", max_size=30))
def test_plain_text_shortcut_renders_as_the_parser_does(content: str) -> None:
    page = prepared_of(b"Text.\n").page
    children = parse_inline(content, page)
    env: dict[str, object] = {}
    ours = RendererHTML().renderInline(children, PARSER.options, env)
    assert ours == PARSER.renderInline(content)


@pytest.mark.parametrize(
    "content",
    [
        "[x](javascript:alert(1)) 그리고 [y](https://例え.jp/ü ü) மேலும்",
        "<vbscript:run> <mail@例え.jp> <https://a.b/%zz> ഇവിടെ",
        "![alt [in](data:text/html,x)](data:image/png;base64,AA) **中文**",
        '[キー](<a b> "t") `code` [^1]',
        "[ref] and [ref][] and [other] 参考",
    ],
)
def test_the_checks_parse_renders_as_the_bundle_parser_would(content: str) -> None:
    # parse_inline reuses the checks' tokens (link targets as written) unless it must not.
    for data in (b"Text.\n", "Text.\n\n[ref]: https://x.example/ü\n".encode()):
        page = prepared_of(data).page
        children = parse_inline(content, page)
        ours = RendererHTML().renderInline(children, PARSER.options, dict(page.env))
        assert ours == PARSER.renderInline(content, dict(page.env))


def test_token_copies_keep_every_field() -> None:
    token = Token("image", "img", 0, {"src": "a.png"}, [1, 2], 3, [], "c", "m", "i", {"k": 1})
    token.block, token.hidden = True, True
    assert _copied(token) == token.copy()
    assert _copied(token, content="x", hidden=False) == token.copy(content="x", hidden=False)


def test_fit_keeps_structure_and_yaml_whatever_the_translation() -> None:
    data = (
        b"---\ntitle: Hello\n---\n\n- An item\n  over two lines.\n\n| Cell |\n| --- |\n| Body |\n"
    )
    prepared = prepared_of(data)
    odd = {
        "Hello": "제목\u2028둘째 줄\x85 \ufeff끝",  # line separators and a BOM, raw
        "An item over two lines.": "첫 줄\r\n\r\n\n둘째 줄\r셋째 줄",  # blank lines and CRs
        "Cell": "셀 | 하나",  # a bare pipe
    }
    messages = tuple(Message(msgid=t, msgstr=odd.get(t, "")) for t in prepared.words)
    translations = build_translations(Catalog(Message(msgid=""), messages), None, "ko")
    rendered = render_bundle(prepared, describe_locale("ko"), translations, 0)
    assert front_matter(rendered.markdown)["title"] == odd["Hello"]
    assert "- 첫 줄\n  둘째 줄\n  셋째 줄\n" in rendered.markdown.decode()
    assert "| 셀 \\| 하나 |" in rendered.markdown.decode()
    assert block_shape(rendered.markdown) == block_shape(data)


@pytest.mark.parametrize(
    "head",
    [
        "{title: Hello, lang: en, tags: [a]}",
        "{title: Hello}",
        "{}",
        "title: Hello\nlang:\ntranslation:\n  status: draft\ntags: [a]",
        "# only a comment",
        "description: |\n  a block\n  scalar",
    ],
)
def test_added_keys_make_valid_yaml_in_any_front_matter(head: str) -> None:
    data = f"---\n{head}\n---\nBody text.\n".encode()
    rendered = render_bundle(
        prepared_of(data), describe_locale("ja"), build_translations(None, None, "ja"), 0
    )
    source = front_matter(data)
    loaded = front_matter(rendered.markdown)
    assert list(loaded) == [*source, *(k for k in ("lang", "translation") if k not in source)]
    assert loaded["lang"] == "ja"
    assert loaded["translation"] == {
        "status": "partial",
        "coverage": 0.0,
        "reviewed": 0.0,
        "source_sha256": sha256(data),
    }
    assert {k: v for k, v in loaded.items() if k not in ("lang", "translation")} == {
        k: v for k, v in source.items() if k not in ("lang", "translation")
    }


def test_build_json_says_why_each_pair_fell_back(project: Path, cli: Invoke) -> None:
    result = cli("build", "--min-coverage", "50", "--format", "json")
    assert result.exit_code == 0, result.stderr
    report = json.loads(result.stdout)
    assert report["min_coverage"] == 50
    assert report["counts"]["fallback"] == 2
    assert report["fallbacks"] == [
        {"document": "guides/intro", "locale": "ml", "coverage": 20.0, "translated": 1, "total": 5},
        {"document": "welcome", "locale": "ml", "coverage": 33.3, "translated": 4, "total": 12},
    ]
    manifest = json.loads((project / "bundles" / "manifest.json").read_text("utf-8"))
    statuses = [
        (doc["id"], tag, pair["status"])
        for doc in manifest["documents"]
        for tag, pair in doc["bundles"].items()
        if pair["status"] == "fallback"
    ]
    assert sorted(statuses) == [("guides/intro", "ml", "fallback"), ("welcome", "ml", "fallback")]
