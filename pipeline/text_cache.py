"""Caches keyed by a text (a msgid, a msgstr), and the one place that empties them all.

Within one document the caches save the work that matters: a msgid is parsed once for the five
locales that translate it, a msgstr once for its checks and for the bundle's HTML. Across
documents they save almost nothing (few texts repeat), and a worker of a large project that
kept them full held about 45 MB of them: the read-once and build tasks `forget_texts` after
each document.
"""

from __future__ import annotations

import functools
from collections.abc import Callable
from typing import TypeVar

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
