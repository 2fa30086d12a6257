"""Babel's view of a locale: its BCP 47 tag, names and direction, for every stage that shows one."""

from __future__ import annotations

from dataclasses import dataclass

from babel import Locale
from babel.core import get_locale_identifier


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
