"""Catalog entries as units for CAT tools: ids, review states, and the catalogs to export.

One home for what XLIFF 1.2, XLIFF 2.1 and TMX share: the unit id (bound to msgctxt and msgid,
so import finds the entry again, or sees that the source was edited), the four states a
translation can be in, and reading the catalogs a command selects.
"""

from __future__ import annotations

import hashlib
from collections.abc import Callable, Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import TypeVar

from babel.messages.plurals import get_plural

from pipeline.config import Config
from pipeline.errors import PipelineError
from pipeline.files import read_bytes, worker_pool
from pipeline.po import Catalog, Message
from pipeline.po_reader import parse_po
from pipeline.review import is_reviewed
from pipeline.split import worker_count

"""Below this many jobs per core, one process does it all (a pool costs more than it saves)."""
UNTRANSLATED, FUZZY, TRANSLATED, REVIEWED = "untranslated", "fuzzy", "translated", "reviewed"
SOURCE_LANGUAGE = "en"


def unit_id(msgctxt: str | None, msgid: str) -> str:
    """`u` + 16 hex digits of SHA-256: an XML NMTOKEN that names one msgctxt + msgid."""
    data = f"{msgctxt}\x04{msgid}" if msgctxt is not None else msgid
    return "u" + hashlib.sha256(data.encode("utf-8")).hexdigest()[:16]


def state_of(message: Message) -> str:
    if is_reviewed(message):
        return REVIEWED
    if message.translated:
        return TRANSLATED
    return FUZZY if message.fuzzy else UNTRANSLATED


def exported(message: Message) -> bool:
    """Units are active singular messages (Markdown gives no plurals; they stay in the .po)."""
    return not message.obsolete and message.msgid_plural is None


def note_texts(message: Message) -> list[tuple[str, str]]:
    """(who, text) notes: `#.` comments (kind, heading path) and the references."""
    notes = [("developer", comment) for comment in message.extracted_comments]
    if message.references:
        notes.append(("developer", "source: " + " ".join(message.references)))
    return notes


@dataclass(frozen=True, slots=True)
class CatalogFile:
    """One catalog read for export or import."""

    locale: str
    document: str
    path: Path
    data: bytes
    catalog: Catalog


def document_ids(config: Config) -> list[str]:
    """Every document with a template, in order."""
    folder = config.templates_dir
    found = sorted(folder.rglob("*.pot")) if folder.is_dir() else []
    return [p.relative_to(folder).with_suffix("").as_posix() for p in found]


def read_catalog(config: Config, locale: str, document: str) -> CatalogFile:
    path = config.catalog_path(locale, document)
    if not path.is_file():
        raise PipelineError(f"no catalog for {locale} (run `pipeline update`)", path)
    data = read_bytes(path)
    nplurals = get_plural(locale).num_plurals
    catalog = parse_po(data, path, nplurals=nplurals, language=locale)
    return CatalogFile(locale, document, path, data, catalog)


def check_documents(config: Config, documents: Sequence[str]) -> list[str]:
    """The documents asked for (all when none is); each must have a template."""
    known = document_ids(config)
    for document in documents:
        if document not in known:
            raise PipelineError(f"no document {document!r} (no template for it)", config.path)
    return list(documents) or known


def read_catalogs(
    config: Config, locales: Sequence[str], documents: Sequence[str]
) -> list[CatalogFile]:
    """The selected catalogs, each read strictly; every document must have a template."""
    chosen = check_documents(config, documents)
    return [read_catalog(config, locale, document) for locale in locales for document in chosen]


T = TypeVar("T")
R = TypeVar("R")


def run_jobs(function: Callable[[T], R], jobs: Sequence[T], limit: int | None = None) -> list[R]:
    """`function` over `jobs`, by a pool of processes (one per core, at most `limit`: `--jobs`)
    when there are many.

    Results come back in job order, so output and the first error are as if run one by one
    (a PipelineError pickles with its place).
    """
    workers = worker_count(limit, len(jobs))
    if workers < 2:
        return [function(job) for job in jobs]
    with worker_pool(workers) as pool:
        return list(pool.map(function, jobs, chunksize=16))
