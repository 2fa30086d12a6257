"""Check findings -> the translations a bundle withholds: an error-level finding publishes English.

The gate runs the checks stage's own table (`checks.runner.check_messages`, severities from
`pipeline.yaml`) on each catalog a build reads; a translated message with an error-level
finding is left out of every bundle format, the `.mo` included, and counts as untranslated.
It runs only for pairs whose source, catalog, rules or threshold changed (see
`bundles.build._plan`): a fresh pair keeps the verdict its manifest record holds. In `run`, the
checks stage has just checked every catalog: its findings are reused, not checked again.
"""

from __future__ import annotations

from collections import Counter
from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from pipeline.checks.runner import Finding, Found, Rules, check_messages
from pipeline.po import Catalog, Message

ERROR = "error"


@dataclass(frozen=True, slots=True)
class Withheld:
    """One error-level finding that keeps a translation out of the bundles."""

    msgid: str
    msgctxt: str | None
    line: int
    """1-based line of the finding in the catalog (the msgstr's)."""
    check: str
    message: str

    @property
    def key(self) -> tuple[str | None, str]:
        return self.msgctxt, self.msgid

    def to_json(self) -> dict[str, Any]:
        context = {} if self.msgctxt is None else {"msgctxt": self.msgctxt}
        found = {"line": self.line, "check": self.check, "message": self.message}
        return {**found, **context, "msgid": self.msgid}


def gate_rules(rules: Rules) -> Rules:
    """Only the checks that can withhold: warnings and info never do, so they are not run."""
    errors = {name: severity for name, severity in rules.severities.items() if severity == ERROR}
    return Rules(errors, rules.url_patterns, rules.terms)


def gate_catalog(
    catalog: Catalog, path: Path, locale: str, rules: Rules, found: Found | None = None
) -> tuple[Withheld, ...]:
    """The error-level findings of each translated message (the header is not a segment);
    `rules` as `gate_rules` gives them; `found`: the checks stage's findings for this catalog."""
    checked: Iterable[tuple[Message, Sequence[Finding]]] = (
        check_messages(catalog, path, locale, rules) if found is None else found
    )
    withheld = []
    for message, findings in checked:
        if message is catalog.header or not message.translated:
            continue
        withheld += [
            Withheld(message.msgid, message.msgctxt, f.line, f.check, f.message)
            for f in findings
            if f.severity == ERROR
        ]
    return tuple(withheld)


def withheld_keys(withheld: Sequence[Withheld]) -> frozenset[tuple[str | None, str]]:
    return frozenset(w.key for w in withheld)


def summarize_withheld(withheld: Sequence[Withheld]) -> dict[str, Any]:
    """`{"segments": 2, "checks": {"links": 1, "numbers": 1}}`: entries held back, and why."""
    checks = Counter(w.check for w in withheld)
    return {"segments": len(withheld_keys(withheld)), "checks": dict(sorted(checks.items()))}


def render_withheld(withheld: Sequence[Withheld]) -> dict[str, Any]:
    """The manifest's record of a pair's withheld translations."""
    return {**summarize_withheld(withheld), "findings": [w.to_json() for w in withheld]}


def read_withheld(data: Mapping[str, Any] | None) -> tuple[Withheld, ...]:
    """The findings a manifest record lists; none when it lists none."""
    if not data:
        return ()
    return tuple(
        Withheld(
            str(f["msgid"]),
            None if f.get("msgctxt") is None else str(f["msgctxt"]),
            int(f["line"]),
            str(f["check"]),
            str(f["message"]),
        )
        for f in data["findings"]
    )
