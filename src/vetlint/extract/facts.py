"""Facts: every number of a report with what it measures, when, and where.

A Fact is a Number plus its label (the indicator), its period, its exact
location and, for prose, the sentence it sits in; for table cells the table,
row and column with their labels. Rules read Facts, never raw text.

* Prose: every body/note paragraph; labels from ``labels.prose_label``,
  periods from ``periods.period_at``. A change (``较上年增加29人``) or a
  previous-period value (``比上年（97.3%）``) has ``role`` set and takes the
  label of the figure before it in the sentence; a bare ``生均``/``人均``
  label is completed the same way (``仪器设备值 22188 万元，生均 5546 元``).
* Tables and charts: every body cell except serial-number columns. A data
  cell is one number (``parse_number``), given the unit its column header,
  row label or table unit line prints when the cell itself has none
  (``在校生数（人）``, ``增长情况%``, ``单位：万元``). Label cells and text
  cells contribute only numbers with a unit (``国家…学校（3所）``). Period: a
  year column or row header, else the caption's period, else the document's.
* Headings, captions, unit lines and page furniture hold no facts.

``row``/``col`` on a Fact are 0-based indices into ``Table.rows``; the
Location carries the 1-based row/column people read.
"""

from __future__ import annotations

import math
import re
from dataclasses import dataclass
from functools import lru_cache
from typing import Any

from vetlint.document import Cell, Document, Heading, Location, Paragraph, SourceMap, Table
from vetlint.extract.legacy_labels import cell_label, is_serial_column, prose_label
from vetlint.extract.legacy_periods import (
    document_period,
    find_periods,
    header_period,
    paragraph_period,
    period_at,
    sentence_bounds,
)
from vetlint.numbers import Number, find_numbers, parse_number, parse_unit_text, with_unit

_FACT_ROLES = ("body", "note")
_PER_HEAD = ("生均", "人均", "校均", "师均")
_HEADER_UNIT = re.compile(r"[（(]\s*(?:单位\s*[:：]\s*)?([^（）()]{1,6}?)\s*[）)]\s*$")
_PERCENT_HEADER = re.compile(r"%|％|百分比")


@dataclass(frozen=True, slots=True)
class Fact:
    """One number with its label, period and place."""

    number: Number
    label: str | None
    period: str | None
    location: Location
    source: str  # "prose" | "table" | "chart"
    section: str | None
    table: str | None = None
    row: int | None = None
    col: int | None = None
    row_label: str | None = None
    col_label: str | None = None
    sentence: str | None = None
    base: str | None = None  # the base of a share: 占专任教师总数的47% → 专任教师
    role: str | None = None  # "change" (较上年增加…) | "previous" (比上年（97.3%）) | None

    def to_dict(self) -> dict[str, Any]:
        """The extract contract's ``numbers`` entry (plus the extra fields)."""
        n = self.number
        return {
            "text": n.text,
            "value": n.value,
            "low": n.low,
            "high": n.high,
            "unit": n.unit,
            "label": self.label,
            "period": self.period,
            "qualifier": n.qualifier,
            "kind": n.kind,
            "source": self.source,
            "section": self.section,
            "table": self.table,
            "row": self.row,
            "col": self.col,
            "row_label": self.row_label,
            "col_label": self.col_label,
            "base": self.base,
            "role": self.role,
            "one_sided": math.isinf(n.low) or math.isinf(n.high),
            "location": self.location.to_dict(),
        }


def extract_facts(doc: Document) -> list[Fact]:
    """Every fact of a document, in reading order."""
    default = document_period(_title_texts(doc))
    facts: list[Fact] = []
    for block in doc.blocks:
        if isinstance(block, Paragraph):
            if block.role in _FACT_ROLES:
                facts.extend(prose_facts(block, default))
        elif isinstance(block, Table):
            facts.extend(table_facts(block, default))
    return facts


def _title_texts(doc: Document) -> list[str]:
    texts = []
    for block in doc.blocks:
        if isinstance(block, (Heading, Paragraph)):
            texts.append(block.text)
        if len(texts) >= 8:
            break
    return texts


# --- prose -----------------------------------------------------------------------


def numbers_in(text: str) -> list[Number]:
    """``find_numbers(text)``, computed once per distinct text.

    The extractor and the prose checks of the engine read the same paragraphs;
    ``Number`` is frozen, so the parsed figures are shared (a fresh list each call).
    """
    return list(_numbers_in(text))


@lru_cache(maxsize=2048)
def _numbers_in(text: str) -> tuple[Number, ...]:
    return tuple(find_numbers(text))


def prose_facts(paragraph: Paragraph, default_period: str | None = None) -> list[Fact]:
    """The facts of one paragraph of prose."""
    text = paragraph.text
    numbers = numbers_in(text)
    if not numbers:
        return []
    mentions = find_periods(text)
    own_period = paragraph_period(text, default_period)
    out: list[Fact] = []
    floor = 0
    last_label: tuple[int, str] | None = None  # (sentence start, label) of the last plain figure
    for n in numbers:
        s_start, s_end = sentence_bounds(text, n.start)
        pl = prose_label(text, n.start, n.end, max(floor, s_start), n.kind)
        floor = n.end
        label = pl.label
        same_sentence = last_label is not None and last_label[0] == s_start
        if pl.role is not None and label is None and same_sentence:
            label = last_label[1]  # type: ignore[index]
        elif label in _PER_HEAD and same_sentence:
            label += last_label[1]  # type: ignore[index,operator]  # 生均 5546 元 after 仪器设备值
        if pl.role is None and label is not None:
            last_label = (s_start, label)
        period = period_at(text, n.start, n.end, paragraph=own_period, mentions=mentions)
        b = paragraph.smap.base
        location = Location(  # smap.locate(...).with_(section=...), built once
            *_span(paragraph.smap, n.start, n.end),
            b.page, b.paragraph, b.table, b.row, b.col, paragraph.section,
        )
        out.append(
            Fact(
                number=n,
                label=label,
                period=period,
                location=location,
                source="prose",
                section=paragraph.section,
                sentence=text[s_start:s_end].strip() or None,
                base=pl.base,
                role=pl.role,
            )
        )
    return out


def _span(smap: SourceMap, start: int, end: int) -> tuple[int, int, int, int]:
    """(line, column, end line, end column) of ``text[start:end]``, as ``smap.locate`` gives
    them; the usual one-segment map needs no bisect."""
    if len(smap.segments) == 1:
        offset, line, column = smap.segments[0]
        return line, column + start - offset, line, column + max(start, end - 1) - offset
    line, column = smap.point(start)
    end_line, end_column = smap.point(max(start, end - 1))
    return line, column, end_line, end_column


# --- tables ----------------------------------------------------------------------


@lru_cache(maxsize=8192)
def cell_number(text: str) -> Number | None:
    """``parse_number(text)``, memoised: the extractor and the table checks parse the
    same cells (``Number`` is frozen, so the result is shared)."""
    return parse_number(text)


@lru_cache(maxsize=4096)
def header_unit(label: str | None) -> str | None:
    """The unit a header prints: ``在校生数（人）`` → 人, ``增长情况%`` → %.

    A last ``" / "`` part that is a unit by itself counts too (a 单位 column
    joined into the row label: ``三年在校生数 / 人``).
    """
    if not label:
        return None
    parts = label.split(" / ")
    last = parts[-1]
    if _PERCENT_HEADER.search(last):
        return "%"
    m = _HEADER_UNIT.search(last)
    if m and parse_unit_text(m.group(1)) is not None:
        return m.group(1).strip()
    for part in reversed(parts):
        if parse_unit_text(part) is not None:
            return part.strip()
    return None


def _cell_location(table: Table, cell: Cell, r: int, c: int, n: Number) -> Location:
    loc = cell.location
    if cell.smap is not None:
        line, column, end_line, end_column = _span(cell.smap, n.start, n.end)
        page, paragraph = cell.smap.base.page, cell.smap.base.paragraph
    else:
        line, column, end_line, end_column = loc.line, loc.column, loc.end_line, loc.end_column
        page, paragraph = loc.page, loc.paragraph
    return Location(  # built directly (and positionally): this runs for every cell
        line,
        column,
        end_line,
        end_column,
        page if page is not None else loc.page,
        paragraph,
        loc.table or table.id,
        loc.row if loc.row is not None else r + 1,
        loc.col if loc.col is not None else c + 1,
        table.section,
    )


def _caption_period(table: Table) -> str | None:
    if not table.caption:
        return None
    for m in find_periods(table.caption):
        if m.period is not None:
            return m.period
    return None


def table_facts(table: Table, default_period: str | None = None) -> list[Fact]:
    """The facts of one table (or chart data block)."""
    source = "chart" if table.kind == "chart" else "table"
    caption_period = _caption_period(table) or default_period
    # Per column, once: its label, whether it holds serial numbers, the period it names.
    col_labels = list(table.columns)
    serial = [is_serial_column(label) for label in col_labels]
    col_periods = [header_period(label) for label in col_labels]
    out: list[Fact] = []
    for r, c, cell in table.iter_cells():
        text = cell.text
        if not text.strip() or (not any(map(str.isdigit, text)) and not _has_cn_count(text)):
            continue
        inside = c < len(col_labels)
        col_label = col_labels[c] if inside else ""
        if serial[c] if inside else is_serial_column(col_label):
            continue
        labels = cell_label(table, r, c)
        numbers: list[Number]
        whole = cell_number(text) if c >= table.label_columns else None
        if whole is not None:
            unit_text = (
                header_unit(col_label) or header_unit(labels.row_label) or table.unit
                if whole.unit is None and whole.scale == 1.0 and whole.kind == "quantity"
                else None
            )
            numbers = [with_unit(whole, unit_text) if unit_text else whole]
        else:
            numbers = [n for n in find_numbers(text) if n.unit or n.kind != "quantity"]
        period = (col_periods[c] if inside else header_period(col_label)) or labels.row_period or caption_period
        for n in numbers:
            out.append(
                Fact(
                    number=n,
                    label=labels.label,
                    period=period,
                    location=_cell_location(table, cell, r, c, n),
                    source=source,
                    section=table.section,
                    table=table.id,
                    row=r,
                    col=c,
                    row_label=labels.row_label,
                    col_label=labels.col_label,
                )
            )
    return out


_CN_COUNT_DIGIT = re.compile("[两二三四五六七八九十]")


def _has_cn_count(text: str) -> bool:
    return _CN_COUNT_DIGIT.search(text) is not None
