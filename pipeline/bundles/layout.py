"""Where a pair's bundle files live under bundles/, and the removal of those no build wants."""

from __future__ import annotations

from pathlib import Path, PurePosixPath

from pipeline.bundles.manifest import Bundle
from pipeline.extract.documents import SOURCE_SUFFIXES
from pipeline.files import remove_file
from pipeline.locales import LocaleInfo

MO_HOME = "locale"
"""bundles/locale/ is a gettext locale directory: `gettext.translation(doc, "bundles/locale",
[id])` finds `<id>/LC_MESSAGES/<doc>.mo`, so the folders are gettext identifiers, not BCP 47."""


def bundle_paths(doc_id: str, info: LocaleInfo, suffix: str = ".md") -> dict[str, str]:
    """Where the files of a pair live, relative to bundles/; the document keeps its source's
    suffix (`.mdx` stays MDX)."""
    return {
        "markdown": f"{info.tag}/{doc_id}{suffix}",
        "json": f"{info.tag}/{doc_id}.json",
        "mo": f"{MO_HOME}/{info.id}/LC_MESSAGES/{doc_id}.mo",
    }


def remove_gone(
    bundles_dir: Path,
    previous: dict[tuple[str, str], Bundle],
    records: dict[tuple[str, str], Bundle],
    selected: list[LocaleInfo],
    *,
    scan: bool = True,
) -> list[Path]:
    """Remove bundle files no record wants: those the last manifest listed, and (`scan`) any
    bundle-like file in a built locale's folder. Other files (a coverage report, say) stay."""
    wanted = {f.path for record in records.values() for f in record.files}
    candidates = {f.path for record in previous.values() for f in record.files}
    folders = [bundles_dir / info.tag for info in selected] if scan else []
    folders += [bundles_dir / MO_HOME / info.id for info in selected] if scan else []
    for folder in folders:
        if folder.is_dir():
            candidates.update(
                p.relative_to(bundles_dir).as_posix()
                for p in folder.rglob("*")
                if p.suffix in (*SOURCE_SUFFIXES, ".json", ".mo") and p.is_file()
            )
    removed = []
    for relative in sorted(candidates - wanted):
        parts = PurePosixPath(relative).parts
        path = bundles_dir / relative
        if relative.startswith("/") or ".." in parts or not path.is_file():
            continue  # never outside bundles/, whatever an edited manifest says
        remove_file(path)
        removed.append(path)
        prune(path.parent, bundles_dir)
    return removed


def prune(folder: Path, stop: Path) -> None:
    """Remove folders left empty, up to (not including) bundles/."""
    while folder != stop and folder.is_relative_to(stop) and not any(folder.iterdir()):
        folder.rmdir()
        folder = folder.parent
