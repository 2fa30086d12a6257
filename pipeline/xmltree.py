"""Untrusted XML (XLIFF, TMX, TBX) -> a small tree with line numbers, and text escaped for XML.

The standard library's expat does the parsing: no dependency, and it reports the line of every
element, which `file:line` errors need (ElementTree drops it). A file from a CAT tool is not
trusted: a DOCTYPE with an internal subset, any entity declaration and any external entity are
refused before expat would expand them, so "billion laughs" and external fetches cannot happen.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from pathlib import Path
from xml.parsers import expat

from pipeline.errors import PipelineError

XML_NS = "http://www.w3.org/XML/1998/namespace"


@dataclass(slots=True)
class Element:
    """One element: its namespaced tag (`{ns}name`), attributes, content and 1-based line."""

    tag: str
    attrib: dict[str, str]
    line: int
    content: list[str | Element] = field(default_factory=list)
    """Text and child elements, in document order (mixed content: inline codes)."""

    @property
    def name(self) -> str:
        """The tag without its namespace."""
        return self.tag.rpartition("}")[2]

    @property
    def children(self) -> list[Element]:
        return [item for item in self.content if isinstance(item, Element)]

    def find(self, name: str) -> Element | None:
        return next((child for child in self.children if child.name == name), None)

    def find_all(self, name: str) -> list[Element]:
        return [child for child in self.children if child.name == name]

    @property
    def text(self) -> str:
        """All text inside, codes' text included."""
        return "".join(item if isinstance(item, str) else item.text for item in self.content)


class _Builder:
    def __init__(self, parser: expat.XMLParserType, path: Path | str) -> None:
        self.parser, self.path = parser, path
        self.stack: list[Element] = []
        self.root: Element | None = None

    def refuse(self, *_: object) -> None:
        line = self.parser.CurrentLineNumber
        raise PipelineError("XML entity declarations are not allowed", self.path, line)

    def doctype(self, name: str, sysid: str | None, pubid: str | None, internal: int) -> None:
        if internal:
            self.refuse()

    def start(self, tag: str, attrib: dict[str, str]) -> None:
        element = Element(tag, attrib, self.parser.CurrentLineNumber)
        if self.stack:
            self.stack[-1].content.append(element)
        else:
            self.root = element
        self.stack.append(element)

    def end(self, tag: str) -> None:
        self.stack.pop()

    def data(self, text: str) -> None:
        if self.stack:
            content = self.stack[-1].content
            if content and isinstance(content[-1], str):
                content[-1] += text
            else:
                content.append(text)


def parse_xml(data: bytes, path: Path | str) -> Element:
    """The document's root element; malformed or unsafe XML raises PipelineError with its line."""
    parser = expat.ParserCreate(namespace_separator="}")
    builder = _Builder(parser, path)
    parser.buffer_text = True
    parser.ordered_attributes = False
    parser.StartDoctypeDeclHandler = builder.doctype
    parser.EntityDeclHandler = builder.refuse
    parser.ExternalEntityRefHandler = builder.refuse  # type: ignore[assignment]
    parser.StartElementHandler = lambda tag, attrib: builder.start(_tag(tag), _attributes(attrib))
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


def _tag(name: str) -> str:
    namespace, separator, local = name.rpartition("}")
    return f"{{{namespace}}}{local}" if separator else local


def _attributes(attrib: dict[str, str]) -> dict[str, str]:
    return {_tag(key): value for key, value in attrib.items()}


def read_xml(path: Path) -> Element:
    try:
        data = path.read_bytes()
    except OSError as error:
        raise PipelineError(f"cannot read: {error.strerror}", path) from None
    return parse_xml(data, path)


_TEXT = str.maketrans({"&": "&amp;", "<": "&lt;", ">": "&gt;"})
_ATTRIBUTE = str.maketrans({"&": "&amp;", "<": "&lt;", ">": "&gt;", '"': "&quot;"})
_ATTRIBUTE |= str.maketrans({"\n": "&#10;", "\r": "&#13;", "\t": "&#9;"})


def escape_text(text: str) -> str:
    """Text content; `\\r` as a reference, or XML's line-end normalization would eat it."""
    return text.translate(_TEXT).replace("\r", "&#13;")


def escape_attribute(text: str) -> str:
    return text.translate(_ATTRIBUTE)
