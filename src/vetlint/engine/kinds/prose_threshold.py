"""A stated figure against a standard's threshold (生师比 ≤ 20:1, 生均图书 ≥ 30册 …).

Not arithmetic: a note that the report's own figure misses a published standard or target,
so rules of this kind are ``info`` by default (a reviewer raises them with a severity
override). The figures are the analysis's, named by lexicon id (see ``thresholds``): a
sentence's ``生师比16.22 : 1``, a share ``占专任教师总数的47%`` whose part and base the lexicon
defines, a table's ``生均仪器设备值 | 万元 | 0.393`` in base units (3930元). A target that one
city's plan sets (郑州 …) judges only that city's reports (``applies_to``).
"""

from __future__ import annotations

from vetlint.checks import Check, Expected
from vetlint.engine.context import Context, render
from vetlint.engine.kinds import COMMON_PLACEHOLDERS, KindSpec
from vetlint.engine.packs import Rule
from vetlint.engine.thresholds import (
    THRESHOLD_PARAMS,
    Threshold,
    check_params,
    judged_figures,
    shown,
)
from vetlint.extract.figures import Figure

PARAMS = {"type": "map", "keys": THRESHOLD_PARAMS}


def judge(rule: Rule, fig: Figure, threshold: Threshold) -> Check:
    """One figure against the rule's threshold."""
    ok = threshold.meets(fig)
    loc = fig.location
    values = {"label": fig.label, "stated": shown(fig), "expected": threshold.shown,
              "inputs": rule.params.get("standard", ""), "table": loc.table or ""}
    high, low = threshold.high, threshold.low
    return Check(
        rule=rule.code, name=rule.name, severity=rule.severity,  # type: ignore[arg-type]
        passed=ok,
        message=render(rule.message if not ok else (rule.pass_message or rule.message), values),
        location=loc, stated=fig,
        expected=Expected(high if high is not None else low, low, high, threshold.shown),
        pack=rule.pack, kind=rule.kind,
        extra={"standard": rule.params.get("standard", ""), "value": [fig.low, fig.high],
               "indicator": fig.indicator},
    )


def run(ctx: Context, rule: Rule) -> list[Check]:
    threshold = Threshold.of(rule)
    return [judge(rule, f, threshold) for f in judged_figures(rule, ctx.analysis, threshold)]


SPEC = KindSpec(
    name="prose-threshold",
    summary="a stated rate, share or per-capita amount against a published standard's threshold",
    params=PARAMS,
    run=run,
    placeholders=COMMON_PLACEHOLDERS,
    prepare=check_params,
)
