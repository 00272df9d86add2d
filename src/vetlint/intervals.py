"""Interval arithmetic for printed figures.

A printed number stands for every value that prints that way: ``5.3万`` is
[52 500, 53 500]. A relation holds when the interval computed from its inputs
intersects the interval of the stated figure (XBRL Calculations 1.1). No magic
epsilon anywhere: the printed precision decides.
"""

from __future__ import annotations

import math
from collections.abc import Sequence
from dataclasses import dataclass
from typing import Literal

RoundingMode = Literal["round", "truncate"]


@dataclass(frozen=True, slots=True)
class Interval:
    low: float
    high: float

    def __post_init__(self) -> None:
        if self.low > self.high:
            lo, hi = self.high, self.low
            object.__setattr__(self, "low", lo)
            object.__setattr__(self, "high", hi)

    # construction -------------------------------------------------------
    @classmethod
    def point(cls, value: float) -> Interval:
        return cls(value, value)

    @classmethod
    def printed(
        cls, value: float, decimals: int, scale: float = 1.0, mode: RoundingMode = "round"
    ) -> Interval:
        """Values that print as ``value`` with ``decimals`` digits, times ``scale``.

        ``mode="round"``: half a unit in the last place either side.
        ``mode="truncate"``: the author cut digits off (toward zero).
        ``decimals`` may be negative for figures printed to tens or hundreds.
        """
        ulp = 10.0 ** (-decimals)
        if mode == "round":
            lo, hi = value - ulp / 2, value + ulp / 2
        elif value >= 0:
            lo, hi = value, value + ulp
        else:
            lo, hi = value - ulp, value
        return cls(lo * scale, hi * scale)

    # arithmetic ---------------------------------------------------------
    def __add__(self, other: Interval | float) -> Interval:
        o = _iv(other)
        return Interval(self.low + o.low, self.high + o.high)

    __radd__ = __add__

    def __sub__(self, other: Interval | float) -> Interval:
        o = _iv(other)
        return Interval(self.low - o.high, self.high - o.low)

    def __rsub__(self, other: Interval | float) -> Interval:
        return _iv(other) - self

    def __neg__(self) -> Interval:
        return Interval(-self.high, -self.low)

    def __mul__(self, other: Interval | float) -> Interval:
        o = _iv(other)
        products = (self.low * o.low, self.low * o.high, self.high * o.low, self.high * o.high)
        return Interval(min(products), max(products))

    __rmul__ = __mul__

    def __truediv__(self, other: Interval | float) -> Interval:
        o = _iv(other)
        if o.low <= 0 <= o.high:
            if o.low == 0 == o.high:
                raise ZeroDivisionError("interval division by zero")
            # divisor straddles zero: the quotient is unbounded
            return Interval(-math.inf, math.inf)
        # divide directly (not via 1/x): 1/x overflows for tiny divisors
        quotients = (self.low / o.low, self.low / o.high, self.high / o.low, self.high / o.high)
        return Interval(min(quotients), max(quotients))

    def __rtruediv__(self, other: Interval | float) -> Interval:
        return _iv(other) / self

    # relations ----------------------------------------------------------
    def intersects(self, other: Interval, slack: float = 0.0) -> bool:
        """True when the intervals share a point (``slack`` widens both, for tolerances)."""
        return self.low - slack <= other.high and other.low - slack <= self.high

    def contains(self, value: float) -> bool:
        return self.low <= value <= self.high

    def widen(self, absolute: float = 0.0, relative: float = 0.0) -> Interval:
        pad = absolute + relative * max(abs(self.low), abs(self.high))
        return Interval(self.low - pad, self.high + pad)

    def hull(self, other: Interval) -> Interval:
        return Interval(min(self.low, other.low), max(self.high, other.high))

    @property
    def mid(self) -> float:
        if math.isinf(self.low) or math.isinf(self.high):
            return math.nan
        return (self.low + self.high) / 2

    @property
    def width(self) -> float:
        return self.high - self.low


def _iv(x: Interval | float) -> Interval:
    return x if isinstance(x, Interval) else Interval(float(x), float(x))


# judging a stated figure --------------------------------------------------

Verdict = Literal["holds", "truncated", "fails"]


@dataclass(frozen=True, slots=True)
class Tolerance:
    """Extra slack a rule or the settings allow on top of printed precision.

    ``absolute`` is in the stated figure's base units (0.001 = 0.1 percentage
    point for a percent); ``relative`` is a fraction of the stated magnitude.
    Both default to zero: the printed precision alone decides.
    """

    absolute: float = 0.0
    relative: float = 0.0

    def apply(self, interval: Interval) -> Interval:
        if not self.absolute and not self.relative:
            return interval
        return interval.widen(self.absolute, self.relative)


def truncated(value: float, decimals: int, scale: float = 1.0) -> Interval:
    """Values an author who cut digits off (toward zero) would print as ``value``.

    ``value`` is in base units (``value / scale`` is the printed figure).
    """
    printed = value / scale if scale else value
    return Interval.printed(round(printed, max(decimals, 0) + 6), decimals, scale, "truncate")


def judge(
    computed: Interval,
    stated: Interval,
    *,
    stated_truncated: Interval | None = None,
    tolerance: Tolerance = Tolerance(),
    mode: RoundingMode = "round",
) -> Verdict:
    """Does the stated figure agree with what its inputs imply?

    ``holds`` when the computed interval meets the stated one (rounding reading);
    ``truncated`` when it only meets the interval of a truncating author (an
    info-level note, not an error); ``fails`` otherwise. With ``mode="truncate"``
    the settings say authors truncate, so the truncation reading also holds.
    """
    if computed.intersects(tolerance.apply(stated)):
        return "holds"
    if stated_truncated is not None and computed.intersects(tolerance.apply(stated_truncated)):
        return "holds" if mode == "truncate" else "truncated"
    return "fails"


def distance(computed: Interval, stated: Interval) -> float:
    """Gap between two intervals (0 when they meet): how far off a stated figure is."""
    if computed.intersects(stated):
        return 0.0
    return max(stated.low - computed.high, computed.low - stated.high)


def interval_sum(values: Sequence[Interval]) -> Interval:
    """The sum of printed figures: every value each could stand for, added."""
    out = Interval.point(0.0)
    for v in values:
        out = out + v
    return out
