"""The safe expression grammar: parsing, interval evaluation, and refusing anything else."""

from __future__ import annotations

import pytest

from vetlint.expr import ExprError, Expression, tokenize
from vetlint.intervals import Interval


def test_precedence_and_unary_minus() -> None:
    assert Expression.parse("1 + 2 * 3").evaluate({}) == Interval.point(7)
    assert Expression.parse("(1 + 2) * 3").evaluate({}) == Interval.point(9)
    assert Expression.parse("-2 - -3").evaluate({}) == Interval.point(1)
    assert Expression.parse("10 / 4 / 5").evaluate({}) == Interval.point(0.5)


def test_names_carry_intervals() -> None:
    expr = Expression.parse("students / teachers")
    assert expr.names == {"students", "teachers"}
    value = expr.evaluate({"students": Interval(27781.5, 27782.5), "teachers": 1712})
    assert isinstance(value, Interval)
    assert value.contains(27782 / 1712)
    assert value.width > 0


def test_chinese_names_and_functions() -> None:
    expr = Expression.parse("abs(新 - 旧) + max(1, 2) + min(3, 4)")
    assert expr.evaluate({"新": 3, "旧": 5}) == Interval.point(7)
    assert Expression.parse("abs(x)").evaluate({"x": Interval(-1, 2)}) == Interval(0, 2)


def test_comparisons_ask_whether_the_relation_can_hold() -> None:
    expr = Expression.parse("a + b == c")
    assert expr.is_comparison
    assert expr.evaluate({"a": Interval(1, 2), "b": 1, "c": 2.5}) is True
    assert expr.evaluate({"a": 1, "b": 1, "c": 3}) is False
    assert Expression.parse("a <= 5").evaluate({"a": Interval(4, 6)}) is True
    assert Expression.parse("a > 5").evaluate({"a": Interval(1, 2)}) is False


@pytest.mark.parametrize(
    "text",
    [
        "__import__('os').system('ls')",
        "a.b",
        "open('x')",
        "lambda: 1",
        "a ** 2",
        "1 +",
        "(1 + 2",
        "1 2",
        "x[0]",
    ],
)
def test_anything_but_arithmetic_is_refused(text: str) -> None:
    with pytest.raises(ExprError):
        Expression.parse(text)


def test_limits_and_missing_names() -> None:
    with pytest.raises(ExprError, match="longer"):
        tokenize("1+" * 300 + "1")
    with pytest.raises(ExprError, match="deeply"):
        Expression.parse("(" * 60 + "1" + ")" * 60)
    with pytest.raises(ExprError, match="no value for 'b'"):
        Expression.parse("a + b").evaluate({"a": 1})
    with pytest.raises(ExprError, match="division by zero"):
        Expression.parse("a / 0").evaluate({"a": 1})
    with pytest.raises(ExprError, match=r"expected .\)."):  # a comparison is not a value
        Expression.parse("(a == b) + 1")
