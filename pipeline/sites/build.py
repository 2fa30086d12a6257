"""Bundles -> the site outputs `pipeline.yaml` names: each generator's files, written in place.

`write_sites` reads the bundles' data once, lays it out for each site (`GENERATORS`: pure
functions of the data) and writes each site's files into its folder: only files whose bytes
changed, and the files it wrote last time and no longer wants are removed (their list is kept
in `.pipeline-site.json` at the top of the folder, which no generator publishes). Sites share
nothing but the data, so on a large project each is laid out and written by a worker process.
"""

from __future__ import annotations

import hashlib
import json
import os
from collections.abc import Callable, Mapping, Sequence
from dataclasses import dataclass
from pathlib import Path

from pipeline.bundles.render import Shown
from pipeline.config import Config, Site
from pipeline.errors import PipelineError
from pipeline.files import map_shared, write_if_changed
from pipeline.sites.docusaurus import build_docusaurus
from pipeline.sites.hugo import build_hugo
from pipeline.sites.mkdocs import build_mkdocs
from pipeline.sites.pages import SiteData, Source, read_site_data
from pipeline.sites.publishing import OUTDATED_PREVIOUS
from pipeline.sites.starlight import build_starlight
from pipeline.split import worker_count

Layout = Callable[[SiteData, Mapping[str, str], str, str, str], dict[str, bytes]]
GENERATORS: dict[str, Layout] = {
    "hugo": build_hugo,
    "mkdocs": build_mkdocs,
    "docusaurus": build_docusaurus,
    "starlight": build_starlight,
}
LISTING = ".pipeline-site.json"


@dataclass(frozen=True, slots=True)
class SiteReport:
    """What writing one site did, for the summary line."""

    name: str
    written: int
    unchanged: int
    removed: int
    digests: tuple[tuple[str, str], ...] = ()
    """(absolute path, sha256) of each file the site holds now, for `runstate.record`."""


def select_sites(config: Config, names: Sequence[str] = ()) -> list[Site]:
    """The configured sites, or those named (`build --site NAME`); an unknown name is an error."""
    known = {site.name: site for site in config.sites}
    for name in names:
        if name not in known:
            listed = ", ".join(known) or "none configured"
            raise PipelineError(f"unknown site {name!r} (sites: {listed})", config.path)
    return [known[name] for name in names] if names else list(config.sites)


def write_sites(
    config: Config,
    sites: Sequence[Site],
    sources: Sequence[Source] | None = None,
    shown: Mapping[tuple[str, str], Shown] | None = None,
) -> list[SiteReport]:
    """Lay out and write each site; `shown`: the pairs the build just rendered (see
    `read_site_data`)."""
    if not sites:
        return []
    previous = any(site.outdated == OUTDATED_PREVIOUS for site in sites)
    data = read_site_data(config, sources, previous=previous, shown=shown)
    workers = min(len(sites), worker_count(config.jobs, len(data.pages)))
    return list(map_shared(_write_layout, data, sites, workers))


def _write_layout(data: SiteData, site: Site) -> SiteReport:
    """One site laid out and written (a top-level function for worker processes)."""
    layout = GENERATORS[site.generator]
    return write_site(site, layout(data, site.codes, site.fallback, site.outdated, site.layout))


def write_site(site: Site, files: Mapping[str, bytes]) -> SiteReport:
    """Write `files` under the site's folder and remove what the last run wrote and is gone."""
    listing = site.output / LISTING
    try:
        before = set(json.loads(listing.read_bytes()))
    except (OSError, ValueError):
        before = set()
    written = sum(write_if_changed(site.output / path, data) for path, data in files.items())
    removed = 0
    for relative in sorted(before - set(files)):
        path = site.output / relative
        if ".." in Path(relative).parts or Path(relative).is_absolute() or not path.is_file():
            continue  # never outside the site's folder, whatever an edited listing says
        path.unlink()
        removed += 1
        _prune(path.parent, site.output)
    listed = (json.dumps(sorted(files), indent=0) + "\n").encode("utf-8")
    write_if_changed(listing, listed)
    folder = str(site.output.absolute())
    digests = tuple(
        (os.path.join(folder, path), hashlib.sha256(data).hexdigest())
        for path, data in [*files.items(), (LISTING, listed)]
    )
    return SiteReport(site.name, written, len(files) - written, removed, digests)


def _prune(folder: Path, stop: Path) -> None:
    while folder != stop and folder.is_relative_to(stop) and not any(folder.iterdir()):
        folder.rmdir()
        folder = folder.parent
