"""XLIFF 1.2 and 2.1: valid against the OASIS schemas, a byte-exact round trip, strict import."""

from __future__ import annotations

import re
import shutil
from dataclasses import replace
from pathlib import Path

import pytest
from click.testing import CliRunner
from lxml import etree  # type: ignore[import-untyped]  # no stubs in the lock

from pipeline.cli import main
from pipeline.interchange.inline import split_inline
from pipeline.interchange.units import CatalogFile
from pipeline.interchange.xliff import render_xliff
from pipeline.interchange.xliff_import import import_into
from pipeline.po import Catalog, Message, render_po
from pipeline.po_reader import parse_po
from pipeline.review import find_mark, is_reviewed, mark_reviewed
from tests.conftest import DATA, GOLDEN, REPO, snapshot

SCHEMAS = DATA / "schemas"
VERSIONS = ("1.2", "2.1")


def schema(name: str) -> etree.XMLSchema:
    """An OASIS schema, its import of xml.xsd pointed at our copy (tests never use the network)."""
    text = (SCHEMAS / name).read_text("utf-8")
    text = re.sub(r'schemaLocation="[^"]*xml\.xsd"', 'schemaLocation="xml.xsd"', text)
    return etree.XMLSchema(etree.fromstring(text.encode(), base_url=f"{SCHEMAS}/"))


XSD = {"1.2": "xliff-core-1.2-strict.xsd", "2.1": "xliff_core_2.0.xsd"}


def seeds(tmp_path: Path) -> Path:
    """A copy of the repository's own project: the seed articles and their catalogs."""
    target = tmp_path / "seeds"
    target.mkdir()
    shutil.copy(REPO / "pipeline.yaml", target)
    shutil.copytree(REPO / "source", target / "source")
    shutil.copytree(REPO / "locales", target / "locales")
    shutil.copytree(REPO / "glossary", target / "glossary")
    return target


def run(root: Path, *args: str) -> tuple[int, str, str]:
    result = CliRunner().invoke(main, ["--config", str(root / "pipeline.yaml"), *args])
    return result.exit_code, result.stdout, result.stderr


# --- export validates -----------------------------------------------------------------------------


@pytest.mark.parametrize("version", VERSIONS)
def test_export_of_the_seeds_validates_against_the_oasis_schema(
    tmp_path: Path, version: str
) -> None:
    root = seeds(tmp_path)
    out = tmp_path / "out"
    code, _, stderr = run(root, "xliff", "export", "--xliff-version", version, "-o", str(out))
    assert code == 0, stderr
    files = sorted(out.rglob("*.xlf"))
    assert len(files) == 10
    validator = schema(XSD[version])
    for file in files:
        document = etree.parse(str(file))
        assert validator.validate(document), (file, validator.error_log)
    again = run(root, "xliff", "export", "--xliff-version", version, "-o", str(out))
    assert again[1] == "xliff: 0 written, 10 unchanged\n"


# --- PO -> XLIFF -> PO is byte-identical ----------------------------------------------------------


def variants(template: Catalog) -> Catalog:
    """A catalog from a golden template with every state: translated, reviewed, fuzzy with a
    previous msgid, untranslated, and an obsolete entry."""
    messages = []
    for index, message in enumerate(template.messages):
        if index % 4 == 0:
            messages.append(replace(message, msgstr=message.msgid))
        elif index % 4 == 1:
            translated = replace(message, msgstr=message.msgid, translator_comments=("keep",))
            messages.append(mark_reviewed(translated, "Kim Min-jun", "2026-12-01"))
        elif index % 4 == 2:
            messages.append(
                replace(
                    message, msgstr="번역 " + message.msgid, flags=("fuzzy",), previous_msgid="x"
                )
            )
        else:
            messages.append(message)
    messages.append(Message(msgid="gone", msgstr="사라짐", obsolete=True))
    header = Message(msgid="", msgstr="Language: ko\nContent-Type: text/plain; charset=UTF-8\n")
    return Catalog(header, tuple(messages))


GOLDEN_TEMPLATES = [
    path
    for path in sorted((GOLDEN / "extract").glob("*.pot"))
    if parse_po(path.read_bytes(), path).messages
]


@pytest.mark.parametrize("version", VERSIONS)
@pytest.mark.parametrize("template", GOLDEN_TEMPLATES, ids=lambda p: p.name)
def test_golden_catalogs_round_trip_byte_for_byte(template: Path, version: str) -> None:
    catalog = variants(parse_po(template.read_bytes(), template))
    data = render_po(catalog).encode("utf-8")
    catalog = parse_po(data, "golden.po")
    file = CatalogFile("ko", template.stem, Path("golden.po"), data, catalog)
    xliff = render_xliff([file], version).encode("utf-8")
    assert schema(XSD[version]).validate(etree.fromstring(xliff))
    if template.name == "inlines.md.pot":  # the inline codes a CAT tool protects
        assert (b"<g id=" in xliff) if version == "1.2" else (b"<pc id=" in xliff)
    back = import_into(catalog, xliff, Path("golden.xlf"), "nobody", "2027-01-01")
    assert render_po(back).encode("utf-8") == data


@pytest.mark.parametrize("version", VERSIONS)
def test_seed_catalogs_round_trip_byte_for_byte(tmp_path: Path, version: str) -> None:
    root = seeds(tmp_path)
    run(root, "review", "--locale", "ko", "--by", "Kim Min-jun")  # review marks in the round trip
    before = snapshot(root / "locales")
    out = tmp_path / "out"
    assert run(root, "xliff", "export", "--xliff-version", version, "-o", str(out))[0] == 0
    code, stdout, stderr = run(root, "xliff", "import", *map(str, sorted(out.rglob("*.xlf"))))
    assert code == 0, stderr
    assert stdout.endswith(" 0 catalogs written\n")
    assert snapshot(root / "locales") == before


def test_inline_pieces_give_the_text_back() -> None:
    for text in ("Read **[the *guide*](https://x.org/a_(b))** `now`", "snake_case {{< ref x >}}"):
        assert "".join(p.text for p in split_inline(text)) == text


# --- a CAT tool's edit imports to exactly the expected catalog ------------------------------------

CATALOG = """\
msgid ""
msgstr ""
"Language: ko\\n"
"Content-Type: text/plain; charset=UTF-8\\n"

#. paragraph, under “Start”
msgid "Read **the guide** and `run` it."
msgstr ""

#, fuzzy
#| msgid "Follow us."
msgid "Follow us on [Mastodon](https://m.example)."
msgstr "팔로우하세요."

msgid "Thank you."
msgstr "감사합니다."
"""

EXPECTED = """\
msgid ""
msgstr ""
"Language: ko\\n"
"Content-Type: text/plain; charset=UTF-8\\n"

#. paragraph, under “Start”
msgid "Read **the guide** and `run` it."
msgstr "**안내서**를 읽고 `run` 하세요."

msgid "Follow us on [Mastodon](https://m.example)."
msgstr "[마스토돈](https://m.example)에서 팔로우하세요."

# reviewed: Lee 2027-01-01 {hash}
msgid "Thank you."
msgstr "감사합니다."
"""


def cat_tool_edit(xliff: str, version: str) -> str:
    """What a translator does in a CAT tool: fill targets, move text around codes, set states."""
    if version == "1.2":
        xliff = xliff.replace(
            '<target state="needs-translation"></target>',
            '<target state="translated"><g id="1" ctype="x-bold">안내서</g>를 읽고'
            ' <ph id="2" ctype="x-code">`run`</ph> 하세요.</target>',
        )
        xliff = xliff.replace(
            '<target state="needs-review-translation">팔로우하세요.</target>',
            '<target state="translated"><g id="1" ctype="x-link">마스토돈</g>에서 팔로우하세요.</target>',
        )
        return xliff.replace('<target state="translated">감사합니다.</target>',
                             '<target state="signed-off">감사합니다.</target>')  # fmt: skip
    xliff = xliff.replace(
        '<segment state="initial">\n<source xml:space="preserve">Read',
        '<segment state="translated">\n<source xml:space="preserve">Read',
    ).replace(
        'and <ph id="2" dataRef="dp2" type="other" canDelete="no"/> it.</source>\n',
        'and <ph id="2" dataRef="dp2" type="other" canDelete="no"/> it.</source>\n'
        '<target><pc id="1" dataRefStart="ds1" dataRefEnd="de1" type="fmt">안내서</pc>를 읽고'
        ' <ph id="2" dataRef="dp2"/> 하세요.</target>\n',
    )
    xliff = xliff.replace(
        '<segment state="initial" subState="pl:fuzzy">', '<segment state="translated">'
    ).replace(
        "<target>팔로우하세요.</target>",
        '<target><pc id="1" dataRefStart="ds1" dataRefEnd="de1">마스토돈</pc>에서 팔로우하세요.</target>',
    )
    return xliff.replace(
        '<segment state="translated">\n<source xml:space="preserve">Thank',
        '<segment state="final">\n<source xml:space="preserve">Thank',
    )


@pytest.mark.parametrize("version", VERSIONS)
def test_a_cat_tool_edit_imports_to_the_expected_catalog(version: str) -> None:
    catalog = parse_po(CATALOG.encode(), "ko.po")
    file = CatalogFile("ko", "start", Path("ko.po"), CATALOG.encode(), catalog)
    edited = cat_tool_edit(render_xliff([file], version), version)
    assert schema(XSD[version]).validate(etree.fromstring(edited.encode()))
    back = import_into(catalog, edited.encode(), Path("ko.xlf"), "Lee", "2027-01-01")
    thanks = back.messages[-1]
    assert is_reviewed(thanks)
    mark = find_mark(thanks)
    assert mark is not None
    assert render_po(back) == EXPECTED.format(hash=mark.hash)


# --- strict import: one line with file:line, exit 2, nothing written ------------------------------


def edits(version: str) -> dict[str, tuple[str, str, str]]:
    """name -> (old, new, expected error) applied to the exported ko/guides/intro.xlf."""
    target = '<target state="translated">' if version == "1.2" else "<target>"
    return {
        "malformed": ("</source>", "</sauce>", "malformed XML: mismatched tag"),
        "entity bomb": (
            '<?xml version="1.0" encoding="UTF-8"?>\n',
            '<?xml version="1.0"?>\n<!DOCTYPE x [<!ENTITY a "aaaa">]>\n',
            "XML entity declarations are not allowed",
        ),
        "unknown id": ('id="u', 'id="v', "unknown unit id 'v"),
        "edited source": (
            "Why this matters",
            "Why this matter",
            "was edited; only targets may change",
        ),
        "wrong language": ('"ko"', '"ko-KP"', "target language 'ko-KP' is not a configured locale"),
        "missing code": (f"{target}", f"{target}!", "is missing from the target"),
    }


@pytest.mark.parametrize("version", VERSIONS)
@pytest.mark.parametrize(
    "case", ["malformed", "entity bomb", "unknown id", "edited source", "wrong language",
             "missing code"],
)  # fmt: skip
def test_bad_xliff_is_one_line_exit_2_and_nothing_written(
    project: Path, tmp_path: Path, version: str, case: str
) -> None:
    assert run(project, "extract")[0] == 0
    assert run(project, "update")[0] == 0
    out = tmp_path / "out"
    assert run(project, "xliff", "export", "--xliff-version", version, "-o", str(out))[0] == 0
    path = out / "ko" / "welcome.xlf"
    old, new, expected = edits(version)[case]
    text = path.read_text("utf-8")
    if case == "missing code":
        # A changed target without the code the source has.
        text = re.sub(
            r"(<target[^>]*>)([^<]*)<(?:g|pc) [^>]*>([^<]*)</(?:g|pc)>", r"\1\2\3", text, count=1
        )
        assert "<target" in text
    else:
        assert old in text, case
        text = text.replace(old, new, 1)
    path.write_text(text, "utf-8")
    assert_import_refused(project, path, expected)


def test_a_source_changed_since_export_imports_as_fuzzy(project: Path, tmp_path: Path) -> None:
    assert run(project, "extract")[0] == 0
    assert run(project, "update")[0] == 0
    out = tmp_path / "out"
    run(project, "xliff", "export", "--locale", "ko", "--document", "welcome", "-o", str(out))
    path = out / "ko" / "welcome.xlf"
    xliff = path.read_text("utf-8")
    source = project / "source" / "welcome.md"
    source.write_text(
        source.read_text("utf-8").replace("sign the petition", "sign the new petition")
    )
    assert run(project, "extract")[0] == 0
    assert run(project, "update")[0] == 0
    unit = re.search(r"<source>(Text JUSTICE[^<]*)</source>\n<target state=\"([\w-]+)\">", xliff)
    assert unit is not None
    edited = unit[0].replace(f'"{unit[2]}"', '"translated"') + "새 "
    path.write_text(xliff.replace(unit[0], edited), "utf-8")
    code, _, stderr = run(project, "xliff", "import", str(path))
    assert code == 0, stderr
    catalog = parse_po((project / "locales/ko/LC_MESSAGES/welcome.po").read_bytes(), "ko.po")
    entry = next(m for m in catalog.messages if m.previous_msgid == unit[1])
    assert entry.fuzzy
    assert entry.msgid == "Text JUSTICE to 55156 to sign the new petition."
    assert entry.msgstr.startswith("새 ")


@pytest.mark.parametrize(
    ("args", "error"),
    [
        (("xliff", "export", "--locale", "fr"), "locale 'fr' is not in the configuration"),
        (("xliff", "export", "--document", "nope"), "no document 'nope' (no template for it)"),
        (("xliff", "export", "-o", "{blocker}/x"), "is a file, not a folder"),
        (("xliff", "import", "{missing}"), "cannot read: No such file or directory"),
        (("tm", "export", "--locale", "fr"), "locale 'fr' is not in the configuration"),
        (("glossary", "export"), "no glossary: name TBX or CSV files under `glossary:`"),
    ],
)
def test_bad_input_for_every_interchange_command(
    project: Path, tmp_path: Path, args: tuple[str, ...], error: str
) -> None:
    assert run(project, "extract")[0] == 0
    assert run(project, "update")[0] == 0
    blocker = tmp_path / "blocker"
    blocker.write_text("a file where a folder should be")
    values = {"blocker": str(blocker), "missing": str(tmp_path / "missing.xlf")}
    before = snapshot(tmp_path)
    code, _, stderr = run(project, *(a.format(**values) for a in args))
    assert code == 2
    assert stderr.count("\n") == 1, stderr
    assert error in stderr, stderr
    assert snapshot(tmp_path) == before


CODE = r"<ph [^>]*/>|<ph [^>]*>[^<]*</ph>|<x [^>]*/>|<(g|pc) [^>]*>[^<]*</\1>"


@pytest.mark.parametrize("version", VERSIONS)
@pytest.mark.parametrize(
    ("case", "error"),
    [("reordered", "inline codes are reordered"), ("repeated", "an inline code appears twice")],
)
def test_a_target_with_codes_moved_or_repeated_is_refused(
    project: Path, tmp_path: Path, version: str, case: str, error: str
) -> None:
    source = project / "source" / "welcome.md"
    source.write_text(source.read_text("utf-8").replace("and learn.", "and *learn*."), "utf-8")
    assert run(project, "extract")[0] == 0
    assert run(project, "update")[0] == 0
    out = tmp_path / "out"
    assert run(project, "xliff", "export", "--xliff-version", version, "-o", str(out))[0] == 0
    path = out / "ko" / "welcome.xlf"
    text = path.read_text("utf-8")
    unit = re.search(r"<source[^>]*>(Follow [^\n]*)</source>\n(<target[^\n]*</target>\n)?", text)
    assert unit is not None
    first, second = (m[0] for m in re.finditer(CODE, unit[1]))
    codes = f"{second} 와 {first}" if case == "reordered" else f"{first} {first} {second}"
    # A filled target is a change whatever its state says: its codes are checked.
    target = f'<target state="translated">{codes}</target>' if version == "1.2" else ""
    target = target or f"<target>{codes}</target>"
    edited = unit[0].replace(unit[2] or "", "") + target + "\n"
    path.write_text(text.replace(unit[0], edited, 1), "utf-8")
    assert_import_refused(project, path, error)


def assert_import_refused(project: Path, path: Path, message: str) -> None:
    """`xliff import` of `path`: one line `path:line: ...message...`, exit 2, nothing written."""
    before = snapshot(project)
    code, _, stderr = run(project, "xliff", "import", str(path))
    assert code == 2
    assert stderr.count("\n") == 1, stderr
    assert message in stderr, stderr
    assert re.match(rf"{re.escape(str(path))}:\d+: ", stderr), stderr
    assert snapshot(project) == before
