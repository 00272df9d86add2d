"""The one figure type: every number of a report as the checks see it.

A table cell, a number in a sentence, a chart value, a caption's count: each becomes one
``Figure`` that carries the number as printed (value and interval in base units, unit,
qualifier), what it measures (``indicator``: a lexicon id where one matches, else its label),
whose figure it is (``scope``), when (``period``), its unit family (``dim``), what it does in
its sentence or table (``role``) and where it is. Two figures state the same quantity when
their ``key``s agree; checks compare, sum and divide figures and never read text again.

Figures are also what a check reports (``Check.stated``, ``Check.inputs``): ``to_dict`` gives
the output contract's fields.
"""

from __future__ import annotations

from dataclasses import dataclass, field, replace
from typing import Any, Literal

from vetlint.document import Location
from vetlint.intervals import Interval
from vetlint.numbers import Number

Source = Literal["prose", "table", "chart", "caption", "note", "check"]
Role = Literal[
    "level",  # a figure of its own: 在校生3415人
    "change",  # a difference from another period: 比上年增加117人
    "growth",  # a relative change: 增长3.5%
    "points",  # a change in percentage points: 提高0.6个百分点
    "previous",  # last period's figure printed for comparison: 比上年（3298人）
    "share",  # a part over a whole: 占全省的15.3%
    "rate",  # a defined rate: 就业率96.3%
    "ratio",  # n to one: 生师比18.1:1
    "per_capita",  # per head: 生均5,587元
    "standard",  # an amount per person or a threshold: 每生每年2000元, ≥20
    "times",  # a multiple of another period: 为上年的120.6%
    "count",  # a count of listed items: 开设8个专业
]
Span = Literal["year", "cumulative", "date"]


@dataclass(frozen=True, slots=True)
class Period:
    """When a figure holds: a year (or 学年/届 as a year span), over several years, or at a date.

    ``year`` is ``"2022"`` or ``"2022-2023"``; None when the report never says. ``span`` is
    ``cumulative`` for 累计/先后/近三年 figures and ``date`` for a figure at a day of the year
    (``8月31日的初次统计``), whose ``date`` says which.
    """

    year: str | None = None
    span: Span = "year"
    date: str | None = None

    def key(self) -> tuple[str | None, str, str | None]:
        return (self.year, self.span, self.date)

    def label(self) -> str:
        if self.year is None:
            return "?"
        text = self.year
        if self.span == "cumulative":
            text += " 累计"
        elif self.date:
            text += f" {self.date}"
        return text


@dataclass(frozen=True, slots=True)
class Scope:
    """Whose figure it is.

    ``region`` is a named place other than the report's own area (澜州市 in a province's
    report); ``institution`` a named school or college other than the report's own subject;
    ``sector`` a sector of education other than the report's own (高职 in a 中职 report;
    高中阶段, 技工, the whole 教育 budget); ``qualifiers`` narrow the population (公办, 民办,
    男, 省内, 含技工). The empty scope is the report's own: the whole area, institution and
    sector it covers.
    """

    region: str | None = None
    institution: str | None = None
    sector: str | None = None
    qualifiers: tuple[str, ...] = ()

    def key(self) -> tuple[Any, ...]:
        return (self.region, self.institution, self.sector, tuple(sorted(self.qualifiers)))

    @property
    def is_whole(self) -> bool:
        return self.region is None and self.institution is None and not self.qualifiers

    def label(self) -> str:
        parts = [p for p in (self.region, self.institution, self.sector) if p]
        parts += list(self.qualifiers)
        return " ".join(parts) or "全部"


@dataclass(frozen=True, slots=True)
class CellRef:
    """A figure's place in a table: the table's index in the analysis, body row and column (0-based)."""

    table: int
    row: int
    col: int


@dataclass(frozen=True, slots=True)
class Figure:
    """One number of the report, read once (see the module docstring)."""

    id: int
    number: Number
    text: str
    label: str
    indicator: str
    dim: str
    role: Role
    scope: Scope
    period: Period
    source: Source
    location: Location
    block: int = -1
    sentence: int | None = None
    start: int = 0  # offsets in the paragraph's text (prose)
    end: int = 0
    depth: int = 0  # parentheses around it (prose)
    cell: CellRef | None = None
    exact: bool = False  # a whole count: its interval is a point
    base: str | None = None  # the whole a share names (占专任教师的 → 专任教师)
    after: str = ""  # the noun after the unit (8个专业 → 专业)
    notes: tuple[str, ...] = field(default=())

    # --- numbers -------------------------------------------------------------------------
    @property
    def value(self) -> float:
        return self.number.value

    @property
    def low(self) -> float:
        return self.number.low

    @property
    def high(self) -> float:
        return self.number.high

    @property
    def kind(self) -> str:
        return self.number.kind

    @property
    def unit(self) -> str | None:
        return self.number.unit

    @property
    def qualifier(self) -> str | None:
        return self.number.qualifier

    @property
    def interval(self) -> Interval:
        """A whole count is exact; anything else stands for its printed precision."""
        if self.exact:
            return Interval.point(self.number.value)
        return Interval(self.number.low, self.number.high)

    @property
    def truncated_interval(self) -> Interval | None:
        """The interval if the author truncated instead of rounding (never for exact counts)."""
        n = self.number
        if self.exact or n.qualifier is not None or n.high <= n.low:
            return None
        ulp = n.high - n.low
        return Interval(n.value, n.value + ulp) if n.value >= 0 else Interval(n.value - ulp, n.value)

    @property
    def approximate(self) -> bool:
        return self.number.qualifier is not None

    # --- identity ------------------------------------------------------------------------
    def key(self) -> tuple[Any, ...]:
        """Same key, same quantity: indicator, scope, period and unit family."""
        return (self.indicator, self.scope.key(), self.period.key(), self.dim)

    def with_label(self, label: str | None) -> Figure:
        """The same figure shown under another label (a check's own wording); itself when
        the label is its own (figures are immutable: nothing to copy)."""
        label = label or self.label
        return self if label == self.label else replace(self, label=label)

    # --- output --------------------------------------------------------------------------
    def to_dict(self, *, full: bool = True) -> dict[str, Any]:
        """The output contract's figure: text, value (and interval), label, location."""
        d: dict[str, Any] = {"text": self.text, "value": self.value}
        if full:
            d["low"] = self.low
            d["high"] = self.high
        if self.label:
            d["label"] = self.label
        d["location"] = self.location.to_dict()
        return d

    def describe(self) -> dict[str, Any]:
        """Everything extraction read (``vetlint extract``)."""
        n = self.number
        return {
            "id": self.id,
            "text": self.text,
            "value": n.value,
            "low": n.low,
            "high": n.high,
            "unit": n.unit,
            "dim": self.dim,
            "kind": n.kind,
            "qualifier": n.qualifier,
            "exact": self.exact,
            "label": self.label,
            "indicator": self.indicator,
            "role": self.role,
            "scope": {
                "region": self.scope.region,
                "institution": self.scope.institution,
                "sector": self.scope.sector,
                "qualifiers": list(self.scope.qualifiers),
            },
            "period": self.period.year,
            "span": self.period.span,
            "date": self.period.date,
            "source": self.source,
            "base": self.base,
            "table": self.location.table,
            "row": self.cell.row if self.cell else None,
            "col": self.cell.col if self.cell else None,
            "location": self.location.to_dict(),
        }


def dim_of(number: Number) -> str:
    """The unit family that decides which figures can be added or compared.

    Percentages are ``percent``, points ``points``, ratios ``ratio``; counts and amounts their
    canonical unit (``person``, ``person_time``, ``yuan``, ``school`` …); a bare number
    ``number``.
    """
    if number.kind in ("percent", "permille"):
        return "percent"
    if number.kind == "points":
        return "points"
    if number.kind == "ratio":
        return "ratio"
    return number.unit or "number"
