"""Each generator's output on the golden build cases, and the rules it is made of.

Golden files: `tests/golden/sites/<case>.<generator>.txt` holds every file the generator
writes for `tests/golden/build/<case>.md` and its bundles (`<case>.<tag>.bundle.json`, the
bundles' own golden files), each after a `==> path <==` line. Regenerate with `make golden`.
"""

from __future__ import annotations

import json
import os
import re
import subprocess
import sys
from pathlib import Path

import pytest
from hypothesis import given
from hypothesis import strategies as st
from markdown import Markdown
from markdown.extensions.toc import slugify

from pipeline.bundles.render import shown_from_json
from pipeline.extract.documents import parse_document
from pipeline.extract.segments import build_segments
from pipeline.locales import describe_locale
from pipeline.sites.build import GENERATORS
from pipeline.sites.markdown import escape, resolve
from pipeline.sites.pages import ENGLISH, SiteData, Source, build_page, english_page
from pipeline.sites.slugs import Slugger, goldmark_slug, python_markdown_slug
from tests.conftest import GOLDEN

KEYS = ("title", "subtitle", "description")
BUILD = GOLDEN / "build"
SITES = GOLDEN / "sites"
CASES = [p for p in sorted(BUILD.glob("*.md")) if ".bundle." not in p.name]
HEADINGS = ["Why this matters", "Donate — now!", "Café & “quotes”", "Why this matters", "A_b  c"]


def site_data(case: Path) -> SiteData:
    document = parse_document(case.read_bytes(), case, case.stem, f"source/{case.name}")
    source = Source(document, tuple(build_segments(document, KEYS)))
    locales = sorted(p.name.split(".")[1] for p in BUILD.glob(f"{case.stem}.*.po"))
    infos = [describe_locale(code) for code in locales]
    pages = {(case.stem, "en"): english_page(source)}
    for info in infos:
        bundle = json.loads((BUILD / f"{case.stem}.{info.tag}.bundle.json").read_bytes())
        pages[(case.stem, info.id)] = build_page(source, info, shown_from_json(bundle), {})
    return SiteData((ENGLISH, *infos), (source,), pages)


def render_files(files: dict[str, bytes]) -> str:
    return "".join(f"==> {path} <==\n{files[path].decode()}" for path in sorted(files))


@pytest.mark.parametrize("generator", sorted(GENERATORS))
@pytest.mark.parametrize("case", CASES, ids=lambda p: p.stem)
def test_site_output_matches_golden(case: Path, generator: str) -> None:
    files = GENERATORS[generator](site_data(case), {}, "english", "english", "folder")
    text = render_files(files)
    expected = SITES / f"{case.stem}.{generator}.txt"
    if os.environ.get("UPDATE_GOLDEN"):
        expected.parent.mkdir(exist_ok=True)
        expected.write_bytes(text.encode("utf-8"))
    assert text == expected.read_bytes().decode("utf-8")


@pytest.mark.parametrize("generator", sorted(GENERATORS))
def test_omit_leaves_fallback_pages_out_and_english_labels_them_english(generator: str) -> None:
    data = site_data(BUILD / "attack.md")  # ml and ta are fallbacks
    omitted = GENERATORS[generator](data, {}, "omit", "english", "folder")
    english = GENERATORS[generator](data, {}, "english", "english", "folder")
    extra = sorted(set(english) - set(omitted))
    assert [p for p in extra if "attack" in p]
    assert all(("ml" in p or "ta" in p) for p in extra)
    for path in extra:
        text = english[path].decode()
        assert '\nlang: "en"\n' in text
        assert 'status: "fallback"' in text or "index" in path


def test_a_heading_keeps_its_english_anchor_in_every_language() -> None:
    data = site_data(BUILD / "article.md")
    files = GENERATORS["hugo"](data, {}, "english", "english", "folder")
    anchors = {
        path: re.findall(r"\{#([^ }]+)", text.decode())
        for path, text in files.items()
        if path.endswith("article.md")
    }
    assert len(set(map(tuple, anchors.values()))) == 1
    assert anchors["content/en/article.md"]


def test_locale_codes_follow_each_generator_and_config_overrides() -> None:
    data = site_data(BUILD / "article.md")
    paths = {g: set(GENERATORS[g](data, {}, "english", "english", "folder")) for g in GENERATORS}
    assert "content/zh-hans/article.md" in paths["hugo"]
    assert "docs/zh-Hans/article.md" in paths["mkdocs"]
    assert "i18n/zh-Hans/docusaurus-plugin-content-docs/current/article.md" in paths["docusaurus"]
    assert "src/content/docs/zh-hans/article.md" in paths["starlight"]
    custom = GENERATORS["mkdocs"](data, {"zh_Hans": "zh"}, "english", "english", "folder")
    assert "docs/zh/article.md" in custom
    assert b'"zh": "zh-Hans"' in custom["i18n.yml"]  # hreflang keeps the BCP 47 tag


def test_translations_are_escaped_outside_code_spans() -> None:
    assert escape("<script> `<b>` {x}", {"<": "&lt;", "{": "\\{"}) == "&lt;script> `<b>` \\{x}"


def test_relative_document_links_resolve_to_document_ids() -> None:
    assert resolve("intro.md#getting-started", "guides/a") == ("guides/intro", "#getting-started")
    assert resolve("../welcome.md", "guides/a") == ("welcome", "")
    assert resolve("https://example.com/a.md", "a") is None
    assert resolve("picture.png", "a") is None


@given(st.text(alphabet=st.characters(codec="utf-8", exclude_categories=("Cs", "Cc")), max_size=30))
def test_python_markdown_slug_is_the_toc_extension_slugify(text: str) -> None:
    assert python_markdown_slug(text) == slugify(text, "-")


def test_mkdocs_anchors_match_python_markdown_toc_ids() -> None:
    md = Markdown(extensions=["toc"])
    html = md.convert("\n\n".join(f"## {h}" for h in HEADINGS))
    slugger = Slugger(python_markdown_slug, "_")
    assert re.findall(r'id="([^"]*)"', html) == [slugger.slug(h) for h in HEADINGS]


def test_hugo_anchors_match_hugos_own_ids(tmp_path: Path) -> None:
    (tmp_path / "content").mkdir()
    (tmp_path / "layouts").mkdir()
    (tmp_path / "hugo.toml").write_text('disableKinds = ["taxonomy", "term", "RSS", "sitemap"]\n')
    (tmp_path / "layouts" / "single.html").write_text("{{ .Content }}")
    (tmp_path / "content" / "a.md").write_text("\n\n".join(f"## {h}" for h in HEADINGS))
    hugo = Path(sys.executable).parent / "hugo"
    subprocess.run([str(hugo), "--quiet"], cwd=tmp_path, check=True, capture_output=True)
    html = (tmp_path / "public" / "a" / "index.html").read_text("utf-8")
    slugger = Slugger(goldmark_slug)
    assert re.findall(r'id="([^"]*)"', html) == [slugger.slug(h) for h in HEADINGS]


def test_outdated_previous_publishes_the_old_translation_marked_outdated() -> None:
    case = BUILD / "article.md"
    data = site_data(case)
    source = data.sources[0]
    bundle = json.loads((BUILD / "article.ko.bundle.json").read_bytes())
    ko = describe_locale("ko")
    page = build_page(source, ko, shown_from_json(bundle), {"Tight item two": "촘촘한 항목 둘"})
    pages = {**data.pages, ("article", "ko"): page}
    data = SiteData(data.languages, data.sources, pages)
    for outdated, expected in [
        ("previous", '<span class="outdated">촘촘한 항목 둘</span>'),
        ("english", '<span lang="en">Tight item two</span>'),
    ]:
        files = GENERATORS["hugo"](data, {}, "english", outdated, "folder")
        assert expected in files["content/ko/article.md"].decode()
