"""Pseudo-localized real documentation, built with the real generators (slow: two sites).

The bar: at least 98% of the words a reader sees in the articles are pseudo-localized, the
build has no error, and what the site syntax renders (shortcodes, alerts, admonitions, tabs,
footnotes, buttons) is the same as in English, page by page. Without the syntax profiles the
same pages fall short (the figures are printed with `pytest -s`).
"""

from __future__ import annotations

import re
import subprocess
from pathlib import Path

import pytest

from pipeline.bundles.pseudo import render_pseudo_document
from pipeline.extract.documents import parse_document
from pipeline.extract.profiles import features
from pipeline.extract.segments import build_segments
from pipeline.extract.sources import Source
from tests.pseudo_sites import REALDOCS, articles, hugo_site, measure, mkdocs_site, structure

pytestmark = pytest.mark.slow
HUGO_SETS = ["hugo", "hugo-basic-example"]


def test_hugo_site_is_pseudo_localized_and_renders_as_in_english(tmp_path: Path) -> None:
    english = articles(hugo_site(tmp_path / "en", HUGO_SETS, ("hugo",), False), "//article")
    pseudo = articles(hugo_site(tmp_path / "xa", HUGO_SETS, ("hugo",), True), "//article")
    assert len(english) >= 60
    assert sorted(pseudo) == sorted(english)
    for page, article in english.items():
        assert structure(pseudo[page]) == structure(article), page
    figure = measure(pseudo, english)
    print(f"hugo: {figure.pseudo}/{figure.words} words pseudo-localized ({figure.percent:.2f}%)")
    assert figure.percent >= 98


def test_hugo_site_without_profiles_does_not_even_build(tmp_path: Path) -> None:
    # Plain CommonMark extraction hands shortcodes to the translator: pseudo-localizing them
    # renames them, and Hugo stops at the first unknown one.
    with pytest.raises(AssertionError, match=r'template for shortcode "[^"]*" not found'):
        hugo_site(tmp_path, HUGO_SETS, (), True)


def test_mkdocs_site_is_pseudo_localized_and_renders_as_in_english(tmp_path: Path) -> None:
    pages = articles(mkdocs_site(tmp_path, ["mkdocs-material"], ("mkdocs-material",)), "//article")
    english = {k: v for k, v in pages.items() if not k.startswith("en-XA/")}
    pseudo = {k.removeprefix("en-XA/"): v for k, v in pages.items() if k.startswith("en-XA/")}
    assert len(pseudo) >= 50
    for page, article in pseudo.items():
        assert structure(article) == structure(english[page]), page
    figure = measure(pseudo, english)
    print(f"mkdocs: {figure.pseudo}/{figure.words} words pseudo-localized ({figure.percent:.2f}%)")
    assert figure.percent >= 98
    before = mkdocs_site(tmp_path / "plain", ["mkdocs-material"], ())
    plain = {
        k.removeprefix("en-XA/"): v
        for k, v in articles(before, "//article").items()
        if k.startswith("en-XA/")
    }
    print(f"mkdocs without profiles: {measure(plain, english).percent:.2f}%")
    assert measure(plain, english).percent < 95


MDX = Path(__file__).parent / "mdx"
# Docusaurus reads heading ids (`## Title {#id}`) and directive ids (`:::note{#id}`) before MDX
# sees the page; plain MDX would take them for expressions.
DOCUSAURUS_IDS = re.compile(r"[ \t]+\{#[\w-]+\}[ \t]*$|(?<=^:::)([\w-]+)\{#[\w-]+\}", re.MULTILINE)


def test_pseudo_localized_mdx_compiles_wherever_the_english_does(tmp_path: Path) -> None:
    pages = [
        (page, profiles)
        for name, profiles in (("starlight", ("mdx",)), ("docusaurus", ("docusaurus",)))
        for page in sorted((REALDOCS / name).rglob("*.mdx"))
    ]
    assert len(pages) >= 35
    for page, profiles in pages:
        document = parse_document(page.read_bytes(), page, page.stem, page.name)
        segments = tuple(build_segments(document, ("title", "description"), features(profiles)))
        pseudo = render_pseudo_document(Source(document, segments))
        for kind, text in (("en", document.text), ("xa", pseudo)):
            # Front matter is the site's (its loader strips it before MDX compiles the body).
            body = parse_document(text.encode(), page, page.stem, page.name).body
            out = tmp_path / kind / page.relative_to(REALDOCS)
            out.parent.mkdir(parents=True, exist_ok=True)
            out.write_text(DOCUSAURUS_IDS.sub(r"\1", body), "utf-8")
    results = {}
    for kind in ("en", "xa"):
        files = sorted(str(p) for p in (tmp_path / kind).rglob("*.mdx"))
        done = subprocess.run(
            ["node", str(MDX / "compile.mjs"), *files],
            cwd=MDX,
            capture_output=True,
            text=True,
            check=False,
        )
        assert not done.stderr, done.stderr
        results[kind] = done.stdout.replace(str(tmp_path / kind), "")
    assert results["en"] == ""
    assert results["xa"] == ""
