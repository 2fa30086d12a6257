"""pipeline.yaml: every bad value is one line with its place, exit 2, nothing written."""

from __future__ import annotations

import functools
import pickle
import time
from pathlib import Path
from types import MappingProxyType

import pytest

from pipeline import split
from pipeline.config import Config, read_config
from pipeline.interchange import units
from tests.conftest import Invoke, snapshot

GOOD = "source: source\nlocales:\n  - ko\n  - ja\n"

BAD_CONFIGS = [
    (
        "source: source\nlocales:\n  - ko\n  - xx\n",
        "pipeline.yaml:4: unknown locale 'xx': Babel says unknown locale 'xx'",
    ),
    ("source: source\nlocales:\n  - ko\n  - ko\n", "pipeline.yaml:4: locale 'ko' is listed twice"),
    (
        "source: source\nlocales:\n  - zh-Hans\n",
        "pipeline.yaml:3: write locale 'zh-Hans' as 'zh_Hans', Babel's identifier",
    ),
    ("source: missing\nlocales: [ko]\n", "pipeline.yaml:1: source folder 'missing' does not exist"),
    ("source: source\nlocales: ko\n", "pipeline.yaml:2: 'locales' must be a list of locale codes"),
    (
        "source: source\nlocales: []\n",
        "pipeline.yaml:2: 'locales' is empty: name at least one locale",
    ),
    (
        "source: source\nlocales: [ko]\nmin_coverage: 120\n",
        "pipeline.yaml:3: 'min_coverage' must be a percentage from 0 to 100, not 120",
    ),
    (
        "source: source\nlocales: [ko]\nmin_coverage: true\n",
        "pipeline.yaml:3: 'min_coverage' must be a percentage from 0 to 100, not True",
    ),
    (
        "source: source\nlocales: [ko]\nfront_matter: [title, 3]\n",
        "pipeline.yaml:3: 'front_matter': item 3 must be a non-empty string",
    ),
    (
        "source: source\nlocales: [ko]\nlocale: [ja]\n",
        "pipeline.yaml:3: unknown setting 'locale' (known: source, locales, front_matter, min_coverage, reports, checks, allowed_url_patterns, sites, tm, glossary, syntax)",
    ),
    (
        "source: source\nlocales: [ko]\nchecks:\n  numbers: loud\n",
        "pipeline.yaml:4: check 'numbers': severity must be one of error, warning, info, off",
    ),
    ("locales: [ko]\n", "pipeline.yaml:1: missing setting 'source'"),
    (
        "source: source\nlocales: [ko\n",
        "pipeline.yaml:3: invalid YAML: expected ',' or ']', but got '<stream end>'",
    ),
    ("- just\n- a list\n", "pipeline.yaml:1: expected a mapping of settings"),
]


@pytest.mark.parametrize(("text", "message"), BAD_CONFIGS)
def test_bad_config_is_one_line_with_its_place(
    project: Path, cli: Invoke, text: str, message: str
) -> None:
    (project / "pipeline.yaml").write_text(text, encoding="utf-8")
    before = snapshot(project)
    result = cli("extract")
    assert result.exit_code == 2
    assert result.stderr.replace(str(project) + "/", "") == message + "\n"
    assert snapshot(project) == before


def test_missing_config_file(tmp_path: Path, cli: Invoke) -> None:
    result = cli("extract", config=tmp_path / "nope.yaml")
    assert result.exit_code == 2
    assert result.stderr == f"{tmp_path / 'nope.yaml'}: configuration file not found\n"


def test_good_config_reads_every_locale(project: Path, cli: Invoke) -> None:
    (project / "pipeline.yaml").write_text(GOOD, encoding="utf-8")
    result = cli("extract")
    assert result.exit_code == 0, result.stderr


DEEP = 5_000
BAD_CONFIG_FILES = [
    (
        "source: source\nlocales: [ja]\n# 日本語\n".encode("cp932"),
        "pipeline.yaml:3: not valid UTF-8 (byte 0x93)",
    ),
    (
        "source: source\n# café\nlocales: [ko]\n".encode("latin-1"),
        "pipeline.yaml:2: not valid UTF-8",
    ),
    ("source: source\nlocales: [ko]\n".encode("utf-16"), "pipeline.yaml:1: the file is UTF-16"),
    ("source: source\nlocales: [ko]\n".encode("utf-16-le"), "pipeline.yaml:1: the file is UTF-16"),
    ("source: source\nlocales: [ta]\n".encode("utf-16-be"), "pipeline.yaml:1: the file is UTF-16"),
    (b"source: source\nlocales: [ko]\nfront_matter: [ti\0tle]\n", "pipeline.yaml:3: NUL byte"),
    (
        b"source: source\nlocales: [ko]\nallowed_url_patterns:\n  - 'a'\n  - '[\xed\x95\x9c'\n",
        "pipeline.yaml:5: allowed_url_patterns: '[\ud55c' is not a regular expression:",
    ),
    (
        f"source: source\nlocales: [ko]\nfront_matter: {'[' * DEEP}{']' * DEEP}\n".encode(),
        "pipeline.yaml:3: YAML nested more than 64 levels deep",
    ),
    (
        b"source: source\nlocales: [ko]\nsites:\n"
        + b"".join(b" " * depth + b"a:\n" for depth in range(1, DEEP)),
        "pipeline.yaml:67: YAML nested more than 64 levels deep",
    ),
    (
        b"source: source\nlocales: [ko]\nsyntax:\n"
        + b"".join(b" " * depth + b"- \n" for depth in range(1, DEEP)),
        "pipeline.yaml:67: YAML nested more than 64 levels deep",
    ),
    (
        b"locales: [ml]\nsource: pipeline.yaml\n",
        "pipeline.yaml:2: source folder 'pipeline.yaml' is not a folder",
    ),
]


@pytest.mark.parametrize(("data", "message"), BAD_CONFIG_FILES)
@pytest.mark.parametrize("command", ["extract", "run"])
def test_unreadable_config_is_one_line_with_its_place(
    project: Path, cli: Invoke, data: bytes, message: str, command: str
) -> None:
    """Encodings, NUL, a bad pattern, deep nesting, a file as the source: line, exit 2, quick."""
    (project / "pipeline.yaml").write_bytes(data)
    before = snapshot(project)
    started = time.process_time()  # CPU time: the same on a loaded machine
    result = cli(command)
    assert time.process_time() - started < 2  # the nesting check took 9 s of CPU for 5,000
    assert result.exit_code == 2
    assert result.stdout == ""
    shown = result.stderr.replace(str(project) + "/", "")
    assert shown.startswith(message), shown
    assert shown.endswith("\n")
    assert shown.count("\n") == 1
    assert snapshot(project) == before


def settings_seen(config: Config, name: str) -> tuple[str | None, str]:
    """In a worker process: what the Config it received says (a top-level function, pickled)."""
    return config.checks.get(name), config.sites[0].codes["ko"]


def test_config_is_immutable_and_pickles_for_worker_processes(
    project: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """A frozen Config holds no mutable dict; worker processes receive it by pickle, intact."""
    (project / "pipeline.yaml").write_text(
        GOOD + "checks:\n  numbers: warning\nsites:\n  docs:\n    generator: hugo\n"
        "    locales:\n      ko: kr\n",
        "utf-8",
    )
    config = read_config(project / "pipeline.yaml")
    with pytest.raises(TypeError):
        config.checks["numbers"] = "off"  # type: ignore[index]
    with pytest.raises(TypeError):
        config.check_lines["numbers"] = 1  # type: ignore[index]
    with pytest.raises(TypeError):
        config.sites[0].codes["ko"] = "ko"  # type: ignore[index]
    assert dict(config.checks) == {"numbers": "warning"}
    assert config.check_lines["numbers"] == 6
    assert dict(config.sites[0].codes) == {"ko": "kr"}
    copy = pickle.loads(pickle.dumps(config))
    assert copy == config
    assert isinstance(copy.checks, MappingProxyType)
    assert isinstance(copy.sites[0].codes, MappingProxyType)
    monkeypatch.setattr(split, "PER_WORKER", 1)  # a pool of processes, as for a large project
    seen = units.run_jobs(functools.partial(settings_seen, config), ["numbers", "ko"])
    assert seen == [("warning", "kr"), (None, "kr")]
    (project / "pipeline.yaml").write_text(GOOD, "utf-8")
    plain = read_config(project / "pipeline.yaml")
    assert pickle.loads(pickle.dumps(plain)) == plain
