"""Locale facts for every stage: Babel's view of a locale, and the project's chosen locales."""

from __future__ import annotations

import json
import re
from collections.abc import Sequence
from dataclasses import dataclass
from functools import cache
from importlib.resources import files

from babel import Locale
from babel.core import get_global, get_locale_identifier, parse_locale
from babel.messages.plurals import get_plural

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


def unowned_folders(config: Config) -> list[str]:
    """Folders under locales/ that no configured locale owns (left behind, or a typo)."""
    if not config.locales_dir.is_dir():
        return []
    owned = {*config.locales, config.templates_dir.name}
    return [
        folder.relative_to(config.root).as_posix()
        for folder in sorted(config.locales_dir.iterdir())
        if folder.is_dir() and folder.name not in owned
    ]


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


# --- what a catalog's header may say about its locale ------------------------------------------


LANGUAGE_ALIKE = (
    "the header says Language: {said}, the language of {locale} in other words; kept as written"
)
_LANGUAGE_FIELD = re.compile(rb'^"Language:[ \t]*([^"\\]*)', re.MULTILINE)


def language_warnings(config: Config, locales: Sequence[str]) -> list[str]:
    """`path:line: warning: ...` for each catalog whose Language is its locale in other words.

    Read from the first lines of each file (the header comes first), so it costs no parse.
    """
    warnings = []
    for locale in locales:
        folder = config.locales_dir / locale
        for path in sorted(folder.rglob("*.po")) if folder.is_dir() else ():
            with path.open("rb") as file:
                head = file.read(4096)
            found = _LANGUAGE_FIELD.search(head)
            said = found[1].decode("utf-8", "replace").strip() if found else ""
            if found and language_match(said, locale) == "likely":
                line = head.count(b"\n", 0, found.start()) + 1
                where = path.relative_to(config.root).as_posix()
                message = LANGUAGE_ALIKE.format(said=said, locale=locale)
                warnings.append(f"{where}:{line}: warning: {message}")
    return warnings


def plural_rules(locale: str) -> tuple[str, ...]:
    """The Plural-Forms a catalog for `locale` may have; the first is the one new catalogs get.

    GNU gettext's rule (what `msginit` and Poedit write) comes first where gettext has one: it is
    stable, while CLDR's (Babel's) changes with CLDR releases (pt_BR got a third form in CLDR 48).
    Both are accepted. `gnu_plural_forms.json` is `msginit`'s table (gettext 0.21), by language.
    """
    code = str(Locale.parse(locale))
    gnu = _gnu_rules().get(code) or _gnu_rules().get(code.split("_")[0])
    return tuple(dict.fromkeys(rule for rule in (gnu, get_plural(locale).plural_forms) if rule))


def max_plurals(locale: str) -> int:
    """The most plural forms an accepted rule has: the limit for reading a catalog strictly."""
    return max(plural_count(rule) or 1 for rule in plural_rules(locale))


def same_plural_rule(said: str, rule: str) -> bool:
    """Equal but for white space and one pair of parentheses around the expression."""
    return _plural(said) == _plural(rule)


def plural_count(forms: str) -> int | None:
    """nplurals of a Plural-Forms value, or None when it has none."""
    count = re.search(r"nplurals\s*=\s*([0-9]+)", forms)
    return int(count[1]) if count else None


def language_match(said: str, locale: str) -> str:
    """`same`, `likely` (the same language by likely subtags: ko_KR for ko) or `different`."""
    if said.strip().lower().replace("-", "_") == locale.lower():
        return "same"
    header, folder = _maximized(said), _maximized(locale)
    if header is None or folder is None or header[:2] != folder[:2]:
        return "different"
    # A region the folder names must be the header's; one it leaves open may be any.
    if parse_locale(locale)[1] is not None and header[2] != folder[2]:
        return "different"
    return "likely"


def _maximized(code: str) -> tuple[str, str, str] | None:
    """(language, script, region) with CLDR's likely subtags filled in: zh_CN -> zh, Hans, CN."""
    try:
        language, region, script, *_ = parse_locale(code.strip().replace("-", "_"))
    except ValueError:
        return None
    likely = get_global("likely_subtags")
    keys = (f"{language}_{script}", f"{language}_{region}", language) if script or region else ()
    found = next((likely[key] for key in (*keys, language) if key in likely), language)
    _, full_region, full_script, *_ = parse_locale(found)
    return language.lower(), script or full_script or "", region or full_region or ""


@cache
def _gnu_rules() -> dict[str, str]:
    text = files("pipeline").joinpath("gnu_plural_forms.json").read_text("utf-8")
    rules: dict[str, str] = json.loads(text)
    return rules


def _plural(forms: str) -> tuple[str, str]:
    fields = dict(
        part.partition("=")[::2] for part in re.sub(r"\s+", "", forms).split(";") if "=" in part
    )
    expression = fields.get("plural", "")
    if expression.startswith("(") and expression.endswith(")"):
        expression = expression[1:-1]
    return fields.get("nplurals", ""), expression
