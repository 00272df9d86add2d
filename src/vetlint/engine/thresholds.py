"""A standard's threshold, and the figures of a report it judges.

Shared by the ``prose-threshold`` kind (each figure against its rule's threshold) and the
``standards-claim`` kind (a claim that all figures meet the standards, against those same
judgements). A threshold rule names what it judges by lexicon id: ``indicators`` (生师比, a
生均 figure, a rate), or the ``part`` and ``base`` of a share (the indicator the lexicon
defines as part ÷ base: 双师型教师 of 专业课教师). It judges the figures of the report's own
scope — the whole area, or the report's own institution — in the report's own sector unless
``sectors`` names another (高职), at the latest year the report gives for each quantity; a
quantity printed in a table and again in a sentence is judged once.
"""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Iterable
from dataclasses import dataclass
from typing import TYPE_CHECKING, Literal

from vetlint.engine.packs import Rule
from vetlint.extract.figures import Figure
from vetlint.numbers import parse_unit_text

if TYPE_CHECKING:  # pragma: no cover
    from vetlint.extract.analysis import Analysis

Reading = Literal["percent", "ratio", "amount"]

THRESHOLD_PARAMS = {
    "indicators": {"type": "strlist"},  # lexicon ids of the figures judged
    "part": {"type": "str"},  # or a share: the lexicon's indicator part ÷ base
    "base": {"type": "str"},
    "unit": {"type": "str"},  # the unit of an amount's threshold (元, 平方米, 册)
    "max": {"type": "number"},
    "min": {"type": "number"},
    "standard": {"type": "str"},
    "percent": {"type": "bool"},  # thresholds written in percent (50 = 50%)
    "applies_to": {"type": "strlist"},  # only reports of these places (the report's area or institution)
    "sectors": {"type": "strlist"},  # figures of these sectors (高职); default: the report's own
}


def check_params(params: dict) -> None:
    """Reject a threshold rule that could never judge anything."""
    if "max" not in params and "min" not in params:
        raise ValueError("params: give max or min")
    if not (params.get("indicators") or (params.get("part") and params.get("base"))):
        raise ValueError("params: name the indicators (indicators: [...]) or a share's part and base")
    if params.get("unit") and not params.get("percent"):
        unit = parse_unit_text(str(params["unit"]))
        if unit is None or unit[1] is None:
            raise ValueError(f"params: unknown unit '{params['unit']}' (元, 平方米, 册 …)")


@dataclass(frozen=True, slots=True)
class Threshold:
    """``low ≤ figure ≤ high`` in base units (a fraction for percentages), and how it prints."""

    low: float | None
    high: float | None
    reading: Reading
    unit: str | None  # an amount's canonical unit (yuan, square_meter, volume)
    shown: str  # ``≥ 33平方米``

    @classmethod
    def of(cls, rule: Rule) -> Threshold:
        p = rule.params
        factor, unit, reading = 1.0, None, "ratio"
        if p.get("percent"):
            factor, reading = 0.01, "percent"
        elif p.get("unit"):
            parsed = parse_unit_text(str(p["unit"]))
            if parsed is not None and parsed[1] is not None:
                factor, unit, reading = parsed[0], parsed[1], "amount"
        hi, lo = p.get("max"), p.get("min")
        suffix = "%" if reading == "percent" else str(p.get("unit", ""))
        shown = (f"≤ {hi}" if hi is not None else f"≥ {lo}") + suffix
        return cls(lo * factor if lo is not None else None, hi * factor if hi is not None else None,
                   reading, unit, shown)

    def reads(self, fig: Figure) -> bool:
        """Is ``fig`` a number in this threshold's terms (a percentage, n:1, an amount in its unit)?"""
        n = fig.number
        if self.reading == "percent":
            return n.kind == "percent"
        if self.reading == "amount":
            return n.kind == "quantity" and n.unit == self.unit
        if n.kind == "ratio":
            return n.value >= 1  # 1:20 reads the other way round; the reading does not say which
        return n.kind == "quantity" and n.unit is None

    def meets(self, fig: Figure) -> bool:
        """At the figure's printed precision: 20.04:1 may be 20:1."""
        return (self.high is None or fig.low <= self.high) and (self.low is None or fig.high >= self.low)


def indicator_ids(rule: Rule, analysis: Analysis) -> tuple[str, ...]:
    """The lexicon ids a threshold rule judges (a share's id from its part and base)."""
    value = rule.params.get("indicators") or []
    ids = [value] if isinstance(value, str) else list(value)
    part, base = rule.params.get("part"), rule.params.get("base")
    if part and base:
        share = analysis.lexicon.share_of(str(part), str(base))
        if share is not None:
            ids.append(share)
    return tuple(dict.fromkeys(ids))


def applies(rule: Rule, analysis: Analysis) -> bool:
    """True unless the rule names places (``applies_to``) and the report is of none of them."""
    value = rule.params.get("applies_to") or []
    places = [value] if isinstance(value, str) else list(value)
    if not places:
        return True
    own = " ".join(p for p in (analysis.report.region, analysis.report.institution) if p)
    return any(p in own for p in places)


def _own_scope(fig: Figure, rule: Rule, analysis: Analysis) -> bool:
    """The report's own area or institution, and its own sector unless the rule names others."""
    scope = fig.scope
    if scope.region is not None or scope.qualifiers:
        return False
    if scope.institution is not None and scope.institution != analysis.report.institution:
        return False
    value = rule.params.get("sectors") or []
    sectors = [value] if isinstance(value, str) else list(value)
    if not sectors:
        return scope.sector is None
    if scope.sector is not None:
        return scope.sector in sectors
    return bool(analysis.report.sectors & set(sectors))


def _year(fig: Figure) -> int:
    year = fig.period.year
    try:
        return int(year.split("-")[-1]) if year else -1
    except ValueError:
        return -1


def judged_figures(rule: Rule, analysis: Analysis, threshold: Threshold) -> list[Figure]:
    """One figure per quantity the rule judges (see the module docstring): the first place that
    misses the threshold, else the first place, in reading order."""
    if not applies(rule, analysis):
        return []
    candidates = [
        f for ident in indicator_ids(rule, analysis) for f in analysis.index.of(ident)
        if f.period.span != "cumulative" and not f.approximate and threshold.reads(f)
        and _own_scope(f, rule, analysis)
    ]
    latest: dict[tuple, int] = {}
    for f in candidates:
        series = (f.indicator, f.scope.key(), f.dim)
        latest[series] = max(latest.get(series, -1), _year(f))
    quantities: dict[tuple, list[Figure]] = defaultdict(list)
    for f in sorted(candidates, key=lambda f: f.id):
        if _year(f) == latest[(f.indicator, f.scope.key(), f.dim)]:
            quantities[f.key()].append(f)
    return [next((f for f in figs if not threshold.meets(f)), figs[0]) for figs in quantities.values()]


def shown(fig: Figure) -> str:
    """The figure as the reader sees it: a bare table cell with the unit its table prints."""
    unit = fig.number.unit_text or ""
    if fig.cell is None or not unit or fig.text.endswith(unit):
        return fig.text
    return fig.text + unit


def threshold_rules(rules: Iterable[Rule], codes: Iterable[str]) -> list[Rule]:
    """The threshold rules among ``rules`` that ``codes`` name."""
    wanted = set(codes)
    return [r for r in rules if r.code in wanted and r.kind == "prose-threshold"]
