"""Read PO files strictly and write them exactly as `msgcat --no-wrap` (GNU gettext 0.21) does.

The reader refuses what gettext refuses, and a little more (a NUL from an escape, which gettext
would silently cut the string at); it accepts a UTF-8 BOM and CRLF. It keeps what gettext keeps, so
`render_po(parse_po(x))` is `msgcat --no-wrap x` (except that the header is written first, and a
bare empty header not at all). What gettext does, and so this module, that may surprise:

- Flags: only the last `#,` line of an entry counts. Unknown flags are DROPPED, so markers of our
  own belong in translator comments, never in flags. Known flags are written in gettext's order:
  fuzzy, `*-format` in `_FORMATS` order, `range: a..b`, `no-wrap`. `possible-X-format` is written
  `X-format`; `impossible-X-format` and `wrap` are dropped; so is fuzzy when the first msgstr is "",
  and a range on an obsolete entry.
- References split as gettext does ("f:1", "f: 1", "f :1" are one), duplicates dropped, a leading
  "./" dropped on output, `#:` lines wrapped at 79 bytes even under --no-wrap.
- Active entries are written first, obsolete (`#~`) ones after them; an obsolete entry whose first
  msgstr is empty is not written at all. Comments after the last entry are dropped.
- gettext deletes every backslash-newline, in comments too, and so does the reader; the writer
  adds a space to a comment line that ends in a backslash (msgcat would write a broken file).
- `msgcat` writes nothing for a catalog holding only a header, unless given `--force-po`.
"""

from __future__ import annotations

import functools
import re
from dataclasses import dataclass, field, replace
from pathlib import Path

from pipeline.errors import PipelineError
from pipeline.plurals import plural_problem


@dataclass(frozen=True, slots=True)
class Message:
    """One gettext message (the header is the message whose msgid is "" and has no msgctxt)."""

    msgid: str
    msgstr: str = ""
    msgctxt: str | None = None
    msgid_plural: str | None = None
    msgstr_plural: tuple[str, ...] = ()
    """msgstr[0], msgstr[1], ... when msgid_plural is set."""
    translator_comments: tuple[str, ...] = ()
    """`# text` lines, without the `# ` prefix."""
    extracted_comments: tuple[str, ...] = ()
    """`#. text` lines."""
    references: tuple[str, ...] = ()
    """`#:` items, `file` or `file:line`, one per reference."""
    flags: tuple[str, ...] = ()
    """`#,` items as gettext keeps them, e.g. ("fuzzy", "range: 1..5")."""
    previous_msgctxt: str | None = None
    """`#| msgctxt`: the context this fuzzy translation was made for; likewise the next two."""
    previous_msgid: str | None = None
    previous_msgid_plural: str | None = None
    obsolete: bool = False
    """A `#~` entry."""
    line: int = field(default=0, compare=False)
    """1-based line of the msgid keyword; 0 when not read from a file."""
    msgstr_line: int = field(default=0, compare=False)
    """1-based line of the first msgstr keyword; 0 when not read from a file."""

    @property
    def key(self) -> tuple[str | None, str]:
        return (self.msgctxt, self.msgid)

    @property
    def fuzzy(self) -> bool:
        """As gettext sees it: flagged fuzzy and the first msgstr is not empty."""
        return "fuzzy" in self.flags and bool(_first_msgstr(self))

    @property
    def translated(self) -> bool:
        """As `msgfmt --statistics` counts: active, not fuzzy, and the FIRST msgstr not empty."""
        return not self.obsolete and "fuzzy" not in self.flags and bool(_first_msgstr(self))


@dataclass(frozen=True, slots=True)
class Catalog:
    """A PO file: its header and its messages."""

    header: Message
    """The msgid "" entry; Message(msgid="") when the file has none (and then none is written)."""
    messages: tuple[Message, ...]
    """In file order, obsolete ones included, header excluded."""
    header_position: int = field(default=0, compare=False)
    """Active messages before the header in the file (msgcat keeps it there; ours is first)."""

    @property
    def header_fields(self) -> list[tuple[str, str]]:
        """The header's "Key: value" lines in order (lines without a colon are skipped)."""
        lines = (line.partition(":") for line in self.header.msgstr.split("\n"))
        return [(key.strip(), value.strip()) for key, colon, value in lines if colon]

    def get_header(self, name: str) -> str | None:
        return next((value for key, value in self.header_fields if key == name), None)

    def with_header_fields(self, fields: list[tuple[str, str]]) -> Catalog:
        return replace(self, header=replace(self.header, msgstr=render_header(fields)))


def _first_msgstr(message: Message) -> str:
    if message.msgid_plural is None:
        return message.msgstr
    return message.msgstr_plural[0] if message.msgstr_plural else ""


# --- reading ---------------------------------------------------------------------------------

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
            _add_references(self.references, line[2:])
        elif kind in (",", "!"):
            self.flags = _canonical_flags(line[2:])
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
            flags=_kept_flags(self.flags, first, self.obsolete) if self.flags else (),
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
    text = _escape(message.msgid)
    described = f'msgid "{text[:40]}{"..." if len(text) > 40 else ""}"'
    context = message.msgctxt
    return described if context is None else f'{described} in msgctxt "{_escape(context)}"'


def _check_header(
    catalog: Catalog, reader: _Reader, nplurals: int | None, language: str | None, ascii: bool
) -> None:
    header = catalog.header
    charset = re.search(r"charset=([^ \t\n]*)", header.msgstr)
    if charset and charset[1].lower() != "utf-8":
        raise reader.error(_charset_error(charset[1]), _field_line(reader, header, "charset="))
    # No charset at all: msgfmt --check lets it pass, and so do we (read as UTF-8).
    said = catalog.get_header("Language")
    if language and said and _locale(said) != _locale(language):
        where = _field_line(reader, header, "Language:")
        raise reader.error(f"header says Language: {said} but the catalog is for {language}", where)
    problem = plural_problem(header.msgstr, bool(reader.plural_counts))
    if problem is not None:
        raise reader.error(problem, _field_line(reader, header, "plural"))
    forms = re.search(r"nplurals\s*=\s*([0-9]+)", catalog.get_header("Plural-Forms") or "")
    limit = nplurals if nplurals is not None else int(forms[1]) if forms else None
    for index, line in reader.plural_lines:
        if limit is not None and index >= limit:
            raise reader.error(f"msgstr[{index}] but the language has nplurals={limit}", line)
    for count, line in reader.plural_counts:
        if limit is not None and count < limit:
            raise reader.error(f"{count} plural forms, but the language has {limit}", line)


def _locale(tag: str) -> str:
    return tag.strip().lower().replace("-", "_")


def _field_line(reader: _Reader, header: Message, needle: str) -> int:
    """The line of the header's msgstr that holds `needle` (header fields are one per line)."""
    for number in range(header.msgstr_line, len(reader.lines) + 1):
        line = reader.lines[number - 1]
        if needle in line:
            return number
        if number > header.msgstr_line and not line.lstrip(_WS).startswith('"'):
            break
    return header.msgstr_line


# --- flags and references, as gettext parses them (read-catalog-abstract.c) ---------------------

_FORMATS = (
    *("c", "objc", "python", "python-brace", "java", "java-printf", "csharp", "javascript"),
    *("scheme", "lisp", "elisp", "librep", "ruby", "sh", "awk", "lua", "object-pascal"),
    *("smalltalk", "qt", "qt-plural", "kde", "kde-kuit", "boost", "tcl", "perl", "perl-brace"),
    *("php", "gcc-internal", "gfc-internal", "ycp"),
)
_FLAG_SEPARATORS = re.compile(r"[\n \t\r\f\v,]+")
_RANGE = re.compile(r"([0-9]+)\.\.([0-9]+)")
_INT_MAX = 2**31 - 1


@functools.lru_cache(maxsize=4096)
def _canonical_flags(text: str) -> tuple[str, ...]:
    """The flags of one `#,` line as gettext keeps and writes them (see the module docstring)."""
    fuzzy, wrap, span = False, True, ""
    formats: dict[str, str | None] = {}  # language -> "" (yes), "no-", or None (impossible)
    tokens = iter(_FLAG_SEPARATORS.split(text))
    for token in tokens:
        if token == "fuzzy":
            fuzzy = True
        elif token in ("wrap", "no-wrap"):
            wrap = token == "wrap"
        elif token == "range:":
            bounds = _RANGE.match(next(tokens, ""))
            low, high = (min(int(b), _INT_MAX) for b in bounds.groups()) if bounds else (1, 0)
            span = f"range: {low}..{high}" if low <= high else span
        elif token.endswith("-format"):
            name = token[:-7]
            for prefix, state in (("possible-", ""), ("impossible-", None), ("no-", "no-")):
                if name.startswith(prefix):
                    name, value = name[len(prefix) :], state
                    break
            else:
                value = ""
            if name in _FORMATS:
                formats[name] = value
    flags = ["fuzzy"] if fuzzy else []
    flags += [f"{formats[n]}{n}-format" for n in _FORMATS if formats.get(n) is not None]
    return (*flags, *([span] if span else []), *([] if wrap else ["no-wrap"]))


def _kept_flags(flags: tuple[str, ...], first_msgstr: str, obsolete: bool) -> tuple[str, ...]:
    """gettext drops fuzzy when the first msgstr is empty, and a range on an obsolete entry."""
    return tuple(
        flag
        for flag in flags
        if (flag != "fuzzy" or first_msgstr) and not (obsolete and flag.startswith("range:"))
    )


def _add_references(references: list[str], text: str) -> None:
    """Add the references of one `#:` line, gettext's way: "f:1", "f: 1", "f :1", "f : 1"."""
    tokens = [token for token in text.replace("\t", " ").split(" ") if token]
    if ":" not in text:  # the common case, for speed
        references.extend(token for token in dict.fromkeys(tokens) if token not in references)
        return
    index = 0
    while index < len(tokens):
        token, after = tokens[index], tokens[index + 1 : index + 3]
        if after[:1] == [":"] and len(after) == 2 and _is_number(after[1]):
            item, index = f"{token}:{int(after[1])}", index + 3
        elif after and after[0][:1] == ":" and _is_number(after[0][1:]):
            item, index = f"{token}:{int(after[0][1:])}", index + 2
        elif token.endswith(":") and after and _is_number(after[0]):
            item, index = f"{token}{int(after[0])}", index + 2
        else:
            item, index = _reference(token), index + 1
        if item not in references:
            references.append(item)


def _is_number(text: str) -> bool:
    return text.isascii() and text.isdigit()


def _reference(token: str) -> str:
    name, colon, number = token.rpartition(":")
    return f"{name}:{int(number)}" if colon and _is_number(number) else token


# --- writing -------------------------------------------------------------------------------------

_ESCAPES = str.maketrans(
    {"\\": "\\\\", '"': '\\"', "\n": "\\n", "\t": "\\t", "\r": "\\r"}
    | {"\a": "\\a", "\b": "\\b", "\f": "\\f", "\v": "\\v"}
)
_WIDTH = 79  # gettext's page width, which still applies to `#:` lines under --no-wrap


def render_header(fields: list[tuple[str, str]]) -> str:
    return "".join(f"{key}: {value}\n" for key, value in fields)


def render_po(catalog: Catalog) -> str:
    """The catalog as `msgcat --no-wrap` writes it (header, active entries, then obsolete ones)."""
    header = [] if catalog.header == Message(msgid="") else [catalog.header]
    active = [m for m in catalog.messages if not m.obsolete]
    at = catalog.header_position
    obsolete = [m for m in catalog.messages if m.obsolete and _first_msgstr(m)]
    ordered = (*active[:at], *header, *active[at:], *obsolete)
    return "\n".join(_render_message(m) for m in ordered)


def _render_message(message: Message) -> str:
    lines = [f"# {c}" if c else "#" for t in message.translator_comments for c in t.split("\n")]
    lines += [f"#. {c}" if c else "#." for t in message.extracted_comments for c in t.split("\n")]
    if message.references:
        lines += _render_references(message.references)
    if message.flags:
        flags = _kept_flags(
            _canonical_flags(", ".join(message.flags)), _first_msgstr(message), message.obsolete
        )
        lines += [f"#, {', '.join(flags)}"] if flags else []
    # A comment line ending in a backslash would swallow the next line: gettext deletes "\\\n".
    out = ["".join(f"{line} \n" if line[-1] == "\\" else f"{line}\n" for line in lines)]
    prefix = "#~ " if message.obsolete else ""
    for keyword, value in (
        ("msgctxt", message.previous_msgctxt),
        ("msgid", message.previous_msgid),
        ("msgid_plural", message.previous_msgid_plural),
    ):
        if value is not None:
            out.append(_render_string("#~| " if message.obsolete else "#| ", keyword, value))
    if message.msgctxt is not None:
        out.append(_render_string(prefix, "msgctxt", message.msgctxt))
    out.append(_render_string(prefix, "msgid", message.msgid))
    if message.msgid_plural is None:
        out.append(_render_string(prefix, "msgstr", message.msgstr))
    else:
        out.append(_render_string(prefix, "msgid_plural", message.msgid_plural))
        for index, form in enumerate(message.msgstr_plural):
            out.append(_render_string(prefix, f"msgstr[{index}]", form))
    return "".join(out)


def _render_references(references: tuple[str, ...]) -> list[str]:
    """`#:` lines: items joined by spaces, a new line when one would pass 79 bytes."""
    lines, line, column = [], "#:", 2
    for item in dict.fromkeys(references):
        while item.startswith("./"):
            item = item[2:]
        size = len(item.encode()) + 1
        if column > 2 and column + size > _WIDTH:
            lines.append(line)
            line, column = "#:", 2
        line, column = f"{line} {item}", column + size
    return [*lines, line]


def _escape(text: str) -> str:
    return text.translate(_ESCAPES)


def _render_string(prefix: str, keyword: str, value: str) -> str:
    """`keyword "value"`, or `keyword ""` and one quoted line per piece ending in a newline."""
    if "\n" not in value[:-1]:
        return f'{prefix}{keyword} "{_escape(value)}"\n'
    pieces = value.split("\n")
    last = pieces.pop()
    lines = [f'{prefix}"{_escape(piece)}\\n"\n' for piece in pieces]
    if last:
        lines.append(f'{prefix}"{_escape(last)}"\n')
    return f'{prefix}{keyword} ""\n' + "".join(lines)
