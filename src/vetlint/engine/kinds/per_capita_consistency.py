"""Per-student figures stated together must imply one student count.

``校园占地面积291万平方米，生均58.28平方米`` implies about 49 900 students;
``教学科研仪器设备值22188万元，生均5546元`` about 40 000. Each (total,
per-student) pair gives the interval total ÷ per-student (both at their printed
precision); with the report's stated 在校生 count of the same year, all the
intervals must share a point. A pair is a per-student figure (生均/人均/每生)
right after a total of the same unit in the same section (a line break may
split ``生均校舍`` from ``建筑面积28.63平方米``), or a ``生均X`` row of a table
in that section beside a total ``X`` the prose states. A warning only: a report
may divide some totals by full-time students and others by all students.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

from vetlint.checks import Check, Expected, Figure
from vetlint.engine.context import Context, render
from vetlint.engine.kinds import COMMON_PLACEHOLDERS, KindSpec
from vetlint.engine.kinds.prose_common import ProsePara, analyse, interval, vocabulary_for
from vetlint.engine.kinds.units_scale import row_scale
from vetlint.engine.packs import Rule
from vetlint.extract.legacy_relations import Mention, label_matches, period_at
from vetlint.intervals import Interval

PARAMS = {
    "type": "map",
    "keys": {
        "prefixes": {"type": "strlist"},
        "headcount": {"type": "str"},
        "min_students": {"type": "number", "minimum": 1},
    },
}

_PREFIXES = ("生均",)
_PLACE = re.compile(r"^(全市|我市|全县|全区|全省)")
_TAIL = re.compile(r"[^，,。；;：:、\s]*$")


@dataclass(slots=True)
class Base:
    """One student count: implied by a pair (total, per-student) or stated."""

    interval: Interval
    figures: list[Figure]
    what: str


def run(ctx: Context, rule: Rule) -> list[Check]:
    prefixes = tuple(rule.params.get("prefixes") or _PREFIXES)
    minimum = float(rule.params.get("min_students", 100))
    analysis = analyse(ctx)
    stated = _stated_counts(analysis.paras, rule)
    out: list[Check] = []
    for group in _section_groups(analysis.paras):
        period = next((y for p in group for m in p.relations.mentions
                       if (y := period_at(p.para.text, m.start)) is not None), None)
        bases = _prose_pairs(group, prefixes, minimum)
        bases += _table_pairs(ctx, group, prefixes, minimum, period, rule)
        if not bases:
            continue
        known = stated.get(period) if period is not None else None
        if known is not None and not any(b.figures[0] is known.figures[0] for b in bases):
            bases.append(known)
        if len(bases) < 2 or all(b.what == "stated" for b in bases):
            continue
        out.append(_check(rule, bases))
    return out


def _section_groups(paras: list[ProsePara]) -> list[list[ProsePara]]:
    """Consecutive paragraphs of one section: a figure's pair may sit across a line break."""
    groups: list[list[ProsePara]] = []
    for p in paras:
        last = groups[-1][-1] if groups else None
        if last is not None and p.section and last.section == p.section and p.index - last.index <= 1:
            groups[-1].append(p)
        else:
            groups.append([p])
    return groups


def _starts(label: str, prefixes: tuple[str, ...]) -> bool:
    """``生均校园用地面积``, not ``平均每生每年`` (a grant per recipient, not per student)."""
    return _PLACE.sub("", label).startswith(prefixes)


def _per_student(p: ProsePara, m: Mention, prev_text: str, prefixes: tuple[str, ...]) -> bool:
    if _starts(m.label, prefixes):
        return True
    head = p.para.text[: m.start]
    if not re.search(r"[，,。；;：:]", head):  # the paragraph's first clause continues the last one
        return _starts(_TAIL.search(prev_text.rstrip()).group(0), prefixes)  # type: ignore[union-attr]
    return False


def _prose_pairs(group: list[ProsePara], prefixes: tuple[str, ...], minimum: float) -> list[Base]:
    out: list[Base] = []
    prev: tuple[ProsePara, Mention] | None = None
    prev_text = ""
    for p in group:
        for m in p.relations.mentions:
            if m.number.kind != "quantity" or m.is_change or m.depth > 0:
                prev = None
                continue
            if _per_student(p, m, prev_text, prefixes):
                if prev is not None:
                    base = _pair(prev[0], prev[1], p, m, minimum)
                    if base is not None:
                        out.append(base)
                prev = None
            else:
                prev = (p, m)
        prev_text = p.para.text
    return out


def _pair(tp: ProsePara, total: Mention, sp: ProsePara, each: Mention, minimum: float) -> Base | None:
    if total.dim != each.dim or total.number.unit != each.number.unit or total.dim in ("person", "%"):
        return None
    each_iv = Interval(each.number.low, each.number.high)
    if each_iv.low <= 0:
        return None
    implied = interval(total.number) / each_iv
    if implied.low < minimum:
        return None  # 生均…3.66亿元 beside a 5.79亿元 total is a unit slip, not a base
    return Base(implied, [tp.figure(total), sp.figure(each)], "pair")


def _noun(label: str, prefixes: tuple[str, ...]) -> str:
    for x in prefixes:
        k = label.find(x)
        if k >= 0:
            label = label[k + len(x):]
    label = re.sub(r"^(教学|校园|校舍)", "", label)
    return label.replace("价值", "值").replace("用地", "占地")


def _table_pairs(
    ctx: Context, group: list[ProsePara], prefixes: tuple[str, ...], minimum: float,
    period: int | None, rule: Rule,
) -> list[Base]:
    """``生均X`` rows of a table in the group's section, against the prose's total ``X``."""
    section = group[0].section
    if period is None or not section:
        return []
    totals = [(p, m) for p in group for m in p.relations.mentions
              if m.number.kind == "quantity" and not m.is_change and m.depth == 0
              and not _starts(m.label, prefixes)]
    students = vocabulary_for(rule).get(str(rule.params.get("headcount", "students")), ("在校生",))
    out: list[Base] = []
    for grid in ctx.grids():
        if grid.table.kind != "table" or grid.table.section != section:
            continue
        cols = [c for c in range(grid.label_cols, grid.n_cols) if grid.col_year(c) == period]
        if len(cols) != 1:
            continue
        c = cols[0]
        for r in range(grid.n_rows):
            name = re.sub(r"\s+", "", grid.row_name(r))
            n = grid.num(r, c)
            if n is None or n.kind != "quantity":
                continue
            if label_matches(name, students) and n.value == int(n.value):  # 三年在校生数 in the same column
                out.append(Base(interval(n), [grid.figure(r, c, name)], "stated"))
                continue
            if not _starts(name, prefixes):
                continue
            noun = _noun(name, prefixes)
            scale = row_scale(grid, r)
            for p, m in totals:
                if len(noun) < 2 or not _noun(m.label, prefixes).endswith(noun):
                    continue
                each_iv = Interval(n.low * scale, n.high * scale)
                if each_iv.low <= 0:
                    break
                implied = interval(m.number) / each_iv
                if implied.low >= minimum:
                    cell = grid.figure(r, c, f"{grid.table.caption or grid.table.id} {name}")
                    cell = Figure(cell.text, n.value * scale, cell.location, each_iv.low, each_iv.high, cell.label)
                    out.append(Base(implied, [p.figure(m), cell], "pair"))
                break
    return out


def _stated_counts(paras: list[ProsePara], rule: Rule) -> dict[int, Base]:
    """The report's 在校生 count by year, when every statement of it agrees."""
    names = vocabulary_for(rule).get(str(rule.params.get("headcount", "students")), ("在校生",))
    found: dict[int, list[tuple[Interval, Figure]]] = {}
    for p in paras:
        for m in p.relations.mentions:
            if m.dim != "person" or m.is_change or m.depth > 0 or m.number.kind != "quantity":
                continue
            if not label_matches(m.label, names) or re.search(r"(全日制|高职|普通高中|技工)", m.label):
                continue
            year = period_at(p.para.text, m.start)
            if year is not None:
                found.setdefault(year, []).append((interval(m.number), p.figure(m, label=names[0])))
    out: dict[int, Base] = {}
    for year, hits in found.items():
        common = hits[0][0]
        if all(common.intersects(iv) for iv, _ in hits):
            out[year] = Base(common, [hits[0][1]], "stated")
    return out


def _fmt(iv: Interval) -> str:
    low, high = f"{iv.low:.0f}", f"{iv.high:.0f}"
    return low if low == high else f"{low}–{high}"


def _check(rule: Rule, bases: list[Base]) -> Check:
    low = max(b.interval.low for b in bases)
    high = min(b.interval.high for b in bases)
    ok = low <= high
    parts_zh, parts_en = [], []
    for b in bases:
        if b.what == "stated":
            parts_zh.append(f"在校生 {b.figures[0].text}（{b.figures[0].location.short()}）")
            parts_en.append(f"students {b.figures[0].text} ({b.figures[0].location.short()})")
        else:
            total, each = b.figures
            parts_zh.append(f"{total.label or ''} {total.text} ÷ {each.label or '生均'} {each.text} ≈ {_fmt(b.interval)} 人"
                            f"（{each.location.short()}）")
            parts_en.append(f"{total.label or ''} {total.text} ÷ {each.label or 'per student'} {each.text}"
                            f" ≈ {_fmt(b.interval)} students ({each.location.short()})")
    first = next(b for b in bases if b.what == "pair")
    stated = first.figures[1]
    inputs = [f for b in bases for f in b.figures if f is not stated]
    common = Interval(low, high) if ok else first.interval
    values = {"label": first.figures[0].label or "", "stated": stated.text,
              "expected": _fmt(common), "inputs": {"zh": "；".join(parts_zh), "en": "; ".join(parts_en)}}
    return Check(
        rule=rule.code, name=rule.name,
        severity=rule.severity,  # type: ignore[arg-type]
        passed=ok,
        message=render(rule.message if not ok else (rule.pass_message or rule.message), values),
        location=stated.location, stated=stated, inputs=inputs,
        expected=Expected(common.mid, common.low, common.high, _fmt(common)),
        pack=rule.pack, kind=rule.kind,
    )


SPEC = KindSpec(
    name="per-capita-base",
    summary="per-student figures stated together imply one student count",
    params=PARAMS,
    run=run,
    placeholders=COMMON_PLACEHOLDERS,
)
