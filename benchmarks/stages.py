"""What is timed: each stage's commands (ours and the peers') and the targets we hold ours to.

A `Stage` is data: its commands in the order they run, each with an untimed `setup` that
lays out a fresh work folder, and its comparisons (ours / peer, with the ratio or memory the
issues ask for). `build_stages` makes them for one corpus; `benchmarks.run` times them.
Every ratio is ours divided by the peer's, so lower is better and every target is a ceiling.
"""

from __future__ import annotations

import shlex
import shutil
from collections.abc import Callable, Sequence
from dataclasses import dataclass, field
from pathlib import Path

from benchmarks.workspace import Corpus, fresh_copy

SCRIPTS = Path(__file__).parent / "peer_scripts"
# The per-process peers (mdpo's CLI and po4a's tools, one process per document) start an
# interpreter for every file: they run on this many documents and are scaled to the corpus.
SUBSET = 20
# Peers without a target of their own that take a minute or more at 1,000 documents (the
# msgmerge loop without fuzzy matching, pybabel, translate-toolkit's po2md) run on this many
# documents when the corpus is larger, and are scaled the same way: their work is per file.
SAMPLE = 200


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


@dataclass(frozen=True, slots=True)
class Comparison:
    """One row of the report: ours against a peer, and the target the issues set."""

    ours: str
    peer: str | None
    max_ratio: float | None = None
    max_rss_mb: float | None = None


@dataclass(frozen=True, slots=True)
class Stage:
    name: str
    title: str
    commands: tuple[Command, ...]
    comparisons: tuple[Comparison, ...] = ()
    notes: tuple[str, ...] = field(default=())


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
    shutil.rmtree(path, ignore_errors=True)
    path.mkdir(parents=True)
    return path


def write_script(path: Path, commands: Sequence[Sequence[str]], suffix: str = "") -> Path:
    """A bash script of one command per line (each + `suffix`) that stops at the first failure."""
    path.parent.mkdir(parents=True, exist_ok=True)
    lines = [shlex.join(command) + suffix for command in commands]
    path.write_text("set -e\n" + "\n".join(lines) + "\n")
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
        shutil.rmtree(target / "locales")


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


def floor_stage(ctx: Context) -> Stage:
    project = str(ctx.corpus.project)
    cat = f"find {project} -type f -print0 | xargs -0 cat > /dev/null"
    return Stage(
        "floor",
        "floor: read every input",
        (
            Command("cat", ("bash", "-c", cat), ctx.work),
            Command("python", ctx.script("read_all.py", project), ctx.work),
        ),
        notes=("sources, templates and catalogs of the project, read once, from the page cache",),
    )


def extract_stage(ctx: Context) -> Stage:
    corpus, work = ctx.corpus, ctx.work / "extract"
    source = corpus.project / "source"
    names = corpus.names()
    subset = names[:SUBSET]
    mdpo_cli: list[tuple[str, ...]] = [("mkdir", "-p", "out")]
    mdpo_cli += [
        ctx.peer("mdpo.md2po", f"{source}/{name}.md", "-q", "-s", "-p", f"out/{name}.pot")
        for name in subset
    ]
    po4a_lines = [
        po4a("po4a-updatepo", source / f"{name}.md", "-p", f"{name}.pot") for name in subset
    ]
    return Stage(
        "extract",
        "extract",
        (
            Command(
                "ours",
                ctx.ours(work / "ours", "extract"),
                work / "ours",
                lambda: project_copy(corpus, work / "ours", templates=False),
                outputs="locales/templates/*.pot",
            ),
            Command(
                "mdpo API (1 process)",
                ctx.script("mdpo_extract.py", str(source), "out"),
                work / "mdpo-api",
                lambda: fresh(work / "mdpo-api"),
                outputs="out/*.pot",
            ),
            Command(
                "mdpo md2po (process per doc)",
                ("bash", "md2po.sh"),
                work / "mdpo-cli",
                lambda: write_script(fresh(work / "mdpo-cli") / "md2po.sh", mdpo_cli),
                outputs="out/*.pot",
                scale=len(names) / len(subset),
            ),
            Command(
                "translate-toolkit md2po",
                ctx.peer(
                    "translate.convert.md2po",
                    "--progress=none",
                    "-P",
                    "-i",
                    str(source),
                    "-o",
                    "out",
                ),
                work / "tt",
                lambda: fresh(work / "tt" / "out"),
                outputs="out/*.pot",
            ),
            Command(
                "po4a-updatepo (process per doc)",
                ("bash", "updatepo.sh"),
                work / "po4a",
                lambda: write_script(fresh(work / "po4a") / "updatepo.sh", po4a_lines),
                outputs="*.pot",
                scale=len(names) / len(subset),
            ),
        ),
        (
            Comparison("ours", "mdpo API (1 process)", max_ratio=1.0),
            Comparison("ours", "translate-toolkit md2po", max_ratio=0.5),
            Comparison("ours", "mdpo md2po (process per doc)"),
            Comparison("ours", "po4a-updatepo (process per doc)"),
        ),
    )


def msgmerge_lines(
    corpus: Corpus, folder: Path, option: str, names: list[str]
) -> list[tuple[str, ...]]:
    templates = corpus.edited / "templates"
    return [
        (
            "msgmerge",
            "--quiet",
            option,
            "--no-wrap",
            "-o",
            str(po),
            str(po),
            f"{templates}/{name}.pot",
        )
        for _, name, po in catalog_paths(corpus, folder / "locales")
        if name in names
    ]


def update_commands(ctx: Context, work: Path, pot2po: bool) -> list[Command]:
    corpus = ctx.corpus
    catalogs = corpus.project / "locales"
    templates = corpus.edited / "templates"

    names = corpus.names()
    sample = names[:SAMPLE]

    def loop(folder: Path, option: str, names: list[str]) -> None:
        fresh_copy(catalogs, folder / "locales")
        write_script(folder / "merge.sh", msgmerge_lines(corpus, folder, option, names))

    commands = [
        Command(
            "ours",
            ctx.ours(work / "ours", "update"),
            work / "ours",
            lambda: project_copy(corpus, work / "ours", edited=True),
        ),
        Command(
            "msgmerge --previous (loop)",
            ("bash", "merge.sh"),
            work / "msgmerge",
            lambda: loop(work / "msgmerge", "--previous", names),
        ),
        Command(
            "msgmerge --no-fuzzy-matching (loop)",
            ("bash", "merge.sh"),
            work / "msgmerge-exact",
            lambda: loop(work / "msgmerge-exact", "--no-fuzzy-matching", sample),
            scale=len(names) / len(sample),
        ),
    ]
    if not pot2po:
        return commands
    tt = [
        ctx.peer(
            "translate.convert.pot2po",
            "--progress=none",
            *(
                "-t",
                f"{catalogs}/{locale}/LC_MESSAGES",
                "-i",
                str(templates),
                "-o",
                f"out/{locale}",
            ),
        )
        for locale in corpus.locales
    ]
    return [
        *commands,
        Command(
            "pybabel update (1 process)",
            ctx.script("babel_update.py", str(templates), "locales", str(len(sample))),
            work / "babel",
            lambda: fresh_copy(catalogs, work / "babel" / "locales"),
            scale=len(names) / len(sample),
        ),
        Command(
            "translate-toolkit pot2po",
            ("bash", "pot2po.sh"),
            work / "tt",
            lambda: write_script(fresh(work / "tt" / "out").parent / "pot2po.sh", tt),
            outputs="out/*/*.po",
        ),
    ]


def update_stage(ctx: Context) -> Stage:
    return Stage(
        "update",
        "update after 10% edit",
        tuple(update_commands(ctx, ctx.work / "update", pot2po=True)),
        (
            Comparison("ours", "msgmerge --previous (loop)", max_ratio=0.5),
            Comparison("ours", "translate-toolkit pot2po", max_ratio=1.0),
            Comparison("ours", "msgmerge --no-fuzzy-matching (loop)"),
            Comparison("ours", "pybabel update (1 process)"),
            Comparison("ours", None, max_rss_mb=300),
        ),
    )


def long_stage(ctx: Context) -> Stage:
    return Stage(
        "update-long",
        "update after 10% edit",
        tuple(update_commands(ctx, ctx.work / "update-long", pot2po=False)),
        (
            Comparison("ours", "msgmerge --previous (loop)", max_ratio=0.1),
            Comparison("ours", "msgmerge --no-fuzzy-matching (loop)"),
        ),
    )


def coverage_stage(ctx: Context) -> Stage:
    corpus, work = ctx.corpus, ctx.work / "coverage"
    catalogs = corpus.project / "locales"
    msgfmt = [
        ("msgfmt", "--statistics", "-o", "/dev/null", str(po))
        for _, _, po in catalog_paths(corpus, catalogs)
    ]
    folders = [str(catalogs / locale / "LC_MESSAGES") for locale in corpus.locales]
    report = ("coverage", "--format", "json", "--output", "/dev/null")
    return Stage(
        "coverage",
        "coverage",
        (
            Command(
                "ours",
                ctx.ours(work / "ours", *report),
                work / "ours",
                lambda: project_copy(corpus, work / "ours"),
            ),
            Command(
                "ours --by words",
                ctx.ours(work / "ours", *report, "--by", "words"),
                work / "ours",
                lambda: project_copy(corpus, work / "ours"),
            ),
            Command(
                "msgfmt --statistics (loop)",
                ("bash", "msgfmt.sh"),
                work / "msgfmt",
                lambda: write_script(fresh(work / "msgfmt") / "msgfmt.sh", msgfmt, " 2>/dev/null"),
            ),
            Command("pocount", ctx.peer("translate.tools.pocount", *folders), work),
        ),
        (
            Comparison("ours", "msgfmt --statistics (loop)", max_ratio=1.0),
            Comparison("ours", "pocount", max_ratio=1.0),
            Comparison("ours --by words", "pocount", max_ratio=1.0),
        ),
    )


def check_stage(ctx: Context) -> Stage:
    corpus, work = ctx.corpus, ctx.work / "check"
    catalogs = corpus.project / "locales"
    pofilter = [
        ctx.peer(
            "translate.filters.pofilter",
            *("--progress=none", "-i", f"{catalogs}/{locale}/LC_MESSAGES", "-o", f"out/{locale}"),
        )
        for locale in corpus.locales
    ]
    return Stage(
        "check",
        "check",
        (
            Command(
                "ours",
                ctx.ours(work / "ours", "check", "--format", "json"),
                work / "ours",
                lambda: project_copy(corpus, work / "ours"),
                ok_status=frozenset({0, 1}),
            ),
            Command(
                "pofilter",
                ("bash", "pofilter.sh"),
                work / "pofilter",
                lambda: write_script(
                    fresh(work / "pofilter" / "out").parent / "pofilter.sh", pofilter
                ),
                outputs="out/*/*.po",
            ),
        ),
        (Comparison("ours", "pofilter", max_ratio=0.5),),
    )


def build_stage(ctx: Context) -> Stage:
    corpus, work = ctx.corpus, ctx.work / "build"
    project, names = corpus.project, corpus.names()
    catalogs = project / "locales"
    mdpo_api = [ctx.script("mdpo_build.py", str(project), "out", *corpus.locales)]
    mdpo_api += [
        ("msgfmt", "-o", f"out/{locale}/{name}.mo", str(po))
        for locale, name, po in catalog_paths(corpus, catalogs)
    ]
    subset = set(names[:SUBSET])
    mdpo_cli: list[tuple[str, ...]] = [
        ("mkdir", "-p", *(f"out/{locale}" for locale in corpus.locales))
    ]
    mdpo_cli += [
        ctx.peer("mdpo.po2md", f"{project}/source/{name}.md", *("-q", "-p", str(po)), "-s", out)
        for locale, name, po in catalog_paths(corpus, catalogs)
        if name in subset and (out := f"out/{locale}/{name}.md")
    ]
    po4a_lines: list[tuple[str, ...]] = [
        ("mkdir", "-p", *(f"out/{locale}" for locale in corpus.locales))
    ]
    po4a_lines += [
        po4a("po4a-translate", master, "-L", "UTF-8", "-k", "0", "-p", str(po), "-l", out)
        for locale, name, po in catalog_paths(corpus, catalogs)
        if name in subset
        and (master := project / "source" / f"{name}.md")
        and (out := f"out/{locale}/{name}.md")
    ]
    sample = names[:SAMPLE]
    tt = [
        ctx.peer(
            "translate.convert.po2md",
            *("--progress=none", "--no-placeholders", "-t", "sample/source"),
            *("-i", f"sample/{locale}", "-o", f"out/{locale}"),
        )
        for locale in corpus.locales
    ]

    def tt_setup() -> None:
        link_sample(corpus, sample, fresh(work / "tt") / "sample")
        (work / "tt" / "out").mkdir()
        write_script(work / "tt" / "po2md.sh", tt)

    return Stage(
        "build",
        "build",
        (
            Command(
                "ours",
                ctx.ours(work / "ours", "build"),
                work / "ours",
                lambda: project_copy(corpus, work / "ours"),
                outputs="bundles/manifest.json",
            ),
            Command(
                "ours, no-op rebuild", ctx.ours(work / "ours", "build"), work / "ours", after="ours"
            ),
            Command(
                "mdpo API + msgfmt (loop)",
                ("bash", "build.sh"),
                work / "mdpo-api",
                lambda: write_script(fresh(work / "mdpo-api") / "build.sh", mdpo_api),
                outputs="out/*/*.md",
            ),
            Command(
                "mdpo po2md (process per doc)",
                ("bash", "po2md.sh"),
                work / "mdpo-cli",
                lambda: write_script(fresh(work / "mdpo-cli") / "po2md.sh", mdpo_cli),
                outputs="out/*/*.md",
                scale=len(names) / len(subset),
            ),
            Command(
                "translate-toolkit po2md",
                ("bash", "po2md.sh"),
                work / "tt",
                tt_setup,
                outputs="out/*/*.md",
                scale=len(names) / len(sample),
            ),
            Command(
                "po4a-translate (process per doc)",
                ("bash", "translate.sh"),
                work / "po4a",
                lambda: write_script(fresh(work / "po4a") / "translate.sh", po4a_lines),
                outputs="out/*/*.md",
                scale=len(names) / len(subset),
            ),
        ),
        (
            Comparison("ours", "mdpo API + msgfmt (loop)", max_ratio=1.0),
            Comparison("ours", "mdpo po2md (process per doc)"),
            Comparison("ours", "translate-toolkit po2md"),
            Comparison("ours", "po4a-translate (process per doc)"),
            Comparison("ours", None, max_rss_mb=300),
            Comparison("ours, no-op rebuild", "ours", max_ratio=0.1),
        ),
        notes=(
            "ours writes Markdown, JSON and .mo; mdpo API + msgfmt writes Markdown and .mo;"
            " the other peers write Markdown only",
        ),
    )


STAGES: dict[str, Callable[[Context], Stage]] = {
    "floor": floor_stage,
    "extract": extract_stage,
    "update": update_stage,
    "coverage": coverage_stage,
    "check": check_stage,
    "build": build_stage,
}
