"""TMX 1.4b: export valid against the LISA DTD; `tm:` gives update fuzzy matches named by origin."""

from __future__ import annotations

from pathlib import Path

from click.testing import CliRunner
from lxml import etree  # type: ignore[import-untyped]  # no stubs in the lock

from pipeline.cli import main
from pipeline.po_reader import parse_po
from tests.conftest import DATA, snapshot

DTD = DATA / "schemas" / "tmx14.dtd"


def run(root: Path, *args: str) -> tuple[int, str, str]:
    result = CliRunner().invoke(main, ["--config", str(root / "pipeline.yaml"), *args])
    return result.exit_code, result.stdout, result.stderr


def prepared(project: Path) -> None:
    assert run(project, "extract")[0] == 0
    assert run(project, "update")[0] == 0


def test_tm_export_validates_against_the_dtd_and_keeps_markdown(
    project: Path, tmp_path: Path
) -> None:
    prepared(project)
    out = tmp_path / "tm"
    code, stdout, stderr = run(project, "tm", "export", "-o", str(out))
    assert code == 0, stderr
    assert stdout == "tm: 5 written, 0 unchanged\n"
    dtd = etree.DTD(str(DTD))
    for path in sorted(out.glob("*.tmx")):
        assert dtd.validate(etree.parse(str(path))), (path, dtd.error_log)
    ko = (out / "ko.tmx").read_text("utf-8")
    # The link of the source is native code in the memory: a CAT tool gets the Markdown back.
    assert '<bpt i="1" x="1">[</bpt>이 기사<ept i="1">](' in ko
    assert run(project, "tm", "export", "-o", str(out))[1] == "tm: 0 written, 5 unchanged\n"


def test_update_takes_matches_from_a_tmx_as_fuzzy_with_its_origin(
    project: Path, tmp_path: Path
) -> None:
    prepared(project)
    memory = project / "agency.tmx"
    memory.write_text(
        '<?xml version="1.0" encoding="UTF-8"?>\n<tmx version="1.4"><header creationtool="x"'
        ' creationtoolversion="1" segtype="sentence" o-tmf="x" adminlang="en" srclang="en-US"'
        ' datatype="plaintext"/><body><tu><tuv xml:lang="en-US"><seg>Edit the source.</seg></tuv>'
        '<tuv xml:lang="ML"><seg>ഉറവിടം തിരുത്തുക.</seg></tuv></tu></body></tmx>\n',
        "utf-8",
    )
    catalog_path = project / "locales/ml/LC_MESSAGES/guides/intro.po"
    text = catalog_path.read_text("utf-8")
    catalog_path.write_text(text.replace('msgstr "ഉറവിടം തിരുത്തുക."', 'msgstr ""'), "utf-8")
    config = project / "pipeline.yaml"
    config.write_text(config.read_text("utf-8").replace("tm: [agency.tmx]\n", "", 1)
                      + "tm: [agency.tmx]\n", "utf-8")  # fmt: skip
    code, _, stderr = run(project, "update", "--locale", "ml")
    assert code == 0, stderr
    entry = next(
        m for m in parse_po(catalog_path.read_bytes(), "ml.po").messages
        if m.msgid == "Edit the source."
    )  # fmt: skip
    assert entry.msgstr == "ഉറവിടം തിരുത്തുക."
    assert entry.fuzzy
    assert "suggested from translation memory agency.tmx" in entry.translator_comments


def test_a_malformed_tmx_stops_update_with_its_line(project: Path) -> None:
    prepared(project)
    (project / "bad.tmx").write_text('<tmx version="1.4">\n<body>\n<tu>\n</body></tmx>\n', "utf-8")
    config = project / "pipeline.yaml"
    config.write_text(config.read_text("utf-8") + "tm: [bad.tmx]\n", "utf-8")
    before = snapshot(project)
    code, _, stderr = run(project, "update")
    assert code == 2
    assert stderr == "bad.tmx:4: malformed XML: mismatched tag\n"
    assert snapshot(project) == before


def test_a_missing_tm_file_is_a_configuration_error(project: Path) -> None:
    config = project / "pipeline.yaml"
    lines = config.read_text("utf-8").count("\n")
    config.write_text(config.read_text("utf-8") + "tm:\n  - nowhere.tmx\n", "utf-8")
    code, _, stderr = run(project, "update")
    assert code == 2
    assert stderr == f"pipeline.yaml:{lines + 2}: tm: no such file 'nowhere.tmx'\n"
