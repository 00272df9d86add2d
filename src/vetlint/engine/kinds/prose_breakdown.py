"""A ``其中`` breakdown in prose against the total it splits.

``共有57所，其中公办学校19所（…），民办学校38所``: an exhaustive list must
add up to its total; a list of examples (``其中…等``, a single item, a list
that breaks off) only must not exceed it. Nested lists are checked on their
own. When an exhaustive list falls far short of its total, it was probably
not exhaustive after all: a warning, not an error.
"""

from __future__ import annotations

from vetlint.checks import Check
from vetlint.engine.context import Context, make_check
from vetlint.engine.kinds import KindSpec
from vetlint.engine.kinds.prose_common import analyse, interval
from vetlint.engine.packs import Rule
from vetlint.intervals import Interval, judge, truncated

PARAMS = {
    "type": "map",
    "keys": {
        "shortfall_warning": {"type": "number", "minimum": 0},  # sum below this share of total → warning
        "abs_tolerance": {"type": "number", "minimum": 0},
        "rel_tolerance": {"type": "number", "minimum": 0},
    },
}

EXHAUSTIVE = {"zh": "各项之和", "en": "sum of the parts"}
AT_MOST = {"zh": "所列部分之和（应不超过总数）", "en": "the sum of the listed parts (at most the total)"}


def run(ctx: Context, rule: Rule) -> list[Check]:
    out: list[Check] = []
    shortfall = float(rule.params.get("shortfall_warning", 0.9))
    tol = ctx.tolerance(rule)
    for p in analyse(ctx).paras:
        for b in p.relations.breakdowns:
            computed = Interval(0.0, 0.0)
            for part in b.parts:
                computed = computed + interval(part.number)
            total = b.total.number
            stated = p.figure(b.total)
            inputs = [p.figure(m) for m in b.parts]
            stated_iv = interval(total)
            values = {
                "reading": EXHAUSTIVE if b.exhaustive else AT_MOST,
                "quantity": str(len(b.parts)),
                "inputs": " + ".join(m.number.text for m in b.parts),
            }
            if b.exhaustive:
                trunc = truncated(total.value, total.decimals, total.scale) if total.exact else None
                verdict = judge(computed, stated_iv, stated_truncated=trunc, tolerance=tol,
                                mode=ctx.settings.rounding)
            else:
                verdict = "holds" if computed.low <= tol.apply(stated_iv).high else "fails"
            check = make_check(
                ctx, rule, verdict=verdict, location=stated.location, stated=stated,
                computed=computed, inputs=inputs, values=values, blame_inputs=True,
            )
            if not check.passed and check.severity != "info":
                short = computed.high < shortfall * stated_iv.low
                if not b.exhaustive or short:
                    check.severity = "warning"
                    check.note = {
                        "zh": "列举的可能不是全部组成部分，或各部分有重叠",
                        "en": "the list may not name every part, or its parts may overlap",
                    }
            check.extra["exhaustive"] = b.exhaustive
            out.append(check)
    return out


SPEC = KindSpec(
    name="prose-breakdown",
    summary="a 其中 breakdown in prose adds up to (or stays within) its total",
    params=PARAMS,
    run=run,
)
