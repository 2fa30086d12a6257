"""What a stage is: its timed commands (ours and the peers') and the targets ours is held to.

A `Stage` is data: its commands in the order they run, each with an untimed `setup` that
lays out a fresh work folder, and its comparisons (ours / peer, with the ratio or memory the
issues ask for). `benchmarks.sources` and `benchmarks.outputs` make the stages for one
corpus; `benchmarks.run` times them. Every ratio is ours divided by the peer's, so lower is
better and every target is a ceiling.
"""

from __future__ import annotations

import os
import shlex
import subprocess
from collections.abc import Callable, Mapping, Sequence
from dataclasses import dataclass, field
from pathlib import Path

from benchmarks.workspace import Corpus, discard, fresh_copy

SCRIPTS = Path(__file__).parent / "peer_scripts"
# The per-process peers (mdpo's CLI and po4a's tools, one process per document) start an
# interpreter for every file: they run on this many documents and are scaled to the corpus.
SUBSET = 20
# Peers without a target of their own that take a minute or more at 1,000 documents (the
# msgmerge loop without fuzzy matching, pybabel, translate-toolkit's po2md) run on this many
# documents when the corpus is larger, and are scaled the same way: their work is per file.
SAMPLE = 200
# The per-file C loops also run as a Makefile user would run them: `xargs -P <cores>`.
CORES = os.cpu_count() or 1


@dataclass(frozen=True, slots=True)
class Command:
    """One timed command and how to lay out its input before each run."""

    tool: str
    argv: tuple[str, ...]
    cwd: Path
    setup: Callable[[], object] | None = None
    ok_status: frozenset[int] = frozenset({0})
    scale: float = 1.0
    """Times are multiplied by this: the command ran on 1/scale of the corpus."""
    after: str = ""
    """A command of the same stage that must have succeeded in this run first."""
    outputs: str = ""
    """Glob (under cwd) of the files it writes: a run that writes none has failed (some peers
    exit 0 after an error), and templates (`.pot`) are counted for the entries column."""
    env: Mapping[str, str] | None = None
    """Added to the environment of the command."""
    tree: bool = False
    """Sample the memory of the whole process tree (see `timing.measure`)."""


@dataclass(frozen=True, slots=True)
class Comparison:
    """One row of the report: ours against a peer, and the target the issues set."""

    ours: str
    peer: str | None
    max_ratio: float | None = None
    max_rss_mb: float | None = None
    faster_of: tuple[str, ...] = ()
    """When given, the peer is the fastest of these that ran (`peer` names the row)."""
    reference: bool = False
    """A straw man (a process per document): shown in the "for reference" table."""


@dataclass(frozen=True, slots=True)
class Stage:
    name: str
    title: str
    commands: tuple[Command, ...]
    comparisons: tuple[Comparison, ...] = ()
    notes: tuple[str, ...] = field(default=())
    summary: Callable[[], list[str]] | None = None
    """Read after the runs, from what the last run of each command left: lines for the legend."""


@dataclass(frozen=True, slots=True)
class Context:
    """Where things are for one corpus."""

    corpus: Corpus
    work: Path
    pipeline: Path
    python: Path
    """The peers' venv Python."""

    def ours(self, folder: Path, *args: str) -> tuple[str, ...]:
        return (str(self.pipeline), "--config", str(folder / "pipeline.yaml"), *args)

    def peer(self, module: str, *args: str) -> tuple[str, ...]:
        return (str(self.python), "-m", module, *args)

    def script(self, name: str, *args: str) -> tuple[str, ...]:
        return (str(self.python), str(SCRIPTS / name), *args)


def fresh(path: Path) -> Path:
    discard(path)
    path.mkdir(parents=True)
    return path


def write_script(path: Path, commands: Sequence[Sequence[str]], suffix: str = "") -> Path:
    """A bash script of one command per line (each + `suffix`) that stops at the first failure."""
    path.parent.mkdir(parents=True, exist_ok=True)
    lines = [shlex.join(command) + suffix for command in commands]
    path.write_text("set -e\n" + "\n".join(lines) + "\n")
    return path


def xargs_script(
    path: Path, prefix: Sequence[str], arguments: Sequence[Sequence[str]], suffix: str = ""
) -> Path:
    """A bash script running `prefix + arguments[i]` for each i, `CORES` at a time, through
    `xargs -0 -P` (the arguments go in a NUL-separated file beside the script)."""
    path.parent.mkdir(parents=True, exist_ok=True)
    arity = len(arguments[0]) if arguments else 1
    listing = path.with_suffix(".args")
    listing.write_text("".join(f"{word}\0" for group in arguments for word in group))
    xargs = ["xargs", "-0", "-P", str(CORES), "-n", str(arity), *prefix]
    path.write_text(f"set -e\n{shlex.join(xargs)} < {shlex.quote(str(listing))}{suffix}\n")
    return path


def project_copy(
    corpus: Corpus, target: Path, edited: bool = False, templates: bool = True
) -> None:
    """A fresh copy of our project; `edited` swaps in the edited sources and their templates."""
    fresh_copy(corpus.project, target)
    if edited:
        fresh_copy(corpus.edited / "source", target / "source")
        fresh_copy(corpus.edited / "templates", target / "locales" / "templates")
    elif not templates:
        discard(target / "locales")


def extracted_copy(ctx: Context, target: Path, extracted: bool = True) -> None:
    """A fresh copy of our project as `make` leaves one when `extracted`: an untimed
    `pipeline extract` ran, so the templates are written and the sources' parse is kept."""
    project_copy(ctx.corpus, target)
    if extracted:
        subprocess.run(ctx.ours(target, "extract"), check=True, capture_output=True)


def catalog_paths(corpus: Corpus, root: Path) -> list[tuple[str, str, Path]]:
    """(locale, document, catalog path under `root`) for every catalog."""
    return [
        (locale, name, root / locale / "LC_MESSAGES" / f"{name}.po")
        for locale in corpus.locales
        for name in corpus.names()
    ]


def link_sample(corpus: Corpus, names: list[str], folder: Path) -> None:
    """`folder/source/<doc>.md` and `folder/<locale>/<doc>.po`: symbolic links for `names`."""
    project = corpus.project
    (folder / "source").mkdir(parents=True)
    for name in names:
        (folder / "source" / f"{name}.md").symlink_to(project / "source" / f"{name}.md")
    for locale in corpus.locales:
        (folder / locale).mkdir()
        for name in names:
            target = project / "locales" / locale / "LC_MESSAGES" / f"{name}.po"
            (folder / locale / f"{name}.po").symlink_to(target)


def po4a(tool: str, master: Path, *args: str) -> tuple[str, ...]:
    """A po4a command for one Markdown document (po4a's `text` format, Markdown option)."""
    options = ("-f", "text", "-o", "markdown", "-o", "yfm_keys=title,subtitle,description")
    return (tool, *options, "-M", "UTF-8", "-m", str(master), *args)
