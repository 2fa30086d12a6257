"""Template + old catalog -> the catalog's header: its fields, filled in or kept."""

from __future__ import annotations

import re
from dataclasses import replace

from babel.messages.plurals import get_plural

from pipeline.locales import describe_locale
from pipeline.po import Catalog, Message, build_header_fields, render_header

EMPTY = Catalog(header=Message(msgid=""), messages=())


def default_fields(template: Catalog, locale: str, doc_id: str) -> list[tuple[str, str]]:
    """A new catalog's header: facts only, from the template and Babel; no placeholder names.

    PO-Revision-Date starts as the template's creation date (the catalog's content is the
    template's until someone translates), so output does not depend on the clock; editors set it
    when a translator saves. Last-Translator is empty until one does: `msgfmt --check-header`
    accepts an empty field but warns about a missing one.
    """
    created = template.get_header("POT-Creation-Date") or ""
    return build_header_fields(
        {
            "Project-Id-Version": doc_id,
            "POT-Creation-Date": created,
            "PO-Revision-Date": created,
            "Last-Translator": "",
            "Language-Team": describe_locale(locale).english_name,
            "Language": locale,
            "Plural-Forms": get_plural(locale).plural_forms,
        }
    )


def build_header(template: Catalog, old: Catalog, locale: str, reference: str) -> Message:
    """The old header with the template's creation date and any missing field added.

    Everything else in an existing header (its comments, fields and their spelling) belongs to
    the translator and their tools, so it is edited as text, one field at a time.
    """
    doc_id = template.get_header("Project-Id-Version") or reference
    fields = default_fields(template, locale, doc_id)
    if old.header == EMPTY.header:
        name = describe_locale(locale).english_name
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
