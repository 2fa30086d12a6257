"""The gold alignments of real translated documents (tests/data/import-gold), and how to score.

A gold file `<set>/<lang>/<path>.tsv` lists the pairings of one translated document with its
English source, in English order, one per line: English blocks, a tab, translated blocks, a tab
and an excerpt of both for the reader. Blocks are written by their 1-based line, `line.k` for the
k-th of several on one line (table cells); `-` is no block. Each file was checked by hand against
both documents. `python -m tests.import_gold DRAFT_FOLDER` writes the aligner's output in this
form, as a starting point for a new gold file, never over an existing one.
"""

from __future__ import annotations

import sys
from collections.abc import Sequence
from dataclasses import dataclass
from pathlib import Path

from pipeline.extract.documents import parse_document
from pipeline.extract.segments import Segment, build_segments
from pipeline.interchange.pairing import Pairing, pair_segments

DATA = Path(__file__).parent / "data"
TRANSLATED = DATA / "translated"
GOLD = DATA / "import-gold"
KEYS = ("title", "description")
LANGUAGES = {"ko": "ko", "ja": "ja", "zh-cn": "zh_Hans"}


@dataclass(frozen=True, slots=True)
class Case:
    english: Path
    translated: Path
    gold: Path


def cases() -> list[Case]:
    """Every document with a gold file, in a stable order."""
    found = []
    for gold in sorted(GOLD.rglob("*.tsv")):
        collection, lang, *rest = gold.relative_to(GOLD).with_suffix("").parts
        path = Path(*rest)
        found.append(
            Case(TRANSLATED / collection / "en" / path, TRANSLATED / collection / lang / path, gold)
        )
    return found


def read_segments(path: Path, keys: Sequence[str] | None = None) -> tuple[object, list[Segment]]:
    document = parse_document(path.read_bytes(), path, path.stem, path.name)
    wanted = keys if keys is not None else tuple(dict.fromkeys(f.key for f in document.fields))
    return document, build_segments(document, wanted)


def align_case(case: Case) -> list[Pairing]:
    english, english_segments = read_segments(case.english, KEYS)
    translated, translated_segments = read_segments(case.translated)
    return pair_segments(english, english_segments, translated, translated_segments)  # type: ignore[arg-type]


def refs(segments: Sequence[Segment]) -> dict[int, str]:
    """Each segment's name in gold files, by its position: its line, or line.k on a shared line."""
    per_line: dict[int, list[int]] = {}
    for segment in segments:
        per_line.setdefault(segment.line, []).append(id(segment))
    names = {}
    for segment in segments:
        same = per_line[segment.line]
        suffix = f".{same.index(id(segment)) + 1}" if len(same) > 1 else ""
        names[id(segment)] = f"{segment.line}{suffix}"
    return names


def pairing_refs(pairings: Sequence[Pairing]) -> list[tuple[str, str, str, str]]:
    """(English refs, translated refs, state, excerpt) of each pairing."""
    english = refs([s for p in pairings for s in p.english])
    translated = refs([s for p in pairings for s in p.translated])
    rows = []
    for p in pairings:
        left = ",".join(english[id(s)] for s in p.english) or "-"
        right = ",".join(translated[id(s)] for s in p.translated) or "-"
        excerpt = " / ".join(_short(s.text) for s in (*p.english[:1], *p.translated[:1]))
        rows.append((left, right, p.state, excerpt))
    return rows


def _short(text: str) -> str:
    text = " ".join(text.split())
    return text if len(text) <= 40 else text[:39] + "…"


def read_gold(path: Path) -> list[tuple[str, str]]:
    rows = []
    for line in path.read_text("utf-8").splitlines():
        if line.strip() and not line.startswith("#"):
            left, right, *_ = line.split("\t")
            rows.append((left, right))
    return rows


@dataclass(frozen=True, slots=True)
class Score:
    blocks: int
    agreeing: int
    wrong_translated: tuple[str, ...]
    """Pairings imported as translated that the gold does not have."""


def score(gold: Sequence[tuple[str, str]], ours: Sequence[tuple[str, str, str, str]]) -> Score:
    """Blocks (of both sides) whose counterparts are the ones the gold gives them."""
    expected = _partners(gold)
    found = _partners([(left, right) for left, right, _, _ in ours])
    blocks = set(expected) | set(found)
    agreeing = sum(expected.get(b) == found.get(b) for b in blocks)
    pairs = set(gold)
    wrong = tuple(
        f"{left} -> {right}"
        for left, right, state, _ in ours
        if state == "translated" and (left, right) not in pairs
    )
    return Score(len(blocks), agreeing, wrong)


def _partners(rows: Sequence[tuple[str, str]]) -> dict[str, str]:
    partners = {}
    for left, right in rows:
        for ref in left.split(","):
            if ref != "-":
                partners["en " + ref] = right
        for ref in right.split(","):
            if ref != "-":
                partners["tr " + ref] = left
    return partners


def write_drafts(folder: Path) -> None:
    for collection in sorted(p for p in TRANSLATED.iterdir() if p.is_dir()):
        for english in sorted((collection / "en").rglob("*.md*")):
            path = english.relative_to(collection / "en")
            for lang in LANGUAGES:
                translated = collection / lang / path
                target = folder / collection.name / lang / f"{path}.tsv"
                if not translated.exists() or target.exists():
                    continue
                rows = pairing_refs(align_case(Case(english, translated, target)))
                target.parent.mkdir(parents=True, exist_ok=True)
                lines = [
                    f"{left}\t{right}\t{state[:5]} {excerpt}"
                    for left, right, state, excerpt in rows
                ]
                target.write_text("\n".join(lines) + "\n", "utf-8")


if __name__ == "__main__":
    write_drafts(Path(sys.argv[1]))
