"""Project translation memory: fill an untranslated message from another document's catalog.

A message that is untranslated in one document but translated (not fuzzy) with exactly the same
msgctxt, msgid and msgid_plural in other documents of the same locale gets that translation,
flagged fuzzy so a translator confirms it in its new context, with a translator comment naming the
document it came from (translator comments survive msgcat and every update; `#.` comments would
be replaced by the template's). When documents disagree, the translation most of them use wins,
then the one whose first document comes first alphabetically, so the choice never depends on the
order files are read in.
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from dataclasses import dataclass, replace

from pipeline.po import Catalog, Message

Key = tuple[str | None, str, str | None]
"""msgctxt, msgid, msgid_plural: a suggestion must fit all three."""
Translation = tuple[str, ...]
"""msgstr, or msgstr[0], msgstr[1], ... for a plural message."""


@dataclass(frozen=True, slots=True)
class Suggestion:
    translation: Translation
    doc_id: str
    """The first document, alphabetically, whose catalog has this translation."""

    @property
    def comment(self) -> str:
        return f"suggested from {self.doc_id}"


Offers = dict[Key, dict[Translation, list[str]]]
"""For each wanted key: its translations, each with the documents offering it, sorted."""


def fill_from_memory(catalogs: Mapping[str, Catalog]) -> dict[str, Catalog]:
    """Every catalog of one locale (doc id -> catalog), with suggestions filled in."""
    keys = set().union(*map(wanted, catalogs.values()))
    offers = collect_offers(((d, offered(catalogs[d])) for d in sorted(catalogs)), keys)
    if not offers:
        return dict(catalogs)
    return {doc_id: fill(doc_id, catalog, offers) for doc_id, catalog in catalogs.items()}


def wanted(catalog: Catalog) -> set[Key]:
    """Keys untranslated in this catalog: the only ones worth remembering (keeps memory small)."""
    return {_key(m) for m in catalog.messages if _untranslated(m)}


def offered(catalog: Catalog) -> list[tuple[Key, Translation]]:
    """What this catalog lends the others: its translated messages."""
    return [(_key(m), _translation(m)) for m in catalog.messages if m.translated]


def collect_offers(
    offered_by: Iterable[tuple[str, list[tuple[Key, Translation]]]], keys: set[Key]
) -> Offers:
    """From each document's `offered`, by doc id in sorted order, the offers for `keys`."""
    offers: Offers = {}
    for doc_id, translations in offered_by:
        for key, translation in translations:
            if key in keys:
                offers.setdefault(key, {}).setdefault(translation, []).append(doc_id)
    return offers


def _key(message: Message) -> Key:
    return (message.msgctxt, message.msgid, message.msgid_plural)


def _translation(message: Message) -> Translation:
    return message.forms


def _untranslated(message: Message) -> bool:
    first = _translation(message)[:1]
    return not message.obsolete and first in ((), ("",))


def _choose(offered: dict[Translation, list[str]]) -> Suggestion:
    translation, doc_ids = min(offered.items(), key=lambda item: (-len(item[1]), item[1][0]))
    return Suggestion(translation, doc_ids[0])


def fill(doc_id: str, catalog: Catalog, offers: Offers) -> Catalog:
    """The catalog of `doc_id` with its untranslated messages filled from `offers`."""
    messages = list(catalog.messages)
    changed = False
    for index, message in enumerate(messages):
        offered = offers.get(_key(message)) if _untranslated(message) else None
        if offered:
            # The message is untranslated here, so every offer comes from another document.
            messages[index] = _suggest(message, _choose(offered))
            changed = True
    return replace(catalog, messages=tuple(messages)) if changed else catalog


def _suggest(message: Message, suggestion: Suggestion) -> Message:
    comments = message.translator_comments
    if suggestion.comment not in comments:
        comments = (*comments, suggestion.comment)
    flags = message.flags if "fuzzy" in message.flags else ("fuzzy", *message.flags)
    if message.msgid_plural is None:
        return replace(
            message, msgstr=suggestion.translation[0], flags=flags, translator_comments=comments
        )
    return replace(
        message, msgstr_plural=suggestion.translation, flags=flags, translator_comments=comments
    )
