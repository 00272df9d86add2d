"""A named rate or ratio in prose against its definition (``生师比 = 在校生 ÷ 专任教师``).

The rule declares the names of the rate, the indicators of its numerator and
denominator (ids from the pack vocabulary) and, optionally, other
denominators reports are known to use. The inputs are looked for in the same
sentence, the paragraph, the section, then the whole report and its tables
(``scope`` limits how far). A rate that only matches another definition
(seed: 生师比 21.7:1 = 在校生 ÷ 教职工) gets a finding that says so.
"""

from __future__ import annotations

from vetlint.checks import Check, Figure
from vetlint.engine.context import Context, make_check, render
from vetlint.engine.grid import first_term
from vetlint.engine.kinds import COMMON_PLACEHOLDERS, KindSpec
from vetlint.engine.kinds.prose_common import (
    Found,
    ProsePara,
    analyse,
    interval,
    names_for,
    resolve,
    severity_for,
)
from vetlint.engine.packs import Rule
from vetlint.extract.legacy_relations import Mention, find_rates
from vetlint.intervals import Interval, judge

SCOPES = ["segment", "sentence", "paragraph", "section", "report"]
_RANK = {"sentence": 1, "paragraph": 2, "section": 3, "table": 4, "document": 4}

PARAMS = {
    "type": "map",
    "required": ["names", "numerator", "denominator"],
    "keys": {
        "names": {"type": "strlist"},
        "numerator": {"type": "strlist"},
        "denominator": {"type": "strlist"},
        "alternatives": {"type": "strlist"},
        "scope": {"type": "str", "enum": SCOPES},
        "match_after": {"type": "bool"},
        "abs_tolerance": {"type": "number", "minimum": 0},
        "rel_tolerance": {"type": "number", "minimum": 0},
    },
}

OTHER_DEFINITION = {
    "zh": "{label} {stated} 是按 {num_name} ÷ {alt_name} 计算的（{num} ÷ {alt}），不是规定的 {num_name} ÷ {den_name}（{num} ÷ {den}，应为 {expected}）",
    "en": "{label} {stated} was computed as {num_name} ÷ {alt_name} ({num} ÷ {alt}), not as the defined {num_name} ÷ {den_name} ({num} ÷ {den} gives {expected})",
}


def stated_interval(m: Mention) -> Interval:
    """``15：1`` → its first term; a plain ``17.5`` or ``98.26%`` → its interval."""
    term = first_term(m.number)
    if term is not None:
        return term[1]
    return interval(m.number)


def _segment_ok(p: ProsePara, found: Found, pos: int) -> bool:
    if found.mention is None or found.where != "sentence":
        return False
    lo, hi = sorted((found.mention.start, pos))
    return not any(c in p.para.text[lo:hi] for c in "；;")


def _within(found: Found | None, p: ProsePara, pos: int, scope: str) -> Found | None:
    if found is None:
        return None
    if scope == "segment":
        return found if _segment_ok(p, found, pos) else None
    limit = {"sentence": 1, "paragraph": 2, "section": 3, "report": 4}[scope]
    return found if _RANK[found.where] <= limit else None


def run(ctx: Context, rule: Rule) -> list[Check]:
    out: list[Check] = []
    analysis = analyse(ctx)
    names = names_for(rule, "names")
    num_names = names_for(rule, "numerator")
    den_names = names_for(rule, "denominator")
    alternatives = [a for a in rule.params.get("alternatives", []) or []]
    if isinstance(alternatives, str):
        alternatives = [alternatives]
    scope = rule.params.get("scope", "report")
    after = bool(rule.params.get("match_after", False))
    tol = ctx.tolerance(rule)
    for p in analysis.paras:
        for rate in find_rates(p.relations.mentions, {rule.code: names}):
            m = rate.value
            num = _within(resolve(analysis, num_names, p, m.start, use_after=after), p, m.start, scope)
            if num is None:
                continue
            excl = (num.mention,) if num.mention else ()
            den = _within(
                resolve(analysis, den_names, p, m.start, exclude=excl, use_after=after), p, m.start, scope
            )
            if den is None or den.number.value <= 0:
                continue
            computed = num.interval / den.interval
            stated_iv = stated_interval(m)
            is_percent = m.number.kind == "percent"
            ulp = stated_iv.width
            trunc = Interval(stated_iv.mid, stated_iv.mid + ulp) if ulp else None  # cut, not rounded
            verdict = judge(computed, stated_iv, stated_truncated=trunc if m.number.exact else None,
                            tolerance=tol, mode=ctx.settings.rounding)
            stated = p.figure(m, label=rate.name)
            stated = Figure(stated.text, stated_iv.mid if not is_percent else m.number.value,
                            stated.location, stated_iv.low, stated_iv.high, rate.name)
            inputs = [_label(num.figure, num_names), _label(den.figure, den_names)]
            factor = 100.0 if is_percent else 1.0
            check = make_check(
                ctx, rule, verdict=verdict, location=stated.location, stated=stated,
                computed=computed, inputs=inputs, factor=factor,
                values={"label": rate.name, "inputs": f"{num.figure.text} ÷ {den.figure.text}"},
            )
            if verdict == "fails":
                alt = _other_definition(analysis, p, m, num, alternatives, rule, stated_iv, tol)
                if alt is not None:
                    alt_found, alt_name = alt
                    check.message = render(OTHER_DEFINITION, {
                        "label": rate.name, "stated": m.number.text,
                        "num_name": num_names[0], "den_name": den_names[0], "alt_name": alt_name,
                        "num": num.figure.text, "den": den.figure.text, "alt": alt_found.figure.text,
                        "expected": check.expected.text if check.expected else "",
                    })
                    check.inputs.append(_label(alt_found.figure, [alt_name]))
                    check.severity = "warning"
                    check.blame = None
                    check.extra["definition"] = alt_name
                else:
                    check.severity = severity_for(rule, num, den)  # type: ignore[assignment]
            out.append(check)
    return out


def _label(f: Figure, names: list[str]) -> Figure:
    return Figure(f.text, f.value, f.location, f.low, f.high, names[0] if names else f.label)


def _other_definition(
    analysis, p: ProsePara, m: Mention, num: Found, alternatives: list[str], rule: Rule,
    stated_iv: Interval, tol,
) -> tuple[Found, str] | None:
    from vetlint.engine.kinds.prose_common import vocabulary_for

    vocab = vocabulary_for(rule)
    for alt in alternatives:
        names = list(vocab.get(alt, (alt,)))
        excl = (num.mention,) if num.mention else ()
        found = resolve(analysis, names, p, m.start, exclude=excl)
        if found is None or found.number.value <= 0:
            continue
        if (num.interval / found.interval).intersects(tol.apply(stated_iv)):
            return found, names[0]
    return None


SPEC = KindSpec(
    name="prose-rate",
    summary="a named rate or ratio in prose (生师比, 就业率 …) against its declared definition",
    params=PARAMS,
    run=run,
    placeholders=COMMON_PLACEHOLDERS,
)
