"""A table as the check kinds see it: every cell parsed once, labels classified.

Table kinds ask the same questions (which cells are numbers, which columns
are years, which rows are totals or growth rows, what is a cell's label), so
a Grid answers them once per table. A column whose header says ``%``
(``增长情况%``, ``就业率（%）``) turns its plain numbers into percents.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field, replace
from functools import cached_property, lru_cache

from vetlint.checks import Figure
from vetlint.document import Cell, Location, Table
from vetlint.intervals import Interval
from vetlint.numbers import Number

_YEAR = re.compile(
    r"^\s*((?:19|20)\d{2})\s*(?:[-—–~至]\s*(?:19|20)?\d{2}\s*)?(?:年度?|学年|级|届)?\s*(?:（[^）]*）|\([^)]*\))?\s*$"
)
_PERCENT_HEADER = re.compile(r"(?:%|％|（%）|\(%\)|百分比)")
_SERIAL_HEADER = re.compile(r"^\s*(?:序号|编号|No\.?|#)\s*$", re.IGNORECASE)
_UNIT_TEXT = re.compile(
    r"^\s*(?:人|个|所|万元|元|亿元|平方米|册|台|件|项|名|%|次|人次|学时|小时|天|年)\s*$"
)


_CURRENCY = re.compile(r"^\s*(?:US\$|HK\$|RMB|\$|¥|￥|€|£)\s*")


_ANY_YEAR = re.compile(r"(?<!\d)((?:19|20)\d{2})(?!\d)")
_PAREN_SPACES = re.compile(r"\(\s*(.*?)\s*\)")
_SERIAL_VALUE = re.compile(r"\d{1,3}")


# The memoised helpers below are pure functions of strings (``Number`` is frozen):
# tables repeat the same labels and cells, and every kind asks about them again.
@lru_cache(maxsize=8192)
def year_of(label: str) -> int | None:
    """The one year a label names: ``2019年``, ``2019-2020学年``, ``Q4 2019``,
    ``December 31, 2019``, ``Fiscal 2019 Net Sales``; None for two years or none."""
    m = _YEAR.match(label.split(" / ")[-1]) or _YEAR.match(label)
    if m:
        return int(m.group(1))
    years = set(_ANY_YEAR.findall(label))
    if len(years) == 1 and len(label) <= 40 and "%" not in label:
        return int(years.pop())
    return None


@lru_cache(maxsize=8192)
def parse_cell(text: str) -> Number | None:
    """The one number a cell holds, or None (empty, words, several numbers)."""
    from vetlint.extract.facts import cell_number as parse_number  # shared with the extractor

    clean = _CURRENCY.sub("", text.strip())
    clean = _PAREN_SPACES.sub(r"(\1)", clean).strip()
    if not clean or not any(ch.isdigit() for ch in clean):
        return None
    try:
        n = parse_number(clean)
    except Exception:  # a cell that is not one number: not a figure for table checks
        return None
    if n is not None and clean != text.strip():
        n = replace(n, text=text.strip())
    return n


def matches(label: str, words: list[str] | tuple[str, ...]) -> bool:
    """Does ``label`` contain one of ``words`` (case-insensitive)?"""
    return _matches(label, words if type(words) is tuple else tuple(words))


@lru_cache(maxsize=16384)
def _matches(label: str, words: tuple[str, ...]) -> bool:
    low = label.lower()
    return any(w.lower() in low for w in words)


_SCALE_WORDS = re.compile(r"万|千|亿|百万|thousand|million|billion|\$|€|£|¥", re.IGNORECASE)


@dataclass
class Grid:
    """``exact_counts``: a plain integer (no 万, no decimals) is an exact count, not a
    rounded figure — true for the head counts and school counts of Chinese reports,
    false for financial statements printed in thousands."""

    table: Table
    exact_counts: bool = True
    # Answers memoised per grid: a Grid lives for one check of one document.
    _labels: dict[int, str] = field(default_factory=dict, repr=False, compare=False)
    _exact: dict[tuple[int, int], bool] = field(default_factory=dict, repr=False, compare=False)
    _numeric: dict[int, bool] = field(default_factory=dict, repr=False, compare=False)
    _col_years: dict[int, int | None] = field(default_factory=dict, repr=False, compare=False)

    @cached_property
    def _texts(self) -> list[list[str]]:
        """Every cell's text, stripped (``text(r, c)`` is asked thousands of times)."""
        return [[cell.text.strip() for cell in row] for row in self.table.rows]

    def _column(self, c: int) -> list[str]:
        """The stripped texts of column ``c``, top to bottom (``""`` past a short row)."""
        return [row[c] if c < len(row) else "" for row in self._texts]

    @cached_property
    def _leaves(self) -> list[str]:
        return [label.split(" / ")[-1].strip() for label in self.table.columns]

    @cached_property
    def _percent_cols(self) -> list[bool]:
        return [bool(_PERCENT_HEADER.search(label)) for label in self.table.columns]

    @cached_property
    def nums(self) -> list[list[Number | None]]:
        out: list[list[Number | None]] = []
        for row, texts in zip(self.table.rows, self._texts, strict=True):
            parsed: list[Number | None] = []
            data = [t for t in texts[self.label_cols :] if t]
            if data and all(year_of(t) is not None for t in data):
                out.append([None] * len(row))  # a header row of years inside the body
                continue
            for c, cell in enumerate(row):
                n = parse_cell(cell.text) if c >= self.label_cols else None
                if (
                    n is not None
                    and n.kind == "quantity"
                    and self.percent_column(c)
                    and n.terms is None
                ):
                    n = _as_percent(n)
                parsed.append(n)
            out.append(parsed)
        return out

    @cached_property
    def label_cols(self) -> int:
        return max(0, min(self.table.label_columns, self.table.n_cols))

    @property
    def n_rows(self) -> int:
        return self.table.n_rows

    @property
    def n_cols(self) -> int:
        return self.table.n_cols

    def col_label(self, c: int) -> str:
        columns = self.table.columns
        return columns[c] if c < len(columns) else ""

    def leaf(self, c: int) -> str:
        leaves = self._leaves
        return leaves[c] if c < len(leaves) else ""

    def group(self, c: int) -> str:
        parts = self.col_label(c).split(" / ")
        return " / ".join(parts[:-1]).strip()

    def row_label(self, r: int) -> str:
        """The row's label (label columns joined, serial numbers left out); memoised."""
        cached = self._labels.get(r)
        if cached is None:
            cached = self._labels[r] = self._row_label(r)
        return cached

    def _row_label(self, r: int) -> str:
        label = self.table.row_label(r) if self.label_cols else ""
        if label and self.serial_cols & set(range(self.label_cols)):
            serials = {self.text(r, c) for c in self.serial_cols}
            label = " / ".join(p for p in label.split(" / ") if p.strip() not in serials)
        if not label.strip():
            # tables whose label column holds nothing: the first non-number cell
            for c in range(self.n_cols):
                text = self.table.rows[r][c].text.strip()
                if text and self.num(r, c) is None:
                    return text
        return label

    def row_name(self, r: int) -> str:
        """The row label without its unit cell (``生均纸质图书 / 册`` → ``生均纸质图书``)."""
        label = self.row_label(r)
        if self.unit_col is not None and self.unit_col < self.label_cols:
            unit = self.text(r, self.unit_col)
            label = " / ".join(p for p in label.split(" / ") if p.strip() != unit)
        return label

    def cell(self, r: int, c: int) -> Cell:
        return self.table.rows[r][c]

    def text(self, r: int, c: int) -> str:
        row = self._texts[r]
        return row[c] if c < len(row) else ""

    def num(self, r: int, c: int) -> Number | None:
        nums = self.nums
        if r >= len(nums):
            return None
        row = nums[r]
        return row[c] if c < len(row) else None

    def exact(self, r: int, c: int) -> bool:
        """Is the cell an exact count (see ``exact_counts``)?"""
        key = (r, c)
        known = self._exact.get(key)
        if known is None:
            known = self._exact[key] = self._is_exact(r, c)
        return known

    def _is_exact(self, r: int, c: int) -> bool:
        n = self.num(r, c)
        if not self.exact_counts or n is None or n.kind != "quantity" or n.qualifier is not None:
            return False
        if n.decimals != 0 or n.scale != 1 or not float(n.value).is_integer() or n.terms:
            return False
        context = " ".join(
            (self.row_label(r), self.col_label(c), self.table.unit or "", self.table.caption or "")
        )
        if self.unit_col is not None:
            context += self.text(r, self.unit_col)
        return not _SCALE_WORDS.search(context)

    def iv(self, r: int, c: int) -> Interval:
        """The interval a cell stands for: a point for exact counts, else its printed precision."""
        n = self.num(r, c)
        if n is None:
            raise ValueError(f"cell {r},{c} is not a number")
        if self.exact(r, c):
            return Interval.point(n.value)
        return Interval(n.low, n.high)

    def truncated_iv(self, r: int, c: int) -> Interval | None:
        n = self.num(r, c)
        if n is None or self.exact(r, c):
            return None
        return truncated_interval(n)

    def percent_column(self, c: int) -> bool:
        flags = self._percent_cols
        return flags[c] if c < len(flags) else False

    @cached_property
    def serial_cols(self) -> set[int]:
        out = set()
        for c in range(self.n_cols):
            if _SERIAL_HEADER.match(self.leaf(c)):
                out.add(c)
                continue
            ints = [v for v in self._column(c) if v]
            if len(ints) >= 3 and all(_SERIAL_VALUE.fullmatch(v) for v in ints):
                seq = [int(v) for v in ints]
                if seq == list(range(seq[0], seq[0] + len(seq))) and seq[0] in (0, 1):
                    out.add(c)
        return out

    def numeric_col(self, c: int) -> bool:
        known = self._numeric.get(c)
        if known is None:
            known = self._numeric[c] = self._numeric_col(c)
        return known

    def _numeric_col(self, c: int) -> bool:
        if c < self.label_cols or c in self.serial_cols:
            return False
        filled = [r for r, text in enumerate(self._column(c)) if text]
        if not filled:
            return False
        nums = self.nums
        hits = sum(1 for r in filled if c < len(nums[r]) and nums[r][c] is not None)
        return hits >= max(1, len(filled) // 2)

    @cached_property
    def unit_col(self) -> int | None:
        for c in range(self.n_cols):
            values = [t for t in self._column(c) if t]
            if (
                values
                and all(_UNIT_TEXT.match(v) for v in values)
                and ("单位" in self.leaf(c) or len(values) >= 2)
            ):
                return c
        return None

    def row_year(self, r: int) -> int | None:
        return year_of(self.row_label(r))

    def col_year(self, c: int) -> int | None:
        if c in self._col_years:
            return self._col_years[c]
        year = self._col_years[c] = year_of(self.leaf(c)) or year_of(self.col_label(c))
        return year

    def location(self, r: int, c: int) -> Location:
        """The cell's location with the table, row, column and section filled in."""
        loc = self.cell(r, c).location
        if (
            loc.table is not None
            and loc.row is not None
            and loc.col is not None
            and (loc.section is not None or not self.table.section)
        ):
            return loc
        return Location(  # built directly: dataclasses.replace is slow on this hot path
            loc.line,
            loc.column,
            loc.end_line,
            loc.end_column,
            loc.page,
            loc.paragraph,
            self.table.id if loc.table is None else loc.table,
            r if loc.row is None else loc.row,
            c if loc.col is None else loc.col,
            self.table.section if loc.section is None and self.table.section else loc.section,
        )

    def cell_label(self, r: int, c: int) -> str:
        row = self.row_label(r)
        col = self.col_label(c)
        return " · ".join(p for p in (row, col) if p)

    def figure(self, r: int, c: int, label: str | None = None) -> Figure:
        n = self.num(r, c)
        return Figure(
            text=self.text(r, c),
            value=n.value if n else None,
            location=self.location(r, c),
            low=n.low if n else None,
            high=n.high if n else None,
            label=label if label is not None else self.cell_label(r, c),
        )


def _as_percent(n: Number) -> Number:
    return replace(
        n,
        value=n.value / 100,
        low=n.low / 100,
        high=n.high / 100,
        kind="percent",
        scale=n.scale / 100,
    )


def interval(n: Number) -> Interval:
    return Interval(n.low, n.high)


def truncated_interval(n: Number) -> Interval | None:
    """The stated interval if the author truncated instead of rounding (exact figures only)."""
    if n.qualifier is not None or n.high <= n.low:
        return None
    ulp = n.high - n.low
    if n.value >= 0:
        return Interval(n.value, n.value + ulp)
    return Interval(n.value - ulp, n.value)


def first_term(n: Number) -> tuple[float, Interval] | None:
    """For ``16.26 : 1`` the first term and its interval (ratios to one only)."""
    if n.terms and len(n.terms) == 2 and n.terms[1] == 1:
        d = n.term_decimals[0] if n.term_decimals else 0
        return n.terms[0], Interval.printed(n.terms[0], d)
    return None


def term_intervals(n: Number) -> list[Interval]:
    if not n.terms:
        return []
    decs = n.term_decimals or tuple(0 for _ in n.terms)
    return [Interval.printed(t, d) for t, d in zip(n.terms, decs, strict=False)]
