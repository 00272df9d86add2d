"""Shares and rates against part ÷ whole.

Judges the ``Share`` relations of the analysis: a share column read the way its rows agree
on (part ÷ the total row, part ÷ another column, a rate by its definition), a 贡献度 row, a
sentence's ``占…的p%``. The share is compared at its printed precision; counts are exact.
"""

from __future__ import annotations

from vetlint.checks import Check
from vetlint.engine.context import Context, make_check, words
from vetlint.engine.kinds import KindSpec
from vetlint.engine.packs import Rule
from vetlint.extract.garbled import digits_that_fit
from vetlint.extract.relations import Share
from vetlint.intervals import Interval, judge

PARAMS = {
    "type": "map",
    "keys": {
        "origin": {"type": "str", "enum": ["table", "prose", "any"]},
        "exclude": {"type": "strlist"},
        "abs_tolerance": {"type": "number", "minimum": 0},
        "rel_tolerance": {"type": "number", "minimum": 0},
    },
}


def share_of(values: list[Interval]) -> Interval:
    """(parts …) ÷ whole: the whole is the last value."""
    total = Interval.point(0.0)
    for v in values[:-1]:
        total = total + v
    return total / values[-1]


GARBLED = {
    "zh": "{label} {part} 疑似排版错误：按 {stated}（{base}）应为 {fixed}",
    "en": "{label} {part} looks garbled: {stated} of {base} gives {fixed}",
}


def _garbled(ctx: Context, rule: Rule, s: Share) -> Check | None:
    """A part larger than its whole: a typesetting slip when a piece of its digits fits the
    share (``204174 人`` for 204 when 10.5% of 1941 is 204); otherwise it is no share of it."""
    assert s.part is not None and s.whole is not None
    fixed = digits_that_fit(s.part.text, s.whole.interval, s.share.interval)
    if fixed is None:
        return None
    check = make_check(
        ctx, rule, verdict="fails", location=s.share.location, stated=s.share.with_label(s.share.label),
        computed=s.share.interval, inputs=[s.part, s.whole],
        values={"inputs": f"{s.part.text} ÷ {s.whole.text}"},
    )
    check.message = {lang: GARBLED[lang].format(label=s.part.label, part=s.part.text, stated=s.share.text,
                                                base=s.whole.text, fixed=fixed) for lang in GARBLED}
    check.suggestion = f"{s.part.text} → {fixed}"
    check.blame = s.part
    check.extra["garbled"] = True
    return check


def judge_share(ctx: Context, rule: Rule, s: Share) -> Check | None:
    if s.part is None or s.whole is None or not s.whole.value:
        return None
    if s.part.interval.low > s.whole.interval.high:
        return _garbled(ctx, rule, s)
    figures = [s.part, *s.extra_parts, s.whole]
    ivs = [f.interval for f in figures]
    try:
        computed = share_of(ivs)
    except ZeroDivisionError:
        return None
    verdict = judge(
        computed, s.share.interval, stated_truncated=s.share.truncated_interval,
        tolerance=ctx.tolerance(rule), mode=ctx.settings.rounding,
    )
    parts = " + ".join(f.text for f in (s.part, *s.extra_parts))
    if s.extra_parts:
        parts = f"({parts})"
    check = make_check(
        ctx, rule, verdict=verdict, location=s.share.location,
        stated=s.share.with_label(s.share.label or s.share.indicator), computed=computed, inputs=figures,
        values={"inputs": f"{parts} ÷ {s.whole.text}", "quantity": {"zh": "占比", "en": "share"},
                "reading": {"zh": "部分 ÷ 整体", "en": "part ÷ whole"}},
        relation=share_of, input_ivs=ivs,
    )
    check.extra["shape"] = s.shape
    if not check.passed and check.severity == "error" and not s.near:
        check.severity = "warning"  # the whole was found elsewhere: it may be another scope
    return check


def run(ctx: Context, rule: Rule) -> list[Check]:
    origin = rule.params.get("origin", "table")
    exclude = words(rule, "exclude")
    out: list[Check] = []
    for s in ctx.analysis.relations.shares:
        if origin != "any" and s.origin != origin:
            continue
        if any(w and w in s.share.label for w in exclude):
            continue
        check = judge_share(ctx, rule, s)
        if check is not None:
            out.append(check)
    return out


SPEC = KindSpec(
    name="share",
    summary="shares and rates equal part ÷ whole",
    params=PARAMS,
    run=run,
)
