"""Growth and change cells in tables, against the two figures they compare.

Finds the derived cells and their bases in the three layouts reports use:
years in columns with the change in a later column (表1-5, 表1-6), years in
rows with a change row below them (表1-3 ``增幅``), and one change column per
group with years in rows (表1-1 ``公办 / 增幅``). Then judges each cell by what
it prints: a percent next to counts or amounts is relative growth; a percent
next to percents is either a percentage-point difference (how Chinese reports
often print it) or relative growth — whichever the numbers support, and the
check says which; a plain number is an absolute change; ``0.04 : 1`` is the
change of a ratio; 升高/降低/持平 must match the sign of the change.
"""

from __future__ import annotations

from collections import Counter
from collections.abc import Callable
from dataclasses import dataclass, replace

from vetlint.checks import Check
from vetlint.engine import fmt
from vetlint.engine.context import Context, make_check, words
from vetlint.engine.grid import Grid, first_term, interval, matches, truncated_interval
from vetlint.engine.kinds import KindSpec
from vetlint.engine.packs import Rule
from vetlint.intervals import Interval, Verdict, distance, judge
from vetlint.numbers import Number

GROWTH_WORDS = [
    "增长率",
    "增幅",
    "增长",
    "增减",
    "同比",
    "变化",
    "变动",
    "% change",
    "$ change",
    "change",
    "growth",
]
RISING = ["升高", "提高", "增加", "上升", "增长", "上涨", "提升"]
FALLING = ["降低", "下降", "减少", "下滑", "回落"]
FLAT = ["持平", "不变", "无变化", "相同"]

READINGS = {
    "relative": {"zh": "增长率", "en": "growth"},
    "points": {"zh": "百分点变化", "en": "percentage-point change"},
    "absolute": {"zh": "变化量", "en": "change"},
    "ratio": {"zh": "比值变化", "en": "change of the ratio"},
    "direction": {"zh": "变化方向", "en": "direction of change"},
}
READING_NOTES = {
    "relative": {"zh": "按相对增长率计算", "en": "read as relative growth"},
    "points": {
        "zh": "按百分点差计算（报告用 % 表示百分点）",
        "en": "read as a percentage-point difference (the report writes points with %)",
    },
    "absolute": {"zh": "按差值计算", "en": "read as an absolute difference"},
    "ratio": {
        "zh": "按比值前项之差计算",
        "en": "read as the difference of the ratio's first terms",
    },
    "direction": {"zh": "按变化方向判断", "en": "judged by the direction of change"},
    "points_stated": {"zh": "按百分点差计算", "en": "read as a percentage-point difference"},
}

PARAMS = {
    "type": "map",
    "keys": {
        "words": {"type": "strlist"},
        "exclude": {"type": "strlist"},
        "rising": {"type": "strlist"},
        "falling": {"type": "strlist"},
        "flat": {"type": "strlist"},
        "abs_tolerance": {"type": "number", "minimum": 0},
        "rel_tolerance": {"type": "number", "minimum": 0},
    },
}


@dataclass(frozen=True, slots=True)
class Triple:
    """A stated change cell and the old/new cells it compares."""

    stated: tuple[int, int]
    old: tuple[int, int]
    new: tuple[int, int]


def find_triples(grid: Grid, growth: list[str], exclude: list[str]) -> list[Triple]:
    """Every (change cell, old cell, new cell) the table layout implies."""
    out: list[Triple] = []
    is_growth_col = [
        c >= grid.label_cols
        and matches(grid.col_label(c), growth)
        and not matches(grid.col_label(c), exclude)
        for c in range(grid.n_cols)
    ]
    year_cols = [
        c for c in range(grid.n_cols) if not is_growth_col[c] and grid.col_year(c) is not None
    ]
    for c in range(grid.n_cols):
        if not is_growth_col[c]:
            continue
        # layout 1: years in columns, change in a later column
        before = [y for y in year_cols if y < c]
        same_group = [y for y in before if grid.group(y) == grid.group(c)]
        cols = same_group if len(same_group) >= 2 else before
        if len(cols) >= 2:
            old_c, new_c = sorted(cols[-2:], key=lambda y: grid.col_year(y) or 0)
            for r in range(grid.n_rows):
                if grid.text(r, c):
                    out.append(Triple((r, c), (r, old_c), (r, new_c)))
            continue
        # layout 2: years in rows, a value column beside the change column
        years = [(grid.row_year(r), r) for r in range(grid.n_rows)]
        pairs: list[tuple[int, int]] = []  # (change row, previous-year row)
        for r in range(grid.n_rows):
            y = years[r][0]
            if y is None or not grid.text(r, c):
                continue
            prev = [(yy, rr) for yy, rr in years[:r] if yy is not None and yy < y]
            if prev:
                pairs.append((r, prev[-1][1]))
        value_c = _value_column(grid, c, is_growth_col, pairs)
        if value_c is not None:
            out.extend(Triple((r, c), (rp, value_c), (r, value_c)) for r, rp in pairs)
    # layout 3: a change row below rows labelled with years
    for r in range(grid.n_rows):
        label = grid.row_label(r)
        if not matches(label, growth) or matches(label, exclude) or grid.row_year(r) is not None:
            continue
        year_rows = [(grid.row_year(rr), rr) for rr in range(r) if grid.row_year(rr) is not None]
        if len(year_rows) < 2:
            continue
        (_, old_r), (_, new_r) = sorted(year_rows[-2:])
        for c in range(grid.label_cols, grid.n_cols):
            if grid.text(r, c) and c not in grid.serial_cols:
                out.append(Triple((r, c), (old_r, c), (new_r, c)))
    return out


def _value_column(
    grid: Grid, c: int, is_growth_col: list[bool], pairs: list[tuple[int, int]]
) -> int | None:
    """The figure column a per-row change column describes.

    Its own group's column when the header says so (``公办 / 学校数量`` for
    ``公办 / 增幅``); otherwise the column to the left whose figures the changes
    fit best (the nearest one when none fits, so that a wrong change still shows).
    """
    group = grid.group(c)
    candidates = [
        cc
        for cc in range(grid.label_cols, grid.n_cols)
        if cc != c and not is_growth_col[cc] and grid.numeric_col(cc) and grid.group(cc) == group
    ]
    if group and candidates:
        return min(candidates, key=lambda cc: abs(cc - c))
    left = sorted((cc for cc in candidates if cc < c), reverse=True)
    if not left:
        return None

    def fits(cc: int) -> int:
        n = 0
        for r, rp in pairs:
            stated, old, new = grid.num(r, c), grid.num(rp, cc), grid.num(r, cc)
            if stated is None or old is None or new is None:
                continue
            readings = _readings(stated, old, new, grid.iv(rp, cc), grid.iv(r, cc))
            if any(
                judge(iv, grid.iv(r, c), stated_truncated=grid.truncated_iv(r, c)) != "fails"
                for _, iv in readings
            ):
                n += 1
        return n

    return max(left, key=lambda cc: (fits(cc), -abs(cc - c)))


def _worded_change(text: str, rule: Rule) -> Number | None:
    """``提高1.2个百分点`` / ``下降5%``: the one number of the cell, signed by its word."""
    from vetlint.numbers import find_numbers

    direction = _direction(text, rule)
    found = find_numbers(text) if direction in ("up", "down") else []
    if len(found) != 1:
        return None
    n = found[0]
    if direction == "down" and n.value > 0:
        n = replace(n, value=-n.value, low=-n.high, high=-n.low)
    return n


OPPOSITE = {
    "提高": "下降",
    "增加": "减少",
    "上升": "下降",
    "增长": "下降",
    "升高": "降低",
    "提升": "下降",
    "上涨": "下降",
    "下降": "提高",
    "减少": "增加",
    "降低": "升高",
    "下滑": "上升",
    "回落": "上升",
}


def _worded_expected(text: str, stated: Number, value: float) -> str:
    """``下降1.2个百分点`` with the value (and, if the sign differs, the word) corrected."""
    factor = fmt.print_factor(stated.text, abs(stated.value), default=1.0)
    out = fmt.restyle(text, abs(value), factor)
    if value * stated.value < 0:
        for word in sorted(OPPOSITE, key=len, reverse=True):
            if word in out:
                return out.replace(word, OPPOSITE[word], 1)
    return out


def _direction(text: str, rule: Rule) -> str | None:
    if matches(text, words(rule, "flat", FLAT)):
        return "flat"
    if matches(text, words(rule, "falling", FALLING)):
        return "down"
    if matches(text, words(rule, "rising", RISING)):
        return "up"
    return None


def _relative(a: Interval, b: Interval) -> Interval:
    """(new − old) ÷ |old|: a loss that deepens from (179) to (194) is −8.4%."""
    if a.high < 0:
        return (b - a) / (-a)
    return b / a - 1


def _readings(
    stated: Number, old: Number, new: Number, a: Interval, b: Interval
) -> list[tuple[str, Interval]]:
    """Candidate computations for a stated change, most likely first."""
    if stated.kind == "ratio" or (stated.terms and len(stated.terms) == 2):
        ta, tb = first_term(old), first_term(new)
        if ta and tb:
            return [("ratio", tb[1] - ta[1])]
        return []
    if stated.kind in ("percent", "points", "permille"):
        if old.kind == "ratio" and new.kind == "ratio":
            ta, tb = first_term(old), first_term(new)
            if ta and tb and ta[0] != 0:
                return [("relative", tb[1] / ta[1] - 1)]
            return []
        out: list[tuple[str, Interval]] = []
        if old.kind in ("percent", "permille") and new.kind in ("percent", "permille"):
            out.append(("points", b - a))
        if stated.kind != "points" and old.value != 0 and not (a.low <= 0 <= a.high):
            out.append(("relative", _relative(a, b)))
        return out
    if stated.kind == "quantity" and old.kind == new.kind:
        return [("absolute", b - a)]
    return []


def _relation(
    name: str, grid: Grid, t: Triple
) -> tuple[Callable[[list[Interval]], Interval] | None, list[Interval] | None]:
    """How a reading computes the change from (old, new), for blaming an input."""
    if name == "relative":
        return (lambda v: _relative(v[0], v[1])), [grid.iv(*t.old), grid.iv(*t.new)]
    if name in ("points", "absolute"):
        return (lambda v: v[1] - v[0]), [grid.iv(*t.old), grid.iv(*t.new)]
    return None, None


def _judge_change(
    ctx: Context, rule: Rule, grid: Grid, t: Triple, prefer: str | None = None
) -> Check | None:
    old, new = grid.num(*t.old), grid.num(*t.new)
    if old is None or new is None:
        return None
    stated_fig = grid.figure(*t.stated)
    inputs = [grid.figure(*t.old), grid.figure(*t.new)]
    label = (
        grid.row_label(t.stated[0])
        if t.stated[1] >= grid.label_cols
        else grid.col_label(t.stated[1])
    )
    if t.old[0] != t.new[0]:  # years in rows: the column says what changed
        label = grid.col_label(t.stated[1])
    stated_fig.label = label
    location = grid.location(*t.stated)
    stated = grid.num(*t.stated)
    stated_iv_override: Interval | None = None
    if stated is None:
        stated = _worded_change(grid.text(*t.stated), rule)
        if stated is not None:
            stated_iv_override = interval(stated)
    if stated is None:
        direction = _direction(grid.text(*t.stated), rule)
        if direction is None:
            return None
        ta, tb = first_term(old), first_term(new)
        diff = (tb[1] - ta[1]) if ta and tb else grid.iv(*t.new) - grid.iv(*t.old)
        holds = {
            "up": diff.high > 0,
            "down": diff.low < 0,
            "flat": diff.low <= 0 <= diff.high,
        }[direction]
        if diff.low > 0:
            want = {"zh": "升高", "en": "up"}
        elif diff.high < 0:
            want = {"zh": "降低", "en": "down"}
        else:
            want = {"zh": "持平", "en": "flat"}
        return make_check(
            ctx,
            rule,
            verdict="holds" if holds else "fails",
            location=location,
            stated=stated_fig,
            computed=diff,
            inputs=inputs,
            values={
                "quantity": READINGS["direction"],
                "reading": READING_NOTES["direction"],
                "expected": want,
            },
            expected_override=want["zh"],
        )
    readings = _readings(stated, old, new, grid.iv(*t.old), grid.iv(*t.new))
    if prefer is not None and any(name == prefer for name, _ in readings):
        readings = [(name, iv) for name, iv in readings if name == prefer]
    if not readings:
        return None
    tol = ctx.tolerance(rule)
    if stated_iv_override is not None:
        stated_iv, trunc = stated_iv_override, truncated_interval(stated)
    else:
        stated_iv, trunc = grid.iv(*t.stated), grid.truncated_iv(*t.stated)
    if stated.kind == "ratio" or (stated.terms and len(stated.terms) == 2):
        term = first_term(stated)
        if term is None:
            return None
        stated_iv = term[1]
        width = stated_iv.width
        trunc = (
            Interval(term[0], term[0] + width)
            if term[0] >= 0
            else Interval(term[0] - width, term[0])
        )
    best: tuple[str, Interval, Verdict] | None = None
    for name, computed in readings:
        verdict = judge(
            computed, stated_iv, stated_truncated=trunc, tolerance=tol, mode=ctx.settings.rounding
        )
        if verdict == "holds":
            best = (name, computed, verdict)
            break
        if (
            (verdict == "truncated" and (best is None or best[2] == "fails"))
            or best is None
            or (best[2] == "fails" and distance(computed, stated_iv) < distance(best[1], stated_iv))
        ):
            best = (name, computed, verdict)
    assert best is not None
    name, computed, verdict = best
    factor = None
    if name == "ratio":
        factor = 1.0
    relation, ivs = _relation(name, grid, t)
    values: dict[str, object] = {
        "quantity": READINGS[name],
        "reading": READING_NOTES["points_stated" if stated.kind == "points" else name],
    }
    override = None
    if stated_iv_override is not None:  # 提高1.2个百分点: say it the same way
        override = _worded_expected(grid.text(*t.stated), stated, computed.mid)
        values["expected"] = override
        if computed.mid * stated.value < 0:
            values["diagnosis"] = {"zh": "变化方向写反了", "en": "the direction is wrong"}
        else:
            values["diagnosis"] = {"zh": "数值不符", "en": "the figure does not match"}
    check = make_check(
        ctx,
        rule,
        verdict=verdict,
        location=location,
        stated=stated_fig,
        computed=computed,
        inputs=inputs,
        values=values,  # type: ignore[arg-type]
        factor=factor,
        expected_override=override,
        relation=relation,
        input_ivs=ivs,
    )
    check.extra["reading"] = name
    return check


def _line(t: Triple) -> tuple[str, int]:
    """The column (or row) of change cells a triple belongs to."""
    return ("col", t.stated[1]) if t.old[0] == t.new[0] else ("row", t.stated[0])


def preferred_readings(
    ctx: Context, rule: Rule, grid: Grid, triples: list[Triple]
) -> dict[tuple[str, int], str]:
    """Per change column: the reading (points or relative) its unambiguous cells use.

    A column of changes is written one way; when some cells fit only the
    percentage-point reading, the ambiguous or wrong cells of that column are
    judged as points too (and the other way round).
    """
    votes: dict[tuple[str, int], Counter[str]] = {}
    for t in triples:
        stated, old, new = grid.num(*t.stated), grid.num(*t.old), grid.num(*t.new)
        if stated is None or old is None or new is None:
            continue
        readings = _readings(stated, old, new, grid.iv(*t.old), grid.iv(*t.new))
        if len(readings) < 2:
            continue
        holding = [
            name
            for name, computed in readings
            if judge(computed, grid.iv(*t.stated), stated_truncated=grid.truncated_iv(*t.stated))
            != "fails"
        ]
        if len(holding) == 1:
            votes.setdefault(_line(t), Counter())[holding[0]] += 1
    out: dict[tuple[str, int], str] = {}
    for line, counter in votes.items():
        (top, n), *rest = counter.most_common()
        if not rest or rest[0][1] < n:
            out[line] = top
    return out


def run(ctx: Context, rule: Rule) -> list[Check]:
    growth = words(rule, "words", GROWTH_WORDS)
    exclude = words(rule, "exclude", [])
    out: list[Check] = []
    for grid in ctx.grids():
        seen: set[tuple[int, int]] = set()
        triples = find_triples(grid, growth, exclude)
        prefer = preferred_readings(ctx, rule, grid, triples)
        for t in triples:
            if t.stated in seen:
                continue
            check = _judge_change(ctx, rule, grid, t, prefer.get(_line(t)))
            if check is not None:
                seen.add(t.stated)
                out.append(check)
    return out


SPEC = KindSpec(
    name="table-growth",
    summary="growth/change cells of a table against the two figures they compare",
    params=PARAMS,
    run=run,
)
