"""Catalogs -> TMX 1.4b translation memories, one file per locale, for CAT tools.

Every translated (not fuzzy) entry of the locale's catalogs is a translation unit: English and
the locale, each `<seg>` with the inline codes of `inline.py` as TMX native-code elements
(`<bpt>`/`<ept>` around paired text, `<ph>` for standalone markup), so a tool that reads the
memory back gets the exact Markdown. An entry in several documents is one unit. `update` reads
TMX files named under `tm:` (`update/tm.py`). No dates: the same catalogs give the same bytes.
"""

from __future__ import annotations

from collections.abc import Sequence
from pathlib import Path

from pipeline import __version__
from pipeline.interchange.inline import CLOSE, OPEN, STANDALONE, Piece, split_inline
from pipeline.interchange.units import SOURCE_LANGUAGE, CatalogFile, exported, unit_id
from pipeline.locales import describe_locale
from pipeline.xmltree import escape_attribute as attr
from pipeline.xmltree import escape_text as text


def plan_tm_export(files: Sequence[CatalogFile], output: Path) -> dict[Path, bytes]:
    """`<output>/<locale>.tmx` for each locale among the catalogs."""
    by_locale: dict[str, list[CatalogFile]] = {}
    for file in files:
        by_locale.setdefault(file.locale, []).append(file)
    return {
        output / f"{locale}.tmx": render_tmx(locale, group).encode("utf-8")
        for locale, group in by_locale.items()
    }


def render_tmx(locale: str, files: Sequence[CatalogFile]) -> str:
    tag = describe_locale(locale).tag
    units: dict[str, str] = {}
    for file in files:
        for message in file.catalog.messages:
            if exported(message) and message.translated:
                key = unit_id(message.msgctxt, message.msgid)
                units.setdefault(key, _unit(key, message.msgid, message.msgstr, tag, file))
    return (
        '<?xml version="1.0" encoding="UTF-8"?>\n<!DOCTYPE tmx SYSTEM "tmx14.dtd">\n'
        '<tmx version="1.4">\n'
        f'<header creationtool="pipeline" creationtoolversion="{attr(__version__)}"'
        ' segtype="block" o-tmf="gettext" adminlang="en"'
        f' srclang="{SOURCE_LANGUAGE}" datatype="x-markdown"/>\n'
        f"<body>\n{''.join(units.values())}</body>\n</tmx>\n"
    )


def _unit(key: str, msgid: str, msgstr: str, tag: str, file: CatalogFile) -> str:
    return (
        f'<tu tuid="{key}">\n<prop type="x-document">{text(file.document)}</prop>\n'
        f'<tuv xml:lang="{SOURCE_LANGUAGE}"><seg>{render_seg(split_inline(msgid))}</seg></tuv>\n'
        f'<tuv xml:lang="{tag}"><seg>{render_seg(split_inline(msgstr))}</seg></tuv>\n</tu>\n'
    )


def render_seg(pieces: Sequence[Piece]) -> str:
    out = []
    for piece in pieces:
        if piece.kind == OPEN:
            out.append(f'<bpt i="{piece.code}" x="{piece.code}">{text(piece.text)}</bpt>')
        elif piece.kind == CLOSE:
            out.append(f'<ept i="{piece.code}">{text(piece.text)}</ept>')
        elif piece.kind == STANDALONE:
            out.append(f'<ph x="{piece.code}">{text(piece.text)}</ph>')
        else:
            out.append(text(piece.text))
    return "".join(out)
