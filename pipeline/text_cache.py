"""Caches keyed by a text (a msgid, a msgstr), and the one place that empties them all.

Within one document the caches save the work that matters: a msgid is parsed once for the five
locales that translate it, a msgstr once for its checks and for the bundle's HTML. Across
documents they save almost nothing (few texts repeat), and a worker of a large project that
kept them full held about 45 MB of them: the read-once and build tasks are `per_document`.
"""

from __future__ import annotations

import functools
from collections.abc import Callable
from typing import ParamSpec, TypeVar

P = ParamSpec("P")
T = TypeVar("T")

_CACHES: list[functools._lru_cache_wrapper[object]] = []


def text_cache(maxsize: int) -> Callable[[Callable[..., T]], functools._lru_cache_wrapper[T]]:
    """`functools.lru_cache(maxsize)`, emptied by `forget_texts`."""

    def cached(function: Callable[..., T]) -> functools._lru_cache_wrapper[T]:
        wrapper = functools.lru_cache(maxsize=maxsize)(function)
        _CACHES.append(wrapper)
        return wrapper

    return cached


def forget_texts() -> None:
    """Empty every text cache: a document's work is done."""
    for cache in _CACHES:
        cache.cache_clear()


def per_document(task: Callable[P, T]) -> Callable[P, T]:
    """A task that handles one document, emptying the text caches when it is done (what was
    parsed of one document serves no other)."""

    @functools.wraps(task)
    def run(*args: P.args, **kwargs: P.kwargs) -> T:
        try:
            return task(*args, **kwargs)
        finally:
            forget_texts()

    return run
