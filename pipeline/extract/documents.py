"""source/*.md, *.mdx -> Document: decoded text, front matter fields with spans, body offset."""

from __future__ import annotations

import itertools
import operator
import os
import re
import unicodedata
from dataclasses import dataclass
from pathlib import Path

from ruamel.yaml import YAML
from ruamel.yaml.error import MarkedYAMLError, YAMLError
from ruamel.yaml.nodes import MappingNode, Node, ScalarNode, SequenceNode

from pipeline.config_yaml import check_nesting
from pipeline.errors import PipelineError
from pipeline.extract.data_front_matter import json_front_matter, toml_front_matter
from pipeline.extract.plain_yaml import plain_fields
from pipeline.files import check_inside, read_bytes
from pipeline.split import Shard, in_shard

BOM = "\ufeff"
# The same line endings markdown-it normalizes, so line numbers agree with its source maps.
NEWLINE = re.compile(r"\r\n|\r|\n")
FRONT_MATTER_OPEN = re.compile(r"---[ \t]*(?:\r\n|\r|\n)")
FRONT_MATTER_CLOSE = re.compile(r"^(?:---|\.\.\.)[ \t]*(?:\r\n|\r|\n|$)", re.MULTILINE)
# Tags a front matter may use: plain YAML data, nothing that names a constructor.
SAFE_TAGS = frozenset(
    f"tag:yaml.org,2002:{name}"
    for name in ("str", "int", "float", "bool", "null", "timestamp", "map", "seq", "omap", "set")
)
STRING_TAG = "tag:yaml.org,2002:str"
# Limits that keep a hostile front matter from exhausting the stack or the run time.
MAX_EXPANDED_NODES = 10_000
# What a source may be: Markdown, or MDX (Docusaurus and Starlight pages). The document id leaves
# the suffix out, and every output of a document keeps its source's suffix.
SOURCE_SUFFIXES = (".md", ".mdx")


@dataclass(frozen=True, slots=True)
class Field:
    """One string value in the front matter, located in the document text."""

    key: str
    """The top-level key it belongs to."""
    value: str
    """The value as YAML reads it."""
    start: int
    """Offset in `Document.text` of the scalar's first character (quotes included)."""
    end: int
    """Offset just past the scalar's last character (quotes included)."""
    line: int
    """1-based line of the scalar."""


@dataclass(frozen=True, slots=True)
class Document:
    """A source document, decoded; offsets count characters of `text`."""

    doc_id: str
    """Path under the source folder without `.md` / `.mdx`, with `/` separators."""
    path: Path
    """The file on disk."""
    reference: str
    """The path written in `#:` references: relative to the project root, `/` separated."""
    text: str
    """Decoded content without the BOM; line endings as in the file."""
    bom: bool
    """Whether the file starts with a UTF-8 BOM (kept when the document is rebuilt)."""
    fields: tuple[Field, ...]
    """String values of the top-level front matter keys, lists item by item, in file order."""
    front_matter_end: int
    """Offset where the front matter block (with its closing line) ends; 0 without one."""
    body_line: int
    """0-based line number where the body starts, to shift markdown-it's line maps."""

    @property
    def body(self) -> str:
        return self.text[self.front_matter_end :]

    @property
    def data(self) -> bytes:
        """The file's bytes again: decoding was lossless."""
        return ((BOM if self.bom else "") + self.text).encode("utf-8")


def find_documents(source_dir: Path, shard: Shard | None = None) -> list[Path]:
    """Every Markdown and MDX file under the source folder (of `shard` only, when given), in
    a stable order.

    A name a catalog's `#:` line cannot hold (invalid UTF-8, a line break or other control
    character) is refused before anything is written, and so are two files of one document id
    (`intro.md` beside `intro.mdx`: one catalog cannot serve both).
    """
    found = (p for suffix in SOURCE_SUFFIXES for p in source_dir.rglob(f"*{suffix}"))
    paths = sorted(p for p in found if p.is_file())
    seen: dict[str, Path] = {}
    for path in paths:
        check_inside(path)
        check_file_name(path)
        doc_id = document_id(path, source_dir)
        if doc_id in seen:
            raise PipelineError(
                f"{seen[doc_id].name} and {path.name} are one document {doc_id!r}: keep one", path
            )
        seen[doc_id] = path
    if shard is None:
        return paths
    return [p for p in paths if in_shard(shard, document_id(p, source_dir))]


def source_path(source_dir: Path, doc_id: str) -> Path:
    """The source file of a document id: its `.mdx` if there is one, else its `.md`."""
    mdx = source_dir / f"{doc_id}.mdx"
    return mdx if mdx.is_file() else source_dir / f"{doc_id}.md"


def check_file_name(path: Path) -> None:
    name = str(path)
    # Shown with its bad bytes and control characters escaped, so the error is one clean line.
    shown = "".join(
        repr(c)[1:-1] if unicodedata.category(c) == "Cc" else c
        for c in os.fsencode(name).decode("utf-8", "backslashreplace")
    )
    if shown != name:
        problem = "is not valid UTF-8" if "\\x" in shown else "holds a control character"
        raise PipelineError(f"file name {problem}: a catalog cannot refer to it; rename it", shown)


def document_id(path: Path, source_dir: Path) -> str:
    return path.relative_to(source_dir).with_suffix("").as_posix()


def source_reference(path: Path, root: Path) -> str:
    """A source as `#:` references and the manifest name it: relative to the project root, or
    its file name when the source folder lies outside the root (a config pointing elsewhere)."""
    return path.relative_to(root).as_posix() if path.is_relative_to(root) else path.name


@dataclass(frozen=True, slots=True)
class SourceFile:
    """A source file's bytes, undecoded, with the names every stage knows it by."""

    path: Path
    doc_id: str
    reference: str
    data: bytes


def read_source_file(path: Path, source_dir: Path, root: Path) -> SourceFile:
    """The one place a source file is read; an unreadable one raises PipelineError."""
    data = read_bytes(path)  # checked against the project: a link out is refused
    return SourceFile(path, document_id(path, source_dir), source_reference(path, root), data)


def read_document(path: Path, source_dir: Path, root: Path) -> Document:
    """Read one source file; bad bytes or bad front matter raise PipelineError with the line."""
    file = read_source_file(path, source_dir, root)
    return parse_document(file.data, path, file.doc_id, file.reference)


def parse_document(data: bytes, path: Path, doc_id: str, reference: str) -> Document:
    """Decode and split a document into front matter fields and body."""
    text = decode(data, path)
    bom = text.startswith(BOM)
    if bom:
        text = text[1:]
    if not text.strip():
        raise PipelineError("empty document: write some Markdown or remove the file", path, 1)
    fields, end, body_line = _front_matter(text, path)
    return Document(doc_id, path, reference, text, bom, fields, end, body_line)


def decode(data: bytes, path: Path) -> str:
    """UTF-8 or an error naming the first bad line; NUL bytes mean a binary file."""
    if b"\0" in data:
        line = data[: data.index(b"\0")].count(b"\n") + 1
        raise PipelineError("binary file (NUL byte), not Markdown", path, line)
    try:
        return data.decode("utf-8")
    except UnicodeDecodeError as err:
        line = data[: err.start].count(b"\n") + 1
        raise PipelineError(f"not valid UTF-8 (byte 0x{data[err.start]:02x})", path, line) from None


def line_starts(text: str) -> list[int]:
    """Offset of the first character of each line, by markdown-it's idea of a line."""
    if "\r" in text:
        return [0, *(m.end() for m in NEWLINE.finditer(text))]
    # LF only (the usual case): the same offsets, counted by C code alone.
    lengths = map(operator.add, map(len, text.split("\n")[:-1]), itertools.repeat(1))
    return list(itertools.accumulate(lengths, initial=0))


def _front_matter(text: str, path: Path) -> tuple[tuple[Field, ...], int, int]:
    opening = FRONT_MATTER_OPEN.match(text)
    if opening is None:
        return _data_front_matter(text, path)
    closing = FRONT_MATTER_CLOSE.search(text, opening.end())
    if closing is None:
        raise PipelineError("front matter opened with '---' is never closed", path, 1)
    yaml_text = text[opening.end() : closing.start()]
    check_nesting(yaml_text, path, first_line=2, what="front matter")
    plain = plain_fields(yaml_text, opening.end())
    if plain is not None:
        fields = tuple(Field(*value) for value in plain)
    else:
        root = _compose(yaml_text, path)
        # Positions below are relative to the YAML text; shift them to the document.
        fields = _fields(root, yaml_text, opening.end()) if root is not None else ()
    body_line = len(NEWLINE.findall(text, 0, closing.end()))
    return fields, closing.end(), body_line


def _data_front_matter(text: str, path: Path) -> tuple[tuple[Field, ...], int, int]:
    """TOML (`+++`) or JSON front matter, as Hugo reads them; none is (), 0, 0."""
    found = toml_front_matter(text, path) or json_front_matter(text, path)
    if found is None:
        return (), 0, 0
    values, end = found
    fields = tuple(Field(*value) for value in values if value[1].strip())
    return fields, end, len(NEWLINE.findall(text, 0, end))


def _compose(yaml_text: str, path: Path) -> MappingNode | None:
    """Compose (never construct) the YAML so no tag can run code; 1-based lines in errors."""
    try:
        root = YAML(typ="safe", pure=True).compose(yaml_text)
    except MarkedYAMLError as err:
        mark = err.problem_mark or err.context_mark
        line = mark.line + 2 if mark is not None else 1  # +1 for 1-based, +1 for the '---' line
        raise PipelineError(
            f"invalid front matter: {err.problem or err.context}", path, line
        ) from None
    except YAMLError as err:
        raise PipelineError(f"invalid front matter: {err}", path, 1) from None
    if root is None:
        return None
    _check_nodes(root, path)
    if not isinstance(root, MappingNode):
        raise PipelineError("front matter must be a mapping of keys to values", path, 2)
    return root


def _check_nodes(root: Node, path: Path) -> None:
    """Reject unsafe tags and alias bombs, visiting each node once (aliases share nodes).

    A node's expanded size (what a YAML dump or a naive walk would visit) is summed from its
    children's, so the check is linear in the text however the aliases multiply.
    """
    sizes: dict[int, int] = {}
    stack: list[tuple[Node, bool]] = [(root, False)]
    while stack:
        node, children_done = stack.pop()
        if id(node) in sizes:
            continue
        children = _children(node)
        if not children_done:
            _check_tag(node, path)
            stack.append((node, True))
            stack.extend((child, False) for child in children if id(child) not in sizes)
            continue
        size = 1 + sum(sizes[id(child)] for child in children)
        if size > MAX_EXPANDED_NODES:
            raise PipelineError(
                f"front matter aliases expand to more than {MAX_EXPANDED_NODES} values",
                path,
                node.start_mark.line + 2,
            )
        sizes[id(node)] = size


def _children(node: Node) -> list[Node]:
    if isinstance(node, MappingNode):
        return [item for pair in node.value for item in pair]
    if isinstance(node, SequenceNode):
        return list(node.value)
    return []


def _check_tag(node: Node, path: Path) -> None:
    tag = str(node.tag)
    if tag not in SAFE_TAGS:
        line = node.start_mark.line + 2
        raise PipelineError(
            f"front matter uses the YAML tag {tag!r}, which is not plain data", path, line
        )


def _fields(root: MappingNode, yaml_text: str, offset: int) -> tuple[Field, ...]:
    fields: list[Field] = []
    for key_node, value_node in root.value:
        key = str(key_node.value)
        values = value_node.value if isinstance(value_node, SequenceNode) else [value_node]
        fields.extend(_field(key, node, yaml_text, offset) for node in values if _is_string(node))
    return tuple(fields)


def _is_string(node: Node) -> bool:
    return isinstance(node, ScalarNode) and node.tag == STRING_TAG and bool(str(node.value).strip())


def _field(key: str, node: ScalarNode, yaml_text: str, offset: int) -> Field:
    value = str(node.value)  # the safe composer marks no folding points (rt's \a)
    start, end = node.start_mark.index, node.end_mark.index
    # A block scalar's end mark lies past its trailing line breaks; the span stops at its text.
    end = start + len(yaml_text[start:end].rstrip("\r\n \t"))
    return Field(key, value, offset + start, offset + end, node.start_mark.line + 2)
