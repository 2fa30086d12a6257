"""The one exception for a user's mistake, printed as `path:line: message`."""

from __future__ import annotations

from pathlib import Path


class PipelineError(Exception):
    """Bad usage or bad input: the CLI prints it as one line and exits with status 2.

    `line` is 1-based; it is made 1-based where the location is created, never later.
    """

    def __init__(self, message: str, path: Path | str | None = None, line: int | None = None):
        # All three in args, so the error survives pickling (e.g. from a worker process).
        super().__init__(message, path, line)
        self.message = message
        self.path = path
        self.line = line

    def __str__(self) -> str:
        if self.path is None:
            return self.message
        if self.line is None:
            return f"{self.path}: {self.message}"
        return f"{self.path}:{self.line}: {self.message}"
