"""Template + old catalog -> merged catalog: the rules that keep a translator's work.

The rules follow GNU msgmerge (`--previous`), so gettext users find what they expect:

1. Exact match (same msgctxt and msgid), active or obsolete: the old message keeps its msgstr,
   translator comments and flags (a fuzzy one stays fuzzy, with its `#|` previous msgid: nobody
   has confirmed it); `#.` and `#:` come from the template. An obsolete message comes back.
   Unlike msgmerge, a fuzzy message whose `#|` previous msgctxt and msgid are its own is made
   translated again: the source went back to the very text the translation was written for.
   A fuzzy flag with no previous msgid was set by hand and stays.
2. Otherwise the most similar old message with a translation (see `matching.py`), active or
   obsolete, already matched or not (one old translation may serve several new messages, as in
   msgmerge), lends its msgstr, comments and flags; the result is fuzzy, and `#|` holds the msgid
   the translation was written for (the old one, or the old one's own `#|` if it was fuzzy).
   An untranslated old message with a translator comment or flag lends those the same way
   (msgmerge loses them); the result stays untranslated, not fuzzy.
3. Otherwise the message is new and untranslated.
4. Old messages used by neither rule become obsolete (`#~`), after the template's messages, in
   their old order, if they have a translation; untranslated ones are dropped, as msgmerge and
   msgcat do (gettext keeps no obsolete entry without a msgstr, nor its comments). Their `#.`
   and `#:` go: they describe a place that no longer exists.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import replace

from pipeline.po import Catalog, Message
from pipeline.update.matching import Candidate, FuzzyIndex


def merge_catalog(
    template: Catalog, old: Catalog, header: Message, nplurals: int, *, fuzzy: bool = True
) -> Catalog:
    """The template's messages in its order with old translations carried over, then obsolete;
    `fuzzy=False` skips fuzzy matching (the unmatched messages come out untranslated)."""
    olds = old.messages
    exact = {message.key: index for index, message in enumerate(olds)}
    used: set[int] = set()
    merged: list[Message | None] = []
    for message in template.messages:
        found = exact.get(message.key)
        if found is not None:
            used.add(found)  # never also obsolete: the same msgid twice is fatal to msgfmt
        merged.append(None if found is None else carry(message, olds[found], nplurals, fuzzy=False))
    pending = [position for position, message in enumerate(merged) if message is None]
    if pending:
        lenders = [index for index, message in enumerate(olds) if _worth_keeping(message)]
        # No lender (a new catalog, say): no index to build, no message to look up in it.
        index = None
        if fuzzy and lenders:
            index = FuzzyIndex([Candidate(olds[i].msgid, olds[i].msgctxt, i) for i in lenders])
        for position in pending:
            new = template.messages[position]
            match = index.best(new.msgid, new.msgctxt, position) if index is not None else None
            if match is None:
                merged[position] = fresh(new, nplurals)
            else:
                if not _loses_forms(new, olds[lenders[match.index]]):
                    used.add(lenders[match.index])
                merged[position] = carry(new, olds[lenders[match.index]], nplurals, fuzzy=True)
    gone = [obsolete(m) for i, m in enumerate(olds) if i not in used and _has_translation(m)]
    return Catalog(header=header, messages=(*_present(merged), *gone))


def carry(new: Message, old: Message, nplurals: int, *, fuzzy: bool) -> Message:
    """The template's message with the old one's translation, comments and flags."""
    if not fuzzy and reverted(old):
        old = replace(
            old,
            flags=_without_fuzzy(old.flags),
            previous_msgctxt=None,
            previous_msgid=None,
            previous_msgid_plural=None,
        )
    if not fuzzy and _current(new, old):
        return old  # the usual case after a small edit: nothing to change, nothing to copy
    msgstr, msgstr_plural, reshaped = _reshape(new, old, nplurals)
    if not _has_translation(old):
        # Only a translator's notes to carry: nothing to confirm, so not fuzzy, no `#|`.
        flags = tuple(dict.fromkeys(f for f in (*new.flags, *old.flags) if f != "fuzzy"))
        return replace(
            fresh(new, nplurals), translator_comments=old.translator_comments, flags=flags
        )
    was_fuzzy = "fuzzy" in old.flags
    previous: tuple[str | None, str | None, str | None]
    flags = tuple(dict.fromkeys((*new.flags, *old.flags)))
    if (fuzzy or reshaped) and not was_fuzzy:
        flags = ("fuzzy", *flags)
    if was_fuzzy and old.previous_msgid is not None:
        # Keep the text the translation was written for, however many edits ago.
        previous = _previous(old)
    elif fuzzy or reshaped:
        previous = (old.msgctxt, old.msgid, old.msgid_plural)
    else:
        previous = (None, None, None)
    if previous == (new.msgctxt, new.msgid, new.msgid_plural) and not reshaped:
        # The translation was written for this very text (see `reverted`): nothing to confirm.
        flags, previous = _without_fuzzy(flags), (None, None, None)
    return replace(
        new,
        msgstr=msgstr,
        msgstr_plural=msgstr_plural,
        translator_comments=old.translator_comments,
        flags=flags,
        previous_msgctxt=previous[0],
        previous_msgid=previous[1],
        previous_msgid_plural=previous[2],
        obsolete=False,
    )


def reverted(message: Message) -> bool:
    """Fuzzy only because the source changed and then went back: `#|` is its own text."""
    return (
        "fuzzy" in message.flags
        and message.previous_msgid is not None
        and _previous(message) == (message.msgctxt, message.msgid, message.msgid_plural)
    )


def _without_fuzzy(flags: tuple[str, ...]) -> tuple[str, ...]:
    return tuple(flag for flag in flags if flag != "fuzzy")


def _current(new: Message, old: Message) -> bool:
    """True when `carry(new, old)` would return `old` unchanged."""
    return (
        not old.obsolete
        and old.extracted_comments == new.extracted_comments
        and old.references == new.references
        and old.msgid_plural is None
        and new.msgid_plural is None
        and all(flag in old.flags for flag in new.flags)
        and ("fuzzy" in old.flags or _previous(old) == (None, None, None))
    )


def _previous(message: Message) -> tuple[str | None, str | None, str | None]:
    return (message.previous_msgctxt, message.previous_msgid, message.previous_msgid_plural)


def fresh(new: Message, nplurals: int) -> Message:
    """A new message, untranslated, with one empty msgstr per plural form of the language."""
    blank = not (new.msgstr or new.msgstr_plural or new.translator_comments)
    if blank and new.msgid_plural is None and "fuzzy" not in new.flags:
        return new  # a template's message is untranslated already: no copy
    forms = ("",) * nplurals if new.msgid_plural is not None else ()
    flags = _without_fuzzy(new.flags)
    return replace(new, msgstr="", msgstr_plural=forms, flags=flags, translator_comments=())


def obsolete(old: Message) -> Message:
    return replace(old, obsolete=True, extracted_comments=(), references=())


def _reshape(new: Message, old: Message, nplurals: int) -> tuple[str, tuple[str, ...], bool]:
    """The old translation in the new message's shape; True if the shape changed.

    A plural message has one msgstr per plural form of the language. When the source gains or
    loses its plural, the old text goes into the first form (or the only msgstr), fuzzy, as
    msgmerge does; `#|` keeps the old msgid_plural. A message that loses its plural keeps only
    its first form, as in msgmerge: an obsolete copy with the other forms would have the same
    msgid, which msgfmt rejects. A fuzzy match from another msgid leaves the old message
    obsolete with all its forms (see `_loses_forms`).
    """
    if new.msgid_plural is None:
        if old.msgid_plural is None:
            return old.msgstr, (), False
        return old.first_msgstr, (), True
    if old.msgid_plural is None:
        return "", (old.msgstr, *[""] * (nplurals - 1)), bool(old.msgstr)
    forms = old.msgstr_plural + ("",) * (nplurals - len(old.msgstr_plural))
    return "", forms, False


def _loses_forms(new: Message, old: Message) -> bool:
    """True when carrying `old` into `new` would drop translated plural forms (a fuzzy match
    then leaves `old` obsolete too, which is safe: its msgid is not in the template)."""
    return new.msgid_plural is None and old.msgid_plural is not None and any(old.msgstr_plural[1:])


def _worth_keeping(message: Message) -> bool:
    """A translation, or a translator's comment or flag on an active untranslated message."""
    notes = message.translator_comments or any(flag != "fuzzy" for flag in message.flags)
    return _has_translation(message) or (bool(notes) and not message.obsolete)


def _has_translation(message: Message) -> bool:
    return bool(message.first_msgstr)


def _present(messages: Sequence[Message | None]) -> list[Message]:
    return [message for message in messages if message is not None]
