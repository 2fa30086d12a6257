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


def test_source_outside_the_project_is_refused_with_its_line(
    project: Path, cli: Invoke, tmp_path: Path
) -> None:
    outside = tmp_path / "content"
    (outside / "a.md").parent.mkdir()
    (outside / "a.md").write_text("# 안녕하세요\n", "utf-8")
    (project / "pipeline.yaml").write_text(f"source: {outside}\nlocales: [ko]\n", "utf-8")
    before = snapshot(tmp_path)
    for command in ("extract", "update", "run"):
        result = cli(command)
        assert result.exit_code == 2
        assert result.stderr == (
            f"pipeline.yaml:1: 'source' must be a folder inside the project ({project}),"
            f" not '{outside}'\n"
        )
    assert snapshot(tmp_path) == before
