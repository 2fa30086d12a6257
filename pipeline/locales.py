"""Locale facts for every stage: Babel's view of a locale, and the project's chosen locales."""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass

from babel import Locale
from babel.core import get_locale_identifier

from pipeline.config import Config
from pipeline.errors import PipelineError

SOURCE_LOCALE = "en"
"""The language of every source document and msgid (what a bundle falls back to)."""


@dataclass(frozen=True, slots=True)
class LocaleInfo:
    """A locale as sites need it; Babel is the authority for every field."""

    id: str
    """The gettext/Babel identifier used in paths and config (`zh_Hans`)."""
    tag: str
    """The BCP 47 tag used in bundles (`zh-Hans`)."""
    english_name: str
    native_name: str
    direction: str
    """`ltr` or `rtl`."""


def describe_locale(code: str) -> LocaleInfo:
    locale = Locale.parse(code)
    parts = (locale.language, locale.territory, locale.script, locale.variant)
    return LocaleInfo(
        id=code,
        tag=get_locale_identifier(parts, sep="-"),
        english_name=locale.english_name or code,
        native_name=locale.display_name or code,
        direction=locale.text_direction,
    )


def select_locales(config: Config, requested: Sequence[str]) -> tuple[str, ...]:
    """The requested locales (all configured ones when none is); each must be configured."""
    for code in requested:
        if code not in config.locales:
            known = ", ".join(config.locales)
            raise PipelineError(
                f"locale {code!r} is not in the configuration ({known})", config.path
            )
    return tuple(dict.fromkeys(requested)) or config.locales


@dataclass(frozen=True, slots=True)
class LocaleCatalogs:
    """What `locales list` shows of one locale."""

    info: LocaleInfo
    catalogs: int
    """Catalogs present for this locale."""
    documents: int
    """Templates, i.e. catalogs there should be."""


def describe_locales(config: Config) -> list[LocaleCatalogs]:
    doc_ids = [
        path.relative_to(config.templates_dir).with_suffix("").as_posix()
        for path in sorted(config.templates_dir.rglob("*.pot"))
    ]
    infos = []
    for code in config.locales:
        present = sum(config.catalog_path(code, doc_id).is_file() for doc_id in doc_ids)
        infos.append(LocaleCatalogs(describe_locale(code), present, len(doc_ids)))
    return infos
