"""`.mo` files where gettext looks: bundles/locale/<gettext id>/LC_MESSAGES/<doc>.mo."""

from __future__ import annotations

import gettext
import json
import shutil
from pathlib import Path

from pipeline.po_reader import read_po
from tests.conftest import Invoke


def test_gettext_translation_finds_every_mo_of_the_manifest(project: Path, cli: Invoke) -> None:
    assert cli("build").exit_code == 0
    bundles = project / "bundles"
    manifest = json.loads((bundles / "manifest.json").read_text("utf-8"))
    loaded = 0
    for document in manifest["documents"]:
        for pair in document["bundles"].values():
            mo = pair["files"]["mo"]["path"]
            locale = mo.split("/")[1]
            assert mo == f"locale/{locale}/LC_MESSAGES/{document['id']}.mo"
            catalog = read_po(project / "locales" / locale / "LC_MESSAGES" / f"{document['id']}.po")
            done = next(m for m in catalog.messages if m.msgstr and not m.flags and not m.obsolete)
            found = gettext.translation(document["id"], bundles / "locale", [locale])
            # A fallback pair is published as English, in its .mo too.
            shown = done.msgid if pair["status"] == "fallback" else done.msgstr
            assert found.gettext(done.msgid) == shown
            loaded += pair["status"] != "fallback"
    assert loaded == 5
    assert "zh_Hans" in {p.name for p in (bundles / "locale").iterdir()}


def test_the_next_build_removes_mo_files_at_the_old_paths(project: Path, cli: Invoke) -> None:
    assert cli("build").exit_code == 0
    bundles = project / "bundles"
    old = bundles / "zh-Hans" / "LC_MESSAGES" / "welcome.mo"
    old.parent.mkdir(parents=True)
    shutil.copy(bundles / "locale" / "zh_Hans" / "LC_MESSAGES" / "welcome.mo", old)
    result = cli("build")
    assert result.exit_code == 0, result.stderr
    assert result.stdout.startswith("build: 0 written, 31 unchanged, 1 removed,")
    assert not (bundles / "zh-Hans" / "LC_MESSAGES").exists()
