"""A Babel extraction method, so `pybabel extract` pulls the same segments from Markdown.

Use it in a Babel mapping file:

    [markdown: **.md]
    front_matter = title, subtitle, description
"""

from __future__ import annotations

from collections.abc import Collection, Iterator, Mapping
from pathlib import Path
from typing import IO, Any

from pipeline.extract.documents import parse_document
from pipeline.extract.segments import build_segments

DEFAULT_FRONT_MATTER = "title, subtitle, description"


def extract_markdown(
    fileobj: IO[bytes],
    keywords: Mapping[str, Any],
    comment_tags: Collection[str],
    options: Mapping[str, Any],
) -> Iterator[tuple[int, str | None, str, list[str]]]:
    """Yield (line, funcname, message, comments) for each segment, as Babel expects."""
    name = Path(getattr(fileobj, "name", "document.md"))
    document = parse_document(fileobj.read(), name, name.stem, name.as_posix())
    keys = [
        key.strip() for key in str(options.get("front_matter", DEFAULT_FRONT_MATTER)).split(",")
    ]
    for segment in build_segments(document, keys):
        yield segment.line, None, segment.text, [segment.description]
