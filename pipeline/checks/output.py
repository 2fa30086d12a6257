"""[Finding] -> text: one line per finding, JSON, or GitHub workflow annotations."""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path
from typing import Literal

from pipeline.checks.runner import CheckCounts, CheckReport, Finding
from pipeline.checks.table import SEVERITIES
from pipeline.json_pieces import dump_pieces

FindingsFormat = Literal["text", "json", "github"]
FORMATS: tuple[FindingsFormat, ...] = ("text", "json", "github")
JSON_VERSION = 1
# GitHub's workflow commands have no `info` level; `notice` is its name for it.
GITHUB_LEVELS = {"error": "error", "warning": "warning", "info": "notice"}


def shown_path(path: Path, root: Path) -> str:
    """Relative to the project root when inside it (what editors and CI link), else as is."""
    return path.relative_to(root).as_posix() if path.is_relative_to(root) else str(path)


def render_findings(report: CheckReport, form: FindingsFormat, root: Path) -> Iterator[str]:
    """The findings shown, in pieces (a catalog's at a time): a large project's would be
    hundreds of megabytes as one string."""
    if form == "json":
        yield from render_json(report, root)
        return
    render = render_github_line if form == "github" else render_text_line
    for each in report.by_catalog.values():
        if each:
            path = shown_path(each[0].path, root)
            yield "".join(render(finding, path) + "\n" for finding in each)


def render_text_line(finding: Finding, path: str) -> str:
    """`path:line: severity: check: message`, the form compilers use, so editors jump to it."""
    return f"{path}:{finding.line}: {finding.severity}: {finding.check}: {finding.message}"


def render_github_line(finding: Finding, path: str) -> str:
    """`::error file=P,line=N,title=CHECK::message`, escaped as GitHub's toolkit escapes."""
    level = GITHUB_LEVELS[finding.severity]
    properties = f"file={_property(path)},line={finding.line},title={_property(finding.check)}"
    return f"::{level} {properties}::{_data(finding.message)}"


def _data(text: str) -> str:
    return text.replace("%", "%25").replace("\r", "%0D").replace("\n", "%0A")


def _property(text: str) -> str:
    return _data(text).replace(":", "%3A").replace(",", "%2C")


def render_json(report: CheckReport, root: Path) -> Iterator[str]:
    head = {
        "version": JSON_VERSION,
        "catalogs": report.counts.catalogs,
        "counts": {severity: report.count(severity) for severity in SEVERITIES},
        "findings": [],
    }
    findings = (
        {
            "path": shown_path(finding.path, root),
            "line": finding.line,
            "severity": finding.severity,
            "check": finding.check,
            "message": finding.message,
        }
        for finding in report.findings
    )
    return dump_pieces(head, findings)


def render_summary(counts: CheckCounts) -> str:
    """`check: 2 errors, 1 warning, 0 info in 10 catalogs`."""
    errors, warnings, infos = map(counts.count, SEVERITIES)
    return (
        f"check: {errors} error{'s' * (errors != 1)}, {warnings} warning{'s' * (warnings != 1)},"
        f" {infos} info in {counts.catalogs} catalog{'s' * (counts.catalogs != 1)}"
    )
