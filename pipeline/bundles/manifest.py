"""Bundle records -> manifest.json: what exists, in which language, how complete, with hashes.

The manifest is also the build's memory: each record keeps `inputs_sha256`, a fingerprint of
everything its files are made from, so the next build skips a pair whose inputs and files are
unchanged (see `read_manifest` and `bundles.build.write_bundles`).
"""

from __future__ import annotations

import hashlib
import json
from collections.abc import Mapping, Sequence
from dataclasses import dataclass, fields
from pathlib import Path
from typing import Any, Literal

from pipeline import __version__
from pipeline.bundles.gate import Withheld, read_withheld, render_withheld
from pipeline.coverage.counts import below, percent
from pipeline.errors import PipelineError
from pipeline.json_pieces import dump_pieces
from pipeline.locales import SOURCE_LOCALE, LocaleInfo, describe_locale
from pipeline.split import Shard

MANIFEST = "manifest.json"
FORMAT = 1
"""Version of the manifest and bundle layout; part of every fingerprint, so a change rebuilds."""

Status = Literal["complete", "partial", "outdated", "fallback"]
"""A bundle's publishing status (see `build_status`)."""
COMPLETE: Status = "complete"
PARTIAL: Status = "partial"
OUTDATED: Status = "outdated"
FALLBACK: Status = "fallback"
STATUSES: tuple[Status, ...] = (COMPLETE, PARTIAL, OUTDATED, FALLBACK)


@dataclass(frozen=True, slots=True)
class BundleCoverage:
    """How much of one document is translated for one locale, by strings and by source words.

    Percent and threshold are coverage's (`coverage.counts.percent`, `below`), so a bundle and
    `pipeline coverage` never round or compare differently."""

    translated: int
    """Template entries (distinct msgids) whose translation is in use."""
    fuzzy: int
    """Entries whose translation awaits review: not used, the English text stands in."""
    total: int
    words_translated: int
    words_total: int
    reviewed: int = 0
    """Of the translated entries, those with a valid review mark."""

    @property
    def strings(self) -> float:
        return percent(self.translated, self.total)

    @property
    def words(self) -> float:
        return percent(self.words_translated, self.words_total)

    @property
    def reviewed_share(self) -> float:
        return percent(self.reviewed, self.total)

    def to_json(self) -> dict[str, Any]:
        return {
            "strings": self.strings,
            "words": self.words,
            "translated": self.translated,
            "fuzzy": self.fuzzy,
            "total": self.total,
            "words_translated": self.words_translated,
            "words_total": self.words_total,
            "reviewed": self.reviewed,
            "reviewed_share": self.reviewed_share,
        }


def build_status(coverage: BundleCoverage, outdated: int, min_coverage: float) -> Status:
    """The publishing decision for one pair; the threshold compares exact fractions."""
    if below(coverage.translated, coverage.total, min_coverage):
        return FALLBACK
    if coverage.translated == coverage.total:
        return COMPLETE
    return OUTDATED if outdated else PARTIAL


@dataclass(frozen=True, slots=True)
class File:
    """One bundle file: its role, its path relative to bundles/, and the sha256 of its bytes."""

    role: str
    """`markdown`, `json` or `mo`."""
    path: str
    sha256: str


@dataclass(frozen=True, slots=True)
class Bundle:
    """One document in one locale, as the manifest lists it."""

    doc_id: str
    locale: str
    """Gettext identifier; the manifest keys bundles by its BCP 47 tag."""
    status: Status
    coverage: BundleCoverage
    source_sha256: str
    """sha256 of the source file the bundle was spliced from (see the schema for what it means)."""
    catalog_sha256: str | None
    """sha256 of the catalog read, None when the locale has no catalog for the document."""
    inputs_sha256: str
    """Fingerprint of every input of the files; equal fingerprints mean equal files."""
    files: tuple[File, ...]
    withheld: tuple[Withheld, ...] = ()
    """Error-level findings whose translations the bundle publishes as English."""


@dataclass(frozen=True, slots=True)
class DocumentEntry:
    """A source document as the manifest lists it."""

    doc_id: str
    reference: str
    """Path relative to the project root."""
    sha256: str


def render_manifest(
    locales: Sequence[LocaleInfo],
    sources: Sequence[DocumentEntry],
    bundles: Mapping[tuple[str, str], Bundle],
    min_coverage: float,
) -> bytes:
    """The manifest's bytes: fixed key order, no timestamps, so equal inputs give equal bytes."""
    tags = {info.id: info.tag for info in locales}
    manifest = {
        "format": FORMAT,
        "generator": f"pipeline {__version__}",
        "source_locale": _locale_json(describe_locale(SOURCE_LOCALE)),
        "min_coverage": min_coverage,
        "locales": [_locale_json(info) for info in locales],
        "documents": [],
    }
    # Each document is dumped on its own: the objects of 10,000 documents at once took 5 times
    # the manifest's size.
    documents = (
        {
            "id": source.doc_id,
            "source": source.reference,
            "source_sha256": source.sha256,
            "bundles": {
                tags[info.id]: _bundle_json(bundles[(source.doc_id, info.id)])
                for info in locales
                if (source.doc_id, info.id) in bundles
            },
        }
        for source in sorted(sources, key=lambda s: s.doc_id)
    )
    return b"".join(piece.encode("utf-8") for piece in dump_pieces(manifest, documents))


def _locale_json(info: LocaleInfo) -> dict[str, str]:
    return {
        "id": info.id,
        "tag": info.tag,
        "english_name": info.english_name,
        "native_name": info.native_name,
        "direction": info.direction,
    }


def _bundle_json(bundle: Bundle) -> dict[str, Any]:
    withheld = {"withheld": render_withheld(bundle.withheld)} if bundle.withheld else {}
    return {
        "locale": bundle.locale,
        "status": bundle.status,
        "coverage": bundle.coverage.to_json(),
        "source_sha256": bundle.source_sha256,
        "catalog_sha256": bundle.catalog_sha256,
        "inputs_sha256": bundle.inputs_sha256,
        "files": {f.role: {"path": f.path, "sha256": f.sha256} for f in bundle.files},
        **withheld,
    }


def manifest_name(shard: Shard | None) -> str:
    """`manifest.json`, or a shard's own (`manifest.shard-2-of-3.json`): shards built in one
    folder, or their bundles/ folders copied into one, never overwrite each other's."""
    return MANIFEST if shard is None else f"manifest.shard-{shard.name}.json"


def read_manifest(path: Path) -> dict[tuple[str, str], Bundle]:
    """The records of the previous build (the manifest at `path`), by (document, locale); {}
    when there is none.

    The manifest is our own output, not user input: one that cannot be read (deleted, edited,
    from another format) only means every pair is built again.
    """
    try:
        data = json.loads(path.read_bytes())
        if data.get("format") != FORMAT:
            return {}
        return {
            (bundle.doc_id, bundle.locale): bundle
            for document in data["documents"]
            for bundle in (_read_bundle(document["id"], b) for b in document["bundles"].values())
        }
    except (OSError, ValueError, KeyError, TypeError, AttributeError):
        return {}


def _status(value: object) -> Status:
    if value not in STATUSES:
        raise ValueError(f"not a status: {value!r}")  # read_manifest: rebuild everything
    return value


def _read_bundle(doc_id: str, data: dict[str, Any]) -> Bundle:
    coverage = data["coverage"]
    files = tuple(
        File(str(role), str(f["path"]), str(f["sha256"])) for role, f in data["files"].items()
    )
    catalog = data["catalog_sha256"]
    return Bundle(
        doc_id=str(doc_id),
        locale=str(data["locale"]),
        status=_status(data["status"]),
        coverage=BundleCoverage(*(int(coverage[f.name]) for f in fields(BundleCoverage))),
        source_sha256=str(data["source_sha256"]),
        catalog_sha256=None if catalog is None else str(catalog),
        inputs_sha256=str(data["inputs_sha256"]),
        files=files,
        withheld=read_withheld(data.get("withheld")),
    )


# The fields every shard's manifest must agree on, for the merged one to be a single run's.
SHARED_FIELDS = ("format", "generator", "source_locale", "min_coverage", "locales")


def merge_manifests(paths: Sequence[Path]) -> bytes:
    """The manifest one run over every document writes, from its shards' manifests (`--shard`).

    Each document must come from one shard only, and the shards must agree on everything else
    (format, generator version, locales, threshold): a merge of mismatched builds is refused.
    """
    first: dict[str, Any] | None = None
    documents: dict[str, tuple[Path, Any]] = {}
    for path in paths:
        data = _load_manifest(path)
        if first is None:
            first = data
        for name in SHARED_FIELDS:
            if data[name] != first[name]:
                raise PipelineError(f"its {name} differs from that of {paths[0]}", path)
        for document in data["documents"]:
            doc_id = str(document["id"])
            if doc_id in documents:
                raise PipelineError(f"document {doc_id} is also in {documents[doc_id][0]}", path)
            documents[doc_id] = (path, document)
    if first is None:
        raise PipelineError("no manifests to merge")
    merged = {**{name: first[name] for name in SHARED_FIELDS}, "documents": []}
    pieces = dump_pieces(merged, (documents[doc_id][1] for doc_id in sorted(documents)))
    return b"".join(piece.encode("utf-8") for piece in pieces)


def _load_manifest(path: Path) -> dict[str, Any]:
    try:
        data = json.loads(path.read_bytes())
    except OSError as err:
        raise PipelineError(f"cannot read the manifest: {err.strerror}", path) from None
    except ValueError as err:
        raise PipelineError(f"not a manifest (invalid JSON: {err})", path) from None
    if not isinstance(data, dict) or not isinstance(data.get("documents"), list):
        raise PipelineError("not a manifest (no documents list)", path)
    if data.get("format") != FORMAT:
        raise PipelineError(
            f"manifest format {data.get('format')!r}; this version reads {FORMAT}", path
        )
    missing = [name for name in SHARED_FIELDS if name not in data]
    if missing or not all(isinstance(d, dict) and "id" in d for d in data["documents"]):
        raise PipelineError(
            f"not a manifest (missing {', '.join(missing) or 'document ids'})", path
        )
    return data


def sha256_hex(data: bytes) -> str:
    """The hex SHA-256 the manifest records of sources, catalogs and bundle files."""
    return hashlib.sha256(data).hexdigest()
