"""An amount paid against the head count and the per-person standard the report states.

``奖励标准为每人6000元`` … ``获得国家奖学金的学生有56人，奖励金额33.6万元``:
56 × 6000 = 33.6万. The programme (国家奖学金, 助学金 …) links the standard to
the payment; counts in 人次 are skipped (a standard per year is often paid per
term, so 人次 × standard is not the amount).
"""

from __future__ import annotations

from vetlint.checks import Check
from vetlint.engine.context import Context, make_check
from vetlint.engine.kinds import KindSpec
from vetlint.engine.kinds.prose_common import analyse, interval
from vetlint.engine.packs import Rule
from vetlint.extract.legacy_relations import find_payments, find_standards
from vetlint.intervals import judge

PARAMS = {
    "type": "map",
    "required": ["programmes"],
    "keys": {
        "programmes": {"type": "strlist"},
        "abs_tolerance": {"type": "number", "minimum": 0},
        "rel_tolerance": {"type": "number", "minimum": 0},
    },
}


def run(ctx: Context, rule: Rule) -> list[Check]:
    programmes = rule.params.get("programmes", [])
    if isinstance(programmes, str):
        programmes = [programmes]
    analysis = analyse(ctx)
    standards = {}
    for p in analysis.paras:
        text = p.para.text
        for s in find_standards(text, p.relations.mentions, programmes):
            standards.setdefault(s.programme, (p, s))
    out: list[Check] = []
    tol = ctx.tolerance(rule)
    for p in analysis.paras:
        for pay in find_payments(p.para.text, p.relations.mentions, programmes):
            hit = standards.get(pay.programme)
            if hit is None:
                continue
            sp, std = hit
            computed = interval(pay.count.number) * interval(std.amount.number)
            stated = p.figure(pay.amount, label=f"{pay.programme}金额")
            verdict = judge(computed, interval(pay.amount.number), tolerance=tol)
            out.append(
                make_check(
                    ctx, rule, verdict=verdict, location=stated.location, stated=stated,
                    computed=computed,
                    inputs=[p.figure(pay.count, label=f"{pay.programme}人数"),
                            sp.figure(std.amount, label=f"{pay.programme}标准")],
                    values={"inputs": f"{pay.count.number.text} × {std.amount.number.text}"},
                )
            )
    return out


SPEC = KindSpec(
    name="prose-amount",
    summary="an amount paid equals head count × the per-person standard stated in the report",
    params=PARAMS,
    run=run,
)
