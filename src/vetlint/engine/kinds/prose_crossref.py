"""The same figure stated twice must be stated the same way.

- ``chart``: chart data dumped into the text (a ``Table`` of kind ``chart``)
  against the prose percentages of the same categories: seed 000's chart says
  26.8%/32.1% where the prose says 26.9%/32.0%. A category matches a prose
  clause that names it (初级职称 … 26.9%) in a paragraph that names the chart
  (专业课教师职称结构 → 专业课教师); ``及以上`` in the prose is another category.
- ``prose``: one indicator of the pack vocabulary stated for the whole city
  (全市/我市) in the same year with values that cannot both be true: one
  warning with every place listed (scope may differ in ways words do not show).
"""

from __future__ import annotations

import re

from vetlint.checks import Check, Expected, Figure
from vetlint.engine import fmt
from vetlint.engine.context import Context, Text, make_check, render
from vetlint.engine.grid import Grid
from vetlint.engine.kinds import COMMON_PLACEHOLDERS, KindSpec
from vetlint.engine.kinds.prose_common import analyse, cell_number, interval, vocabulary_for
from vetlint.engine.packs import Rule
from vetlint.extract.legacy_relations import counts_label, label_matches, period_at, scope_at
from vetlint.intervals import Interval
from vetlint.numbers import Number

PARAMS = {
    "type": "map",
    "required": ["source"],
    "keys": {
        "source": {"type": "str", "enum": ["chart", "prose", "table", "table-chart"]},
        "indicators": {"type": "strlist"},
    },
}

_CATEGORY_TAIL = re.compile(r"(学历|职称|人数|比例|占比)$")
_CAPTION_TAIL = re.compile(r"(结构|情况|分布|构成|比较图?|统计)$")


def run(ctx: Context, rule: Rule) -> list[Check]:
    source = rule.params["source"]
    if source == "chart":
        return _chart(ctx, rule)
    if source == "table":
        return _table(ctx, rule)
    if source == "table-chart":
        return _table_chart(ctx, rule)
    return _prose(ctx, rule)


def _cell_label(label: str) -> str:
    label = re.sub(r"[（(][^）)]*[）)]", "", label)
    return re.sub(r"[\s“”\"]", "", label)


def _indicator_cells(
    ctx: Context, vocab: dict[str, tuple[str, ...]], wanted: list[str],
    charts: bool | None = None, unitless: bool = False,
) -> dict[tuple[str, int], list[tuple[Grid, int, int, str]]]:
    """Numeric cells by (indicator, year): the year from a column or row label, the
    indicator from the other label (matched against the vocabulary names).
    ``charts``: only chart data (True), only tables (False), or both (None).
    ``unitless``: a row label without its unit cell (``三年在校生数 / 人``)."""
    cells: dict[tuple[str, int], list[tuple[Grid, int, int, str]]] = {}
    for grid in ctx.grids():
        if charts is not None and _is_chart(grid) != charts:
            continue
        try:
            for r in range(grid.n_rows):
                row = _cell_label(grid.row_name(r) if unitless else grid.row_label(r))
                for c in range(grid.label_cols, grid.n_cols):
                    if grid.num(r, c) is None:
                        continue
                    year, label = grid.col_year(c), row
                    if year is None:
                        year, label = grid.row_year(r), _cell_label(grid.leaf(c))
                    if year is None or not label:
                        continue
                    for ind in wanted:
                        names = vocab.get(ind, ())
                        if names and label_matches(label, names) and _whole(label, names):
                            cells.setdefault((ind, year), []).append((grid, r, c, label))
                            break
        except Exception:  # an odd table: its cells are simply not offered
            continue
    return cells


_FIGURE_CAPTION = re.compile(r"^\s*图\s*\d")


def _is_chart(grid: Grid) -> bool:
    """Chart data: dumped from a chart (kind ``chart``) or a table captioned as a figure (图2 …)."""
    return grid.table.kind == "chart" or bool(_FIGURE_CAPTION.match(grid.table.caption or ""))


def _wanted(rule: Rule, vocab: dict[str, tuple[str, ...]]) -> list[str]:
    wanted = rule.params.get("indicators") or list(vocab)
    return [wanted] if isinstance(wanted, str) else list(wanted)


def _table(ctx: Context, rule: Rule) -> list[Check]:
    """A prose figure against the table cell of the same indicator and year."""
    analysis = analyse(ctx)
    vocab = vocabulary_for(rule)
    wanted = _wanted(rule, vocab)
    cells = _indicator_cells(ctx, vocab, wanted)
    out: list[Check] = []
    for p in analysis.paras:
        for m in p.relations.mentions:
            if m.is_change or m.depth > 0 or not m.number.exact or not counts_label(m):
                continue
            if scope_at(p.para.text, m.start) == "school":
                continue
            period = period_at(p.para.text, m.start)
            if period is None:
                continue
            for ind in wanted:
                names = vocab.get(ind, ())
                if not (names and label_matches(m.label, names) and _whole(m.label, names)):
                    continue
                for grid, r, c, _ in cells.get((ind, period), []):
                    n = cell_number(grid, r, c)
                    if n is None or n.kind != m.number.kind:
                        continue
                    same = _same_value(grid.text(r, c), n, m.number)
                    if same is None:
                        continue
                    what = grid.row_label(r) if grid.col_year(c) is not None else grid.col_label(c)
                    cell = grid.figure(r, c, f"{grid.table.caption or grid.table.id} {what}")
                    stated = p.figure(m, label=names[0])
                    check = make_check(
                        ctx, rule, verdict="holds" if same else "fails", location=stated.location,
                        stated=stated, computed=Interval(n.low, n.high), inputs=[cell],
                        values={"label": f"{period}年{names[0]}", "inputs": f"{cell.label}: {cell.text}"},
                        expected_override=cell.text,
                    )
                    check.blame = None
                    out.append(check)
                break
    return out


_GENERIC_TAIL = re.compile(r"(总人数|总数|人数|数量|数|人)$")


def _same_measure(a: str, b: str) -> bool:
    """Do two labels surely count the same thing? 毕业人数 and 毕业生人数 do;
    学生总数 and 三年在校生数 may not (all students, or the three-year programmes)."""
    def core(label: str) -> str:
        label = _GENERIC_TAIL.sub("", label)
        return label[:-1] if label.endswith("生") else label
    return core(a) == core(b)


def _cell_interval(grid: Grid, r: int, c: int) -> tuple[Number, Interval] | None:
    n = cell_number(grid, r, c)
    if n is None or n.kind != "quantity":
        return None
    return n, interval(n)


def _year_figure(g: Grid, r: int, c: int, n: Number, year: int) -> Figure:
    what = g.row_label(r) if g.col_year(c) is not None else g.col_label(c)
    f = g.figure(r, c, f"{g.table.caption or g.table.id} {year}年 {what}".strip())
    return Figure(f.text, f.value, f.location, n.low, n.high, f.label)


def _table_chart(ctx: Context, rule: Rule) -> list[Check]:
    """Each chart value against the table cells of the same indicator and year.

    One check per (indicator, year): stated is the first table cell that the chart
    contradicts (or the first table cell when all agree), inputs are the chart
    values and the other table cells. A table cell printed in 万 is an interval;
    a chart integer is exact. Labels that may measure different things (学生总数
    against 三年在校生数) make a failure a warning.
    """
    vocab = vocabulary_for(rule)
    wanted = _wanted(rule, vocab)
    charts = _indicator_cells(ctx, vocab, wanted, charts=True, unitless=True)
    if not charts:
        return []
    tables = _indicator_cells(ctx, vocab, wanted, charts=False, unitless=True)
    out: list[Check] = []
    for key, chart_cells in charts.items():
        chart_side = [(g, r, c, lab, hit) for g, r, c, lab in chart_cells if (hit := _cell_interval(g, r, c))]
        table_side = [(g, r, c, lab, hit) for g, r, c, lab in tables.get(key, []) if (hit := _cell_interval(g, r, c))]
        if not chart_side or not table_side:
            continue
        clashes: list[tuple[int, bool]] = []  # (index in table_side, surely the same measure)
        for i, (_, _, _, t_label, (_, t_iv)) in enumerate(table_side):
            bad = [lab for _, _, _, lab, (_, c_iv) in chart_side if not c_iv.intersects(t_iv)]
            if bad:
                clashes.append((i, all(_same_measure(t_label, lab) for lab in bad)))
        first = clashes[0][0] if clashes else 0
        ind, year = key
        name = vocab.get(ind, (ind,))[0]
        g0, r0, c0, _, (n0, _) = table_side[first]
        stated = _year_figure(g0, r0, c0, n0, year)
        charts_f = [_year_figure(g, r, c, n, year) for g, r, c, _, (n, _) in chart_side]
        others = [_year_figure(g, r, c, n, year) for k, (g, r, c, _, (n, _)) in enumerate(table_side) if k != first]
        inputs = charts_f + others
        places = "、".join(f"{f.label}: {f.text}（{f.location.short()}）" for f in [stated, *inputs])
        severity = rule.severity
        if clashes and not all(sure for _, sure in clashes) and severity == "error":
            severity = "warning"
        values, expected_text = _in_table_units(n0, stated, charts_f)
        values.update({"label": f"{year}年{name}", "inputs": places})
        out.append(Check(
            rule=rule.code, name=rule.name,
            severity=severity,  # type: ignore[arg-type]
            passed=not clashes,
            message=render(rule.message if clashes else (rule.pass_message or rule.message), values),
            location=stated.location, stated=stated, inputs=inputs,
            expected=Expected(charts_f[0].value, charts_f[0].low, charts_f[0].high, expected_text),
            pack=rule.pack, kind=rule.kind,
        ))
    return out


def _in_table_units(cell: Number, stated: Figure, charts: list[Figure]) -> tuple[dict[str, Text], str]:
    """The figures in the reader's units: the cell as ``5.3万人`` (its header's unit), the
    chart as ``53907人``, and what the cell would print for it (``5.4万人``, the expected)."""
    unit, base = fmt.unit_text(cell.unit, cell.scale), fmt.unit_text(cell.unit)
    chart = "、".join(f"{f.text}{base}" for f in charts)
    restated = fmt.in_units(charts[0].value or 0.0, cell.scale, cell.decimals, unit)
    expected: Text = chart
    if cell.scale != 1.0 and charts[0].value is not None:  # 万人 against 人: say both
        expected = {"zh": f"{chart}（即 {restated}）", "en": f"{chart} (i.e. {restated})"}
    return {"stated": stated.text + unit, "expected": expected}, restated


def _same_value(cell_text: str, cell: Number, prose: Number) -> bool | None:
    """Do a cell and a prose figure print the same value? None when not comparable."""
    if cell.kind == "ratio" or prose.kind == "ratio":
        if not cell.terms or not prose.terms or len(cell.terms) != len(prose.terms):
            return None
        a = [Interval.printed(t, d) for t, d in zip(cell.terms, cell.term_decimals or (), strict=False)]
        b = [Interval.printed(t, d) for t, d in zip(prose.terms, prose.term_decimals or (), strict=False)]
        return all(x.intersects(y) for x, y in zip(a, b, strict=False))
    if cell.scale != prose.scale and (cell.scale == 1) != (prose.scale == 1):
        # 20.5 in a 万人 column beside 205216 人: compare at the coarser printing
        return Interval(cell.low, cell.high).intersects(interval(prose)) if cell.unit else None
    if cell.decimals == prose.decimals and cell.scale == prose.scale:
        return round(cell.value / cell.scale, cell.decimals) == round(prose.value / prose.scale, prose.decimals)
    return Interval(cell.low, cell.high).intersects(interval(prose))


def _chart_rows(grid: Grid) -> list[tuple[str, int, int]]:
    rows = []
    for r in range(grid.n_rows):
        label = grid.row_label(r).strip()
        col = next((c for c in range(grid.label_cols, grid.n_cols) if grid.num(r, c) is not None), None)
        if label and col is not None:
            rows.append((label, r, col))
    return rows


def _as_share(text: str, value: float, low: float, high: float) -> Interval | None:
    """A chart cell as a fraction: ``0.268`` or ``26.8%``."""
    if "%" in text or "％" in text:
        return Interval(low, high)
    if 0 < value <= 1:
        return Interval(low, high)
    return None


def _chart(ctx: Context, rule: Rule) -> list[Check]:
    analysis = analyse(ctx)
    out: list[Check] = []
    for grid in ctx.grids():
        caption = (grid.table.caption or "").strip()
        caption = re.sub(r"^(表|图)\s*\d+(\s*[-－—.．]\s*\d+)*\s*[：:、]?\s*", "", caption)
        header = grid.col_label(grid.label_cols).strip()
        if grid.table.kind != "chart":
            # an ordinary table only when it is a chart in all but name: one column of shares
            value_cols = [c for c in range(grid.label_cols, grid.n_cols) if grid.numeric_col(c)]
            if len(value_cols) != 1 or grid.col_year(value_cols[0]) is not None:
                continue
        subjects = [c for c in (caption, header) if len(c) >= 4 and not re.search(r"\d{4}", c)]
        if not subjects:
            continue
        for label, r, c in _chart_rows(grid):
            n = grid.num(r, c)
            if n is None:
                continue
            chart_iv = _as_share(grid.text(r, c), n.value, n.low, n.high)
            if chart_iv is None:
                continue
            key = _CATEGORY_TAIL.sub("", label)
            if len(key) < 2:
                continue
            for p in analysis.paras:
                if not any(subject in p.para.text for subject in subjects):
                    continue  # the paragraph must speak of what the chart shows
                for m in p.relations.mentions:
                    if m.number.kind != "percent" or m.is_change or not m.number.exact:
                        continue
                    clause = _clause(p.para.text, m.start)
                    if key not in clause or ("以上" in clause and "以上" not in label):
                        continue
                    chart_fig = Figure(grid.text(r, c), n.value, grid.location(r, c), chart_iv.low,
                                       chart_iv.high, f"{grid.table.caption or ''} {label}".strip())
                    stated = p.figure(m, label=label)
                    check = make_check(
                        ctx, rule, verdict="holds" if _same(grid.text(r, c), n.value, m.number) else "fails",
                        location=stated.location, stated=stated, computed=chart_iv,
                        inputs=[chart_fig], factor=100.0,
                        values={"label": label, "inputs": f"{grid.table.caption or grid.table.id}: {grid.text(r, c)}"},
                    )
                    check.blame = None
                    out.append(check)
    return out


def _same(chart_text: str, chart_value: float, prose: Number) -> bool:
    """Printed alike? ``0.268`` is 26.8% at the prose's precision, not 26.9%.

    Two printings of one figure at the same precision must agree digit for
    digit; intervals that merely touch (0.2685) would let a slipped last digit
    pass. At different precisions, the intervals must overlap.
    """
    digits = re.search(r"\d+(?:\.(\d+))?", chart_text)
    chart_decimals = len(digits.group(1) or "") if digits else 0
    if "%" not in chart_text and "％" not in chart_text:
        chart_decimals -= 2  # a fraction: 0.268 has one decimal as a percent
    prose_decimals = prose.decimals
    if chart_decimals == prose_decimals:
        return round(chart_value * 100, prose_decimals) == round(prose.value * 100, prose_decimals)
    a, b = Interval(chart_value, chart_value), interval(prose)
    lo_c = 10.0 ** -(chart_decimals + 2) / 2
    a = Interval(chart_value - lo_c, chart_value + lo_c)
    return a.low < b.high and b.low < a.high


_WHOLE_HEAD = re.compile(
    r"^(\d{4}年)?([\u4e00-\u9fff]{2,3}[市县区]|全市|我市|全省|全区|全县)?(共有|现有|共)?"
    r"(中等职业学校|中职学校|中等职业教育|中职|各类)*(共有|现有|共)?$"
)


def _whole(label: str, names: tuple[str, ...]) -> bool:
    """The label names the whole population (全市中职学校专任教师), not a group (省优秀毕业生)."""
    for name in sorted(names, key=len, reverse=True):
        k = label.rfind(name)
        if k >= 0:
            return bool(_WHOLE_HEAD.match(label[:k]))
    core = re.sub(r"(总数|总人数|人数|数)$", "", label)
    return any(_WHOLE_HEAD.match(core[: core.rfind(n)]) for n in names if n in core)


def _clause(text: str, pos: int) -> str:
    start = max(text.rfind(ch, 0, pos) for ch in "。；;") + 1
    return text[start:pos]


def _prose(ctx: Context, rule: Rule) -> list[Check]:
    analysis = analyse(ctx)
    vocab = vocabulary_for(rule)
    wanted = rule.params.get("indicators") or list(vocab)
    if isinstance(wanted, str):
        wanted = [wanted]
    groups: dict[tuple[str, int], list[tuple[Figure, Interval]]] = {}
    for p in analysis.paras:
        for m in p.relations.mentions:
            if not m.is_quantity or m.is_change or m.depth > 0 or not counts_label(m):
                continue
            if scope_at(p.para.text, m.start) != "city":
                continue
            period = period_at(p.para.text, m.start)
            if period is None:
                continue
            if m.dim != "person":
                continue
            for ind in wanted:
                names = vocab.get(ind, ())
                if names and label_matches(m.label, names) and _whole(m.label, names):
                    groups.setdefault((ind, period), []).append((p.figure(m, label=names[0]), interval(m.number)))
                    break
    out: list[Check] = []
    for (ind, period), places in groups.items():
        if len(places) < 2:
            continue
        common = places[0][1]
        clash = False
        for _, iv in places[1:]:
            if not common.intersects(iv):
                clash = True
                break
            common = Interval(max(common.low, iv.low), min(common.high, iv.high))
        odd = _odd_one_out(places) if clash else None
        if odd is not None:  # the place that disagrees with all the others goes first
            places = [places[odd], *places[:odd], *places[odd + 1 :]]
        first, rest = places[0][0], [f for f, _ in places[1:]]
        name = vocab.get(ind, (ind,))[0]
        values = {"label": f"{period}年{name}", "stated": first.text,
                  "inputs": "、".join(f"{f.text}（{f.location.short()}）" for f, _ in places)}
        check = Check(
            rule=rule.code, name=rule.name,
            severity=rule.severity,  # type: ignore[arg-type]
            passed=not clash,
            message=render(rule.message if clash else (rule.pass_message or rule.message), values),
            location=first.location, stated=first, inputs=rest,
            expected=Expected(first.value, places[0][1].low, places[0][1].high, first.text),
            pack=rule.pack, kind=rule.kind,
        )
        if odd is not None:
            other = places[1][0]
            check.expected = Expected(other.value, places[1][1].low, places[1][1].high, other.text)
            check.blame = first
            n = len(rest)
            check.extra["blame_reason"] = {
                "zh": f"其余 {n} 处均为 {other.text}", "en": f"the other {n} places all say {other.text}",
            }
            check.message = {
                "zh": check.message["zh"] + f"；其余 {n} 处一致，{first.text}（{first.location.short()}）更可能有误",
                "en": check.message["en"] + f"; the other {n} agree, so {first.text} "
                      f"({first.location.short()}) is the likelier slip",
            }
            check.suggestion = f"{first.text} → {other.text}"
        out.append(check)
    return out


def _odd_one_out(places: list[tuple[Figure, Interval]]) -> int | None:
    """The one place that agrees with none of the others, when all the others agree."""
    if len(places) < 3:
        return None
    for i, (_, iv) in enumerate(places):
        others = [o for j, (_, o) in enumerate(places) if j != i]
        if any(iv.intersects(o) for o in others):
            continue
        if all(a.intersects(b) for k, a in enumerate(others) for b in others[k + 1 :]):
            return i
    return None


SPEC = KindSpec(
    name="prose-crossref",
    summary="a figure stated twice (prose and chart, or prose twice) is stated the same way",
    params=PARAMS,
    run=run,
    placeholders=COMMON_PLACEHOLDERS,
)
