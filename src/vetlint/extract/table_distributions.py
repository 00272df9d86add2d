"""Lines of a table that must total 100%: splits and structures.

A split printed as a ratio (``职普比 | 53.94:46.06``, the lexicon's ``table.split`` words in
its row or column) has terms that total 100; a column or row of shares under a structure word
(学历结构, 职称结构, 构成, 分布: ``table.structure``), or a chart of a structure, totals 100%
over its data rows. Total rows are not parts; a line of fewer than two shares says nothing.
"""

from __future__ import annotations

from vetlint.extract.figures import Figure
from vetlint.extract.lexicon import Lexicon
from vetlint.extract.relations import Distribution
from vetlint.extract.tables import TableView


def table_distributions(view: TableView, lex: Lexicon) -> list[Distribution]:
    out: list[Distribution] = []
    for fig in view.cells.values():
        if fig.number.terms and len(fig.number.terms) >= 2 and _is_split(fig, lex):
            out.append(Distribution((fig,), "table", "table-split", name=fig.label))
    caption = view.table.caption or ""
    chart_of_structure = view.table.kind == "chart" and lex.has("table.structure", caption)
    data = [r for r in view.rows if r.role in ("data", "partial")]
    for col in view.value_columns():
        if not (lex.ends_with("table.structure", _core(col.name)) or chart_of_structure):
            continue
        line = [f for r in data if (f := view.figure(r.index, col.index)) is not None]
        if _shares(line):
            out.append(Distribution(tuple(line), "table", "table-structure", name=col.name or caption))
    one_row = len(data) == 1 and lex.has("table.structure", caption)
    for row in data:
        if not (lex.ends_with("table.structure", _core(row.label)) or one_row):
            continue
        line = [f for c in view.value_columns() if (f := view.figure(row.index, c.index)) is not None]
        if _shares(line):
            out.append(Distribution(tuple(line), "table", "table-structure", name=row.label or caption))
    return out


def _is_split(fig: Figure, lex: Lexicon) -> bool:
    return any(lex.has("table.split", part) for part in fig.label.split(" / "))


def _shares(line: list[Figure]) -> bool:
    """Two or more shares: percentages, or fractions a structure column printed as 0.117."""
    return len(line) >= 2 and all(f.kind in ("percent", "permille") for f in line)


def _core(name: str) -> str:
    return "".join(name.split()).split("（")[0].split("(")[0]  # spaces out: split() cuts at each
