"""A claim that every indicator meets the standard, next to figures that do not.

``各项指标均达到国家标准`` / ``办学条件全部达标`` (the lexicon's ``claim.all_meet_standard``, in a
sentence of the analysis; not when ``claim.negation`` denies it) is a statement about the
report's own figures. It is contradicted, whatever the threshold rules' own severity, by a
figure in the same section that

- misses the standard a table prints beside it (a ``国家标准`` column of the analysis's table
  view: ``生均校舍建筑面积 | ≥20 | 18.7``), or
- misses the threshold of one of the standards rules named in ``params.rules`` (kind
  ``prose-threshold``), as those rules judge it.

A figure both print and a rule judge counts once, against the printed standard.
"""

from __future__ import annotations

from collections.abc import Iterator
from dataclasses import dataclass
from typing import TYPE_CHECKING

from vetlint.checks import Check, Figure
from vetlint.document import Location
from vetlint.engine.context import Context, render
from vetlint.engine.kinds import COMMON_PLACEHOLDERS, KindSpec
from vetlint.engine.packs import Rule
from vetlint.engine.thresholds import (
    Threshold,
    indicator_ids,
    judged_figures,
    shown,
    threshold_rules,
)
from vetlint.extract.figures import Figure as Fig
from vetlint.extract.index import LEVEL_ROLES

if TYPE_CHECKING:  # pragma: no cover
    from vetlint.extract.analysis import Analysis
    from vetlint.extract.tables import TableView

PARAMS = {
    "type": "map",
    "keys": {
        "rules": {"type": "strlist"},  # threshold rules whose misses contradict the claim
    },
    "required": ["rules"],
}
CLAIMS = "claim.all_meet_standard"
NEGATION = "claim.negation"
_AT_LEAST = ("at_least", "more_than")
_AT_MOST = ("at_most", "less_than")


def _prepare(params: dict) -> None:
    if not params.get("rules"):
        raise ValueError("params: name the threshold rules (rules: [...])")


@dataclass(frozen=True, slots=True)
class Judged:
    """One figure set against a standard: where the standard comes from and whether it is met."""

    figure: Fig
    standard: str  # ``≥20`` (printed) or ``≥ 20平方米`` (a rule's)
    source: str  # the rule's code, or the table that prints the standard
    met: bool
    printed: Fig | None = None  # the table's standard figure


def _claims(analysis: Analysis) -> Iterator[tuple[Figure, str | None]]:
    """Each claim: its words as a figure without a value, and its section."""
    lex = analysis.lexicon
    for sentence in analysis.sentences:
        hit = lex.regex(CLAIMS).search(sentence.text)
        if hit is None or lex.has(NEGATION, hit.group()):
            continue
        block = analysis.doc.blocks[sentence.block]
        smap = getattr(block, "smap", None)
        section = getattr(block, "section", None)
        size = len(getattr(block, "text", ""))
        start, end = min(sentence.start + hit.start(), size), min(sentence.start + hit.end(), size)
        loc = smap.locate(start, end).with_(section=section) if smap is not None else Location(section=section)
        yield Figure(hit.group(), None, loc), section


def _direction(std: Fig, rules: list[Rule], analysis: Analysis) -> str | None:
    """``min`` or ``max``: the printed qualifier (≥ / ≤), else that of a rule on the indicator."""
    q = std.number.qualifier
    if q in _AT_LEAST:
        return "min"
    if q in _AT_MOST:
        return "max"
    for rule in rules:
        if std.indicator in indicator_ids(rule, analysis):
            return "min" if rule.params.get("min") is not None else "max"
    return None


def _meets(fig: Fig, std: Fig, direction: str) -> bool:
    if direction == "min":
        return fig.high > std.value if std.number.qualifier == "more_than" else fig.high >= std.value
    return fig.low < std.value if std.number.qualifier == "less_than" else fig.low <= std.value


def _printed_standards(view: TableView, rules: list[Rule], analysis: Analysis) -> Iterator[Judged]:
    """Every figure of a table line against the standard the same line prints (latest year)."""
    lines: dict[int, list[Fig]] = {}
    for (r, _c), fig in sorted(view.cells.items()):
        lines.setdefault(r, []).append(fig)
    for figs in lines.values():
        for std in (f for f in figs if f.role == "standard"):
            direction = _direction(std, rules, analysis)
            if direction is None:
                continue
            values = [f for f in figs if f.role in LEVEL_ROLES and f.indicator == std.indicator
                      and f.dim == std.dim and not f.approximate]
            years = [f.period.year or "" for f in values]
            for f in values:
                if (f.period.year or "") == max(years):
                    yield Judged(f, std.text, view.id, _meets(f, std, direction), std)


def _judged(ctx: Context, rule: Rule, section: str | None) -> list[Judged]:
    """The figures of ``section`` set against a standard, each quantity once."""
    analysis = ctx.analysis
    codes = rule.params.get("rules") or []
    rules = threshold_rules(ctx.rules, [codes] if isinstance(codes, str) else codes)

    def here(loc_section: str | None) -> bool:
        return section is None or loc_section in (None, section)

    out: list[Judged] = []
    for view in analysis.tables:
        if here(view.table.section):
            out.extend(_printed_standards(view, rules, analysis))
    seen = {j.figure.key() for j in out}
    for r in rules:
        threshold = Threshold.of(r)
        for fig in judged_figures(r, analysis, threshold):
            if here(fig.location.section) and fig.key() not in seen:
                seen.add(fig.key())
                out.append(Judged(fig, threshold.shown, r.code, threshold.meets(fig)))
    return out


def run(ctx: Context, rule: Rule) -> list[Check]:
    out: list[Check] = []
    for claim, section in _claims(ctx.analysis):
        judged = _judged(ctx, rule, section)
        if not judged:
            continue
        missed = [j for j in judged if not j.met]
        listed = "；".join(f"{j.figure.label} {shown(j.figure)}（{j.standard}）" for j in missed)
        inputs = [f for j in missed for f in (j.figure, j.printed) if f is not None]
        values = {"stated": claim.text, "label": claim.text, "inputs": listed,
                  "quantity": str(len(missed)), "expected": "", "table": ""}
        template = rule.message if missed else (rule.pass_message or rule.message)
        out.append(Check(
            rule=rule.code, name=rule.name, severity=rule.severity,  # type: ignore[arg-type]
            passed=not missed, message=render(template, values),
            location=claim.location, stated=claim, inputs=inputs,  # type: ignore[arg-type]
            pack=rule.pack, kind=rule.kind,
            extra={"missed": [j.source for j in missed], "judged": len(judged)},
        ))
    return out


SPEC = KindSpec(
    name="standards-claim",
    summary="a claim that all indicators meet the standard, against the figures that do not",
    params=PARAMS,
    run=run,
    placeholders=COMMON_PLACEHOLDERS,
    prepare=_prepare,
)
