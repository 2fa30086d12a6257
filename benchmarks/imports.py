"""The import stage: existing translated Markdown into one locale, against our own extract.

The issue's target is relative to ourselves: importing 1,000 translated documents into one
locale may take at most twice a `pipeline extract` of the same documents, measured in the same
run. The translated documents are the corpus's own Korean (first locale) bundles, built once,
untimed, with every catalog translation in them (70% of the messages; the rest stays English,
as in a site whose translation is not finished). The import goes into a project whose catalogs
for that locale are gone, so every document is aligned and every catalog written.
"""

from __future__ import annotations

import shutil
import subprocess

from benchmarks.stages import Command, Comparison, Context, Stage, project_copy


def import_stage(ctx: Context) -> Stage:
    corpus, work = ctx.corpus, ctx.work / "import"
    locale = corpus.locales[0]
    translated = work / "translated"

    def translations() -> None:
        if translated.exists():
            return
        built = work / "built"
        project_copy(corpus, built)
        build = ctx.ours(built, "build", "--locale", locale, "--min-coverage", "0")
        subprocess.run(build, check=True, capture_output=True)
        shutil.copytree(built / "bundles" / locale.replace("_", "-"), translated)
        shutil.rmtree(built)

    def import_setup() -> None:
        translations()
        project_copy(corpus, work / "ours-import")
        shutil.rmtree(work / "ours-import" / "locales" / locale)

    return Stage(
        "import",
        f"import: translated Markdown into one locale ({locale})",
        (
            Command(
                "ours extract",
                ctx.ours(work / "ours-extract", "extract"),
                work / "ours-extract",
                lambda: project_copy(corpus, work / "ours-extract", templates=False),
                outputs="locales/templates/*.pot",
            ),
            Command(
                "ours import",
                ctx.ours(work / "ours-import", "import", locale, str(translated)),
                work / "ours-import",
                import_setup,
                outputs=f"locales/{locale}/LC_MESSAGES/*.po",
            ),
        ),
        (Comparison("ours import", "ours extract", max_ratio=2.0),),
        notes=(
            "same documents, same run: extract reads and segments them once; import reads "
            "and segments the source and its translation, aligns them and writes the catalogs",
        ),
    )
