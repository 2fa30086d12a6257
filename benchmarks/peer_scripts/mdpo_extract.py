"""mdpo's Python API extracting every document in one process: `md2po` without its start-up.

    python mdpo_extract.py SOURCE_DIR OUTPUT_DIR

Runs in the peers' venv. One template per document, as mdpo's `markdown_to_pofile` writes it
(its defaults: line numbers in references, wrapped at 78 columns).
"""

from __future__ import annotations

import sys
from pathlib import Path

from mdpo.md2po import markdown_to_pofile  # type: ignore[import-not-found]


def main() -> None:
    source, output = Path(sys.argv[1]), Path(sys.argv[2])
    output.mkdir(parents=True, exist_ok=True)
    for path in sorted(source.glob("*.md")):
        target = output / f"{path.stem}.pot"
        markdown_to_pofile(str(path), po_filepath=str(target), save=True)


if __name__ == "__main__":
    main()
