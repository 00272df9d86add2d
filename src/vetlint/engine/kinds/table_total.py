"""Total rows and columns against the sum of their parts.

Parts are found from the table's structure: a total column (``总计``,
``金额合计（万元）``, ``学校总数（所）``) sums the columns its own words name
(``金额`` columns, ``学校数量`` columns) or else every other figure column; a
total row sums the rows since the previous total, or — when its label has a
second level (``奖牌总数 / 郑州市``) — the rows with that same second level
(``一等奖 / 郑州市`` + ``二等奖 / 郑州市`` + …). Rows marked as partial
breakdowns (``其中``, ``#``) are left out of the sum; growth and share rows
and columns never count as parts.
"""

from __future__ import annotations

import re

from vetlint.checks import Check
from vetlint.engine.context import Context, make_check, words
from vetlint.engine.grid import Grid, matches
from vetlint.engine.kinds import KindSpec
from vetlint.engine.kinds.table_growth import GROWTH_WORDS
from vetlint.engine.packs import Rule
from vetlint.intervals import Interval, judge

TOTAL_WORDS = ["合计", "总计", "小计", "总数", "总额", "总量", "总和", "共计", "total"]
# ``教职工总数`` names an indicator more often than a sum of the lines around it:
# such a total is judged only when the table confirms the structure (a sibling adds up)
WEAK_WORDS = ["总数", "总额", "总量", "总和"]
SHARE_WORDS = ["占比", "比重", "构成", "share", "% of total"]
NOT_PARTS = ["贡献度", "占比", "比例", "比重", "率", "均", "%", "share", "ratio", "average", "per "]
PARTIAL = ["其中", "#", "含", "including", "of which"]

PARAMS = {
    "type": "map",
    "keys": {
        "words": {"type": "strlist"},
        "weak_words": {"type": "strlist"},
        "exclude": {"type": "strlist"},
        "not_parts": {"type": "strlist"},
        "partial": {"type": "strlist"},
        "axis": {"type": "str", "enum": ["rows", "columns", "both"]},
        "abs_tolerance": {"type": "number", "minimum": 0},
        "rel_tolerance": {"type": "number", "minimum": 0},
    },
}

_PAREN = re.compile(r"[（(][^）)]*[）)]")


def _core(label: str, total_words: list[str]) -> str:
    """``金额合计（万元）`` → ``金额``: what the total is a total of."""
    text = _PAREN.sub("", label.split(" / ")[-1]).strip()
    for w in sorted(total_words, key=len, reverse=True):
        text = re.sub(re.escape(w), "", text, flags=re.IGNORECASE)
    return text.strip(" ：:")


def _is_weak(label: str, rule: Rule) -> bool:
    """Only weak total words (``总数``), no explicit ``合计``/``总计``/``Total``."""
    weak = words(rule, "weak_words", WEAK_WORDS)
    strong = [w for w in words(rule, "words", TOTAL_WORDS) if w not in weak]
    return matches(label, weak) and not matches(label, strong)


def _is_total(label: str, rule: Rule) -> bool:
    return matches(label, words(rule, "words", TOTAL_WORDS)) and not matches(
        label, words(rule, "exclude", [])
    )


def _excluded(label: str, rule: Rule) -> bool:
    return matches(label, words(rule, "not_parts", NOT_PARTS)) or matches(label, GROWTH_WORDS)


def _partial(label: str, rule: Rule) -> bool:
    return any(label.strip().startswith(w) for w in words(rule, "partial", PARTIAL))


def _sum(values: list[Interval]) -> Interval:
    out = Interval.point(0.0)
    for v in values:
        out = out + v
    return out


def _judge_sum(
    ctx: Context,
    rule: Rule,
    grid: Grid,
    total: tuple[int, int],
    parts: list[tuple[int, int]],
    what: str,
) -> Check | None:
    stated = grid.num(*total)
    if stated is None or len(parts) < 2:
        return None
    nums = [grid.num(*p) for p in parts]
    if any(n is None for n in nums):
        # an empty part cell is "nothing"; a text part means the structure is not a sum
        if any(
            n is None and grid.text(*p) not in ("", "-", "—", "/")
            for n, p in zip(nums, parts, strict=True)
        ):
            return None
        pairs = [(n, p) for n, p in zip(nums, parts, strict=True) if n is not None]
        if len(pairs) < 2:
            return None
        nums = [n for n, _ in pairs]
        parts = [p for _, p in pairs]
    # rates do not add up; only a column of shares (占比) sums to its total share
    rate = stated.kind in ("percent", "points", "permille", "ratio") or bool(stated.terms)
    if rate and (
        not matches(grid.col_label(total[1]), SHARE_WORDS)
        or not all(n.kind == stated.kind for n in nums)  # type: ignore[union-attr]
    ):
        return None
    computed = Interval.point(0.0)
    for p in parts:
        computed = computed + grid.iv(*p)
    verdict = judge(
        computed,
        grid.iv(*total),
        stated_truncated=grid.truncated_iv(*total),
        tolerance=ctx.tolerance(rule),
        mode=ctx.settings.rounding,
    )
    fig = grid.figure(*total, label=what)
    inputs = [grid.figure(*p) for p in parts]
    return make_check(
        ctx,
        rule,
        relation=_sum,
        input_ivs=[grid.iv(*p) for p in parts],
        verdict=verdict,
        location=grid.location(*total),
        stated=fig,
        computed=computed,
        inputs=inputs,
        values={
            "quantity": {"zh": "合计", "en": "total"},
            "reading": {"zh": "各项之和", "en": "sum of the parts"},
            "inputs": " + ".join(f.text for f in inputs),
        },
    )


def _total_columns(ctx: Context, rule: Rule, grid: Grid) -> list[Check]:
    out: list[Check] = []
    total_words = words(rule, "words", TOTAL_WORDS)
    for c in range(grid.label_cols, grid.n_cols):
        label = grid.col_label(c)
        if not _is_total(label, rule) or not grid.numeric_col(c) or _excluded(grid.leaf(c), rule):
            continue
        candidates = [
            cc
            for cc in range(grid.label_cols, grid.n_cols)
            if cc != c
            and grid.numeric_col(cc)
            and not _excluded(grid.col_label(cc), rule)
            and not _is_total(grid.col_label(cc), rule)
        ]
        core = _core(label, total_words)
        named = [cc for cc in candidates if core and core in grid.col_label(cc)]
        parts = named if len(named) >= 2 else candidates
        if len(parts) < 2:
            continue
        checks = [
            _judge_sum(ctx, rule, grid, (r, c), [(r, p) for p in parts], grid.cell_label(r, c))
            for r in range(grid.n_rows)
        ]
        found = [ch for ch in checks if ch is not None]
        unconfirmed = found and not any(ch.passed for ch in found)
        if unconfirmed and (_is_weak(label, rule) or (not named and len(found) > 1)):
            continue  # no named parts and no row adds up: the column is not a sum of these
        out.extend(found)
    return out


def _total_rows(ctx: Context, rule: Rule, grid: Grid) -> list[Check]:
    out: list[Check] = []
    labels = [grid.row_label(r) for r in range(grid.n_rows)]
    first = [lab.split(" / ")[0] for lab in labels]
    is_total = [_is_total(first[r], rule) or _is_total(labels[r], rule) for r in range(grid.n_rows)]
    figure_cols = [
        c
        for c in range(grid.label_cols, grid.n_cols)
        if c not in grid.serial_cols
        and not _excluded(grid.col_label(c), rule)
        and not matches(grid.col_label(c), GROWTH_WORDS)
    ]
    for r in range(grid.n_rows):
        if not is_total[r] or _excluded(labels[r], rule):
            continue
        segments = labels[r].split(" / ")
        if len(segments) > 1 and grid.label_cols > 1:
            key = segments[-1]
            parts = [
                rr
                for rr in range(r)
                if labels[rr].split(" / ")[-1] == key
                and not is_total[rr]
                and not _excluded(labels[rr], rule)
            ]
        else:
            start = max([rr + 1 for rr in range(r) if is_total[rr]] or [0])
            parts = [
                rr
                for rr in range(start, r)
                if not _excluded(labels[rr], rule)
                and not _partial(labels[rr], rule)
                and any(grid.num(rr, c) is not None for c in figure_cols)
                and grid.row_year(rr) is None
            ]
            if not parts and r == start:  # a total printed above its parts
                stop = next((rr for rr in range(r + 1, grid.n_rows) if is_total[rr]), grid.n_rows)
                parts = [
                    rr
                    for rr in range(r + 1, stop)
                    if not _excluded(labels[rr], rule)
                    and not _partial(labels[rr], rule)
                    and any(grid.num(rr, c) is not None for c in figure_cols)
                ]
        if len(parts) < 2:
            continue
        row_checks = []
        for c in figure_cols:
            ch = _judge_sum(ctx, rule, grid, (r, c), [(p, c) for p in parts], grid.cell_label(r, c))
            if ch is not None:
                row_checks.append(ch)
        unconfirmed = row_checks and not any(ch.passed for ch in row_checks)
        if unconfirmed and (len(row_checks) > 1 or _is_weak(labels[r], rule)):
            continue  # nothing in this row adds up: not a total of these rows
        out.extend(row_checks)
    return out


def _partial_rows(ctx: Context, rule: Rule, grid: Grid) -> list[Check]:
    """A ``其中`` row is part of the row above its block: it cannot exceed it."""
    out: list[Check] = []
    labels = [grid.row_label(r) for r in range(grid.n_rows)]
    for r in range(1, grid.n_rows):
        if not _partial(labels[r], rule):
            continue
        parent = next((rr for rr in range(r - 1, -1, -1) if not _partial(labels[rr], rule)), None)
        if parent is None or _excluded(labels[parent], rule):
            continue
        for c in range(grid.label_cols, grid.n_cols):
            part, whole = grid.num(r, c), grid.num(parent, c)
            if part is None or whole is None or part.kind != "quantity" or whole.kind != "quantity":
                continue
            if _excluded(grid.col_label(c), rule) or matches(grid.col_label(c), GROWTH_WORDS):
                continue
            whole_iv = grid.iv(parent, c)
            holds = grid.iv(r, c).low <= whole_iv.high
            bound = f"≤ {grid.text(parent, c)}"
            check = make_check(
                ctx,
                rule,
                verdict="holds" if holds else "fails",
                location=grid.location(r, c),
                stated=grid.figure(r, c),
                computed=Interval(min(0.0, whole_iv.low), whole_iv.high),
                inputs=[grid.figure(parent, c)],
                values={
                    "quantity": {"zh": "其中项", "en": "part"},
                    "reading": {"zh": "其中项不超过总数", "en": "a part cannot exceed its whole"},
                    "expected": bound,
                    "inputs": f"{labels[parent]} {grid.text(parent, c)}",
                },
                expected_override=bound,
            )
            check.extra["bound"] = True  # an inequality: its evidence does not move blame
            out.append(check)
    return out


def run(ctx: Context, rule: Rule) -> list[Check]:
    axis = rule.params.get("axis", "both")
    out: list[Check] = []
    for grid in ctx.grids():
        if axis in ("columns", "both"):
            out.extend(_total_columns(ctx, rule, grid))
        if axis in ("rows", "both"):
            out.extend(_total_rows(ctx, rule, grid))
            out.extend(_partial_rows(ctx, rule, grid))
    return out


SPEC = KindSpec(
    name="table-total",
    summary="total rows and columns equal the sum of their parts",
    params=PARAMS,
    run=run,
)
