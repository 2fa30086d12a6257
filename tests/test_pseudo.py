"""`pipeline pseudo` and the syntax settings of pipeline.yaml, through the CLI."""

from __future__ import annotations

from pathlib import Path

from pipeline.bundles.pseudo import ACCENTED, CLOSE, OPEN, pseudo_localize
from pipeline.config import read_config
from tests.conftest import Invoke, snapshot

HUGO_PAGE = """+++
title = "Lake notes"  # kept
+++

{{< figure src="/lake.png" alt="호수 at dawn" >}}

Read {{< new-in 1.2 />}} the `code` and [the guide](https://example.org/guide).
"""


def use_syntax(project: Path, setting: str) -> None:
    config = project / "pipeline.yaml"
    config.write_text(config.read_text("utf-8") + setting, "utf-8")


def test_pseudo_writes_accented_documents_with_syntax_untouched(cli: Invoke, project: Path) -> None:
    use_syntax(project, "syntax: [hugo]\n")
    (project / "source" / "lake.md").write_text(HUGO_PAGE, "utf-8")
    result = cli("pseudo")
    assert result.exit_code == 0, result.stderr
    page = (project / "pseudo" / "en-XA" / "lake.md").read_text("utf-8")
    assert page.startswith('+++\ntitle = "⟦Ĺåķé ñöţéš ')
    assert '  # kept\n+++\n\n{{< figure src="/lake.png" alt="⟦호수 åţ đåŵñ' in page
    assert "{{< new-in 1.2 />}} ţĥé `code` åñđ [ţĥé ĝûîđé](https://example.org/guide)" in page
    assert (project / "pseudo" / "en-XA" / "guides").is_dir()
    again = snapshot(project)
    assert cli("pseudo").exit_code == 0
    assert snapshot(project) == again


def test_pseudo_output_option(cli: Invoke, project: Path, tmp_path: Path) -> None:
    result = cli("pseudo", "--output", str(tmp_path / "xa"))
    assert result.exit_code == 0
    assert (tmp_path / "xa" / "welcome.md").is_file()
    assert not (project / "pseudo").exists()


def test_pseudo_localize_is_longer_and_marks_every_word() -> None:
    text = "Install the package with `pip` and read [the docs][docs]."
    out = pseudo_localize(text, frozenset({"docs"}))
    assert out.startswith(OPEN)
    assert out.endswith(CLOSE)
    assert len(out) >= 1.3 * len(text)
    assert "`pip`" in out
    assert "][docs]" in out
    assert all(set(word) & set(ACCENTED) for word in ("Îñšţåĺĺ", "ţĥé", "ƀý") if word in out)


def test_unclosed_shortcode_is_exit_2_and_writes_nothing(cli: Invoke, project: Path) -> None:
    use_syntax(project, "syntax: [hugo]\n")
    (project / "source" / "lake.md").write_text("Intro\n\n{{< figure src=x\n", "utf-8")
    before = snapshot(project)
    result = cli("extract")
    assert result.exit_code == 2
    assert result.stderr.endswith(
        "source/lake.md:3: unclosed shortcode: '{{< figure src=x\\n'...\n"
    )
    assert result.stderr.count("\n") == 1
    assert snapshot(project) == before


def test_unknown_syntax_is_an_error_at_its_line(cli: Invoke, project: Path) -> None:
    use_syntax(project, "syntax:\n  - hugo\n  - gatsby\n")
    result = cli("extract")
    assert result.exit_code == 2
    assert (
        "pipeline.yaml:15: unknown syntax 'gatsby' (known: hugo, mkdocs-material" in result.stderr
    )


def test_syntax_is_read_and_sites_imply_it(project: Path) -> None:
    from ruamel.yaml.comments import CommentedMap

    from pipeline.config_values import syntax_setting

    path = project / "pipeline.yaml"
    use_syntax(project, "syntax: [mdx, liquid]\n")
    assert read_config(path).syntax == ("mdx", "liquid")
    sites = CommentedMap({"sites": ["hugo", "jekyll", "hugo"]})
    assert syntax_setting(sites, path) == ("hugo", "kramdown", "liquid")
    by_name = CommentedMap({"sites": CommentedMap({"mkdocs": {}, "starlight": {}})})
    assert syntax_setting(by_name, path) == ("mkdocs-material", "mdx")


def test_build_adds_its_keys_to_toml_and_json_front_matter(cli: Invoke, project: Path) -> None:
    import json

    import tomlkit

    source = project / "source"
    (source / "lake.md").write_text(HUGO_PAGE.replace("{{<", "<!--").replace(">}}", "-->"), "utf-8")
    (source / "data.md").write_text('{\n  "title": "Data page"\n}\n\nBody.\n', "utf-8")
    for command in ("extract", "update", "build"):
        assert cli(command).exit_code == 0
    toml_page = (project / "bundles" / "ko" / "lake.md").read_text("utf-8")
    head, _, body = toml_page.removeprefix("+++\n").partition("+++\n")
    data = tomlkit.parse(head)
    assert (data["title"], data["lang"]) == ("Lake notes", "en")  # untranslated: a fallback
    assert head.startswith('title = "Lake notes"  # kept\n')
    assert body == (source / "lake.md").read_text("utf-8").partition("+++\n\n")[2].join(["\n", ""])
    json_page = (project / "bundles" / "ja" / "data.md").read_text("utf-8")
    front, _, rest = json_page.partition("\n}\n")
    assert json.loads(front + "\n}")["title"] == "Data page"
    assert rest == "\nBody.\n"
