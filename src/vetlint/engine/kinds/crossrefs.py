"""The same quantity stated in two places must agree.

Figures with the same key — indicator, scope, period and unit family (``Figure.key``) — state
the same quantity wherever they stand: a sentence, a table cell, a chart value, a table note.
They must agree at the printed precision of the coarser one (``5.3万`` against ``53907`` is
judged as 万; agreement only under truncation is an info note). When three or more places
disagree and all but one agree, the odd one is blamed with the others' value as the fix; with
two, the finding names both places and proposes no one-sided fix.

A rule judges the pairs of places its ``sources`` name (``prose-table``, ``prose-prose``,
``prose-chart``, ``table-chart``, ``table-table``); only indicators the lexicon knows are
compared, unless ``labels`` allows table labels of their own (the same words in two tables).
"""

from __future__ import annotations

import math
from collections.abc import Sequence

from vetlint.checks import Check
from vetlint.engine import fmt
from vetlint.engine.context import Context, Text, make_check, words
from vetlint.engine.kinds import COMMON_PLACEHOLDERS, KindSpec
from vetlint.engine.packs import Rule
from vetlint.extract.figures import Figure
from vetlint.intervals import Interval, judge

PARAMS = {
    "type": "map",
    "keys": {
        "sources": {"type": "strlist"},
        "indicators": {"type": "strlist"},
        "labels": {"type": "bool"},
    },
}
PLACEHOLDERS = COMMON_PLACEHOLDERS | {"places"}
# Places one key is judged in. Real reports state a quantity in a handful of places (the most
# in the seeds and the development set: 14), but the pairs grow with the square of the places:
# a file that repeats one sentence 2,000 times (74 KB) took 30 s. A key stated more often (a
# generated or mutated file) is judged on its first MAX_PLACES places, in reading order.
MAX_PLACES = 32
_ONE_SIDED = ("at_least", "more_than", "less_than", "at_most")
ODD_NOTE = {
    "zh": "同一数字在其他 {n} 处均为 {value}，这一处与之不符",
    "en": "the same figure is {value} in {n} other places; this one disagrees",
}
LOOSE_NOTE = {
    "zh": "「{name}」不一定与其他处统计同一对象，只记为警告",
    "en": "'{name}' may not count the same things as the other places; a warning only",
}
TWO_NOTE = {
    "zh": "两处说法不一致；报告中没有第三处能说明哪一处有误，两处位置均已列出",
    "en": "the two places disagree and nothing else in the report says which is right; both are listed",
}


def side(fig: Figure) -> str:
    """Which kind of place a figure stands in: prose, table (a table note too) or chart."""
    if fig.source == "chart":
        return "chart"
    if fig.source in ("table", "note"):
        return "table"
    return "prose"


def _parts(ctx: Context) -> frozenset[int]:
    """Figures a sentence gives as parts of another (其中…) but reads as the same quantity as
    that whole: the reading lost what narrows them, so they are not compared."""
    def build() -> frozenset[int]:
        rel = ctx.analysis.relations
        pairs = [(p, s.total) for s in rel.sums if s.origin == "prose" for p in s.parts]
        pairs += [(b.part, b.whole) for b in rel.bounds if b.origin == "prose"]
        return frozenset(p.id for p, whole in pairs if p.indicator == whole.indicator
                         and p.scope.key() == whole.scope.key())

    return ctx.memo("crossref-parts", build)


def _confirmed(ctx: Context) -> dict[int, Interval]:
    """Shares the report also gives the counts of (``1185人，占…32.0%`` with 3700 elsewhere):
    the quantity is known more finely than its printed figure, so it is compared as computed
    (32.03%), when the figure agrees with that computation."""
    def build() -> dict[int, Interval]:
        out: dict[int, Interval] = {}
        for sh in ctx.analysis.relations.shares:
            part, whole, fig = sh.part, sh.whole, sh.share
            if part is None or whole is None or sh.extra_parts or not (part.exact and whole.exact):
                continue
            try:
                computed = part.interval / whole.interval
            except (ZeroDivisionError, ValueError):
                continue
            if computed.intersects(fig.interval) and computed.width < fig.interval.width:
                out.setdefault(fig.id, Interval(max(computed.low, fig.interval.low), min(computed.high, fig.interval.high)))
        return out

    return ctx.memo("crossref-confirmed", build)


def _eligible(fig: Figure, ctx: Context, rule: Rule, wanted: list[str]) -> bool:
    """``wanted``: the rule's ``indicators`` (read once per rule, not once per figure)."""
    if fig.role not in ("level", "rate", "ratio", "share", "per_capita", "count"):
        return False
    if not any(ch.isdigit() for ch in fig.text):
        return False
    if side(fig) == "prose" and (fig.depth > 0 or fig.id in _parts(ctx) or "counted" in fig.notes
                                 or "each" in fig.notes):
        return False  # an aside, a part, some of them counted in passing, one of an enumeration
    if wanted:
        return fig.indicator in wanted
    if ctx.analysis.lexicon.indicator(fig.indicator) is not None:
        return True
    # a name the lexicon does not know (企业就业, 灵活就业): only printed alike in full, of four
    # characters or more, and (for prose) when the rule compares prose with tables
    if not rule.params.get("labels") or len(fig.indicator) < 4 or "/" in fig.indicator:
        return False
    return fig.cell is not None or sources_with_tables(rule)


def sources_with_tables(rule: Rule) -> bool:
    return any("table" in pair or "chart" in pair for pair in _sources(rule))


def _agree(a: Figure, b: Figure, mode: str, fine_ivs: dict[int, Interval] | None = None) -> str:
    """``holds``, ``truncated`` or ``fails``: judged at the precision of the coarser figure.

    A figure its own counts confirm is compared as computed (``fine_ivs``). Two figures
    printed to the same precision agree only when they print the same value: one quantity
    rounded twice the same way cannot give 26.8% and 26.9%, though their intervals meet."""
    known = fine_ivs or {}
    iv_a, iv_b = known.get(a.id, a.interval), known.get(b.id, b.interval)
    (coarse, c_iv), (_fine, f_iv) = sorted(((a, iv_a), (b, iv_b)), key=lambda t: -t[1].width)
    if a.id not in known and b.id not in known and _same_precision(a, b) and not math.isclose(
            iv_a.mid, iv_b.mid, rel_tol=1e-9, abs_tol=1e-12):
        lower, upper = sorted((a, b), key=lambda f: f.interval.mid)
        cut = lower.truncated_interval  # 26.8 truncated is [26.8, 26.9), which meets 26.9's [26.85, 26.95)
        if cut is not None and cut.low < upper.interval.low < cut.high:
            return "holds" if mode == "truncate" else "truncated"
        return "fails"
    return judge(f_iv, c_iv, stated_truncated=coarse.truncated_interval, mode=mode)


def _same_precision(a: Figure, b: Figure) -> bool:
    wa, wb = a.interval.width, b.interval.width
    return wa > 0 and wb > 0 and math.isclose(wa, wb, rel_tol=1e-9) and a.number.qualifier is None and b.number.qualifier is None


def _pair_ok(a: Figure, b: Figure, sources: set[frozenset[str]]) -> bool:
    if a.id == b.id:
        return False
    bounds = [f for f in (a, b) if f.number.qualifier in _ONE_SIDED]
    if bounds and (len(bounds) == 2 or side(b if bounds[0] is a else a) == "prose"):
        return False  # a bound (不足10%) is judged against a figure a table prints, never another bound
    if a.sentence is not None and a.sentence == b.sentence:
        return False  # one sentence that says a figure twice says nothing new
    if a.cell is not None and b.cell is not None and a.cell.table == b.cell.table:
        # one table line repeats its own figure (a total column beside a 小计); two lines of one
        # table under one key are a key the layout could not tell apart (Total assets, Total
        # liabilities), not a fact stated twice: the table's own checks judge its lines
        return False
    return frozenset((side(a), side(b))) in sources


def _sources(rule: Rule) -> set[frozenset[str]]:
    out = set()
    for pair in words(rule, "sources", ["prose-table"]):
        a, _, b = pair.partition("-")
        out.add(frozenset((a, b or a)))
    return out


def judge_group(ctx: Context, rule: Rule, figs: list[Figure], sources: set[frozenset[str]]) -> list[Check]:
    """The checks one set of figures with the same key calls for under this rule."""
    figs = sorted(figs, key=lambda f: (f.block, f.start, f.cell.row if f.cell else 0, f.cell.col if f.cell else 0))
    figs = figs[:MAX_PLACES]
    pairs = [(a, b) for i, a in enumerate(figs) for b in figs[i + 1 :] if _pair_ok(a, b, sources)]
    if not pairs:
        return []
    mode = ctx.settings.rounding
    known = _confirmed(ctx)
    verdicts = {(a.id, b.id): _agree(a, b, mode, known) for a, b in pairs}
    involved = [f for f in figs if any(f.id in k for k in verdicts)]
    if all(v != "fails" for v in verdicts.values()):
        stated, others = _stated_and_others(involved, known)
        verdict = "truncated" if any(v == "truncated" for v in verdicts.values()) else "holds"
        return [_check(ctx, rule, stated, others, verdict)]
    loose = _loose_name(ctx, [(a, b) for (a, b) in pairs if verdicts[(a.id, b.id)] == "fails"])
    odd = _odd_one(involved, mode, known) if loose is None else None
    if odd is not None:
        others = [f for f in involved if f.id != odd.id]
        check = _check(ctx, rule, odd, others, "fails")
        ref = min(others, key=lambda f: known.get(f.id, f.interval).width)
        check.blame = odd
        check.note = {k: v.format(n=len(others), value=ref.text) for k, v in ODD_NOTE.items()}
        return [check]
    stated, others = _stated_and_others(involved, known)
    if loose is not None:  # the finding sits on the place whose name may count more
        stated = next((f for f in involved if loose in f.label), stated)
        others = [f for f in involved if f.id != stated.id]
    check = _check(ctx, rule, stated, others, "fails")
    check.blame = None
    check.suggestion = None
    check.note = dict(TWO_NOTE)
    check.extra["undecided"] = True
    if loose is not None:
        check.note = {k: v.format(name=loose) for k, v in LOOSE_NOTE.items()}
        if check.severity == "error":
            check.severity = "warning"
    return [check]


def _loose_name(ctx: Context, failing: Sequence[tuple[Figure, Figure]]) -> str | None:
    """The name under which a place may count more (学生总数 against 在校生数), when every
    disagreement involves a place so named."""
    ind = ctx.analysis.lexicon.indicator(failing[0][0].indicator) if failing else None
    if ind is None or not ind.loose:
        return None

    def loose(f: Figure) -> str | None:
        return next((name for name in ind.loose if name in f.label), None)

    names = [loose(a) or loose(b) for a, b in failing]
    return names[0] if all(names) else None


def _stated_and_others(figs: Sequence[Figure], known: dict[int, Interval]) -> tuple[Figure, list[Figure]]:
    """The figure a finding sits on: not one its own counts confirm; then the prose mention
    (what an author edits), else the coarsest place (the rounded figure is judged against the
    exact one), one printed with its unit, the later of equals."""
    pool = [f for f in figs if f.id not in known] or list(figs)
    prose = [f for f in pool if side(f) == "prose"]
    if prose:
        stated = prose[-1]
    else:
        widest = max(f.interval.width for f in pool)
        coarsest = [f for f in pool if math.isclose(f.interval.width, widest, rel_tol=1e-9)]
        printed = [f for f in coarsest if not f.text[-1:].isdigit()]  # a chart's 32.1% label over its 0.321
        stated = (printed or coarsest)[-1]
    return stated, [f for f in figs if f.id != stated.id]


def _place(fig: Figure) -> tuple[object, ...]:
    """Figures on one table line (a chart's value and its data label) are one place."""
    return ("cell", fig.cell.table, fig.cell.row) if fig.cell is not None else ("figure", fig.id)


def _odd_one(figs: Sequence[Figure], mode: str, known: dict[int, Interval]) -> Figure | None:
    """The one figure that disagrees with all the others, which all agree among themselves and
    stand in at least two other places."""
    for odd in figs:
        rest = [f for f in figs if f.id != odd.id]
        if any(_place(f) == _place(odd) for f in rest) or len({_place(f) for f in rest}) < 2:
            continue
        if all(_agree(odd, f, mode, known) == "fails" for f in rest) and all(
            _agree(a, b, mode, known) != "fails" for i, a in enumerate(rest) for b in rest[i + 1 :]
        ):
            return odd
    return None


def shown(fig: Figure) -> str:
    """A figure as the reader sees it: a table cell with the unit its header prints (``5.3万人``)."""
    unit = fig.number.unit_text or ""
    if fig.cell is None or not unit or fig.number.kind != "quantity" or fig.text.endswith(unit):
        return fig.text
    return fig.text + unit


def _in_units(stated: Figure, ref: Figure) -> tuple[Text, str | None]:
    """The reference figure, and what the stated figure would print for it when the two are
    printed at different multipliers (53907人 against 5.3万人: ``53907人（即 5.4万人）``)."""
    a, b = stated.number, ref.number
    if a.kind != "quantity" or b.kind != "quantity" or a.scale == b.scale or ref.value is None:
        return shown(ref), None
    restated = fmt.in_units(ref.value, a.scale, a.decimals, fmt.unit_text(a.unit, a.scale) or (a.unit_text or ""))
    ref_text = ref.text if not ref.text[-1:].isdigit() else ref.text + fmt.unit_text(b.unit, b.scale)
    return {"zh": f"{ref_text}（即 {restated}）", "en": f"{ref_text} (i.e. {restated})"}, restated


def _check(ctx: Context, rule: Rule, stated: Figure, others: list[Figure], verdict: str) -> Check:
    known = _confirmed(ctx)
    ref = min(others, key=lambda f: known.get(f.id, f.interval).width)
    places = "、".join(f"{shown(f)}（{f.location.short()}）" for f in others)
    expected, restated = _in_units(stated, ref)
    if stated.number.qualifier in _ONE_SIDED:  # 不足10% against 13.84%: say the figure, not a bound
        expected, restated = shown(ref), shown(ref)
    values: dict[str, Text] = {"inputs": places, "places": places, "label": _label(stated, ctx), "table": "",
                               "stated": shown(stated)}
    if restated is not None and verdict != "truncated":
        values["expected"] = expected
    check = make_check(
        ctx, rule, verdict=verdict,  # type: ignore[arg-type]
        location=stated.location, stated=stated.with_label(stated.label or stated.indicator),
        computed=known.get(ref.id, ref.interval), inputs=others, values=values, expected_override=restated,
    )
    check.extra["key"] = repr(stated.key())
    return check


def _label(fig: Figure, ctx: Context) -> str:
    ind = ctx.analysis.lexicon.indicator(fig.indicator)
    head = ind.zh if ind is not None else (fig.label.split(" / ")[0] or fig.indicator)
    if ind is not None:
        head = "".join(q for q in fig.scope.qualifiers if q not in head) + head
        if fig.role == "share" and not head.endswith(("率", "比", "比例", "占比")):
            head += "占比"
    year = fig.period.year
    return f"{year}年{head}" if year else head


def run(ctx: Context, rule: Rule) -> list[Check]:
    sources = _sources(rule)
    out: list[Check] = []
    wanted = words(rule, "indicators")
    for figs in ctx.analysis.index.groups():
        eligible = [f for f in figs if _eligible(f, ctx, rule, wanted)]
        if len(eligible) >= 2:
            out.extend(judge_group(ctx, rule, eligible, sources))
    return out


SPEC = KindSpec(
    name="cross-reference",
    summary="the same quantity stated in two places agrees",
    params=PARAMS,
    run=run,
    placeholders=PLACEHOLDERS,
)
