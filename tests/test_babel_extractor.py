"""`pybabel extract` with our extraction method pulls the same segments as `pipeline extract`."""

from __future__ import annotations

import subprocess
import sys
from pathlib import Path

from pipeline.po_reader import read_po
from tests.conftest import Invoke


def test_pybabel_extract_finds_the_same_messages(project: Path, cli: Invoke) -> None:
    cli("extract")
    mapping = project / "babel.cfg"
    mapping.write_text("[markdown: **.md]\nfront_matter = title, subtitle\n", "utf-8")
    output = project / "babel.pot"
    subprocess.run(
        [
            sys.executable,
            "-m",
            "babel.messages.frontend",
            "extract",
            "-F",
            str(mapping),
            "-o",
            str(output),
            "--no-location",
            str(project / "source"),
        ],
        check=True,
        capture_output=True,
        cwd=project,
    )
    ours = set()
    for template in (project / "locales" / "templates").rglob("*.pot"):
        ours |= {m.msgid for m in read_po(template).messages}
    theirs = {m.msgid for m in read_po(output).messages}
    assert theirs == ours
    assert "Welcome to the project" in theirs
