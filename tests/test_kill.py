"""SIGKILL during `update`: every catalog is left whole, with its old content or its new one.

A generated corpus (20 documents x 5 locales, 40 paragraphs each) gets a 10% source edit. The
expected new catalogs come from one uninterrupted run on a copy. Then a forked child (no
interpreter start-up per kill) writes the planned update and is killed at each of its writes in
turn (the first, the last and 28 seeded others), just before the file is renamed into place
(its temporary file written) and just after: 60 kills at exact points, each leaving a known
number of catalogs new, whatever the machine's load. Then 20 kills at random moments of the
whole command, planning included, which must leave each catalog old or new too.
"""

from __future__ import annotations

import itertools
import os
import random
import shutil
import signal
import time
import warnings
from collections.abc import Callable
from pathlib import Path

from pipeline.config import Config, read_config
from pipeline.files import project_lock
from pipeline.po import Catalog, Message, render_po
from pipeline.po_reader import parse_po
from pipeline.update import catalogs

LOCALES = ("ko", "zh_Hans", "ta", "ml", "ja")
DOCUMENTS = 20
PARAGRAPHS = 40
WRITES_KILLED = 30
"""Writes (of the 100) at which a child is killed, before and after the rename: 60 kills."""
KILLS_WHILE_UPDATING = 20
WORDS = (
    *("the", "catalog", "keeps", "every", "translation", "when", "source", "text"),
    *("changes", "a", "little", "or", "moves"),
)
TRANSLATED = {"ko": "번역", "zh_Hans": "翻译", "ta": "மொழிபெயர்ப்பு", "ml": "വിവർത്തനം", "ja": "翻訳"}


def paragraph(rng: random.Random) -> str:
    return " ".join(rng.choice(WORDS) for _ in range(rng.randint(8, 30))) + "."


def write_template(path: Path, texts: list[str]) -> None:
    header = Message(msgid="", msgstr="POT-Creation-Date: 2024-06-01 12:00+0000\n")
    messages = tuple(Message(msgid=t, references=("source/doc.md",)) for t in dict.fromkeys(texts))
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_text(render_po(Catalog(header, messages)), "utf-8")


def make_project(root: Path) -> Config:
    """Templates and translated catalogs, then templates after a 10% edit."""
    rng = random.Random(7)
    (root / "source").mkdir(parents=True)
    (root / "pipeline.yaml").write_text(f"source: source\nlocales: [{', '.join(LOCALES)}]\n")
    config = read_config(root / "pipeline.yaml")
    documents = {
        f"doc-{n:03}": [paragraph(rng) for _ in range(PARAGRAPHS)] for n in range(DOCUMENTS)
    }
    for doc_id, texts in documents.items():
        write_template(config.template_path(doc_id), texts)
    catalogs.update_catalogs(config, LOCALES)
    for locale in LOCALES:
        for doc_id in documents:
            path = config.catalog_path(locale, doc_id)
            catalog = parse_po(path.read_bytes(), path)
            messages = tuple(
                Message(m.msgid, f"{TRANSLATED[locale]} {i}", references=m.references)
                for i, m in enumerate(catalog.messages)
            )
            path.write_text(render_po(Catalog(catalog.header, messages)), "utf-8")
    for doc_id, texts in documents.items():
        for index in rng.sample(range(PARAGRAPHS), PARAGRAPHS // 10):
            texts[index] = texts[index].replace(" ", f" {rng.choice(WORDS)} ", 1)
        write_template(config.template_path(doc_id), texts)
    return config


def catalog_files(config: Config) -> dict[Path, bytes]:
    return {
        path: path.read_bytes() for path in sorted(config.locales_dir.glob("*/LC_MESSAGES/*.po"))
    }


def fork(work: Callable[[], object]) -> int:
    """Run `work` in a forked child; its pid."""
    with warnings.catch_warnings():
        warnings.simplefilter("ignore", DeprecationWarning)  # fork in a threaded process
        pid = os.fork()
    if pid == 0:  # the child: never return into pytest
        try:
            work()
        finally:
            os._exit(0)
    return pid


def killed_after(delay: float, work: Callable[[], object]) -> None:
    """Run `work` in a forked child and SIGKILL it after `delay` seconds (if still running)."""
    pid = fork(work)
    time.sleep(delay)
    os.kill(pid, signal.SIGKILL)
    os.waitpid(pid, 0)


def killed_at(write: int, renamed: bool, work: Callable[[], object]) -> None:
    """Run `work` in a forked child that SIGKILLs itself at its `write`-th rename of a written
    file into place: just before it (`renamed` False) or just after."""
    rename = os.replace

    def dying(source: str, target: str) -> None:
        number = next(calls)
        if number == write and not renamed:
            os.kill(os.getpid(), signal.SIGKILL)
        rename(source, target)
        if number == write:
            os.kill(os.getpid(), signal.SIGKILL)

    def patched() -> object:
        os.replace = dying  # type: ignore[assignment]  # in the child only
        return work()

    calls = itertools.count(1)
    _, status = os.waitpid(fork(patched), 0)
    assert os.WIFSIGNALED(status), f"write {write} was never reached"


def test_killed_update_leaves_each_catalog_old_or_new(tmp_path: Path) -> None:
    config = make_project(tmp_path / "project")
    old = catalog_files(config)
    shutil.copytree(config.root, tmp_path / "copy")
    copy = read_config(tmp_path / "copy" / "pipeline.yaml")
    report = catalogs.update_catalogs(copy, LOCALES)
    assert report.updated == len(old)  # every catalog changes: every kill can hurt
    new = {config.root / p.relative_to(copy.root): data for p, data in catalog_files(copy).items()}
    for path in old:  # both contents parse strictly; each state is then compared by bytes
        parse_po(old[path], path, nplurals=None, language=path.parts[-3])
        parse_po(new[path], path, nplurals=None, language=path.parts[-3])

    started = time.perf_counter()
    plan = catalogs.plan_update(config, LOCALES)
    planning = time.perf_counter() - started
    catalogs.write_plan(plan)
    writing = time.perf_counter() - started - planning
    reset(old)

    def write() -> object:  # a plan stages its files, so each write plans afresh
        with project_lock(config.root):
            return catalogs.write_plan(catalogs.plan_update(config, LOCALES))

    def update() -> object:
        with project_lock(config.root):
            return catalogs.update_catalogs(config, LOCALES)

    rng = random.Random(11)
    writes = [1, *sorted(rng.sample(range(2, len(old)), WRITES_KILLED - 2)), len(old)]
    for written, renamed in itertools.product(writes, (False, True)):
        killed_at(written, renamed, write)
        assert check_old_or_new(old, new) == written - (not renamed), (written, renamed)
        reset(old)
    for _ in range(KILLS_WHILE_UPDATING):
        killed_after(rng.uniform(0, planning + writing * 1.2), update)
        check_old_or_new(old, new)
        reset(old)
    catalogs.update_catalogs(config, LOCALES)
    assert catalog_files(config) == new
    assert not list(config.locales_dir.rglob("*tmp"))  # the last run cleared what kills left


def check_old_or_new(old: dict[Path, bytes], new: dict[Path, bytes]) -> int:
    """How many catalogs are new; each must be old or new (both parse, see the test)."""
    renewed = 0
    for path, before in old.items():
        data = path.read_bytes()
        assert data in (before, new[path]), f"{path} is neither old nor new"
        renewed += data != before
    return renewed


def reset(old: dict[Path, bytes]) -> None:
    for path, data in old.items():
        if path.read_bytes() != data:
            path.write_bytes(data)
