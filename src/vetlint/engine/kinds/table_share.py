"""Share and contribution cells: part ÷ whole.

A share row (``贡献度``, ``奖牌总数贡献度``, ``占比``) is the ratio of the two
figure rows just above it, the smaller one over the larger one (competition
表3-6: 郑州市 ÷ 河南省). A share column (``占比``, ``比例``) is the figure
column to its left divided by that column's total row — or, with no total
row, by the column's sum, but only when some row agrees (otherwise the column
is a share of something the table does not show).
"""

from __future__ import annotations

from vetlint.checks import Check
from vetlint.engine.context import Context, make_check, words
from vetlint.engine.grid import Grid, matches
from vetlint.engine.kinds import KindSpec
from vetlint.engine.kinds.table_growth import GROWTH_WORDS
from vetlint.engine.kinds.table_total import TOTAL_WORDS
from vetlint.engine.packs import Rule
from vetlint.intervals import Interval, judge

SHARE_WORDS = ["贡献度", "占比", "比例", "比重", "份额", "share", "% of"]

PARAMS = {
    "type": "map",
    "keys": {
        "words": {"type": "strlist"},
        "exclude": {"type": "strlist"},
        "total_words": {"type": "strlist"},
        "axis": {"type": "str", "enum": ["rows", "columns", "both"]},
        "abs_tolerance": {"type": "number", "minimum": 0},
        "rel_tolerance": {"type": "number", "minimum": 0},
    },
}


def _judge(
    ctx: Context,
    rule: Rule,
    grid: Grid,
    cell: tuple[int, int],
    part: tuple[int, int],
    whole: Interval,
    whole_figs: list[tuple[int, int]],
) -> Check | None:
    stated = grid.num(*cell)
    p = grid.num(*part)
    if stated is None or p is None or stated.kind not in ("percent", "permille", "quantity"):
        return None
    if stated.kind == "quantity" and not (0 <= stated.value <= 1):
        return None
    if whole.low <= 0:
        return None
    computed = grid.iv(*part) / whole
    verdict = judge(
        computed,
        grid.iv(*cell),
        stated_truncated=grid.truncated_iv(*cell),
        tolerance=ctx.tolerance(rule),
        mode=ctx.settings.rounding,
    )
    trusted_whole = len(whole_figs) == 1
    return make_check(
        ctx,
        rule,
        relation=(lambda v: v[0] / v[1]) if trusted_whole else None,
        input_ivs=[grid.iv(*part), whole] if trusted_whole else None,
        verdict=verdict,
        location=grid.location(*cell),
        stated=grid.figure(*cell),
        computed=computed,
        inputs=[grid.figure(*part)] + [grid.figure(*w) for w in whole_figs],
        values={
            "quantity": {"zh": "占比", "en": "share"},
            "reading": {"zh": "部分 ÷ 整体", "en": "part ÷ whole"},
            "inputs": f"{grid.text(*part)} ÷ "
            + (" + ".join(grid.text(*w) for w in whole_figs) or f"{whole.mid:g}"),
        },
    )


def _share_rows(
    ctx: Context, rule: Rule, grid: Grid, share: list[str], exclude: list[str]
) -> list[Check]:
    out: list[Check] = []
    labels = [grid.row_label(r) for r in range(grid.n_rows)]
    for r in range(grid.n_rows):
        if not matches(labels[r], share) or matches(labels[r], exclude):
            continue
        above = [
            rr
            for rr in range(r - 1, -1, -1)
            if not matches(labels[rr], share)
            and not matches(labels[rr], GROWTH_WORDS)
            and any(
                grid.num(rr, c) is not None and grid.num(rr, c).kind == "quantity"
                for c in range(grid.label_cols, grid.n_cols)
            )  # type: ignore[union-attr]
        ][:2]
        if len(above) < 2:
            continue
        a, b = above[1], above[0]  # in reading order
        cols = [
            c
            for c in range(grid.label_cols, grid.n_cols)
            if grid.num(r, c) is not None and c not in grid.serial_cols
        ]
        pairs = [(grid.num(a, c), grid.num(b, c)) for c in cols]
        if any(x is None or y is None for x, y in pairs) or not pairs:
            continue
        if all(x.value <= y.value for x, y in pairs):  # type: ignore[union-attr]
            part_r, whole_r = a, b
        elif all(y.value <= x.value for x, y in pairs):  # type: ignore[union-attr]
            part_r, whole_r = b, a
        else:
            continue
        row_checks = [
            ch
            for c in cols
            if (
                ch := _judge(
                    ctx, rule, grid, (r, c), (part_r, c), grid.iv(whole_r, c), [(whole_r, c)]
                )
            )
        ]
        if len(row_checks) > 1 and not any(ch.passed for ch in row_checks):
            continue  # no column fits part ÷ whole: this row is some other rate
        out.extend(row_checks)
    return out


def _share_columns(
    ctx: Context, rule: Rule, grid: Grid, share: list[str], exclude: list[str]
) -> list[Check]:
    out: list[Check] = []
    total_words = words(rule, "total_words", TOTAL_WORDS)
    labels = [grid.row_label(r) for r in range(grid.n_rows)]
    totals = [r for r in range(grid.n_rows) if matches(labels[r], total_words)]
    for c in range(grid.label_cols, grid.n_cols):
        label = grid.col_label(c)
        if not matches(label, share) or matches(label, exclude) or not grid.numeric_col(c):
            continue
        if any((n := grid.num(r, c)) is not None and n.kind == "ratio" for r in range(grid.n_rows)):
            continue
        left = [
            cc
            for cc in range(grid.label_cols, c)
            if grid.numeric_col(cc)
            and not matches(grid.col_label(cc), share)
            and not matches(grid.col_label(cc), GROWTH_WORDS)
        ]
        if not left:
            continue
        num_c = left[-1]
        if len(totals) == 1 and grid.num(totals[0], num_c) is not None:
            whole_figs = [(totals[0], num_c)]
            whole = grid.iv(totals[0], num_c)
            trusted = True
        else:
            rows = [r for r in range(grid.n_rows) if grid.num(r, num_c) is not None]
            if len(rows) < 2 or totals:
                continue
            whole_figs = [(r, num_c) for r in rows]
            whole = Interval.point(0.0)
            for r in rows:
                whole = whole + grid.iv(r, num_c)
            trusted = False
        checks = [
            ch
            for r in range(grid.n_rows)
            if (
                ch := _judge(
                    ctx,
                    rule,
                    grid,
                    (r, c),
                    (r, num_c),
                    whole,
                    [w for w in whole_figs if w[0] != r][:1] if trusted else [],
                )
            )
            is not None
        ]
        if not trusted and not any(ch.passed for ch in checks):
            continue
        out.extend(checks)
    return out


def run(ctx: Context, rule: Rule) -> list[Check]:
    share = words(rule, "words", SHARE_WORDS)
    exclude = words(rule, "exclude", [])
    axis = rule.params.get("axis", "both")
    out: list[Check] = []
    for grid in ctx.grids():
        if axis in ("rows", "both"):
            out.extend(_share_rows(ctx, rule, grid, share, exclude))
        if axis in ("columns", "both"):
            out.extend(_share_columns(ctx, rule, grid, share, exclude))
    return out


SPEC = KindSpec(
    name="table-share",
    summary="share and contribution cells equal part ÷ whole",
    params=PARAMS,
    run=run,
)
