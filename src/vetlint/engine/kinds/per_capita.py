"""Per-capita rows (生均…, 人均…) against a total row and a head-count row of the same table.

``生均教学仪器设备值（万元）`` must equal ``教学仪器设备值`` ÷ ``在校生数`` in the
same column, with the units of each row (``万元`` beside ``元``) applied.
Checked only when the table prints all three figures.
"""

from __future__ import annotations

import re

from vetlint.checks import Check
from vetlint.engine.context import Context, make_check, words
from vetlint.engine.grid import Grid, matches
from vetlint.engine.kinds import KindSpec
from vetlint.engine.kinds.units_scale import row_scale
from vetlint.engine.packs import Rule
from vetlint.intervals import judge

PREFIXES = ["生均", "人均", "每生", "per student", "per capita"]
HEADCOUNT = ["在校生", "学生数", "学生总数", "students", "enrolment", "enrollment"]

PARAMS = {
    "type": "map",
    "keys": {
        "prefixes": {"type": "strlist"},
        "headcount": {"type": "strlist"},
        "abs_tolerance": {"type": "number", "minimum": 0},
        "rel_tolerance": {"type": "number", "minimum": 0},
    },
}

_PAREN = re.compile(r"[（(][^）)]*[）)]")


def _base(label: str) -> str:
    return _PAREN.sub("", label.split(" / ")[-1]).strip()


def _plain(label: str) -> str:
    """``设备总值`` / ``设备值总额`` / ``设备值`` all name the same total."""
    for word in ("总额", "总数", "总量", "总计", "合计", "总"):
        label = label.replace(word, "")
    return label.strip()


def _tables(ctx: Context, rule: Rule, grid: Grid) -> list[Check]:
    prefixes = words(rule, "prefixes", PREFIXES)
    heads = words(rule, "headcount", HEADCOUNT)
    labels = [_base(grid.row_name(r)) for r in range(grid.n_rows)]
    head_rows = [
        r
        for r in range(grid.n_rows)
        if matches(labels[r], heads) and not matches(labels[r], prefixes)
    ]
    if not head_rows:
        return []
    head = head_rows[0]
    out: list[Check] = []
    for r, label in enumerate(labels):
        prefix = next((p for p in prefixes if label.lower().startswith(p.lower())), None)
        if prefix is None:
            continue
        what = label[len(prefix) :].strip()
        if not what:
            continue
        totals = [
            rr
            for rr in range(grid.n_rows)
            if rr != r and not matches(labels[rr], prefixes) and _plain(labels[rr]) == _plain(what)
        ]
        if not totals:
            continue
        total = totals[0]
        for c in range(grid.label_cols, grid.n_cols):
            stated, tot, students = grid.num(r, c), grid.num(total, c), grid.num(head, c)
            if stated is None or tot is None or students is None or students.value <= 0:
                continue
            computed = (
                grid.iv(total, c)
                * row_scale(grid, total)
                / (grid.iv(head, c) * row_scale(grid, head))
            )
            computed = computed / row_scale(grid, r)
            verdict = judge(
                computed,
                grid.iv(r, c),
                stated_truncated=grid.truncated_iv(r, c),
                tolerance=ctx.tolerance(rule),
                mode=ctx.settings.rounding,
            )
            out.append(
                make_check(
                    ctx,
                    rule,
                    verdict=verdict,
                    location=grid.location(r, c),
                    stated=grid.figure(r, c, label=grid.row_name(r)),
                    computed=computed,
                    inputs=[grid.figure(total, c), grid.figure(head, c)],
                    values={
                        "quantity": {"zh": "人均值", "en": "per-capita value"},
                        "reading": {"zh": "总量 ÷ 人数", "en": "total ÷ head count"},
                        "inputs": f"{grid.text(total, c)} ÷ {grid.text(head, c)}",
                    },
                )
            )
    return out


def run(ctx: Context, rule: Rule) -> list[Check]:
    out: list[Check] = []
    for grid in ctx.grids():
        out.extend(_tables(ctx, rule, grid))
    return out


SPEC = KindSpec(
    name="table-per-capita",
    summary="per-capita rows equal a total row ÷ the head-count row",
    params=PARAMS,
    run=run,
)
