"""An amount paid per person against the people it is paid to.

Judges the ``Product`` relations of the analysis: ``amount`` = Σ people × standard
(``国家奖学金3名，每生6000元，计1.8万元``). A sentence may allow more than one reading of who
is paid (per-term counts and a count of distinct students): the check holds when one reading
does, and a failure that another reading could explain is a warning, not an error.
"""

from __future__ import annotations

from vetlint.checks import Check
from vetlint.engine.context import Context, make_check
from vetlint.engine.kinds import KindSpec
from vetlint.engine.packs import Rule
from vetlint.extract.figures import Figure
from vetlint.extract.relations import Product
from vetlint.intervals import Interval, interval_sum, judge

PARAMS = {
    "type": "map",
    "keys": {
        "origin": {"type": "str", "enum": ["table", "prose", "any"]},
        "abs_tolerance": {"type": "number", "minimum": 0},
        "rel_tolerance": {"type": "number", "minimum": 0},
    },
}


def _amount(counts: tuple[Figure, ...], standard: Figure) -> Interval:
    return interval_sum([c.interval for c in counts]) * standard.interval


def judge_product(ctx: Context, rule: Rule, p: Product) -> Check:
    options = [p.counts, *p.alternatives]
    tol = ctx.tolerance(rule)
    verdicts = [(judge(_amount(c, p.standard), p.amount.interval, stated_truncated=p.amount.truncated_interval,
                       tolerance=tol, mode=ctx.settings.rounding), c) for c in options]
    verdict, counts = next(((v, c) for v, c in verdicts if v == "holds"), verdicts[0])
    computed = _amount(counts, p.standard)
    people = " + ".join(c.text for c in counts)
    if len(counts) > 1:
        people = f"({people})"
    inputs = [*counts, p.standard]
    check = make_check(
        ctx, rule, verdict=verdict, location=p.amount.location,
        stated=p.amount.with_label(p.amount.label or p.standard.label), computed=computed, inputs=inputs,
        values={"inputs": f"{people} × {p.standard.text}"},
        relation=lambda v: interval_sum(v[:-1]) * v[-1], input_ivs=[f.interval for f in inputs],
    )
    if not check.passed and len(options) > 1 and check.severity == "error":
        check.severity = "warning"  # the sentence allows another count of the people paid
    check.extra["shape"] = p.shape
    return check


def run(ctx: Context, rule: Rule) -> list[Check]:
    origin = rule.params.get("origin", "prose")
    return [judge_product(ctx, rule, p) for p in ctx.analysis.relations.products if origin in ("any", p.origin)]


SPEC = KindSpec(
    name="product",
    summary="an amount paid per person equals the standard times the people paid",
    params=PARAMS,
    run=run,
)
