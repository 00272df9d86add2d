"""Changes stated in prose against the figures they compare.

- ``比上年（97.3%）提升0.2个百分点`` after ``97.5%``: current − previous = delta
  (a ``%`` delta on a percentage may be points, as Chinese reports often
  write them, or relative growth: whichever the figures support);
- ``由56个专业…调整为49个专业…`` then ``专业数削减17%``: (49 − 56) ÷ 56 = −12.5%;
- the verb fixes the sign: ``增加-5%`` contradicts itself.
"""

from __future__ import annotations

import re

from vetlint.checks import Check
from vetlint.engine import fmt
from vetlint.engine.context import Context, make_check
from vetlint.engine.kinds import COMMON_PLACEHOLDERS, KindSpec
from vetlint.engine.kinds.prose_common import ProsePara, analyse, interval
from vetlint.engine.kinds.prose_prior import Prior, explicit_year, prior_in_prose, prior_in_tables
from vetlint.engine.packs import Rule
from vetlint.extract.legacy_relations import Change, period_at
from vetlint.intervals import Interval, judge

PARAMS = {
    "type": "map",
    "keys": {
        "abs_tolerance": {"type": "number", "minimum": 0},
        "rel_tolerance": {"type": "number", "minimum": 0},
    },
}

READINGS = {
    "points": {"zh": "按百分点差计算", "en": "read as a percentage-point difference"},
    "relative": {"zh": "按相对变化率计算", "en": "read as relative change"},
    "absolute": {"zh": "按差值计算", "en": "read as an absolute difference"},
}
SIGN = {
    "zh": "{stated} 与动词“{verb}”方向相反",
    "en": "{stated} contradicts the verb '{verb}' (its sign is the other way)",
}


# a change over several years (两年来…削减17%) compared with figures of one adjustment:
# the base may be older than the figures printed, so a mismatch is a warning, not an error
_MULTI_YEAR = re.compile(r"[两二三四五六七八九十\d]+年(?:来|以来|间)|近年来|多年来|累计|先后")
_SPAN_NOTE = {
    "zh": "变化说的是多年累计（{span}），比较的两个数可能不是同一时段的起止，故仅提示",
    "en": "the change covers several years ({span}); the two figures compared may span a "
          "different period, so this is a warning, not an error",
}


def _multi_year_span(text: str, pos: int) -> str | None:
    """The multi-year span word in the clause that states the change at ``pos``, if any."""
    start = max(text.rfind(ch, 0, pos) for ch in "。；;！？") + 1
    m = _MULTI_YEAR.search(text, start, pos)
    return m.group(0) if m else None


_PRIOR_NOTE = {
    "zh": "句中未写上年数，取自 {where}（{year}年 {value}），该行本年数与句中一致",
    "en": "the sentence does not print last year's figure; it is taken from {where} "
          "({year}: {value}), whose row states this year's figure as the sentence does",
}

_PRIOR_PROSE_NOTE = {
    "zh": "句中未写上年数，取自 {where} 所写的 {year}年 {value}",
    "en": "the sentence does not print last year's figure; {where} states it for {year}: {value}",
}


def _prior(ctx: Context, p: ProsePara, c: Change) -> Prior | None:
    """Last year's figure of the changed indicator, when the sentence omits it: from a
    table row that states the current figure, else from a sentence dated last year."""
    subject = c.subject
    if subject is None or subject.depth > 0:
        return None
    if not (subject.is_quantity or subject.number.kind == "percent"):
        return None
    text = p.para.text
    start = max(text.rfind(ch, 0, c.delta.start) for ch in "，,。；;") + 1
    compared = explicit_year(text[start : c.delta.start])
    period = period_at(text, subject.start)
    return prior_in_tables(ctx, subject, period=period, compared=compared) or prior_in_prose(
        analyse(ctx), p, subject, period=period, compared=compared
    )


def _signed(delta: Interval, direction: int) -> Interval:
    return -delta if direction < 0 else delta


def run(ctx: Context, rule: Rule) -> list[Check]:
    out: list[Check] = []
    tol = ctx.tolerance(rule)
    for p in analyse(ctx).paras:
        rel = p.relations
        for c in rel.changes:
            d = c.delta.number
            if d.value < 0 and c.direction != 0:
                stated = p.figure(c.delta, label=c.verb)
                check = make_check(
                    ctx, rule, verdict="fails", location=stated.location, stated=stated,
                    computed=_signed(-interval(d), c.direction), inputs=[],
                    values={"reading": READINGS["absolute"]},
                )
                check.message = {k: v.format(stated=d.text, verb=c.verb) for k, v in SIGN.items()}
                if c.direction < 0:
                    check.severity = "warning"  # 下降-3%: a double negative, unclear
                out.append(check)
                continue
            if c.subject is None:
                continue
            prior_note = None
            if c.previous is not None:
                prev, prev_fig = interval(c.previous.number), p.figure(c.previous)
            else:
                prior = _prior(ctx, p, c)
                if prior is None:
                    continue
                prev, prev_fig = prior.interval, prior.figure
                note = _PRIOR_NOTE if prior.figure.location.table else _PRIOR_PROSE_NOTE
                prior_note = {k: v.format(year=prior.year, where=prior.figure.location.short(),
                                          value=prior.figure.text)
                              for k, v in note.items()}
            cur = interval(c.subject.number)
            stated_iv = _signed(interval(d), c.direction)
            readings: list[tuple[str, Interval]] = []
            if d.kind == "points" or (d.kind == "percent" and c.subject.number.kind == "percent"):
                readings.append(("points", cur - prev))
            if d.kind == "percent" and prev.low > 0:
                readings.append(("relative", (cur - prev) / prev))
            if d.kind == "quantity" and c.subject.dim == c.delta.dim:
                readings.append(("absolute", cur - prev))
            if not readings:
                continue
            verdicts = [(judge(iv, stated_iv, tolerance=tol), name, iv) for name, iv in readings]
            best = next((v for v in verdicts if v[0] == "holds"), verdicts[0])
            stated = p.figure(c.delta, label=c.verb)
            stated.low, stated.high = interval(d).low, interval(d).high
            # 减少 364人 is stated as a size: the expected figure is shown the same way
            shown = _signed(best[2], c.direction)
            check = make_check(
                ctx, rule, verdict=best[0], location=stated.location, stated=stated,
                computed=shown, inputs=[prev_fig, p.figure(c.subject)],
                values={"reading": READINGS[best[1]], "label": c.subject.label or c.verb},
            )
            check.extra["reading"] = best[1]
            if prior_note is not None:
                check.note = prior_note
                if not check.passed and not prior.near and check.severity == "error":
                    check.severity = "warning"  # another paragraph: maybe another scope
                check.extra["previous_from"] = prev_fig.location.short()
            out.append(check)
        for r in rel.relative_changes:
            t = r.transition
            before, after = interval(t.before.number), interval(t.after.number)
            if before.low <= 0:
                continue
            computed = (after - before) / before
            d = r.delta.number
            stated_iv = _signed(interval(d), r.direction)
            verdict = judge(computed, stated_iv, tolerance=tol)
            stated = p.figure(r.delta, label=f"{r.thing}{r.verb}")
            shown = -computed if r.direction < 0 else computed
            # one more digit than printed, so 12.5% does not show as 12%
            expected = fmt.restyle(d.text, shown.mid, 100.0, decimals=d.decimals + 1)
            check = make_check(
                ctx, rule, verdict=verdict, location=stated.location, stated=stated,
                computed=shown,
                inputs=[p.figure(t.before, label=r.thing), p.figure(t.after, label=r.thing)],
                values={"reading": READINGS["relative"], "label": f"{r.thing}{r.verb}"},
                expected_override=expected if verdict == "fails" else None,
            )
            span = _multi_year_span(p.para.text, d.start)
            if verdict == "fails" and span:
                check.severity = "warning"
                check.note = {k: v.format(span=span) for k, v in _SPAN_NOTE.items()}
            out.append(check)
        for x in rel.excesses:
            target = interval(x.target.number)
            if target.low <= 0:
                continue
            computed = (interval(x.actual.number) - target) / target
            stated = p.figure(x.excess, label="超额完成")
            verdict = judge(computed, interval(x.excess.number), tolerance=tol)
            out.append(make_check(
                ctx, rule, verdict=verdict, location=stated.location, stated=stated, computed=computed,
                inputs=[p.figure(x.actual), p.figure(x.target)],
                values={"reading": READINGS["relative"], "label": "超额完成"},
            ))
    return out


SPEC = KindSpec(
    name="prose-change",
    summary="a change stated in prose (较上年…, 由A调整为B…削减p%) against its figures",
    params=PARAMS,
    run=run,
    placeholders=COMMON_PLACEHOLDERS,
)
