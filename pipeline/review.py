"""Review marks: a translator comment that approves one exact translation, and the rule for it.

gettext knows only fuzzy; GNU gettext drops `#,` flags it does not know, so a made-up flag would
not survive `msgmerge` or `msgcat`. Translator comments survive every tool, so a reviewed entry
carries `# reviewed: <who> <date> <hash>`, where the hash is the first 12 hex digits of the
SHA-256 of msgctxt, msgid, msgid_plural and every msgstr. Any edit of the text makes the hash
disagree: the mark is stale, the entry counts as translated only, and `update` drops the mark
and says so. A mark on a fuzzy or untranslated entry is stale as well.
"""

from __future__ import annotations

import hashlib
import os
import re
from dataclasses import dataclass, replace
from datetime import UTC, datetime

from pipeline.po import Message

PREFIX = "reviewed:"
_MARK = re.compile(r"reviewed: (?P<by>.+) (?P<date>\d{4}-\d\d-\d\d) (?P<hash>[0-9a-f]{12})")


@dataclass(frozen=True, slots=True)
class ReviewMark:
    """One `# reviewed: <who> <date> <hash>` comment, parsed."""

    by: str
    date: str
    """ISO date, YYYY-MM-DD."""
    hash: str

    @property
    def comment(self) -> str:
        return f"{PREFIX} {self.by} {self.date} {self.hash}"


def text_hash(message: Message) -> str:
    """What a mark approves: the message's source and translation, every plural form."""
    forms = message.msgstr_plural if message.msgid_plural is not None else (message.msgstr,)
    parts = (message.msgctxt or "", message.msgid, message.msgid_plural or "", *forms)
    return hashlib.sha256("\x00".join(parts).encode("utf-8")).hexdigest()[:12]


def find_mark(message: Message) -> ReviewMark | None:
    """The entry's review mark, valid or stale; None when it has none."""
    for comment in message.translator_comments:
        if comment.startswith(PREFIX):
            found = _MARK.fullmatch(comment.strip())
            return ReviewMark(found["by"], found["date"], found["hash"]) if found else None
    return None


def has_mark_comment(message: Message) -> bool:
    return any(comment.startswith(PREFIX) for comment in message.translator_comments)


def is_reviewed(message: Message) -> bool:
    """Translated, and marked reviewed for exactly this text."""
    if not message.translated or not message.translator_comments:
        return False
    mark = find_mark(message)
    return mark is not None and mark.hash == text_hash(message)


def is_stale(message: Message) -> bool:
    """Carries a mark that no longer approves it (edited, fuzzy, untranslated or malformed).

    An obsolete entry keeps a mark that still matches: it becomes valid again when the entry
    is revived unchanged.
    """
    if not has_mark_comment(message):
        return False
    mark = find_mark(message)
    if mark is None or mark.hash != text_hash(message):
        return True
    return not message.obsolete and not message.translated


def mark_reviewed(message: Message, by: str, date: str) -> Message:
    """The message with a fresh mark (any old one replaced); the caller checks it is translated."""
    mark = ReviewMark(by, date, text_hash(message))
    return replace(message, translator_comments=(*_without_mark(message), mark.comment))


def unmark(message: Message) -> Message:
    return replace(message, translator_comments=_without_mark(message))


def _without_mark(message: Message) -> tuple[str, ...]:
    return tuple(c for c in message.translator_comments if not c.startswith(PREFIX))


def today() -> str:
    """The date a mark carries: SOURCE_DATE_EPOCH's when set (reproducible runs), else UTC's."""
    epoch = os.environ.get("SOURCE_DATE_EPOCH", "")
    moment = datetime.fromtimestamp(int(epoch), UTC) if epoch.isdigit() else datetime.now(UTC)
    return moment.date().isoformat()


def validate_reviewer(name: str) -> str:
    """A reviewer name fits on the comment line; raises ValueError saying why not."""
    cleaned = " ".join(name.split())
    if not cleaned or "\n" in name:
        raise ValueError("--by needs a name")
    return cleaned
