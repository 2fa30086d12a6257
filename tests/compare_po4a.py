"""`pipeline import` and po4a's `po4a-gettextize` on the same real translated documents: a table.

Not a test (no `test_` prefix): it needs po4a (Debian's `po4a` package). Run from the root:

    .venv/bin/python -m tests.compare_po4a

For every English document of tests/data/translated and each of its translations,
po4a-gettextize is run for real (`-f text -o markdown`, front matter keys title and
description, UTF-8) and either writes a catalog (every entry fuzzy, by design) or refuses the
pair because the two documents' structures differ. Ours is the aligner of `pipeline import` on
the same pair. Where a gold alignment exists (tests/data/import-gold), both are also scored
against it: entries whose pairing the gold confirms.
"""

from __future__ import annotations

import subprocess
import tempfile
from collections import Counter
from pathlib import Path

from pipeline.po_reader import read_po
from tests.import_gold import GOLD, LANGUAGES, TRANSLATED, Case, align_case

OPTIONS = ("-f", "text", "-o", "markdown", "-o", "yfm_keys=title,description")


def po4a(english: Path, translated: Path, folder: Path) -> tuple[int, int] | None:
    """(fuzzy, translated) entries po4a-gettextize writes, or None when it refuses the pair."""
    out = folder / "out.po"
    command = ["po4a-gettextize", *OPTIONS, "-M", "UTF-8", "-L", "UTF-8"]
    command += ["-m", str(english), "-l", str(translated), "-p", str(out)]
    done = subprocess.run(command, cwd=folder, capture_output=True, text=True, check=False)
    if done.returncode != 0 or not out.exists():
        return None
    messages = [m for m in read_po(out).messages if m.msgstr]
    return sum(m.fuzzy for m in messages), sum(m.translated for m in messages)


def main() -> None:
    rows: Counter[str] = Counter()
    with tempfile.TemporaryDirectory() as tmp:
        for collection in sorted(p for p in TRANSLATED.iterdir() if p.is_dir()):
            for english in sorted((collection / "en").rglob("*.md*")):
                path = english.relative_to(collection / "en")
                for lang in LANGUAGES:
                    translated = collection / lang / path
                    folder = Path(tmp) / collection.name / lang / path
                    folder.mkdir(parents=True)
                    gold = GOLD / collection.name / lang / f"{path}.tsv"
                    tally(rows, english, translated, folder, gold.exists())
    for key in sorted(rows):
        print(f"{key}: {rows[key]}")


def tally(rows: Counter[str], english: Path, translated: Path, folder: Path, gold: bool) -> None:
    sets = ("all", "gold") if gold else ("all",)
    found = po4a(english, translated, folder)
    pairings = align_case(Case(english, translated, Path()))
    for name in sets:
        rows[f"{name} documents"] += 1
        if found is None:
            rows[f"{name} po4a refused"] += 1
        else:
            rows[f"{name} po4a accepted"] += 1
            rows[f"{name} po4a entries fuzzy"] += found[0]
            rows[f"{name} po4a entries translated"] += found[1]
        for pairing in pairings:
            if pairing.english and pairing.translated:
                rows[f"{name} ours blocks {pairing.state}"] += len(pairing.english)
            elif pairing.english:
                rows[f"{name} ours blocks english only"] += len(pairing.english)
            else:
                rows[f"{name} ours blocks translation only"] += len(pairing.translated)


if __name__ == "__main__":
    main()
