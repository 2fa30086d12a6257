"""A catalog's header checked as `msgfmt --check` checks it: charset, Language, Plural-Forms.

`nplurals=N; plural=EXPR;`: N a positive integer, EXPR gettext's C-like expression of `n`
(`?:`, `||`, `&&`, `== !=`, `< > <= >=`, `+ -`, `* / %`, `!`, parentheses, decimal numbers),
whose value for every n from 0 to 1000 is a form index below N and never divides by zero.
"""

from __future__ import annotations

import functools
import re
from collections.abc import Callable
from typing import TYPE_CHECKING

from pipeline.locales import language_match
from pipeline.po import Catalog, Message

if TYPE_CHECKING:
    from pipeline.po_reader import _Reader

Rule = Callable[[int], int]
_TOKEN = re.compile(r"[ \t]*(?:([0-9]+)|(n)|(\|\||&&|==|!=|<=|>=|[?:<>+\-*/%!()]))")
_BINARY: tuple[tuple[str, ...], ...] = (
    ("||",),
    ("&&",),
    ("==", "!="),
    ("<", ">", "<=", ">="),
    ("+", "-"),
    ("*", "/", "%"),
)
_U32 = 2**32


def plural_problem(header: str, has_plurals: bool) -> str | None:
    """What msgfmt would find wrong with a header's plural rule, or None.

    As msgfmt: `nplurals=` and `plural=` are looked for anywhere in the header; a missing one
    matters only when some message has plural forms.
    """
    count, rule = header.find("nplurals="), header.find("plural=")
    if count < 0 or rule < 0:
        if not has_plurals:
            return None
        return f'Plural-Forms lacks "{"nplurals=INTEGER" if count < 0 else "plural=EXPRESSION"}"'
    digits = re.match(r"[ \t\n\r\f\v]*([0-9]+)", header[count + 9 :])
    if digits is None:
        return "Plural-Forms has an invalid nplurals value"
    nplurals = int(digits[1])
    expression = header[rule + 7 :].split(";")[0].split("\n")[0]
    largest = _largest_form(expression)
    if largest is None:
        return f"invalid plural expression {expression.strip()!r}"
    if nplurals < 1:
        return f"nplurals={nplurals}: a language has at least one plural form"
    if largest >= nplurals:
        return f"nplurals={nplurals} but the plural expression gives values up to {largest}"
    return None


@functools.lru_cache(maxsize=256)
def _largest_form(expression: str) -> int | None:
    """The rule's largest value for n = 0..1000, None if invalid; cached, as every catalog of a
    locale has the same rule and evaluating it 1,001 times costs more than reading the file."""
    try:
        function = _Parser(expression).parse()
        return max(function(n) for n in range(1001))
    except (ValueError, ZeroDivisionError, IndexError):
        return None


class _Parser:
    """Recursive descent over the tokens; each level returns a function of n (unsigned C)."""

    def __init__(self, text: str) -> None:
        self.tokens: list[str] = []
        position = 0
        while position < len(text.rstrip(" \t")):
            match = _TOKEN.match(text, position)
            if match is None:
                raise ValueError(text)
            self.tokens.append(match[0].strip())
            position = match.end()
        self.at = 0

    def parse(self) -> Rule:
        rule = self.conditional()
        if self.at != len(self.tokens):
            raise ValueError("trailing tokens")
        return rule

    def peek(self) -> str | None:
        return self.tokens[self.at] if self.at < len(self.tokens) else None

    def take(self, token: str) -> None:
        if self.peek() != token:
            raise ValueError(f"expected {token}")
        self.at += 1

    def conditional(self) -> Rule:
        test = self.binary(0)
        if self.peek() != "?":
            return test
        self.take("?")
        yes = self.conditional()
        self.take(":")
        no = self.conditional()
        return lambda n: yes(n) if test(n) else no(n)

    def binary(self, level: int) -> Rule:
        if level == len(_BINARY):
            return self.unary()
        left = self.binary(level + 1)
        while (operator := self.peek()) in _BINARY[level]:
            self.at += 1
            right = self.binary(level + 1)
            left = _combine(str(operator), left, right)
        return left

    def unary(self) -> Rule:
        token = self.peek()
        self.at += 1
        if token == "!":
            inner = self.unary()
            return lambda n: int(not inner(n))
        if token == "(":
            inner = self.conditional()
            self.take(")")
            return inner
        if token == "n":
            return lambda n: n
        if token is not None and token.isdigit():
            value = int(token) % _U32
            return lambda n: value
        raise ValueError(f"unexpected {token}")


def _combine(operator: str, left: Rule, right: Rule) -> Rule:
    operations: dict[str, Callable[[int, int], int]] = {
        "||": lambda a, b: int(bool(a) or bool(b)),
        "&&": lambda a, b: int(bool(a) and bool(b)),
        "==": lambda a, b: int(a == b),
        "!=": lambda a, b: int(a != b),
        "<": lambda a, b: int(a < b),
        ">": lambda a, b: int(a > b),
        "<=": lambda a, b: int(a <= b),
        ">=": lambda a, b: int(a >= b),
        "+": lambda a, b: (a + b) % _U32,
        "-": lambda a, b: (a - b) % _U32,
        "*": lambda a, b: (a * b) % _U32,
        "/": lambda a, b: a // b,
        "%": lambda a, b: a % b,
    }
    operation = operations[operator]
    return lambda n: operation(left(n), right(n))


def charset_error(charset: str) -> str:
    return f"header says charset={charset}; catalogs must be UTF-8"


def check_header(
    catalog: Catalog, reader: _Reader, nplurals: int | None, language: str | None, ascii: bool
) -> None:
    header = catalog.header
    charset = re.search(r"charset=([^ \t\n]*)", header.msgstr)
    if charset and charset[1].lower() != "utf-8":
        raise reader.error(charset_error(charset[1]), _field_line(reader, header, "charset="))
    # No charset at all: msgfmt --check lets it pass, and so do we (read as UTF-8).
    said = catalog.get_header("Language")
    if language and said and language_match(said, language) == "different":
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


def _field_line(reader: _Reader, header: Message, needle: str) -> int:
    """The line of the header's msgstr that holds `needle` (header fields are one per line)."""
    for number in range(header.msgstr_line, len(reader.lines) + 1):
        line = reader.lines[number - 1]
        if needle in line:
            return number
        if number > header.msgstr_line and not line.lstrip(" \t\r\f\v").startswith('"'):
            break
    return header.msgstr_line
