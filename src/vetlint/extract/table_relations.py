"""The relations a table's structure states: totals, shares, changes, formulas.

Read from the roles ``tables`` gave each row and column:

* totals: a 合计/全省 row is the sum of the rows since the previous one (小计 rows stand for
  their group's rows); a 小计 row sums its group; a 合计/小计 column sums the other columns of
  its header group when they split it (公办 + 民办) — columns of different facets of one
  population (专业课教师, 双师型教师) overlap and only each stays within it; columns that are a
  complete partition (男, 女) sum to the column before them; 其中 rows and columns stay within
  their line;
* changes: a growth, difference, points or change column against the two period columns of
  its group (or of the same name), a change row against the two period rows above it;
* shares and rates: a share column is read as part ÷ the total row, part ÷ another column of
  the row, or by the rate's definition — whichever reading the rows agree on;
* formulas: 生师比, 生均, rates by their definition (the lexicon) or by the table's note
  (``生师比＝折合在校生数÷（专任教师数＋校外兼职教师数×0.5）``), with inputs from the same line,
  the same table, or the figure with the same key elsewhere in the report.

A structure the words do not state (a column that happens to equal the sum of the next ones)
is taken only when nearly every row agrees; then its other rows are judged too.
"""

from __future__ import annotations

import itertools
import re
from collections.abc import Callable, Sequence
from dataclasses import dataclass
from typing import TYPE_CHECKING

from vetlint.extract.figures import Figure
from vetlint.extract.notes import ChangeNote, NoteFormula, change_note, formulas
from vetlint.extract.relations import (
    Bound,
    Change,
    PerStudent,
    Quotient,
    Reading,
    Relations,
    Share,
    Sum,
)
from vetlint.extract.table_distributions import table_distributions
from vetlint.extract.tables import Column, Row, TableView
from vetlint.intervals import Interval

if TYPE_CHECKING:  # pragma: no cover
    from vetlint.extract.analysis import Analysis

ADDITIVE = ("value", "total", "subtotal", "partial", "difference")
RATE_ROLES = ("share", "rate")
CHANGE_ROLES = ("growth", "difference", "points", "change")
AGREE = 0.6  # share of rows that must agree on a reading the words do not state
DISCOVER = 0.8  # …on a sum the words do not state at all


def table_relations(analysis: Analysis, view: TableView) -> Relations:
    out = Relations()
    notes = _notes(analysis, view)
    _row_sums(view, out)
    _column_sums(analysis, view, out)
    _changes(view, notes.change, out)
    _shares(analysis, view, notes.formulas, out)
    _quotients(analysis, view, notes.formulas, out)
    _per_student(analysis, view, out)
    out.distributions.extend(table_distributions(view, analysis.lexicon))
    return out


# --- notes ----------------------------------------------------------------------------------


@dataclass(frozen=True, slots=True)
class _Notes:
    formulas: tuple[NoteFormula, ...]
    change: ChangeNote | None


def _notes(analysis: Analysis, view: TableView) -> _Notes:
    texts = list(view.table.notes)
    for block, table in analysis.note_of.items():
        if table == view.index:
            text = analysis.doc.blocks[block].text  # type: ignore[union-attr]
            if text not in texts:
                texts.append(text)
    found: list[NoteFormula] = []
    change: ChangeNote | None = None
    for text in texts:
        found.extend(formulas(text))
        change = change or change_note(text)
    return _Notes(tuple(found), change)


# --- helpers ----------------------------------------------------------------------------------


def _cell(view: TableView, row: Row, col: Column) -> Figure | None:
    return view.cells.get((row.index, col.index))


def _same_dim(figs: Sequence[Figure]) -> bool:
    """Figures that add up: quantities of one unit family (a bare cell takes its table's)."""
    dims = {f.dim for f in figs} - {"number"}
    return len(dims) <= 1 and all(f.kind == "quantity" for f in figs)


def _sum(figs: Sequence[Figure]) -> Interval:
    total = Interval.point(0.0)
    for f in figs:
        total = total + f.interval
    return total


def _holds(computed: Interval, stated: Figure) -> bool:
    target = stated.interval
    trunc = stated.truncated_interval
    return computed.intersects(target) or (trunc is not None and computed.intersects(trunc))


def _agree(trials: Sequence[bool], share: float, minimum: int = 2) -> bool:
    if not trials:
        return False
    held = sum(trials)
    return held >= minimum and held >= share * len(trials)


def _name_core(text: str) -> str:
    return re.sub(r"[（(][^）)]*[）)]|[“”\"\s]", "", text)


# --- totals ----------------------------------------------------------------------------------


def _row_sums(view: TableView, out: Relations) -> None:
    """Total and subtotal rows against their rows; 其中 rows within the row above."""
    if view.layout == "indicators":
        _partial_rows(view, out)
        return
    rows = view.rows
    totals = [k for k, r in enumerate(rows) if r.role == "total"]
    segments: list[tuple[Row, list[Row]]] = []
    start = 0
    for k in totals:
        before = rows[start:k]
        if not any(r.role in ("data", "subtotal") for r in before) and k == 0:
            end = next((j for j in totals if j > k), len(rows))
            segments.append((rows[k], rows[k + 1 : end]))  # a total printed above its parts
            start = end if end < len(rows) and end not in totals else k + 1
            continue
        segments.append((rows[k], before))
        start = k + 1
    columns = [c for c in view.value_columns() if c.role in ADDITIVE or c.role == "share"]
    for sub in (r for r in rows if r.role == "subtotal" and r.group):
        group_rows = [m for m in rows if m.role == "data" and m.group == sub.group]
        for col in columns:
            total = _cell(view, sub, col)
            if total is not None:
                _emit_sum(view, col, total, group_rows, out, "table-subtotal-row")
    for total_row, members in segments:
        if len(total_row.parts) == 2:
            continue  # 奖牌总数 / 郑州市: a total across groups (``_cross_totals``)
        _total_row(view, columns, total_row, members, out)
    _cross_totals(view, out)
    _partial_rows(view, out)


def _total_row(view: TableView, columns: list[Column], total_row: Row, members: list[Row], out: Relations) -> None:
    """One total row: its rows are the segment above it, or — when that adds up nowhere —
    the last rows of the segment that do (``Total cost of goods sold`` under ``Net sales``).
    A total row that no column confirms is not read as a sum at all."""
    candidates = [members]
    data = [k for k, r in enumerate(members) if r.role in ("data", "subtotal")]
    for k in data[1:-1]:
        candidates.append(members[k:])
    best: tuple[int, int, list[Sum]] | None = None
    for order, rows in enumerate(candidates):
        sums = [s for col in columns if (s := _segment_sum(view, col, total_row, rows)) is not None]
        held = sum(_holds(_sum(s.parts), s.total) for s in sums)
        if not sums:
            continue
        if best is None or held > best[0]:
            best = (held, order, sums)
    if best is None:
        return
    held, order, sums = best
    if held == 0 and len(sums) > 1:
        return  # nothing in this row adds up: it is not a total of these rows
    if order > 0 and held < max(1, AGREE * len(sums)):
        return
    out.sums.extend(sums)


def _cross_totals(view: TableView, out: Relations) -> None:
    """``奖牌总数 / 郑州市`` = ``一等奖 / 郑州市`` + ``二等奖 / 郑州市`` + …: the rows of the other
    groups with the same second-level label; taken when most of the row's cells agree."""
    for row in view.rows:
        if row.role != "total" or len(row.parts) != 2:
            continue
        members = [r for r in view.rows if r.role == "data" and len(r.parts) == 2 and r.parts[1] == row.parts[1]
                   and r.parts[0] != row.parts[0]]
        if len(members) < 2:
            continue
        found = []
        for col in view.value_columns():
            total = _cell(view, row, col)
            parts = [f for r in members if (f := _cell(view, r, col)) is not None]
            if total is not None and len(parts) == len(members) and _same_dim([total, *parts]):
                found.append((total, parts))
        if _agree([_holds(_sum(p), t) for t, p in found], AGREE, minimum=1):
            for total, parts in found:
                out.sums.append(Sum(total, tuple(parts), True, "table", "table-cross-total-row"))


def _segment_sum(view: TableView, col: Column, total_row: Row, members: list[Row]) -> Sum | None:
    """The sum one column of a total row states over ``members`` (小计 rows for their groups)."""
    total = _cell(view, total_row, col)
    if total is None:
        return None
    groups_with_subtotal = {r.group for r in members if r.role == "subtotal" and r.group}
    parts: list[Figure] = []
    for r in members:
        if r.role == "subtotal":
            sub = _cell(view, r, col)
            if sub is None:
                continue
            parts.append(sub)
        elif r.role == "data" and (r.group is None or r.group not in groups_with_subtotal):
            fig = _cell(view, r, col)
            if fig is not None:
                parts.append(fig)
            elif view.text(r.index, col.index) not in ("", "-", "—", "/", "–", "——"):
                return None  # a text part: this is no sum
    if len(parts) < 2:
        return None
    if col.role == "share" and not _shares_of_total(total, parts):
        return None
    if col.role != "share" and not _same_dim([total, *parts]):
        return None
    return Sum(total, tuple(parts), True, "table", "table-total-row")


def _shares_of_total(total: Figure, parts: Sequence[Figure]) -> bool:
    """Shares add up only when they split the total: its row prints 100%."""
    return all(p.kind == total.kind for p in parts) and Interval.point(1.0).intersects(total.interval)


def _emit_sum(view: TableView, col: Column, total: Figure, rows: list[Row], out: Relations, shape: str) -> None:
    parts = [f for r in rows if (f := _cell(view, r, col)) is not None]
    if len(parts) < 2:
        return
    if col.role == "share":
        if not _shares_of_total(total, parts):
            return
    elif not _same_dim([total, *parts]):
        return
    out.sums.append(Sum(total, tuple(parts), True, "table", shape))


def _partial_rows(view: TableView, out: Relations) -> None:
    """其中 rows stay within the row they break down (the last plain row above)."""
    parent: Row | None = None
    for row in view.rows:
        if row.role == "partial":
            if parent is None:
                continue
            for col in view.value_columns():
                part, whole = _cell(view, row, col), _cell(view, parent, col)
                if part is None or whole is None or part.dim != whole.dim:
                    continue
                if view.layout == "indicators" and row.unit != parent.unit:
                    continue
                if part.kind != "quantity":
                    continue
                out.bounds.append(Bound(part, whole, "table", "table-partial-row"))
        elif row.role in ("data", "total", "subtotal"):
            parent = row


WEAK_TOTAL = ("总数", "总额", "总量", "总和")


def _column_sums(analysis: Analysis, view: TableView, out: Relations) -> None:
    """Total columns against the columns of their group; partitions against their whole.

    A 合计/小计/总计 column states its sum; a column named ``…总数`` may as well be an indicator
    of its own (教职工总数), so it is taken only when a row adds up. Either way a total column
    that no row confirms is not read as a sum of those columns.
    """
    lex = analysis.lexicon
    values = view.value_columns()
    for col in values:
        strong = col.role in ("total", "subtotal")
        weak = not strong and col.role == "value" and _name_core(col.leaf).endswith(WEAK_TOTAL)
        if not strong and not weak:
            continue
        plain, partial = _total_parts(values, col)
        members = _member_names(plain)
        facets = {lex.facet_of(m) for m in members}
        overlapping = len(plain) >= 2 and len(facets) > 1 and None not in facets
        partition = lex.partition_of(members) is not None
        sums: list[Sum] = []
        for row in view.rows:
            total = _cell(view, row, col)
            if total is None:
                continue
            for c in partial + (plain if overlapping else []):
                part = _cell(view, row, c)
                if part is not None and part.dim == total.dim and part.kind == "quantity":
                    out.bounds.append(Bound(part, total, "table", "table-partial-column"))
            if overlapping or len(plain) < 2:
                continue
            parts = [f for c in plain if (f := _cell(view, row, c)) is not None]
            if len(parts) == len(plain) and _same_dim([total, *parts]):
                sums.append(Sum(total, tuple(parts), True, "table",
                                "table-partition-column" if partition else "table-total-column"))
        held = [_holds(_sum(s.parts), s.total) for s in sums]
        if sums and not any(held) and (weak or len(sums) > 1):
            continue  # no row adds up: these columns are not its parts
        out.sums.extend(sums)
    _partition_columns(analysis, view, out)
    _discovered_sums(view, out)


def _total_parts(values: list[Column], col: Column) -> tuple[list[Column], list[Column]]:
    """The columns a total column sums (and its 其中 columns): its header group's other
    columns; at the top level the columns its name's core names (学校总数 → 学校数量), or for a
    bare 合计/总计 the figure columns before it."""
    if col.group:
        siblings = [c for c in values if c is not col and c.group == col.group and c.period == col.period]
    else:
        core = _name_core(col.leaf)
        for word in ("合计", "总计", "小计", *WEAK_TOTAL):
            core = core.replace(word, "")
        if core:
            siblings = [c for c in values if c is not col and c.period == col.period and core in c.label]
        else:
            siblings = [c for c in values if c.index < col.index and not c.group and c.period == col.period]
    plain = [c for c in siblings if c.role == "value"]
    partial = [c for c in siblings if c.role == "partial"]
    return plain, partial


def _member_names(columns: list[Column]) -> list[str]:
    """What tells the member columns apart: their leaves, or their groups when the leaves
    are the same (``公办 / 学校数量``, ``民办 / 学校数量``)."""
    leaves = [_name_core(c.leaf) for c in columns]
    if len(set(leaves)) == len(leaves):
        return leaves
    return [_name_core(c.group.split(" / ")[-1]) if c.group else _name_core(c.leaf) for c in columns]


def _partition_columns(analysis: Analysis, view: TableView, out: Relations) -> None:
    """``毕业生数 | 男 | 女``: members of a partition sum to the column before them."""
    values = view.value_columns()
    lex = analysis.lexicon
    for k in range(len(values)):
        for size in (2, 3):
            run = values[k + 1 : k + 1 + size]
            if len(run) != size or values[k].role not in ("value", "total"):
                continue
            if any(c.role != "value" or c.period != values[k].period for c in run):
                continue
            if lex.partition_of([_name_core(c.leaf) for c in run]) is None:
                continue
            whole = values[k]
            if whole.group != run[0].group and run[0].group:
                continue
            pairs = []
            for row in view.rows:
                total = _cell(view, row, whole)
                parts = [f for c in run if (f := _cell(view, row, c)) is not None]
                if total is not None and len(parts) == size and _same_dim([total, *parts]):
                    pairs.append((total, parts))
            if _agree([_holds(_sum(p), t) for t, p in pairs], AGREE):
                for total, parts in pairs:
                    out.sums.append(Sum(total, tuple(parts), True, "table", "table-partition-column", stated=False))


def _discovered_sums(view: TableView, out: Relations) -> None:
    """A column that equals the sum of the next columns in nearly every row (毕业生 = 就业 + 升学 + 待就业)."""
    values = [c for c in view.value_columns() if c.role in ("value", "total")]
    taken = {(s.total.cell.row, s.total.cell.col) for s in out.sums if s.total.cell and s.origin == "table"}
    for k, whole in enumerate(values):
        for size in (2, 3, 4):
            run = values[k + 1 : k + 1 + size]
            if len(run) != size or any(c.period != whole.period for c in run):
                continue
            pairs = []
            for row in view.rows:
                if row.role not in ("data", "total", "subtotal"):
                    continue
                total = _cell(view, row, whole)
                parts = [f for c in run if (f := _cell(view, row, c)) is not None]
                if total is not None and len(parts) == size and _same_dim([total, *parts]) and total.exact:
                    pairs.append((total, parts))
            if len(pairs) < 3:
                continue
            if _agree([_holds(_sum(p), t) for t, p in pairs], DISCOVER, minimum=3):
                for total, parts in pairs:
                    if (total.cell.row, total.cell.col) in taken:  # type: ignore[union-attr]
                        continue
                    out.sums.append(Sum(total, tuple(parts), True, "table", "table-sum-columns", stated=False))
                return


# --- changes ---------------------------------------------------------------------------------


def _changes(view: TableView, note: ChangeNote | None, out: Relations) -> None:
    if view.layout == "periods":
        _change_rows(view, note, out)
    values = view.value_columns()
    for col in values:
        if col.role not in CHANGE_ROLES:
            continue
        old, new = _period_pair(values, col)
        if old is None or new is None:
            continue
        for row in view.rows:
            stated = _cell(view, row, col)
            a, b = _cell(view, row, old), _cell(view, row, new)
            if stated is None or a is None or b is None:
                continue
            reading = _reading(col.role, a, b, stated, note)
            about = row.label if view.layout != "periods" else col.label
            out.changes.append(Change(stated, a, b, reading, "table", f"table-{col.role}-column", label=about))


def _period_pair(values: list[Column], col: Column) -> tuple[Column | None, Column | None]:
    """The two period columns a change column compares: same group, else same name."""
    before = [c for c in values if c.index < col.index and c.period and c.role not in CHANGE_ROLES]
    same_group = [c for c in before if c.group == col.group and col.group]
    if len(same_group) >= 2:
        pair = sorted(same_group[-2:], key=lambda c: c.period or "")
        return pair[0], pair[1]
    core = _name_core(col.name)
    for word in ("变化", "增减", "增幅", "增长率", "增长", "百分点", "比上年", "/"):
        core = core.replace(word, "")
    if core:
        named = [c for c in before if _name_core(c.name).endswith(core) or _name_core(c.leaf).startswith(core)]
        if len(named) >= 2:
            pair = sorted(named[-2:], key=lambda c: c.period or "")
            return pair[0], pair[1]
    plain = [c for c in before if not c.group or c.group == col.group]
    if len(plain) >= 2:
        pair = sorted(plain[-2:], key=lambda c: c.period or "")
        if pair[0].name == pair[1].name and pair[0].period != pair[1].period:
            return pair[0], pair[1]
    if len(before) >= 2 and before[-1].period != before[-2].period and not any(c.group and c.group == col.group for c in before):
        pair = sorted(before[-2:], key=lambda c: c.period or "")
        return pair[0], pair[1]  # the two period columns to its left
    return None, None


def _reading(role: str, a: Figure, b: Figure, stated: Figure, note: ChangeNote | None) -> Reading:
    if "worded" in stated.notes and stated.value == 0 and stated.low == stated.high:
        return "direction"
    percentages = a.kind in ("percent", "permille") and b.kind in ("percent", "permille")
    if role == "growth":
        return "relative"
    if role == "points":
        return "points"
    if role == "difference":
        return "points" if percentages and (stated.kind != "percent" or (note and note.percent_points)) else "absolute"
    if a.kind == "ratio" and b.kind == "ratio":
        return "ratio"
    if percentages:
        return "either" if stated.kind == "percent" else "points"
    return "relative" if stated.kind == "percent" else "absolute"


def _change_rows(view: TableView, note: ChangeNote | None, out: Relations) -> None:
    """Years in rows: a change row (``2023届比2022届``) against the two period rows above it."""
    periods = [r for r in view.rows if r.period and r.role == "data"]
    for _k, row in enumerate(view.rows):
        if row.role != "change":
            continue
        above = [r for r in periods if r.index < row.index]
        if len(above) < 2:
            continue
        old_row, new_row = above[-2], above[-1]
        for col in view.value_columns():
            stated = _cell(view, row, col)
            a, b = _cell(view, old_row, col), _cell(view, new_row, col)
            if stated is None or a is None or b is None:
                continue
            if note and note.growth:
                growth = any(n and (n in col.name or col.name in n) for n in note.growth)
                reading: Reading = "relative" if growth else ("points" if note.rest_points else _reading("change", a, b, stated, None))
            else:
                reading = _reading("change", a, b, stated, None)
            out.changes.append(Change(stated, a, b, reading, "table", "table-change-row", label=col.label))
    # a growth column with years in rows: this row's value against the row above
    for col in view.value_columns():
        if col.role not in CHANGE_ROLES:
            continue
        base = _described_column(view, col, periods, note)
        if base is None:
            continue
        for prev, row in itertools.pairwise(periods):
            stated = _cell(view, row, col)
            a, b = _cell(view, prev, base), _cell(view, row, base)
            if stated is None or a is None or b is None:
                continue
            out.changes.append(Change(stated, a, b, _reading(col.role, a, b, stated, note), "table",
                                      "table-growth-by-year", label=col.label))


def _described_column(view: TableView, col: Column, periods: list[Row], note: ChangeNote | None) -> Column | None:
    """The figure column a per-row change column describes: its own group's, else the one
    its name names (学生增长率 → 学生数), else the column to its left the changes fit best."""
    values = [c for c in view.value_columns() if c.index != col.index and c.role not in CHANGE_ROLES]
    if col.group:
        same = [c for c in values if c.group == col.group]
        if same:
            return min(same, key=lambda c: abs(c.index - col.index))
    core = _name_core(col.name)
    for word in ("增长率", "增幅", "增长", "增减", "变化", "比上年", "同比"):
        core = core.replace(word, "")
    if core:
        named = [c for c in values if _name_core(c.name).startswith(core) or core.startswith(_name_core(c.name))]
        if len(named) == 1:
            return named[0]
    left = [c for c in values if c.index < col.index and not c.group]

    def fits(c: Column) -> int:
        n = 0
        for prev, row in itertools.pairwise(periods):
            stated, a, b = _cell(view, row, col), _cell(view, prev, c), _cell(view, row, c)
            if stated is None or a is None or b is None or not a.value:
                continue
            reading = _reading(col.role, a, b, stated, note)
            computed = (b.interval / a.interval - 1) if reading == "relative" else b.interval - a.interval
            n += _holds(computed, stated)
        return n

    return max(reversed(left), key=fits) if left else None


# --- shares and rates ---------------------------------------------------------------------------


@dataclass(frozen=True, slots=True)
class _Reading:
    """One way to read a share column: per row, (part, whole) or None."""

    shape: str
    pick: Callable[[Row], tuple[Figure, Figure, tuple[Figure, ...]] | None]


def _share_rows(view: TableView, out: Relations) -> None:
    """A 贡献度/占比 row: the smaller of the two figure rows above it over the larger."""
    for k, row in enumerate(view.rows):
        if row.role != "share":
            continue
        above = [r for r in view.rows[:k] if r.role in ("data", "total", "subtotal")][-2:]
        if len(above) != 2:
            continue
        for col in view.value_columns():
            share = _cell(view, row, col)
            a, b = _cell(view, above[0], col), _cell(view, above[1], col)
            if share is None or a is None or b is None or share.kind not in ("percent", "permille"):
                continue
            if a.kind != "quantity" or b.kind != "quantity":
                continue
            part, whole = (a, b) if a.value <= b.value else (b, a)
            if whole.value:
                out.shares.append(Share(share, part, whole, "table", "table-share-row"))


def _shares(analysis: Analysis, view: TableView, note_formulas: Sequence[NoteFormula], out: Relations) -> None:
    _share_rows(view, out)
    if view.layout == "indicators":
        return  # rates of an indicator table are formulas over its rows (``_quotients``)
    values = view.value_columns()
    total_row = next((r for r in view.rows if r.role == "total"), None)
    for col in values:
        if col.role not in RATE_ROLES:
            continue
        readings = _share_readings(analysis, view, values, col, total_row, note_formulas)
        best: tuple[int, _Reading] | None = None
        rows = [r for r in view.rows if r.role in ("data", "total", "subtotal") and _cell(view, r, col) is not None]
        scores: list[tuple[int, int, _Reading]] = []
        for order, reading in enumerate(readings):
            trials = []
            for row in rows:
                picked = reading.pick(row)
                share = _cell(view, row, col)
                if picked is None or share is None:
                    continue
                part, whole, extra = picked
                try:
                    computed = (_sum([part, *extra])) / whole.interval
                except ZeroDivisionError:
                    continue
                trials.append(_holds(computed, share))
            held = sum(trials)
            if trials and (held >= AGREE * len(rows) and held >= min(2, len(rows))):
                scores.append((held, -order, reading))
        if not scores:
            continue
        scores.sort(key=lambda s: (s[0], s[1]), reverse=True)
        best = (scores[0][0], scores[0][2])
        if len(scores) > 1 and scores[1][0] == best[0] and scores[1][2].shape != best[1].shape:
            # two readings explain the same rows: judge only what both establish (the first)
            pass
        reading = best[1]
        for row in rows:
            picked = reading.pick(row)
            share = _cell(view, row, col)
            if picked is None or share is None:
                continue
            part, whole, extra = picked
            out.shares.append(Share(share, part, whole, "table", reading.shape, stated=True, extra_parts=extra))


def _share_readings(
    analysis: Analysis,
    view: TableView,
    values: list[Column],
    col: Column,
    total_row: Row | None,
    note_formulas: Sequence[NoteFormula],
) -> list[_Reading]:
    out: list[_Reading] = []
    counts = [c for c in values if c.index != col.index and c.role in ("value", "total", "partial", "subtotal")
              and c.period == col.period]
    before = [c for c in counts if c.index < col.index]
    same_group = [c for c in before if c.group == col.group]
    near = (same_group or before)[-1:] if (same_group or before) else []
    # a definition: the note's, else the lexicon's, over columns named by indicator or words
    for formula in _formulas_for(analysis, col.name, note_formulas):
        pick = _formula_pick(analysis, view, counts, formula)
        if pick is not None:
            out.append(_Reading("table-rate-definition", pick))
    for part_col in near:
        if total_row is not None:
            out.append(_Reading("table-share-of-total", _col_share(view, part_col, total_row)))
        wholes = [c for c in counts if c is not part_col and c.index < part_col.index and
                  (c.group == part_col.group or not c.group)]
        for whole_col in reversed(wholes):
            out.append(_Reading("table-share-of-row", _row_share(view, part_col, whole_col)))
    if not near and total_row is not None:
        for part_col in before[-1:]:
            out.append(_Reading("table-share-of-total", _col_share(view, part_col, total_row)))
    return out


def _col_share(view: TableView, part_col: Column, total_row: Row) -> Callable[[Row], tuple[Figure, Figure, tuple[Figure, ...]] | None]:
    def pick(row: Row) -> tuple[Figure, Figure, tuple[Figure, ...]] | None:
        part, whole = _cell(view, row, part_col), _cell(view, total_row, part_col)
        if part is None or whole is None or not whole.value:
            return None
        return part, whole, ()
    return pick


def _row_share(view: TableView, part_col: Column, whole_col: Column) -> Callable[[Row], tuple[Figure, Figure, tuple[Figure, ...]] | None]:
    def pick(row: Row) -> tuple[Figure, Figure, tuple[Figure, ...]] | None:
        part, whole = _cell(view, row, part_col), _cell(view, row, whole_col)
        if part is None or whole is None or not whole.value or part.dim != whole.dim:
            return None
        return part, whole, ()
    return pick


@dataclass(frozen=True, slots=True)
class _Formula:
    """A definition ``numerator terms / denominator``: ids or printed names."""

    numerator: tuple[str, ...]
    denominator: str
    text: str


def _formulas_for(analysis: Analysis, name: str, note_formulas: Sequence[NoteFormula]) -> list[_Formula]:
    """Definitions of the indicator ``name``: a table note's, then the lexicon's."""
    out: list[_Formula] = []
    core = _name_core(name)
    for nf in note_formulas:
        if _name_core(nf.name) == core or core.endswith(_name_core(nf.name)):
            parsed = _simple_ratio(nf.text.split("＝", 1)[-1].split("=", 1)[-1])
            if parsed is not None:
                out.append(parsed)
    reading = analysis.lexicon.match_indicator(core)
    if reading is not None and not reading.head:
        for text in reading.indicator.formulas:
            parsed = _simple_ratio(text)
            if parsed is not None:
                out.append(parsed)
    return out


_RATIO = re.compile(r"^\s*\(?\s*(?P<num>[^/()]+?)\s*\)?\s*[/÷]\s*(?P<den>[^/()+*]+?)\s*$")


def _simple_ratio(text: str) -> _Formula | None:
    """``(a + b) / c`` or ``a ÷ c``: terms over one denominator (anything else: None)."""
    body = text.replace("（", "(").replace("）", ")").replace("＋", "+").replace("÷", "/")
    m = _RATIO.match(body)
    if m is None:
        return None
    terms = tuple(t.strip() for t in m.group("num").split("+") if t.strip())
    den = m.group("den").strip()
    if not terms or not den:
        return None
    return _Formula(terms, den, text)


def _formula_pick(analysis: Analysis, view: TableView, counts: list[Column], formula: _Formula) -> Callable[[Row], tuple[Figure, Figure, tuple[Figure, ...]] | None] | None:
    """Columns for the formula's names (by indicator id, or by printed words)."""
    def column_for(name: str) -> Column | None:
        for c in counts:
            reading = analysis.lexicon.match_indicator(_name_core(c.name.split(" / ")[-1]))
            cid = _column_indicator(view, c)
            if cid == name or (reading is not None and reading.indicator.id == name and not reading.head):
                return c
        for c in counts:
            core = _name_core(c.name).replace("/", "")
            if core and (core == _name_core(name) or _name_core(name).startswith(core) or core.endswith(_name_core(name))):
                return c
        return None

    num_cols = [column_for(n) for n in formula.numerator]
    den_col = column_for(formula.denominator)
    if den_col is None or any(c is None for c in num_cols) or den_col in num_cols:
        return None
    cols = [c for c in num_cols if c is not None]

    def pick(row: Row) -> tuple[Figure, Figure, tuple[Figure, ...]] | None:
        figs = [_cell(view, row, c) for c in cols]
        whole = _cell(view, row, den_col)
        if whole is None or any(f is None for f in figs) or not whole.value:
            return None
        parts = [f for f in figs if f is not None]
        return parts[0], whole, tuple(parts[1:])
    return pick


def _column_indicator(view: TableView, col: Column) -> str | None:
    for (_r, c), fig in view.cells.items():
        if c == col.index:
            return fig.indicator
    return None


# --- formulas: ratios, per-capita figures, rates of an indicator table ------------------------------


def _per_student(analysis: Analysis, view: TableView, out: Relations) -> None:
    """生均占地面积 cells against the total they divide (a cell of the table or a figure
    elsewhere): each pair implies a student count."""
    from vetlint.extract.resolve import Resolver

    resolver = Resolver(analysis)
    for fig in view.cells.values():
        if fig.role != "per_capita" or fig.kind != "quantity":
            continue
        if not analysis.lexicon.starts("per_capita.student", fig.label.split(" / ")[0]):
            continue
        total = resolver.per_capita_total(fig, prefer_table=view.index)
        if total is not None:
            out.per_student.append(PerStudent(fig, total, "table", "table-per-student"))


def _quotients(analysis: Analysis, view: TableView, note_formulas: Sequence[NoteFormula], out: Relations) -> None:
    for fig in view.cells.values():
        if fig.role not in ("ratio", "per_capita", "rate", "share"):
            continue
        if fig.role in ("rate", "share") and view.layout != "indicators":
            continue
        quotient = _quotient(analysis, view, fig, note_formulas)
        if quotient is not None:
            out.quotients.append(quotient)


def _quotient(analysis: Analysis, view: TableView, fig: Figure, note_formulas: Sequence[NoteFormula]) -> Quotient | None:
    from vetlint.extract.resolve import Resolver

    resolver = Resolver(analysis)
    name = _name_core(fig.label.split(" / ")[0] if view.layout == "indicators" else fig.label.split(" / ")[-1])
    for nf in note_formulas:
        if _name_core(nf.name) and (_name_core(nf.name) == name or name.endswith(_name_core(nf.name))):
            inputs = [resolver.by_name(n, fig, prefer_table=view.index) for n in nf.names]
            if all(i is not None for i in inputs):
                return Quotient(fig, tuple(i for i in inputs if i is not None), nf.names,
                                nf.expression.text, "table", "table-note-formula",
                                stated_formula=True)
    return resolver.quotient(fig, origin="table", prefer_table=view.index)
