"""The stages that start from the sources: the floor, extract, and update after an edit.

Each function returns the `Stage` for one corpus; see `benchmarks/README.md` for how each
peer is invoked and why.
"""

from __future__ import annotations

from pathlib import Path

from benchmarks.stages import (
    SAMPLE,
    SUBSET,
    Command,
    Comparison,
    Context,
    Stage,
    catalog_paths,
    fresh,
    po4a,
    project_copy,
    write_script,
)
from benchmarks.workspace import Corpus, fresh_copy


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
    loop_label = " (loop)" if len(names) > 1 else ""

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
            f"msgmerge --previous{loop_label}",
            ("bash", "merge.sh"),
            work / "msgmerge",
            lambda: loop(work / "msgmerge", "--previous", names),
        ),
        Command(
            f"msgmerge --no-fuzzy-matching{loop_label}",
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
            Comparison("ours", "msgmerge --previous", max_ratio=0.1),
            Comparison("ours", "msgmerge --no-fuzzy-matching"),
        ),
    )
