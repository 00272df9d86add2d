"""Figures by what they state: a lookup is a dictionary hit, linear in the document.

Two figures state the same quantity when indicator, scope, period and unit family agree
(``Figure.key``). Checks ask for the figures of a key (every cross-reference), or for an
indicator in a scope and period (the students behind a 生师比, the whole behind a share).
Changes, last year's figures, shares and standards state other things and are indexed only
under their role.
"""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Iterable, Sequence

from vetlint.extract.figures import Figure, Period, Scope

LEVEL_ROLES = frozenset({"level", "rate", "ratio", "per_capita", "share", "count"})


class FigureIndex:
    def __init__(self, figures: Iterable[Figure]) -> None:
        self._by_key: dict[tuple, list[Figure]] = defaultdict(list)
        self._by_indicator: dict[str, list[Figure]] = defaultdict(list)
        for f in figures:
            if f.role not in LEVEL_ROLES or not f.indicator:
                continue
            self._by_key[f.key()].append(f)
            self._by_indicator[f.indicator].append(f)

    def same(self, fig: Figure) -> list[Figure]:
        """Every figure with ``fig``'s key (``fig`` included)."""
        return list(self._by_key.get(fig.key(), ()))

    def groups(self) -> Iterable[list[Figure]]:
        """The figures of each key stated more than once."""
        return (figs for figs in self._by_key.values() if len(figs) > 1)

    def find(
        self,
        indicators: Sequence[str],
        scope: Scope,
        period: Period,
        dims: Sequence[str] | None = None,
    ) -> list[Figure]:
        """Figures of any of ``indicators`` in exactly ``scope`` and ``period``."""
        out: list[Figure] = []
        for ind in indicators:
            for f in self._by_indicator.get(ind, ()):
                if f.scope.key() != scope.key() or f.period.key() != period.key():
                    continue
                if dims is not None and f.dim not in dims:
                    continue
                out.append(f)
        return out

    def of(self, indicator: str) -> list[Figure]:
        return list(self._by_indicator.get(indicator, ()))
