"""`.mdx` sources: found in source/, read with the MDX profile, written back as `.mdx`."""

from __future__ import annotations

import json
from pathlib import Path

import polib

from tests.conftest import Invoke, snapshot

# A Starlight page: ESM, a JSX container with a prose attribute, an aside, text in five scripts.
PAGE = """---
title: 시작하기 guide
---

import { Card } from '@astrojs/starlight/components';

# 快速入门 setup

<Card title="இது ஒரு அட்டை">
  Install it with `npm` — ഇൻസ്റ്റാൾ ചെയ്യുക.
</Card>

:::note[はじめに]
Read the [intro](./guides/intro.md) first.
:::
"""


def use_starlight(project: Path) -> None:
    config = project / "pipeline.yaml"
    text = config.read_text("utf-8") + "sites:\n  manual:\n    generator: starlight\n"
    config.write_text(text, "utf-8")


def test_mdx_source_is_extracted_and_built_as_mdx(cli: Invoke, project: Path) -> None:
    use_starlight(project)  # the generator implies the mdx profile: no `syntax:` needed
    (project / "source" / "start.mdx").write_text(PAGE, "utf-8")
    for command in ("extract", "update", "build"):
        result = cli(command)
        assert result.exit_code == 0, result.stderr
    template = polib.pofile(str(project / "locales" / "templates" / "start.pot"))
    assert [e.msgid for e in template] == [
        "시작하기 guide",
        "快速入门 setup",
        "இது ஒரு அட்டை",
        "Install it with `npm` — ഇൻസ്റ്റാൾ ചെയ്യുക.",
        "はじめに",
        "Read the [intro](./guides/intro.md) first.",
    ]
    assert {o[0] for e in template for o in e.occurrences} == {"source/start.mdx"}
    catalog = (project / "locales" / "ko" / "LC_MESSAGES" / "start.po").read_text("utf-8")
    assert "source/start.mdx" in catalog
    bundles = project / "bundles"
    assert not (bundles / "ko" / "start.md").exists()
    # Untranslated, so the English text, labelled English: the body byte for byte.
    built = (bundles / "ko" / "start.mdx").read_text("utf-8")
    assert built.endswith(PAGE.partition("---\n\n")[2])
    manifest = json.loads((bundles / "manifest.json").read_text("utf-8"))
    (entry,) = [d for d in manifest["documents"] if d["id"] == "start"]
    assert entry["source"] == "source/start.mdx"
    paths = {b["files"]["markdown"]["path"] for b in entry["bundles"].values()}
    assert paths == {
        "ko/start.mdx",
        "zh-Hans/start.mdx",
        "ta/start.mdx",
        "ml/start.mdx",
        "ja/start.mdx",
    }
    site = project / "sites" / "manual" / "src" / "content" / "docs"
    assert (site / "start.mdx").is_file()
    assert (site / "ko" / "start.mdx").is_file()
    assert not (site / "start.md").exists()
    again = snapshot(project)
    assert cli("build").exit_code == 0
    assert snapshot(project) == again


def test_translated_mdx_keeps_its_jsx_and_directives(cli: Invoke, project: Path) -> None:
    use_starlight(project)
    (project / "source" / "start.mdx").write_text(PAGE, "utf-8")
    assert cli("extract").exit_code == 0
    assert cli("update").exit_code == 0
    path = project / "locales" / "ja" / "LC_MESSAGES" / "start.po"
    catalog = polib.pofile(str(path))
    for entry in catalog:
        entry.msgstr = f"訳 {entry.msgid}"
    catalog.save()
    result = cli("build", "--min-coverage", "0")
    assert result.exit_code == 0, result.stderr
    built = (project / "bundles" / "ja" / "start.mdx").read_text("utf-8")
    assert "import { Card } from '@astrojs/starlight/components';\n" in built
    assert '<Card title="訳 இது ஒரு அட்டை">\n  訳 Install it with `npm`' in built
    assert ":::note[訳 はじめに]\n訳 Read the [intro](./guides/intro.md) first.\n:::\n" in built


def test_a_document_as_both_md_and_mdx_is_an_error(cli: Invoke, project: Path) -> None:
    (project / "source" / "welcome.mdx").write_text("# Welcome\n", "utf-8")
    before = snapshot(project)
    result = cli("extract")
    assert result.exit_code == 2
    assert result.stderr == (
        "source/welcome.mdx: welcome.md and welcome.mdx are one document 'welcome': keep one\n"
    )
    assert snapshot(project) == before
