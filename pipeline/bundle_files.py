"""Document + catalog -> the three files of one bundle: localized Markdown, JSON with HTML, `.mo`.

Pure: `bundles.write_bundles` reads the inputs and writes what `render_bundle` returns. The text
"in use" for a segment is the msgstr of its msgid when the catalog has it translated (not fuzzy,
not empty), else the English source, which is every segment's text when the pair falls below the
publishing threshold (status `fallback`).
"""

from __future__ import annotations

import json
import re
import struct
from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass
from typing import Any

from babel.messages.plurals import get_plural
from ruamel.yaml import YAML
from ruamel.yaml.nodes import MappingNode

from pipeline.documents import FRONT_MATTER_OPEN, NEWLINE, Document
from pipeline.html import Page, build_page, render_html
from pipeline.locales import LocaleInfo
from pipeline.manifest import FALLBACK, Coverage, build_status
from pipeline.po import Catalog, Message
from pipeline.segments import FRONT_MATTER, Segment, splice
from pipeline.words import count_words

SOURCE_LANG = "en"
# Front matter that names one of these keys (or is a flow mapping) needs a YAML-aware edit.
RESERVED = re.compile(r"^(?:\{|[\"']?(?:lang|translation)[\"']?[ \t]*:)", re.MULTILINE)


@dataclass(frozen=True, slots=True)
class Translations:
    """What a bundle needs of one catalog (kept small: every stale catalog is read first)."""

    sha256: str | None
    """Of the catalog file; None when the locale has no catalog for the document."""
    header: str
    """The header's msgstr, written to the `.mo` as msgfmt does."""
    msgstrs: Mapping[str, str]
    """msgid -> msgstr of each translated message without msgctxt or plural."""
    fuzzy: frozenset[str]
    outdated: frozenset[str]
    """Fuzzy msgids with a previous msgid: the source changed after they were translated."""
    compiled: tuple[tuple[str, str], ...]
    """The `.mo` entries of every translated message (fuzzy ones left out, as msgfmt does)."""


def build_translations(catalog: Catalog | None, sha256: str | None, locale: str) -> Translations:
    if catalog is None:
        return Translations(None, default_header(locale), {}, frozenset(), frozenset(), ())
    active = [m for m in catalog.messages if not m.obsolete]
    return Translations(
        sha256=sha256,
        header=catalog.header.msgstr,
        msgstrs={
            m.msgid: m.msgstr
            for m in active
            if m.translated and m.msgctxt is None and m.msgid_plural is None
        },
        fuzzy=frozenset(m.msgid for m in active if m.fuzzy),
        outdated=frozenset(m.msgid for m in active if m.fuzzy and m.previous_msgid is not None),
        compiled=tuple(_compiled(m) for m in active if m.translated),
    )


def default_header(locale: str) -> str:
    """The `.mo` header when the locale has no catalog yet."""
    fields = [
        ("Language", locale),
        ("MIME-Version", "1.0"),
        ("Content-Type", "text/plain; charset=UTF-8"),
        ("Content-Transfer-Encoding", "8bit"),
        ("Plural-Forms", str(get_plural(locale))),
    ]
    return "".join(f"{name}: {value}\n" for name, value in fields)


def _compiled(message: Message) -> tuple[str, str]:
    key = message.msgid if message.msgctxt is None else f"{message.msgctxt}\x04{message.msgid}"
    if message.msgid_plural is None:
        return key, message.msgstr
    return f"{key}\0{message.msgid_plural}", "\0".join(message.msgstr_plural)


@dataclass(frozen=True, slots=True)
class Prepared:
    """A source document with what every locale's bundle reuses."""

    document: Document
    segments: tuple[Segment, ...]
    page: Page
    sha256: str
    words: Mapping[str, int]
    """Distinct msgids (the template's entries) in order, with their source word counts."""


def prepare(document: Document, segments: Sequence[Segment], sha256: str) -> Prepared:
    # Words as `coverage --by words` counts them, so both reports agree.
    words = {segment.text: count_words(segment.text) for segment in segments}
    return Prepared(document, tuple(segments), build_page(document, segments), sha256, words)


@dataclass(frozen=True, slots=True)
class Rendered:
    """The three files of one bundle, and the facts the manifest records about them."""

    status: str
    coverage: Coverage
    markdown: bytes
    json: bytes
    mo: bytes


def measure(prepared: Prepared, translations: Translations) -> Coverage:
    done = [text for text in prepared.words if text in translations.msgstrs]
    return Coverage(
        translated=len(done),
        fuzzy=sum(1 for text in prepared.words if text in translations.fuzzy),
        total=len(prepared.words),
        words_translated=sum(prepared.words[text] for text in done),
        words_total=sum(prepared.words.values()),
    )


def render_bundle(
    prepared: Prepared, info: LocaleInfo, translations: Translations, min_coverage: float
) -> Rendered:
    """The bundle of one document in one locale."""
    coverage = measure(prepared, translations)
    outdated = sum(1 for text in prepared.words if text in translations.outdated)
    status = build_status(coverage, outdated, min_coverage)
    msgstrs: Mapping[str, str] = {} if status == FALLBACK else translations.msgstrs
    in_use = {i: msgstrs[s.text] for i, s in enumerate(prepared.segments) if s.text in msgstrs}
    status_fields = {
        "status": status,
        "coverage": coverage.strings,
        "source_sha256": prepared.sha256,
    }
    lang = SOURCE_LANG if status == FALLBACK else info.tag
    markdown = render_markdown(prepared.document, prepared.segments, msgstrs, lang, status_fields)
    html = render_html(prepared.page, prepared.segments, in_use, info.tag)
    head = {
        "id": prepared.document.doc_id,
        "locale": info.id,
        "tag": info.tag,
        "direction": info.direction,
        **status_fields,
        "coverage": coverage.to_json(),
    }
    compiled = () if status == FALLBACK else translations.compiled
    return Rendered(
        status=status,
        coverage=coverage,
        markdown=markdown,
        json=render_json(head, prepared.segments, in_use, html),
        mo=render_mo([("", translations.header), *compiled] if translations.header else compiled),
    )


def render_json(
    head: dict[str, Any], segments: Sequence[Segment], in_use: Mapping[int, str], html: str
) -> bytes:
    items = []
    for index, segment in enumerate(segments):
        item: dict[str, Any] = {"kind": segment.kind, "line": segment.line}
        if segment.kind == FRONT_MATTER:
            item["key"] = segment.key
        item |= {"source": segment.text, "text": in_use.get(index, segment.text)}
        item["translated"] = index in in_use
        items.append(item)
    bundle = {**head, "segments": items, "html": html}
    # One line: the C encoder (no indent) is several times faster over thousands of bundles.
    return (json.dumps(bundle, ensure_ascii=False) + "\n").encode("utf-8")


def render_markdown(
    document: Document,
    segments: Sequence[Segment],
    msgstrs: Mapping[str, str],
    lang: str,
    status: Mapping[str, object],
) -> bytes:
    """The source with translations spliced in by span, plus `lang` and `translation` keys."""
    localized = splice(document.text, segments, lambda s: msgstrs.get(s.text))
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
        assert opened is not None
        closing = _line_start(localized, head_end)
        yaml_text = localized[opened.end() : closing]
        if RESERVED.search(yaml_text):
            yaml_text = _edit_yaml(yaml_text, values, added)
        else:
            yaml_text += added
        localized = localized[: opened.end()] + yaml_text + localized[closing:]
    return (("\ufeff" if document.bom else "") + localized).encode("utf-8")


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


def render_mo(entries: Iterable[tuple[str, str]]) -> bytes:
    """A GNU `.mo` file: sorted originals, no hash table (optional in the format), little endian."""
    pairs = sorted((key.encode("utf-8"), value.encode("utf-8")) for key, value in entries)
    count = len(pairs)
    originals, translations = 28, 28 + 8 * count
    offset = 28 + 16 * count
    table: list[int] = []
    for strings in ([k for k, _ in pairs], [v for _, v in pairs]):
        for data in strings:
            table += [len(data), offset]
            offset += len(data) + 1
    header = struct.pack("<7I", 0x950412DE, 0, count, originals, translations, 0, 0)
    data = b"".join(k + b"\0" for k, _ in pairs) + b"".join(v + b"\0" for _, v in pairs)
    return header + struct.pack(f"<{len(table)}I", *table) + data
