"""TMX files named under `tm:` -> an extra translation memory for `update`.

A message still untranslated after merging and the project's own memory gets the translation of
a TMX unit whose English segment is exactly its msgid, flagged fuzzy (a translator confirms it in
context) with a translator comment naming the file it came from. Segments are read as text with
the native code inside `<bpt>`, `<ept>`, `<ph>` and `<it>` kept, which is what our export writes
and what CAT tools store for Markdown. The first file and unit that offers a text wins.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from dataclasses import replace
from pathlib import Path

from pipeline.errors import PipelineError
from pipeline.po import Catalog, Message
from pipeline.xmltree import XML_LANG, Element, read_xml

Memory = dict[str, tuple[str, str]]
"""English text -> (translation, file name it came from), for one locale."""


def read_tm(paths: Sequence[Path], tag: str) -> Memory:
    """Units of every TMX file for the BCP 47 tag `tag` (language matched case-insensitively)."""
    memory: Memory = {}
    for path in paths:
        root = read_xml(path)
        if root.name != "tmx" or root.find("body") is None:
            raise PipelineError("not a TMX document (no <tmx> with a <body>)", path, root.line)
        header = root.find("header")
        source = (header.attrib.get("srclang", "en") if header is not None else "en").lower()
        for unit in root.find("body").find_all("tu"):  # type: ignore[union-attr]
            texts = {_language(tuv, path): _segment(tuv, path) for tuv in unit.find_all("tuv")}
            english, translation = texts.get(source), texts.get(tag.lower())
            if english and translation and english not in memory:
                memory[english] = (translation, path.name)
    return memory


def _language(tuv: Element, path: Path) -> str:
    language = tuv.attrib.get(XML_LANG) or tuv.attrib.get("lang")
    if not language:
        raise PipelineError("<tuv> without xml:lang", path, tuv.line)
    return language.lower().replace("_", "-")


def _segment(tuv: Element, path: Path) -> str:
    seg = tuv.find("seg")
    if seg is None:
        raise PipelineError("<tuv> without <seg>", path, tuv.line)
    return seg.text


def fill_from_tm(catalogs: Mapping[str, Catalog], memory: Memory) -> dict[str, Catalog]:
    """Every catalog of one locale with TM matches filled in (fuzzy, origin named)."""
    if not memory:
        return dict(catalogs)
    return {doc_id: _fill(catalog, memory) for doc_id, catalog in catalogs.items()}


def _fill(catalog: Catalog, memory: Memory) -> Catalog:
    messages = [_suggest(m, memory) for m in catalog.messages]
    return replace(catalog, messages=tuple(messages))


def _suggest(message: Message, memory: Memory) -> Message:
    empty = not message.msgstr and message.msgid_plural is None and not message.obsolete
    found = memory.get(message.msgid) if empty else None
    if found is None:
        return message
    translation, origin = found
    comment = f"suggested from translation memory {origin}"
    comments = message.translator_comments
    comments = comments if comment in comments else (*comments, comment)
    flags = message.flags if "fuzzy" in message.flags else ("fuzzy", *message.flags)
    return replace(message, msgstr=translation, flags=flags, translator_comments=comments)
