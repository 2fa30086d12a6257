"""CHECKS: every check's name, default severity, scope, languages and function, in one table.

Every check is a pure function of one Entry (a msgstr beside its msgid, locale and context)
returning a message or None. `CHECKS` names each with its default severity, scope and languages;
`pipeline.yaml`'s `checks:` changes severities or turns checks off; a translator comment
`# check: ignore NAME, NAME` silences checks on one entry.

    skeleton.py   text -> Skeleton (inline Markdown parts, plain text) and Facts (numbers...)
    markdown.py   structure and safety checks
    content.py    content, hygiene and header checks
    scripts.py    writing-system checks (CJK punctuation, joiners, marks, digits, length)
    table.py      CHECKS (this module)
    runner.py     catalogs -> findings
    output.py     findings -> text, JSON, GitHub annotations
"""

from __future__ import annotations

import functools
import importlib
from collections.abc import Callable
from dataclasses import dataclass
from typing import TYPE_CHECKING, Literal, cast

if TYPE_CHECKING:
    from pipeline.checks.entry import Entry

Severity = Literal["error", "warning", "info"]
SEVERITIES: tuple[Severity, ...] = ("error", "warning", "info")
Scope = Literal["translated", "fuzzy", "header", "every"]
"""Which entries a check reads."""
TRANSLATED: Scope = "translated"
"""Scope: active messages that are translated (not fuzzy, msgstr not empty): what gets published."""
FUZZY: Scope = "fuzzy"
"""Scope: fuzzy messages (not published until a translator confirms them)."""
HEADER: Scope = "header"
"""Scope: the catalog's header, once per catalog."""
EVERY: Scope = "every"
"""Scope: every active message and the header, translated or not."""


@dataclass(frozen=True, slots=True)
class Check:
    name: str
    severity: Severity
    """Default severity; `checks:` in pipeline.yaml overrides it, or turns the check off."""
    scope: Scope
    languages: tuple[str, ...]
    """Language subtags it applies to (`zh` covers zh_Hans); empty: every language."""
    implementation: str
    """`module.function` in `pipeline.checks`, imported when a check first runs: every command
    validates the `checks:` names of pipeline.yaml, and most never run a check."""
    field: str = ""
    """For header checks: the header field the finding points at."""

    @property
    def function(self) -> Callable[[Entry], str | None]:
        return _function(self.implementation)

    @property
    def summary(self) -> str:
        """The first line of the function's docstring, for `--help` and the README."""
        return (self.function.__doc__ or "").strip().split("\n")[0]


@functools.cache
def _function(implementation: str) -> Callable[[Entry], str | None]:
    module, _, name = implementation.rpartition(".")
    found = getattr(importlib.import_module(f"pipeline.checks.{module}"), name)
    return cast("Callable[[Entry], str | None]", found)


def _table(*checks: Check) -> dict[str, Check]:
    return {check.name: check for check in checks}


T, F, H, E = TRANSLATED, FUZZY, HEADER, EVERY
CJK, KO, ML, ALL = ("ja", "zh"), ("ko",), ("ml",), ()
# fmt: off
CHECKS = _table(
    # Structure: the translation has the source's inline Markdown skeleton.
    Check("links",              "error",   T, ALL, "markdown.check_links"),
    Check("images",             "error",   T, ALL, "markdown.check_images"),
    Check("code",               "error",   T, ALL, "markdown.check_code"),
    Check("footnotes",          "error",   T, ALL, "markdown.check_footnotes"),
    Check("emphasis",           "error",   T, ALL, "markdown.check_emphasis"),
    Check("emphasis-count",     "warning", T, ALL, "markdown.check_emphasis_count"),
    Check("hard-breaks",        "warning", T, ALL, "markdown.check_hard_breaks"),
    Check("heading-id",         "error",   T, ALL, "markdown.check_heading_id"),
    Check("syntax",             "error",   T, ALL, "syntax.check_syntax"),
    Check("structure",          "error",   T, ALL, "markdown.check_structure"),
    # Content that must not change.
    Check("numbers",            "error",   T, ALL, "content.check_numbers"),
    Check("hashtags",           "error",   T, ALL, "content.check_hashtags"),
    Check("handles",            "error",   T, ALL, "content.check_handles"),
    Check("urls",               "error",   T, ALL, "content.check_urls"),
    # Safety: what the bundles neutralize anyway, reported so that it is fixed at the source.
    Check("html",               "error",   T, ALL, "markdown.check_html"),
    Check("unsafe-url",         "error",   T, ALL, "markdown.check_unsafe_url"),
    # Hygiene.
    Check("whitespace",         "warning", T, ALL, "content.check_whitespace"),
    Check("double-space",       "warning", T, ALL, "content.check_double_space"),
    Check("same-as-source",     "warning", T, ALL, "content.check_same_as_source"),
    Check("fuzzy-unchanged",    "info",    F, ALL, "content.check_fuzzy_unchanged"),
    Check("header-language",    "error",   H, ALL, "content.check_header_language", "Language"),
    Check("language-alike",     "warning", H, ALL, "content.check_language_alike", "Language"),
    Check("plural-forms",       "warning", H, ALL, "content.check_plural_forms", "Plural-Forms"),
    Check("check-comment",      "warning", E, ALL, "content.check_comment"),
    # Writing systems.
    Check("cjk-punctuation",    "warning", T, CJK, "scripts.check_cjk_punctuation"),
    Check("cjk-parentheses",    "warning", T, CJK, "scripts.check_cjk_parentheses"),
    Check("korean-punctuation", "warning", T, KO,  "scripts.check_korean_punctuation"),
    Check("joiners",            "warning", T, ALL, "scripts.check_joiners"),
    Check("orphan-mark",        "warning", T, ALL, "scripts.check_orphan_mark"),
    Check("ml-chillu",          "warning", T, ML,  "scripts.check_ml_chillu"),
    Check("mixed-digits",       "warning", T, ALL, "scripts.check_mixed_digits"),
    Check("script",             "warning", T, ALL, "scripts.check_script"),
    Check("length",             "warning", T, ALL, "scripts.check_length"),
    # Glossary (`glossary:` in pipeline.yaml).
    Check("terminology",        "warning", T, ALL, "terminology.check_terminology"),
)
# fmt: on
