"""The front matter most documents have, read without the YAML parser (whose pure-Python
composer was a third of reading a document).

Plain form: top-level `key: value` lines, where a value is a plain scalar on one line, a quoted
string without escapes, or, after a bare `key:`, one block of `- value` items or of
`name: value` pairs indented alike; comments and empty lines between. Everything else (flow
collections, multi-line or block scalars, escapes, anchors, tags, tabs, deeper nesting, a key
given twice) returns None, and the caller composes the YAML as before. Plain scalars are typed
by ruamel's own resolver, so `2024-07-17` or `true` is no string here either. The property
test checks every value and span against the composer on generated front matter.
"""

from __future__ import annotations

import functools
import re

from ruamel.yaml.nodes import ScalarNode
from ruamel.yaml.resolver import VersionedResolver

from pipeline.extract.data_front_matter import Value

STRING_TAG = "tag:yaml.org,2002:str"
# What else a plain scalar may resolve to here; `=` (value) and `<<` (merge) go to the composer,
# which refuses them as tags that are not plain data.
OTHER_TAGS = frozenset(
    f"tag:yaml.org,2002:{name}" for name in ("int", "float", "bool", "null", "timestamp")
)
KEY = re.compile(r"([A-Za-z_][A-Za-z0-9_-]*):(?: +|$)")
ITEM = re.compile(r"( *)- +")
NESTED_KEY = re.compile(r"( +)[A-Za-z_][A-Za-z0-9_-]*:(?: +|$)")
# A plain scalar: no indicator first, no ` #`/`: ` inside, no `:` last (or the YAML means more).
PLAIN = re.compile(r"[^\s\-?:,\[\]{}#&*!|>'\"%@`](?:[^#:\t]|:(?! |$))*")
QUOTED = re.compile(r"\"[^\"\\]*\"|'[^']*'")
# Characters the YAML reader refuses or reads as line breaks, and carriage returns and tabs.
UNUSUAL = re.compile(
    r"[^\n\x20-\x7e\xa0-\u2027\u202a-\ud7ff\ue000-\ufefe\uff00-\ufffd\U00010000-\U0010ffff]"
)


@functools.cache
def _resolver() -> VersionedResolver:
    return VersionedResolver(version=(1, 2))


def plain_fields(yaml_text: str, offset: int) -> list[Value] | None:
    """(key, value, start, end, line) of each string value, as `_fields` finds them; None when
    the text is not in the plain form. `offset` is where `yaml_text` starts in the document."""
    if UNUSUAL.search(yaml_text) or not yaml_text.endswith("\n"):
        return None
    values: list[Value] = []
    keys: set[str] = set()
    key = ""
    block: str | None = None  # the nested block of the last bare `key:`: "", "items" or "pairs"
    indent = -1
    position = offset
    for number, line in enumerate(yaml_text[:-1].split("\n"), 2):
        start, position = position, position + len(line) + 1
        if not line or line.startswith("#"):
            continue
        found = KEY.match(line)
        if found is not None:
            key = found.group(1)
            if key in keys:
                return None
            keys.add(key)
            rest = line[found.end() :]
            if not rest:
                block, indent = "", -1
                continue
            block = None
            value = _scalar(rest, start + found.end(), number)
            if value is None:
                return None
            if value[0]:
                values.append((key, *value))
            continue
        if block is None:
            return None  # an indented line after a value: a multi-line scalar, say
        item = ITEM.match(line)
        nested = NESTED_KEY.match(line) if item is None else None
        kind, match = ("items", item) if item is not None else ("pairs", nested)
        if match is None or block not in ("", kind) or indent not in (-1, len(match.group(1))):
            return None
        if kind == "pairs" and not line[match.end() :]:
            return None  # a bare nested key: nesting deeper than the plain form goes
        block, indent = kind, len(match.group(1))
        value = _scalar(line[match.end() :], start + match.end(), number)
        if value is None:
            return None
        if value[0] and kind == "items":
            values.append((key, *value))
    return values if keys else None


def _scalar(text: str, start: int, line: int) -> tuple[str, int, int, int] | None:
    """(value if a non-blank string else "", start, end, line) of one scalar, or None."""
    text = text.rstrip(" ")
    if not text:
        return None
    if QUOTED.fullmatch(text):
        value = text[1:-1]
    elif PLAIN.fullmatch(text):
        value = text
        tag = str(_resolver().resolve(ScalarNode, value, (True, False)))
        if tag != STRING_TAG:
            if tag not in OTHER_TAGS:
                return None
            value = ""
    else:
        return None
    return (value if value.strip() else ""), start, start + len(text), line
