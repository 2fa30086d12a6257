"""The interchange stage: XLIFF export + import of every catalog, against `pipeline update` of
the same corpus and translate-toolkit's po2xliff + xliff2po on the same catalogs.

Issue 14's targets: ours at most 2x our own `update` (XLIFF must not be the slow step of a
release), and faster than translate-toolkit's round trip.
"""

from __future__ import annotations

import shlex

from benchmarks.stages import Command, Comparison, Context, Stage, project_copy, write_script

EXPORT_IMPORT = "ours xliff export + import"
UPDATE = "pipeline update (same corpus)"
TT = "translate-toolkit po2xliff + xliff2po"


def xliff_stage(ctx: Context) -> Stage:
    corpus, work = ctx.corpus, ctx.work / "xliff"
    ours_dir, update_dir, tt_dir = work / "ours", work / "update", work / "tt"
    ours = [
        ctx.ours(ours_dir, "xliff", "export", "-o", str(ours_dir / "xliff")),
        ctx.ours(ours_dir, "xliff", "import"),
    ]
    tt: list[tuple[str, ...]] = []
    for locale in corpus.locales:
        catalogs = corpus.project / "locales" / locale / "LC_MESSAGES"
        xliff, back = f"xliff/{locale}", f"back/{locale}"
        # Their console scripts: these two modules have no `__main__` guard, so `-m` does nothing.
        scripts = ctx.python.parent
        tt.append((str(scripts / "po2xliff"), "--progress=none", "-i", str(catalogs), "-o", xliff))
        tt.append((str(scripts / "xliff2po"), "--progress=none", "-i", xliff, "-o", back))

    def ours_setup() -> None:
        project_copy(corpus, ours_dir)
        # The import takes every file the export wrote: bash expands the glob at run time.
        write_script(ours_dir / "roundtrip.sh", [ours[0]])
        with (ours_dir / "roundtrip.sh").open("a") as script:
            script.write(shlex.join(ours[1]) + " xliff/*/*.xlf\n")

    def tt_setup() -> None:
        project_copy(corpus, tt_dir)
        for folder in ("xliff", "back"):
            (tt_dir / folder).mkdir(exist_ok=True)
        write_script(tt_dir / "roundtrip.sh", tt)

    return Stage(
        "xliff",
        "xliff export + import",
        (
            Command(EXPORT_IMPORT, ("bash", "roundtrip.sh"), ours_dir, ours_setup),
            Command(
                UPDATE,
                ctx.ours(update_dir, "update"),
                update_dir,
                lambda: project_copy(corpus, update_dir),
            ),
            Command(TT, ("bash", "roundtrip.sh"), tt_dir, tt_setup, outputs="back/*/*.po"),
        ),
        (
            Comparison(EXPORT_IMPORT, UPDATE, max_ratio=2.0),
            Comparison(EXPORT_IMPORT, TT, max_ratio=1.0),
        ),
        ("1 file per locale and document; import of unchanged files writes nothing.",),
    )
