"""A ``其中`` breakdown in prose against the total it splits.

``共有57所，其中公办学校19所（…），民办学校38所``: a complete list must add up
to its total. Reports also list a few notable parts of a total, or subsets
that overlap (``共招录学生10247人，其中跨县域招生1014人、市外招生798人、省外招生
625人``): such a partial list only must not exceed its total. So:

- parts larger than the total (one part alone, or a list that is complete or
  exhaustive by its wording) are an error; an open list whose parts add up to
  more than the total while each fits is a warning (its parts may overlap);
- a list exhaustive by its wording (``分别为``, ``合计``, ``共计`` among the parts)
  or by its nature (第一、二、三产业; 公办 and 民办; 男 and 女) must add up;
- a complete-looking list that falls far short of its total (below
  ``shortfall_warning`` of it) is a partial list: a passed check with a note;
  one that misses by a little is a slip (error).
"""

from __future__ import annotations

import re

from vetlint.checks import Check
from vetlint.engine.context import Context, make_check, render
from vetlint.engine.kinds import KindSpec
from vetlint.engine.kinds.prose_common import analyse, interval
from vetlint.engine.packs import Rule
from vetlint.extract.legacy_relations import Breakdown
from vetlint.intervals import Interval, judge, truncated

PARAMS = {
    "type": "map",
    "keys": {
        "shortfall_warning": {"type": "number", "minimum": 0},  # sum below this share → partial list
        "abs_tolerance": {"type": "number", "minimum": 0},
        "rel_tolerance": {"type": "number", "minimum": 0},
    },
}

EXHAUSTIVE = {"zh": "各项之和", "en": "sum of the parts"}
AT_MOST = {"zh": "所列部分之和（应不超过总数）", "en": "the sum of the listed parts (at most the total)"}

# wording among the parts that says they are all of it
_ALL_WORDS = re.compile(r"分别为|分别是|分别有|分别占|合计|共计|总计")
# sets that are complete by nature: every member named
_NATURAL_SETS = (
    re.compile(r"第?一[、，,和及与]\s*(?:第)?二[、，,和及与]\s*(?:第)?三(?:次)?产业"),
    re.compile(r"一产.{0,12}二产.{0,12}三产"),
)
_NATURAL_PAIRS = (
    ("公办", "民办"),
    ("男", "女"),
    ("城镇", "农村"),
    ("第一产业", "第二产业", "第三产业"),
    ("一等奖", "二等奖", "三等奖"),  # award levels of one contest: every level named
)

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


def _total(parts: list[Interval]) -> Interval:
    out = Interval(0.0, 0.0)
    for iv in parts:
        out = out + iv
    return out


def exhaustive_by_wording(text: str, b: Breakdown) -> bool:
    """``其中…分别为…``, ``…，合计…``, 第一、二、三产业, 公办 and 民办: the parts are all of it."""
    if not b.parts:
        return False
    start = min(b.marker, b.parts[0].start)
    region = text[start : b.parts[-1].end]
    if _ALL_WORDS.search(region) or any(rx.search(region) for rx in _NATURAL_SETS):
        return True
    labels = [m.label or "" for m in b.parts]
    return any(
        len(labels) == len(members) and all(w in lab for w, lab in zip(members, labels, strict=True))
        for members in _NATURAL_PAIRS
    )


def run(ctx: Context, rule: Rule) -> list[Check]:
    out: list[Check] = []
    shortfall = float(rule.params.get("shortfall_warning", 0.9))
    tol = ctx.tolerance(rule)
    for p in analyse(ctx).paras:
        text = p.para.text
        for b in p.relations.breakdowns:
            computed = Interval(0.0, 0.0)
            for part in b.parts:
                computed = computed + interval(part.number)
            total = b.total.number
            stated = p.figure(b.total)
            inputs = [p.figure(m) for m in b.parts]
            stated_iv = tol.apply(interval(total))
            worded = exhaustive_by_wording(text, b)
            complete = b.exhaustive or worded
            values = {
                "reading": EXHAUSTIVE if complete else AT_MOST,
                "quantity": str(len(b.parts)),
                "inputs": " + ".join(m.number.text for m in b.parts),
            }
            one_too_big = any(interval(m.number).low > stated_iv.high for m in b.parts)
            partial = False
            if complete:
                exact_count = interval(total).width == 0  # a head count is not truncated
                trunc = (truncated(total.value, total.decimals, total.scale)
                         if total.exact and not exact_count else None)
                verdict = judge(computed, interval(total), stated_truncated=trunc, tolerance=tol,
                                mode=ctx.settings.rounding)
                short = computed.high < shortfall * stated_iv.low
                if verdict == "fails" and short and not worded:
                    verdict, partial = "holds", True
            else:
                verdict = "holds" if computed.low <= stated_iv.high else "fails"
                partial = len(b.parts) >= 2 and computed.high < shortfall * stated_iv.low
            check = make_check(
                ctx, rule, verdict=verdict, location=stated.location, stated=stated,
                computed=computed, inputs=inputs, values=values, blame_inputs=True,
                relation=_total, input_ivs=[interval(m.number) for m in b.parts],
            )
            if partial:
                check.note = dict(PARTIAL_NOTE)
                check.message = render(PARTIAL_MESSAGE, {
                    "label": stated.label or "", "stated": stated.text,
                    "expected": check.expected.text if check.expected else "",
                    "inputs": values["inputs"]})
            elif not check.passed and not complete and not one_too_big and check.severity != "info":
                check.severity = "warning"
                check.note = dict(OVERLAP_NOTE)
            elif not check.passed and check.blame is None:
                # nothing says whether the total or a part is wrong: no one-sided fix
                check.note = dict(UNDECIDED_NOTE)
                check.suggestion = None
                check.extra["undecided"] = True
            check.extra["exhaustive"] = complete
            check.extra["partial"] = partial
            out.append(check)
    return out


SPEC = KindSpec(
    name="prose-breakdown",
    summary="a 其中 breakdown in prose adds up to (or stays within) its total",
    params=PARAMS,
    run=run,
)
