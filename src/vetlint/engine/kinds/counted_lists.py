"""A stated count against the items listed after (or before) it.

Judges the ``ListCount`` relations of the analysis: ``开设8个专业，分别为…`` names eight
majors, ``A、B、C等N个`` at least N − 1 more than none. A list that ends in 等 may name fewer
items than its count, never more. The finding sits on the stated count.
"""

from __future__ import annotations

from vetlint.checks import Check
from vetlint.engine.context import Context, make_check
from vetlint.engine.kinds import COMMON_PLACEHOLDERS, KindSpec
from vetlint.engine.packs import Rule
from vetlint.extract.relations import ListCount
from vetlint.intervals import Interval

PARAMS = {
    "type": "map",
    "keys": {"origin": {"type": "str", "enum": ["table", "prose", "any"]}},
}
PLACEHOLDERS = COMMON_PLACEHOLDERS | {"first", "last", "listed"}


def judge_count(ctx: Context, rule: Rule, lc: ListCount) -> Check:
    n = len(lc.items)
    stated = int(lc.count.value)
    holds = n <= stated if lc.open_ended else n == stated
    reading = {"zh": f"所列 {n} 项" + ("（以“等”结尾）" if lc.open_ended else ""),
               "en": f"{n} listed" + (" (ending in 等)" if lc.open_ended else "")}
    check = make_check(
        ctx, rule, verdict="holds" if holds else "fails", location=lc.count.location,
        stated=lc.count.with_label(lc.count.after or lc.count.label), computed=Interval.point(float(n)),
        inputs=[], values={"reading": reading, "listed": str(n), "first": lc.items[0], "last": lc.items[-1],
                           "expected": str(n)},
        expected_override=str(n),
    )
    check.extra["items"] = list(lc.items)
    check.extra["shape"] = lc.shape
    return check


def run(ctx: Context, rule: Rule) -> list[Check]:
    origin = rule.params.get("origin", "prose")
    return [judge_count(ctx, rule, lc) for lc in ctx.analysis.relations.counts if origin in ("any", lc.origin)]


SPEC = KindSpec(
    name="counted-list",
    summary="a stated count of named items against the items listed",
    params=PARAMS,
    run=run,
    placeholders=PLACEHOLDERS,
)
