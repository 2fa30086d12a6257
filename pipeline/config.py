"""pipeline.yaml -> Config: the settings' types, and reading the file into them.

Each setting's own validation is in `config_values` (the YAML text's in `config_yaml`); here the
file is read, its keys checked, and the `sites:` entries built (each `Site` beside its rules).
"""

from __future__ import annotations

import re
from collections.abc import Mapping
from dataclasses import dataclass, field, fields
from pathlib import Path
from types import MappingProxyType
from typing import Any

from ruamel.yaml.comments import CommentedMap

from pipeline.config_values import (
    KEYS,
    NO_ENTRIES,
    check_severities,
    file_list,
    folder_inside,
    key_line,
    locale_list,
    percentage,
    string_list,
    string_value,
    syntax_setting,
    url_patterns,
)
from pipeline.config_yaml import decode_config, load_yaml_mapping
from pipeline.errors import PipelineError
from pipeline.split import Shard, in_shard


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
    allowed_url_patterns: tuple[re.Pattern[str], ...] = ()
    """Compiled once, when the file is read: a translated link may point to a URL matching one."""
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


def build_config(data: CommentedMap, path: Path) -> Config:
    """Validate the loaded mapping key by key."""
    for key in data:
        if key not in KEYS:
            known = ", ".join(KEYS)
            raise PipelineError(
                f"unknown setting {key!r} (known: {known})", path, key_line(data, key)
            )
    for required in ("source", "locales"):
        if required not in data:
            raise PipelineError(f"missing setting {required!r}", path, 1)
    root = path.parent
    # Read only, so it may be anywhere (every stage names its files relative to it).
    source_dir = root / string_value(data, "source", path)
    if not source_dir.is_dir():
        problem = "is not a folder" if source_dir.exists() else "does not exist"
        raise PipelineError(
            f"source folder {source_dir.name!r} {problem}", path, key_line(data, "source")
        )
    reports_dir = folder_inside(data, "reports", path, default="bundles")
    if reports_dir.exists() and not reports_dir.is_dir():
        where = reports_dir.relative_to(root).as_posix()
        raise PipelineError(f"reports {where!r} is not a folder", path, key_line(data, "reports"))
    checks, check_lines = check_severities(data, path)
    sites = _sites(data, path)
    return Config(
        path=path,
        source_dir=source_dir,
        locales=locale_list(data, path),
        front_matter_keys=tuple(string_list(data, "front_matter", path)),
        min_coverage=percentage(data, "min_coverage", path),
        reports_dir=reports_dir,
        checks=checks,
        check_lines=check_lines,
        allowed_url_patterns=url_patterns(data, path),
        sites=sites,
        tm_files=file_list(data, "tm", path),
        glossaries=file_list(data, "glossary", path),
        syntax=syntax_setting(data, path, [site.generator for site in sites]),
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
        raise PipelineError(f"'sites' must be {KEYS['sites']}", path, key_line(data, "sites"))
    return tuple(_site(str(name), value[name], value, path) for name in value)


def _site(name: str, entry: Any, parent: CommentedMap, path: Path) -> Site:
    line = key_line(parent, name)
    if not isinstance(entry, CommentedMap):
        raise PipelineError(f"site {name!r} must be a mapping of settings", path, line)
    for key in entry:
        if key not in SITE_KEYS:
            known = ", ".join(SITE_KEYS)
            raise PipelineError(
                f"site {name!r}: unknown setting {key!r} (known: {known})",
                path,
                key_line(entry, key),
            )
    settings = {
        key: entry.get(key, choices[0] if key != "generator" else None)
        for key, choices in SITE_CHOICES.items()
    }
    for key, choices in SITE_CHOICES.items():
        if settings[key] not in choices:
            where = key_line(entry, key) if key in entry else line
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
            key_line(entry, "layout") if "layout" in entry else line,
        )
    output = _site_output(name, entry, path, line)
    codes = entry.get("locales", CommentedMap())
    if not isinstance(codes, CommentedMap) or not all(
        isinstance(v, str) and v for v in codes.values()
    ):
        raise PipelineError(
            f"site {name!r}: 'locales' must map locale ids to codes",
            path,
            key_line(entry, "locales") if "locales" in entry else line,
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


def _site_output(name: str, entry: CommentedMap, path: Path, line: int) -> str:
    """The site's `output` folder (default `sites/<name>`), relative and inside the project."""
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
            key_line(entry, "output") if "output" in entry else line,
        )
    return output
