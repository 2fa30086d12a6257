"""Untrusted XML (XLIFF, TMX, TBX) -> a small tree with line numbers, and text escaped for XML.

The standard library's expat does the parsing: no dependency, and it reports the line of every
element, which `file:line` errors need (ElementTree drops it). A file from a CAT tool is not
trusted: a DOCTYPE with an internal subset, any entity declaration and any external entity are
refused before expat would expand them, so "billion laughs" and external fetches cannot happen.
"""

from __future__ import annotations

import functools
from dataclasses import dataclass, field
from pathlib import Path
from xml.parsers import expat

from pipeline.errors import PipelineError

XML_NS = "http://www.w3.org/XML/1998/namespace"
XML_LANG = f"{XML_NS}}}lang"
"""The `xml:lang` attribute as `Element.attrib` holds it (expat's `namespace}local`)."""
SKIPPED = frozenset({"note", "notes", "originalData", "context-group", "alt-trans", "prop-group"})
"""Elements no reader here needs: not built, which makes large files much faster to read."""


@dataclass(slots=True)
class Element:
    """One element: its namespaced tag (`{ns}name`), attributes, content and 1-based line."""

    tag: str
    attrib: dict[str, str]
    """As expat gives them: a namespaced attribute is `namespace}local` (see XML_LANG)."""
    line: int
    name: str
    """The tag without its namespace."""
    content: list[str | Element] = field(default_factory=list)
    """Text and child elements, in document order (mixed content: inline codes)."""

    @property
    def children(self) -> list[Element]:
        return [item for item in self.content if isinstance(item, Element)]

    def find(self, name: str) -> Element | None:
        for item in self.content:
            if isinstance(item, Element) and item.name == name:
                return item
        return None

    def find_all(self, name: str) -> list[Element]:
        return [child for child in self.children if child.name == name]

    @property
    def text(self) -> str:
        """All text inside, codes' text included."""
        return "".join(item if isinstance(item, str) else item.text for item in self.content)


class _Builder:
    def __init__(self, parser: expat.XMLParserType, path: Path | str, skip: frozenset[str]) -> None:
        self.parser, self.path, self.skip = parser, path, skip
        self.stack: list[Element] = []
        self.root: Element | None = None
        self.skipping = 0  # depth inside a SKIPPED element

    def refuse(self, *_: object) -> None:
        line = self.parser.CurrentLineNumber
        raise PipelineError("XML entity declarations are not allowed", self.path, line)

    def doctype(self, name: str, sysid: str | None, pubid: str | None, internal: int) -> None:
        if internal:
            self.refuse()

    # The three handlers run for every element and text of large files: kept lean.
    def start(self, raw: str, attrib: dict[str, str]) -> None:
        if self.skipping:
            self.skipping += 1
            return
        tag, name = _tag(raw)
        stack = self.stack
        if name in self.skip and stack:
            self.skipping = 1
            return
        element = Element(tag, attrib, self.parser.CurrentLineNumber, name, [])
        if stack:
            stack[-1].content.append(element)
        else:
            self.root = element
        stack.append(element)

    def end(self, tag: str) -> None:
        if self.skipping:
            self.skipping -= 1
        else:
            self.stack.pop()

    def data(self, text: str) -> None:
        if self.skipping or not self.stack:
            return
        content = self.stack[-1].content
        if content and isinstance(content[-1], str):
            content[-1] += text
        else:
            content.append(text)


def parse_xml(data: bytes, path: Path | str, skip: frozenset[str] = frozenset()) -> Element:
    """The document's root element; malformed or unsafe XML raises PipelineError with its line.

    Elements named in `skip` (and what they hold) are checked for well-formedness, not built.
    """
    parser = expat.ParserCreate(namespace_separator="}")
    builder = _Builder(parser, path, skip)
    parser.buffer_text = True
    parser.ordered_attributes = False
    parser.StartDoctypeDeclHandler = builder.doctype
    parser.EntityDeclHandler = builder.refuse
    parser.ExternalEntityRefHandler = builder.refuse  # type: ignore[assignment]
    parser.StartElementHandler = builder.start
    parser.EndElementHandler = builder.end
    parser.CharacterDataHandler = builder.data
    parser.SetParamEntityParsing(expat.XML_PARAM_ENTITY_PARSING_NEVER)
    try:
        parser.Parse(data, True)
    except expat.ExpatError as error:
        message = expat.errors.messages[error.code]
        raise PipelineError(f"malformed XML: {message}", path, error.lineno) from None
    assert builder.root is not None  # expat refuses a document without an element
    return builder.root


@functools.lru_cache(maxsize=1024)
def _tag(raw: str) -> tuple[str, str]:
    """expat's `namespace}local` as ElementTree's `{namespace}local`, and the local name."""
    namespace, separator, local = raw.rpartition("}")
    return (f"{{{namespace}}}{local}" if separator else local), local


def read_xml(path: Path, skip: frozenset[str] = frozenset()) -> Element:
    try:
        data = path.read_bytes()
    except OSError as error:
        raise PipelineError(f"cannot read: {error.strerror}", path) from None
    return parse_xml(data, path, skip)


_ATTRIBUTE = str.maketrans({"&": "&amp;", "<": "&lt;", ">": "&gt;", '"': "&quot;"})
_ATTRIBUTE |= str.maketrans({"\n": "&#10;", "\r": "&#13;", "\t": "&#9;"})


def escape_text(text: str) -> str:
    """Text content; `\\r` as a reference, or XML's line-end normalization would eat it.

    Chained replaces: several times faster than `str.translate` on short texts.
    """
    if "&" in text:
        text = text.replace("&", "&amp;")
    if "<" in text:
        text = text.replace("<", "&lt;")
    if ">" in text:
        text = text.replace(">", "&gt;")
    return text.replace("\r", "&#13;") if "\r" in text else text


def escape_attribute(text: str) -> str:
    return text.translate(_ATTRIBUTE)
