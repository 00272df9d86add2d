"""Check this year's report against last year's: the figures both give for one period.

A 2021 report repeats 2020 figures (the 2020 column of a 2020–2021 table, the
``比上年（9456人）`` in prose), and the 2020 report stated them first. When
the two disagree one of them is wrong, and neither report alone can show it.
``compare`` pairs every figure the current report's analysis gives for an
earlier period with the figures last year's analysis gives for the same
indicator, period, scope and unit family, and judges them with the same
interval rule as every other check: printed precision decides, no epsilon.

Pairing is deliberately strict, because a false alarm here sends an author
hunting through last year's file: an indicator the lexicon names is compared
by its id, any other by its label after removing only layout (spaces, quotes,
a unit in brackets, a trailing 数/总数/人数); the kind of number (count,
percentage, ratio…) and the unit must agree; changes, growth rates and
multiples are not levels either report states; a figure whose key last
year's report uses for disagreeing values is skipped as ambiguous. A side is
anything with ``doc``, ``figures`` (analysis ``Figure``s) and ``period`` (the
report's own year): an ``Analysis``.

VL501 is a declared rule (``rules/previous.yaml``, kind ``previous-year`` in
``engine/kinds/previous_year.py``): the runner calls ``compare`` when
``Settings.previous`` names last year's report, so select, ignore, severity
overrides, baselines and waivers treat it like every other rule.
"""

from __future__ import annotations

import re
from collections import defaultdict
from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import Any, Protocol

from vetlint.checks import Check, Expected, Figure
from vetlint.document import Document, Location

RULE = "VL501"
NAME = "previous-year-mismatch"
SEVERITY = "warning"  # statistics are revised between years; still worth a look
PACK = "previous"
KIND = "previous-year"

_YEAR = re.compile(r"(?:19|20)\d{2}")
_LAYOUT = re.compile(r"[\s\u3000“”\"'‘’《》「」]")
_BRACKETED = re.compile(r"[（(][^（）()]*[）)]")
_TAIL = re.compile(r"(?:总数|人数|数量|总量|总额|数)$")
_PERIOD_ONLY = re.compile(r"^(?:19|20)\d{2}(?:[-—–~至](?:19|20)\d{2})?(?:年度?|学年度?)?$")


_LEVELS = ("level", "previous", "share", "rate", "ratio", "per_capita")


@dataclass(frozen=True, slots=True)
class _Item:
    """One figure reduced to what pairing needs."""

    key: tuple[Any, ...]  # indicator, period, scope, kind of number
    period: str
    figure: Any  # vetlint.extract.figures.Figure
    number: Any  # the figure's Number
    location: Location


class Side(Protocol):
    """One report of the pair, as its analysis gives it."""

    doc: Document
    figures: Sequence[Any]
    period: str | None


def normalize_label(label: str | None) -> str:
    """``“双师型”教师数（人）`` → ``双师型教师``: layout removed, meaning kept."""
    if not label:
        return ""
    parts = []
    for part in label.split(" / "):
        part = _LAYOUT.sub("", part)
        if _PERIOD_ONLY.match(part):
            continue  # the period is compared on its own
        part = _BRACKETED.sub(lambda m: "" if _unit_only(m.group(0)) else m.group(0), part)
        previous = None
        while previous != part and len(part) > 2:
            previous = part
            part = _TAIL.sub("", part)
        if part:
            parts.append(part)
    return "/".join(parts)


def _unit_only(bracketed: str) -> bool:
    """``（万元）``, ``(单位：人)``: a unit, not part of what is measured (``（公办）`` is)."""
    from vetlint.numbers import parse_unit_text

    inner = bracketed[1:-1].strip()
    return not inner or parse_unit_text(inner) is not None


def period_end(period: str | None) -> int | None:
    """Last year a period covers: ``2020`` → 2020, ``2020-2021`` → 2021."""
    years = _YEAR.findall(period or "")
    return int(years[-1]) if years else None


def report_year(side: Side) -> int | None:
    """The year a report is about: its title's year, else its latest period."""
    year = period_end(side.period)
    if year is not None:
        return year
    ends = [e for f in side.figures if (e := period_end(f.period.year)) is not None]
    return max(ends) if ends else None


def _units_agree(a: Any, b: Any) -> bool:
    """Same unit, or one figure printed bare (a table cell whose unit is in the caption)."""
    ua, ub = getattr(a, "unit", None), getattr(b, "unit", None)
    return ua is None or ub is None or ua == ub


def _items(figures: Iterable[Any]) -> list[_Item]:
    """Figures of a level with an indicator and a year (``比上年（7100人）`` carries its
    clause's indicator and last year's period from the analysis)."""
    out: list[_Item] = []
    for fig in figures:
        if fig.role not in _LEVELS or fig.source == "check":
            continue
        # a table of periods whose rows the lexicon does not name (一等奖 / 河南省 | 2019年):
        # the row's label is all that says what the figure is
        indicator = normalize_label(fig.indicator or fig.label)
        year = fig.period.year
        if not indicator or not year or fig.period.span != "year":
            continue
        key = (indicator, year, fig.scope.key(), fig.number.kind)  # units: ``_units_agree``
        out.append(_Item(key, year, fig, fig.number, fig.location))
    return out


def _in_table(item: _Item) -> bool:
    return item.location.table is not None


def _overlap(a: Any, b: Any) -> bool:
    """Two printed figures can name the same value.

    Rounding intervals are half-open (``18`` is [17.5, 18.5), ``19`` is
    [18.5, 19.5)), so intervals that only touch do not agree: adjacent
    integers are different counts.
    """
    low, high = max(a.low, b.low), min(a.high, b.high)
    return low < high or (low == high and a.low == a.high and b.low == b.high)


def _figure(item: _Item) -> Figure:
    n = item.number
    return Figure(text=n.text, value=n.value, location=item.location, low=n.low, high=n.high,
                  label=item.figure.label or None)


def _place(loc: Location) -> str:
    return loc.short() or "?"


def _check(cur: _Item, prev: _Item, current: Document, previous: Document, passed: bool) -> Check:
    cur_name, prev_name = Path(current.path).name, Path(previous.path).name
    label = cur.figure.label or cur.figure.indicator
    n_cur, n_prev = cur.number, prev.number
    zh = (f"上年报告 {prev_name}（{_place(prev.location)}）所载 {cur.period} 年“{label}”为 "
          f"{n_prev.text}，本报告 {cur_name}（{_place(cur.location)}）为 {n_cur.text}"
          + ("，两者一致" if passed else "，两者不一致"))
    en = (f"last year's report {prev_name} ({_place(prev.location)}) gives {label!r} for "
          f"{cur.period} as {n_prev.text}; this report {cur_name} ({_place(cur.location)}) "
          f"gives {n_cur.text}" + ("; they agree" if passed else "; they disagree"))
    return Check(
        rule=RULE, name=NAME, severity=SEVERITY, passed=passed,
        message={"zh": zh, "en": en},
        location=cur.location,
        stated=_figure(cur),
        expected=Expected(n_prev.value, n_prev.low, n_prev.high, n_prev.text),
        inputs=[_figure(prev)],
        pack=PACK, kind=KIND,
        note=None if passed else {
            "zh": "若上年数据已修订，请在报告中注明；否则请核对两份报告中的这一数字。",
            "en": "If last year's figure was revised, say so in the report; otherwise check "
                  "this figure in both reports.",
        },
        extra={"previous": {"path": previous.path, "location": prev.location.to_dict(),
                            "text": n_prev.text},
               "period": cur.period},
    )


def compare(current: Side, previous: Side) -> list[Check]:
    """One check per figure of ``current`` for an earlier period that ``previous`` also gives.

    A check fails (``VL501``) when no figure of last year's report for the same
    indicator, period, scope, kind and unit agrees within printed precision, and
    last year's report itself is consistent about that figure.
    """
    this_year, last_year = report_year(current), report_year(previous)
    if this_year is None or last_year is None or last_year >= this_year:
        return []
    by_key: dict[tuple[Any, ...], list[_Item]] = defaultdict(list)
    for item in _items(previous.figures):
        end = period_end(item.period)
        if end is not None and end <= last_year:
            by_key[item.key].append(item)
    checks: list[Check] = []
    seen: set[tuple[Any, ...]] = set()
    for cur in _items(current.figures):
        end = period_end(cur.period)
        if end is None or end >= this_year or end > last_year:
            continue
        candidates = [p for p in by_key.get(cur.key, ()) if _units_agree(cur.number, p.number)]
        if not candidates:
            continue
        where = (cur.key, cur.number.text, (cur.location.line, cur.location.column))
        if where in seen:
            continue
        seen.add(where)
        agreeing = [p for p in candidates if _overlap(cur.number, p.number)]
        if agreeing:
            checks.append(_check(cur, agreeing[0], current.doc, previous.doc, passed=True))
            continue
        # judged against last year's tables when they have the figure: their row and
        # column labels are far less ambiguous than a clause of prose
        pool = [p for p in candidates if _in_table(p)] or candidates
        if not all(_overlap(pool[0].number, p.number) for p in pool[1:]):
            continue  # last year's report disagrees with itself: ambiguous, say nothing
        checks.append(_check(cur, pool[0], current.doc, previous.doc, passed=False))
    return checks
