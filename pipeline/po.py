"""PO files: Message, Catalog, and writing them exactly as `msgcat --no-wrap` (gettext 0.21) does.

Reading, strictly, is `po_reader.py`; both follow the rules below.

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

from pipeline.pickling import by_fields


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

    __reduce__ = by_fields  # templates and merged catalogs cross processes and spools

    @property
    def key(self) -> tuple[str | None, str]:
        return (self.msgctxt, self.msgid)

    @property
    def forms(self) -> tuple[str, ...]:
        """The msgstrs: (msgstr,) without a plural, else msgstr[0], msgstr[1]... (maybe none)."""
        return self.msgstr_plural if self.msgid_plural is not None else (self.msgstr,)

    @property
    def first_msgstr(self) -> str:
        """msgstr, or a plural's msgstr[0] ("" when it has none): what gettext's rules test."""
        return self.forms[0] if self.forms else ""

    @property
    def fuzzy(self) -> bool:
        """As gettext sees it: flagged fuzzy and the first msgstr is not empty."""
        return "fuzzy" in self.flags and bool(self.first_msgstr)

    @property
    def translated(self) -> bool:
        """As `msgfmt --statistics` counts: active, not fuzzy, and the FIRST msgstr not empty."""
        return not self.obsolete and "fuzzy" not in self.flags and bool(self.first_msgstr)


@dataclass(frozen=True, slots=True)
class Catalog:
    """A PO file: its header and its messages."""

    header: Message
    """The msgid "" entry; Message(msgid="") when the file has none (and then none is written)."""
    messages: tuple[Message, ...]
    """In file order, obsolete ones included, header excluded."""
    header_position: int = field(default=0, compare=False)
    """Active messages before the header in the file (msgcat keeps it there; ours is first)."""

    __reduce__ = by_fields

    @property
    def header_fields(self) -> list[tuple[str, str]]:
        """The header's "Key: value" lines in order (lines without a colon are skipped)."""
        lines = (line.partition(":") for line in self.header.msgstr.split("\n"))
        return [(key.strip(), value.strip()) for key, colon, value in lines if colon]

    def get_header(self, name: str) -> str | None:
        return next((value for key, value in self.header_fields if key == name), None)

    def with_header_fields(self, fields: list[tuple[str, str]]) -> Catalog:
        return replace(self, header=replace(self.header, msgstr=render_header(fields)))


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
def canonical_flags(text: str) -> tuple[str, ...]:
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


def kept_flags(flags: tuple[str, ...], first_msgstr: str, obsolete: bool) -> tuple[str, ...]:
    """gettext drops fuzzy when the first msgstr is empty, and a range on an obsolete entry."""
    return tuple(
        flag
        for flag in flags
        if (flag != "fuzzy" or first_msgstr) and not (obsolete and flag.startswith("range:"))
    )


def add_references(references: list[str], text: str) -> None:
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


HEADER_FIELDS = (
    "Project-Id-Version",
    "POT-Creation-Date",
    "PO-Revision-Date",
    "Last-Translator",
    "Language-Team",
    "Language",
    "MIME-Version",
    "Content-Type",
    "Content-Transfer-Encoding",
    "Plural-Forms",
)
"""The header fields we write, in gettext's order (msginit's), for templates, catalogs, `.mo`."""
FIXED_FIELDS = {
    "MIME-Version": "1.0",
    "Content-Type": "text/plain; charset=UTF-8",
    "Content-Transfer-Encoding": "8bit",
}
"""Fields with one value in everything we write: UTF-8, always."""


def build_header_fields(values: dict[str, str]) -> list[tuple[str, str]]:
    """The fixed fields and those in `values`, in HEADER_FIELDS order (others are left out)."""
    known = {**values, **FIXED_FIELDS}
    unknown = set(values) - set(HEADER_FIELDS)
    if unknown:
        raise RuntimeError(f"not a header field we write: {sorted(unknown)}")
    return [(name, known[name]) for name in HEADER_FIELDS if name in known]


def render_header(fields: list[tuple[str, str]]) -> str:
    return "".join(f"{key}: {value}\n" for key, value in fields)


def render_po(catalog: Catalog) -> str:
    """The catalog as `msgcat --no-wrap` writes it (header, active entries, then obsolete ones)."""
    header = [] if catalog.header == Message(msgid="") else [catalog.header]
    active = [m for m in catalog.messages if not m.obsolete]
    at = catalog.header_position
    obsolete = [m for m in catalog.messages if m.obsolete and m.first_msgstr]
    ordered = (*active[:at], *header, *active[at:], *obsolete)
    return "\n".join(_render_message(m) for m in ordered)


def _render_message(message: Message) -> str:
    lines = [f"# {c}" if c else "#" for t in message.translator_comments for c in t.split("\n")]
    lines += [f"#. {c}" if c else "#." for t in message.extracted_comments for c in t.split("\n")]
    if message.references:
        lines += _render_references(message.references)
    if message.flags:
        flags = kept_flags(
            canonical_flags(", ".join(message.flags)), message.first_msgstr, message.obsolete
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


def escape(text: str) -> str:
    return text.translate(_ESCAPES)


def _render_string(prefix: str, keyword: str, value: str) -> str:
    """`keyword "value"`, or `keyword ""` and one quoted line per piece ending in a newline."""
    if "\n" not in value[:-1]:
        return f'{prefix}{keyword} "{escape(value)}"\n'
    pieces = value.split("\n")
    last = pieces.pop()
    lines = [f'{prefix}"{escape(piece)}\\n"\n' for piece in pieces]
    if last:
        lines.append(f'{prefix}"{escape(last)}"\n')
    return f'{prefix}{keyword} ""\n' + "".join(lines)
