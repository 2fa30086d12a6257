"""The progress hook long stages accept: the CLI passes a progress bar, tests pass nothing."""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from typing import Protocol, TypeVar

T = TypeVar("T")


class Track(Protocol):
    """Wraps a stage's loop over its items with a progress display named `label`."""

    def __call__(self, items: Sequence[T], label: str) -> Iterable[T]: ...


def untracked(items: Sequence[T], label: str) -> Iterable[T]:
    """No display: the items as they are."""
    return items
