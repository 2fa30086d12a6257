"""The import stage: existing translated Markdown into one locale, against our own extract.

The issue's target is relative to ourselves: importing 1,000 translated documents into one
locale may take at most twice a `pipeline extract` of the same documents, measured in the same
run. The translated documents are the corpus's own Korean (first locale) bundles, built once,
untimed, with every catalog translation in them (70% of the messages; the rest stays English,
as in a site whose translation is not finished). The import goes into a project whose catalogs
for that locale are gone, so every document is aligned and every catalog written. That project
is as `make` leaves one: `extract` has run (untimed), so the English sources' parse is in the
source cache and import parses only the translations. A second row imports into a project
where nothing was parsed before (no target: it shows what the cache saves).
"""

from __future__ import annotations

import functools
import shutil
import subprocess
from pathlib import Path

from benchmarks.stages import Command, Comparison, Context, Stage, extracted_copy, project_copy
from benchmarks.workspace import discard

COLD = "ours import, nothing parsed before"


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
        discard(built)

    def import_setup(folder: Path, extracted: bool) -> None:
        translations()
        extracted_copy(ctx, folder, extracted)
        discard(folder / "locales" / locale)

    def import_command(tool: str, folder: Path, extracted: bool) -> Command:
        return Command(
            tool,
            ctx.ours(folder, "import", locale, str(translated)),
            folder,
            functools.partial(import_setup, folder, extracted),
            outputs=f"locales/{locale}/LC_MESSAGES/*.po",
        )

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
            import_command("ours import", work / "ours-import", extracted=True),
            import_command(COLD, work / "ours-import-cold", extracted=False),
        ),
        (
            Comparison("ours import", "ours extract", max_ratio=2.0),
            Comparison(COLD, "ours extract"),
        ),
        notes=(
            "same documents, same run: extract reads and segments them once; import reads "
            "the English sources from the cache the untimed extract left (the row without "
            "a target parses them again), segments each translation, aligns the two and "
            "writes the catalogs",
        ),
    )
