"""The stages that start from the sources: the floor, extract, and update after an edit.

Each function returns the `Stage` for one corpus; see `benchmarks/README.md` for how each
peer is invoked and why.
"""

from __future__ import annotations

from pathlib import Path

import polib

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
    xargs_script,
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
            Comparison("ours", "mdpo md2po (process per doc)", reference=True),
            Comparison("ours", "po4a-updatepo (process per doc)", reference=True),
        ),
    )


def msgmerge_arguments(corpus: Corpus, folder: Path, names: list[str]) -> list[tuple[str, ...]]:
    """(output, old catalog, new template) for each catalog of `names` under `folder`."""
    templates = corpus.edited / "templates"
    return [
        (str(po), str(po), f"{templates}/{name}.pot")
        for _, name, po in catalog_paths(corpus, folder / "locales")
        if name in names
    ]


MSGMERGE = ("msgmerge", "--quiet")
EXHAUSTIVE = {"PIPELINE_EXHAUSTIVE_MATCHING": "1"}


def update_commands(ctx: Context, work: Path, pot2po: bool) -> list[Command]:
    corpus = ctx.corpus
    catalogs = corpus.project / "locales"
    templates = corpus.edited / "templates"

    names = corpus.names()
    sample = names[:SAMPLE]
    loop_label = " (loop)" if len(names) > 1 else ""

    def loop(folder: Path, option: str, names: list[str], parallel: bool = False) -> None:
        fresh_copy(catalogs, folder / "locales")
        prefix = (*MSGMERGE, option, "--no-wrap", "-o")
        arguments = msgmerge_arguments(corpus, folder, names)
        if parallel:
            xargs_script(folder / "merge.sh", prefix, arguments)
        else:
            write_script(folder / "merge.sh", [(*prefix, *group) for group in arguments])

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
        return [
            *commands,
            Command(
                "ours, exhaustive matching",
                ctx.ours(work / "exhaustive", "update"),
                work / "exhaustive",
                lambda: project_copy(corpus, work / "exhaustive", edited=True),
                env=EXHAUSTIVE,
            ),
        ]
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
            "msgmerge --previous (xargs -P)",
            ("bash", "merge.sh"),
            work / "msgmerge-xargs",
            lambda: loop(work / "msgmerge-xargs", "--previous", names, parallel=True),
        ),
        Command(
            "pybabel update (1 process)",
            ctx.script("babel_update.py", str(templates), "locales"),
            work / "babel",
            lambda: fresh_copy(catalogs, work / "babel" / "locales"),
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
            Comparison(
                "ours",
                "msgmerge --previous (loop)",
                max_ratio=0.5,
                faster_of=("msgmerge --previous (loop)", "msgmerge --previous (xargs -P)"),
            ),
            Comparison("ours", "translate-toolkit pot2po", max_ratio=1.0),
            Comparison("ours", "msgmerge --no-fuzzy-matching (loop)"),
            Comparison("ours", "pybabel update (1 process)"),
            Comparison("ours", None, max_rss_mb=300),
        ),
    )


def long_stage(ctx: Context) -> Stage:
    work = ctx.work / "update-long"
    return Stage(
        "update-long",
        "update after 10% edit",
        tuple(update_commands(ctx, work, pot2po=False)),
        (
            Comparison("ours", "msgmerge --previous", max_ratio=0.1),
            Comparison("ours", "msgmerge --no-fuzzy-matching"),
            Comparison("ours, exhaustive matching", "msgmerge --previous"),
        ),
        summary=lambda: fuzzy_agreement(
            work / "msgmerge", {"ours": work / "ours", "ours, exhaustive": work / "exhaustive"}
        ),
    )


def fuzzy_matches(folder: Path) -> set[tuple[str, str, str]]:
    """(msgctxt, msgid, `#|` msgid) of every fuzzy entry with a previous msgid under `folder`."""
    found = set()
    for path in sorted(folder.glob("locales/*/LC_MESSAGES/*.po")):
        for entry in polib.pofile(str(path), wrapwidth=0):
            if entry.fuzzy and entry.previous_msgid:
                found.add((entry.msgctxt or "", entry.msgid, entry.previous_msgid))
    return found


def fuzzy_agreement(reference: Path, ours: dict[str, Path]) -> list[str]:
    """How many of msgmerge's fuzzy matches (same entry, same `#|` msgid) each of ours finds."""
    theirs = fuzzy_matches(reference)
    if not theirs:
        return []
    counts = []
    for label, folder in ours.items():
        mine = fuzzy_matches(folder)
        counts.append(f"{label} {len(theirs & mine):,} (of its {len(mine):,})")
    return [f"msgmerge --previous made {len(theirs):,} fuzzy matches; found: {', '.join(counts)}"]
