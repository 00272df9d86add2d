"""Figures that cannot be right on their own, whatever else the report says.

One kind, one ``problem`` per rule, each judged on what the analysis read:

- ``share-over-100``: a share (占…p%) or a bounded rate (the lexicon's ``rate.bounded``:
  就业率, 合格率 …) above 100%;
- ``headcount``: a negative or fractional number of people;
- ``per-capita-unit``: a per-student amount in a total's unit (生均…3.66亿元);
- ``garbled``: a number a typesetting slip broke (``1682 41人``, ``291.万``), with the digits
  a share right after it shows were meant;
- ``duplicate-caption``: two different tables or figures with one number (两个表3-6).

Each finding is a failed check on its own (there is nothing to pass).
"""

from __future__ import annotations

from vetlint.checks import Check
from vetlint.checks import Figure as Shown
from vetlint.document import Location
from vetlint.engine.context import Context, render
from vetlint.engine.kinds import COMMON_PLACEHOLDERS, KindSpec
from vetlint.engine.packs import Rule
from vetlint.extract.figures import Figure

PROBLEMS = ["share-over-100", "headcount", "per-capita-unit", "garbled", "duplicate-caption"]

PARAMS = {
    "type": "map",
    "required": ["problem"],
    "keys": {
        "problem": {"type": "str", "enum": PROBLEMS},
        "per_capita_max": {"type": "number", "minimum": 0},  # yuan per student
    },
}
_NOT_HEADS = ("average", "per_capita", "ratio", "rate", "share", "standard", "growth")


def _check(rule: Rule, values: dict[str, str], location: Location, stated: Shown | Figure,
           suggestion: str | None = None, inputs: list | None = None) -> Check:
    return Check(
        rule=rule.code, name=rule.name, severity=rule.severity,  # type: ignore[arg-type]
        passed=False, message=render(rule.message, values), location=location, stated=stated,
        inputs=inputs or [], suggestion=suggestion, pack=rule.pack, kind=rule.kind, blame=stated,
    )


def _figure_check(rule: Rule, fig: Figure) -> Check:
    return _check(rule, {"stated": fig.text, "label": fig.label}, fig.location, fig)


def _over_100(ctx: Context, fig: Figure) -> bool:
    if fig.source != "prose" or fig.kind != "percent" or fig.low <= 1.0:
        return False
    if fig.role == "share":
        return True
    return fig.role == "rate" and bool(ctx.analysis.lexicon.ends_with("rate.bounded", fig.label))


def _bad_headcount(fig: Figure) -> bool:
    n = fig.number
    if fig.source != "prose" or fig.dim != "person" or n.kind != "quantity" or fig.role not in ("level", "count"):
        return False
    return n.value < 0 or (n.decimals > 0 and n.scale == 1 and n.value != int(n.value))


def _per_capita_in_total_unit(ctx: Context, fig: Figure, cap: float) -> bool:
    if fig.source != "prose" or fig.unit != "yuan" or fig.kind != "quantity":
        return False
    per_capita = fig.role == "per_capita" or any(w in fig.label for w in ctx.analysis.lexicon.words("per_capita"))
    return per_capita and fig.value > cap


def run(ctx: Context, rule: Rule) -> list[Check]:
    problem = rule.params["problem"]
    if problem == "duplicate-caption":
        return _duplicate_captions(ctx, rule)
    if problem == "garbled":
        return _garbled(ctx, rule)
    cap = float(rule.params.get("per_capita_max", 1_000_000))
    tests = {
        "share-over-100": lambda f: _over_100(ctx, f),
        "headcount": _bad_headcount,
        "per-capita-unit": lambda f: _per_capita_in_total_unit(ctx, f, cap),
    }
    test = tests[problem]
    garbled = {(g.block, g.start) for g in ctx.analysis.garbled}
    return [_figure_check(rule, f) for f in ctx.analysis.figures
            if test(f) and not (garbled and any(b == f.block and f.start <= s < f.end for b, s in garbled))]


def _garbled(ctx: Context, rule: Rule) -> list[Check]:
    out: list[Check] = []
    for g in ctx.analysis.garbled:
        stated = Shown(g.text, None, g.location)
        values = {"stated": g.text, "label": "", "expected": g.fix or "?"}
        check = _check(rule, values, g.location, stated, f"{g.text} → {g.fix}" if g.fix else None)
        if g.fix and g.share is not None:
            check.message = {
                "zh": check.message.get("zh", "") + f"（按 {g.share.text} 推算应为 {g.fix}）",
                "en": check.message.get("en", "") + f" (the stated {g.share.text} gives {g.fix})",
            }
        out.append(check)
    return out


def _duplicate_captions(ctx: Context, rule: Rule) -> list[Check]:
    by_number: dict[str, list] = {}
    for cap in ctx.analysis.captions:
        by_number.setdefault(cap.label, []).append(cap)
    out: list[Check] = []
    for label, places in by_number.items():
        titles = {c.title for c in places}
        distinct = [t for t in titles if not any(u != t and (u.startswith(t) or t.startswith(u)) for u in titles)]
        if len(places) < 2 or len(distinct) < 2:
            continue  # a table of contents repeats the same caption: not a clash
        inputs = [Shown(c.shown, None, c.location, label=label) for c in places]
        stated = Shown(label, None, places[1].location)
        out.append(_check(rule, {"stated": label, "label": label, "quantity": str(len(places))},
                          places[1].location, stated, inputs=inputs))
    return out


SPEC = KindSpec(
    name="prose-plausibility",
    summary="figures that cannot be right on their own: over 100%, fractional people, garbled digits …",
    params=PARAMS,
    run=run,
    placeholders=COMMON_PLACEHOLDERS,
)
