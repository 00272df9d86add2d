"""The number grammar of Chinese (and English) reports.

One parser for every quantity a report prints. Implementation in progress: see
``find_numbers`` and ``parse_number`` below for the contract.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Literal

from vetlint.intervals import Interval

NumberKind = Literal["quantity", "percent", "permille", "points", "ratio"]
Qualifier = Literal["approx", "nearly", "over", "at_least", "more_than", "less_than", "at_most"]


@dataclass(frozen=True, slots=True)
class Number:
    """A quantity as printed.

    ``value`` is in base units: ``4.51万人`` → 45100 (unit ``person``),
    ``98.26%`` → 0.9826, ``0.2个百分点`` → 0.002 (kind ``points``),
    ``15：1`` → 15 (kind ``ratio``, ``terms`` (15, 1)). ``low``/``high`` are the
    interval that the printed precision implies, widened or made one-sided by
    a qualifier (约, 近, 余, 以上, 不足 …). ``start``/``end`` are offsets in the
    text it was found in.
    """

    text: str
    value: float
    low: float
    high: float
    kind: NumberKind = "quantity"
    unit: str | None = None
    unit_text: str | None = None
    qualifier: Qualifier | None = None
    decimals: int = 0
    scale: float = 1.0
    start: int = 0
    end: int = 0
    terms: tuple[float, ...] | None = None
    term_decimals: tuple[int, ...] | None = None

    @property
    def interval(self) -> Interval:
        return Interval(self.low, self.high)

    @property
    def exact(self) -> bool:
        return self.qualifier is None
