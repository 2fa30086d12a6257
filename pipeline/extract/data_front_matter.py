"""TOML (`+++`) and JSON (`{ }`) front matter -> the top-level string values with their spans.

Values are located in the text, not re-serialized, so a document is written back byte for byte
but for the values translated. tomlkit validates TOML (comments and order are the file's own);
the standard library reads JSON.
"""

from __future__ import annotations

import json
import re
from pathlib import Path
from typing import TYPE_CHECKING

from pipeline.errors import PipelineError

if TYPE_CHECKING:
    from tomlkit.exceptions import ParseError

TOML_OPEN = re.compile(r"\+\+\+[ \t]*(?:\r\n|\r|\n)")
TOML_CLOSE = re.compile(r"^\+\+\+[ \t]*(?:\r\n|\r|\n|$)", re.MULTILINE)
JSON_OPEN = re.compile(r"\{[ \t]*(?:\r\n|\r|\n)")
TOML_TABLE = re.compile(r"^[ \t]*\[", re.MULTILINE)
TOML_KEY = re.compile(r"""^[ \t]*(?P<key>[A-Za-z0-9_-]+|"[^"\n]*"|'[^'\n]*')[ \t]*=[ \t]*""", re.M)
TOML_STRING = re.compile(
    r'"""[\s\S]*?"""(?!")|\'\'\'[\s\S]*?\'\'\'(?!\')|"(?:\\.|[^"\\\n])*"|\'[^\'\n]*\''
)
DECODER = json.JSONDecoder()
# (key, value, start, end, 1-based line) of one string value.
Value = tuple[str, str, int, int, int]


def toml_front_matter(text: str, path: Path) -> tuple[list[Value], int] | None:
    """Values and where the block ends, for a document opening with `+++`; None otherwise."""
    opening = TOML_OPEN.match(text)
    if opening is None:
        return None
    closing = TOML_CLOSE.search(text, opening.end())
    if closing is None:
        raise PipelineError("front matter opened with '+++' is never closed", path, 1)
    source = text[opening.end() : closing.start()]
    # Imported here: most projects have no TOML front matter, and tomlkit is slow to import.
    import tomlkit
    from tomlkit.exceptions import ParseError

    try:
        data = tomlkit.parse(source).unwrap()
    except ParseError as err:
        raise PipelineError(
            f"invalid TOML front matter: {_reason(err)}", path, err.line + 1
        ) from None
    top = TOML_TABLE.search(source)
    region = source[: top.start()] if top else source
    values: list[Value] = []
    for found in TOML_KEY.finditer(region):
        key = found.group("key").strip("\"'")
        value = data.get(key)
        strings = [value] if isinstance(value, str) else value if isinstance(value, list) else []
        literals = _toml_literals(region, found.end(), isinstance(value, list))
        if len(literals) != len(strings) or not all(isinstance(s, str) for s in strings):
            continue
        for string, (start, end) in zip(strings, literals, strict=True):
            offset = opening.end() + start
            values.append((key, string, offset, opening.end() + end, _line(text, offset)))
    return values, closing.end()


def _reason(err: ParseError) -> str:
    return str(err).split(" at line ")[0]


def _toml_literals(region: str, start: int, is_array: bool) -> list[tuple[int, int]]:
    """Spans of the string literal (or the array's string items) that starts at `start`."""
    if not is_array:
        found = TOML_STRING.match(region, start)
        return [found.span()] if found else []
    spans = []
    position = start + 1
    depth = 1
    while position < len(region) and depth:
        char = region[position]
        found = TOML_STRING.match(region, position)
        if found:
            spans.append(found.span())
            position = found.end()
            continue
        if char == "#":
            position = region.find("\n", position) % (len(region) + 1)
            continue
        depth += {"[": 1, "]": -1}.get(char, 0)
        position += 1
    return spans


def json_front_matter(text: str, path: Path) -> tuple[list[Value], int] | None:
    """Values and where the object (with its line ending) ends, for a document opening with `{`."""
    if JSON_OPEN.match(text) is None:
        return None
    try:
        _, end = DECODER.raw_decode(text)
    except json.JSONDecodeError as err:
        raise PipelineError(f"invalid JSON front matter: {err.msg}", path, err.lineno) from None
    newline = re.compile(r"[ \t]*(?:\r\n|\r|\n|$)").match(text, end)
    if newline is None:
        raise PipelineError("JSON front matter must end its line with '}'", path, _line(text, end))
    return _json_values(text), newline.end()


def _json_values(text: str) -> list[Value]:
    """Walk the top-level object key by key, recording where each string value lies."""
    values: list[Value] = []
    position = _skip(text, text.index("{") + 1)
    while text[position] == '"':
        key, position = json.decoder.scanstring(text, position + 1)  # type: ignore[attr-defined]
        position = _skip(text, _skip(text, position) + 1)  # past ':'
        if text[position] == "[":
            position = _skip(text, position + 1)
            while text[position] != "]":
                position = _json_value(text, key, position, values)
            position = _skip(text, position + 1)
            if text[position] == ",":
                position = _skip(text, position + 1)
        else:
            position = _json_value(text, key, position, values)
    return values


def _json_value(text: str, key: str, position: int, values: list[Value]) -> int:
    """Record a string value at `position`; return where the next item starts."""
    value, end = DECODER.raw_decode(text, position)
    if isinstance(value, str):
        values.append((key, value, position, end, _line(text, position)))
    end = _skip(text, end)
    return _skip(text, end + 1) if text[end] == "," else end


def _skip(text: str, position: int) -> int:
    while text[position] in " \t\r\n":
        position += 1
    return position


def _line(text: str, offset: int) -> int:
    return text.count("\n", 0, offset) + 1
