"""One setting of pipeline.yaml -> its value, validated, or a PipelineError at its line."""

from __future__ import annotations

import os
import re
from collections.abc import Mapping, Sequence
from pathlib import Path
from types import MappingProxyType
from typing import Any

from babel import Locale, UnknownLocaleError
from ruamel.yaml.comments import CommentedMap, CommentedSeq

from pipeline.errors import PipelineError

SOURCE_LANGUAGE = "en"
"""The language of `source/`: never a locale to translate into."""

# Each key: (expected type, its description in errors). Unknown keys are errors so typos surface.
KEYS: dict[str, str] = {
    "source": "a folder name",
    "locales": "a list of locale codes",
    "front_matter": "a list of front matter keys",
    "min_coverage": "a percentage from 0 to 100",
    "reports": "a folder name",
    "checks": "a mapping of check names to error, warning, info or off",
    "allowed_url_patterns": "a list of regular expressions",
    "sites": "a mapping of site names to their settings (generator, output, ...)",
    "tm": "a list of TMX files (translation memories for update)",
    "glossary": "a list of glossary files (TBX, or CSV with term,translation,status,note)",
    "syntax": "a list of syntax profiles",
}
# Site syntax profiles (extract/profiles.py says what each one reads), and those that the
# `generator` of each site in `sites:` implies when `syntax:` is not given (a site's name is
# the user's own: `docs: {generator: hugo}` reads Hugo syntax). Docusaurus reads `.md` as MDX,
# and its profile holds all of `mdx`; Starlight's pages are MDX with `:::note` asides.
SYNTAX_PROFILES = ("hugo", "mkdocs-material", "mdx", "docusaurus", "liquid", "mdbook", "kramdown")
GENERATOR_SYNTAX: dict[str, tuple[str, ...]] = {
    "hugo": ("hugo",),
    "mkdocs": ("mkdocs-material",),
    "docusaurus": ("docusaurus", "mdx"),
    "starlight": ("mdx",),
}
SEVERITIES = ("error", "warning", "info", "off")
NO_ENTRIES: Mapping[str, Any] = MappingProxyType({})


def file_list(data: CommentedMap, key: str, path: Path) -> tuple[Path, ...]:
    """`tm:` and `glossary:`: files relative to the project, each one there."""
    names = string_list(data, key, path)
    files = []
    for index, name in enumerate(names):
        file = path.parent / name
        if not file.is_file():
            items = data[key]
            line = (
                item_line(items, index) if isinstance(items, CommentedSeq) else key_line(data, key)
            )
            raise PipelineError(f"{key}: no such file {name!r}", path, line)
        files.append(file)
    return tuple(files)


def folder_inside(data: CommentedMap, key: str, path: Path, default: str | None = None) -> Path:
    """`key`'s folder, which must be inside the project: the pipeline writes nowhere else."""
    root = path.parent
    folder = Path(os.path.normpath(root / string_value(data, key, path, default=default)))
    if not folder.is_relative_to(root) or (
        folder.exists() and not folder.resolve().is_relative_to(root.resolve())
    ):
        raise PipelineError(
            f"{key!r} must be a folder inside the project ({root}), not {data.get(key)!r}",
            path,
            key_line(data, key),
        )
    return folder


def url_patterns(data: CommentedMap, path: Path) -> tuple[re.Pattern[str], ...]:
    """`allowed_url_patterns`, compiled once here so that a bad one is reported at its line."""
    patterns = []
    for index, pattern in enumerate(string_list(data, "allowed_url_patterns", path)):
        try:
            patterns.append(re.compile(pattern))
        except re.error as err:
            items = data["allowed_url_patterns"]
            line = item_line(items, index) if isinstance(items, CommentedSeq) else 1
            message = f"allowed_url_patterns: {pattern!r} is not a regular expression: {err}"
            raise PipelineError(message, path, line) from None
    return tuple(patterns)


def validate_locale(code: str) -> str:
    """Return the canonical Babel identifier for `code`, or raise ValueError saying why not."""
    try:
        locale = Locale.parse(code.replace("-", "_"))
    except (UnknownLocaleError, ValueError) as err:
        raise ValueError(f"unknown locale {code!r}: Babel says {err}") from None
    canonical = str(locale)
    if canonical != code:
        raise ValueError(f"write locale {code!r} as {canonical!r}, Babel's identifier")
    return canonical


def locale_list(data: CommentedMap, path: Path) -> tuple[str, ...]:
    codes = string_list(data, "locales", path)
    if not codes:
        raise PipelineError(
            "'locales' is empty: name at least one locale", path, key_line(data, "locales")
        )
    seen: set[str] = set()
    items: CommentedSeq = data["locales"]
    for index, code in enumerate(codes):
        line = item_line(items, index)
        try:
            validate_locale(code)
        except ValueError as err:
            raise PipelineError(str(err), path, line) from None
        if code in seen:
            raise PipelineError(f"locale {code!r} is listed twice", path, line)
        if code == SOURCE_LANGUAGE:
            raise PipelineError(f"locale {code!r} is the source language", path, line)
        seen.add(code)
    return tuple(codes)


def syntax_setting(data: CommentedMap, path: Path, generators: Sequence[str]) -> tuple[str, ...]:
    """`syntax:` as written, or what the `generators` of the sites in `sites:` imply."""
    if "syntax" not in data:
        implied = (name for generator in generators for name in GENERATOR_SYNTAX[generator])
        return tuple(dict.fromkeys(implied))
    names = string_list(data, "syntax", path)
    for index, name in enumerate(names):
        if name not in SYNTAX_PROFILES:
            raise PipelineError(
                f"unknown syntax {name!r} (known: {', '.join(SYNTAX_PROFILES)})",
                path,
                item_line(data["syntax"], index),
            )
    return tuple(names)


def check_severities(data: CommentedMap, path: Path) -> tuple[Mapping[str, str], Mapping[str, int]]:
    raw = data.get("checks")
    if raw is None:
        return NO_ENTRIES, NO_ENTRIES
    if not isinstance(raw, CommentedMap):
        raise PipelineError(f"'checks' must be {KEYS['checks']}", path, key_line(data, "checks"))
    checks: dict[str, str] = {}
    lines: dict[str, int] = {}
    for name, severity in raw.items():
        line = key_line(raw, name)
        if not isinstance(name, str) or severity not in SEVERITIES:
            raise PipelineError(
                f"check {name!r}: severity must be one of {', '.join(SEVERITIES)}", path, line
            )
        checks[name] = severity
        lines[name] = line
    return MappingProxyType(checks), MappingProxyType(lines)


def string_value(data: CommentedMap, key: str, path: Path, default: str | None = None) -> str:
    value = data.get(key, default)
    if not isinstance(value, str) or not value.strip():
        raise PipelineError(f"{key!r} must be {KEYS[key]}", path, key_line(data, key))
    return value


def string_list(data: CommentedMap, key: str, path: Path) -> list[str]:
    value = data.get(key, [])
    if not isinstance(value, list):
        raise PipelineError(f"{key!r} must be {KEYS[key]}", path, key_line(data, key))
    for index, item in enumerate(value):
        if not isinstance(item, str) or not item.strip():
            line = (
                item_line(value, index) if isinstance(value, CommentedSeq) else key_line(data, key)
            )
            raise PipelineError(f"{key!r}: item {item!r} must be a non-empty string", path, line)
    return [str(item) for item in value]


def percentage(data: CommentedMap, key: str, path: Path) -> float:
    value: Any = data.get(key, 0)
    if isinstance(value, bool) or not isinstance(value, int | float) or not 0 <= value <= 100:
        raise PipelineError(
            f"{key!r} must be {KEYS[key]}, not {value!r}", path, key_line(data, key)
        )
    return float(value)


def key_line(data: CommentedMap, key: Any) -> int:
    """1-based line of `key` in the file (ruamel counts from 0)."""
    try:
        return int(data.lc.key(key)[0]) + 1
    except (KeyError, TypeError):
        return 1


def item_line(items: CommentedSeq, index: int) -> int:
    try:
        return int(items.lc.item(index)[0]) + 1
    except (KeyError, TypeError):
        return 1
