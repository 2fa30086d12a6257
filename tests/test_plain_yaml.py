"""The plain front matter reader against ruamel's composer: the same fields, or it steps aside.

Front matter is generated from lines a real file has and lines that break the plain form
(indicators, quotes, comments, tabs, nesting, duplicates, odd line breaks); on every text the
plain reader either returns None or exactly what composing gives, and never accepts a text the
composer refuses.
"""

from __future__ import annotations

from pathlib import Path

from hypothesis import given
from hypothesis import strategies as st

from pipeline.errors import PipelineError
from pipeline.extract.documents import _compose, _fields, parse_document
from pipeline.extract.plain_yaml import plain_fields
from tests.conftest import DATA

PATH = Path("doc.md")
KEYS = ["title", "subtitle", "description", "tags", "date", "lang", "translation", "a-b", "_x"]
ODD_KEYS = ["1st", "ti tle", "<<", "'title'", "title ", "-x", "키"]
WORDS = ["Allyship", "접근성", "中文", "ひらがな", "தமிழ்", "മലയാളം", "v1.2", "C#", "x", "it's"]
TOKENS = ["2024-07-17", "true", "yes", "null", "~", "1e3", "=", "<<", "0x1F", "12:30", "-1"]
MARKS = [*":#'\"-[]{},&*!|>%@`\\=< ", "\t", "\xa0", "\u2028", "\x85", "\r", ": ", " #"]

text_value = st.lists(st.sampled_from(WORDS + MARKS), min_size=1, max_size=6).map("".join)
plain_value = st.one_of(st.sampled_from(WORDS + TOKENS), text_value)
value = st.one_of(
    plain_value,
    plain_value.map(lambda v: f'"{v}"'),
    plain_value.map(lambda v: f"'{v}'"),
    st.builds(lambda v, pad: v + pad, plain_value, st.sampled_from(["", " ", "  ", "\t"])),
)
key = st.one_of(st.sampled_from(KEYS), st.sampled_from(ODD_KEYS))
separator = st.sampled_from([": ", ":", ":  ", " : ", ":\t"])
indent = st.sampled_from(["", " ", "  ", "    "])
line = st.one_of(
    st.builds(lambda k, s, v: f"{k}{s}{v}", key, separator, value),
    st.builds(lambda k: f"{k}:", key),
    st.builds(lambda i, v: f"{i}- {v}", indent, value),
    st.builds(lambda i, k, v: f"{i}{k}: {v}", indent.filter(bool), st.sampled_from(KEYS), value),
    st.builds(lambda i, k: f"{i}{k}:", indent.filter(bool), st.sampled_from(KEYS)),
    st.sampled_from(["", "# a comment", "  # indented comment", "   ", "-", "- ", "key: |"]),
)
front_matter = st.lists(line, min_size=1, max_size=8).map(lambda lines: "\n".join(lines) + "\n")

# Near the plain form: words with now and then one mark, blocks indented alike.
near_words = st.lists(
    st.one_of(st.sampled_from(WORDS), st.sampled_from(WORDS), st.sampled_from(MARKS)),
    min_size=1,
    max_size=4,
).map(" ".join)
near_value = st.one_of(
    near_words,
    st.sampled_from(TOKENS),
    near_words.map(lambda v: f'"{v}"'),
    near_words.map(lambda v: f"'{v}'"),
)


@st.composite
def near_block(draw: st.DrawFn) -> str:
    name = draw(st.sampled_from(KEYS))
    if draw(st.booleans()):
        return f"{name}: {draw(near_value)}"
    pad = draw(st.sampled_from(["", "  ", "    "]))
    items = draw(st.booleans())
    if not items and not pad:
        pad = "  "
    entries = draw(st.lists(near_value, min_size=0, max_size=3))
    if items:
        lines = [f"{pad}- {v}" for v in entries]
    else:
        lines = [f"{pad}{draw(st.sampled_from(KEYS))}: {v}" for v in entries]
    if draw(st.booleans()) and lines:
        lines.insert(draw(st.integers(0, len(lines))), draw(st.sampled_from(["", "# note"])))
    return "\n".join([f"{name}:", *lines])


near_front_matter = st.lists(near_block(), min_size=1, max_size=6).map(
    lambda blocks: "\n".join(blocks) + "\n"
)


def composed(yaml_text: str, offset: int) -> list[tuple[str, str, int, int, int]] | None:
    """The composer's fields as tuples, or None when it refuses the text."""
    try:
        root = _compose(yaml_text, PATH)
    except PipelineError:
        return None
    fields = _fields(root, yaml_text, offset) if root is not None else ()
    return [(f.key, f.value, f.start, f.end, f.line) for f in fields]


@given(st.one_of(front_matter, near_front_matter))
def test_the_plain_reader_finds_what_the_composer_finds_or_steps_aside(yaml_text: str) -> None:
    plain = plain_fields(yaml_text, 4)
    if plain is not None:
        assert composed(yaml_text, 4) == plain


def test_real_front_matter_takes_the_plain_path() -> None:
    """The seeds, the test project and bundles' front matter (nested `translation:`), in all
    five scripts: common enough that the plain reader is what reads them."""
    texts = {
        "seed": (DATA / "project" / "source" / "welcome.md").read_text("utf-8"),
        "bundle": '---\ntitle: "접근성 안내"\ndescription: "தமிழ் மலയാളം 中文 ひらがな"\n'
        'date: 2024-07-17\nweight: 3\ntags:\n  - allyship\n  - "協力"\nlang: "ko"\n'
        'translation:\n  status: "outdated"\n  coverage: 69.4\n---\n\nBody.\n',
    }
    for name, text in texts.items():
        yaml_text = text[4 : text.index("\n---", 4) + 1]
        plain = plain_fields(yaml_text, 4)
        assert plain is not None, name
        assert plain == composed(yaml_text, 4), name
    document = parse_document(texts["bundle"].encode(), PATH, "doc", "doc.md")
    assert [(f.key, f.value) for f in document.fields] == [
        ("title", "접근성 안내"),
        ("description", "தமிழ் மலയാളം 中文 ひらがな"),
        ("tags", "allyship"),
        ("tags", "協力"),
        ("lang", "ko"),
    ]
