"""A derived row (or column) given by a formula over other rows (columns) of the same table.

The YAML names the derived line by its label words, each input by its label
words, and the formula in the safe expression grammar (``expr.py``)::

    params:
      result: [生师比]
      inputs: {students: [在校生数], teachers: [专任教师数]}
      formula: students / teachers

A new relation between table lines therefore needs no Python.
"""

from __future__ import annotations

from typing import Any

from vetlint.checks import Check
from vetlint.engine.context import Context, make_check
from vetlint.engine.grid import Grid, first_term, matches
from vetlint.engine.kinds import KindSpec
from vetlint.engine.kinds.units_scale import row_scale
from vetlint.engine.packs import Rule
from vetlint.expr import ExprError, Expression
from vetlint.intervals import Interval, judge

PARAMS = {
    "type": "map",
    "required": ["result", "inputs", "formula"],
    "keys": {
        "result": {"type": "strlist"},
        "inputs": {"type": "map", "values": {"type": "strlist"}},
        "formula": {"type": "str"},
        "axis": {"type": "str", "enum": ["rows", "columns"]},
        "abs_tolerance": {"type": "number", "minimum": 0},
        "rel_tolerance": {"type": "number", "minimum": 0},
    },
}


def prepare(params: dict[str, Any]) -> None:
    try:
        expr = Expression.parse(params["formula"])
    except ExprError as exc:
        raise ValueError(f"params.formula: {exc}") from None
    if expr.is_comparison:
        raise ValueError("params.formula: give the value of the derived line, not a comparison")
    missing = expr.names - set(params["inputs"])
    if missing:
        raise ValueError(f"params.formula: '{sorted(missing)[0]}' is not one of params.inputs")


def _as_list(v: Any) -> list[str]:
    return [v] if isinstance(v, str) else list(v)


def _value(grid: Grid, r: int, c: int) -> Interval | None:
    n = grid.num(r, c)
    if n is None:
        return None
    term = first_term(n)
    if term is not None:
        return term[1]
    return grid.iv(r, c) * row_scale(grid, r)


def _run_grid(ctx: Context, rule: Rule, grid: Grid, expr: Expression) -> list[Check]:
    p = rule.params
    axis = p.get("axis", "rows")
    n_lines = grid.n_rows if axis == "rows" else grid.n_cols
    n_cross = grid.n_cols if axis == "rows" else grid.n_rows

    def label(i: int) -> str:
        return grid.row_name(i) if axis == "rows" else grid.col_label(i)

    def at(line: int, cross: int) -> tuple[int, int]:
        return (line, cross) if axis == "rows" else (cross, line)

    results = [i for i in range(n_lines) if matches(label(i), _as_list(p["result"]))]
    if not results:
        return []
    target = results[0]
    lines: dict[str, int] = {}
    for name, ws in p["inputs"].items():
        found = [i for i in range(n_lines) if i != target and matches(label(i), _as_list(ws))]
        if not found:
            return []
        lines[name] = found[0]
    out: list[Check] = []
    start = grid.label_cols if axis == "rows" else 0
    for cross in range(start, n_cross):
        cell = at(target, cross)
        stated = grid.num(*cell)
        if stated is None:
            continue
        env: dict[str, Interval | float] = {}
        for name, line in lines.items():
            v = _value(grid, *at(line, cross))
            if v is None:
                break
            env[name] = v
        else:
            try:
                computed = expr.evaluate(env)
            except (ExprError, ZeroDivisionError):
                continue
            if not isinstance(computed, Interval):
                continue
            term = first_term(stated)
            scale = 1.0 if term else row_scale(grid, cell[0])
            stated_iv = term[1] if term else grid.iv(*cell) * scale
            trunc = None if term else grid.truncated_iv(*cell)
            computed_for_print = computed if term else computed / scale
            verdict = judge(
                computed,
                stated_iv,
                stated_truncated=trunc * scale if trunc is not None else None,
                tolerance=ctx.tolerance(rule),
                mode=ctx.settings.rounding,
            )
            out.append(
                make_check(
                    ctx,
                    rule,
                    verdict=verdict,
                    location=grid.location(*cell),
                    stated=grid.figure(*cell, label=label(target)),
                    computed=computed_for_print,
                    inputs=[grid.figure(*at(line, cross)) for line in lines.values()],
                    values={
                        "quantity": label(target),
                        "reading": p["formula"],
                        "inputs": ", ".join(
                            f"{name} = {grid.text(*at(line, cross))}"
                            for name, line in lines.items()
                        ),
                    },
                    factor=1.0 if term else None,
                )
            )
    return out


def run(ctx: Context, rule: Rule) -> list[Check]:
    expr = Expression.parse(rule.params["formula"])
    out: list[Check] = []
    for grid in ctx.grids():
        out.extend(_run_grid(ctx, rule, grid, expr))
    return out


SPEC = KindSpec(
    name="table-formula",
    summary="a derived table line equals a formula over other lines",
    params=PARAMS,
    run=run,
    prepare=prepare,
)
