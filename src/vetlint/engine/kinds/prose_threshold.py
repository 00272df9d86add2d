"""A stated figure against a standard's threshold (生师比 ≤ 20:1, 双师型 ≥ 30% …).

Not arithmetic: a note that the report's own figure misses a published
standard, so rules of this kind are usually warnings. The figure is either a
named rate (``生师比16.22 : 1``) or a share whose part and base the rule names
(``专业课教师922人，占专任教师总数的47%``).
"""

from __future__ import annotations

from vetlint.checks import Check, Expected
from vetlint.engine.context import Context, render
from vetlint.engine.grid import first_term
from vetlint.engine.kinds import COMMON_PLACEHOLDERS, KindSpec
from vetlint.engine.kinds.prose_common import analyse, names_for
from vetlint.engine.packs import Rule
from vetlint.extract.relations import Mention, find_rates, label_matches

PARAMS = {
    "type": "map",
    "keys": {
        "names": {"type": "strlist"},  # a named rate
        "part": {"type": "strlist"},  # or a share: part and base indicators
        "base": {"type": "strlist"},
        "max": {"type": "number"},
        "min": {"type": "number"},
        "standard": {"type": "str"},
        "percent": {"type": "bool"},  # thresholds written in percent (50 = 50%)
    },
}


def _prepare(params: dict) -> None:
    if "max" not in params and "min" not in params:
        raise ValueError("params: give max or min")
    if not params.get("names") and not (params.get("part") and params.get("base")):
        raise ValueError("params: give names, or part and base")


def _value(m: Mention) -> tuple[float, float] | None:
    """Printed value and the most favourable reading of it (its interval's bounds)."""
    term = first_term(m.number)
    if term is not None:
        return term[1].low, term[1].high
    return m.number.low, m.number.high


def run(ctx: Context, rule: Rule) -> list[Check]:
    analysis = analyse(ctx)
    factor = 0.01 if rule.params.get("percent") else 1.0
    hi = rule.params.get("max")
    lo = rule.params.get("min")
    hi = hi * factor if hi is not None else None
    lo = lo * factor if lo is not None else None
    names = names_for(rule, "names")
    parts, bases = names_for(rule, "part"), names_for(rule, "base")
    shown = (f"≤ {rule.params['max']}" if hi is not None else f"≥ {rule.params['min']}") + (
        "%" if factor != 1.0 else ""
    )
    out: list[Check] = []
    for p in analysis.paras:
        found: list[tuple[Mention, str]] = []
        if names:
            found += [(r.value, r.name) for r in find_rates(p.relations.mentions, {rule.code: names})]
        if parts and bases:
            for s in p.relations.shares:
                if s.part is not None and label_matches(s.part.label, parts) and label_matches(s.base_label, bases):
                    found.append((s.share, f"{s.part.label}占{s.base_label}"))
        for m, label in found:
            if not m.number.exact:
                continue
            low, high = _value(m)
            ok = (hi is None or low <= hi) and (lo is None or high >= lo)
            fig = p.figure(m, label=label)
            values = {"label": label, "stated": m.number.text, "expected": shown,
                      "inputs": rule.params.get("standard", "")}
            out.append(Check(
                rule=rule.code, name=rule.name, severity=rule.severity,  # type: ignore[arg-type]
                passed=ok,
                message=render(rule.message if not ok else (rule.pass_message or rule.message), values),
                location=fig.location, stated=fig,
                expected=Expected(hi if hi is not None else lo, lo, hi, shown),
                pack=rule.pack, kind=rule.kind,
            ))
    return out


SPEC = KindSpec(
    name="prose-threshold",
    summary="a stated rate or share against a published standard's threshold",
    params=PARAMS,
    run=run,
    placeholders=COMMON_PLACEHOLDERS,
    prepare=_prepare,
)
