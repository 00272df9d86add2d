"""Growth rates, differences and point changes against the two figures they compare.

Judges the ``Change`` relations of the analysis. The relation says how the change is meant
(``relative``, ``absolute``, ``points``, ``ratio``, ``direction``, or ``either`` when a
percentage beside two percentages may be a point difference or relative growth). For
``either`` a column of changes is read one way: when some cells fit only one reading, the
others of the column are judged by it too. A change printed in words (``提高1.2个百分点``,
``降低``) is judged by its sign as well, and the expected value is said the same way.
"""

from __future__ import annotations

from collections import Counter
from collections.abc import Callable
from dataclasses import replace

from vetlint.checks import Check
from vetlint.engine import fmt
from vetlint.engine.context import Context, make_check, words
from vetlint.engine.kinds import KindSpec
from vetlint.engine.packs import Rule
from vetlint.extract.figures import Figure
from vetlint.extract.relations import Change
from vetlint.intervals import Interval, Verdict, distance, judge
from vetlint.numbers import Number

PARAMS = {
    "type": "map",
    "keys": {
        "origin": {"type": "str", "enum": ["table", "prose", "any"]},
        "exclude": {"type": "strlist"},
        "abs_tolerance": {"type": "number", "minimum": 0},
        "rel_tolerance": {"type": "number", "minimum": 0},
    },
}

READINGS = {
    "relative": {"zh": "增长率", "en": "growth"},
    "points": {"zh": "百分点变化", "en": "percentage-point change"},
    "absolute": {"zh": "变化量", "en": "change"},
    "ratio": {"zh": "比值变化", "en": "change of the ratio"},
    "direction": {"zh": "变化方向", "en": "direction of change"},
    "times": {"zh": "与上年之比", "en": "ratio to last year"},
}
READING_NOTES = {
    "relative": {"zh": "按相对增长率计算", "en": "read as relative growth"},
    "points": {
        "zh": "按百分点差计算（报告用 % 表示百分点）",
        "en": "read as a percentage-point difference (the report writes points with %)",
    },
    "absolute": {"zh": "按差值计算", "en": "read as an absolute difference"},
    "ratio": {"zh": "按比值前项之差计算", "en": "read as the difference of the ratio's first terms"},
    "direction": {"zh": "按变化方向判断", "en": "judged by the direction of change"},
    "points_stated": {"zh": "按百分点差计算", "en": "read as a percentage-point difference"},
    "times": {"zh": "按本年 ÷ 上年计算", "en": "read as this year ÷ last year"},
}
OPPOSITE = {
    "提高": "下降", "增加": "减少", "上升": "下降", "增长": "下降", "升高": "降低", "提升": "下降",
    "上涨": "下降", "下降": "提高", "减少": "增加", "降低": "升高", "下滑": "上升", "回落": "上升",
}


def first_term(n: Number) -> tuple[float, Interval] | None:
    """For ``16.26 : 1`` the first term and its interval (ratios to one only)."""
    if n.terms and len(n.terms) == 2 and n.terms[1] == 1:
        d = n.term_decimals[0] if n.term_decimals else 0
        return n.terms[0], Interval.printed(n.terms[0], d)
    return None


def relative(a: Interval, b: Interval) -> Interval:
    """(new − old) ÷ |old|: a loss that deepens from (179) to (194) is −8.4%."""
    if a.high < 0:
        return (b - a) / (-a)
    return b / a - 1


def readings(stated: Number, old: Figure, new: Figure) -> list[tuple[str, Interval]]:
    """Candidate computations for a stated change, most likely first."""
    a, b = old.interval, new.interval
    if stated.kind == "ratio" or (stated.terms and len(stated.terms) == 2):
        ta, tb = first_term(old.number), first_term(new.number)
        return [("ratio", tb[1] - ta[1])] if ta and tb else []
    if stated.kind in ("percent", "points", "permille"):
        if old.kind == "ratio" and new.kind == "ratio":
            ta, tb = first_term(old.number), first_term(new.number)
            if ta and tb and ta[0] != 0:
                return [("relative", tb[1] / ta[1] - 1)]
            return []
        out: list[tuple[str, Interval]] = []
        if old.kind in ("percent", "permille") and new.kind in ("percent", "permille"):
            out.append(("points", b - a))
        if stated.kind != "points" and old.value != 0 and not (a.low <= 0 <= a.high):
            out.append(("relative", relative(a, b)))
        return out
    if stated.kind == "quantity" and old.kind == new.kind:
        return [("absolute", b - a)]
    return []


def _relation(name: str, c: Change) -> tuple[Callable[[list[Interval]], Interval] | None, list[Interval] | None]:
    assert c.old is not None and c.new is not None
    if name == "relative":
        return (lambda v: relative(v[0], v[1])), [c.old.interval, c.new.interval]
    if name in ("points", "absolute"):
        return (lambda v: v[1] - v[0]), [c.old.interval, c.new.interval]
    if name == "times":
        return (lambda v: v[1] / v[0]), [c.old.interval, c.new.interval]
    return None, None


def _worded_expected(text: str, stated: Number, value: float) -> str:
    """``下降1.2个百分点`` with the value (and, if the sign differs, the word) corrected."""
    factor = fmt.print_factor(stated.text, abs(stated.value), default=1.0)
    out = fmt.restyle(text, abs(value), factor)
    if value * stated.value < 0:
        for word in sorted(OPPOSITE, key=len, reverse=True):
            if word in out:
                return out.replace(word, OPPOSITE[word], 1)
    return out


def _label(c: Change) -> str:
    return c.label or c.stated.label or c.stated.indicator


def _direction_check(ctx: Context, rule: Rule, c: Change) -> Check:
    assert c.old is not None and c.new is not None
    ta, tb = first_term(c.old.number), first_term(c.new.number)
    diff = (tb[1] - ta[1]) if ta and tb else c.new.interval - c.old.interval
    sign = next((int(n.split(":")[1]) for n in c.stated.notes if n.startswith("direction:")), None)
    holds = {1: diff.high > 0, -1: diff.low < 0, 0: diff.low <= 0 <= diff.high}.get(sign or 0, False)
    if diff.low > 0:
        want = {"zh": "升高", "en": "up"}
    elif diff.high < 0:
        want = {"zh": "降低", "en": "down"}
    else:
        want = {"zh": "持平", "en": "flat"}
    return make_check(
        ctx, rule, verdict="holds" if holds else "fails", location=c.stated.location,
        stated=c.stated.with_label(_label(c)), computed=diff, inputs=[c.old, c.new],
        values={"quantity": READINGS["direction"], "reading": READING_NOTES["direction"], "expected": want},
        expected_override=want["zh"],
    )


SIGN = {
    "zh": "{stated} 与动词“{verb}”方向相反",
    "en": "{stated} contradicts the verb '{verb}' (its sign is the other way)",
}
SPAN_NOTE = {
    "zh": "变化说的是多年累计（{span}），比较的两个数可能不是同一时段的起止，故仅提示",
    "en": "the change covers several years ({span}); the two figures compared may span a "
          "different period, so this is a warning, not an error",
}
FINER_NOTE = {
    "zh": "依据取自报告中同一数字更精确的写法；此处印出的 {printed} 经过了四舍五入",
    "en": "the inputs are the report's more precise statement of the same figures; the {printed} printed here are rounded",
}
PRIOR_NOTE = {
    "zh": "句中未写上年数，取自 {where}（{year}年 {value}）",
    "en": "the sentence does not print last year's figure; it is taken from {where} ({year}: {value})",
}


def _sign_contradiction(ctx: Context, rule: Rule, c: Change) -> Check:
    stated = c.stated
    check = make_check(
        ctx, rule, verdict="fails", location=stated.location, stated=stated.with_label(c.verb or stated.label),
        computed=Interval(-stated.high, -stated.low), inputs=[], values={"reading": READING_NOTES["absolute"]},
    )
    check.message = {k: v.format(stated=stated.text, verb=c.verb or "") for k, v in SIGN.items()}
    if (c.direction or 0) < 0:
        check.severity = "warning"  # 下降-3%: a double negative, unclear
    return check


def _old(ctx: Context, c: Change) -> Figure | None:
    """Last year's figure; from the change itself when only the change was printed
    (``比上年增加5481人，增长4.0%``: last year was this year − 5481)."""
    if c.old is not None or c.new is None or not (c.old_from or "").startswith("delta:"):
        return c.old
    delta = ctx.analysis.figures[int(c.old_from.split(":")[1])]  # type: ignore[union-attr]
    signed = delta.interval if (_direction_of(delta) or 1) > 0 else -delta.interval
    base = c.new.interval - signed
    number = replace(c.new.number, text=f"{c.new.text} − {delta.text}", value=base.mid, low=base.low, high=base.high)
    return replace(c.new, number=number, text=f"{c.new.text} − {delta.text}", exact=False, id=-1)


def _finest(ctx: Context, fig: Figure | None) -> Figure | None:
    """The most precise statement of ``fig``'s quantity (8.1万人 in a table, 80529 in the chart
    data): the report's other figures with the same key, when every one agrees with every
    other; a change is judged on what the report knows best."""
    if fig is None or fig.id < 0 or ctx.analysis.lexicon.indicator(fig.indicator) is None:
        return fig
    same = [f for f in ctx.analysis.index.same(fig) if f.number.qualifier is None]
    if len(same) < 2 or fig not in same:
        return fig
    if not all(_meet(a, b) for i, a in enumerate(same) for b in same[i + 1 :]):
        return fig  # the places disagree: the cross-reference check says so; judge as printed
    return min(same, key=lambda f: (f.interval.width, f.id != fig.id))


def _meet(a: Figure, b: Figure) -> bool:
    """Two statements of one quantity that can be the same value, rounded or truncated
    (5.3万 for 53907 is a truncation)."""
    def overlap(x: Interval, y: Interval) -> bool:
        return (x.low < y.high and y.low < x.high) or x.low == x.high == y.low == y.high

    cuts_a = [a.interval, *([a.truncated_interval] if a.truncated_interval else [])]
    cuts_b = [b.interval, *([b.truncated_interval] if b.truncated_interval else [])]
    return any(overlap(x, y) for x in cuts_a for y in cuts_b)


def _inputs(ctx: Context, c: Change) -> list[Figure]:
    """What the check read: last year's and this year's figures, or the printed change in
    place of a last year computed from it."""
    shown = [f for f in (c.old, c.new) if f is not None and f.id >= 0]
    if (c.old_from or "").startswith("delta:"):
        shown.insert(0, ctx.analysis.figures[int(c.old_from.split(":")[1])])  # type: ignore[union-attr]
    return shown or [f for f in (c.new,) if f is not None]


def _direction_of(fig: Figure) -> int | None:
    return next((int(n.split(":")[1]) for n in fig.notes if n.startswith("direction:")), None)


def judge_change(ctx: Context, rule: Rule, c: Change, prefer: str | None = None) -> Check | None:
    if c.stated.value < 0 and c.direction not in (None, 0) and "worded" not in c.stated.notes:
        return _sign_contradiction(ctx, rule, c)
    old = _old(ctx, c)
    if old is None or c.new is None:
        return None
    if old is not c.old:
        c = replace(c, old=old)
    printed = (c.old, c.new)
    finer_old, finer_new = _finest(ctx, c.old), _finest(ctx, c.new)
    if finer_old is not c.old or finer_new is not c.new:
        c = replace(c, old=finer_old, new=finer_new)
    if c.reading == "direction":
        return _direction_check(ctx, rule, c)
    stated_fig = c.stated
    stated = stated_fig.number
    options = readings(stated, c.old, c.new)
    if c.reading == "times":  # 为上年的120.6%: this year over last year
        options = [("times", c.new.interval / c.old.interval)] if c.old.value > 0 else []
    fixed = {"relative": "relative", "points": "points", "absolute": "absolute", "ratio": "ratio"}.get(c.reading)
    if fixed is not None and any(name == fixed for name, _ in options):
        options = [(n, iv) for n, iv in options if n == fixed]
    elif prefer is not None and any(name == prefer for name, _ in options):
        options = [(n, iv) for n, iv in options if n == prefer]
    if not options:
        return None
    stated_iv, trunc = stated_fig.interval, stated_fig.truncated_interval
    words_sign = c.direction if c.direction in (-1, 1) and "worded" not in stated_fig.notes else None
    if words_sign == -1:  # 减少364人 / 下降2.2%: the words give the sign, the figure its size
        stated_iv = -stated_iv
        trunc = -trunc if trunc is not None else None
    if stated.kind == "ratio" or (stated.terms and len(stated.terms) == 2):
        term = first_term(stated)
        if term is None:
            return None
        stated_iv = term[1]
        width = stated_iv.width
        trunc = Interval(term[0], term[0] + width) if term[0] >= 0 else Interval(term[0] - width, term[0])
    tol = ctx.tolerance(rule)
    best: tuple[str, Interval, Verdict] | None = None
    for name, computed in options:
        verdict = judge(computed, stated_iv, stated_truncated=trunc, tolerance=tol, mode=ctx.settings.rounding)
        if verdict == "holds":
            best = (name, computed, verdict)
            break
        if (
            best is None
            or (verdict == "truncated" and best[2] == "fails")
            or (best[2] == "fails" and distance(computed, stated_iv) < distance(best[1], stated_iv))
        ):
            best = (name, computed, verdict)
    assert best is not None
    name, computed, verdict = best
    relation, ivs = _relation(name, c)
    values: dict[str, object] = {
        "quantity": READINGS[name],
        "reading": READING_NOTES["points_stated" if stated.kind == "points" else name],
    }
    if (c.old_from or "").startswith("delta:"):  # 3000人，较上年增加115人: say what it was computed from
        delta = ctx.analysis.figures[int(c.old_from.split(":")[1])]  # type: ignore[union-attr]
        verb = next((n.split(":", 1)[1] for n in delta.notes if n.startswith("verb:")), "变化")
        sign = "+" if (_direction_of(delta) or 1) > 0 else "−"
        values["inputs"] = {"zh": f"{c.new.text}，较上年{verb}{delta.text}",  # type: ignore[union-attr]
                            "en": f"{c.new.text}, {sign}{delta.text} on last year"}  # type: ignore[union-attr]
    override = None
    if "worded" in stated_fig.notes:  # 提高1.2个百分点: say it the same way
        override = _worded_expected(stated_fig.text, stated, computed.mid)
        values["expected"] = override
        if computed.mid * stated.value < 0:
            values["diagnosis"] = {"zh": "变化方向写反了", "en": "the direction is wrong"}
        else:
            values["diagnosis"] = {"zh": "数值不符", "en": "the figure does not match"}
    shown = -computed if words_sign == -1 else computed  # said as a size in the verb's direction
    points = None
    if name == "points" and stated.kind != "points" and override is None:  # said as 个百分点
        points = values["expected"] = fmt.points_expected(stated_fig.text, stated_fig.value, computed.mid)
    check = make_check(
        ctx, rule, verdict=verdict, location=stated_fig.location, stated=stated_fig.with_label(_label(c)),
        computed=shown, inputs=_inputs(ctx, c), values=values,
        factor=1.0 if name == "ratio" else None, expected_override=override,
        relation=None if words_sign == -1 else relation, input_ivs=ivs,
    )
    if points is not None and check.expected is not None:
        check.expected.text = points.get(ctx.doc.language, points["en"])
    check.extra["reading"] = name
    check.extra["shape"] = c.shape
    if c.old_from and not c.old_from.startswith("delta:") and c.old is not None:
        check.note = {k: v.format(where=c.old.location.short(), year=c.old.period.year or "?", value=c.old.text)
                      for k, v in PRIOR_NOTE.items()}
        check.extra["previous_from"] = c.old.location.short()
    if not check.passed and printed != (c.old, c.new):  # say where the finer figures are
        here = [f.text for f in printed if f is not None]
        check.note = {k: v.format(printed=("、" if k == "zh" else ", ").join(here)) for k, v in FINER_NOTE.items()}
    if not check.passed and check.severity == "error" and (c.span or not c.near):
        check.severity = "warning"  # several years, or last year's figure from another place
        if c.span:
            check.note = {k: v.format(span=c.span) for k, v in SPAN_NOTE.items()}
    return check


def _line(c: Change) -> tuple[str, int, int]:
    """The line of change cells a change belongs to (its table column or row)."""
    cell = c.stated.cell
    if cell is None:
        return ("prose", c.stated.id, 0)
    if c.old is not None and c.old.cell is not None and c.old.cell.row == cell.row:
        return ("col", cell.table, cell.col)
    return ("row", cell.table, cell.row)


def preferred_readings(changes: list[Change]) -> dict[tuple[str, int, int], str]:
    """Per line of ``either`` changes: the reading its unambiguous cells use."""
    votes: dict[tuple[str, int, int], Counter[str]] = {}
    for c in changes:
        if c.reading != "either" or c.old is None or c.new is None:
            continue
        options = readings(c.stated.number, c.old, c.new)
        if len(options) < 2:
            continue
        holding = [
            name for name, computed in options
            if judge(computed, c.stated.interval, stated_truncated=c.stated.truncated_interval) != "fails"
        ]
        if len(holding) == 1:
            votes.setdefault(_line(c), Counter())[holding[0]] += 1
    out: dict[tuple[str, int, int], str] = {}
    for line, counter in votes.items():
        (top, n), *rest = counter.most_common()
        if not rest or rest[0][1] < n:
            out[line] = top
    return out


def _flipped(c: Change) -> bool:
    """Does the change hold only with its sign flipped?"""
    if c.old is None or c.new is None or c.reading == "direction":
        return False
    options = readings(c.stated.number, c.old, c.new)
    stated = c.stated.interval
    plain = any(judge(iv, stated) != "fails" for _, iv in options)
    flipped = any(judge(-iv, stated) != "fails" for _, iv in options)
    return flipped and not plain


def sign_conventions(changes: list[Change]) -> set[tuple[str, int, int]]:
    """Lines of a financial statement that print favourable changes as positive: two or
    more cells hold only with the sign flipped, so the sign is a convention, not a slip."""
    counts: Counter[tuple[str, int, int]] = Counter(_line(c) for c in changes if _flipped(c))
    return {line for line, n in counts.items() if n >= 2}


def run(ctx: Context, rule: Rule) -> list[Check]:
    origin = rule.params.get("origin", "table")
    exclude = words(rule, "exclude")
    changes = [
        c for c in ctx.analysis.relations.changes
        if (origin == "any" or c.origin == origin) and not any(w and w in c.stated.label for w in exclude)
    ]
    if not ctx.doc.language.startswith("zh"):
        conventions = sign_conventions(changes)
        changes = [c for c in changes if not (_line(c) in conventions and _flipped(c))]
    prefer = preferred_readings(changes)
    out: list[Check] = []
    seen: set[int] = set()
    for c in changes:
        if c.stated.id in seen:
            continue
        check = judge_change(ctx, rule, c, prefer.get(_line(c)))
        if check is not None:
            seen.add(c.stated.id)
            out.append(check)
    return out


SPEC = KindSpec(
    name="change",
    summary="growth, difference and point changes against the two figures they compare",
    params=PARAMS,
    run=run,
)

