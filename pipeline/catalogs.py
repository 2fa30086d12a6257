"""Templates -> catalogs: create and merge one catalog per locale and document, safely.

`update` reads each template once, then, locale by locale, reads every existing catalog strictly
(with the locale's plural count and code, so a catalog that contradicts its locale is an error),
merges it (`pipeline.merging`), fills untranslated messages from the project's translation memory
(`pipeline.memory`) and renders it in `msgcat --no-wrap` form. Nothing is written until every
catalog of every requested locale has been read and merged: one malformed catalog stops the run
with its `path:line` and leaves every file as it was. Then each changed catalog is replaced
atomically (temporary file in the same folder, then rename); unchanged ones are not touched.
The caller holds the project lock.
"""

from __future__ import annotations

import re
from collections.abc import Iterable, Sequence
from dataclasses import dataclass, replace
from pathlib import Path

from babel import Locale
from babel.messages.plurals import get_plural

from pipeline.config import Config
from pipeline.errors import PipelineError
from pipeline.files import TEMPORARY_SUFFIX, read_bytes, write_if_changed
from pipeline.locales import LocaleInfo, describe_locale
from pipeline.memory import fill_from_memory
from pipeline.merging import merge_catalog
from pipeline.po import Catalog, Message, parse_po, render_header, render_po
from pipeline.progress import Track, untracked

EMPTY = Catalog(header=Message(msgid=""), messages=())


@dataclass(frozen=True, slots=True)
class Planned:
    """One catalog as `update` will leave it."""

    path: Path
    data: bytes | None
    """The new content, or None when the file already holds it."""
    created: bool


@dataclass(frozen=True, slots=True)
class UpdateReport:
    """What `update` did, for its summary line (sphinx-intl's three counts)."""

    created: tuple[Path, ...]
    updated: tuple[Path, ...]
    unchanged: tuple[Path, ...]


def select_locales(config: Config, requested: Sequence[str]) -> tuple[str, ...]:
    """The requested locales (all configured ones when none is); each must be configured."""
    for code in requested:
        if code not in config.locales:
            known = ", ".join(config.locales)
            raise PipelineError(
                f"locale {code!r} is not in the configuration ({known})", config.path
            )
    return tuple(dict.fromkeys(requested)) or config.locales


def update_catalogs(
    config: Config, locales: Sequence[str], track: Track = untracked
) -> UpdateReport:
    """Bring every catalog of `locales` up to date with the templates; validate all, then write."""
    return write_plan(plan_update(config, locales, track))


def plan_update(config: Config, locales: Sequence[str], track: Track = untracked) -> list[Planned]:
    """Read and merge everything, writing nothing; a malformed file raises PipelineError."""
    templates = read_templates(config)
    plan: list[Planned] = []
    for locale in track(list(locales), "update"):
        plan.extend(plan_locale(config, locale, templates))
    return plan


def write_plan(plan: Sequence[Planned]) -> UpdateReport:
    """Write what changed, each file atomically; the caller holds the project lock."""
    remove_stale_temporaries({item.path.parent for item in plan})
    created: list[Path] = []
    updated: list[Path] = []
    unchanged: list[Path] = []
    for item in plan:
        if item.data is None or not write_if_changed(item.path, item.data):
            unchanged.append(item.path)
        else:
            (created if item.created else updated).append(item.path)
    return UpdateReport(tuple(created), tuple(updated), tuple(unchanged))


def remove_stale_temporaries(folders: Iterable[Path]) -> None:
    """Remove temporary files a killed run left (`.<name>.po.<random>.pipeline-tmp`, files.py).

    Safe because the caller holds the project lock: no other run is writing them now.
    """
    for folder in sorted(folders):
        for stale in (*folder.glob(f".*.po.*{TEMPORARY_SUFFIX}"), *folder.glob(".*.po.*.tmp")):
            stale.unlink(missing_ok=True)


def read_templates(config: Config) -> dict[str, Catalog]:
    """Every template, by document id, in a stable order."""
    templates = {}
    for path in sorted(config.templates_dir.rglob("*.pot")):
        doc_id = path.relative_to(config.templates_dir).with_suffix("").as_posix()
        templates[doc_id] = parse_po(_read(path) or b"", path)
    return templates


def plan_locale(config: Config, locale: str, templates: dict[str, Catalog]) -> list[Planned]:
    """Merge each template with the locale's catalog for it, then share translations."""
    nplurals = get_plural(locale).num_plurals
    before: dict[str, bytes | None] = {}
    merged: dict[str, Catalog] = {}
    for doc_id, template in templates.items():
        path = config.catalog_path(locale, doc_id)
        data = before[doc_id] = _read(path)
        old = EMPTY if data is None else parse_po(data, path, nplurals=nplurals, language=locale)
        header = build_header(template, old, locale, _reference(config, doc_id))
        merged[doc_id] = merge_catalog(template, old, header, nplurals)
    plan = []
    for doc_id, catalog in fill_from_memory(merged).items():
        data = render_po(catalog).encode("utf-8")
        unchanged = data == before[doc_id]
        path = config.catalog_path(locale, doc_id)
        plan.append(Planned(path, None if unchanged else data, before[doc_id] is None))
    return plan


def _read(path: Path) -> bytes | None:
    """None for a catalog that does not exist yet (the caller holds the project lock)."""
    return read_bytes(path) if path.exists() else None


def _reference(config: Config, doc_id: str) -> str:
    return (config.source_dir / f"{doc_id}.md").relative_to(config.root).as_posix()


# --- headers ---------------------------------------------------------------------------------


def default_fields(template: Catalog, locale: str, doc_id: str) -> list[tuple[str, str]]:
    """A new catalog's header: facts only, from the template and Babel; no placeholder names.

    PO-Revision-Date starts as the template's creation date (the catalog's content is the
    template's until someone translates), so output does not depend on the clock; editors set it
    when a translator saves. Last-Translator is empty until one does: `msgfmt --check-header`
    accepts an empty field but warns about a missing one.
    """
    created = template.get_header("POT-Creation-Date") or ""
    return [
        ("Project-Id-Version", doc_id),
        ("POT-Creation-Date", created),
        ("PO-Revision-Date", created),
        ("Last-Translator", ""),
        ("Language-Team", Locale.parse(locale).english_name or locale),
        ("Language", locale),
        ("MIME-Version", "1.0"),
        ("Content-Type", "text/plain; charset=UTF-8"),
        ("Content-Transfer-Encoding", "8bit"),
        ("Plural-Forms", get_plural(locale).plural_forms),
    ]


def build_header(template: Catalog, old: Catalog, locale: str, reference: str) -> Message:
    """The old header with the template's creation date and any missing field added.

    Everything else in an existing header (its comments, fields and their spelling) belongs to
    the translator and their tools, so it is edited as text, one field at a time.
    """
    doc_id = template.get_header("Project-Id-Version") or reference
    fields = default_fields(template, locale, doc_id)
    if old.header == EMPTY.header:
        name = Locale.parse(locale).english_name or locale
        comment = f"{name} translation of {reference}."
        return Message(msgid="", msgstr=render_header(fields), translator_comments=(comment,))
    text = old.header.msgstr
    present = {name for name, _ in old.header_fields}
    for name, value in fields:
        # Only the template's date is ours to change; missing fields are added, others kept.
        if (name == "POT-Creation-Date" and value) or name not in present:
            text = _set_field(text, name, value)
    return replace(old.header, msgstr=text)


def _set_field(text: str, name: str, value: str) -> str:
    """`text` with the field `name` set: replaced where it is, or added at the end."""
    pattern = re.compile(rf"^{re.escape(name)}[ \t]*:[^\n]*", re.MULTILINE)
    if pattern.search(text):
        return pattern.sub(lambda _: f"{name}: {value}", text, count=1)
    if text and not text.endswith("\n"):
        text += "\n"
    return f"{text}{name}: {value}\n"


# --- locales ---------------------------------------------------------------------------------


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
