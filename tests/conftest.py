"""Shared fixtures: a CliRunner bound to a project, and a fresh copy of the test project."""

from __future__ import annotations

import os
import shutil
from collections.abc import Callable
from pathlib import Path

import pytest
from click.testing import CliRunner, Result
from hypothesis import HealthCheck, settings

from pipeline.cli import main
from pipeline.config import read_config
from pipeline.runstate import SKIPPED

TESTS = Path(__file__).parent
DATA = TESTS / "data"
GOLDEN = TESTS / "golden"
REPO = TESTS.parent

Invoke = Callable[..., Result]

# Totals of the test project, derived from it (so that adding a document or a locale to the
# fixture does not silently break every summary line a test expects).
DOCUMENTS = len(list((DATA / "project" / "source").rglob("*.md")))
LOCALES = len(read_config(DATA / "project" / "pipeline.yaml").locales)
CATALOGS = DOCUMENTS * LOCALES
BUNDLE_FILES = 3 * CATALOGS + 1
"""Markdown, JSON and `.mo` for each document and locale, and the manifest."""
UPDATE = os.environ.get("UPDATE_GOLDEN") == "1"
"""`make golden`: the one regeneration switch, honoured by `compare_golden` alone."""


def compare_golden(path: Path, produced: str | bytes) -> None:
    """Assert that `produced` is the golden file's content, byte for byte.

    With UPDATE_GOLDEN=1 a missing or different file is rewritten and the test still fails,
    naming it, so that a regeneration never passes by construction: review the diff, run again.
    """
    data = produced.encode("utf-8") if isinstance(produced, str) else produced
    if UPDATE and (not path.exists() or path.read_bytes() != data):
        path.write_bytes(data)
        pytest.fail(f"rewrote {path.relative_to(REPO)}: review the diff, then run the tests again")
    assert data == path.read_bytes()


# Property tests judge outputs, never speed: on a loaded 2-core machine (CI, or many jobs at
# once) Hypothesis' data-generation timer would fail a correct run, so it is off everywhere.
settings.register_profile("pipeline", deadline=None, suppress_health_check=[HealthCheck.too_slow])
settings.load_profile("pipeline")


@pytest.fixture
def project(tmp_path: Path) -> Path:
    """A copy of tests/data/project in a temporary folder."""
    target = tmp_path / "project"
    shutil.copytree(DATA / "project", target)
    return target


@pytest.fixture
def cli(project: Path) -> Invoke:
    """Run `pipeline --config <project>/pipeline.yaml ARGS...` in-process."""
    runner = CliRunner()

    def invoke(*args: str, config: Path | None = None) -> Result:
        config_path = config or project / "pipeline.yaml"
        return runner.invoke(main, ["--config", str(config_path), *args], catch_exceptions=False)

    return invoke


def snapshot(root: Path) -> dict[str, bytes]:
    """Every file under `root` with its bytes, to prove a command wrote nothing; the lock and
    `run`'s record of the files' times (`.pipeline-state.json`) are bookkeeping, not output."""
    return {
        p.relative_to(root).as_posix(): p.read_bytes()
        for p in sorted(root.rglob("*"))
        if p.is_file() and p.name not in SKIPPED
    }
