"""Which translated file goes with which English document: by path, front matter key or mapping.

The file form names both files. The folder form pairs each Markdown file under the folder with
the source document at the same relative path, or with the one whose front matter has the same
value for a key (`translationKey`), or as a mapping file says. A named file that does not exist
is an error; a translated file in a folder with no English counterpart is reported, not an error.
"""

from __future__ import annotations

from pathlib import Path

from ruamel.yaml import YAML
from ruamel.yaml.error import YAMLError

from pipeline.config import Config
from pipeline.errors import PipelineError
from pipeline.extract.documents import (
    SOURCE_SUFFIXES,
    Document,
    find_documents,
    parse_document,
    source_path,
)
from pipeline.files import read_bytes

TRANSLATED_SUFFIXES = (".md", ".mdx", ".markdown")

Pairs = list[tuple[Path, Path]]


def pair_file(config: Config, source: Path, translated: Path) -> Path:
    """The source document named on the command line; both files must exist."""
    for path in (source, translated):
        if not path.is_file():
            raise PipelineError("no such file", path)
    return source_document(config, source, source)


def source_document(config: Config, path: Path, place: Path, line: int | None = None) -> Path:
    """`path` as a document of the source folder, or an error at `place`."""
    resolved = path.resolve()
    folder = config.source_dir.resolve()
    if not resolved.is_file():
        raise PipelineError(f"no such source document: {path}", place, line)
    if not resolved.is_relative_to(folder) or resolved.suffix not in SOURCE_SUFFIXES:
        raise PipelineError(
            f"not a .md or .mdx document under {config.source_dir}: {path}", place, line
        )
    return config.source_dir / resolved.relative_to(folder)


def translated_files(folder: Path) -> list[Path]:
    if not folder.is_dir():
        raise PipelineError("no such folder", folder)
    return sorted(p for p in folder.rglob("*") if p.suffix in TRANSLATED_SUFFIXES and p.is_file())


def pair_by_path(config: Config, folder: Path) -> tuple[Pairs, list[str]]:
    """`<folder>/guides/intro.md` (or `.mdx`) goes with `source/guides/intro.md`."""
    pairs: Pairs = []
    unpaired: list[str] = []
    for path in translated_files(folder):
        source = source_path(config.source_dir, path.relative_to(folder).with_suffix("").as_posix())
        if source.is_file():
            pairs.append((source, path))
        else:
            unpaired.append(str(path))
    return pairs, unpaired


def pair_by_key(config: Config, folder: Path, key: str) -> tuple[Pairs, list[str]]:
    """Files whose front matter gives `key` the same value go together."""
    by_value: dict[str, Path] = {}
    for path in find_documents(config.source_dir):
        value = _key_value(_parse(path), key)
        if value is not None:
            by_value.setdefault(value, path)
    pairs: Pairs = []
    unpaired: list[str] = []
    for path in translated_files(folder):
        value = _key_value(_parse(path), key)
        if value is not None and value in by_value:
            pairs.append((by_value[value], path))
        else:
            unpaired.append(str(path))
    return pairs, unpaired


def pair_by_mapping(config: Config, folder: Path, mapping: Path) -> tuple[Pairs, list[str]]:
    """A YAML mapping of translated files (relative to the folder) to source documents
    (relative to the source folder): `intro.ko.md: guides/intro.md`."""
    try:
        loaded = YAML(typ="safe").load(read_bytes(mapping))
    except YAMLError as err:
        raise PipelineError(f"invalid mapping file: {err}", mapping, 1) from None
    if not isinstance(loaded, dict):
        raise PipelineError("a mapping file maps translated files to source documents", mapping)
    lines = read_bytes(mapping).decode("utf-8", "replace").splitlines()
    pairs: Pairs = []
    for translated, source in loaded.items():
        line = next((n for n, text in enumerate(lines, 1) if str(translated) in text), None)
        path = folder / str(translated)
        if not path.is_file():
            raise PipelineError(f"no such translated file: {path}", mapping, line)
        pairs.append(
            (source_document(config, config.source_dir / str(source), mapping, line), path)
        )
    return pairs, []


def _parse(path: Path) -> Document:
    return parse_document(read_bytes(path), path, path.stem, str(path))


def _key_value(document: Document, key: str) -> str | None:
    return next((field.value for field in document.fields if field.key == key), None)
