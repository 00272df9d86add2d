"""Totals against their parts, and parts within their whole.

Judges the ``Sum`` and ``Bound`` relations the analysis found (a 合计 row or column, a 小计,
a 其中 line, a complete partition such as 男 + 女), with interval arithmetic: exact counts are
points, other figures their printed precision. A failure that one typical slip of a part
explains (two digits swapped, a sign) blames that part. ``origin`` selects table or prose
relations; ``exclude`` leaves out totals whose label holds one of its words.
"""

from __future__ import annotations

from vetlint.checks import Check
from vetlint.engine.context import Context, make_check, render, words
from vetlint.engine.kinds import KindSpec
from vetlint.engine.packs import Rule
from vetlint.extract.figures import Figure
from vetlint.extract.relations import Bound, Sum
from vetlint.intervals import Interval, interval_sum, judge

PARAMS = {
    "type": "map",
    "keys": {
        "origin": {"type": "str", "enum": ["table", "prose", "any"]},
        "exclude": {"type": "strlist"},
        "bounds": {"type": "bool"},
        "shortfall_warning": {"type": "number", "minimum": 0},
        "abs_tolerance": {"type": "number", "minimum": 0},
        "rel_tolerance": {"type": "number", "minimum": 0},
    },
}

TOTAL = {"zh": "合计", "en": "total"}
SUM_READING = {"zh": "各项之和", "en": "sum of the parts"}
PART = {"zh": "其中项", "en": "part"}
PART_READING = {"zh": "其中项不超过总数", "en": "a part cannot exceed its whole"}


def _label(fig: Figure) -> str:
    return fig.label or fig.indicator


def _excluded(rule: Rule, fig: Figure) -> bool:
    return any(w and w in fig.label for w in words(rule, "exclude"))


PARTIAL_NOTE = {
    "zh": "所列分项不是全部组成部分（或相互重叠），其和远小于总数：按部分列举处理，未判为错误",
    "en": "the parts listed are not all of it (or they overlap): they add up to far less than the "
          "total, so the list is read as partial, not as a slip",
}
PARTIAL_MESSAGE = {
    "zh": "「{label}」{stated} 之下只列出了部分分项（{inputs}，合计 {expected}）",
    "en": "'{label}' {stated}: only some of its parts are listed ({inputs}, together {expected})",
}
OVERLAP_NOTE = {
    "zh": "这是部分列举，各项之和超过总数：各项可能相互重叠，请核对",
    "en": "a partial list whose parts add up to more than the total: they may overlap; please check",
}
UNDECIDED_NOTE = {
    "zh": "总数或某一分项有误；报告中没有别的数字能说明是哪一个，各数位置均已列出",
    "en": "the total or one of the parts is wrong; nothing else in the report says which, "
          "so every figure's place is listed",
}


def judge_sum(ctx: Context, rule: Rule, s: Sum) -> Check:
    parts = list(s.parts)
    computed = interval_sum([p.interval for p in parts])
    if not s.exhaustive:
        return _at_most(ctx, rule, s, computed)
    verdict = judge(
        computed, s.total.interval, stated_truncated=s.total.truncated_interval,
        tolerance=ctx.tolerance(rule), mode=ctx.settings.rounding,
    )
    shortfall = float(rule.params.get("shortfall_warning", 0.9))
    partial = False
    if verdict == "fails" and s.origin == "prose" and not s.worded and computed.high < shortfall * s.total.interval.low:
        verdict, partial = "holds", True  # far less than the total: a partial list, not a slip
    check = make_check(
        ctx, rule,
        relation=interval_sum, input_ivs=[p.interval for p in parts],
        verdict=verdict, location=s.total.location, stated=s.total.with_label(_label(s.total)),
        computed=computed, inputs=parts, blame_inputs=s.origin == "prose",
        values={"quantity": TOTAL, "reading": SUM_READING, "inputs": " + ".join(p.text for p in parts)},
    )
    check.extra["shape"] = s.shape
    check.extra["exhaustive"] = True
    check.extra["partial"] = False
    if partial:
        check.note = dict(PARTIAL_NOTE)
        check.message = render(PARTIAL_MESSAGE, {
            "label": _label(s.total), "stated": s.total.text,
            "expected": check.expected.text if check.expected else "", "inputs": " + ".join(p.text for p in parts)})
        check.extra["partial"] = True
    elif not check.passed and check.blame is None and check.severity != "info":
        check.note = dict(UNDECIDED_NOTE)  # no one-sided fix: nothing says which figure is wrong
        check.suggestion = None
        check.extra["undecided"] = True
    if not check.passed and not s.near and check.severity == "error":
        check.severity = "warning"
    return check


def _at_most(ctx: Context, rule: Rule, s: Sum, computed: Interval) -> Check:
    """A partial list (其中 A、B等): the parts together stay within the total."""
    total = s.total.interval
    holds = computed.low <= total.high
    bound = f"≥ {computed.low:g}" if not holds else f"≥ {s.total.text}"
    check = make_check(
        ctx, rule,
        verdict="holds" if holds else "fails",
        location=s.total.location, stated=s.total.with_label(_label(s.total)),
        computed=Interval(computed.low, max(computed.low, total.high)), inputs=list(s.parts),
        values={"quantity": TOTAL, "reading": {"zh": "所列部分之和（应不超过总数）", "en": "the sum of the listed parts (at most the total)"},
                "inputs": " + ".join(p.text for p in s.parts)},
        expected_override=None if holds else bound,
    )
    check.extra["partial"] = True
    check.extra["shape"] = s.shape
    one_too_big = any(p.interval.low > total.high for p in s.parts)
    if not holds and not one_too_big and check.severity != "info":
        check.severity = "warning"  # the parts may overlap
        check.note = dict(OVERLAP_NOTE)
    return check


def judge_bound(ctx: Context, rule: Rule, b: Bound) -> Check:
    whole = b.whole.interval
    holds = b.part.interval.low <= whole.high
    bound = f"≤ {b.whole.text}"
    check = make_check(
        ctx, rule,
        verdict="holds" if holds else "fails",
        location=b.part.location, stated=b.part.with_label(_label(b.part)),
        computed=Interval(min(0.0, whole.low), whole.high), inputs=[b.whole],
        values={"quantity": PART, "reading": PART_READING, "expected": bound,
                "inputs": f"{_label(b.whole)} {b.whole.text}"},
        expected_override=bound,
    )
    check.extra["bound"] = True  # an inequality: its evidence does not move blame
    check.extra["shape"] = b.shape
    check.extra["partial"] = False
    return check


def run(ctx: Context, rule: Rule) -> list[Check]:
    origin = rule.params.get("origin", "table")
    relations = ctx.analysis.relations
    out: list[Check] = []
    for s in relations.sums:
        if (origin == "any" or s.origin == origin) and not _excluded(rule, s.total):
            out.append(judge_sum(ctx, rule, s))
    if rule.params.get("bounds", True):
        for b in relations.bounds:
            if (origin == "any" or b.origin == origin) and not _excluded(rule, b.whole):
                out.append(judge_bound(ctx, rule, b))
    return out


SPEC = KindSpec(
    name="sum",
    summary="totals equal the sum of their parts; parts stay within their whole",
    params=PARAMS,
    run=run,
)
