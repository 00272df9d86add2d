"""Stated counts against the items actually listed.

Three places state a count: a caption (``名单（30个）`` → the table's rows),
a group cell (``第一批`` / ``9个`` → the rows that group spans) and a cell
(``示范学校（3所）`` → the numbered items listed in the same row). Counts are
exact, so any difference is a finding.
"""

from __future__ import annotations

import re

from vetlint.checks import Check, Figure
from vetlint.engine.context import Context, make_check, words
from vetlint.engine.grid import Grid
from vetlint.engine.kinds import KindSpec
from vetlint.engine.packs import Rule
from vetlint.intervals import Interval

COUNTERS = ["个", "所", "项", "家", "门", "名", "人", "本", "条", "支", "批", "类"]

PARAMS = {
    "type": "map",
    "keys": {
        "counters": {"type": "strlist"},
        "sources": {"type": "list", "items": {"type": "str", "enum": ["caption", "group", "cell"]}},
    },
}

_ITEM = re.compile(r"(?:^|\n)\s*(\d{1,3})\s*[.、．)）]")


def _count_re(counters: list[str]) -> re.Pattern[str]:
    units = "".join(re.escape(c) for c in counters)
    return re.compile(rf"[（(]\s*(?:共\s*)?(\d{{1,4}})\s*[{units}]\s*[）)]")


def _tail_re(counters: list[str]) -> re.Pattern[str]:
    units = "".join(re.escape(c) for c in counters)
    return re.compile(rf"(?:^|\n|\s)(?:共\s*)?(\d{{1,4}})\s*[{units}]\s*$")


def _listed_rows(grid: Grid) -> int:
    """Rows that list an item: numbered rows when there is a serial column."""
    if grid.serial_cols:
        c = min(grid.serial_cols)
        return sum(1 for r in range(grid.n_rows) if re.fullmatch(r"\d{1,4}", grid.text(r, c)))
    return sum(1 for r in range(grid.n_rows) if any(grid.text(r, c) for c in range(grid.n_cols)))


def _check(
    ctx: Context,
    rule: Rule,
    stated: Figure,
    n: int,
    actual: int,
    inputs: list[Figure],
    what: dict[str, str],
) -> Check:
    verdict = "holds" if n == actual else "fails"
    return make_check(
        ctx,
        rule,
        verdict=verdict,
        location=stated.location,
        stated=stated,
        computed=Interval.point(float(actual)),
        inputs=inputs,
        values={
            "quantity": {"zh": "条目数", "en": "number of items"},
            "reading": what,
            "inputs": str(actual),
        },
        expected_override=str(actual),
        factor=1.0,
    )


def run(ctx: Context, rule: Rule) -> list[Check]:
    counters = words(rule, "counters", COUNTERS)
    sources = rule.params.get("sources", ["caption", "group", "cell"])
    count_re, tail_re = _count_re(counters), _tail_re(counters)
    out: list[Check] = []
    for grid in ctx.grids():
        table = grid.table
        if "caption" in sources and table.caption and (m := count_re.search(table.caption)):
            n = int(m.group(1))
            actual = _listed_rows(grid)
            loc = table.location.with_(table=table.id, row=None, col=None)
            fig = Figure(m.group(0), float(n), loc, low=n, high=n, label=table.caption)
            out.append(
                _check(
                    ctx,
                    rule,
                    fig,
                    n,
                    actual,
                    [],
                    {"zh": "表题所述条目数", "en": "count in the caption"},
                )
            )
        for c in range(grid.n_cols):
            if c in grid.serial_cols:
                continue
            for r in range(grid.n_rows):
                text = grid.text(r, c)
                if not text:
                    continue
                if (
                    "group" in sources
                    and (m := tail_re.search(text))
                    and r + 1 < grid.n_rows
                    and not grid.text(r + 1, c)
                ):
                    n = int(m.group(1))
                    stop = next(
                        (rr for rr in range(r + 1, grid.n_rows) if grid.text(rr, c)), grid.n_rows
                    )
                    span = [
                        rr
                        for rr in range(r, stop)
                        if any(grid.text(rr, cc) for cc in range(grid.n_cols) if cc != c)
                    ]
                    fig = grid.figure(r, c, label=" ".join(text.split()))
                    fig.text = fig.label or text
                    fig.value, fig.low, fig.high = float(n), float(n), float(n)
                    out.append(
                        _check(
                            ctx,
                            rule,
                            fig,
                            n,
                            len(span),
                            [],
                            {"zh": "该组所含行数", "en": "rows in the group"},
                        )
                    )
                    continue
                if "cell" in sources and (m := count_re.search(text)):
                    n = int(m.group(1))
                    listed = [
                        len(_ITEM.findall(grid.text(r, cc)))
                        for cc in range(grid.n_cols)
                        if cc != c and cc not in grid.serial_cols
                    ]
                    own = len(_ITEM.findall(text[m.end() :]))
                    actual = max([*listed, own])
                    if actual < 2:
                        continue  # nothing enumerated next to it: the count refers elsewhere
                    fig = grid.figure(r, c, label=text)
                    fig.value, fig.low, fig.high = float(n), float(n), float(n)
                    out.append(
                        _check(
                            ctx,
                            rule,
                            fig,
                            n,
                            actual,
                            [],
                            {"zh": "同一行列出的条目数", "en": "items listed in the row"},
                        )
                    )
    return out


SPEC = KindSpec(
    name="list-count",
    summary="a stated count (caption, group or cell) equals the items listed",
    params=PARAMS,
    run=run,
)
