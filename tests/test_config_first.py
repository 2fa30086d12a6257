"""The whole pipeline.yaml is validated before any command reads or writes anything else."""

from __future__ import annotations

from pathlib import Path

import pytest

from tests.conftest import Invoke, snapshot

BASE = "source: source\nlocales: [ko, ja]\n"


@pytest.mark.parametrize(
    ("extra", "message"),
    [
        (
            "checks:\n  nubmers: warning\n",
            "pipeline.yaml:4: unknown check 'nubmers' (did you mean 'numbers'?)",
        ),
        (
            "allowed_url_patterns:\n  - 'https://ok\\.example/.*'\n  - '(unbalanced'\n",
            "pipeline.yaml:5: allowed_url_patterns: '(unbalanced' is not a regular expression:",
        ),
        (
            "reports: /etc/passwd\n",
            "pipeline.yaml:3: 'reports' must be a folder inside the project",
        ),
        (
            "reports: ../elsewhere\n",
            "pipeline.yaml:3: 'reports' must be a folder inside the project",
        ),
    ],
)
@pytest.mark.parametrize("command", ["run", "coverage", "update", "build", "extract"])
def test_bad_setting_stops_every_command_before_it_writes(
    project: Path, cli: Invoke, extra: str, message: str, command: str
) -> None:
    (project / "pipeline.yaml").write_text(BASE + extra, "utf-8")
    before = snapshot(project.parent)
    result = cli(command)
    assert result.exit_code == 2
    assert result.stderr.startswith(message), result.stderr
    assert result.stderr.count("\n") == 1
    assert result.stdout == ""
    assert snapshot(project.parent) == before
