"""The lock file installs a working pipeline: a fresh venv from uv.lock, then a smoke test in it.

The venv is built offline from uv's cache, which `make install` fills with every locked wheel, so
the test needs no network and takes a few seconds. Without that cache (a machine where `make
install` never ran) `uv sync --offline` fails and says which package it could not find.
"""

from __future__ import annotations

import os
import shutil
import subprocess
import sys
import tomllib
from pathlib import Path

import pytest

from pipeline import __version__
from tests.conftest import DATA, REPO

pytestmark = pytest.mark.lockfile

# What a built wheel of the project needs; the tests and the lock itself stay behind.
PROJECT_FILES = ("pyproject.toml", "uv.lock", "README.md", "pipeline")


def find_uv() -> str:
    """The uv that `make` bootstrapped, or one named by $UV or found on PATH."""
    for candidate in (os.environ.get("UV"), str(REPO / ".tools" / "bin" / "uv"), "uv"):
        if candidate and (found := shutil.which(candidate)):
            return found
    pytest.fail("uv not found: run `make install` first (it bootstraps .tools/bin/uv)")


def locked_versions() -> dict[str, str]:
    """Package name -> version, as uv.lock pins it."""
    lock = tomllib.loads((REPO / "uv.lock").read_text("utf-8"))
    return {package["name"]: package["version"] for package in lock["package"]}


def installed_versions(python: Path) -> dict[str, str]:
    """Distribution name (normalized like uv.lock's) -> version, in the venv of `python`."""
    script = (
        "import importlib.metadata as m, re\n"
        "for d in m.distributions():\n"
        "    print(re.sub(r'[-_.]+', '-', d.metadata['Name']).lower(), d.version)\n"
    )
    lines = subprocess.run(
        [python, "-c", script], capture_output=True, text=True, check=True
    ).stdout.splitlines()
    return dict(line.split(" ", 1) for line in lines)


def sync_from_lock(source: Path, venv: Path) -> None:
    """`uv sync` the runtime dependencies exactly as locked into `venv`, with no network."""
    env = {**os.environ, "UV_PROJECT_ENVIRONMENT": str(venv), "UV_PYTHON_DOWNLOADS": "never"}
    command = [find_uv(), "sync", "--locked", "--offline", "--no-dev", "--no-editable"]
    result = subprocess.run(
        [*command, "--python", sys.executable, "--quiet"],
        cwd=source,
        env=env,
        capture_output=True,
        text=True,
    )
    assert result.returncode == 0, result.stderr


def test_a_venv_built_from_the_lock_runs_the_pipeline(tmp_path: Path) -> None:
    source = tmp_path / "src"
    source.mkdir()
    for name in PROJECT_FILES:
        copy = shutil.copytree if (REPO / name).is_dir() else shutil.copy2
        copy(REPO / name, source / name)
    venv = tmp_path / "venv"
    sync_from_lock(source, venv)

    # Every runtime package in the venv is the version the lock pins; the project is the copy.
    installed = installed_versions(venv / "bin" / "python")
    locked = locked_versions()
    assert {"babel", "polib", "click", "ruamel-yaml", "tomlkit"} <= installed.keys()
    assert {name: installed[name] for name in installed} == {
        name: locked[name] for name in installed
    }
    assert "pytest" not in installed  # --no-dev: the test group stayed out

    pipeline = str(venv / "bin" / "pipeline")
    version = subprocess.run([pipeline, "--version"], capture_output=True, text=True, check=True)
    assert version.stdout == f"pipeline, version {__version__}\n"

    project = tmp_path / "project"
    shutil.copytree(DATA / "project", project)
    run = subprocess.run(
        [pipeline, "--config", str(project / "pipeline.yaml"), "run"],
        capture_output=True,
        text=True,
    )
    assert run.returncode == 0, run.stderr
    korean = (project / "bundles" / "ko").rglob("*.md")
    assert any("\uac00" <= ch <= "\ud7a3" for path in korean for ch in path.read_text("utf-8"))
