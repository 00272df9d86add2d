"""Counts a table states of what it lists: ``名单（30个）``, ``第一批 9个``, ``示范学校（3所）``.

Three places state one: the caption (its rows are the items: numbered rows when there is a
序号 column), a group cell that spans the rows below it (``第一批 9个`` over the rows of
that batch), and a cell beside items numbered in the same row (``1. …2. …``). How a count is
written is the lexicon's (``table.count_in_brackets``, ``table.count_at_end``): the number is
the pattern's first group. The count becomes a figure (source ``caption`` or ``table``) and
the items the strings it is judged against.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

from vetlint.document import Location
from vetlint.extract.figures import CellRef, Figure, Period, Scope
from vetlint.extract.lexicon import Lexicon
from vetlint.extract.tables import TableView
from vetlint.numbers import Number

_NUMBERED = re.compile(r"(?:^|\n|\s)(\d{1,3})\s*[.、．)）]\s*(\S[^\n]*?)(?=\s+\d{1,3}\s*[.、．)）]|\n|$)")


@dataclass(frozen=True, slots=True)
class TableCount:
    """A count a table states, and the items it lists for it."""

    count: Figure
    items: tuple[str, ...]
    shape: str  # table-caption-count, table-group-count, table-cell-count


def table_counts(view: TableView, lex: Lexicon) -> list[TableCount]:
    """Every count ``view`` states of the items it lists (figures without ids yet)."""
    out: list[TableCount] = []
    caption = view.table.caption or ""
    bracket = lex.regex("table.count_in_brackets")
    tail = lex.regex("table.count_at_end")
    if (m := bracket.search(caption)) is not None:
        items = _listed(view)
        if items:
            loc = view.table.location.with_(table=view.table.id, row=None, col=None)
            out.append(TableCount(_count(m, caption, loc, "caption", None, view), tuple(items), "table-caption-count"))
    serial = {c.index for c in view.columns if c.kind == "serial"}
    n_rows = view.table.n_rows
    for c in range(view.table.n_cols):
        if c in serial:
            continue
        for r in range(n_rows):
            text = view.text(r, c)
            if not text or view.figure(r, c) is not None:
                continue
            m = tail.search(text)
            if m is not None and r + 1 < n_rows and not view.text(r + 1, c):
                stop = next((rr for rr in range(r + 1, n_rows) if view.text(rr, c)), n_rows)
                items = tuple(t for rr in range(r, stop) if (t := _row_text(view, rr, skip={c, *serial})))
                loc = view.table.rows[r][c].location.with_(table=view.table.id, row=r, col=c)
                out.append(TableCount(_count(m, text, loc, "table", CellRef(view.index, r, c), view), items,
                                      "table-group-count"))
                continue
            m = bracket.search(text)
            if m is None:
                continue
            beside = [_numbered(view.text(r, cc)) for cc in range(view.table.n_cols) if cc != c and cc not in serial]
            own = _numbered(text[m.end() :])
            items = max([*beside, own], key=len)
            if len(items) < 2:
                continue  # nothing enumerated beside it: the count speaks of something else
            loc = view.table.rows[r][c].location.with_(table=view.table.id, row=r, col=c)
            out.append(TableCount(_count(m, text, loc, "table", CellRef(view.index, r, c), view), tuple(items),
                                  "table-cell-count"))
    return out


def _listed(view: TableView) -> list[str]:
    """The items a list table lists: its numbered rows when it has a 序号 column, else its
    data rows (not a 合计 row)."""
    serial = next((c.index for c in view.columns if c.kind == "serial"), None)
    if serial is not None:
        rows = [r for r in range(view.table.n_rows) if re.fullmatch(r"\d{1,4}", view.text(r, serial))]
    else:
        rows = [row.index for row in view.rows if row.role in ("data", "partial")]
    return [_row_text(view, r, skip={serial} if serial is not None else set()) or str(r + 1) for r in rows]


def _row_text(view: TableView, r: int, skip: set[int]) -> str:
    return " ".join(t for c in range(view.table.n_cols) if c not in skip and (t := view.text(r, c)))


def _numbered(text: str) -> list[str]:
    """``1. 机电 2. 汽修``: the items numbered in one cell."""
    return [m.group(2).strip() for m in _NUMBERED.finditer(text)]


def _count(m: re.Match[str], text: str, loc: Location, source: str, cell: CellRef | None, view: TableView) -> Figure:
    """The count as a figure: a caption's bracket (``（30个）``), a cell whole (``第一批 9个``)."""
    n = int(next(g for g in m.groups() if g))
    shown = m.group(0).strip() if cell is None else " ".join(text.split())
    number = Number(shown, float(n), float(n), float(n), start=m.start(), end=m.end())
    scope = view.scope
    return Figure(
        id=-1, number=number, text=shown, label=" ".join(text.split()), indicator="",
        dim="count", role="count",
        scope=Scope(scope.region, scope.institution, scope.sector, ()) if scope is not None else Scope(),
        period=Period(view.period), source=source, location=loc, cell=cell, exact=True,  # type: ignore[arg-type]
    )
