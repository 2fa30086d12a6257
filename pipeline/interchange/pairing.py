"""A translated Markdown document + its English source -> imported translations for the catalog.

Both documents are segmented by the same parser. Front matter values pair by key (a key that the
translation renamed pairs with the one left over, as fuzzy); body segments are aligned by
`pipeline.interchange.alignment` and judged by `pipeline.interchange.judging`. The result says,
for each msgid, the translation found and how sure it is; `apply_imports` puts it in a catalog
without overwriting a translation already there unless asked.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass, replace

from pipeline.extract.documents import Document
from pipeline.extract.segments import FRONT_MATTER, Segment
from pipeline.interchange.alignment import align_blocks
from pipeline.interchange.anchors import measure_block
from pipeline.interchange.costs import (
    FUZZY,
    SKIP,
    TRANSLATED,
    UNMATCHED,
    length_ratio,
    pair_cost,
)
from pipeline.interchange.judging import judge_links, judge_pair
from pipeline.pickling import by_fields
from pipeline.po import Catalog, Message

COMMENT = "imported: "
EXCERPT = 60
"""Characters of a block's text that the report shows."""


@dataclass(frozen=True, slots=True)
class Pairing:
    """English segments and the translated segments taken as their translation."""

    english: tuple[Segment, ...]
    translated: tuple[Segment, ...]
    state: str
    """translated, fuzzy, or unmatched (one side is empty)."""
    reason: str = ""

    __reduce__ = by_fields


@dataclass(frozen=True, slots=True)
class Reported:
    """A pairing as the import report tells it: lines and kind, without the segments, whose
    text was most of what the workers sent back to the parent."""

    state: str
    reason: str
    kind: str
    english: tuple[int, ...]
    """Lines of the English blocks."""
    translated: tuple[int, ...]
    """Lines of the translated blocks."""
    excerpts: tuple[str, ...] = ()
    """`kind: text` of each block of the side there is, when the other side is empty."""

    __reduce__ = by_fields


def reported(pairing: Pairing) -> Reported:
    """What the report needs of `pairing`: an excerpt only of a block with no counterpart."""
    paired = bool(pairing.english and pairing.translated)
    one_side = () if paired else pairing.english or pairing.translated
    return Reported(
        pairing.state,
        pairing.reason,
        (pairing.english or pairing.translated)[0].kind,
        tuple(s.line for s in pairing.english),
        tuple(s.line for s in pairing.translated),
        tuple(_excerpt(s) for s in one_side),
    )


def _excerpt(segment: Segment) -> str:
    text = " ".join(segment.text.split())
    text = text if len(text) <= EXCERPT else text[: EXCERPT - 1] + "…"
    return f"{segment.kind}: {text}"


@dataclass(frozen=True, slots=True)
class Imported:
    """The translation one msgid gets from the translated document."""

    msgstr: str
    state: str
    """translated or fuzzy; untranslated messages with a note have msgstr ""."""
    note: str = ""
    """The `# imported: ...` comment; "" for a confident translation."""


@dataclass(frozen=True, slots=True)
class Change:
    """What importing does to one message of the catalog."""

    msgid: str
    action: str
    """added, replaced, kept (a translation is there and --overwrite was not given), same."""
    state: str
    line: int
    """1-based line of the English segment."""

    __reduce__ = by_fields


def pair_segments(
    english: Document,
    english_segments: Sequence[Segment],
    translated: Document,
    translated_segments: Sequence[Segment],
) -> list[Pairing]:
    """Front matter pairings first, then the body's, in English order."""
    source = [s for s in english_segments if s.kind != FRONT_MATTER]
    target = [s for s in translated_segments if s.kind != FRONT_MATTER]
    source_blocks = [measure_block(s, english.text) for s in source]
    target_blocks = [measure_block(s, translated.text) for s in target]
    ratio = length_ratio(source_blocks, target_blocks)
    english_fm = [s for s in english_segments if s.kind == FRONT_MATTER]
    translated_fm = [s for s in translated_segments if s.kind == FRONT_MATTER]
    present = frozenset(field.key for field in english.fields)
    pairings = pair_front_matter(english_fm, translated_fm, present, ratio)
    links = align_blocks(source_blocks, target_blocks)
    for link in judge_links(source_blocks, target_blocks, links, ratio):
        english_side = tuple(source[i] for i in link.source)
        translated_side = tuple(target[j] for j in link.target)
        pairings.append(Pairing(english_side, translated_side, link.state, link.reason))
    return pairings


def pair_front_matter(
    english: Sequence[Segment],
    translated: Sequence[Segment],
    present: frozenset[str],
    ratio: float,
) -> list[Pairing]:
    """Values of the same key pair in order; keys only one side has pair up as a rename.

    `translated` holds every string value of the translation's front matter (its configured keys
    may be named differently); values of keys the English has (`present`) but does not
    translate are not translations and are left out. `ratio` is the body's length ratio.
    """
    english_keys = dict.fromkeys(s.key for s in english)  # in English order, for the report
    by_key: dict[str, list[Segment]] = {}
    for segment in translated:
        by_key.setdefault(segment.key, []).append(segment)
    pairings: list[Pairing] = []
    leftover: list[Segment] = []
    for segment in english:
        values = by_key.get(segment.key, [])
        if values:
            other = values.pop(0)
            doubt = judge_pair(measure_block(segment, ""), measure_block(other, ""), ratio)
            state = FUZZY if doubt else TRANSLATED
            pairings.append(Pairing((segment,), (other,), state, doubt))
        else:
            leftover.append(segment)
    renamed = [s for key, values in by_key.items() if key not in present for s in values]
    for segment in leftover:
        found = _renamed(segment, renamed, ratio)
        if found is None:
            pairings.append(Pairing((segment,), (), UNMATCHED))
            continue
        renamed.remove(found)
        reason = f"front matter key {segment.key!r} is {found.key!r} in the translation"
        pairings.append(Pairing((segment,), (found,), FUZZY, reason))
    extra = [s for key in english_keys for s in by_key.get(key, [])]
    pairings.extend(Pairing((), (s,), UNMATCHED) for s in [*extra, *renamed])
    return pairings


def _renamed(segment: Segment, candidates: Sequence[Segment], ratio: float) -> Segment | None:
    """The value of a key only the translation has that is most likely `segment`'s: the
    cheapest plausible pairing."""
    block = measure_block(segment, "")
    scored = [(pair_cost(block, measure_block(c, ""), ratio), c) for c in candidates]
    plausible = [(cost, c) for cost, c in scored if cost < SKIP]
    return min(plausible, key=lambda pair: pair[0])[1] if plausible else None


def build_imports(pairings: Sequence[Pairing]) -> dict[str, Imported]:
    """One translation per msgid; identical English text seen twice keeps the first one found."""
    found: dict[str, Imported] = {}
    for pairing in pairings:
        if not pairing.english or not pairing.translated:
            continue
        msgstr = "\n".join(s.text for s in pairing.translated)
        first, *rest = pairing.english
        note = COMMENT + pairing.reason if pairing.state == FUZZY else ""
        _offer(found, first.text, Imported(msgstr, pairing.state, note))
        for other in rest:
            together = COMMENT + "translated together with the previous paragraph"
            _offer(found, other.text, Imported("", UNMATCHED, together))
    return found


def _offer(found: dict[str, Imported], msgid: str, imported: Imported) -> None:
    previous = found.get(msgid)
    if previous is None:
        found[msgid] = imported
    elif previous.msgstr != imported.msgstr and imported.msgstr and previous.state == TRANSLATED:
        note = COMMENT + "the text occurs twice, translated differently; the first is kept"
        found[msgid] = replace(previous, state=FUZZY, note=note)


def apply_imports(
    catalog: Catalog, imports: dict[str, Imported], lines: dict[str, int], overwrite: bool
) -> tuple[Catalog, list[Change]]:
    """The catalog with the imported translations, and what changed for each message."""
    messages: list[Message] = []
    changes: list[Change] = []
    for message in catalog.messages:
        imported = None if message.obsolete else imports.get(message.msgid)
        if imported is None or message.msgid_plural is not None:
            messages.append(message)
            continue
        new = _imported_message(message, imported)
        action = _action(message, new, overwrite)
        changes.append(Change(message.msgid, action, imported.state, lines.get(message.msgid, 0)))
        messages.append(new if action in ("added", "replaced") else message)
    return replace(catalog, messages=tuple(messages)), changes


def _imported_message(message: Message, imported: Imported) -> Message:
    comments = tuple(c for c in message.translator_comments if not c.startswith(COMMENT))
    if imported.note:
        comments = (*comments, imported.note)
    flags = tuple(f for f in message.flags if f != "fuzzy")
    if imported.state == FUZZY:
        flags = ("fuzzy", *flags)
    return replace(
        message,
        msgstr=imported.msgstr,
        flags=flags,
        translator_comments=comments,
        previous_msgctxt=None,
        previous_msgid=None,
        previous_msgid_plural=None,
    )


def _action(old: Message, new: Message, overwrite: bool) -> str:
    if old == new:
        return "same"
    if not old.msgstr:
        return "added"
    return "replaced" if overwrite else "kept"
