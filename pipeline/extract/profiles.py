"""Syntax profiles: which site-generator constructs a project's sources use, and their patterns.

A profile (`syntax:` in pipeline.yaml, or implied by `sites:`) is a set of features; each
feature is one small extension of the parser in `masking.py`. The token patterns here are the
inline syntax that stays verbatim in a msgid: checks compare it, pseudo-localization skips it.
"""

from __future__ import annotations

import re
from collections.abc import Iterable

SHORTCODES = "shortcodes"  # Hugo {{< >}} and {{% %}}
ADMONITIONS = "admonitions"  # !!! / ??? / ???+ with an indented body, === "Tab" content tabs
DIRECTIVES = "directives"  # :::type[Title] ... ::: (Docusaurus, Starlight)
ALERTS = "alerts"  # > [!NOTE]
JSX = "jsx"  # MDX: JSX elements, import/export, {expressions}
LIQUID = "liquid"  # {% tag %}, {{ value }}
MDBOOK = "mdbook"  # {{#include file}}
ATTRIBUTES = "attributes"  # kramdown / attr_list {: .class}, {#id}
FOOTNOTES = "footnotes"  # [^label]: definitions
EMOJI = "emoji"  # :material-check: icon shortcodes

PROFILES: dict[str, frozenset[str]] = {
    "hugo": frozenset({SHORTCODES, ALERTS, ATTRIBUTES, FOOTNOTES}),
    "mkdocs-material": frozenset({ADMONITIONS, ATTRIBUTES, FOOTNOTES, EMOJI}),
    "mdx": frozenset({JSX, DIRECTIVES, FOOTNOTES}),
    "docusaurus": frozenset({JSX, DIRECTIVES, FOOTNOTES, ALERTS, ATTRIBUTES}),
    "liquid": frozenset({LIQUID}),
    "mdbook": frozenset({MDBOOK, FOOTNOTES, ALERTS}),
    "kramdown": frozenset({ATTRIBUTES, FOOTNOTES}),
}
# JSX components whose children are not prose but names the component reads (Starlight's
# FileTree: a list of file names, `src/` a folder): kept verbatim, like code.
RAW_COMPONENTS = frozenset({"FileTree"})
# Shortcode parameters and JSX attributes whose values are prose, extracted as their own entries.
PROSE_PARAMETERS = ("title", "alt", "caption", "summary", "description", "label")

# A Hugo shortcode: `{{< name params >}}`, `{{% /name %}}`, `{{< name />}}`; quoted params may
# hold `>` or `%`. `{{</* name */>}}` is Hugo's way to show one literally, so it is text.
SHORTCODE = re.compile(
    r"""\{\{(?:(?P<angle><)|%)[ \t\r\n]*(?P<closing>/)?[ \t\r\n]*(?P<name>[\w.-][\w./-]*)"""
    r"""(?P<params>(?:"(?:\\.|[^"\\])*"|`[^`]*`|[^"`<>%}])*?)[ \t\r\n]*(?P<selfclosing>/)?"""
    r"""[ \t\r\n]*(?(angle)>|%)\}\}"""
)
SHORTCODE_OPEN = re.compile(r"\{\{[<%](?![ \t]*/\*)")
SHORTCODE_PARAMETER = re.compile(r"""(?P<key>[\w-]+)=(?P<quote>")(?P<value>(?:\\.|[^"\\])*)\"""")
LIQUID_TAG = re.compile(r"\{%-?[\s\S]*?-?%\}|\{\{-?(?![<%#])[\s\S]*?-?\}\}")
LIQUID_OPEN = re.compile(r"\{%")
MDBOOK_TAG = re.compile(r"\{\{#[\s\S]*?\}\}")
ATTRIBUTE_ITEM = r"""(?:[#.][\w:-]+|[\w:-]+(?:=(?:"[^"\n]*"|'[^'\n]*'|[^\s}]+))?)"""
ATTRIBUTE_LIST = re.compile(
    rf"(?<!\{{)\{{:?[ \t]*{ATTRIBUTE_ITEM}(?:[ \t]+{ATTRIBUTE_ITEM})*[ \t]*\}}(?!\}})"
)
# A JSX tag: name, then attributes with quoted or braced values (one level of nesting).
JSX_TAG = re.compile(
    r"""<(?P<closing>/)?(?P<name>[A-Za-z][\w.:-]*)?"""
    r"""(?P<attrs>(?:"[^"]*"|'[^']*'|\{(?:[^{}]|\{[^{}]*\})*\}|[^<>"'{}/]|/(?!>))*)"""
    r"""(?P<selfclosing>/)?>"""
)
JSX_ATTRIBUTE = re.compile(r"""(?P<key>[\w:-]+)=(?P<quote>["'])(?P<value>.*?)(?P=quote)""", re.S)
EXPRESSION = re.compile(r"\{(?:[^{}]|\{[^{}]*\})*\}")
EMOJI_CODE = re.compile(r":[a-z][a-z0-9_+-]*:")

# Inline syntax per feature: what must stay verbatim in a msgid.
INLINE: dict[str, re.Pattern[str]] = {
    SHORTCODES: SHORTCODE,
    LIQUID: LIQUID_TAG,
    MDBOOK: MDBOOK_TAG,
    JSX: re.compile(rf"{JSX_TAG.pattern}|{EXPRESSION.pattern}"),
    ATTRIBUTES: ATTRIBUTE_LIST,
    EMOJI: EMOJI_CODE,
}
ALL_FEATURES = frozenset().union(*PROFILES.values())


def features(syntax: Iterable[str]) -> frozenset[str]:
    """The features of the named profiles (names are validated by the config)."""
    return frozenset().union(*(PROFILES[name] for name in syntax))


def syntax_tokens(text: str, enabled: frozenset[str] = ALL_FEATURES) -> list[str]:
    """The inline syntax of `text`, in order: shortcodes, tags, attribute lists..."""
    found: list[tuple[int, str]] = []
    taken: list[tuple[int, int]] = []
    for feature in (SHORTCODES, MDBOOK, LIQUID, JSX, ATTRIBUTES, EMOJI):
        if feature not in enabled:
            continue
        for match in INLINE[feature].finditer(text):
            start, end = match.span()
            if any(a < end and start < b for a, b in taken):
                continue  # inside a shortcode already found (`{{< x >}}` holds `<`...)
            taken.append((start, end))
            found.append((start, match.group(0)))
    return [token for _, token in sorted(found)]


def syntax_spans(text: str, enabled: frozenset[str] = ALL_FEATURES) -> list[tuple[int, int]]:
    """Where the inline syntax of `text` is, as (start, end) offsets in order."""
    spans: list[tuple[int, int]] = []
    position = 0
    for token in syntax_tokens(text, enabled):
        start = text.index(token, position)
        spans.append((start, start + len(token)))
        position = start + len(token)
    return spans
