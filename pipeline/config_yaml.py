"""pipeline.yaml's bytes -> a YAML mapping: encoding, nesting depth and syntax, each at its line."""

from __future__ import annotations

import re
from pathlib import Path

from ruamel.yaml import YAML, tokens
from ruamel.yaml.comments import CommentedMap
from ruamel.yaml.error import MarkedYAMLError, YAMLError

from pipeline.errors import PipelineError


def decode_config(raw: bytes, path: Path) -> str:
    """The configuration's text: UTF-8 (a BOM allowed), no NUL; else an error with its line."""
    if raw.startswith((b"\xff\xfe", b"\xfe\xff")) or _looks_like_utf16(raw):
        raise PipelineError("the file is UTF-16; save it as UTF-8", path, 1)
    if b"\0" in raw:
        line = raw.count(b"\n", 0, raw.index(b"\0")) + 1
        raise PipelineError("NUL byte: a configuration is text", path, line)
    try:
        return raw.decode("utf-8-sig")
    except UnicodeDecodeError as err:
        line = raw.count(b"\n", 0, err.start) + 1
        raise PipelineError(f"not valid UTF-8 (byte 0x{raw[err.start]:02x})", path, line) from None


def _looks_like_utf16(raw: bytes) -> bool:
    """UTF-16 without a byte order mark: its ASCII (every key) has a NUL in every other byte."""
    half = len(raw) // 2
    return half > 0 and max(raw[0::2].count(0), raw[1::2].count(0)) > half // 2


# Deeper YAML would exhaust the stack of the recursive composer.
MAX_NESTING = 64
_OPENING = (
    tokens.BlockMappingStartToken,
    tokens.BlockSequenceStartToken,
    tokens.FlowMappingStartToken,
    tokens.FlowSequenceStartToken,
)
_CLOSING = (tokens.BlockEndToken, tokens.FlowMappingEndToken, tokens.FlowSequenceEndToken)
_BRACKETS = {"[": 1, "{": 1, "]": -1, "}": -1}
_ANY_BRACKET = re.compile(r"[\[\]{}]")
_QUOTED_OR_COMMENT = re.compile(r"\"(?:[^\"\\]|\\.)*\"?|'[^']*'?|(?:^|\s)#.*")
# How far into a line a block collection can start: a key, `- `, `? ` or `: ` starts one, and
# a key starts before its `: `; so none starts after the line's last indicator.
_BLOCK_STARTS = re.compile(r"^.*[-?:](?=[ \t\r\n]|$)|^[ \t]*", re.MULTILINE)


def check_nesting(text: str, path: Path | str, first_line: int = 1, what: str = "YAML") -> None:
    """Refuse YAML nested deeper than MAX_NESTING, in time linear in its size.

    Brackets are counted on the text first (the scanner's time grows with the square of their
    depth), then blocks from the token stream. `first_line` is the text's first line in its file.
    """
    message = f"{what} nested more than {MAX_NESTING} levels deep"
    depth = 0
    for line, content in enumerate(text.splitlines(), first_line):
        if not _ANY_BRACKET.search(content):
            continue  # most lines: skipped at C speed (a 5,000-deep block is megabytes)
        for bracket in _ANY_BRACKET.findall(_QUOTED_OR_COMMENT.sub("", content)):
            depth += _BRACKETS[bracket]
            if depth > MAX_NESTING:
                raise PipelineError(message, path, line)
    if _block_depth_bound(text) + text.count("[") + text.count("{") <= MAX_NESTING:
        return  # the token stream cannot nest deeper: skip scanning it (front matter, mostly)
    depth = 0
    try:
        for token in YAML(typ="rt").scan(text):
            depth += isinstance(token, _OPENING) - isinstance(token, _CLOSING)
            if depth > MAX_NESTING:
                raise PipelineError(message, path, token.start_mark.line + first_line)
    except YAMLError:
        return  # the loader reports it, with its place


def _block_depth_bound(text: str) -> int:
    """At least the block nesting depth of `text`: each nested block collection starts at a
    greater column than the one around it, and none after its line's last indicator."""
    return 2 + max((len(found.group(0)) for found in _BLOCK_STARTS.finditer(text)), default=0)


def load_yaml_mapping(text: str, path: Path) -> CommentedMap:
    """Load YAML with the round-trip loader (no arbitrary tags are constructed)."""
    check_nesting(text, path)
    try:
        data = YAML(typ="rt").load(text)
    except MarkedYAMLError as err:
        mark = err.problem_mark or err.context_mark
        line = mark.line + 1 if mark is not None else None
        raise PipelineError(f"invalid YAML: {err.problem or err.context}", path, line) from None
    except YAMLError as err:
        first = str(err).strip().splitlines()[:1] or ["unreadable"]
        raise PipelineError(f"invalid YAML: {first[0]}", path) from None
    if not isinstance(data, CommentedMap):
        raise PipelineError("expected a mapping of settings", path, 1)
    return data
