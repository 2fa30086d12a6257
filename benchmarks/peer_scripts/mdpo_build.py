"""mdpo's Python API rebuilding every localized document in one process.

    python mdpo_build.py PROJECT_DIR OUTPUT_DIR LOCALE...

Runs in the peers' venv: for each locale and document, `pofile_to_markdown` reads
`PROJECT_DIR/locales/<locale>/LC_MESSAGES/<doc>.po` and writes `OUTPUT_DIR/<locale>/<doc>.md`.
The bench runs a `msgfmt` loop after it for the `.mo` files.
"""

from __future__ import annotations

import sys
from pathlib import Path

from mdpo.po2md import pofile_to_markdown  # type: ignore[import-not-found]


def main() -> None:
    project, output, locales = Path(sys.argv[1]), Path(sys.argv[2]), sys.argv[3:]
    sources = sorted((project / "source").glob("*.md"))
    for locale in locales:
        folder = output / locale
        folder.mkdir(parents=True, exist_ok=True)
        catalogs = project / "locales" / locale / "LC_MESSAGES"
        for path in sources:
            catalog = catalogs / f"{path.stem}.po"
            pofile_to_markdown(str(path), str(catalog), save=str(folder / path.name))


if __name__ == "__main__":
    main()
