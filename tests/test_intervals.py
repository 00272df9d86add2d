"""Interval arithmetic: printed precision, + − × ÷, truncation and tolerances."""

from __future__ import annotations

import math

import pytest
from hypothesis import assume, given, settings
from hypothesis import strategies as st

from vetlint.intervals import Interval, Tolerance, distance, judge, truncated


def test_printed_rounding_and_truncation() -> None:
    iv = Interval.printed(5.3, 1, 10_000)
    assert iv.low == pytest.approx(52_500) and iv.high == pytest.approx(53_500)
    t = Interval.printed(6.1, 1, mode="truncate")
    assert (t.low, t.high) == pytest.approx((6.1, 6.2))
    neg = Interval.printed(-6.1, 1, mode="truncate")
    assert (neg.low, neg.high) == pytest.approx((-6.2, -6.1))


def test_truncated_helper_uses_base_units() -> None:
    iv = truncated(0.055, 1, 0.01)  # 5.5% printed by an author who truncated
    assert iv.contains(0.05556) and not iv.contains(0.0549)


def test_judge_round_truncate_fail() -> None:
    growth = Interval.point(19 / 18 - 1)  # 5.56 %
    stated = Interval.printed(5.5, 1, 0.01)
    assert judge(growth, stated) == "fails"
    trunc = truncated(0.055, 1, 0.01)
    assert judge(growth, stated, stated_truncated=trunc) == "truncated"
    assert judge(growth, stated, stated_truncated=trunc, mode="truncate") == "holds"
    assert judge(growth, Interval.printed(5.6, 1, 0.01)) == "holds"


def test_tolerance_widens_only_when_asked() -> None:
    stated = Interval.printed(100, 0)
    computed = Interval.point(101.2)
    assert judge(computed, stated) == "fails"
    assert judge(computed, stated, tolerance=Tolerance(absolute=1.0)) == "holds"
    assert judge(computed, stated, tolerance=Tolerance(relative=0.01)) == "holds"
    assert distance(computed, stated) == pytest.approx(0.7)


def test_division_by_interval_straddling_zero_is_unbounded() -> None:
    q = Interval(1, 2) / Interval(-1, 1)
    assert math.isinf(q.low) and math.isinf(q.high)
    with pytest.raises(ZeroDivisionError):
        Interval(1, 2) / Interval(0, 0)


finite = st.floats(min_value=-1e6, max_value=1e6, allow_nan=False, allow_infinity=False)
widths = st.floats(min_value=0, max_value=1e3, allow_nan=False)
fractions = st.floats(min_value=0, max_value=1)


@st.composite
def interval_and_point(draw: st.DrawFn) -> tuple[Interval, float]:
    low = draw(finite)
    iv = Interval(low, low + draw(widths))
    point = iv.low + draw(fractions) * (iv.high - iv.low)
    return iv, min(max(point, iv.low), iv.high)


def _inside(iv: Interval, x: float) -> bool:
    slack = 1e-9 * max(1.0, abs(x))
    return iv.low - slack <= x <= iv.high + slack


@settings(max_examples=300, deadline=None)
@given(interval_and_point(), interval_and_point())
def test_add_sub_mul_contain_every_point_result(
    a: tuple[Interval, float], b: tuple[Interval, float]
) -> None:
    (ia, x), (ib, y) = a, b
    assert _inside(ia + ib, x + y)
    assert _inside(ia - ib, x - y)
    assert _inside(ia * ib, x * y)


@settings(max_examples=300, deadline=None)
@given(interval_and_point(), interval_and_point())
def test_div_contains_every_point_result(
    a: tuple[Interval, float], b: tuple[Interval, float]
) -> None:
    (ia, x), (ib, y) = a, b
    assume(ib.low >= 1e-6 or ib.high <= -1e-6 or ib.low <= 0 <= ib.high)  # no overflow to inf
    if ib.low <= 0 <= ib.high:
        q = ia / ib if not (ib.low == 0 == ib.high) else None
        if q is not None:
            assert math.isinf(q.low) and math.isinf(q.high)
        return
    assert _inside(ia / ib, x / y)


@settings(max_examples=200, deadline=None)
@given(st.integers(min_value=-(10**6), max_value=10**6), st.integers(min_value=0, max_value=4))
def test_printed_interval_contains_every_value_that_prints_the_same(
    units: int, decimals: int
) -> None:
    value = units / 10**decimals
    iv = Interval.printed(value, decimals)
    for probe in (value - 0.49 / 10**decimals, value, value + 0.49 / 10**decimals):
        assert iv.contains(probe)
        assert round(probe, decimals) == pytest.approx(value)
