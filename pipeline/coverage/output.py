"""Coverage -> report files: choose the renderer for a format and write where the user asked."""

from __future__ import annotations

from pathlib import Path
from typing import Literal

from pipeline.coverage.badges import render_badges
from pipeline.coverage.counts import Coverage
from pipeline.coverage.page import render_page
from pipeline.coverage.text import WIDTH, render_json, render_markdown, render_table
from pipeline.errors import PipelineError
from pipeline.files import write_if_changed

ReportFormat = Literal["table", "json", "markdown", "html", "svg"]
FORMATS: tuple[ReportFormat, ...] = ("table", "json", "markdown", "html", "svg")
REPORT_PAGE = "coverage.html"
BADGES = "badges"


def render_report(
    coverage: Coverage, form: ReportFormat, *, color: bool = False, width: int = WIDTH
) -> str:
    """The report in one of the text FORMATS (svg is several files: see `render_badges`)."""
    if form == "table":
        return render_table(coverage, color=color, width=width)
    renderers = {"json": render_json, "markdown": render_markdown, "html": render_page}
    return renderers[form](coverage)


def write_output(path: Path, data: bytes) -> bool:
    """Write a report where the user asked; True if the file changed.

    A regular file is replaced atomically (and left alone when unchanged); a device or a pipe
    (`/dev/null`, `/dev/stdout`) is written to, never replaced.
    """
    if path.is_dir():
        raise PipelineError("is a folder: name a file for this format", path)
    if path.exists() and not path.is_file():
        with path.open("wb") as handle:
            handle.write(data)
        return True
    try:
        return write_if_changed(path, data)
    except OSError as error:
        raise PipelineError(f"cannot write: {error.strerror}", path) from error


def write_badges(folder: Path, coverage: Coverage) -> list[bool]:
    """One SVG per locale and `coverage.svg` in `folder`; for each, whether it changed."""
    if folder.exists() and not folder.is_dir():
        raise PipelineError("badges go in a folder, and this is a file", folder)
    return [
        write_output(folder / name, svg.encode()) for name, svg in render_badges(coverage).items()
    ]


def write_site_reports(folder: Path, coverage: Coverage) -> list[bool]:
    """What `run` publishes: `coverage.html` and `badges/*.svg`; for each, whether it changed."""
    page = write_output(folder / REPORT_PAGE, render_page(coverage).encode())
    return [page, *write_badges(folder / BADGES, coverage)]
