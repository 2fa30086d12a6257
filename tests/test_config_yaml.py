"""The nesting check skips the YAML token scan only where the scan could not find too deep."""

from __future__ import annotations

from hypothesis import given, settings
from hypothesis import strategies as st
from ruamel.yaml import YAML
from ruamel.yaml.error import YAMLError

from pipeline.config_yaml import _CLOSING, _OPENING, MAX_NESTING, _block_depth_bound

PIECES = ("- ", "? ", ": ", "a: ", "키: ", "&x ", "!t ", "'q': ", '"k": ', "[", "]", "{", "}")
MORE = (", ", "\n", "  ", " ", "b", "|\n", ">-\n", "#c\n", "\t", "- - ", "\n  ", "\n    ")


def _token_depth(text: str) -> int:
    depth = deepest = 0
    try:
        for token in YAML(typ="rt").scan(text):
            depth += isinstance(token, _OPENING) - isinstance(token, _CLOSING)
            deepest = max(deepest, depth)
    except YAMLError:
        pass  # the depth reached before the error is what the check would have seen
    return deepest


@settings(max_examples=400, deadline=None)
@given(st.lists(st.sampled_from(PIECES + MORE), max_size=60).map("".join))
def test_depth_bound_is_never_below_the_token_streams_depth(text: str) -> None:
    bound = _block_depth_bound(text) + text.count("[") + text.count("{")
    assert _token_depth(text) <= bound


def test_ordinary_front_matter_needs_no_token_scan_and_deep_blocks_do() -> None:
    ordinary = (
        'title: "설치: 시작하기"\ntags:\n  - 한국어\n  - 日本語\nmenu:\n  main:\n    weight: 2\n'
    )
    assert _block_depth_bound(ordinary) + ordinary.count("[") <= MAX_NESTING
    deep = "".join(" " * i + f"k{i}:\n" for i in range(70))
    assert _block_depth_bound(deep) > MAX_NESTING
    assert _token_depth(deep) > MAX_NESTING
