"""Figures defined by a formula over others: 生师比, 生均 figures, rates by their definition.

Judges the ``Quotient`` relations of the analysis: the formula (from the lexicon's indicator
definitions, a per-capita figure's total over its students, or the table's own note such as
``生师比＝折合在校生数÷（专任教师数＋校外兼职教师数×0.5）``) is evaluated over the inputs'
intervals with the safe expression grammar, and compared with the stated figure at its
printed precision (a ratio ``18.1:1`` by its first term). ``shapes`` selects which relations
a rule judges (per-capita, definitions, note formulas).
"""

from __future__ import annotations

from dataclasses import replace

from vetlint.checks import Check
from vetlint.engine.context import Context, make_check, words
from vetlint.engine.kinds import COMMON_PLACEHOLDERS, KindSpec
from vetlint.engine.packs import Rule
from vetlint.expr import ExprError, Expression
from vetlint.extract.relations import Quotient
from vetlint.intervals import Interval, judge

PARAMS = {
    "type": "map",
    "keys": {
        "origin": {"type": "str", "enum": ["table", "prose", "any"]},
        "shapes": {"type": "strlist"},
        "roles": {"type": "strlist"},
        "indicators": {"type": "strlist"},
        "abs_tolerance": {"type": "number", "minimum": 0},
        "rel_tolerance": {"type": "number", "minimum": 0},
    },
}
PLACEHOLDERS = COMMON_PLACEHOLDERS | {"formula"}


def _stated_interval(q: Quotient) -> tuple[Interval, Interval | None, float | None]:
    """The stated figure's interval (a ratio by its first term) and its truncation."""
    n = q.stated.number
    if n.terms and len(n.terms) == 2 and n.terms[1] == 1:
        d = n.term_decimals[0] if n.term_decimals else 0
        iv = Interval.printed(n.terms[0], d)
        width = iv.width
        return iv, Interval(n.terms[0], n.terms[0] + width), 1.0
    return q.stated.interval, q.stated.truncated_interval, None


def judge_quotient(ctx: Context, rule: Rule, q: Quotient) -> Check | None:
    """The first definition that holds, else the primary one (its failure is the finding)."""
    check = _judge_one(ctx, rule, q)
    if check is None or check.passed:
        return check
    for formula, names, inputs in q.alternatives:
        other = _judge_one(ctx, rule, replace(q, formula=formula, names=names, inputs=inputs, alternatives=()))
        if other is not None and other.passed:
            return other
    for formula, names, inputs in q.slips:
        wrong = _judge_one(ctx, rule, replace(q, formula=formula, names=names, inputs=inputs, alternatives=(), slips=()))
        if wrong is not None and wrong.passed:
            lex = ctx.analysis.lexicon
            differ = [(n, f) for n, f in zip(names, inputs, strict=True) if n not in q.names]
            used = ", ".join((ind.zh if (ind := lex.indicator(n)) else f.label) for n, f in differ) or formula
            check.note = {"zh": f"按 {wrong.extra.get('shown', formula)} 计算成立：报告用了另一口径（{used}）",
                          "en": f"it holds as {wrong.extra.get('shown', formula)}: the report used another definition ({used})"}
            check.extra["definition"] = used
            check.inputs = [*check.inputs, *[f for f in inputs if all(f.id != g.id for g in check.inputs)]]
            break
    return check


def _judge_one(ctx: Context, rule: Rule, q: Quotient) -> Check | None:
    try:
        expression = Expression.parse(q.formula)
    except ExprError:
        return None
    env = {name: fig.interval for name, fig in zip(q.names, q.inputs, strict=True)}

    def relation(values: list[Interval]) -> Interval:
        result = expression.evaluate(dict(zip(q.names, values, strict=True)))
        assert isinstance(result, Interval)
        return result

    try:
        computed = relation([env[n] for n in q.names])
    except (ExprError, ZeroDivisionError):
        return None
    stated_iv, trunc, factor = _stated_interval(q)
    verdict = judge(computed, stated_iv, stated_truncated=trunc, tolerance=ctx.tolerance(rule), mode=ctx.settings.rounding)
    shown = q.formula
    for name, fig in zip(q.names, q.inputs, strict=True):
        shown = shown.replace(name, fig.label.split(" / ")[0] or name)
    check = make_check(
        ctx, rule, verdict=verdict, location=q.stated.location,
        stated=q.stated.with_label(q.stated.label.split(" / ")[0] or q.stated.indicator),
        computed=computed, inputs=list(q.inputs), factor=factor,
        values={
            "formula": shown,
            "inputs": ", ".join(f"{(f.label.split(' / ')[0] or n)} = {f.text}" for n, f in zip(q.names, q.inputs, strict=True)),
        },
        relation=relation, input_ivs=[env[n] for n in q.names],
    )
    check.extra["shape"] = q.shape
    check.extra["formula"] = q.formula
    check.extra["shown"] = shown
    if not check.passed and check.severity == "error" and not q.near:
        check.severity = "warning"  # an input from elsewhere in the report: maybe another scope
    return check


def run(ctx: Context, rule: Rule) -> list[Check]:
    origin = rule.params.get("origin", "table")
    shapes = words(rule, "shapes")
    roles = words(rule, "roles")
    indicators = words(rule, "indicators")
    out: list[Check] = []
    for q in ctx.analysis.relations.quotients:
        if origin != "any" and q.origin != origin:
            continue
        if shapes and q.shape not in shapes:
            continue
        if roles and q.stated.role not in roles:
            continue
        if indicators and q.stated.indicator not in indicators:
            continue
        check = judge_quotient(ctx, rule, q)
        if check is not None:
            out.append(check)
    return out


SPEC = KindSpec(
    name="formula",
    summary="figures defined by a formula over others (生师比, 生均, rates by definition)",
    params=PARAMS,
    run=run,
    placeholders=PLACEHOLDERS,
)
