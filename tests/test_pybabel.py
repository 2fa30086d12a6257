"""`pybabel update`, as the README writes it, then our `update`: the canonical file comes back."""

from __future__ import annotations

import re
import shlex
import subprocess
import sys
from pathlib import Path

from tests.conftest import REPO, Invoke

KO = "locales/ko/LC_MESSAGES/welcome.po"


def readme_command(doc: str) -> list[str]:
    """The `pybabel update ...` command of the README, for one document."""
    found = re.search(r"`(pybabel update [^`]*)`", (REPO / "README.md").read_text("utf-8"))
    assert found, "the README names no pybabel update command"
    words = shlex.split(found[1].replace("<doc>", doc))
    return [str(Path(sys.executable).with_name("pybabel")), *words[1:]]


def test_pybabel_update_then_update_gives_back_the_canonical_file(
    project: Path, cli: Invoke
) -> None:
    catalog = project / KO
    catalog.write_text(
        "".join(
            line
            for line in catalog.read_text("utf-8").splitlines(True)
            if "X-Generator" not in line
        ),
        "utf-8",
    )
    source = project / "source" / "welcome.md"
    source.write_text(source.read_text("utf-8").replace("on Instagram and learn.", "and learn."))
    cli("extract")
    cli("update")
    canonical = catalog.read_text("utf-8")
    assert '#| msgid "Follow `@teachandtransform` on Instagram and learn."' in canonical

    done = subprocess.run(readme_command("welcome"), cwd=project, capture_output=True, text=True)
    assert done.returncode == 0, done.stderr
    babel = catalog.read_text("utf-8")
    assert '# | msgid "Follow `@teachandtransform` on Instagram and learn."' in babel
    assert "Generated-By: Babel" in babel

    result = cli("update", "--locale", "ko")
    assert result.exit_code == 0, result.stderr
    assert result.stdout == (
        "update: 0 created, 1 updated, 1 unchanged\n"
        "update: 1 catalogs repaired after pybabel (`# | msgid` comments back to `#|`, its header fields)\n"
    )
    assert catalog.read_text("utf-8") == canonical
    assert cli("update", "--locale", "ko").stdout == "update: 0 created, 0 updated, 2 unchanged\n"
