"""The figure a ``较上年增加d`` compares with, when the sentence does not print it.

``具有研究生及以上学历的专任教师801人，较上一年减少了364人`` states a change but
not last year's figure; 表1-6 prints both years of 研究生及以上学历专任教师数.
The table row is the same indicator when its label says the same thing and
its cell of the current year is the figure the sentence states: then the
previous year's cell of that row is the figure the change is against. A
sentence that names its years (``比2018年提高``) picks that year's cell.

Not a kind itself (no ``SPEC``): a helper module for ``prose_change``.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

from vetlint.checks import Figure
from vetlint.engine.context import Context
from vetlint.engine.grid import Grid
from vetlint.engine.kinds.prose_common import (
    Analysis,
    ProsePara,
    cell_number,
    eligible_mentions,
    interval,
)
from vetlint.extract.legacy_relations import Mention, period_at, scope_at
from vetlint.intervals import Interval

_PARENS = re.compile(r"[（(][^）)]*[）)]")
_NOISE = re.compile(r"[\s“”\"‘’'、]")
_HEAD = re.compile(
    r"^(截至|截止)?(20\d\d年(底|末|度)?)?([\u4e00-\u9fff]{2,3}市|全市|我市|全省|全区|全县)?"
    r"(中等职业学校|中职学校|中等职业教育|中职|各类)*(共有|现有|共|有|具有|具备)?"
)
_TAIL = re.compile(r"(总人数|总数|人数|数量|数|为|达到|达|约|共|有)+$")
_EXPLICIT = re.compile(r"(较|比|与)(20\d\d)年")


def core_label(label: str) -> str:
    """What a label counts, without years, scope, 的 and 人数: for comparing two labels."""
    s = _NOISE.sub("", _PARENS.sub("", label))
    s = _HEAD.sub("", s, count=1).replace("的", "")
    return _TAIL.sub("", s)


@dataclass(frozen=True, slots=True)
class Prior:
    """Last period's figure of the changed indicator, and where it was found."""

    figure: Figure
    interval: Interval
    year: int
    near: bool = True  # a table row that states the current figure too, or the same paragraph


def explicit_year(clause: str) -> int | None:
    """``比2018年提高`` names the year compared with."""
    m = _EXPLICIT.search(clause)
    return int(m.group(2)) if m else None


Series = list[tuple[int, int, int]]  # (year, row, col) cells of one indicator


def _series(grid: Grid) -> dict[str, list[Series]]:
    """Each row (or column) with two or more year cells, by what its label counts."""
    out: dict[str, list[Series]] = {}
    for r in range(grid.n_rows):
        cells = [(y, r, c) for c in range(grid.label_cols, grid.n_cols)
                 if (y := grid.col_year(c)) and grid.num(r, c) is not None]
        if len(cells) >= 2:
            out.setdefault(core_label(grid.row_label(r)), []).append(cells)
    for c in range(grid.label_cols, grid.n_cols):
        cells = [(y, r, c) for r in range(grid.n_rows)
                 if (y := grid.row_year(r)) and grid.num(r, c) is not None]
        if len(cells) >= 2:
            out.setdefault(core_label(grid.leaf(c)), []).append(cells)
    return out


def _indexed(ctx: Context) -> list[tuple[Grid, dict[str, list[Series]]]]:
    """The year series of every table, built once per document."""

    def build() -> list[tuple[Grid, dict[str, list[Series]]]]:
        index = []
        for grid in ctx.grids():
            try:
                index.append((grid, _series(grid)))
            except Exception:  # an odd table shape: its cells are simply not offered
                continue
        return index

    return ctx.memo("prose_prior.series", build)


def _value(grid: Grid, r: int, c: int) -> Interval | None:
    n = cell_number(grid, r, c)
    return None if n is None else interval(n)


def prior_in_tables(
    ctx: Context, subject: Mention, *, period: int | None, compared: int | None
) -> Prior | None:
    """The table cell of the year before (or of ``compared``) in the row that states ``subject``."""
    key = core_label(subject.label)
    if len(key) < 2:
        return None
    current = interval(subject.number)
    for grid, series in _indexed(ctx):
        try:
            for cells in series.get(key, ()):
                by_year = {y: (r, c) for y, r, c in cells}
                now = [
                    (y, r, c) for y, r, c in cells
                    if (period is None or y == period)
                    and (iv := _value(grid, r, c)) is not None and iv.intersects(current)
                ]
                if len(now) != 1:
                    continue
                year = now[0][0]
                before = compared if compared is not None else year - 1
                if before >= year or before not in by_year:
                    continue
                r1, c1 = by_year[before]
                iv = _value(grid, r1, c1)
                if iv is None:
                    continue
                label = grid.row_label(r1) if grid.col_year(c1) else grid.leaf(c1)
                return Prior(grid.figure(r1, c1, f"{before}年 {label}"), iv, before)
        except Exception:  # an odd table shape: its cells are simply not offered
            continue
    return None


def prior_in_prose(
    analysis: Analysis, here: ProsePara, subject: Mention, *, period: int | None, compared: int | None
) -> Prior | None:
    """Last year's figure stated in a sentence that names that year (``2019年专任教师7480人``).

    Only when the changed sentence names its own year: 较上年 of an undated
    figure could mean any year.
    """
    if period is None:
        return None
    before = compared if compared is not None else period - 1
    key = core_label(subject.label)
    if len(key) < 2 or before >= period:
        return None
    scope = scope_at(here.para.text, subject.start)
    eligible = eligible_mentions(analysis)
    for p in [here, *(q for q in analysis.paras if q is not here)]:
        for m in eligible.get(p.index, ()):
            if m is subject or m.dim != subject.dim:
                continue
            if core_label(m.label) != key or period_at(p.para.text, m.start) != before:
                continue
            other = scope_at(p.para.text, m.start)
            if scope is not None and other is not None and other != scope:
                continue
            return Prior(p.figure(m), interval(m.number), before, p is here)
    return None
