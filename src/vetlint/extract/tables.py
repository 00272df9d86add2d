"""Tables: what each row and column of a table is, and every cell as a Figure.

A reader hands over the grid (header rows, body rows, merged continuations empty); this
module reads its structure once, with the lexicon's table words:

* header rows that readers leave in the body (a row of words over the figures, a row of
  years), and title rows that name the reporting unit (``院校代码 | 13957 | 院校名称 | …``),
  which say whose table it is rather than what a column holds;
* columns: label, serial (序号), unit (单位), and value columns with what they measure
  (``在校生数（人） / 公办`` → 在校生数 of 公办 schools), their unit, their period (a year in
  the header) and their role: plain value, total (合计), subtotal, 其中-part, share, rate,
  growth, difference, points, change (either), ratio, per-capita, average, standard;
* rows: their label (merged row groups filled in: ``升学 / 三二分段转段``), their group, their
  unit (a 单位 column), their period (a year as the row label) and their role: data, total
  (合计, 全省, the report's own region), subtotal (小计), 其中-part, average (never a total),
  change (``2023届比2022届``), share;
* the layout: rows of entities (cities, schools, majors) under columns of indicators, rows of
  indicators under columns of periods, or rows of periods;
* every numeric cell as a Figure: its number in the unit its header, unit column or unit line
  prints, its indicator, scope (the place or institution a row names, a category as a
  qualifier), period and role.

A body row of figures is never a header, whatever its values (``在校生数 | 1980 | 2050``).
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field, replace
from functools import lru_cache
from typing import Literal

from vetlint.document import Cell, Location, Table
from vetlint.extract.figures import CellRef, Figure, Period, Role, Scope, dim_of
from vetlint.extract.indicators import IndicatorReader
from vetlint.extract.lexicon import Lexicon
from vetlint.extract.memo import Memo
from vetlint.extract.periods import header_period
from vetlint.extract.scopes import ScopeReader, Subject
from vetlint.numbers import Number, find_numbers, parse_number, parse_unit_text, with_unit

ColumnKind = Literal["label", "serial", "unit", "value"]
LineRole = Literal[
    "value", "total", "subtotal", "partial", "share", "rate", "growth", "difference", "points",
    "change", "ratio", "per_capita", "average", "standard",
]
RowRole = Literal["data", "total", "subtotal", "partial", "average", "change", "share"]
Layout = Literal["entities", "indicators", "periods"]

_BRACKETED = re.compile(r"[（(]([^（）()]*)[）)]")
_SPACES = re.compile(r"\s+")
_QUOTES = str.maketrans("", "", "“”\"'‘’*")
_SERIAL_VALUE = re.compile(r"^\s*[（(]?\d{1,3}[）)．.、]?\s*$")
_CURRENCY = re.compile(r"^\s*(?:US\$|HK\$|RMB|\$|¥|￥|€|£)\s*")
_PAREN_SPACES = re.compile(r"\(\s*(.*?)\s*\)")
_SCALE_WORDS = re.compile(r"万|千|亿|百万|thousand|million|billion", re.IGNORECASE)
_YEARISH = re.compile(r"^\s*(?:19|20)\d{2}\s*(?:年度?|学年|届|级)?\s*$")
_COMPARE_ROW = re.compile(r"(?:19|20)\d{2}.{0,4}比.{0,4}(?:19|20)\d{2}|比上年|较上年|同比|增长率|增幅|增减|变化")
_EMPTY_MARKS = ("", "-", "—", "–", "/", "——", "…", "--")


@dataclass(frozen=True, slots=True)
class Column:
    """One column of a table: what its cells are."""

    index: int
    path: tuple[str, ...]
    kind: ColumnKind
    role: LineRole = "value"
    unit: str | None = None  # the unit its header prints (人, %, 万元)
    period: str | None = None
    name: str = ""  # what it measures, without period and unit: 在校生数 / 公办
    group: str = ""  # the header above its own cell, without period parts
    label: str = field(init=False, repr=False, compare=False)  # the header parts joined

    def __post_init__(self) -> None:
        object.__setattr__(self, "label", " / ".join(filter(None, self.path)))  # asked for every cell: joined once

    @property
    def leaf(self) -> str:
        return next((p for p in reversed(self.path) if p), "")


@dataclass(frozen=True, slots=True)
class Row:
    """One body row of a table: its label, group and role."""

    index: int  # index into Table.rows
    parts: tuple[str, ...]
    role: RowRole = "data"
    group: str | None = None
    unit: str | None = None
    period: str | None = None
    subject: Subject | None = None
    label: str = field(init=False, repr=False, compare=False)  # the label parts joined

    def __post_init__(self) -> None:
        object.__setattr__(self, "label", " / ".join(filter(None, self.parts)))  # asked for every cell: joined once

    @property
    def name(self) -> str:
        """The row's own words (its last label part)."""
        return self.parts[-1] if self.parts else ""


@dataclass(slots=True)
class TableView:
    """A table as the checks see it (see the module docstring)."""

    index: int
    table: Table
    columns: list[Column]
    rows: list[Row]
    layout: Layout
    scope: Subject | None = None
    period: str | None = None
    meta: dict[str, str] = field(default_factory=dict)
    header_rows: tuple[int, ...] = ()
    cells: dict[tuple[int, int], Figure] = field(default_factory=dict)

    @property
    def id(self) -> str:
        return self.table.id

    def figure(self, r: int, c: int) -> Figure | None:
        return self.cells.get((r, c))

    def row(self, r: int) -> Row | None:
        return next((row for row in self.rows if row.index == r), None)

    def value_columns(self) -> list[Column]:
        return [c for c in self.columns if c.kind == "value"]

    def text(self, r: int, c: int) -> str:
        cells = self.table.rows[r]
        return cells[c].text.strip() if c < len(cells) else ""


# --- cells --------------------------------------------------------------------------------


@lru_cache(maxsize=16384)
def cell_number(text: str) -> Number | None:
    """The one number a cell holds, or None (empty, words, several numbers)."""
    clean = _CURRENCY.sub("", text.strip())
    clean = _PAREN_SPACES.sub(r"(\1)", clean).strip()
    if not clean or not any(ch.isdigit() for ch in clean):
        return None
    try:
        n = parse_number(clean)
    except Exception:  # a cell that is not one number is not a figure
        return None
    if n is not None and clean != text.strip():
        n = replace(n, text=text.strip())
    return n


def header_unit(text: str) -> str | None:
    """The unit a header prints: ``在校生数（人）`` → 人, ``增长（%）`` → %, ``万人次`` → 万人次."""
    if not text:
        return None
    if "%" in text or "％" in text or "百分比" in text:
        return "%"
    if "百分点" in text:
        return "个百分点"
    for m in reversed(list(_BRACKETED.finditer(text))):
        inner = m.group(1).strip().removeprefix("单位").strip(" :：")
        inner = re.sub(r"^每", "", inner)
        if parse_unit_text(inner) is not None:
            return inner
        if "/" in inner and parse_unit_text(inner.split("/")[0]) is not None:
            return inner.split("/")[0]
    if parse_unit_text(text.strip()) is not None:
        return text.strip()
    bare = _BRACKETED.sub("", text).strip()
    if bare.endswith("人次"):
        return "人次"
    if bare.endswith("人数") or (bare.endswith("人日") is False and bare.endswith("人员数")):
        return "人"
    return None


_CJK_GAP = re.compile(r"(?<=[\u3000-\u9fff（）：])\s+|\s+(?=[\u3000-\u9fff（）：])")


def _clean(text: str) -> str:
    """Quotes and the spaces between Chinese characters removed; other runs of spaces folded."""
    return _SPACES.sub(" ", _CJK_GAP.sub("", text.translate(_QUOTES))).strip()


def _strip_units(text: str) -> str:
    return _BRACKETED.sub(lambda m: "" if header_unit(f"（{m.group(1)}）") else m.group(0), text).strip()


# --- reading a table -----------------------------------------------------------------------


class TableReader:
    """Reads tables with one lexicon for one report."""

    def __init__(
        self,
        lexicon: Lexicon,
        scopes: ScopeReader,
        indicators: IndicatorReader,
        report_period: str | None,
        *,
        exact_counts: bool = True,
    ) -> None:
        self.lex = lexicon
        self.scopes = scopes
        self.indicators = indicators
        self.report_period = report_period
        # a whole number in a Chinese report's table is a count, printed exactly; financial
        # statements in English print rounded thousands
        self.exact_counts = exact_counts
        # a table repeats its words: each text is cleaned and tested once per report
        self._clean_once = Memo(_clean)
        self._words = Memo(self._word_of_class)
        self._structures = Memo(self._structure_word)
        self._header_units = Memo(header_unit)

    # words ---------------------------------------------------------------------------
    def _is(self, cls: str, text: str) -> bool:
        return self._words[cls, text]

    def _word_of_class(self, key: tuple[str, str]) -> bool:
        return self.lex.is_word(key[0], self._clean_once[key[1]])

    def _names_structure(self, name: str) -> bool:
        """``职称结构``, ``学历分布（%）``: a header or row label that names a distribution."""
        return self._structures[name]

    def _structure_word(self, name: str) -> bool:
        return bool(self.lex.ends_with("table.structure", _clean(_BRACKETED.sub("", name))))

    def _has(self, cls: str, text: str) -> bool:
        return self.lex.has(cls, text)

    def read(self, table: Table, index: int, *, first_id: int = -1, block: int = -1) -> TableView:
        """The view of ``table``; its cells' figures numbered from ``first_id`` in row and
        column order, as the analysis numbers them (``block``: the table's block)."""
        header = [list(h) for h in table.header]
        meta: dict[str, str] = {}
        kept = []
        for h in header:
            if self._key_value_row(h):
                meta.update(_pairs(h))
            else:
                kept.append(h)
        paths = self._paths(table, header, kept)
        body_headers = self._body_header_rows(table, paths)
        for r in body_headers:
            cells = table.rows[r]
            for c, path in enumerate(paths):
                text = cells[c].text.strip() if c < len(cells) else ""
                if text:
                    path.append(text)
        caption_period = _caption_period(table.caption)
        columns = self._columns(table, paths, body_headers)
        rows = self._rows(table, columns, body_headers)
        layout = self._layout(table, columns, rows)
        scope = self._caption_scope(table, meta)
        view = TableView(index, table, columns, rows, layout, scope, caption_period, meta, tuple(body_headers))
        self._figures(view, first_id, block)
        return view

    # header -------------------------------------------------------------------------------
    def _key_value_row(self, cells: list[str]) -> bool:
        return sum(1 for c in cells if self._is("table.key_value", c)) >= 1 and len(cells) >= 2

    def _paths(self, table: Table, header: list[list[str]], kept: list[list[str]]) -> list[list[str]]:
        """Each column's header parts, top to bottom (title rows left out)."""
        n = table.n_cols
        if len(kept) == len(header):
            return [label.split(" / ") if label else [] for label in table.columns[:n]] + [
                [] for _ in range(n - len(table.columns))
            ]
        out: list[list[str]] = [[] for _ in range(n)]
        for h, row in enumerate(kept):
            filled = ""
            for c in range(n):
                text = row[c].strip() if c < len(row) else ""
                lower = any(c < len(r) and r[c].strip() for r in kept[h + 1 :])
                if text:
                    filled = text
                elif filled and lower:
                    text = filled  # a group header spanning the sub-headers below it
                else:
                    filled = ""
                if text:
                    out[c].append(text)
        return out

    def _body_header_rows(self, table: Table, paths: list[list[str]]) -> list[int]:
        """Leading body rows that are headers: header words (or years) over columns of figures.

        A row counts only when it holds no figure, every word in it is header-like (a period,
        a unit, a label or line-role word such as 指标/合计/人数/占比/增长), and rows of figures
        follow. A row of figures is never a header, whatever its values (``在校生数 | 1980 | 2050``).
        """
        if not any(any(cell_number(c.text) is not None and not _YEARISH.match(c.text) for c in row) for row in table.rows):
            return []
        out: list[int] = []
        for r, row in enumerate(table.rows[:3]):
            texts = [c.text.strip() for c in row]
            filled = [t for t in texts if t not in _EMPTY_MARKS]
            if not filled:
                continue
            if any(cell_number(t) is not None and not _YEARISH.match(t) for t in filled):
                break
            label = texts[0] if texts else ""
            years = [t for t in filled if _YEARISH.match(t)]
            if years and label and label not in years and not self._header_word(label):
                break  # 在校生数 | 1980 | 2050 is data, whatever its values
            if not all(_YEARISH.match(t) or self._header_word(t) for t in filled):
                break
            out.append(r)
        return out

    def _header_word(self, text: str) -> bool:
        """A word that heads a column: 指标, 单位, 合计, 人数, 占比（%）, 增长率, （人）…"""
        t = _clean(text)
        if not t or t in ("$", "US$", "¥", "￥", "€", "£", "%", "％"):
            return True
        if header_unit(t) and (_BRACKETED.search(t) or parse_unit_text(t) is not None):
            return True
        for cls in ("table.label_header", "table.unit_header", "table.serial", "table.total", "table.subtotal",
                    "table.share", "table.growth", "table.difference", "table.change", "table.points",
                    "table.key_value"):
            if self.lex.is_word(cls, t) or self.lex.is_word(cls, _BRACKETED.sub("", t)):
                return True
        core = _BRACKETED.sub("", t)
        return core.endswith(("率", "人数", "比例", "占比", "数量", "金额", "小计", "合计", "其中")) or core.startswith("其中")

    def _columns(self, table: Table, paths: list[list[str]], skip: list[int]) -> list[Column]:
        body = [row for r, row in enumerate(table.rows) if r not in skip]
        columns: list[Column] = []
        label_cols = max(1, min(table.label_columns, table.n_cols - 1)) if table.n_cols > 1 else table.n_cols
        for c in range(table.n_cols):
            path = tuple(p.strip() for p in paths[c] if p.strip())
            texts = [row[c].text.strip() for row in body if c < len(row)]
            leaf = path[-1] if path else ""
            kind: ColumnKind
            if self._is("table.serial", leaf) or (not leaf and _serial_values(texts)) or (_serial_values(texts) and c == 0):
                kind = "serial"
            elif self._is("table.unit_header", leaf) or (_unit_values(texts, self.lex) and c > 0):
                kind = "unit"
            elif c < label_cols and (self._is("table.label_header", leaf) or _year_values(texts)):
                kind = "label"  # 年份 | 2019 | 2020: years label the rows
            elif c < label_cols and not _mostly_numeric(texts):
                kind = "label"
            elif _mostly_numeric(texts) or not texts:
                kind = "value"
            elif c < label_cols or not any(cell_number(t) for t in texts):
                kind = "label" if c <= label_cols else "value"
            else:
                kind = "value"
            columns.append(self._column(c, path, kind))
        return self._data_labels(columns)

    def _data_labels(self, columns: list[Column]) -> list[Column]:
        """A chart's data-label column (``数据标签``) prints the series before it: it takes that
        series' name, so its cells and the series' are the same quantities."""
        out: list[Column] = []
        for col in columns:
            series = next((c for c in reversed(out) if c.kind == "value"), None)
            if col.kind == "value" and series is not None and self.lex.is_word("table.data_labels", _clean(col.leaf)):
                col = replace(col, name=series.name, group=series.group, role=series.role)
            out.append(col)
        return out

    def _column(self, c: int, path: tuple[str, ...], kind: ColumnKind) -> Column:
        if kind != "value":
            return Column(c, path, kind)
        period = None
        for part in path:
            period = _column_period(part) or period
        unit = None
        for part in reversed(path):
            unit = self._header_units[part]
            if unit:
                break
        named = [_strip_units(p) for p in path if header_period(p) is None]
        named = [p for p in named if p]
        role = self._line_role(" / ".join(path), unit)
        leaf = named[-1] if named else ""
        group = " / ".join(named[:-1])
        # 合计 / 小计 / 人数 as the leaf: the column measures what its group names
        if leaf and (self._is("table.total", leaf) or self._is("table.subtotal", leaf) or self.lex.is_word("label.generic", leaf)):
            name = group or leaf
        else:
            name = " / ".join(named)
        return Column(c, path, "value", role, unit, period, name, group)

    def _line_role(self, label: str, unit: str | None) -> LineRole:
        """What a column (or row) of figures does, from its header words."""
        leaf = label.split(" / ")[-1]
        core = _clean(_BRACKETED.sub("", leaf)) or _clean(_strip_units(leaf))
        if self._is("table.total", core) or core.endswith("合计") or core.endswith("总计"):
            return "total"
        if self._is("table.subtotal", core):
            return "subtotal"
        if any(core.startswith(w) for w in ("其中", "#", "含")) and len(core) > 2:
            return "partial"
        if self._has("table.points", label):
            return "points"
        if self._has("table.average", core):
            return "average"
        if self._has("table.ratio", core):
            return "ratio"
        if core.startswith(self.lex.words("per_capita")):
            return "per_capita"
        if self._has("table.growth", core) or (self._has("table.growth", label) and unit == "%"):
            return "growth"
        if self._has("table.difference", core):
            return "difference"
        if self._has("table.change", core) or self._has("table.change", label):
            return "change"
        if core.endswith("率"):
            return "rate"
        if self._has("table.share", core):
            return "share"
        if "标准" in core:
            return "standard"
        return "value"

    # rows ---------------------------------------------------------------------------------
    def _rows(self, table: Table, columns: list[Column], skip: list[int]) -> list[Row]:
        label_cols = [c.index for c in columns if c.kind == "label"]
        unit_col = next((c.index for c in columns if c.kind == "unit"), None)
        rows: list[Row] = []
        above: list[str] = [""] * table.n_cols
        for r, cells in enumerate(table.rows):
            if r in skip:
                continue
            parts: list[str] = []
            for k, c in enumerate(label_cols):
                text = cells[c].text.strip() if c < len(cells) else ""
                text = text.replace("**", "").strip()
                if not text and k < len(label_cols) - 1 and above[c] and _continues(cells, label_cols, k):
                    text = above[c]  # a row group merged over several rows
                if text:
                    above[c] = text
                parts.append(text)
            for c in label_cols:
                text = cells[c].text.strip() if c < len(cells) else ""
                if text:
                    above[c] = text.replace("**", "").strip()
            parts = [p for p in parts if p and not _SERIAL_VALUE.match(p)]
            if not parts:
                first = next((cells[c].text.strip() for c in range(len(cells)) if cells[c].text.strip() and cell_number(cells[c].text) is None), "")
                parts = [first] if first else []
            unit = cells[unit_col].text.strip() if unit_col is not None and unit_col < len(cells) else None
            period = None
            kept: list[str] = []
            for p in parts:
                per = header_period(p)
                if per is not None and period is None and _YEARISH.match(p):
                    period = per
                else:
                    kept.append(p)
            if period is not None and not kept:
                kept = [parts[0]] if parts else []
            role = self._row_role(kept)
            group = kept[0] if len(kept) >= 2 else None
            subject = None
            if kept and role == "data":
                subject = self.scopes.named_in(kept[-1])
            rows.append(Row(r, tuple(kept), role, group, unit or None, period, subject))
        return rows

    def _row_role(self, parts: list[str]) -> RowRole:
        if not parts:
            return "data"
        last = self._clean_once[parts[-1]]
        first = self._clean_once[parts[0]]
        if self._is("table.subtotal", last) or _edge_word(last, _SUBTOTAL_EDGES):
            return "subtotal"
        if self._is("table.total", last) or (self._is("table.total", first) and len(parts) == 1):
            return "total"
        if len(parts) == 1 and _edge_word(last, _TOTAL_EDGES):
            return "total"  # Total BCE operating revenues, 全省合计
        if len(parts) == 2 and (self._is("table.total", first) or first.endswith(("总数", "合计", "总计"))):
            return "total"  # 奖牌总数 / 郑州市: the total of the 郑州市 rows of the other groups
        region = self.scopes.report.region
        if region and len(parts) == 1 and _clean(last) in (region, region[:-1]):
            return "total"  # the report's own area as a row: the sum of its parts
        if any(last.startswith(w) for w in ("其中", "#", "含：", "内：")) and len(last) > 2:
            return "partial"
        if len(parts) >= 2 and any(first.startswith(w) for w in ("其中", "#")):
            return "partial"
        if self.lex.starts("table.average", last) or last.endswith(("平均", "均值")):
            return "average"
        if _COMPARE_ROW.search(last) and not self.lex.match_indicator(last):
            return "change"
        if self._is("table.share", last) or last.endswith(("贡献度", "占比")):
            return "share"
        return "data"

    def _layout(self, table: Table, columns: list[Column], rows: list[Row]) -> Layout:
        data = [r for r in rows if r.role == "data"]
        if data and sum(1 for r in data if r.period) >= max(min(2, len(data)), len(data) * 0.6):
            return "periods"  # 年度 | 2019 | 2020 …, or a single 2020 row
        if any(c.kind == "unit" for c in columns):
            return "indicators"
        label = next((c for c in columns if c.kind == "label"), None)
        head = _clean(label.leaf) if label is not None else ""
        if head in ("指标", "项目", "指标名称", "项目名称", "内容"):
            # a column of words beside the figures (是否达标 | 达标) says nothing of the layout
            values = [c for c in columns if c.kind == "value" and _holds_figures(table, c.index)]
            if values and sum(1 for c in values if c.period or c.role == "standard" or not c.name) >= len(values) / 2:
                return "indicators"
        values = [c for c in columns if c.kind == "value"]
        if values and all(c.period for c in values if c.role == "value") and any(c.period for c in values):
            named = sum(1 for r in data if self.lex.match_indicator(_clean(r.name)))
            if named >= max(1, len(data) / 2):
                return "indicators"
        return "entities"

    def _caption_scope(self, table: Table, meta: dict[str, str]) -> Subject | None:
        for key in ("院校名称", "学校名称", "单位名称", "填报单位"):
            if key in meta:
                return Subject(institution=self.scopes.institution(meta[key]))
        if table.caption:
            title = re.sub(r"^\s*[表图]\s*[\d０-９]+(?:\s*[-－—.．]\s*[\d０-９]+)*\s*[：:、]?\s*", "", table.caption)
            title = re.sub(r"(?:19|20)\d{2}\s*(?:[-—–至]\s*(?:19|20)\d{2})?\s*(?:年度?|学年|届)?", "", title)
            title = title.strip(" 　")
            subject = self.scopes.subject(title)
            if subject is not None and (subject.region or subject.institution or subject.sector):
                return subject
        return None

    # figures ------------------------------------------------------------------------------
    def _figures(self, view: TableView, first_id: int, block: int) -> None:
        table = view.table
        source = "chart" if table.kind == "chart" or self.lex.starts("table.chart_caption", (table.caption or "").strip()) else "table"
        for row in view.rows:
            cells = table.rows[row.index]
            for col in view.columns:
                if col.kind != "value" or col.index >= len(cells):
                    continue
                cell = cells[col.index]
                n = cell_number(cell.text)
                notes: tuple[str, ...] = ()
                if n is None and (col.role in ("growth", "difference", "points", "change", "ratio") or row.role == "change"):
                    worded = self._worded(cell.text)
                    if worded is None:
                        continue
                    n, notes = worded
                elif n is None:
                    continue
                n = self.indicators.oriented(self._with_unit(n, view, row, col), row.label or col.label)
                role = self._cell_role(view, row, col, n)
                if self._structure(col, row, n):
                    role, n = "share", replace(n, kind="percent", unit="percent") if n.kind == "quantity" else n
                label, indicator, qualifiers = self._naming(view, row, col)
                scope = self._cell_scope(view, row, qualifiers, col)
                period = self._cell_period(view, row, col)
                exact = self._exact(n, view, row, col, role)
                fig = Figure(
                    id=first_id + len(view.cells) if first_id >= 0 else -1,
                    number=n,
                    text=cell.text.strip(),
                    label=label,
                    indicator=indicator,
                    dim=self._dim(n, indicator),
                    role=role,
                    scope=scope,
                    period=period,
                    source=source,
                    location=_cell_location(table, cell, row.index, col.index, n),
                    block=block,
                    cell=CellRef(view.index, row.index, col.index),
                    exact=exact,
                    notes=notes,
                )
                view.cells[(row.index, col.index)] = fig

    def _structure(self, col: Column, row: Row, n: Number) -> bool:
        """A share of a structure (``职称结构 | 0.117`` or ``11.7%``): a fraction or percentage
        under a header, or in a row, that names a distribution (结构, 分布)."""
        names = (col.name, row.label)
        if not any(self._names_structure(name) for name in names if name):
            return False
        if n.kind in ("percent", "permille"):
            return True
        # a negative fraction there is a share printed wrong, for the structure's sum to judge
        return n.kind == "quantity" and n.unit is None and n.decimals >= 1 and -1 <= n.value <= 1

    def _dim(self, n: Number, indicator: str) -> str:
        """The unit family: the cell's unit, else the indicator's (a bare 学生总数 counts people)."""
        dim = dim_of(n)
        if dim == "number" and n.kind == "quantity":
            ind = self.lex.indicator(indicator)
            if ind is not None and ind.dim:
                return ind.dim
        return dim

    def _worded(self, text: str) -> tuple[Number, tuple[str, ...]] | None:
        """A change cell in words: ``提高1.2个百分点`` (its number, signed) or ``降低`` alone."""
        t = text.strip()
        direction = None
        for name, sign in (("change.flat", 0), ("change.down", -1), ("change.up", 1)):
            if self.lex.has(name, t):
                direction = sign
                break
        if direction is None or len(t) > 24:
            return None
        found = find_numbers(t)
        if not found:
            return Number(t, 0.0, 0.0, 0.0, start=0, end=len(t)), (f"direction:{direction}", "worded")
        if len(found) != 1 or direction == 0:
            return None
        n = found[0]
        if direction < 0 and n.value > 0:
            n = replace(n, value=-n.value, low=-n.high, high=-n.low)
        return replace(n, text=t), (f"direction:{direction}", "worded")

    def _with_unit(self, n: Number, view: TableView, row: Row, col: Column) -> Number:
        if n.kind != "quantity" or n.unit is not None or n.scale != 1.0 or n.terms is not None:
            return n
        unit = None
        if col.role in ("growth", "share", "rate") and col.unit is None:
            unit = "%"
        unit = col.unit or unit
        per_row = ("value", "total", "standard", "difference", "change", "average", "per_capita")
        if view.layout == "indicators" and row.unit and row.unit not in _EMPTY_MARKS and col.role in per_row:
            unit = row.unit if col.role != "difference" or row.unit != "%" else "个百分点"
        if unit is None and view.layout != "indicators":
            unit = self._header_units[row.label] if row.label else None
        elif unit is None and row.label and col.role in per_row and not any(c.kind == "unit" for c in view.columns):
            unit = _BRACKETED.search(row.label) and self._header_units[row.label]  # 生均校舍建筑面积（m²）
            unit = "个百分点" if unit == "%" and col.role == "difference" else unit
        unit = unit or view.table.unit
        if unit and unit not in _EMPTY_MARKS:
            return with_unit(n, unit)
        return n

    def _cell_role(self, view: TableView, row: Row, col: Column, n: Number) -> Role:
        role = col.role
        if view.layout != "entities" and row.role == "change":
            return "growth" if n.kind in ("percent", "permille") else "change"
        if view.layout == "indicators":
            name = self._clean_once[row.name]
            if role == "standard":
                return "standard"  # a 国家标准 column: the threshold, whatever the row measures
            if role in ("value", "total", "subtotal", "partial"):
                if n.kind == "ratio" or self._has("table.ratio", name) or self._named_dim(name) == "ratio":
                    return "ratio"
                if name.startswith(self.lex.words("per_capita")):
                    return "per_capita"
                if n.kind in ("percent", "permille") and (name.endswith("率") or self._has("table.share", name)):
                    return "rate" if name.endswith("率") else "share"
                return "level"
        mapping: dict[str, Role] = {
            "share": "share", "rate": "rate", "growth": "growth", "difference": "change",
            "points": "points", "change": "change", "ratio": "ratio", "per_capita": "per_capita",
            "standard": "standard",
        }
        if role in mapping:
            if role == "change" and n.kind in ("percent", "permille"):
                return "growth"
            return mapping[role]
        if n.kind == "ratio":
            return "ratio"
        return "level"

    def _named_dim(self, name: str) -> str | None:
        """The dimension the lexicon gives the indicator ``name`` names (``ratio`` for 教职工与专任教师比)."""
        match = self.lex.match_indicator(name)
        return match.indicator.dim if match and not match.head else None

    def _naming(self, view: TableView, row: Row, col: Column) -> tuple[str, str, list[str]]:
        """The cell's label, indicator and qualifiers."""
        qualifiers: list[str] = []
        if view.layout == "indicators":
            name = _strip_units(row.name)
            if any(name.startswith(w) for w in ("其中：", "其中:", "其中")):
                name = re.sub(r"^其中[：:]?", "", name)
            extra = col.name if col.name and col.period is None else ""
            label = f"{row.label} / {extra}" if extra else row.label
            indicator, quals = self.indicator(name)
            if extra and col.role not in ("growth", "difference", "points", "change", "standard", "value"):
                pass
            return label, indicator, quals
        if view.layout == "periods":
            indicator, quals = self.indicator(col.name)
            return col.label, indicator, quals
        category = self._category(view, row, col)
        if category is not None:  # 去向 | 人数: the row names what is counted
            return f"{row.label} / {col.label}" if row.label else col.label, *category
        # entities: the column names the indicator, the row whose figure it is
        indicator, quals = self.indicator(col.name)
        qualifiers.extend(quals)
        label = f"{row.label} / {col.label}" if row.label else col.label
        return label, indicator, qualifiers

    def indicator(self, name: str) -> tuple[str, list[str]]:
        """An indicator id (or the cleaned name) and the partition words that narrow it."""
        reading = self.indicators.read(name)
        return reading.indicator, list(reading.qualifiers)

    def _category(self, view: TableView, row: Row, col: Column) -> tuple[str, list[str]] | None:
        """A count column with a generic name (人数, 数量) in a table whose rows are categories
        (毕业生去向: 升学 / 三二分段转段): the row's own name is the indicator, narrowed by its
        group only when the same name stands under another group too."""
        if view.layout != "entities" or col.role != "value" or row.subject is not None or row.role == "total":
            return None
        if not self.lex.is_word("label.generic", self._clean_once[_strip_units(col.name)]):
            return None
        parts = [p for p in row.parts if p]
        leaf = parts[-1] if parts else ""
        if self.lex.is_word("table.subtotal", leaf) or self.lex.is_word("table.total", leaf):
            leaf = row.group or ""
        if not leaf or header_period(leaf) is not None:
            return None
        indicator, quals = self.indicator(leaf)
        same = sum(1 for r in view.rows if r.parts and r.parts[-1] == leaf)
        if same > 1 and row.group and row.group != leaf:
            quals.append(row.group)
        return indicator, quals

    def _cell_scope(self, view: TableView, row: Row, qualifiers: list[str], col: Column | None = None) -> Scope:
        base = view.scope or Subject()
        region, institution, sector = base.region, base.institution, base.sector
        quals = list(qualifiers)
        if view.layout == "entities" and col is not None and self._category(view, row, col) is not None:
            return Scope(region, institution, sector, tuple(dict.fromkeys(quals)))
        if view.layout == "entities":
            if row.role in ("total",):
                pass
            elif row.role == "subtotal" and row.group:
                quals.append(row.group)
            elif row.subject is not None and (row.subject.region or row.subject.institution):
                region = row.subject.region or region
                institution = row.subject.institution or institution
            elif row.label and not (row.period and header_period(row.label) is not None):
                quals.append(row.label)
        return Scope(region, institution, sector, tuple(dict.fromkeys(quals)))

    def _cell_period(self, view: TableView, row: Row, col: Column) -> Period:
        if row.period:
            return Period(row.period)
        if col.period:
            return Period(col.period)
        if view.layout == "periods" and row.role == "total":
            years = [r.period for r in view.rows if r.period]
            if years:
                return Period(years[-1].split("-")[-1], "cumulative")
        return Period(view.period or self.report_period)

    def _exact(self, n: Number, view: TableView, row: Row, col: Column, role: Role) -> bool:
        if not self.exact_counts:
            return False
        if n.kind != "quantity" or n.qualifier is not None or n.decimals != 0 or n.scale != 1:
            return False
        if n.value != int(n.value) or n.terms:
            return False
        if role not in ("level", "change"):
            return False
        context = " ".join((row.label, col.label, view.table.unit or "", view.table.caption or "", row.unit or ""))
        return not (_SCALE_WORDS.search(context) or "均" in row.label or "均" in col.label)


_Edges = tuple[frozenset[str], tuple[str, ...], tuple[str, ...]]


def _edges(words: tuple[str, ...]) -> _Edges:
    """``words`` as ``_edge_word`` tests them: an English word whole or before a space, a
    Chinese one at either end (one ``startswith``/``endswith`` per kind, asked every row)."""
    english = tuple(w for w in words if w.isascii())
    return frozenset(english), tuple(w + " " for w in english), tuple(w for w in words if not w.isascii())


_TOTAL_EDGES = _edges(("合计", "总计", "共计", "汇总", "total"))
_SUBTOTAL_EDGES = _edges(("小计", "subtotal"))


def _edge_word(label: str, edges: _Edges) -> bool:
    """A label that starts or ends with one of the ``edges`` words (``Total …``, ``…合计``)."""
    low = label.lower()
    whole, spaced, chinese = edges
    return low in whole or low.startswith(spaced) or low.startswith(chinese) or low.endswith(chinese)


def _continues(cells: list[Cell], label_cols: list[int], k: int) -> bool:
    """An empty group cell continues the group above when the row has its own label below it."""
    later = [cells[c].text.strip() for c in label_cols[k + 1 :] if c < len(cells)]
    return any(later)


def _pairs(cells: list[str]) -> dict[str, str]:
    out: dict[str, str] = {}
    filled = [c for c in cells if c]
    for i in range(0, len(filled) - 1, 2):
        out[_clean(filled[i])] = filled[i + 1]
    return out


def _serial_values(texts: list[str]) -> bool:
    ints = [t for t in texts if t]
    if len(ints) < 3 or not all(re.fullmatch(r"\d{1,3}", t) for t in ints):
        return False
    seq = [int(t) for t in ints]
    return seq == list(range(seq[0], seq[0] + len(seq))) and seq[0] in (0, 1)


def _unit_values(texts: list[str], lex: Lexicon) -> bool:
    values = [t for t in texts if t and t not in _EMPTY_MARKS]
    if len(values) < 2:
        return False
    return all(parse_unit_text(v) is not None and not re.search(r"\d", v) for v in values)


_ANY_YEAR = re.compile(r"(?<!\d)((?:19|20)\d{2})(?!\d)")
_CJK_CHAR = re.compile(r"[\u3400-\u9fff]")


def _column_period(label: str) -> str | None:
    """A header's period: ``2019年``, ``2022-2023学年``; in English headers the one year they
    name (``Q4 2019``, ``December 31, 2019``). ``2018级在校生`` is a cohort, not a period."""
    period = header_period(label)
    if period is not None or _CJK_CHAR.search(label) or "%" in label or len(label) > 40:
        return period
    years = set(_ANY_YEAR.findall(label))
    return years.pop() if len(years) == 1 else None


def _holds_figures(table: Table, c: int) -> bool:
    return any(c < len(row) and cell_number(row[c].text) is not None for row in table.rows)


def _year_values(texts: list[str]) -> bool:
    filled = [t for t in texts if t and t not in _EMPTY_MARKS]
    years = [t for t in filled if _YEARISH.match(t)]
    return len(years) >= 2 and len(years) >= len(filled) - 1


def _mostly_numeric(texts: list[str]) -> bool:
    filled = [t for t in texts if t and t not in _EMPTY_MARKS]
    if not filled:
        return False
    hits = sum(1 for t in filled if cell_number(t) is not None)
    return hits >= max(1, (len(filled) + 1) // 2)


def _caption_period(caption: str | None) -> str | None:
    if not caption:
        return None
    m = re.search(r"((?:19|20)\d{2})\s*(?:年度?|学年|届)?\s*(?:[-—–~至、]\s*((?:19|20)\d{2}))?", caption)
    if not m:
        return None
    return m.group(2) or m.group(1)


def _cell_location(table: Table, cell: Cell, r: int, c: int, n: Number) -> Location:
    loc = cell.location
    if cell.smap is not None:
        line, column, end_line, end_column = cell.smap.span(n.start, n.end)
        page, paragraph = cell.smap.base.page, cell.smap.base.paragraph
    else:
        line, column, end_line, end_column = loc.line, loc.column, loc.end_line, loc.end_column
        page, paragraph = loc.page, loc.paragraph
    return Location(
        line, column, end_line, end_column,
        page if page is not None else loc.page,
        paragraph,
        loc.table or table.id,
        loc.row if loc.row is not None else r + 1,
        loc.col if loc.col is not None else c + 1,
        table.section,
    )
