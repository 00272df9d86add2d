"""Shares of one scale (非常满意 … 不满意, 第一/二/三产业) that must total 100%.

Judges the ``Distribution`` relations of the analysis at the printed precision of the
shares: twelve shares printed to one decimal may total 100.1 and still be right.
"""

from __future__ import annotations

from vetlint.checks import Check
from vetlint.engine import fmt
from vetlint.engine.context import Context, make_check
from vetlint.engine.kinds import KindSpec
from vetlint.engine.packs import Rule
from vetlint.extract.figures import Figure
from vetlint.extract.relations import Distribution
from vetlint.intervals import Interval, interval_sum, judge

PARAMS = {
    "type": "map",
    "keys": {"origin": {"type": "str", "enum": ["table", "prose", "any"]}},
}


def _terms(fig: object) -> Interval:
    """A split ratio ``50.84：49.16``: its two terms, as shares of 100."""
    n = fig.number  # type: ignore[attr-defined]
    decs = n.term_decimals or (0, 0)
    out = Interval.point(0.0)
    for t, d in zip(n.terms, decs, strict=False):
        out = out + Interval.printed(t, d)
    return out / 100


def judge_distribution(ctx: Context, rule: Rule, d: Distribution) -> Check:
    items = list(d.items)
    if len(items) == 1 and items[0].number.terms:
        computed = _terms(items[0])
    else:
        computed = interval_sum([f.interval for f in items])
    whole = d.total.interval if d.total is not None else Interval.point(1.0)
    verdict = judge(computed, whole, mode=ctx.settings.rounding, tolerance=ctx.tolerance(rule))
    first = items[0]
    check = make_check(
        ctx, rule, verdict=verdict, location=first.location, stated=first.with_label(d.name or first.label),
        computed=computed, inputs=items[1:] if len(items) > 1 else items,
        values={"inputs": " + ".join(f.text for f in items), "label": d.name or first.label},
        expected_override=f"{computed.mid * 100:.1f}%",
    )
    check.blame = None  # which share is off, nothing says
    check.suggestion = None  # (unless one share's sign alone explains it)
    if not check.passed:
        flipped = _sign_slip(ctx, rule, items, computed, whole)
        if flipped is not None:
            check.blame = flipped
            check.suggestion = f"{flipped.text} → {fmt.flip_sign(flipped.text)}"
    check.extra["shape"] = d.shape
    if not check.passed and check.severity == "error" and computed.high < whole.low:
        check.severity = "warning"  # short of 100%: a level may be left out
    return check


def _sign_slip(ctx: Context, rule: Rule, items: list[Figure], computed: Interval, whole: Interval) -> Figure | None:
    """The one negative share whose sign alone explains the sum (-0.113 for 0.113)."""
    negative = [f for f in items if f.value < 0]
    if len(negative) != 1:
        return None
    alt = computed - negative[0].interval - negative[0].interval
    holds = judge(alt, whole, mode=ctx.settings.rounding, tolerance=ctx.tolerance(rule)) == "holds"
    return negative[0] if holds else None


def run(ctx: Context, rule: Rule) -> list[Check]:
    origin = rule.params.get("origin", "prose")
    return [judge_distribution(ctx, rule, d) for d in ctx.analysis.relations.distributions if origin in ("any", d.origin)]


SPEC = KindSpec(
    name="distribution",
    summary="shares of one scale total 100%",
    params=PARAMS,
    run=run,
)
