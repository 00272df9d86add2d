"""What a reader worked out from a piece of a report's text, kept while it reads that report.

A report repeats its labels, clause openings and table words in every row and sentence;
the readers of one analysis (labels, scopes, indicators, tables) work each out once. A memo
belongs to the reader object that computes it, so it lives as long as one analysis, and it
is bounded: a hostile report cannot grow it without end.
"""

from __future__ import annotations

from collections.abc import Callable, Hashable
from typing import TypeVar

MAX_MEMO = 20_000  # entries a memo keeps before it starts again

K = TypeVar("K", bound=Hashable)
V = TypeVar("V")


class Memo(dict[K, V]):
    """``memo[key]`` is ``compute(key)``, computed once per key (``compute`` must be a pure
    function of it); a key already seen is an ordinary dict lookup."""

    __slots__ = ("_compute", "_limit")

    def __init__(self, compute: Callable[[K], V], limit: int = MAX_MEMO) -> None:
        super().__init__()
        self._compute = compute
        self._limit = limit

    def __missing__(self, key: K) -> V:
        if len(self) >= self._limit:
            self.clear()
        value = self[key] = self._compute(key)
        return value
