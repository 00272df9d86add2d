"""What a reader worked out from a piece of a report's text, kept while it reads that report.

A report repeats its labels, clause openings and table words in every row and sentence;
the readers of one analysis (labels, scopes, indicators, tables) work each out once. A memo
belongs to the reader object that computes it, so it lives as long as one analysis, and it
is bounded: a hostile report cannot grow it without end.
"""

from __future__ import annotations

from collections.abc import Callable, Hashable
from typing import Generic, TypeVar

MAX_MEMO = 20_000  # entries a memo keeps before it starts again

K = TypeVar("K", bound=Hashable)
V = TypeVar("V")


class Memo(Generic[K, V]):
    """``compute(key)``, computed once per key (``compute`` must be a pure function of it)."""

    __slots__ = ("_compute", "_found", "_limit")

    def __init__(self, compute: Callable[[K], V], limit: int = MAX_MEMO) -> None:
        self._compute = compute
        self._found: dict[K, V] = {}
        self._limit = limit

    def __call__(self, key: K) -> V:
        found = self._found
        if key in found:
            return found[key]
        if len(found) >= self._limit:
            found.clear()
        value = found[key] = self._compute(key)
        return value
