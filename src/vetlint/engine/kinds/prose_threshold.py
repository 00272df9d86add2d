"""A stated figure against a standard's threshold (生师比 ≤ 20:1, 生均图书 ≥ 30册 …).

Not arithmetic: a note that the report's own figure misses a published
standard or target, so rules of this kind are ``info`` by default (a reviewer
raises them with a severity override). The figure is found in prose and in
table cells (the latest year of a table):

- a named rate (``生师比16.22 : 1``, a ``“双师型”教师比例`` row);
- a share whose part and base the rule names (``专业课教师922人，占专任教师总数的47%``);
- a per-capita amount (``生均纸质图书 37 册``; a ``生均仪器设备值`` row whose 单位
  column says 万元), compared in base units so 0.393万元 is 3930元.

A target that one city's plan sets (郑州 …) judges only that city's reports:
``applies_to`` names the places, and the report's title must name one.
"""

from __future__ import annotations

import re
from collections.abc import Iterator
from dataclasses import dataclass, replace
from functools import lru_cache

from vetlint.checks import Check, Expected, Figure
from vetlint.document import Heading, Paragraph
from vetlint.engine.context import Context, render
from vetlint.engine.grid import first_term
from vetlint.engine.kinds import COMMON_PLACEHOLDERS, KindSpec
from vetlint.engine.kinds.prose_common import analyse, names_for
from vetlint.engine.packs import Rule
from vetlint.extract.legacy_relations import Mention, find_rates, label_matches
from vetlint.numbers import Number, parse_unit_text

PARAMS = {
    "type": "map",
    "keys": {
        "names": {"type": "strlist"},  # a named rate
        "part": {"type": "strlist"},  # or a share: part and base indicators
        "base": {"type": "strlist"},
        "per_capita": {"type": "strlist"},  # or a 生均 amount whose label has one of these words
        "unit": {"type": "str"},  # the per-capita amount's unit (元, 平方米, 册)
        "max": {"type": "number"},
        "min": {"type": "number"},
        "standard": {"type": "str"},
        "percent": {"type": "bool"},  # thresholds written in percent (50 = 50%)
        "applies_to": {"type": "strlist"},  # only reports whose title names one of these
        "require": {"type": "strlist"},  # the figure's label must have one of these (高职)
    },
}

_PER_CAPITA = ("生均",)
_TITLE_BLOCKS = 6
_SPACES = re.compile(r"\s+")
_BRACKETED = re.compile(r"[（(]([^（）()]*)[）)]")
_CORE_CUT = re.compile(r"[（(][^（）()]*[）)]|\s+")


def _prepare(params: dict) -> None:
    if "max" not in params and "min" not in params:
        raise ValueError("params: give max or min")
    if not (params.get("names") or (params.get("part") and params.get("base"))
            or params.get("per_capita")):
        raise ValueError("params: give names, part and base, or per_capita")
    if params.get("per_capita"):
        unit = parse_unit_text(str(params.get("unit", "")))
        if unit is None or unit[1] is None:
            raise ValueError("params: per_capita needs a unit (元, 平方米, 册 …)")


@dataclass(slots=True)
class _Hit:
    """One figure to judge: its printed form, label and value interval in base units."""

    figure: Figure
    label: str
    shown: str  # the figure as printed, with the unit a table prints in its header
    low: float
    high: float


def applies(ctx: Context, rule: Rule) -> bool:
    """True unless the rule names places (``applies_to``) and the report's title names none."""
    places = rule.params.get("applies_to") or []
    if isinstance(places, str):
        places = [places]
    if not places:
        return True
    head = [b.text for b in ctx.doc.blocks[:_TITLE_BLOCKS] if isinstance(b, Heading | Paragraph)]
    title = " ".join(head)
    return any(p in title for p in places)


def _value(n: Number) -> tuple[float, float]:
    """The figure's interval (for ``16.22 : 1`` the first term's)."""
    term = first_term(n)
    if term is not None:
        return term[1].low, term[1].high
    return n.low, n.high


def _per_capita_label(ms: list[Mention], i: int) -> str:
    """``仪器设备值 22188 万元，生均 5546 元``: a bare 生均 borrows the clause before it."""
    m = ms[i]
    label = m.label.strip()
    if label.endswith(_PER_CAPITA) and len(label) <= 4 and i > 0:
        prev = ms[i - 1]
        if prev.sentence == m.sentence and prev.label.strip():
            return f"{prev.label.strip()}（{label}）"
    return label


def _keyword_match(label: str, words: list[str]) -> bool:
    label = _SPACES.sub("", label)
    return any(p in label for p in _PER_CAPITA) and any(w in label for w in words)


@lru_cache(maxsize=8192)
def _core(label: str) -> str:
    """A table label's first part without brackets and spaces (every rule asks again)."""
    return _CORE_CUT.sub("", label.split(" / ")[0])


def _table_unit(label: str) -> tuple[float, str] | None:
    """The unit a table prints in a 单位 column or a bracket: ``生均仪器设备值 / 万元``."""
    pieces = label.split(" / ")[1:] + _BRACKETED.findall(label)
    for piece in pieces:
        unit = parse_unit_text(piece.strip())
        if unit is not None and unit[1] is not None:
            return unit[0], unit[1]
    return None


def _prose_hits(ctx: Context, rule: Rule) -> Iterator[_Hit]:
    names = names_for(rule, "names")
    parts, bases = names_for(rule, "part"), names_for(rule, "base")
    words = names_for(rule, "per_capita")
    unit = parse_unit_text(str(rule.params.get("unit", ""))) if words else None
    endings = tuple(names)
    for p in analyse(ctx).paras:
        found: list[tuple[Mention, str]] = []
        if names:
            # find_rates keeps only labels ending in a name: test that first, at C speed.
            named = [m for m in p.relations.mentions if m.label.endswith(endings)]
            if named:
                found += [(r.value, r.name) for r in find_rates(named, {rule.code: names})]
        if parts and bases:
            for s in p.relations.shares:
                if s.part is not None and label_matches(s.part.label, parts) and label_matches(s.base_label, bases):
                    found.append((s.share, f"{s.part.label}占{s.base_label}"))
        if words and unit is not None:
            ms = p.relations.mentions
            for i, m in enumerate(ms):
                if m.number.kind != "quantity" or m.number.unit != unit[1] or m.is_change:
                    continue
                label = _per_capita_label(ms, i)
                if _keyword_match(label, words):
                    found.append((m, _SPACES.sub("", label)))
        for m, label in found:
            if not m.number.exact:
                continue
            low, high = _value(m.number)
            yield _Hit(p.figure(m, label=label), label, m.number.text, low, high)


def _table_hits(ctx: Context, rule: Rule) -> Iterator[_Hit]:
    names = names_for(rule, "names")
    words = names_for(rule, "per_capita")
    unit = parse_unit_text(str(rule.params.get("unit", ""))) if words else None
    percent = bool(rule.params.get("percent"))
    for fact in analyse(ctx).table_facts:
        n = fact.number
        core = _core(fact.label)
        if names and label_matches(core, names):
            if n.kind == "percent" or (n.kind == "ratio" and not percent):
                low, high = _value(n)
                yield _Hit(fact.figure, core, n.text, low, high)
            elif n.kind == "quantity" and not n.unit_text:
                declared = _table_unit(fact.label)
                if percent and declared is not None and declared[1] == "percent":
                    yield _Hit(fact.figure, core, n.text + "%", n.low * 0.01, n.high * 0.01)
                elif not percent and declared is None:
                    yield _Hit(fact.figure, core, n.text, n.low, n.high)
        elif words and unit is not None and _keyword_match(core, words) and n.kind == "quantity":
            declared = _table_unit(fact.label)
            if n.unit is not None:
                if n.unit != unit[1]:
                    continue
                yield _Hit(fact.figure, core, n.text, n.low, n.high)
                continue
            if declared is None or declared[1] != unit[1]:
                continue  # a bare cell whose unit the table does not say: not judged
            factor = declared[0] if n.scale == 1 else 1.0  # a 万元 header not yet applied
            word = _unit_word(fact.label)
            yield _Hit(fact.figure, core, n.text + word, n.low * factor, n.high * factor)


def _unit_word(label: str) -> str:
    pieces = label.split(" / ")[1:] + _BRACKETED.findall(label)
    return next((p.strip() for p in pieces if parse_unit_text(p.strip()) is not None), "")


def run(ctx: Context, rule: Rule) -> list[Check]:
    if not applies(ctx, rule):
        return []
    required = rule.params.get("require") or []
    if isinstance(required, str):
        required = [required]
    factor = 0.01 if rule.params.get("percent") else 1.0
    hi = rule.params.get("max")
    lo = rule.params.get("min")
    hi = hi * factor if hi is not None else None
    lo = lo * factor if lo is not None else None
    suffix = "%" if factor != 1.0 else str(rule.params.get("unit", ""))
    shown = (f"≤ {rule.params['max']}" if hi is not None else f"≥ {rule.params['min']}") + suffix
    out: list[Check] = []
    seen: set[tuple[object, ...]] = set()
    for hit in [*_prose_hits(ctx, rule), *_table_hits(ctx, rule)]:
        loc = hit.figure.location
        key = (loc.line, loc.column, loc.table, loc.row, loc.col)
        if key in seen or (required and not any(w in hit.label for w in required)):
            continue
        seen.add(key)
        ok = (hi is None or hit.low <= hi) and (lo is None or hit.high >= lo)
        values = {"label": hit.label, "stated": hit.shown, "expected": shown,
                  "inputs": rule.params.get("standard", ""), "table": loc.table or ""}
        stated = replace(hit.figure, label=hit.label)
        out.append(Check(
            rule=rule.code, name=rule.name, severity=rule.severity,  # type: ignore[arg-type]
            passed=ok,
            message=render(rule.message if not ok else (rule.pass_message or rule.message), values),
            location=loc, stated=stated,
            expected=Expected(hi if hi is not None else lo, lo, hi, shown),
            pack=rule.pack, kind=rule.kind,
            extra={"standard": rule.params.get("standard", ""), "value": [hit.low, hit.high]},
        ))
    return out


SPEC = KindSpec(
    name="prose-threshold",
    summary="a stated rate, share or per-capita amount against a published standard's threshold",
    params=PARAMS,
    run=run,
    placeholders=COMMON_PLACEHOLDERS,
    prepare=_prepare,
)
