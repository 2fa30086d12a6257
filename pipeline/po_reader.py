"""PO text -> Catalog, strictly: what gettext refuses is a PipelineError with its `path:line`.

See `pipeline.po` for what gettext keeps and drops, which the reader follows.
"""

from __future__ import annotations

import re
from pathlib import Path

from pipeline.errors import PipelineError
from pipeline.locales import language_match
from pipeline.po import Catalog, Message, add_references, canonical_flags, escape, kept_flags

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
    data: bytes, path: Path | str, *, nplurals: int | None = None, language: str | None = None
) -> Catalog:
    """Parse a PO file; any fault raises PipelineError with its 1-based line."""
    text = _decode(data, path).replace("\r\n", "\n")
    lines = text.split("\n")
    reader = _Reader(path, _join_continued(lines) if "\\\n" in text else lines)
    catalog = reader.read()
    _check_header(catalog, reader, nplurals, language, text.isascii())
    return catalog


def _decode(data: bytes, path: Path | str) -> str:
    try:
        text = data.decode("utf-8")
    except UnicodeDecodeError as error:
        declared = re.search(rb'Content-Type:[^\n]*?charset=([^\s\\"]+)', data)
        if declared and declared[1].lower() != b"utf-8":
            line = data.count(b"\n", 0, declared.start()) + 1
            charset = declared[1].decode("ascii", "replace")
            raise PipelineError(_charset_error(charset), path, line) from None
        line = data.count(b"\n", 0, error.start) + 1
        raise PipelineError(f"invalid UTF-8 (byte 0x{data[error.start]:02x})", path, line) from None
    return text[1:] if text.startswith("\ufeff") else text


def _join_continued(lines: list[str]) -> list[str]:
    """Delete each backslash-newline, as gettext does everywhere (comments too); blank lines
    stand in for the lines joined, so that later lines keep their numbers."""
    joined: list[str] = []
    folded = 0
    for line in lines:
        if joined and joined[-1].endswith("\\"):
            joined[-1] = joined[-1][:-1] + line
            folded += 1
        else:
            joined += [""] * folded + [line]
            folded = 0
    return joined + [""] * folded


def _charset_error(charset: str) -> str:
    return f"header says charset={charset}; catalogs must be UTF-8"


class _Reader:
    """One pass over the lines: comments gather until an entry's keywords complete a Message."""

    def __init__(self, path: Path | str, lines: list[str]) -> None:
        self.path, self.lines = path, lines
        self.header = Message(msgid="")
        self.messages: list[Message] = []
        self.seen: dict[tuple[str | None, str], int] = {}
        self.plural_lines: list[tuple[int, int]] = []  # (index of msgstr[n], its line)
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
                    self.continuation(simple[2], number, False, False)
            else:
                self.statement(line, number, obsolete=False, previous=False)
        if self.state not in (None, "msgstr", "msgstr[n]"):
            last = len(self.lines) - (self.lines[-1] == "")
            raise self.error(f"expected {self.expected()}, found end of file", last)
        if self.state is not None:
            self.finish()
        return Catalog(self.header, tuple(self.messages))

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
        if line[0] == '"':
            return self.continuation(self.strings(line, number), number, obsolete, previous)
        quote = line.find('"')
        head = (line if quote < 0 else line[:quote]).rstrip(_WS)
        plural = None if head in _KEYWORDS else _PLURAL.fullmatch(head)
        if (head not in _KEYWORDS and plural is None) or (previous and head not in _KEYWORDS[:3]):
            raise self.error(f"unknown keyword {('#| ' if previous else '') + head!r}", number)
        if quote < 0:
            raise self.error(f"{head} has no string on its line", number)
        name = f"#| {head}" if previous else head if plural is None else f"msgstr[{plural[1]}]"
        self.keyword(name, self.strings(line[quote:], number), number, obsolete)

    def keyword(self, name: str, value: str, number: int, obsolete: bool) -> None:
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
            parts.append(
                _ESCAPE.sub(lambda m: self.unescape(m[1], number), part) if "\\" in part else part
            )
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
        if "\x00" in value or "\x04" in value:
            name = "NUL (gettext would cut the string there)" if "\x00" in value else "EOT"
            raise self.error(f"string contains the character {name}", number)
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
        self.add(message)
        self.reset()

    def add(self, message: Message) -> None:
        first = self.seen.setdefault(message.key, message.line)
        if first != message.line:
            raise self.error(
                f"duplicate {_describe(message)} (first at line {first})", message.line
            )
        if message.msgid == "" and message.msgctxt is None and not message.obsolete:
            self.header = message
            return
        self.messages.append(message)
        if not message.obsolete:  # like msgfmt --check, which ignores obsolete entries
            self.plural_lines.extend(enumerate(self.form_lines))


def _describe(message: Message) -> str:
    text = escape(message.msgid)
    described = f'msgid "{text[:40]}{"..." if len(text) > 40 else ""}"'
    context = message.msgctxt
    return described if context is None else f'{described} in msgctxt "{escape(context)}"'


def _check_header(
    catalog: Catalog, reader: _Reader, nplurals: int | None, language: str | None, ascii: bool
) -> None:
    header = catalog.header
    charset = re.search(r"charset=([^ \t\n]*)", header.msgstr)
    if charset and charset[1].lower() != "utf-8":
        raise reader.error(_charset_error(charset[1]), _field_line(reader, header, "charset="))
    if not charset and not ascii:  # gettext refuses this: it cannot know the encoding
        raise reader.error(
            "the file is not ASCII but its header has no charset=UTF-8", header.line or 1
        )
    said = catalog.get_header("Language")
    if language and said and language_match(said, language) == "different":
        where = _field_line(reader, header, "Language:")
        raise reader.error(f"header says Language: {said} but the catalog is for {language}", where)
    forms = re.search(r"nplurals\s*=\s*([0-9]+)", catalog.get_header("Plural-Forms") or "")
    limit = nplurals if nplurals is not None else int(forms[1]) if forms else None
    for index, line in reader.plural_lines:
        if limit is not None and index >= limit:
            raise reader.error(f"msgstr[{index}] but the language has nplurals={limit}", line)


def _field_line(reader: _Reader, header: Message, needle: str) -> int:
    """The line of the header's msgstr that holds `needle` (header fields are one per line)."""
    for number in range(header.msgstr_line, len(reader.lines) + 1):
        line = reader.lines[number - 1]
        if needle in line:
            return number
        if number > header.msgstr_line and not line.lstrip(_WS).startswith('"'):
            break
    return header.msgstr_line
