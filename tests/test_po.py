"""pipeline.po against GNU gettext: errors, msgcat-identical output, msgfmt-identical statistics."""

from __future__ import annotations

import os
import re
import shutil
import subprocess
import tempfile
from pathlib import Path

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from pipeline.errors import PipelineError
from pipeline.po import Catalog, Message, render_header, render_po
from pipeline.po_reader import parse_po, read_po

DATA = Path(__file__).parent / "data" / "po"
LANGUAGE = {"language-mismatch": "ko"}  # the error cases that need parse_po's options
NPLURALS = {"plural-index-over-nplurals": 1}
# Error cases gettext itself accepts: we are stricter on purpose (see each .po file).
GETTEXT_ACCEPTS = {
    "charset-latin1",  # gettext converts; we only read UTF-8
    "charset-latin1-bytes",
    "language-mismatch",  # a catalog in the wrong folder
    "plural-index-over-header-nplurals",  # msgcat accepts, msgfmt --check refuses
    "plural-index-over-nplurals",
}

needs_gettext = pytest.mark.skipif(shutil.which("msgcat") is None, reason="needs GNU gettext")


def cases(folder: str) -> list[Path]:
    return sorted((DATA / folder).glob("*.po"))


def msgcat(path: Path) -> bytes:
    """What gettext writes for the file (--force-po: else a header-only catalog gives nothing)."""
    command = ["msgcat", "--no-wrap", "--force-po", str(path)]
    return subprocess.run(command, check=True, capture_output=True).stdout


def msgfmt_statistics(path: Path, *, check: bool = True) -> tuple[int, int, int]:
    command = ["msgfmt", *(["--check"] if check else []), "--statistics", "-o", os.devnull]
    result = subprocess.run([*command, str(path)], capture_output=True, text=True)
    assert result.returncode == 0, result.stderr
    counts = {kind: int(n) for n, kind in re.findall(r"(\d+) (\w+)", result.stderr)}
    return counts.get("translated", 0), counts.get("fuzzy", 0), counts.get("untranslated", 0)


def statistics(catalog: Catalog) -> tuple[int, int, int]:
    active = [message for message in catalog.messages if not message.obsolete]
    translated = sum(message.translated for message in active)
    fuzzy = sum(message.fuzzy for message in active)
    return translated, fuzzy, len(active) - translated - fuzzy


# --- golden files ------------------------------------------------------------------------------


@pytest.mark.parametrize("path", cases("errors"), ids=lambda path: path.stem)
def test_error(path: Path) -> None:
    expected = path.with_suffix(".err").read_text(encoding="utf-8").strip()
    language, nplurals = LANGUAGE.get(path.stem), NPLURALS.get(path.stem)
    with pytest.raises(PipelineError) as caught:
        parse_po(path.read_bytes(), path.name, language=language, nplurals=nplurals)
    assert str(caught.value) == expected


@needs_gettext
@pytest.mark.parametrize("path", cases("errors"), ids=lambda path: path.stem)
def test_gettext_agrees_on_error(path: Path) -> None:
    result = subprocess.run(["msgcat", str(path)], capture_output=True)
    assert (result.returncode == 0) == (path.stem in GETTEXT_ACCEPTS)


@needs_gettext
@pytest.mark.parametrize("path", cases("canonical"), ids=lambda path: path.stem)
def test_render_is_msgcat(path: Path) -> None:
    expected = msgcat(path)
    assert render_po(read_po(path)).encode() == expected
    assert render_po(parse_po(expected, path)).encode() == expected


@needs_gettext
@pytest.mark.parametrize("path", cases("stats"), ids=lambda path: path.stem)
def test_statistics_agree_with_msgfmt(path: Path) -> None:
    assert statistics(read_po(path)) == msgfmt_statistics(path)


@needs_gettext
@pytest.mark.parametrize("path", cases("canonical"), ids=lambda path: path.stem)
def test_bom_and_crlf_are_read_as_gettext_reads_them(path: Path, tmp_path: Path) -> None:
    """Only LF ends a line: CR is white space between tokens, and part of a comment's text."""
    data = path.read_bytes().replace(b"\r", b"")  # a raw CR inside a string is not a line end
    catalog = parse_po(data, path)
    assert parse_po(b"\xef\xbb\xbf" + data, path) == catalog
    crlf = tmp_path / path.name
    crlf.write_bytes(data.replace(b"\n", b"\r\n"))
    command = ["msgcat", "--no-wrap", "--force-po", str(crlf)]
    gettext = subprocess.run(command, capture_output=True)
    if gettext.returncode:  # backslash-CR-LF is no continuation, for gettext either
        with pytest.raises(PipelineError):
            read_po(crlf)
        return
    assert render_po(read_po(crlf)).encode() == gettext.stdout
    assert [m.msgstr for m in read_po(crlf).messages] == [m.msgstr for m in catalog.messages]


# --- the API -----------------------------------------------------------------------------------


def test_read_po_reports_unreadable_file(tmp_path: Path) -> None:
    with pytest.raises(PipelineError, match="cannot read"):
        read_po(tmp_path / "missing.po")


def test_lines_are_one_based_and_ignored_by_equality() -> None:
    catalog = parse_po(
        b'msgid ""\nmsgstr "X: y\\n"\n\n#, fuzzy\nmsgid "a"\nmsgstr ""\n"b"\n', "x.po"
    )
    (message,) = catalog.messages
    assert (catalog.header.line, message.line, message.msgstr_line) == (1, 5, 6)
    assert message == Message("a", "b", flags=("fuzzy",))
    assert message.fuzzy
    assert not message.translated


def test_header_fields() -> None:
    fields = [("Content-Type", "text/plain; charset=UTF-8"), ("Language", "")]
    catalog = Catalog(Message(""), ()).with_header_fields(fields)
    assert catalog.header.msgstr == "Content-Type: text/plain; charset=UTF-8\nLanguage: \n"
    assert (
        catalog.header_fields == fields == parse_po(render_po(catalog).encode(), "x").header_fields
    )
    assert (catalog.get_header("Language"), catalog.get_header("Missing")) == ("", None)
    assert render_header([("A", "1")]) == "A: 1\n"


def test_unknown_flags_are_dropped_and_known_ones_ordered() -> None:
    message = Message("a", "b", flags=("my-marker", "python-format", "no-wrap", "fuzzy"))
    assert render_po(Catalog(Message(""), (message,))) == (
        '#, fuzzy, python-format, no-wrap\nmsgid "a"\nmsgstr "b"\n'
    )


def test_comment_never_ends_in_a_backslash() -> None:
    """gettext deletes backslash-newline even in comments: msgcat would write a broken file."""
    message = Message("a", extracted_comments=("C:\\",), translator_comments=("x\\",))
    text = render_po(Catalog(Message(""), (message,)))
    assert text == '# x\\ \n#. C:\\ \nmsgid "a"\nmsgstr ""\n'
    assert parse_po(text.encode(), "x.po").messages[0].extracted_comments == ("C:\\ ",)


def test_language_matches_across_spellings() -> None:
    data = b'msgid ""\nmsgstr "Content-Type: text/plain; charset=UTF-8\\nLanguage: zh-hans\\n"\n'
    assert parse_po(data, "x.po", language="zh_Hans").get_header("Language") == "zh-hans"


# --- properties --------------------------------------------------------------------------------

SAMPLES = '가힣한글漢字ひらがなカタカナதமிழ்മലയാളം"\\\t\n\r\x01\x07\x08\x0b\x0c\x1b\x7f\x85\u2028 %{}'
CHARACTER = st.characters(codec="utf-8", exclude_characters="\x00\x04") | st.sampled_from(SAMPLES)
TEXT = st.text(CHARACTER, max_size=24)
COMMENT = st.text(CHARACTER.filter(lambda c: c not in "\n\r"), max_size=16).filter(
    lambda comment: not comment.endswith("\\")  # see test_comment_never_ends_in_a_backslash
)
NAME = st.text(st.sampled_from("abcxyz019/._-가나語"), min_size=1, max_size=50)
REFERENCE = st.builds(
    lambda name, line: name if line is None else f"{name}:{line}",
    NAME.filter(lambda name: not name.startswith("./")),
    st.none() | st.integers(0, 99999),
)
# gettext 0.21's order; test_gettext_reproduces_render checks it against msgcat.
FORMATS = [
    *("c", "objc", "python", "python-brace", "java", "java-printf", "csharp", "javascript"),
    *("scheme", "lisp", "elisp", "librep", "ruby", "sh", "awk", "lua", "object-pascal"),
    *("smalltalk", "qt", "qt-plural", "kde", "kde-kuit", "boost", "tcl", "perl", "perl-brace"),
    *("php", "gcc-internal", "gfc-internal", "ycp"),
]
RAW_FLAGS = ["fuzzy", "wrap", "no-wrap", "range: 2..5", "range: 9..1", "my-flag", "rust-format"]
RAW_FLAGS += ["possible-c-format", "impossible-sh-format", "no-python-format", "c-format"]
HEADER = render_header(
    [
        ("Project-Id-Version", "test"),
        ("Content-Type", "text/plain; charset=UTF-8"),
        ("Language", "ko"),
        ("Plural-Forms", "nplurals=2; plural=(n != 1);"),
    ]
)


def conform(text: str, model: str) -> str:
    """Give text the leading and trailing newline of model, as msgfmt --check wants."""
    if not text or not model:
        return text
    core = text.strip("\n") or "x"
    return "\n" * model.startswith("\n") + core + "\n" * model.endswith("\n")


@st.composite
def canonical_flags(draw: st.DrawFn, fuzzy: bool, checked: bool, obsolete: bool) -> tuple[str, ...]:
    """Flags in gettext's order; a format flag msgfmt would check only when it cannot fail."""
    states = st.sampled_from(["no-"] if checked else ["", "no-"])
    formats = draw(st.dictionaries(st.sampled_from(FORMATS), states, max_size=3))
    flags = ["fuzzy"] if fuzzy else []
    flags += [f"{formats[name]}{name}-format" for name in FORMATS if name in formats]
    if not obsolete and draw(st.booleans()):  # gettext drops the range of an obsolete entry
        low = draw(st.integers(0, 50))
        flags.append(f"range: {low}..{draw(st.integers(low, 2**31 - 1))}")
    return (*flags, *(["no-wrap"] if draw(st.booleans()) else []))


@st.composite
def messages(draw: st.DrawFn, canonical: bool) -> Message:
    obsolete = draw(st.booleans())
    msgid = draw(TEXT)
    plural = conform(draw(TEXT) or "s", msgid) if draw(st.booleans()) else None
    forms = [conform(draw(TEXT), msgid) for _ in range(2 if plural is not None else 1)]
    if obsolete and canonical and not forms[0]:
        forms[0] = conform("x", msgid)  # else msgcat drops the entry
    if forms[0] and msgid != msgid.strip("\n"):  # msgfmt --check wants "\n" on empty forms too
        forms = [conform(form or "x", msgid) for form in forms]
    fuzzy = bool(forms[0]) and draw(st.booleans())
    if canonical:
        flags = draw(canonical_flags(fuzzy, not (obsolete or fuzzy or not forms[0]), obsolete))
    else:
        flags = tuple(draw(st.lists(st.sampled_from(RAW_FLAGS), max_size=4)))
    previous = draw(st.none() | TEXT)
    return Message(
        msgid=msgid,
        msgstr=forms[0] if plural is None else "",
        msgctxt=draw(st.none() | TEXT),
        msgid_plural=plural,
        msgstr_plural=tuple(forms) if plural is not None else (),
        translator_comments=tuple(draw(st.lists(COMMENT, max_size=3))),
        extracted_comments=tuple(draw(st.lists(COMMENT, max_size=3))),
        references=tuple(draw(st.lists(REFERENCE, max_size=8, unique=True))),
        flags=flags,
        previous_msgctxt=None if previous is None else draw(st.none() | TEXT),
        previous_msgid=previous,
        previous_msgid_plural=None if previous is None else draw(st.none() | TEXT),
        obsolete=obsolete,
    )


@st.composite
def catalogs(draw: st.DrawFn, canonical: bool = True) -> Catalog:
    """A catalog; when canonical, in the form gettext writes (obsolete entries last)."""
    entries = st.lists(
        messages(canonical).filter(lambda message: message.key != (None, "")),
        max_size=8,
        unique_by=lambda message: message.key,
    )
    found = draw(entries)
    if canonical:
        found = [m for m in found if not m.obsolete] + [m for m in found if m.obsolete]
    comments = tuple(draw(st.lists(COMMENT, max_size=2)))
    return Catalog(Message("", HEADER, translator_comments=comments), tuple(found))


@settings(max_examples=150)
@given(catalogs())
def test_parse_reads_back_what_render_wrote(catalog: Catalog) -> None:
    assert parse_po(render_po(catalog).encode(), "x.po") == catalog


@settings(max_examples=100)
@given(catalogs(canonical=False))
def test_render_is_stable(catalog: Catalog) -> None:
    text = render_po(catalog)
    assert render_po(parse_po(text.encode(), "x.po")) == text


def gettext_sees(text: str, *, check: bool = True) -> tuple[bytes, tuple[int, int, int]]:
    """msgcat's output and msgfmt's statistics, with --check unless formats may be wrong."""
    with tempfile.TemporaryDirectory() as folder:
        path = Path(folder) / "x.po"
        path.write_bytes(text.encode())
        return msgcat(path), msgfmt_statistics(path, check=check)


@needs_gettext
@settings(max_examples=60, deadline=None)
@given(catalogs())
def test_gettext_reproduces_render(catalog: Catalog) -> None:
    text = render_po(catalog)
    assert gettext_sees(text) == (text.encode(), statistics(catalog))


@needs_gettext
@settings(max_examples=40, deadline=None)
@given(catalogs(canonical=False))
def test_gettext_reproduces_render_of_any_catalog(catalog: Catalog) -> None:
    text = render_po(catalog)
    expected = statistics(parse_po(text.encode(), "x.po"))
    assert gettext_sees(text, check=False) == (text.encode(), expected)
