"""The stages that read catalogs: coverage, check, and build (with the no-op rebuild).

Each function returns the `Stage` for one corpus; see `benchmarks/README.md` for how each
peer is invoked and why.
"""

from __future__ import annotations

from benchmarks.stages import (
    SUBSET,
    Command,
    Comparison,
    Context,
    Stage,
    catalog_paths,
    extracted_copy,
    fresh,
    link_sample,
    po4a,
    project_copy,
    write_script,
    xargs_script,
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
            Command(
                "msgfmt --statistics (xargs -P)",
                ("bash", "msgfmt.sh"),
                work / "msgfmt-xargs",
                lambda: xargs_script(
                    fresh(work / "msgfmt-xargs") / "msgfmt.sh",
                    ("msgfmt", "--statistics", "-o", "/dev/null"),
                    [(str(po),) for _, _, po in catalog_paths(corpus, catalogs)],
                    " 2>/dev/null",
                ),
            ),
            Command("pocount", ctx.peer("translate.tools.pocount", *folders), work),
        ),
        (
            Comparison(
                "ours",
                "msgfmt --statistics (loop)",
                max_ratio=1.0,
                faster_of=("msgfmt --statistics (loop)", "msgfmt --statistics (xargs -P)"),
            ),
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


COLD = "ours, nothing parsed before"


def build_stage(ctx: Context) -> Stage:
    corpus, work = ctx.corpus, ctx.work / "build"
    project, names = corpus.project, corpus.names()
    catalogs = project / "locales"
    mdpo_api = [ctx.script("mdpo_build.py", str(project), "out", *corpus.locales)]
    msgfmt = [
        (f"out/{locale}/{name}.mo", str(po)) for locale, name, po in catalog_paths(corpus, catalogs)
    ]
    mdpo_loop = [*mdpo_api, *(("msgfmt", "-o", *pair) for pair in msgfmt)]

    def mdpo_xargs() -> None:
        folder = fresh(work / "mdpo-xargs")
        xargs_script(folder / "msgfmt.sh", ("msgfmt", "-o"), msgfmt)
        write_script(folder / "build.sh", [*mdpo_api, ("bash", "msgfmt.sh")])

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
    tt = [
        ctx.peer(
            "translate.convert.po2md",
            *("--progress=none", "--no-placeholders", "-t", "sample/source"),
            *("-i", f"sample/{locale}", "-o", f"out/{locale}"),
        )
        for locale in corpus.locales
    ]

    def tt_setup() -> None:
        link_sample(corpus, names, fresh(work / "tt") / "sample")
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
                lambda: extracted_copy(ctx, work / "ours"),
                outputs="bundles/manifest.json",
            ),
            Command(
                "ours, no-op rebuild", ctx.ours(work / "ours", "build"), work / "ours", after="ours"
            ),
            Command(
                COLD,
                ctx.ours(work / "ours-cold", "build"),
                work / "ours-cold",
                lambda: extracted_copy(ctx, work / "ours-cold", extracted=False),
                outputs="bundles/manifest.json",
            ),
            Command(
                "mdpo API + msgfmt (loop)",
                ("bash", "build.sh"),
                work / "mdpo-api",
                lambda: write_script(fresh(work / "mdpo-api") / "build.sh", mdpo_loop),
                outputs="out/*/*.md",
            ),
            Command(
                "mdpo API + msgfmt (xargs -P)",
                ("bash", "build.sh"),
                work / "mdpo-xargs",
                mdpo_xargs,
                outputs="out/*/*.mo",
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
            Comparison(
                "ours",
                "mdpo API + msgfmt (loop)",
                max_ratio=1.0,
                faster_of=("mdpo API + msgfmt (loop)", "mdpo API + msgfmt (xargs -P)"),
            ),
            Comparison(
                COLD,
                "mdpo API + msgfmt (loop)",
                faster_of=("mdpo API + msgfmt (loop)", "mdpo API + msgfmt (xargs -P)"),
            ),
            Comparison("ours", "translate-toolkit po2md"),
            Comparison("ours", "mdpo po2md (process per doc)", reference=True),
            Comparison("ours", "po4a-translate (process per doc)", reference=True),
            Comparison("ours", None, max_rss_mb=300),
            Comparison("ours, no-op rebuild", "ours", max_ratio=0.1),
        ),
        notes=(
            "ours writes Markdown, JSON and .mo; mdpo API + msgfmt writes Markdown and .mo;"
            " the other peers write Markdown only",
            "ours builds where an untimed extract ran, as in a project (its templates are what"
            " the catalogs were made from), so the sources' parse is in the source cache; the"
            f" row '{COLD}' (no target) builds without it",
        ),
    )


SITES = """
sites:
  hugo: {generator: hugo, output: sites/hugo}
  mkdocs: {generator: mkdocs, output: sites/mkdocs}
  docusaurus: {generator: docusaurus, output: sites/docusaurus}
  starlight: {generator: starlight, output: sites/starlight}
"""


def sites_stage(ctx: Context) -> Stage:
    """A fresh `build` with the four site outputs against the same build without them."""
    corpus, work = ctx.corpus, ctx.work / "sites"

    def with_sites() -> None:
        project_copy(corpus, work / "with-sites")
        with (work / "with-sites" / "pipeline.yaml").open("a", encoding="utf-8") as config:
            config.write(SITES)

    return Stage(
        "sites",
        "build with site outputs",
        (
            Command(
                "ours, bundles only",
                ctx.ours(work / "bundles", "build"),
                work / "bundles",
                lambda: project_copy(corpus, work / "bundles"),
                outputs="bundles/manifest.json",
            ),
            Command(
                "ours, bundles + four sites",
                ctx.ours(work / "with-sites", "build"),
                work / "with-sites",
                with_sites,
                outputs="sites/*/.pipeline-site.json",
            ),
        ),
        (Comparison("ours, bundles + four sites", "ours, bundles only", max_ratio=1.3),),
        notes=("Hugo, MkDocs, Docusaurus and Starlight outputs, every document in every language",),
    )
