"""Catalogs -> [Finding]: translation checks that parse Markdown, in one table of checks.

Every check is a pure function of one Entry (a msgstr beside its msgid, locale and context)
returning a message or None. `CHECKS` names each with its default severity, scope and languages;
`pipeline.yaml`'s `checks:` changes severities or turns checks off; a translator comment
`# check: ignore NAME, NAME` silences checks on one entry.

    skeleton.py   text -> Skeleton (inline Markdown parts, plain text) and Facts (numbers...)
    markdown.py   structure and safety checks
    content.py    content, hygiene and header checks
    scripts.py    writing-system checks (CJK punctuation, joiners, marks, digits, length)
    table.py      CHECKS
    runner.py     catalogs -> findings
    output.py     findings -> text, JSON, GitHub annotations
"""

from __future__ import annotations

from pipeline.checks.entry import Entry
from pipeline.checks.output import FORMATS, render_findings, render_summary
from pipeline.checks.runner import (
    CheckReport,
    Finding,
    Rules,
    build_rules,
    check_catalog,
    read_project_findings,
)
from pipeline.checks.table import CHECKS, SEVERITIES, Check

__all__ = [
    "CHECKS",
    "FORMATS",
    "SEVERITIES",
    "Check",
    "CheckReport",
    "Entry",
    "Finding",
    "Rules",
    "build_rules",
    "check_catalog",
    "read_project_findings",
    "render_findings",
    "render_summary",
]
