"""Catalogs -> [Finding]: run the table's checks on each entry, as configured and silenced.

A translator silences checks on one entry with a translator comment (translator comments
survive `msgcat` and every `update`; unknown `#,` flags do not):

    # check: ignore numbers, same-as-source
"""

from __future__ import annotations

import difflib
import operator
import re
from collections import Counter
from collections.abc import Callable, Iterable, Iterator, Sequence
from dataclasses import dataclass, field
from pathlib import Path

from pipeline.checks.entry import Entry
from pipeline.checks.glossary import Term, read_glossaries
from pipeline.checks.table import (
    CHECKS,
    EVERY,
    FUZZY,
    HEADER,
    SEVERITIES,
    TRANSLATED,
    Check,
    Scope,
    Severity,
)
from pipeline.config import Config
from pipeline.errors import PipelineError
from pipeline.files import Spool, SpooledMapping, map_shared, read_bytes, spills
from pipeline.locales import select_locales
from pipeline.po import Catalog, Message
from pipeline.po_reader import parse_po
from pipeline.progress import Track, untracked
from pipeline.split import worker_count

SILENCE = re.compile(r"\s*check\s*:\s*(.*)")
IGNORE = re.compile(r"ignore\s+(\S.*)")


@dataclass(frozen=True, slots=True)
class Finding:
    """One problem in one entry of one catalog."""

    path: Path
    line: int
    """1-based line of the entry's msgstr (for header checks: of the header field)."""
    severity: str
    check: str
    message: str


@dataclass(frozen=True, slots=True)
class Rules:
    """The checks to run and their severities, after pipeline.yaml."""

    severities: dict[str, str]
    """Check name -> error, warning or info; checks turned off are absent."""
    url_patterns: tuple[re.Pattern[str], ...] = ()
    terms: dict[str, tuple[Term, ...]] = field(default_factory=dict)
    """Locale -> its glossary terms (`glossary:` in pipeline.yaml)."""


Found = tuple[tuple[Message, tuple[Finding, ...]], ...]
"""The messages of one catalog that have findings, in catalog order, with their findings."""


@dataclass(frozen=True, slots=True)
class CheckCounts:
    """What a summary line says: findings by severity (in SEVERITIES order), in how many
    catalogs. `run` keeps only this of each catalog it checks."""

    findings: tuple[int, ...] = (0,) * len(SEVERITIES)
    catalogs: int = 0

    def count(self, severity: Severity) -> int:
        return self.findings[SEVERITIES.index(severity)]

    def __add__(self, other: CheckCounts) -> CheckCounts:
        findings = tuple(map(operator.add, self.findings, other.findings))
        return CheckCounts(findings, self.catalogs + other.catalogs)


def tally(found: Found) -> CheckCounts:
    """One catalog's counts."""
    return tally_findings(finding for _, each in found for finding in each)


def tally_findings(findings: Iterable[Finding]) -> CheckCounts:
    """One catalog's counts, from its findings."""
    severities = Counter(finding.severity for finding in findings)
    return CheckCounts(tuple(severities[severity] for severity in SEVERITIES), 1)


@dataclass(frozen=True, slots=True)
class CheckReport:
    """The findings of every catalog checked, a catalog at a time in `path:line` order; past
    `files.SPILL_DOCUMENTS` documents they wait in a spool's file (534,000 findings at 10,000
    documents took 1.5 GB), which closes with the report (`with`)."""

    by_catalog: SpooledMapping[tuple[Finding, ...]]
    """By catalog path, in the order findings are shown."""
    counts: CheckCounts

    def count(self, severity: Severity) -> int:
        return self.counts.count(severity)

    @property
    def findings(self) -> Iterator[Finding]:
        for each in self.by_catalog.values():
            yield from each

    def __enter__(self) -> CheckReport:
        return self

    def __exit__(self, *exc: object) -> None:
        self.by_catalog.spool.close()


def build_rules(config: Config) -> Rules:
    """Severities from the table and pipeline.yaml; an unknown check name is an error there."""
    for name in config.checks:
        if name not in CHECKS:
            raise PipelineError(
                f"unknown check {name!r}{_suggest(name)} (known: {', '.join(CHECKS)})",
                config.path,
                config.check_lines.get(name),
            )
    severities = {name: config.checks.get(name, check.severity) for name, check in CHECKS.items()}
    terms = read_glossaries(config.glossaries, config.locales) if config.glossaries else {}
    severities = {n: s for n, s in severities.items() if s != "off"}
    return Rules(severities, config.allowed_url_patterns, terms)


def _suggest(name: str) -> str:
    close = difflib.get_close_matches(name, CHECKS, n=1)
    return f" (did you mean {close[0]!r}?)" if close else ""


def silenced(message: Message) -> tuple[frozenset[str], tuple[str, ...]]:
    """The checks a `# check: ignore a, b` comment names, and what is wrong with the comment."""
    names: set[str] = set()
    problems: list[str] = []
    for comment in message.translator_comments:
        found = SILENCE.fullmatch(comment)
        if found is None:
            continue
        ignore = IGNORE.fullmatch(found.group(1).strip())
        if ignore is None:
            problems.append(f"write `# check: ignore NAME, NAME`, not `# {comment.strip()}`")
            continue
        for name in filter(None, re.split(r"[,\s]+", ignore.group(1))):
            names.add(name)
            if name not in CHECKS:
                problems.append(f"{name!r} is not a check{_suggest(name)}")
    return frozenset(names), tuple(problems)


def check_catalog(catalog: Catalog, path: Path, locale: str, rules: Rules) -> list[Finding]:
    """Every finding in one catalog whose folder says it is for `locale`."""
    return [f for _, found in check_messages(catalog, path, locale, rules) for f in found]


def check_messages(
    catalog: Catalog, path: Path, locale: str, rules: Rules
) -> Iterator[tuple[Message, list[Finding]]]:
    """The header, then each active message, with its findings (the publishing gate's view)."""
    active = _active_checks(rules, locale)
    yield (
        catalog.header,
        _check_message(catalog.header, HEADER, catalog, path, locale, rules, active),
    )
    for message in catalog.messages:
        if message.obsolete:
            continue
        scope = TRANSLATED if message.translated else FUZZY if message.fuzzy else None
        yield message, _check_message(message, scope, catalog, path, locale, rules, active)


Active = dict[Scope | None, tuple[tuple[Check, Callable[[Entry], str | None]], ...]]
"""Per kind of entry, the checks it gets with their functions (imported once, here)."""


def _active_checks(rules: Rules, locale: str) -> Active:
    """The checks each kind of entry gets, the checks of every entry last (None: untranslated
    entries, which get only those); worked out once per catalog, not once per message."""
    language = locale.partition("_")[0]
    by_scope: dict[Scope, list[Check]] = {TRANSLATED: [], FUZZY: [], HEADER: [], EVERY: []}
    for name, check in CHECKS.items():
        if name in rules.severities and (not check.languages or language in check.languages):
            by_scope[check.scope].append(check)
    every = tuple(by_scope[EVERY])
    kinds: dict[Scope | None, tuple[Check, ...]] = {
        scope: (*by_scope[scope], *every) for scope in (TRANSLATED, FUZZY, HEADER)
    }
    kinds[None] = every
    return {scope: tuple((c, c.function) for c in checks) for scope, checks in kinds.items()}


def _check_message(
    message: Message,
    scope: Scope | None,
    catalog: Catalog,
    path: Path,
    locale: str,
    rules: Rules,
    active: Active,
) -> list[Finding]:
    """The findings on one entry; scope None (untranslated): only the checks of every entry."""
    ignored, problems = silenced(message) if message.translator_comments else (frozenset(), ())
    checks = active[scope]
    if ignored:
        checks = tuple(pair for pair in checks if pair[0].name not in ignored)
    if not checks:
        return []
    findings = []
    for index, (source, translation) in enumerate(_pairs(message)):
        entry = Entry(
            source,
            translation,
            locale,
            message,
            catalog,
            _kind(message),
            rules.url_patterns,
            problems,
            rules.terms.get(locale, ()),
        )
        if index and not translation:
            continue  # a plural form left empty: msgfmt counts the message by its first form
        for check, function in checks:
            if index and check.scope == EVERY:
                continue  # comment problems once per entry, not once per plural form
            said = function(entry)
            if said is not None:
                severity = rules.severities[check.name]
                line = _line(message, check, index)
                findings.append(Finding(path, line, severity, check.name, said))
    return findings


def _pairs(message: Message) -> list[tuple[str, str]]:
    """(source, translation) to compare: msgid with msgstr[0], msgid_plural with the others."""
    if message.msgid_plural is None:
        return [(message.msgid, message.msgstr)]
    forms = message.forms or ("",)
    return [(message.msgid, forms[0])] + [(message.msgid_plural, form) for form in forms[1:]]


def _kind(message: Message) -> str:
    """`heading` from `#. heading`, `list item` from `#. list item, under “…”`."""
    return message.extracted_comments[0].partition(",")[0] if message.extracted_comments else ""


def _line(message: Message, check: Check, form: int = 0) -> int:
    """The msgstr's line (msgstr[n]'s for a plural form); for a header field, its line. Both as
    msgcat writes them: one line per header field, one per form without a newline in it."""
    if check.field and message.msgstr_line:
        fields = [line.partition(":")[0].strip() for line in message.msgstr.split("\n")]
        if check.field in fields:
            return message.msgstr_line + 1 + fields.index(check.field)
    if form and message.msgstr_line and not any("\n" in f for f in message.msgstr_plural[:form]):
        return message.msgstr_line + form
    return message.msgstr_line or message.line or 1


def read_project_findings(
    config: Config, locales: Sequence[str] = (), track: Track = untracked
) -> CheckReport:
    """Check every catalog of the selected locales; a malformed one raises PipelineError."""
    rules, selected = build_rules(config), select_locales(config, locales)
    files = find_catalogs(config, selected)
    # A document's catalogs in one task: what they share (msgids) is parsed once, by one worker.
    workers = worker_count(config.jobs, len(files))
    found = map_shared(_check_file, rules, files, workers, chunksize=max(1, len(selected)))
    spool = Spool[tuple[Finding, ...]](config.root, spills(len(files) // max(1, len(selected))))
    numbers, counts = {}, CheckCounts()
    for (path, _), each in zip(track(files, "check"), found, strict=True):
        numbers[str(path)] = spool.put(each)
        counts += tally_findings(each)
    by_catalog = SpooledMapping(spool, numbers).reordered(sorted(numbers))
    return CheckReport(by_catalog, counts)


def _check_file(rules: Rules, file: tuple[Path, str]) -> tuple[Finding, ...]:
    """One catalog read and checked (a top-level function for worker processes); only its
    findings come back, in `path:line` order, not the messages they are about."""
    path, locale = file
    found = check_found(parse_po(read_bytes(path), path), path, locale, rules)
    findings = [finding for _, each in found for finding in each]
    return tuple(sorted(findings, key=lambda f: (f.line, CHECK_ORDER[f.check])))


CHECK_ORDER = {name: index for index, name in enumerate(CHECKS)}
"""Findings on one line are shown in the table's order of checks."""


def check_found(catalog: Catalog, path: Path, locale: str, rules: Rules) -> Found:
    """The messages of one catalog with findings (what `run` keeps of each catalog it checks)."""
    return tuple((m, tuple(f)) for m, f in check_messages(catalog, path, locale, rules) if f)


def find_catalogs(config: Config, locales: Sequence[str]) -> list[tuple[Path, str]]:
    """(catalog, locale) pairs, document by document so each msgid is parsed once for all
    (with `--shard`, of the shard's documents only)."""
    found = []
    for index, locale in enumerate(locales):
        folder = config.locales_dir / locale / "LC_MESSAGES"
        for path in sorted(folder.rglob("*.po")) if folder.is_dir() else []:
            if config.in_shard(path.relative_to(folder).with_suffix("").as_posix()):
                found.append((path.relative_to(folder).as_posix(), index, path, locale))
    return [(path, locale) for _, _, path, locale in sorted(found)]
