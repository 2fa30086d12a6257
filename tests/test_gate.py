"""The publishing gate: a translation with an error-level `check` finding is published as English.

A complete Korean catalog of a seed article is broken in five entries, one error each; the
build withholds exactly those five in the Markdown, the JSON and the `.mo`, says so in the
summary and the manifest, and `build --strict` fails until they are fixed.
"""

from __future__ import annotations

import gettext
import json
import shutil
from dataclasses import replace
from pathlib import Path
from typing import Any

import pytest

from pipeline.po import render_po
from pipeline.po_reader import read_po
from tests.conftest import DATA, Invoke

DOC = "allyship-actions"
CATALOG = Path("locales/ko/LC_MESSAGES") / f"{DOC}.po"
TITLE = "20+ Allyship Actions for Asians to Show Up for the Black Community Right Now"
AHMAUD = "Demand justice for #AhmaudArbery; Text JUSTICE to 55156 to sign the petition."
FLOYD = "Demand justice for #GeorgeFloyd"
DONATE = (
    "Donate to organizations serving Black communities, like TGI Justice Project, Black Girls"
    " Code, NAACP, and more. Research your local organizations and find out who you can"
    " support them!"
)
BREONNA = (
    "Demand justice for #BreonnaTaylor who was shot 8 times by the cops who were at the wrong"
    " house while the actual suspect was already in police custody. No one has been held to"
    " account as of my writing this on May 12th. Take action."
)
# One error-level finding each, in five entries.
BROKEN = {
    AHMAUD: (
        "numbers",
        "\\#AhmaudArbery에게 정의를 요구하세요. JUSTICE라고 55157번으로 문자를 보내세요.",
    ),
    FLOYD: ("structure", "#GeorgeFloyd를 위한 정의를 요구하세요"),
    TITLE: ("html", "지금 당장 <b>흑인 커뮤니티</b>와 연대하기 위한 20가지 이상의 실천"),
    DONATE: ("links", "흑인 공동체를 돕는 단체에 기부하세요. [자세히](https://example.com/more)"),
    BREONNA: ("code", "\\#BreonnaTaylor를 위해 `정의`를 요구하세요: 8번, 5월 12일."),
}


@pytest.fixture
def seed(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    """The check seed, its Korean catalog of one article complete (English where untranslated)."""
    root = tmp_path / "seed"
    shutil.copytree(DATA / "checks" / "seed", root)
    monkeypatch.chdir(root)
    catalog = read_po(root / CATALOG)
    done = [
        m if m.obsolete or m.msgstr else replace(m, msgstr=m.msgid, flags=(), previous_msgid=None)
        for m in catalog.messages
    ]
    (root / CATALOG).write_text(render_po(replace(catalog, messages=tuple(done))), "utf-8")
    return root


def edit(root: Path, msgstrs: dict[str, str]) -> None:
    catalog = read_po(root / CATALOG)
    messages = [replace(m, msgstr=msgstrs.get(m.msgid, m.msgstr)) for m in catalog.messages]
    (root / CATALOG).write_text(render_po(replace(catalog, messages=tuple(messages))), "utf-8")


def record(root: Path) -> dict[str, Any]:
    manifest = json.loads((root / "bundles" / "manifest.json").read_text("utf-8"))
    (document,) = [d for d in manifest["documents"] if d["id"] == DOC]
    bundle: dict[str, Any] = document["bundles"]["ko"]
    return bundle


def test_five_errors_are_withheld_in_every_format(cli: Invoke, seed: Path) -> None:
    complete = (seed / CATALOG).read_text("utf-8")
    edit(seed, {msgid: text for msgid, (_, text) in BROKEN.items()})
    result = cli("build", "--strict", config=seed / "pipeline.yaml")
    assert result.exit_code == 1
    catalog = read_po(seed / CATALOG)
    lines = {m.msgid: m.msgstr_line for m in catalog.messages}
    expected = sorted((lines[msgid], check) for msgid, (check, _) in BROKEN.items())
    listed = result.stderr.splitlines()
    assert [(int(line.split(":")[1]), line.split(": ")[1]) for line in listed] == expected
    assert all(line.startswith(f"{CATALOG.as_posix()}:") for line in listed)
    assert f"{CATALOG.as_posix()}:{lines[FLOYD]}: structure: would start a heading" in result.stderr
    assert (
        "build: ko allyship-actions: 5 withheld (code 1, html 1, links 1, numbers 1, structure 1)\n"
        in result.stdout
    )

    held = record(seed)
    assert held["status"] == "partial"
    assert held["withheld"]["segments"] == 5
    assert held["withheld"]["checks"] == dict.fromkeys(sorted(c for c, _ in BROKEN.values()), 1)
    assert {f["msgid"] for f in held["withheld"]["findings"]} == set(BROKEN)
    assert held["coverage"]["translated"] == held["coverage"]["total"] - 5

    bundle = json.loads((seed / "bundles/ko" / f"{DOC}.json").read_text("utf-8"))
    assert bundle["withheld"]["segments"] == 5
    by_source = {s["source"]: s for s in bundle["segments"]}
    for msgid, (check, _) in BROKEN.items():
        assert by_source[msgid]["text"] == msgid
        assert by_source[msgid]["translated"] is False
        assert by_source[msgid]["withheld"] == [check]
    published = [s for s in bundle["segments"] if s["translated"]]
    assert published
    assert all("withheld" not in s for s in published)

    markdown = (seed / "bundles/ko" / f"{DOC}.md").read_text("utf-8")
    assert f"- {FLOYD}\n" in markdown or f". {FLOYD}\n" in markdown
    for _, text in BROKEN.values():
        assert text not in markdown
    with (seed / "bundles/locale/ko/LC_MESSAGES" / f"{DOC}.mo").open("rb") as mo:
        compiled = gettext.GNUTranslations(mo)
    for msgid in BROKEN:
        assert compiled.gettext(msgid) == msgid
    assert compiled.gettext(published[0]["source"]) == published[0]["text"]

    # Fixed: nothing withheld, the pair complete, and --strict passes.
    (seed / CATALOG).write_text(complete, "utf-8")
    result = cli("build", "--strict", config=seed / "pipeline.yaml")
    assert (result.exit_code, result.stderr) == (0, "")
    assert "withheld" not in result.stdout
    assert record(seed)["status"] == "complete"
    assert "withheld" not in record(seed)


def test_severity_overrides_decide_what_is_withheld(cli: Invoke, seed: Path) -> None:
    edit(seed, {msgid: text for msgid, (_, text) in BROKEN.items()})
    config = seed / "pipeline.yaml"
    config.write_text(config.read_text("utf-8") + "checks:\n  numbers: warning\n", "utf-8")
    assert cli("build", config=config).exit_code == 0
    assert record(seed)["withheld"]["segments"] == 4
    bundle = json.loads((seed / "bundles/ko" / f"{DOC}.json").read_text("utf-8"))
    assert {s["source"]: s["text"] for s in bundle["segments"]}[AHMAUD] == BROKEN[AHMAUD][1]
    # A changed severity is an input of the bundle: turning it back withholds again.
    config.write_text(config.read_text("utf-8").replace("numbers: warning", "numbers: error"))
    assert cli("build", "--strict", config=config).exit_code == 1
    assert record(seed)["withheld"]["segments"] == 5


def test_run_prints_the_check_summary(cli: Invoke, seed: Path) -> None:
    edit(seed, {FLOYD: BROKEN[FLOYD][1]})
    result = cli("run", config=seed / "pipeline.yaml")
    assert result.exit_code == 0
    # The English stand-ins of the completed catalog are `same-as-source` warnings.
    assert "check: 1 error, 33 warnings, 0 info in 10 catalogs\n" in result.stdout
    assert "build: ko allyship-actions: 1 withheld (structure 1)\n" in result.stdout
    assert record(seed)["status"] != "complete"
