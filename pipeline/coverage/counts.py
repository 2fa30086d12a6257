"""Catalogs -> Coverage: translated, fuzzy and untranslated messages or words, as msgfmt counts.

The counting rule is `msgfmt --statistics`'s: the header is not a message, obsolete (`#~`)
entries are not counted, a plural entry is one message, a message is translated when it is not
fuzzy and its first msgstr is not empty, fuzzy when it is flagged fuzzy and its first msgstr is
not empty, and untranslated otherwise. Fuzzy is never counted as translated. By words, each
message weighs the words of its msgid (plus its msgid_plural), counted by `pipeline.words`.

Catalogs come from the project (every configured locale x every document that has a template or
a catalog; a catalog not created yet counts its template as untranslated) or from paths given on
the command line, like `pocount`: files or folders of `.po`, the locale and document taken from
the gettext layout `<locale>/LC_MESSAGES/<document>.po`, else from the header's `Language` and
the path.
"""

from __future__ import annotations

import bisect
from collections.abc import Iterable, Sequence
from dataclasses import dataclass, replace
from pathlib import Path
from typing import Literal

from pipeline.config import Config
from pipeline.errors import PipelineError
from pipeline.files import map_shared, read_bytes
from pipeline.locales import SOURCE_LOCALE, max_plurals, select_locales
from pipeline.po import Catalog, Message
from pipeline.po_reader import parse_po
from pipeline.progress import Track, untracked
from pipeline.review import is_reviewed
from pipeline.split import worker_count
from pipeline.words import count_words

Unit = Literal["strings", "words"]
"""What coverage counts: messages, or the source words of their msgids."""
UNITS: tuple[Unit, ...] = ("strings", "words")
UNKNOWN_LOCALE = "und"
"""BCP 47's "undetermined": a catalog outside the gettext layout and without a Language header."""


def percent(part: int, whole: int) -> float:
    """`part` of `whole` in percent, rounded DOWN to one decimal so that 99.96% never shows as
    100.0%. Nothing to translate is 100.0: nothing is missing. Every percent shown is this one."""
    return part * 1000 // whole / 10 if whole else 100.0


def below(part: int, whole: int, threshold: float) -> bool:
    """Whether `part` of `whole` is under `threshold` percent, compared exactly (not rounded):
    the one rule behind `--fail-under` and the publishing threshold `min_coverage`."""
    return part * 100 < threshold * whole


@dataclass(frozen=True, slots=True)
class Counts:
    """Messages, or their source words, in each of the three states msgfmt reports."""

    translated: int = 0
    fuzzy: int = 0
    untranslated: int = 0
    reviewed: int = 0
    """Of the translated ones, those with a valid review mark (see `pipeline.review`)."""

    @property
    def total(self) -> int:
        return self.translated + self.fuzzy + self.untranslated

    @property
    def percent(self) -> float:
        """Translated share (fuzzy is not translated), rounded as `percent` rounds."""
        return percent(self.translated, self.total)

    def below(self, threshold: float, *, reviewed: bool = False) -> bool:
        """Whether the translated (or reviewed) share is under `threshold` percent."""
        return below(self.reviewed if reviewed else self.translated, self.total, threshold)

    @property
    def reviewed_percent(self) -> float:
        """Reviewed share of all messages, rounded as `percent` rounds."""
        return percent(self.reviewed, self.total)

    def __add__(self, other: Counts) -> Counts:
        return Counts(
            self.translated + other.translated,
            self.fuzzy + other.fuzzy,
            self.untranslated + other.untranslated,
            self.reviewed + other.reviewed,
        )


@dataclass(frozen=True, slots=True)
class CatalogCoverage:
    """One catalog: its counts and the messages left to do."""

    locale: str
    document: str
    path: Path
    """The catalog as reports show it: relative to the project root, or as given on the command
    line. For a catalog not created yet, the template it will be made from."""
    counts: Counts
    pending: tuple[Message, ...]
    """Fuzzy and untranslated messages in file order, for the HTML report."""
    source_language: str = SOURCE_LOCALE
    """Language of the msgids: the header's X-Source-Language, English by default."""
    missing: bool = False
    """True when the catalog does not exist yet and `path` is its template."""
    unlisted: tuple[int, int] = (0, 0)
    """Fuzzy and untranslated messages left out of `pending` (see `Listing`)."""

    @property
    def open_strings(self) -> tuple[int, int]:
        """Fuzzy and untranslated messages, listed or not."""
        fuzzy = sum(1 for message in self.pending if message.fuzzy)
        untranslated = len(self.pending) - fuzzy
        return fuzzy + self.unlisted[0], untranslated + self.unlisted[1]


LISTED = 1000
"""Open strings the HTML report lists per locale. Past a thousand a page is too long to work
from, and at 10,000 documents the whole list would be 400 MB of HTML."""


class Listing:
    """The catalogs of a report, keeping the messages the HTML report lists: per locale, in
    report order (by document), each catalog whole while fewer than LISTED open strings come
    before it; the others keep only their counts (`unlisted`). Catalogs may be added in any
    order, with the same result, and at most about LISTED messages a locale are held."""

    def __init__(self) -> None:
        self.catalogs: dict[tuple[str, str], CatalogCoverage] = {}
        self._listed: dict[str, list[tuple[str, int]]] = {}
        """Per locale: (document, open strings) of the catalogs listed so far, sorted."""
        self._total: dict[str, int] = {}

    def add(self, catalog: CatalogCoverage) -> None:
        locale, document = catalog.locale, catalog.document
        self.catalogs[(locale, document)] = catalog
        if not catalog.pending:
            return
        listed = self._listed.setdefault(locale, [])
        bisect.insort(listed, (document, len(catalog.pending)))
        total = self._total.get(locale, 0) + len(catalog.pending)
        # Strings before a catalog only grow as others arrive, so the last is the one to drop.
        while total - listed[-1][1] >= LISTED:
            last, count = listed.pop()
            total -= count
            dropped = self.catalogs[(locale, last)]
            self.catalogs[(locale, last)] = replace(
                dropped, pending=(), unlisted=dropped.open_strings
            )
        self._total[locale] = total

    def coverage(self, by: Unit, locales: Sequence[str] = ()) -> Coverage:
        """The catalogs indexed; `locales` gives their order (the others follow, sorted)."""
        found = {locale for locale, _ in self.catalogs}
        ordered = [code for code in locales if code in found or not self.catalogs]
        ordered += sorted(found - set(ordered))
        documents = tuple(sorted({document for _, document in self.catalogs}))
        return Coverage(by, tuple(ordered), documents, self.catalogs)


@dataclass(frozen=True, slots=True)
class Coverage:
    """Every catalog of a report, with sums by locale, by document and overall."""

    by: Unit
    """"strings" (messages) or "words" (source words)."""
    locales: tuple[str, ...]
    documents: tuple[str, ...]
    catalogs: dict[tuple[str, str], CatalogCoverage]
    """By (locale, document); a pair without a catalog is absent."""

    def catalog(self, locale: str, document: str) -> CatalogCoverage | None:
        return self.catalogs.get((locale, document))

    def locale_counts(self, locale: str) -> Counts:
        found = (self.catalogs.get((locale, d)) for d in self.documents)
        return sum((c.counts for c in found if c), Counts())

    def document_counts(self, document: str) -> Counts:
        found = (self.catalogs.get((locale, document)) for locale in self.locales)
        return sum((c.counts for c in found if c), Counts())

    @property
    def totals(self) -> Counts:
        return sum((c.counts for c in self.catalogs.values()), Counts())


def locales_below(coverage: Coverage, percent: float, *, reviewed: bool = False) -> list[str]:
    """The locales whose translated (or reviewed) share is under `percent`, compared exactly."""
    return [
        code
        for code in coverage.locales
        if coverage.locale_counts(code).below(percent, reviewed=reviewed)
    ]


def message_words(message: Message) -> int:
    """Source words of a message: its msgid's, plus its msgid_plural's (what pocount adds)."""
    words = count_words(message.msgid)
    return words if message.msgid_plural is None else words + count_words(message.msgid_plural)


def measure_catalog(catalog: Catalog, by: Unit) -> tuple[Counts, tuple[Message, ...]]:
    """The catalog's counts in `by` units, and its fuzzy and untranslated messages."""
    words = by == "words"
    translated = fuzzy = untranslated = reviewed = 0
    pending = []
    for message in catalog.messages:
        if message.obsolete:
            continue
        size = message_words(message) if words else 1
        if message.translated:
            translated += size
            reviewed += size if is_reviewed(message) else 0
            continue
        if message.fuzzy:
            fuzzy += size
        else:
            untranslated += size
        pending.append(message)
    return Counts(translated, fuzzy, untranslated, reviewed), tuple(pending)


def build_coverage(
    catalogs: Iterable[CatalogCoverage], by: Unit, locales: Sequence[str] = ()
) -> Coverage:
    """Index the catalogs; `locales` gives their order (the others follow, sorted)."""
    listing = Listing()
    for catalog in catalogs:
        listing.add(catalog)
    return listing.coverage(by, locales)


# --- reading catalogs ----------------------------------------------------------------------------


@dataclass(frozen=True, slots=True)
class CatalogFile:
    """A catalog to read, and what it is known to be before it is read."""

    path: Path
    document: str
    locale: str | None
    """From the project or the gettext layout; None: from the header once read."""
    missing: bool = False
    """The project's catalog does not exist yet: `path` is its template."""


def read_project_coverage(
    config: Config, locales: Sequence[str], by: Unit, track: Track = untracked
) -> Coverage:
    """Coverage of the project's catalogs for `locales` (all configured ones when empty)."""
    selected = select_locales(config, locales)
    files = find_project_catalogs(config, selected)
    workers = worker_count(config.jobs, len(files))
    # Templates stand in for the catalogs a locale lacks: parsed once per process.
    templates: dict[Path, Catalog] = {}
    measured = map_shared(_measure_file, (config, by, templates), files, workers, chunksize=16)
    in_order = [each for _, each in zip(track(files, "coverage"), measured, strict=True)]
    return build_coverage(in_order, by, selected)


def _measure_file(
    shared: tuple[Config, Unit, dict[Path, Catalog]], file: CatalogFile
) -> CatalogCoverage:
    """One catalog of `read_project_coverage` (a top-level function for worker processes)."""
    config, by, templates = shared
    locale = file.locale or UNKNOWN_LOCALE
    if file.missing:
        catalog = templates.get(file.path) or parse_po(read_bytes(file.path), file.path)
        templates[file.path] = catalog
    else:
        nplurals = max_plurals(locale)
        catalog = parse_po(read_bytes(file.path), file.path, nplurals=nplurals, language=locale)
    return measure_project_catalog(config, file, catalog, by)


def measure_project_catalog(
    config: Config, file: CatalogFile, catalog: Catalog, by: Unit = "strings"
) -> CatalogCoverage:
    """One catalog (or, `missing`, its template) of `find_project_catalogs`, measured; `run`
    measures each catalog it has parsed, so coverage reads nothing again."""
    locale = file.locale or UNKNOWN_LOCALE
    return _measured(file, catalog, locale, by, file.path.relative_to(config.root))


def find_project_catalogs(config: Config, locales: Sequence[str]) -> list[CatalogFile]:
    """Each locale's catalog of each document with a template or a catalog in that locale."""
    templates = _documents(config.templates_dir, ".pot")
    files = []
    for locale in locales:
        catalogs = _documents(config.locales_dir / locale / "LC_MESSAGES", ".po")
        for document in sorted(templates.keys() | catalogs.keys()):
            if not config.in_shard(document):
                continue
            if document in catalogs:
                files.append(CatalogFile(catalogs[document], document, locale))
            else:
                files.append(CatalogFile(templates[document], document, locale, missing=True))
    return files


def _documents(folder: Path, suffix: str) -> dict[str, Path]:
    """Document id -> file, for every `*suffix` under `folder`."""
    found = sorted(folder.rglob(f"*{suffix}")) if folder.is_dir() else []
    return {p.relative_to(folder).with_suffix("").as_posix(): p for p in found if p.is_file()}


def read_path_coverage(
    paths: Sequence[Path], locales: Sequence[str], by: Unit, track: Track = untracked
) -> Coverage:
    """Coverage of the `.po` files given and found in the folders given, like pocount."""
    measured: dict[tuple[str, str], CatalogCoverage] = {}
    files = find_catalog_files(paths)
    # A catalog whose folder names another locale is not even read: it cannot be selected.
    files = [f for f in files if not locales or f.locale is None or f.locale in locales]
    for file in track(files, "coverage"):
        catalog = parse_po(read_bytes(file.path), file.path)
        item = _measured(file, catalog, _locale_of(file, catalog), by, file.path)
        key = (item.locale, item.document)
        if key in measured:
            first = measured[key].path
            raise PipelineError(
                f"a second catalog for locale {key[0]} and document {key[1]} (first: {first})",
                file.path,
            )
        measured[key] = item
    wanted = [c for c in measured.values() if not locales or c.locale in locales]
    for code in locales:
        if not any(c.locale == code for c in wanted):
            raise PipelineError(f"no catalog for locale {code!r} in the paths given")
    return build_coverage(wanted, by, locales)


def find_catalog_files(paths: Sequence[Path]) -> list[CatalogFile]:
    """The files given, and every `*.po` under the folders given, each once."""
    files: dict[Path, CatalogFile] = {}
    for given in paths:
        if given.is_dir():
            found = [(p, given) for p in sorted(given.rglob("*.po")) if p.is_file()]
            if not found:
                raise PipelineError("no catalogs (*.po) in this folder", given)
        elif given.exists():
            found = [(given, given.parent)]
        else:
            raise PipelineError("no such file or folder", given)
        for path, base in found:
            files.setdefault(path.resolve(), _catalog_file(path, base))
    return list(files.values())


def _catalog_file(path: Path, base: Path) -> CatalogFile:
    """Locale and document from `<home>/<locale>/LC_MESSAGES/<domain>.po`, else from the path.

    The document is the domain, prefixed by where `<home>` lies under the folder given, so that
    `django/` gives `conf/locale/django` and `contrib/admin/locale/django`, and `locales/` gives
    the project's own ids.
    """
    parts = path.absolute().parts
    if "LC_MESSAGES" in parts[2:-1]:
        index = len(parts) - 1 - parts[::-1].index("LC_MESSAGES")
        domain = Path(*parts[index + 1 :]).with_suffix("").as_posix()
        home, root = Path(*parts[: index - 1]), base.absolute()
        if home != root and home.is_relative_to(root):
            domain = f"{home.relative_to(root).as_posix()}/{domain}"
        return CatalogFile(path, domain, parts[index - 1])
    return CatalogFile(path, path.relative_to(base).with_suffix("").as_posix(), None)


def _locale_of(file: CatalogFile, catalog: Catalog) -> str:
    if file.locale:
        return file.locale
    language = (catalog.get_header("Language") or "").strip().replace("-", "_")
    return language or UNKNOWN_LOCALE


def _measured(
    file: CatalogFile, catalog: Catalog, locale: str, by: Unit, shown: Path
) -> CatalogCoverage:
    counts, pending = measure_catalog(catalog, by)
    document = file.document
    folder, _, name = document.rpartition("/")
    if file.locale is None and name == locale:
        # The GNU layout names each file after its locale (po/ko.po): the folder is the document.
        document = folder or file.path.absolute().parent.name
    source = catalog.get_header("X-Source-Language") or SOURCE_LOCALE
    return CatalogCoverage(locale, document, shown, counts, pending, source, file.missing)
