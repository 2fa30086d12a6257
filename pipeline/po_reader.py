"""PO text -> Catalog, strictly: what gettext refuses is a PipelineError with its `path:line`.

See `pipeline.po` for what gettext keeps and drops, which the reader follows.
"""

from __future__ import annotations

import re
from pathlib import Path

from pipeline.errors import PipelineError
from pipeline.po import Catalog, Message, add_references, canonical_flags, escape, kept_flags
from pipeline.po_header import charset_error, check_header

_WS = " \t\r\f\v"
_KEYWORDS = ("msgctxt", "msgid", "msgid_plural", "msgstr")
_STARTS = ("#| msgctxt", "#| msgid", "msgctxt", "msgid")
_FOLLOWS: dict[str | None, tuple[str, ...]] = {
    None: _STARTS,
    "#| msgctxt": ("#| msgid",),
    "#| msgid": ("#| msgid_plural", "msgctxt", "msgid"),
    "#| msgid_plural": ("msgctxt", "msgid"),
    "msgctxt": ("msgid",),
    "msgid": ("msgid_plural", "msgstr"),
    "msgid_plural": ("msgstr[0]",),
}
_PLURAL = re.compile(r"msgstr[ \t]*\[[ \t]*([0-9]+)[ \t]*\]")
_PLAIN = re.compile(r'"([^"\\\x00\x04]*)"[ \t\r\f\v]*')
_SIMPLE_LINE = re.compile(r"(?:(msgctxt|msgid|msgid_plural|msgstr)[ \t]*)?" + _PLAIN.pattern)
_QUOTED = re.compile(r'[ \t\r\f\v]*"((?:[^"\\]|\\.)*)"')
_TOKEN = re.compile(
    r"[ \t\r\f\v]*(?:(msgctxt|msgid_plural|msgid|msgstr[ \t\r\f\v]*\[[ \t\r\f\v]*[0-9]+"
    r'[ \t\r\f\v]*\]|msgstr)(?![A-Za-z0-9_\[])|(")|(#)|([^ \t\r\f\v"#]+))'
)
_STRING = re.compile(r'"((?:[^"\\]|\\.)*)"')
_ESCAPE = re.compile(r"\\(x[0-9A-Fa-f]+|[0-7]{1,3}|.)")
_SIMPLE = {"n": "\n", "t": "\t", "r": "\r", "a": "\a", "b": "\b", "f": "\f", "v": "\v"}
_SIMPLE |= {"\\": "\\", '"': '"'}
_BYTE = re.compile("[\udc80-\udcff]")  # a byte >= 0x80 from an escape, see unescape()


def read_po(path: Path, *, nplurals: int | None = None, language: str | None = None) -> Catalog:
    try:
        data = path.read_bytes()
    except OSError as error:
        raise PipelineError(f"cannot read: {error.strerror}", path) from error
    return parse_po(data, path, nplurals=nplurals, language=language)


def parse_po(
    data: bytes,
    path: Path | str,
    *,
    nplurals: int | None = None,
    language: str | None = None,
    require_header: bool | None = None,
) -> Catalog:
    """Parse a PO file; any fault raises PipelineError with its 1-based line.

    A catalog (read with its `language`, or `require_header`) must have a header, as msgfmt
    --check demands; a template or a snippet need not.
    """
    # Only LF ends a line, as in gettext: CR is white space between tokens (so a CRLF file
    # reads as its LF twin) and stays part of a comment's text.
    text = _decode(data, path)
    lines = text.split("\n")
    reader = _Reader(path, _join_continued(lines) if "\\\n" in text else lines)
    catalog = reader.read()
    if (
        language is not None if require_header is None else require_header
    ) and not reader.has_header:
        raise PipelineError('no header entry (msgid ""): msgfmt --check refuses it', path, 1)
    check_header(catalog, reader, nplurals, language, text.isascii())
    return catalog


def _decode(data: bytes, path: Path | str) -> str:
    try:
        text = data.decode("utf-8")
    except UnicodeDecodeError as error:
        declared = re.search(rb'Content-Type:[^\n]*?charset=([^\s\\"]+)', data)
        if declared and declared[1].lower() != b"utf-8":
            line = data.count(b"\n", 0, declared.start()) + 1
            charset = declared[1].decode("ascii", "replace")
            raise PipelineError(charset_error(charset), path, line) from None
        line = data.count(b"\n", 0, error.start) + 1
        raise PipelineError(f"invalid UTF-8 (byte 0x{data[error.start]:02x})", path, line) from None
    return text[1:] if text.startswith("\ufeff") else text


def _join_continued(lines: list[str]) -> list[str]:
    """Delete each backslash-newline, as gettext does everywhere (comments too); blank lines
    stand in for the lines joined, so that later lines keep their numbers."""
    joined: list[str] = []
    folded, continued = 0, False
    for line in lines:
        if continued:  # the raw line before ended in a backslash, whatever came before it
            joined[-1] = joined[-1][:-1] + line
            folded += 1
        else:
            joined += [""] * folded + [line]
            folded = 0
        continued = line.endswith("\\")
    return joined + [""] * folded


class _Reader:
    """One pass over the lines: comments gather until an entry's keywords complete a Message."""

    def __init__(self, path: Path | str, lines: list[str]) -> None:
        self.path, self.lines = path, lines
        self.header = Message(msgid="")
        self.messages: list[Message] = []
        self.seen: dict[tuple[str | None, str], int] = {}
        self.plural_lines: list[tuple[int, int]] = []  # (index of msgstr[n], its line)
        self.plural_counts: list[tuple[int, int]] = []  # (forms of a plural message, its line)
        self.header_position = 0  # how many messages come before the header
        self.has_header = False
        self.reset()

    def reset(self) -> None:
        self.state: str | None = None  # the last keyword of the entry being read
        self.obsolete = False
        self.values: dict[str, str] = {}
        self.forms: list[str] = []
        self.form_lines: list[int] = []
        self.comments: list[str] = []
        self.extracted: list[str] = []
        self.references: list[str] = []
        self.flags: tuple[str, ...] = ()
        self.line = self.msgstr_line = 0
        self.pending: tuple[str, int, bool] | None = None  # a keyword waiting for its string

    def error(self, message: str, line: int) -> PipelineError:
        return PipelineError(message, self.path, line)

    def read(self) -> Catalog:
        for number, line in enumerate(self.lines, 1):
            if line[:1] not in ("m", '"', "#"):
                line = line.lstrip(_WS)
                if not line:
                    continue
            if line[0] == "#":
                self.comment(line, number)
            elif simple := _SIMPLE_LINE.fullmatch(line):  # the common case, for speed
                if simple[1]:
                    self.keyword(simple[1], simple[2], number, False)
                else:
                    self.string(simple[2], number, False, False)
            else:
                self.statement(line, number, obsolete=False, previous=False)
        if self.pending is not None:
            raise self.error(f"{self.pending[0]} has no string", self.pending[1])
        if self.state not in (None, "msgstr", "msgstr[n]"):
            last = len(self.lines) - (self.lines[-1] == "")
            raise self.error(f"expected {self.expected()}, found end of file", last)
        if self.state is not None:
            self.finish()
        return Catalog(self.header, tuple(self.messages), self.header_position)

    def comment(self, line: str, number: int) -> None:
        kind = line[1:2]
        if kind in ("~", "|"):
            rest = line[2:]
            previous = kind == "|" or rest[:1] == "|"
            rest = rest[1 if kind == "~" and previous else 0 :].lstrip(_WS)
            if rest[:1] == "#" and kind == "~" and not previous:
                self.comment(rest, number)
            elif rest:
                self.statement(rest, number, obsolete=kind == "~", previous=previous)
            return
        if self.pending is not None:
            raise self.error(f"{self.pending[0]} has no string", self.pending[1])
        line = line.split("\0", 1)[0]  # gettext keeps a comment as a C string: cut at NUL
        if self.state in ("msgstr", "msgstr[n]"):
            self.finish()
        elif self.state is not None:
            raise self.error(f"expected {self.expected()}, found a comment", number)
        if kind == ".":
            self.extracted.append(line[3:] if line[2:3] == " " else line[2:])
        elif kind == ":":
            add_references(self.references, line[2:])
        elif kind in (",", "!"):
            self.flags = canonical_flags(line[2:])
        else:
            self.comments.append(line[2:] if kind == " " else line[1:])

    def statement(self, line: str, number: int, *, obsolete: bool, previous: bool) -> None:
        """Keywords, strings and a trailing comment: gettext reads tokens, not lines."""
        position, after_string = 0, False
        while match := _TOKEN.match(line, position):
            head, quote, comment, word = match.groups()
            if word and after_string:
                raise self.error(f"text after the string: {line[match.start(4) :]!r}", number)
            if comment and previous and not obsolete:  # msgfmt: a syntax error (`#~|` is fine)
                raise self.error("a comment inside a #| line", number)
            if comment:
                return self.comment(line[match.start(3) :], number)
            if quote:
                string = _STRING.match(line, match.start(2))
                if string is None:
                    raise self.error("unterminated string", number)
                value = self.strings(string[0], number)
                self.string(value, number, obsolete, previous)
                position, after_string = string.end(), True
                continue
            position = match.end()
            plural = None if head is None else _PLURAL.fullmatch(head)
            if head is None or (previous and plural is not None):
                shown = word if head is None else head
                raise self.error(f"unknown keyword {('#| ' if previous else '') + shown!r}", number)
            if previous and head not in _KEYWORDS[:3]:
                raise self.error(f"unknown keyword {'#| ' + head!r}", number)
            name = f"#| {head}" if previous else head if plural is None else f"msgstr[{plural[1]}]"
            if self.pending is not None:
                raise self.error(f"{self.pending[0]} has no string", self.pending[1])
            self.pending = (name, number, obsolete)
        return None

    def string(self, value: str, number: int, obsolete: bool, previous: bool) -> None:
        """A quoted string: the value of a keyword waiting for it, or a continuation."""
        if self.pending is None:
            return self.continuation(value, number, obsolete, previous)
        name, line, was_obsolete = self.pending
        self.pending = None
        if obsolete != was_obsolete:
            raise self.error("an entry mixes #~ lines with active lines", number)
        if name.startswith("#|") != previous:
            raise self.error(f"{'#| ' if previous else ''}string after {name}", number)
        return self.keyword(name, value, line, obsolete)

    def keyword(self, name: str, value: str, number: int, obsolete: bool) -> None:
        if self.pending is not None:
            raise self.error(f"{self.pending[0]} has no string", self.pending[1])
        if self.state in ("msgstr", "msgstr[n]") and name in _STARTS:
            self.finish()
        if self.state is None:
            self.obsolete = obsolete
        elif obsolete != self.obsolete:
            raise self.error("an entry mixes #~ lines with active lines", number)
        is_next_form = self.state == "msgstr[n]" and name == f"msgstr[{len(self.forms)}]"
        if not is_next_form and name not in _FOLLOWS.get(self.state, ()):
            raise self.error(f"expected {self.expected()}, found {name}", number)
        if name.startswith("msgstr["):
            self.forms.append(value)
            self.form_lines.append(number)
            name = "msgstr[n]"
        else:
            self.values[name] = value
        self.line = number if name == "msgid" else self.line
        self.msgstr_line = self.msgstr_line or (number if name.startswith("msgstr") else 0)
        self.state = name

    def expected(self) -> str:
        if self.state == "msgstr[n]":
            return f"msgstr[{len(self.forms)}]"
        if self.state in (None, "msgstr"):
            return "msgctxt or msgid"
        return " or ".join(_FOLLOWS[self.state])

    def continuation(self, value: str, number: int, obsolete: bool, previous: bool) -> None:
        state = self.state
        if state is None or state.startswith("#|") != previous:
            after = f"after {state}" if state else "without a keyword before it"
            raise self.error(f"{'#| ' if previous else ''}string {after}", number)
        if obsolete != self.obsolete:
            raise self.error("an entry mixes #~ lines with active lines", number)
        if state == "msgstr[n]":
            self.forms[-1] += value
        else:
            self.values[state] += value

    def strings(self, text: str, number: int) -> str:
        """The value of the quoted strings that make up the rest of a line."""
        plain = _PLAIN.fullmatch(text)
        if plain:
            return plain[1]
        parts, position = [], 0
        while match := _QUOTED.match(text, position):
            part = match[1]
            if "\\" in part:
                part = _ESCAPE.sub(lambda m: self.unescape(m[1], number), part)
            parts.append(part.split("\0", 1)[0])  # gettext keeps C strings: each ends at a NUL
            position = match.end()
        rest = text[position:].strip(_WS)
        if rest:
            what = "unterminated string" if rest[0] == '"' else f"text after the string: {rest!r}"
            raise self.error(what, number)
        value = "".join(parts)
        if _BYTE.search(value):
            try:
                value = value.encode("utf-8", "surrogateescape").decode("utf-8")
            except UnicodeDecodeError:
                raise self.error("escape sequences make invalid UTF-8", number) from None
        if "\x04" in value:
            raise self.error("string contains the character EOT", number)
        return value

    def unescape(self, escape: str, number: int) -> str:
        """One escape as gettext reads it; a byte >= 0x80 becomes a surrogate until decoded."""
        if escape in _SIMPLE:
            return _SIMPLE[escape]
        if escape[0] == "x" and len(escape) > 1:
            byte = int(escape[1:], 16) & 0xFF
        elif escape[0] in "01234567":
            byte = int(escape, 8) & 0xFF
        else:
            raise self.error(f"invalid escape sequence \\{escape}", number)
        return chr(byte) if byte < 0x80 else chr(0xDC00 + byte)

    def finish(self) -> None:
        values, plural = self.values, "msgid_plural" in self.values
        first = self.forms[0] if plural else values["msgstr"]
        message = Message(
            msgid=values["msgid"],
            msgstr="" if plural else values["msgstr"],
            msgctxt=values.get("msgctxt"),
            msgid_plural=values.get("msgid_plural"),
            msgstr_plural=tuple(self.forms),
            translator_comments=tuple(self.comments),
            extracted_comments=tuple(self.extracted),
            references=tuple(self.references),
            flags=kept_flags(self.flags, first, self.obsolete) if self.flags else (),
            previous_msgctxt=values.get("#| msgctxt"),
            previous_msgid=values.get("#| msgid"),
            previous_msgid_plural=values.get("#| msgid_plural"),
            obsolete=self.obsolete,
            line=self.line,
            msgstr_line=self.msgstr_line,
        )
        if not message.obsolete and message.msgid and first and "fuzzy" not in self.flags:
            self.check_newlines(message)
        self.add(message)
        self.reset()

    def check_newlines(self, message: Message) -> None:
        """msgfmt --check: a translation begins and ends with a newline when its msgid does."""
        forms = [("msgstr", message.msgstr)] if message.msgid_plural is None else []
        forms += [(f"msgstr[{i}]", form) for i, form in enumerate(message.msgstr_plural)]
        if message.msgid_plural is not None:
            forms.insert(0, ("msgid_plural", message.msgid_plural))
        for name, text in forms:
            for where, test in (("begin", str.startswith), ("end", str.endswith)):
                if test(message.msgid, "\n") != test(text, "\n"):
                    raise self.error(
                        f"msgid and {name} do not both {where} with a newline (\\n)",
                        self.msgstr_line,
                    )

    def add(self, message: Message) -> None:
        first = self.seen.setdefault(message.key, message.line)
        if first != message.line:
            raise self.error(
                f"duplicate {_describe(message)} (first at line {first})", message.line
            )
        if message.msgid == "" and message.msgctxt is None and not message.obsolete:
            self.header, self.has_header = message, True
            self.header_position = sum(not m.obsolete for m in self.messages)
            return
        self.messages.append(message)
        if not message.obsolete:  # like msgfmt --check, which ignores obsolete entries
            self.plural_lines.extend(enumerate(self.form_lines))
            fuzzy = "fuzzy" in self.flags  # as written: msgfmt skips it even with msgstr[0] ""
            if message.msgid_plural is not None and any(message.msgstr_plural) and not fuzzy:
                self.plural_counts.append((len(message.msgstr_plural), message.line))


def _describe(message: Message) -> str:
    text = escape(message.msgid)
    described = f'msgid "{text[:40]}{"..." if len(text) > 40 else ""}"'
    context = message.msgctxt
    return described if context is None else f'{described} in msgctxt "{escape(context)}"'
