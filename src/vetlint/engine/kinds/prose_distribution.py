"""Percentages over exclusive categories must total 100%.

``非常满意62.50%，满意31.25%，基本满意6.25%`` (one scale of the rule's
``scales``), and two-term ratios printed as percentages (``职普比50.84：49.16``).
A list of independent rates (合格率, 就业率 …) is not a distribution: only
labels from one declared scale are summed.
"""

from __future__ import annotations

from vetlint.checks import Check
from vetlint.engine.context import Context, make_check
from vetlint.engine.grid import term_intervals
from vetlint.engine.kinds import KindSpec
from vetlint.engine.kinds.prose_common import analyse, interval
from vetlint.engine.packs import Rule
from vetlint.extract.legacy_relations import find_distributions
from vetlint.intervals import Interval, judge

PARAMS = {
    "type": "map",
    "keys": {
        "scales": {"type": "map", "values": {"type": "strlist"}},
        "ratio_names": {"type": "strlist"},
        "abs_tolerance": {"type": "number", "minimum": 0},
        "rel_tolerance": {"type": "number", "minimum": 0},
    },
}


def run(ctx: Context, rule: Rule) -> list[Check]:
    scales = {k: ([v] if isinstance(v, str) else list(v)) for k, v in (rule.params.get("scales") or {}).items()}
    ratio_names = rule.params.get("ratio_names", [])
    if isinstance(ratio_names, str):
        ratio_names = [ratio_names]
    tol = ctx.tolerance(rule)
    out: list[Check] = []
    for p in analyse(ctx).paras:
        for d in find_distributions(p.para.text, p.relations.mentions, scales):
            total = Interval(0.0, 0.0)
            for m in d.items:
                total = total + interval(m.number)
            first = p.figure(d.items[0])
            stated = type(first)("100%", 1.0, first.location, 1.0, 1.0, d.scale)
            verdict = judge(total, Interval(1.0, 1.0), tolerance=tol)
            check = make_check(
                ctx, rule, verdict=verdict, location=first.location, stated=stated,
                computed=total, inputs=[p.figure(m) for m in d.items], factor=100.0,
                blame_inputs=True,
            )
            if verdict == "fails" and total.high < 1.0:
                check.severity = "warning"  # a category may be missing from the list
            out.append(check)
        for m in p.relations.mentions:
            n = m.number
            if n.kind != "ratio" or not n.terms or len(n.terms) != 2:
                continue
            if not any(m.label.endswith(w) for w in ratio_names):
                continue
            terms = term_intervals(n)
            total = terms[0] + terms[1]
            if min(n.terms) <= 1 or not 90 <= sum(n.terms) <= 110:
                continue  # 1:2.57 is a ratio, not a split printed in percent
            stated_fig = p.figure(m)
            stated = type(stated_fig)("100", 100.0, stated_fig.location, 100.0, 100.0, m.label)
            verdict = judge(total, Interval(100.0, 100.0), tolerance=tol)
            out.append(
                make_check(
                    ctx, rule, verdict=verdict, location=stated_fig.location, stated=stated,
                    computed=total, inputs=[stated_fig], factor=1.0, blame_inputs=True,
                )
            )
    return out


SPEC = KindSpec(
    name="prose-distribution",
    summary="percentages over one exclusive scale (and 职普比-style ratios) total 100%",
    params=PARAMS,
    run=run,
)
