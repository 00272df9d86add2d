"""Pairs and distributions that must add up to 100.

A split printed as a ratio (职普比 ``53.94:46.06``) must have terms summing to
100; a row or column of percentages whose label or caption says it is a
structure (学历结构, 职称结构, 构成, 分布) must sum to 100%. Each term keeps
its printed precision, so ``33.3% + 33.3% + 33.3%`` passes.
"""

from __future__ import annotations

from vetlint.checks import Check
from vetlint.engine.context import Context, make_check, words
from vetlint.engine.grid import Grid, matches, term_intervals
from vetlint.engine.kinds import KindSpec
from vetlint.engine.packs import Rule
from vetlint.intervals import Interval, judge

PAIR_WORDS = ["职普比", "普职比", "职普比例"]
STRUCTURE_WORDS = ["结构", "构成", "分布"]

PARAMS = {
    "type": "map",
    "keys": {
        "pair_words": {"type": "strlist"},
        "structure_words": {"type": "strlist"},
        "total": {"type": "number"},
        "abs_tolerance": {"type": "number", "minimum": 0},
        "rel_tolerance": {"type": "number", "minimum": 0},
    },
}


def _pairs(ctx: Context, rule: Rule, grid: Grid, total: float) -> list[Check]:
    out: list[Check] = []
    pair_words = words(rule, "pair_words", PAIR_WORDS)
    for r in range(grid.n_rows):
        for c in range(grid.label_cols, grid.n_cols):
            n = grid.num(r, c)
            if n is None or not n.terms or len(n.terms) < 2:
                continue
            if not (
                matches(grid.col_label(c), pair_words) or matches(grid.row_label(r), pair_words)
            ):
                continue
            terms = term_intervals(n)
            computed = Interval.point(0.0)
            for t in terms:
                computed = computed + t
            target = Interval.point(total)
            verdict = judge(computed, target, tolerance=ctx.tolerance(rule))
            stated = grid.figure(r, c)
            shown = " + ".join(str(t) for t in n.terms)
            check = make_check(
                ctx,
                rule,
                verdict=verdict,
                location=grid.location(r, c),
                stated=stated,
                computed=computed,
                inputs=[stated],
                values={
                    "quantity": {"zh": "各项之和", "en": "sum of the terms"},
                    "inputs": shown,
                    "expected": f"{total:g}",
                    "reading": {
                        "zh": "比例各项应合计为 100",
                        "en": "the terms of a split add up to 100",
                    },
                },
                expected_override=f"{total:g}",
                blame_inputs=True,
            )
            out.append(check)
    return out


def _structures(ctx: Context, rule: Rule, grid: Grid) -> list[Check]:
    out: list[Check] = []
    structure = words(rule, "structure_words", STRUCTURE_WORDS)
    caption = (grid.table.caption or "") + " ".join(grid.table.notes or [])
    lines: list[list[tuple[int, int]]] = []
    names: list[str] = []
    for r in range(grid.n_rows):
        if matches(grid.row_label(r), structure) or (
            matches(caption, structure) and grid.n_rows == 1
        ):
            lines.append(
                [(r, c) for c in range(grid.label_cols, grid.n_cols) if grid.num(r, c) is not None]
            )
            names.append(grid.row_label(r) or (grid.table.caption or ""))
    chart_of_structure = grid.table.kind == "chart" and matches(caption, structure)
    for c in range(grid.label_cols, grid.n_cols):
        if matches(grid.col_label(c), structure) or chart_of_structure:
            lines.append([(r, c) for r in range(grid.n_rows) if grid.num(r, c) is not None])
            names.append(grid.col_label(c) or (grid.table.caption or ""))
    for cells, name in zip(lines, names, strict=True):
        nums = [grid.num(*p) for p in cells]
        if len(nums) < 2:
            continue
        fractions = all(n.kind == "percent" for n in nums) or all(  # type: ignore[union-attr]
            n.kind == "quantity" and abs(n.value) <= 1 and n.decimals > 0
            for n in nums  # type: ignore[union-attr]
        )
        if not fractions:
            continue
        computed = Interval.point(0.0)
        for p in cells:
            computed = computed + grid.iv(*p)
        verdict = judge(computed, Interval.point(1.0), tolerance=ctx.tolerance(rule))
        figs = [grid.figure(*p) for p in cells]
        last = figs[-1]
        last.label = name
        check = make_check(
            ctx,
            rule,
            verdict=verdict,
            location=grid.location(*cells[0]),
            stated=last,
            computed=computed,
            inputs=figs,
            values={
                "quantity": {"zh": "各项之和", "en": "sum of the parts"},
                "expected": "100%",
                "reading": {
                    "zh": "构成各项应合计为 100%",
                    "en": "the parts of a structure add up to 100%",
                },
            },
            expected_override="100%",
            blame_inputs=True,
        )
        check.extra["target"] = 1.0
        out.append(check)
    return out


def run(ctx: Context, rule: Rule) -> list[Check]:
    total = float(rule.params.get("total", 100))
    out: list[Check] = []
    for grid in ctx.grids():
        out.extend(_pairs(ctx, rule, grid, total))
        out.extend(_structures(ctx, rule, grid))
    return out


SPEC = KindSpec(
    name="table-sum-100",
    summary="splits and structures add up to 100 (%)",
    params=PARAMS,
    run=run,
)
