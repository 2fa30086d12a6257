"""Document + msgstrs -> localized Markdown: translations spliced in, `lang` in front matter."""

from __future__ import annotations

import json
import re
from collections.abc import Mapping, Sequence

from ruamel.yaml import YAML
from ruamel.yaml.nodes import MappingNode

from pipeline.checks.splicing import safe_translation
from pipeline.extract.documents import FRONT_MATTER_OPEN, NEWLINE, Document
from pipeline.extract.segments import FRONT_MATTER, Segment
from pipeline.extract.splicing import splice

# Front matter that names one of these keys (or is a flow mapping) needs a YAML-aware edit.
RESERVED = re.compile(r"^(?:\{|[\"']?(?:lang|translation)[\"']?[ \t]*:)", re.MULTILINE)


def render_localized_markdown(
    document: Document,
    segments: Sequence[Segment],
    msgstrs: Mapping[str, str],
    lang: str,
    status: Mapping[str, object],
) -> bytes:
    """The source with translations spliced in by span, plus `lang` and `translation` keys.

    Each translation is made safe first (`checks.splicing`): it keeps its segment's block kind
    and adds no raw HTML, attribute list or unsafe link.
    """

    def spliced(segment: Segment) -> str | None:
        translation = msgstrs.get(segment.text)
        if translation is None:
            return None
        return safe_translation(segment.kind, segment.text, translation).text

    localized = splice(document.text, segments, spliced)
    newline = _newline(document.text)
    values = {"lang": _yaml(lang), "translation": _yaml_flow(status)}
    block = [f"lang: {values['lang']}", "translation:"]
    block += [f"  {key}: {_yaml(value)}" for key, value in status.items()]
    added = "".join(line + newline for line in block)
    if not document.front_matter_end:
        localized = f"---{newline}{added}---{newline}{localized}"
    else:
        head = [s for s in segments if s.kind == FRONT_MATTER]
        head_end = len(
            splice(document.text[: document.front_matter_end], head, lambda s: msgstrs.get(s.text))
        )
        opened = FRONT_MATTER_OPEN.match(localized)
        if opened is None and FRONT_MATTER_OPEN.match(document.text) is None:
            # TOML or JSON front matter: the keys are added in its own syntax.
            localized = _data_front_matter(localized, head_end, lang, status, newline)
            return (("\ufeff" if document.bom else "") + localized).encode("utf-8")
        if opened is None:
            raise RuntimeError(f"{document.path}: front matter lost its opening line")
        closing = _line_start(localized, head_end)
        yaml_text = localized[opened.end() : closing]
        if RESERVED.search(yaml_text):
            yaml_text = _edit_yaml(yaml_text, values, added)
        else:
            yaml_text += added
        localized = localized[: opened.end()] + yaml_text + localized[closing:]
    return (("\ufeff" if document.bom else "") + localized).encode("utf-8")


def _data_front_matter(
    localized: str, head_end: int, lang: str, status: Mapping[str, object], newline: str
) -> str:
    """`lang` and `translation` in TOML (through tomlkit, which keeps the rest as written and
    puts new keys before the first table) or JSON (inserted after the opening brace)."""
    head, rest = localized[:head_end], localized[head_end:]
    opening = head.index("\n") + 1 if "\n" in head else len(head)
    closing = _line_start(localized, head_end)
    if head.startswith("+++"):
        import tomlkit  # here: only TOML front matter needs it, and it is slow to import

        data = tomlkit.parse(head[opening:closing])
        data["lang"] = lang
        table = tomlkit.inline_table()
        table.update(dict(status))
        data["translation"] = table
        return head[:opening] + tomlkit.dumps(data) + head[closing:] + rest
    empty = not head[opening:closing].strip()
    added = f'  "lang": {json.dumps(lang)},{newline}  "translation": '
    added += json.dumps(dict(status), ensure_ascii=False) + ("" if empty else ",") + newline
    return head[:opening] + added + head[opening:] + rest


def _newline(text: str) -> str:
    found = NEWLINE.search(text)
    return found.group(0) if found else "\n"


def _line_start(text: str, end: int) -> int:
    """Start of the last line of `text[:end]` (the front matter's closing `---`)."""
    body = text[:end].rstrip("\r\n")
    return max(body.rfind("\n"), body.rfind("\r")) + 1


def _yaml(value: object) -> str:
    """A YAML scalar every parser reads alike: strings double-quoted (think of `lang: no`)."""
    return json.dumps(value, ensure_ascii=False)


def _yaml_flow(values: Mapping[str, object]) -> str:
    return "{" + ", ".join(f"{key}: {_yaml(value)}" for key, value in values.items()) + "}"


def _edit_yaml(yaml_text: str, values: Mapping[str, str], added: str) -> str:
    """Front matter that already has `lang`/`translation`, or is a flow mapping: edit in place."""
    root = YAML(typ="rt").compose(yaml_text)  # compose only: no tag is ever constructed
    if not isinstance(root, MappingNode):
        return yaml_text + added
    edits: list[tuple[int, int, str]] = []
    for key_node, value_node in root.value:
        if key_node.value in values:
            start, end = value_node.start_mark.index, value_node.end_mark.index
            if start == end:  # `lang:` with no value: write it right after the colon
                start = end = yaml_text.index(":", key_node.end_mark.index) + 1
            end = start + len(yaml_text[start:end].rstrip("\r\n \t"))
            space = " " if yaml_text[start - 1 : start] == ":" else ""
            edits.append((start, end, space + values[key_node.value]))
    present = {str(key.value) for key, _ in root.value}
    missing = [key for key in values if key not in present]
    tail = ""
    if root.flow_style and missing:
        brace = root.end_mark.index - 1
        entries = ", ".join(f"{key}: {values[key]}" for key in missing)
        edits.append((brace, brace, (", " if root.value else "") + entries))
    elif missing:
        lines = added.splitlines(keepends=True)
        tail = "".join(_block_for(key, lines) for key in missing)
    for start, end, text in sorted(edits, reverse=True):
        yaml_text = yaml_text[:start] + text + yaml_text[end:]
    return yaml_text + tail


def _block_for(key: str, lines: list[str]) -> str:
    """The lines of `added` that belong to top-level `key` (its line and its indented ones)."""
    out: list[str] = []
    taking = False
    for line in lines:
        if not line.startswith(" "):
            taking = line.startswith(f"{key}:")
        if taking:
            out.append(line)
    return "".join(out)
