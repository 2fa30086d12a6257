"""pipeline.yaml -> Config, every value validated with its line."""

from __future__ import annotations

import copy
import difflib
import io
import os
import re
from collections.abc import Mapping
from dataclasses import dataclass, field, fields
from pathlib import Path
from types import MappingProxyType
from typing import Any

from babel import Locale, UnknownLocaleError
from ruamel.yaml import YAML, tokens
from ruamel.yaml.comments import CommentedMap, CommentedSeq
from ruamel.yaml.error import MarkedYAMLError, YAMLError

from pipeline.errors import PipelineError
from pipeline.files import write_if_changed
from pipeline.split import Shard, in_shard

SOURCE_LANGUAGE = "en"
"""The language of `source/`: never a locale to translate into."""

# Each key: (expected type, its description in errors). Unknown keys are errors so typos surface.
KEYS: dict[str, str] = {
    "source": "a folder name",
    "locales": "a list of locale codes",
    "front_matter": "a list of front matter keys",
    "min_coverage": "a percentage from 0 to 100",
    "reports": "a folder name",
    "checks": "a mapping of check names to error, warning, info or off",
    "allowed_url_patterns": "a list of regular expressions",
    "sites": "a mapping of site names to their settings (generator, output, ...)",
    "tm": "a list of TMX files (translation memories for update)",
    "glossary": "a list of glossary files (TBX, or CSV with term,translation,status,note)",
    "syntax": "a list of syntax profiles",
}
# Site syntax profiles (extract/profiles.py says what each one reads), and those that the
# `generator` of each site in `sites:` implies when `syntax:` is not given (a site's name is
# the user's own: `docs: {generator: hugo}` reads Hugo syntax). Docusaurus reads `.md` as MDX,
# and its profile holds all of `mdx`; Starlight's pages are MDX with `:::note` asides.
SYNTAX_PROFILES = ("hugo", "mkdocs-material", "mdx", "docusaurus", "liquid", "mdbook", "kramdown")
GENERATOR_SYNTAX: dict[str, tuple[str, ...]] = {
    "hugo": ("hugo",),
    "mkdocs": ("mkdocs-material",),
    "docusaurus": ("docusaurus", "mdx"),
    "starlight": ("mdx",),
}
SEVERITIES = ("error", "warning", "info", "off")
NO_ENTRIES: Mapping[str, Any] = MappingProxyType({})


def _plain_state(self: Any) -> tuple[object, ...]:
    """Fields for pickling (worker processes get the Config): a MappingProxyType cannot be
    pickled, so it travels as a dict, and `_frozen_state` wraps it again."""
    values = (getattr(self, name.name) for name in fields(self))
    return tuple(dict(v) if isinstance(v, MappingProxyType) else v for v in values)


def _frozen_state(self: Any, state: tuple[object, ...]) -> None:
    for name, value in zip(fields(self), state, strict=True):
        frozen = MappingProxyType(value) if isinstance(value, dict) else value
        object.__setattr__(self, name.name, frozen)


@dataclass(frozen=True, slots=True)
class Site:
    """One site output (`sites:` in pipeline.yaml): a generator's layout in a folder."""

    name: str
    generator: str
    """`hugo`, `mkdocs`, `docusaurus` or `starlight`."""
    output: Path
    """The folder the site's files go to (inside the project)."""
    fallback: str = "english"
    """Below the threshold: `english` (the English text, `lang: en`) or `omit` (left out)."""
    outdated: str = "english"
    """A fuzzy translation: `english`, or `previous` (published, marked outdated)."""
    layout: str = "folder"
    """`folder`, or the generator's other layout (Hugo `filename`, MkDocs `suffix`)."""
    codes: Mapping[str, str] = field(default_factory=lambda: NO_ENTRIES)
    """Locale id -> the code this generator uses instead of the default mapping (read-only)."""

    __getstate__ = _plain_state
    __setstate__ = _frozen_state


@dataclass(frozen=True, slots=True)
class Config:
    """The validated project configuration; paths are absolute."""

    path: Path
    """The pipeline.yaml file itself."""
    source_dir: Path
    """Folder of English Markdown documents."""
    locales: tuple[str, ...]
    """Babel identifiers in the order the file lists them (`ko`, `zh_Hans`, ...)."""
    front_matter_keys: tuple[str, ...]
    """Top-level front matter keys whose string values are translated."""
    min_coverage: float
    """Publishing threshold in percent of strings; below it a bundle falls back to English."""
    reports_dir: Path
    """Where `run` writes the HTML coverage report and badges."""
    checks: Mapping[str, str] = field(default_factory=lambda: NO_ENTRIES)
    """Severity overrides by check name (`off` disables a check); read-only, as every field."""
    check_lines: Mapping[str, int] = field(default_factory=lambda: NO_ENTRIES)
    """1-based line of each entry under `checks`, for errors about unknown check names."""
    allowed_url_patterns: tuple[str, ...] = ()
    """Regular expressions: a translated link may point to a URL matching one of them."""
    tm_files: tuple[Path, ...] = ()
    """TMX files `update` takes matches from (fuzzy, with their origin named)."""
    glossaries: tuple[Path, ...] = ()
    """TBX or CSV glossaries for the `terminology` check."""
    sites: tuple[Site, ...] = ()
    """The site outputs `build` writes (`sites:`), in the order the file lists them."""
    syntax: tuple[str, ...] = ()
    """Site syntax profiles the sources use (`hugo`, `mdx`...), from `syntax:` or `sites:`."""
    shard: Shard | None = None
    """From `--shard i/n`, not pipeline.yaml: the documents this run works on (None: all)."""
    jobs: int | None = None
    """From `--jobs N`, not pipeline.yaml: at most this many worker processes (None: the cores)."""

    __getstate__ = _plain_state
    __setstate__ = _frozen_state

    @property
    def root(self) -> Path:
        return self.path.parent

    @property
    def locales_dir(self) -> Path:
        return self.root / "locales"

    @property
    def templates_dir(self) -> Path:
        return self.locales_dir / "templates"

    @property
    def bundles_dir(self) -> Path:
        return self.root / "bundles"

    @property
    def outputs(self) -> tuple[Path, ...]:
        """Folders outside the project the configuration names, which runs may write in."""
        return (self.reports_dir,)

    @property
    def generated_dirs(self) -> tuple[Path, ...]:
        """Folders the pipeline writes and prunes: links there must not lead out."""
        return (self.locales_dir, self.bundles_dir, self.reports_dir)

    def catalog_path(self, locale: str, doc_id: str) -> Path:
        return self.locales_dir / locale / "LC_MESSAGES" / f"{doc_id}.po"

    def template_path(self, doc_id: str) -> Path:
        return self.templates_dir / f"{doc_id}.pot"

    def in_shard(self, doc_id: str) -> bool:
        """Whether this run works on the document (always, without `--shard`)."""
        return in_shard(self.shard, doc_id)


def read_config(path: Path) -> Config:
    """Read and validate pipeline.yaml; any problem is a PipelineError naming its line."""
    try:
        raw = path.read_bytes()
    except FileNotFoundError:
        raise PipelineError("configuration file not found", path) from None
    except OSError as err:
        raise PipelineError(f"cannot read configuration: {err.strerror}", path) from None
    text = decode_config(raw, path)
    data = load_yaml_mapping(text, path)
    return build_config(data, path.resolve())


def decode_config(raw: bytes, path: Path) -> str:
    """The configuration's text: UTF-8 (a BOM allowed), no NUL; else an error with its line."""
    if raw.startswith((b"\xff\xfe", b"\xfe\xff")) or _looks_like_utf16(raw):
        raise PipelineError("the file is UTF-16; save it as UTF-8", path, 1)
    if b"\0" in raw:
        line = raw.count(b"\n", 0, raw.index(b"\0")) + 1
        raise PipelineError("NUL byte: a configuration is text", path, line)
    try:
        return raw.decode("utf-8-sig")
    except UnicodeDecodeError as err:
        line = raw.count(b"\n", 0, err.start) + 1
        raise PipelineError(f"not valid UTF-8 (byte 0x{raw[err.start]:02x})", path, line) from None


def _looks_like_utf16(raw: bytes) -> bool:
    """UTF-16 without a byte order mark: its ASCII (every key) has a NUL in every other byte."""
    half = len(raw) // 2
    return half > 0 and max(raw[0::2].count(0), raw[1::2].count(0)) > half // 2


# Deeper YAML would exhaust the stack of the recursive composer.
MAX_NESTING = 64
_OPENING = (
    tokens.BlockMappingStartToken,
    tokens.BlockSequenceStartToken,
    tokens.FlowMappingStartToken,
    tokens.FlowSequenceStartToken,
)
_CLOSING = (tokens.BlockEndToken, tokens.FlowMappingEndToken, tokens.FlowSequenceEndToken)
_BRACKETS = {"[": 1, "{": 1, "]": -1, "}": -1}
_ANY_BRACKET = re.compile(r"[\[\]{}]")
_QUOTED_OR_COMMENT = re.compile(r"\"(?:[^\"\\]|\\.)*\"?|'[^']*'?|(?:^|\s)#.*")


def check_nesting(text: str, path: Path | str, first_line: int = 1, what: str = "YAML") -> None:
    """Refuse YAML nested deeper than MAX_NESTING, in time linear in its size.

    Brackets are counted on the text first (the scanner's time grows with the square of their
    depth), then blocks from the token stream. `first_line` is the text's first line in its file.
    """
    message = f"{what} nested more than {MAX_NESTING} levels deep"
    depth = 0
    for line, content in enumerate(text.splitlines(), first_line):
        if not _ANY_BRACKET.search(content):
            continue  # most lines: skipped at C speed (a 5,000-deep block is megabytes)
        for bracket in _ANY_BRACKET.findall(_QUOTED_OR_COMMENT.sub("", content)):
            depth += _BRACKETS[bracket]
            if depth > MAX_NESTING:
                raise PipelineError(message, path, line)
    depth = 0
    try:
        for token in YAML(typ="rt").scan(text):
            depth += isinstance(token, _OPENING) - isinstance(token, _CLOSING)
            if depth > MAX_NESTING:
                raise PipelineError(message, path, token.start_mark.line + first_line)
    except YAMLError:
        return  # the loader reports it, with its place


def load_yaml_mapping(text: str, path: Path) -> CommentedMap:
    """Load YAML with the round-trip loader (no arbitrary tags are constructed)."""
    check_nesting(text, path)
    try:
        data = YAML(typ="rt").load(text)
    except MarkedYAMLError as err:
        mark = err.problem_mark or err.context_mark
        line = mark.line + 1 if mark is not None else None
        raise PipelineError(f"invalid YAML: {err.problem or err.context}", path, line) from None
    except YAMLError as err:
        first = str(err).strip().splitlines()[:1] or ["unreadable"]
        raise PipelineError(f"invalid YAML: {first[0]}", path) from None
    if not isinstance(data, CommentedMap):
        raise PipelineError("expected a mapping of settings", path, 1)
    return data


def build_config(data: CommentedMap, path: Path) -> Config:
    """Validate the loaded mapping key by key."""
    for key in data:
        if key not in KEYS:
            known = ", ".join(KEYS)
            raise PipelineError(f"unknown setting {key!r} (known: {known})", path, _line(data, key))
    for required in ("source", "locales"):
        if required not in data:
            raise PipelineError(f"missing setting {required!r}", path, 1)
    root = path.parent
    # Read only, so it may be anywhere (every stage names its files relative to it).
    source_dir = root / _string(data, "source", path)
    if not source_dir.is_dir():
        problem = "is not a folder" if source_dir.exists() else "does not exist"
        raise PipelineError(
            f"source folder {source_dir.name!r} {problem}", path, _line(data, "source")
        )
    reports_dir = _folder_inside(data, "reports", path, default="bundles")
    if reports_dir.exists() and not reports_dir.is_dir():
        where = reports_dir.relative_to(root).as_posix()
        raise PipelineError(f"reports {where!r} is not a folder", path, _line(data, "reports"))
    checks, check_lines = _checks(data, path)
    sites = _sites(data, path)
    return Config(
        path=path,
        source_dir=source_dir,
        locales=_locales(data, path),
        front_matter_keys=tuple(_string_list(data, "front_matter", path)),
        min_coverage=_percentage(data, "min_coverage", path),
        reports_dir=reports_dir,
        checks=checks,
        check_lines=check_lines,
        allowed_url_patterns=_patterns(data, path),
        sites=sites,
        tm_files=_files(data, "tm", path),
        glossaries=_files(data, "glossary", path),
        syntax=syntax_setting(data, path, sites),
    )


def _files(data: CommentedMap, key: str, path: Path) -> tuple[Path, ...]:
    """`tm:` and `glossary:`: files relative to the project, each one there."""
    names = _string_list(data, key, path)
    files = []
    for index, name in enumerate(names):
        file = path.parent / name
        if not file.is_file():
            items = data[key]
            line = _item_line(items, index) if isinstance(items, CommentedSeq) else _line(data, key)
            raise PipelineError(f"{key}: no such file {name!r}", path, line)
        files.append(file)
    return tuple(files)


def _folder_inside(data: CommentedMap, key: str, path: Path, default: str | None = None) -> Path:
    """`key`'s folder, which must be inside the project: the pipeline writes nowhere else."""
    root = path.parent
    folder = Path(os.path.normpath(root / _string(data, key, path, default=default)))
    if not folder.is_relative_to(root) or (
        folder.exists() and not folder.resolve().is_relative_to(root.resolve())
    ):
        raise PipelineError(
            f"{key!r} must be a folder inside the project ({root}), not {data.get(key)!r}",
            path,
            _line(data, key),
        )
    return folder


def _patterns(data: CommentedMap, path: Path) -> tuple[str, ...]:
    """`allowed_url_patterns`, each compiled once here so that a bad one is reported at its line."""
    patterns = _string_list(data, "allowed_url_patterns", path)
    for index, pattern in enumerate(patterns):
        try:
            re.compile(pattern)
        except re.error as err:
            items = data["allowed_url_patterns"]
            line = _item_line(items, index) if isinstance(items, CommentedSeq) else 1
            message = f"allowed_url_patterns: {pattern!r} is not a regular expression: {err}"
            raise PipelineError(message, path, line) from None
    return tuple(patterns)


def validate_locale(code: str) -> str:
    """Return the canonical Babel identifier for `code`, or raise ValueError saying why not."""
    try:
        locale = Locale.parse(code.replace("-", "_"))
    except (UnknownLocaleError, ValueError) as err:
        raise ValueError(f"unknown locale {code!r}: Babel says {err}") from None
    canonical = str(locale)
    if canonical != code:
        raise ValueError(f"write locale {code!r} as {canonical!r}, Babel's identifier")
    return canonical


def _locales(data: CommentedMap, path: Path) -> tuple[str, ...]:
    codes = _string_list(data, "locales", path)
    if not codes:
        raise PipelineError(
            "'locales' is empty: name at least one locale", path, _line(data, "locales")
        )
    seen: set[str] = set()
    items: CommentedSeq = data["locales"]
    for index, code in enumerate(codes):
        line = _item_line(items, index)
        try:
            validate_locale(code)
        except ValueError as err:
            raise PipelineError(str(err), path, line) from None
        if code in seen:
            raise PipelineError(f"locale {code!r} is listed twice", path, line)
        if code == SOURCE_LANGUAGE:
            raise PipelineError(f"locale {code!r} is the source language", path, line)
        seen.add(code)
    return tuple(codes)


def syntax_setting(data: CommentedMap, path: Path, sites: tuple[Site, ...]) -> tuple[str, ...]:
    """`syntax:` as written, or what the generators of the sites in `sites:` imply."""
    if "syntax" not in data:
        implied = (name for site in sites for name in GENERATOR_SYNTAX[site.generator])
        return tuple(dict.fromkeys(implied))
    names = _string_list(data, "syntax", path)
    for index, name in enumerate(names):
        if name not in SYNTAX_PROFILES:
            raise PipelineError(
                f"unknown syntax {name!r} (known: {', '.join(SYNTAX_PROFILES)})",
                path,
                _item_line(data["syntax"], index),
            )
    return tuple(names)


def _checks(data: CommentedMap, path: Path) -> tuple[Mapping[str, str], Mapping[str, int]]:
    raw = data.get("checks")
    if raw is None:
        return NO_ENTRIES, NO_ENTRIES
    if not isinstance(raw, CommentedMap):
        raise PipelineError(f"'checks' must be {KEYS['checks']}", path, _line(data, "checks"))
    checks: dict[str, str] = {}
    lines: dict[str, int] = {}
    for name, severity in raw.items():
        line = _line(raw, name)
        if not isinstance(name, str) or severity not in SEVERITIES:
            raise PipelineError(
                f"check {name!r}: severity must be one of {', '.join(SEVERITIES)}", path, line
            )
        checks[name] = severity
        lines[name] = line
    return MappingProxyType(checks), MappingProxyType(lines)


def _string(data: CommentedMap, key: str, path: Path, default: str | None = None) -> str:
    value = data.get(key, default)
    if not isinstance(value, str) or not value.strip():
        raise PipelineError(f"{key!r} must be {KEYS[key]}", path, _line(data, key))
    return value


def _string_list(data: CommentedMap, key: str, path: Path) -> list[str]:
    value = data.get(key, [])
    if not isinstance(value, list):
        raise PipelineError(f"{key!r} must be {KEYS[key]}", path, _line(data, key))
    for index, item in enumerate(value):
        if not isinstance(item, str) or not item.strip():
            line = _item_line(value, index) if isinstance(value, CommentedSeq) else _line(data, key)
            raise PipelineError(f"{key!r}: item {item!r} must be a non-empty string", path, line)
    return [str(item) for item in value]


def _percentage(data: CommentedMap, key: str, path: Path) -> float:
    value: Any = data.get(key, 0)
    if isinstance(value, bool) or not isinstance(value, int | float) or not 0 <= value <= 100:
        raise PipelineError(f"{key!r} must be {KEYS[key]}, not {value!r}", path, _line(data, key))
    return float(value)


def _line(data: CommentedMap, key: Any) -> int:
    """1-based line of `key` in the file (ruamel counts from 0)."""
    try:
        return int(data.lc.key(key)[0]) + 1
    except (KeyError, TypeError):
        return 1


def _item_line(items: CommentedSeq, index: int) -> int:
    try:
        return int(items.lc.item(index)[0]) + 1
    except (KeyError, TypeError):
        return 1


# --- `pipeline locales add`: edit pipeline.yaml in place ---------------------------------------


def new_locale(config: Config, code: str) -> str:
    """The Babel identifier for a locale to add (`zh-Hans` -> `zh_Hans`), or PipelineError."""
    try:
        canonical = str(Locale.parse(code.replace("-", "_")))
    except (UnknownLocaleError, ValueError) as err:
        raise PipelineError(f"unknown locale {code!r}: Babel says {err}", config.path) from None
    if canonical.lower() != code.replace("-", "_").lower():
        # Babel falls back silently (en_ZZ -> en_US); a locale must be the one asked for.
        raise PipelineError(f"unknown locale {code!r}: Babel knows only {canonical!r}", config.path)
    if canonical in config.locales:
        raise PipelineError(f"locale {canonical!r} is already configured", config.path)
    if canonical == SOURCE_LANGUAGE:
        raise PipelineError(
            f"locale {canonical!r} is the source language: source/ is its text", config.path
        )
    return canonical


def add_locale(path: Path, code: str) -> str:
    """Append a locale to pipeline.yaml with ruamel's round trip; return its Babel identifier.

    Comments, key order, quoting and the list's style stay as they are; a comment block after
    the list stays after it. If the round trip would touch any line outside the list, the file is
    left alone and the error says to add the locale by hand.
    """
    canonical = new_locale(read_config(path), code)
    raw = path.read_bytes().decode("utf-8")
    text = raw.replace("\r\n", "\n")
    yaml = YAML(typ="rt")
    yaml.preserve_quotes = True
    yaml.width = 4096  # never re-wrap a long value
    data = yaml.load(text)
    items: CommentedSeq = data["locales"]
    key_column = data.lc.key("locales")[1]
    indent = items.lc.item(0)[1] - key_column if items and not items.fa.flow_style() else 2
    yaml.indent(mapping=2, sequence=indent, offset=max(indent - 2, 0))
    if items.fa.flow_style():
        # `[ko, ja]  # comment`: the comment after the list keeps its distance from it.
        after = data.ca.items.get("locales", [None] * 4)[2]
        if after is not None:
            after.column += len(f", {canonical}")
        items.append(canonical)
    else:
        _append_item(items, canonical, Locale.parse(canonical).english_name or canonical)
    stream = io.StringIO()
    yaml.dump(data, stream)
    new_text = stream.getvalue()
    _check_only_locales_changed(text, new_text, data, path)
    if "\r\n" in raw:
        new_text = new_text.replace("\n", "\r\n")
    write_if_changed(path, new_text.encode("utf-8"))
    return canonical


def _append_item(items: CommentedSeq, code: str, name: str) -> None:
    """Append `code`; when the items have end-of-line comments, give it one with its name."""
    last = len(items) - 1
    items.append(code)
    tokens = items.ca.items.get(last)
    if not tokens or tokens[0] is None:
        return
    # The last item's comment token also holds what follows the list (blank lines, the next
    # section's comment): it moves to the new last item so the new line goes inside the list.
    token = tokens[0]
    own, _, rest = token.value.partition("\n")
    following = copy.copy(token)
    following.value = (f"# {name}" if own.strip() else "") + "\n" + rest
    token.value = own + "\n"
    items.ca.items[last + 1] = [following, None, None, None]


def _check_only_locales_changed(old: str, new: str, data: CommentedMap, path: Path) -> None:
    first = data.lc.key("locales")[0]
    items: CommentedSeq = data["locales"]
    last = items.lc.item(len(items) - 2)[0] if len(items) > 1 else first
    lines = difflib.SequenceMatcher(None, old.splitlines(), new.splitlines(), autojunk=False)
    for tag, start, end, _, _ in lines.get_opcodes():
        if tag != "equal" and not (first <= start and end <= last + 1):
            raise PipelineError(
                "cannot add the locale without reformatting this file; add it by hand",
                path,
                start + 1,
            )


# --- sites: (the site outputs) ---

SITE_CHOICES = {
    "generator": ("hugo", "mkdocs", "docusaurus", "starlight"),
    "fallback": ("english", "omit"),
    "outdated": ("english", "previous"),
}
LAYOUTS = {"hugo": ("folder", "filename"), "mkdocs": ("folder", "suffix")}
SITE_KEYS = ("generator", "output", "fallback", "outdated", "layout", "locales")


def _sites(data: CommentedMap, path: Path) -> tuple[Site, ...]:
    value = data.get("sites", CommentedMap())
    if not isinstance(value, CommentedMap):
        raise PipelineError(f"'sites' must be {KEYS['sites']}", path, _line(data, "sites"))
    return tuple(_site(str(name), value[name], value, path) for name in value)


def _site(name: str, entry: Any, parent: CommentedMap, path: Path) -> Site:
    line = _line(parent, name)
    if not isinstance(entry, CommentedMap):
        raise PipelineError(f"site {name!r} must be a mapping of settings", path, line)
    for key in entry:
        if key not in SITE_KEYS:
            known = ", ".join(SITE_KEYS)
            raise PipelineError(
                f"site {name!r}: unknown setting {key!r} (known: {known})", path, _line(entry, key)
            )
    settings = {
        key: entry.get(key, choices[0] if key != "generator" else None)
        for key, choices in SITE_CHOICES.items()
    }
    for key, choices in SITE_CHOICES.items():
        if settings[key] not in choices:
            where = _line(entry, key) if key in entry else line
            raise PipelineError(
                f"site {name!r}: {key!r} must be one of {', '.join(choices)}", path, where
            )
    generator = settings["generator"]
    layout = entry.get("layout", "folder")
    if layout not in LAYOUTS.get(generator, ("folder",)):
        allowed = ", ".join(LAYOUTS.get(generator, ("folder",)))
        raise PipelineError(
            f"site {name!r}: 'layout' must be one of {allowed}",
            path,
            _line(entry, "layout") if "layout" in entry else line,
        )
    output = entry.get("output", f"sites/{name}")
    if (
        not isinstance(output, str)
        or not output.strip()
        or Path(output).is_absolute()
        or ".." in Path(output).parts
    ):
        raise PipelineError(
            f"site {name!r}: 'output' must be a folder inside the project",
            path,
            _line(entry, "output") if "output" in entry else line,
        )
    codes = entry.get("locales", CommentedMap())
    if not isinstance(codes, CommentedMap) or not all(
        isinstance(v, str) and v for v in codes.values()
    ):
        raise PipelineError(
            f"site {name!r}: 'locales' must map locale ids to codes",
            path,
            _line(entry, "locales") if "locales" in entry else line,
        )
    return Site(
        name=name,
        generator=generator,
        output=path.parent / output,
        fallback=settings["fallback"],
        outdated=settings["outdated"],
        layout=layout,
        codes=MappingProxyType({str(k): str(v) for k, v in codes.items()}),
    )


# --- `pipeline locales remove`: the same file, one line less ----------------------------------


def remove_locale(path: Path, code: str) -> None:
    """Take `code` out of the `locales:` list of pipeline.yaml, every other byte as it was."""
    config = read_config(path)
    if code not in config.locales:
        known = ", ".join(config.locales)
        raise PipelineError(f"locale {code!r} is not in the configuration ({known})", path)
    if len(config.locales) == 1:
        raise PipelineError(f"cannot remove {code!r}: it is the only locale", path)
    raw = path.read_bytes().decode("utf-8")
    data = YAML(typ="rt").load(raw)
    items: CommentedSeq = data["locales"]
    index = list(items).index(code)
    row = items.lc.item(index)[0]
    lines = raw.splitlines(keepends=True)
    if items.fa.flow_style():
        # `[ko, ja, ta]`: drop the item and the comma on one side of it.
        name = rf"(?<![\w-]){re.escape(code)}(?![\w-])"
        lines[row] = re.sub(rf"{name}\s*,\s*|,\s*{name}(?=\s*\])", "", lines[row], count=1)
    else:
        del lines[row]
    write_if_changed(path, "".join(lines).encode("utf-8"))
    read_config(path)  # the file must still be a valid configuration
