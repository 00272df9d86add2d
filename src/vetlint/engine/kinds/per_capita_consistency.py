"""Per-student figures of one scope and year must imply one student count.

``校园占地面积291万平方米，生均58.28平方米`` implies about 49 900 students;
``教学科研仪器设备值22188万元，生均5546元`` about 40 000. Each ``PerStudent`` pair of the
analysis (a 生均 figure and the total it divides, in a sentence or a table) gives the interval
total ÷ per-student, both at their printed precision; with the report's 在校生 count of the same
scope and year, all the intervals must share a point. A warning only: a report may divide some
totals by full-time students and others by all students.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass

from vetlint.checks import Check, Expected
from vetlint.engine.context import Context, render
from vetlint.engine.kinds import COMMON_PLACEHOLDERS, KindSpec
from vetlint.engine.packs import Rule
from vetlint.extract.figures import Figure
from vetlint.extract.relations import PerStudent
from vetlint.intervals import Interval

PARAMS = {
    "type": "map",
    "keys": {
        "headcounts": {"type": "strlist"},  # indicators of a stated count, the likeliest base first
        "min_students": {"type": "number", "minimum": 1},
    },
}


@dataclass(slots=True)
class Base:
    """One student count: implied by a pair (total, per-student) or stated."""

    interval: Interval
    figures: list[Figure]
    what: str
    name: tuple[str, str] = ("在校生", "students")  # a stated count's indicator, zh and en


def run(ctx: Context, rule: Rule) -> list[Check]:
    minimum = float(rule.params.get("min_students", 100))
    headcounts = list(rule.params.get("headcounts") or ["fte_students", "students", "registered_students"])
    groups: dict[tuple, list[Base]] = {}
    for pair in ctx.analysis.relations.per_student:
        base = _implied(pair, minimum)
        if base is not None:
            groups.setdefault((pair.each.scope.key(), pair.each.period.key()), []).append(base)
    out: list[Check] = []
    for bases in groups.values():
        stated = _stated(ctx, bases, headcounts)
        if stated is not None:
            bases.append(stated)
        if len(bases) >= 2:
            out.append(_check(rule, bases))
    return out


def _implied(pair: PerStudent, minimum: float) -> Base | None:
    each = pair.each.interval
    if each.low <= 0:
        return None
    implied = pair.total.interval / each
    if implied.low < minimum:
        return None  # 生均…3.66亿元 beside a 5.79亿元 total is a unit slip, not a base
    return Base(implied, [pair.total, pair.each], "pair")


def _stated(ctx: Context, bases: list[Base], headcounts: Sequence[str]) -> Base | None:
    """The student count the report states for the pairs' scope and year: the first of
    ``headcounts`` that the pairs agree with (折合在校生 for a college's 生均 figures), else the
    first stated."""
    like = bases[0].figures[1]
    counts = [c for ident in headcounts if (c := _count(ctx, like, ident)) is not None]
    low = max(b.interval.low for b in bases)
    high = min(b.interval.high for b in bases)
    if low <= high:
        agreeing = [c for c in counts if c.interval.intersects(Interval(low, high))]
        if agreeing:
            return agreeing[0]
    return counts[0] if counts else None


def _count(ctx: Context, like: Figure, headcount: str) -> Base | None:
    """The report's count of ``headcount`` for that scope and year, when every statement agrees."""
    found = [f for f in ctx.analysis.index.find([headcount], like.scope, like.period, ("person",))
             if f.role == "level" and f.kind == "quantity" and not f.approximate and f.depth == 0
             and not {"each", "counted"} & set(f.notes)]
    if not found:
        return None
    common = found[0].interval
    for f in found[1:]:
        if not common.intersects(f.interval):
            return None
        common = Interval(max(common.low, f.interval.low), min(common.high, f.interval.high))
    best = min(found, key=lambda f: f.interval.width)
    ind = ctx.analysis.lexicon.indicator(headcount)
    return Base(common, [best], "stated", (ind.zh, ind.en) if ind is not None else (headcount, headcount))


def _fmt(iv: Interval) -> str:
    low, high = f"{iv.low:.0f}", f"{iv.high:.0f}"
    return low if low == high else f"{low}–{high}"


def _place(fig: Figure) -> str:
    return fig.location.short()


def _name(fig: Figure) -> str:
    return fig.label.split(" / ")[0]


def _parts(bases: Sequence[Base]) -> dict[str, str]:
    zh, en = [], []
    for b in bases:
        if b.what == "stated":
            f = b.figures[0]
            zh.append(f"{b.name[0]} {f.text}（{_place(f)}）")
            en.append(f"{b.name[1]} {f.text} ({_place(f)})")
        else:
            total, each = b.figures
            zh.append(f"{_name(total)} {total.text} ÷ {_name(each) or '生均'} {each.text} ≈ {_fmt(b.interval)} 人（{_place(each)}）")
            en.append(f"{_name(total)} {total.text} ÷ {_name(each) or 'per student'} {each.text} ≈ {_fmt(b.interval)} students ({_place(each)})")
    return {"zh": "；".join(zh), "en": "; ".join(en)}


def _check(rule: Rule, bases: list[Base]) -> Check:
    low = max(b.interval.low for b in bases)
    high = min(b.interval.high for b in bases)
    ok = low <= high
    first = next(b for b in bases if b.what == "pair")
    stated = first.figures[1]
    inputs = [f for b in bases for f in b.figures if f is not stated]
    common = Interval(low, high) if ok else first.interval
    values = {"label": _name(first.figures[0]), "stated": stated.text, "expected": _fmt(common),
              "inputs": _parts(bases)}
    return Check(
        rule=rule.code, name=rule.name, severity=rule.severity,  # type: ignore[arg-type]
        passed=ok, message=render(rule.message if not ok else (rule.pass_message or rule.message), values),
        location=stated.location, stated=stated, inputs=inputs,
        expected=Expected(common.mid, common.low, common.high, _fmt(common)),
        pack=rule.pack, kind=rule.kind,
    )


SPEC = KindSpec(
    name="per-capita-base",
    summary="per-student figures of one scope and year imply one student count",
    params=PARAMS,
    run=run,
    placeholders=COMMON_PLACEHOLDERS,
)
