"""`pipeline locales add` and `remove`: edit pipeline.yaml in place, every other byte as it was."""

from __future__ import annotations

import copy
import difflib
import io
import re
from pathlib import Path

from babel import Locale, UnknownLocaleError
from ruamel.yaml import YAML
from ruamel.yaml.comments import CommentedMap, CommentedSeq

from pipeline.config import Config, read_config
from pipeline.config_values import SOURCE_LANGUAGE
from pipeline.errors import PipelineError
from pipeline.files import write_if_changed


def new_locale(config: Config, code: str) -> str:
    """The Babel identifier for a locale to add (`zh-Hans` -> `zh_Hans`), or PipelineError."""
    try:
        canonical = str(Locale.parse(code.replace("-", "_")))
    except (UnknownLocaleError, ValueError) as err:
        raise PipelineError(f"unknown locale {code!r}: Babel says {err}", config.path) from None
    if canonical.lower() != code.replace("-", "_").lower():
        # Babel falls back silently (en_ZZ -> en_US); a locale must be the one asked for.
        raise PipelineError(f"unknown locale {code!r}: Babel knows only {canonical!r}", config.path)
    if canonical in config.locales:
        raise PipelineError(f"locale {canonical!r} is already configured", config.path)
    if canonical == SOURCE_LANGUAGE:
        raise PipelineError(
            f"locale {canonical!r} is the source language: source/ is its text", config.path
        )
    return canonical


def add_locale(path: Path, code: str) -> str:
    """Append a locale to pipeline.yaml with ruamel's round trip; return its Babel identifier.

    Comments, key order, quoting and the list's style stay as they are; a comment block after
    the list stays after it. If the round trip would touch any line outside the list, the file is
    left alone and the error says to add the locale by hand.
    """
    canonical = new_locale(read_config(path), code)
    raw = path.read_bytes().decode("utf-8")
    text = raw.replace("\r\n", "\n")
    yaml = YAML(typ="rt")
    yaml.preserve_quotes = True
    yaml.width = 4096  # never re-wrap a long value
    data = yaml.load(text)
    items: CommentedSeq = data["locales"]
    key_column = data.lc.key("locales")[1]
    indent = items.lc.item(0)[1] - key_column if items and not items.fa.flow_style() else 2
    yaml.indent(mapping=2, sequence=indent, offset=max(indent - 2, 0))
    if items.fa.flow_style():
        # `[ko, ja]  # comment`: the comment after the list keeps its distance from it.
        after = data.ca.items.get("locales", [None] * 4)[2]
        if after is not None:
            after.column += len(f", {canonical}")
        items.append(canonical)
    else:
        _append_item(items, canonical, Locale.parse(canonical).english_name or canonical)
    stream = io.StringIO()
    yaml.dump(data, stream)
    new_text = stream.getvalue()
    _check_only_locales_changed(text, new_text, data, path)
    if "\r\n" in raw:
        new_text = new_text.replace("\n", "\r\n")
    write_if_changed(path, new_text.encode("utf-8"))
    return canonical


def _append_item(items: CommentedSeq, code: str, name: str) -> None:
    """Append `code`; when the items have end-of-line comments, give it one with its name."""
    last = len(items) - 1
    items.append(code)
    tokens = items.ca.items.get(last)
    if not tokens or tokens[0] is None:
        return
    # The last item's comment token also holds what follows the list (blank lines, the next
    # section's comment): it moves to the new last item so the new line goes inside the list.
    token = tokens[0]
    own, _, rest = token.value.partition("\n")
    following = copy.copy(token)
    following.value = (f"# {name}" if own.strip() else "") + "\n" + rest
    token.value = own + "\n"
    items.ca.items[last + 1] = [following, None, None, None]


def _check_only_locales_changed(old: str, new: str, data: CommentedMap, path: Path) -> None:
    first = data.lc.key("locales")[0]
    items: CommentedSeq = data["locales"]
    last = items.lc.item(len(items) - 2)[0] if len(items) > 1 else first
    lines = difflib.SequenceMatcher(None, old.splitlines(), new.splitlines(), autojunk=False)
    for tag, start, end, _, _ in lines.get_opcodes():
        if tag != "equal" and not (first <= start and end <= last + 1):
            raise PipelineError(
                "cannot add the locale without reformatting this file; add it by hand",
                path,
                start + 1,
            )


def remove_locale(path: Path, code: str) -> None:
    """Take `code` out of the `locales:` list of pipeline.yaml, every other byte as it was."""
    config = read_config(path)
    if code not in config.locales:
        known = ", ".join(config.locales)
        raise PipelineError(f"locale {code!r} is not in the configuration ({known})", path)
    if len(config.locales) == 1:
        raise PipelineError(f"cannot remove {code!r}: it is the only locale", path)
    raw = path.read_bytes().decode("utf-8")
    data = YAML(typ="rt").load(raw)
    items: CommentedSeq = data["locales"]
    index = list(items).index(code)
    row = items.lc.item(index)[0]
    lines = raw.splitlines(keepends=True)
    if items.fa.flow_style():
        # `[ko, ja, ta]`: drop the item and the comma on one side of it.
        name = rf"(?<![\w-]){re.escape(code)}(?![\w-])"
        lines[row] = re.sub(rf"{name}\s*,\s*|,\s*{name}(?=\s*\])", "", lines[row], count=1)
    else:
        del lines[row]
    write_if_changed(path, "".join(lines).encode("utf-8"))
    read_config(path)  # the file must still be a valid configuration
