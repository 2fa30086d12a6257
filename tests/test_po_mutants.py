"""The PO reader against GNU gettext on mutants of real catalogs (SPEC invariant 3).

Seeded mutants of the project's catalogs and of the canonical test catalogs: a few entries each
(small files keep the msgfmt calls quick), with one to three edits that matter to a PO lexer
(quotes, backslashes, CR and LF, NUL, `#~`, `#|`, keywords, indices, lines swapped, duplicated
or removed). For each, `msgfmt --check` is the referee:

- a file msgfmt rejects as fatal is rejected by `parse_po` too;
- a file it accepts is read, written back byte for byte as `msgcat --no-wrap` writes it, and
  what we write reads back to itself (a fixed point of `update`). Where msgcat's own output is
  not a fixed point of msgcat (see `gettext_is_a_fixed_point`), stability wins.
- Documented exception: we read UTF-8 only, so a non-UTF-8 charset or invalid UTF-8 that
  msgfmt lets through is refused.

msgfmt checks one file per call, so the calls run in parallel threads.
"""

from __future__ import annotations

import os
import random
import re
import shutil
import subprocess
import tempfile
from concurrent.futures import ThreadPoolExecutor
from dataclasses import dataclass
from pathlib import Path

import pytest

from pipeline.errors import PipelineError
from pipeline.po import render_po
from pipeline.po_reader import parse_po

REPO = Path(__file__).parent.parent
SEED = int(os.environ.get("PO_MUTANT_SEED", "19"))
MUTANTS = 5_000
"""Distinct mutants judged per run (issue 19: at least 5,000 per CI run, seeded)."""
PIECES = (
    *(
        '"',
        '\\"',
        "\\",
        "\\\n",
        "\\\r\n",
        "\n",
        "\r\n",
        "\r",
        "\0",
        "#",
        "#~ ",
        "#| ",
        "#, fuzzy\n",
    ),
    *("#. ", "#: ", "# ", " ", "\t", "\\n", "\\t", "\\x41", "\\101", "\\q", "msgid ", "msgstr "),
    *("msgctxt ", "msgid_plural ", "msgstr[0] ", "msgstr[1] ", "[", "]", "0", '""', "\n\n"),
    *(" # note", "\u00e9", "한", "\xff"),
)

needs_gettext = pytest.mark.skipif(shutil.which("msgfmt") is None, reason="needs GNU gettext")


@dataclass(frozen=True, slots=True)
class Verdict:
    data: bytes
    msgfmt_accepts: bool
    msgfmt_says: str
    msgcat: bytes | None


def seed_catalogs() -> list[list[bytes]]:
    """Each real catalog as its entries (blocks between blank lines), header first."""
    paths = sorted(REPO.glob("locales/*/LC_MESSAGES/*.po"))
    paths += sorted((REPO / "tests/data/po/canonical").glob("*.po"))
    return [re.split(rb"\n\n+", path.read_bytes().strip(b"\n")) for path in paths]


def mutant(rng: random.Random, catalogs: list[list[bytes]]) -> bytes:
    blocks = rng.choice(catalogs)
    header, entries = blocks[0], blocks[1:]
    start = rng.randrange(max(len(entries) - 3, 1))
    data = b"\n\n".join([header, *entries[start : start + rng.randint(1, 4)]]) + b"\n"
    for _ in range(rng.randint(1, 3)):
        data = edit(rng, data)
    return data


def edit(rng: random.Random, data: bytes) -> bytes:
    at = rng.randrange(len(data) + 1)
    kind = rng.randrange(6)
    if kind <= 1:  # insert a piece of PO syntax
        return data[:at] + rng.choice(PIECES).encode("utf-8", "surrogateescape") + data[at:]
    if kind == 2:  # delete a few bytes
        return data[:at] + data[at + rng.randint(1, 4) :]
    lines = data.split(b"\n")
    index = rng.randrange(len(lines))
    if kind == 3:  # duplicate a line
        lines.insert(index, lines[index])
    elif kind == 4:  # drop a line
        del lines[index]
    else:  # swap two lines
        other = rng.randrange(len(lines))
        lines[index], lines[other] = lines[other], lines[index]
    return b"\n".join(lines)


def judge(data: bytes, folder: Path, number: int) -> Verdict:
    path = folder / f"m{number}.po"
    path.write_bytes(data)
    check = subprocess.run(
        ["msgfmt", "--check", "-o", os.devnull, str(path)], capture_output=True, check=False
    )
    says = check.stderr.decode("utf-8", "replace")
    if check.returncode:
        return Verdict(data, False, says, None)
    cat = subprocess.run(
        ["msgcat", "--no-wrap", "--force-po", str(path)], capture_output=True, check=False
    )
    return Verdict(data, True, says, cat.stdout if cat.returncode == 0 else None)


# We read UTF-8 only, strictly; msgfmt lets other charsets and some bad bytes through.
UTF8_ONLY = re.compile(r"charset=|invalid UTF-8")


def disagreement(verdict: Verdict) -> str | None:
    try:
        catalog = parse_po(verdict.data, "mutant.po", require_header=True)
    except PipelineError as error:
        if verdict.msgfmt_accepts and not UTF8_ONLY.search(error.message):
            return f"we reject what msgfmt accepts: {error}"
        return None
    if not verdict.msgfmt_accepts:
        return f"we accept what msgfmt rejects: {verdict.msgfmt_says.strip()}"
    written = render_po(catalog).encode("utf-8")
    gettext = verdict.msgcat
    if gettext is not None and written != gettext and gettext_is_a_fixed_point(gettext):
        return f"not msgcat's output:\n{written!r}\n!=\n{gettext!r}"
    again = parse_po(written, "mutant.po", require_header=True)
    if render_po(again).encode("utf-8") != written and gettext_is_a_fixed_point(written):
        return "what we write reads back differently"
    return None


def gettext_is_a_fixed_point(data: bytes) -> bool:
    """False for the rare file msgcat itself rewrites on a second pass (a `#: :12` reference
    after `#: a.md:12` reads back as `a.md:12:12`; a comment ending in a backslash swallows
    the next line): there we choose to be stable, so may differ from msgcat."""
    with tempfile.NamedTemporaryFile(suffix=".po") as handle:
        handle.write(data)
        handle.flush()
        command = ["msgcat", "--no-wrap", "--force-po", handle.name]
        return subprocess.run(command, capture_output=True, check=False).stdout == data


@needs_gettext
@pytest.mark.slow
def test_reader_agrees_with_gettext_on_mutated_catalogs() -> None:
    rng = random.Random(SEED)
    catalogs = seed_catalogs()
    distinct: dict[bytes, None] = {}  # insertion-ordered: the same seed, the same mutants
    while len(distinct) < MUTANTS:
        distinct[mutant(rng, catalogs)] = None
    mutants = list(distinct)
    with tempfile.TemporaryDirectory() as folder, ThreadPoolExecutor(8) as pool:
        verdicts = list(
            pool.map(judge, mutants, [Path(folder)] * len(mutants), range(len(mutants)))
        )
    accepted = sum(v.msgfmt_accepts for v in verdicts)
    assert min(accepted, len(verdicts) - accepted) > len(verdicts) // 10, "mutants too one-sided"
    problems = [(v.data, p) for v in verdicts if (p := disagreement(v)) is not None]
    shown = "\n\n".join(f"{data!r}\n-> {problem}" for data, problem in problems[:5])
    assert not problems, f"seed {SEED}: {len(problems)} of {len(verdicts)} disagree\n\n{shown}"
