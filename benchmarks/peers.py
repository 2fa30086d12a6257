"""The peer tools: installed when missing; their versions and the machine, for the report.

translate-toolkit, mdpo and Babel go into `.bench/peers-venv` (made with the machine's
`python3`, so their dependencies never meet the project's); GNU gettext and po4a come from
Debian's packages, installed with apt-get when missing (the bench runs as root here).
"""

from __future__ import annotations

import os
import platform
import shutil
import subprocess
import sys
from pathlib import Path

from benchmarks.workspace import BENCH, ROOT

PEERS_VENV = BENCH / "peers-venv"
PEERS_PYTHON = PEERS_VENV / "bin" / "python"
PIP_PACKAGES = ("translate-toolkit[markdown,levenshtein]", "mdpo", "babel")
# Modules that prove the install is whole (the markdown extra brings mistletoe).
PROBE = "import translate.convert.md2po, translate.convert.pot2po, mdpo.md2po, babel, mistletoe"
DEBIAN_PACKAGES = {"msgmerge": "gettext", "po4a": "po4a", "/usr/bin/time": "time"}
VERSION_SCRIPT = """
import importlib.metadata as m
for name in ("translate-toolkit", "mdpo", "babel", "rapidfuzz", "mistletoe", "pymd4c", "polib"):
    try:
        print(name, m.version(name))
    except m.PackageNotFoundError:
        pass
"""


def say(message: str) -> None:
    print(f"[bench] {message}", file=sys.stderr, flush=True)


def ensure_python_peers() -> None:
    """Create the peers' venv and install the peers unless they import already."""
    if PEERS_PYTHON.exists():
        probe = subprocess.run([str(PEERS_PYTHON), "-c", PROBE], capture_output=True)
        if probe.returncode == 0:
            return
    say(f"installing {', '.join(PIP_PACKAGES)} into {PEERS_VENV}")
    python3 = shutil.which("python3") or sys.executable
    subprocess.run([python3, "-m", "venv", str(PEERS_VENV)], check=True)
    pip = [str(PEERS_PYTHON), "-m", "pip", "install", "--quiet", "--disable-pip-version-check"]
    # pip's own chatter (index warnings) only matters when the install fails.
    done = subprocess.run([*pip, *PIP_PACKAGES], capture_output=True, text=True)
    if done.returncode:
        sys.stderr.write(done.stdout + done.stderr)
        raise SystemExit(f"pip install failed with status {done.returncode}")


def ensure_debian_peers() -> None:
    """apt-get install gettext, po4a and GNU time when their commands are missing."""
    missing = [package for command, package in DEBIAN_PACKAGES.items() if not shutil.which(command)]
    if not missing:
        return
    say(f"installing {', '.join(missing)} with apt-get")
    subprocess.run(["apt-get", "update", "-qq"], check=True)
    subprocess.run(
        ["apt-get", "install", "-y", "-qq", "--no-install-recommends", *missing],
        check=True,
        env={**os.environ, "DEBIAN_FRONTEND": "noninteractive"},
    )


def ensure_peers() -> None:
    ensure_debian_peers()
    ensure_python_peers()
    for python in (Path(sys.executable), PEERS_PYTHON):
        compile_bytecode(python)


def compile_bytecode(python: Path) -> None:
    """Write the .pyc files of a venv's packages (and of ours), once: with
    PYTHONDONTWRITEBYTECODE=1 and no .pyc installed, every timed start-up would compile its
    imports from source again (0.1 s of CPU for ours), a cost no user's machine pays twice."""
    where = "import sysconfig; print(sysconfig.get_paths()['purelib'])"
    purelib = subprocess.run([str(python), "-c", where], capture_output=True, text=True, check=True)
    folders = [purelib.stdout.strip()]
    if python == Path(sys.executable):
        folders.append(str(ROOT / "pipeline"))
    # A package may ship a file that does not compile (a test fixture): not our concern here.
    subprocess.run(
        [str(python), "-m", "compileall", "-q", "-j", "0", *folders], capture_output=True
    )


def first_line(argv: list[str]) -> str:
    try:
        done = subprocess.run(argv, capture_output=True, text=True)
    except OSError:
        return "missing"
    lines = (done.stdout or done.stderr).strip().splitlines()
    return lines[0] if lines else "unknown"


def versions(pipeline: Path) -> dict[str, str]:
    """Versions of every tool in the table, ours included."""
    found = {"python": first_line([str(PEERS_PYTHON), "--version"]).removeprefix("Python ")}
    listing = subprocess.run(
        [str(PEERS_PYTHON), "-c", VERSION_SCRIPT], capture_output=True, text=True, check=True
    )
    for line in listing.stdout.splitlines():
        name, version = line.split()
        found[name] = version
    found["GNU gettext"] = first_line(["msgmerge", "--version"]).rsplit(" ", 1)[-1]
    found["po4a"] = first_line(["po4a", "--version"]).removeprefix("po4a version ").rstrip(".")
    found["pipeline (ours)"] = first_line([str(pipeline), "--version"]).rsplit(" ", 1)[-1]
    return found


def machine() -> dict[str, object]:
    """What the figures were measured on: CPU, cores, memory, system, commit."""
    cpuinfo = Path("/proc/cpuinfo").read_text().splitlines()
    models = [line.split(":", 1)[1].strip() for line in cpuinfo if line.startswith("model name")]
    memory_kb = int(Path("/proc/meminfo").read_text().split()[1])
    commit = subprocess.run(
        ["git", "rev-parse", "--short", "HEAD"], capture_output=True, text=True, cwd=ROOT
    )
    return {
        "cpu": models[0] if models else "unknown",
        "cores": sum(line.startswith("processor") for line in cpuinfo),
        "memory_gib": round(memory_kb / 1024 / 1024, 1),
        "system": platform.platform(),
        "python": platform.python_version(),
        "commit": commit.stdout.strip() or None,
    }
