"""Spreadsheet reader: .csv/.tsv (one table) and .xlsx/.xlsm (one table per sheet).

A sheet is read as the grid it prints: leading rows holding a single cell are
the caption (``表1-6：…``) and unit line (``单位：人``), trailing ``注：`` rows are
notes, the rest is the table. Cell values are formatted as Excel shows them
(``0.0%`` → ``5.5%``, ``0.00`` → ``20.63``, integers without ``.0``) because
the checks judge rounding from the printed precision. An .xlsx streams in
(``workbook``): the grid and the characters of its cells are counted as rows arrive,
and a formula gives the result Excel saved with it. Charts drawn on a sheet follow its
table as chart tables (``charts``).

Locations: for .csv ``line``/``column`` are the character position in the
file. For .xlsx ``line`` is the spreadsheet row number and ``column`` the
spreadsheet column number (A = 1), so ``line:column`` names the cell;
``table`` is the caption's id (``表1-6``) or else the sheet name.
"""

from __future__ import annotations

import csv
import io
from dataclasses import dataclass
from pathlib import Path

from vetlint.document import Block, Document, Location, Paragraph, SourceMap
from vetlint.errors import ReadError
from vetlint.readers import expansion_error, text_limit
from vetlint.readers.charts import CHART_BUDGET, read_chart
from vetlint.readers.encoding import decode
from vetlint.readers.html import NOTE_LINE, make_table
from vetlint.readers.language import detect_language
from vetlint.readers.numfmt import format_cell
from vetlint.readers.numfmt import format_number as format_number  # re-exported
from vetlint.readers.ooxml import Package
from vetlint.readers.tablebuild import RawCell, build_table, parse_caption, parse_unit_line
from vetlint.readers.workbook import Sheet, Workbook

MAX_CELLS = 200_000
NO_CACHED_VALUE = "#NO-CACHED-VALUE"
_CSV_DELIMITERS = ",\t;|"


@dataclass(slots=True)
class _SheetCell:
    text: str
    location: Location


# -- grid → blocks --------------------------------------------------------------


def _paragraph(cell: _SheetCell, role: str) -> Paragraph:
    loc = cell.location
    smap = SourceMap.simple(loc.line or 1, loc.column or 1, base=Location(table=loc.table))
    return Paragraph(text=cell.text, smap=smap, role=role)  # type: ignore[arg-type]


def grid_blocks(rows: list[list[_SheetCell]], name: str, fallback_id: str) -> list[Block]:
    """Caption/unit lines, the table, and notes of one sheet's rows."""
    rows = list(rows)
    while rows and not any(c.text for c in rows[0]):
        rows.pop(0)
    while rows and not any(c.text for c in rows[-1]):
        rows.pop()
    if not rows:
        return []
    width = max(max((i + 1 for i, c in enumerate(r) if c.text), default=0) for r in rows)
    first = min(min((i for i, c in enumerate(r) if c.text), default=width) for r in rows)
    blocks: list[Block] = []
    caption: str | None = None
    unit: str | None = None

    def single(row: list[_SheetCell]) -> _SheetCell | None:
        filled = [c for c in row if c.text]
        return filled[0] if len(filled) == 1 and width - first > 1 else None

    while rows and (cell := single(rows[0])) is not None:
        line_unit = parse_unit_line(cell.text)
        if line_unit and unit is None:
            unit = line_unit
            blocks.append(_paragraph(cell, "unit"))
        elif caption is None and parse_caption(cell.text) is not None:
            caption = cell.text
            blocks.append(_paragraph(cell, "caption"))
        else:
            blocks.append(_paragraph(cell, "caption" if caption is None else "body"))
            caption = caption or cell.text
        rows.pop(0)
    notes: list[_SheetCell] = []
    while rows and (cell := single(rows[-1])) is not None and NOTE_LINE.match(cell.text):
        notes.insert(0, cell)
        rows.pop()
    if rows:
        info = parse_caption(caption) if caption else None
        table_name = (getattr(info, "id", None) if info else None) or name
        grid = [
            [
                RawCell(text=c.text, location=c.location.with_(table=table_name))
                for c in (row + [_SheetCell("", Location())] * width)[first:width]
            ]
            for row in rows
        ]
        top = rows[0][first].location if len(rows[0]) > first else Location()
        bottom = rows[-1][first].location if len(rows[-1]) > first else Location()
        location = Location(line=top.line, column=top.column, end_line=bottom.line,
                            table=table_name)
        table = make_table(grid, fallback_id, caption, unit, location, None)
        if table.id == fallback_id and name:
            table.id = name
        table.notes.extend(c.text for c in notes)
        blocks.append(table)
    blocks.extend(_paragraph(c, "note") for c in notes)
    return blocks


def _document(path: str, fmt: str, blocks: list[Block], meta: dict | None = None) -> Document:
    if not any(b.kind == "table" for b in blocks):
        raise ReadError("the spreadsheet has no table (every sheet is empty)", code="no-text")
    sample = "\n".join(
        c.text for b in blocks if b.kind == "table" for row in b.rows for c in row  # type: ignore[union-attr]
    )
    return Document(path=path, format=fmt, blocks=blocks, language=detect_language(sample),
                    meta=meta or {})


# -- CSV ------------------------------------------------------------------------


def _field_starts(raw: str, delimiter: str, quote: str) -> list[tuple[int, bool]]:
    """Offsets where each field's text starts in one raw record, and whether it was quoted."""
    out: list[tuple[int, bool]] = []
    i, n = 0, len(raw)
    while True:
        quoted = i < n and raw[i] == quote
        out.append((i + 1 if quoted else i, quoted))
        if quoted:
            i += 1
            while i < n:
                if raw[i] == quote:
                    if i + 1 < n and raw[i + 1] == quote:
                        i += 2
                        continue
                    i += 1
                    break
                i += 1
        while i < n and raw[i] != delimiter:
            i += 1
        if i >= n:
            return out
        i += 1


def _sniff(sample: str, suffix: str) -> type[csv.Dialect] | csv.Dialect:
    if suffix == ".tsv":
        return csv.excel_tab
    try:
        return csv.Sniffer().sniff(sample, delimiters=_CSV_DELIMITERS)
    except csv.Error:
        return csv.excel


def read_csv(data: bytes, path: str) -> Document:
    text = decode(data)
    if "\x00" in text:
        raise ReadError("not a text CSV file (it contains NUL bytes)", code="wrong-format")
    text = text.lstrip("\ufeff")
    suffix = Path(path).suffix.lower()
    dialect = _sniff(text[:65536], suffix)
    lines = text.split("\n")
    reader = csv.reader(io.StringIO(text, newline=""), dialect)
    rows: list[list[_SheetCell]] = []
    cells = 0
    prev_line = 0
    try:
        for record in reader:
            first_line = prev_line + 1
            prev_line = reader.line_num
            cells += len(record)
            if cells > MAX_CELLS:
                raise ReadError(f"the CSV is too large (over {MAX_CELLS} cells)", code="too-large")
            raw = "\n".join(lines[first_line - 1 : prev_line])
            starts = _field_starts(raw, dialect.delimiter, dialect.quotechar or '"')
            row: list[_SheetCell] = []
            for k, value in enumerate(record):
                offset, _ = starts[k] if k < len(starts) else (0, False)
                before = raw[:offset]
                line = first_line + before.count("\n")
                column = offset - (before.rfind("\n") + 1) + 1
                stripped = value.strip()
                lead = len(value) - len(value.lstrip())
                row.append(_SheetCell(stripped, Location(line=line, column=column + lead)))
            rows.append(row)
    except csv.Error as exc:
        raise ReadError(f"not a readable CSV file ({exc})", code="malformed") from None
    name = Path(path).stem
    blocks = grid_blocks(rows, name, name)
    return _document(path, suffix.lstrip("."), blocks)


# -- XLSX -----------------------------------------------------------------------


class _CellBudget:
    """The grid (rows × widest row) and the characters of cells, counted as sheets stream in."""

    def __init__(self, data: bytes) -> None:
        self.size = len(data)
        self.limit = text_limit(len(data))
        self.chars = 0

    def grid(self, rows: int, columns: int, title: str) -> None:
        if rows * max(columns, 1) > MAX_CELLS:
            raise ReadError(
                f"sheet {title!r} is too large ({rows}×{columns} cells; limit {MAX_CELLS})",
                code="too-large",
            )

    def text(self, text: str) -> None:
        self.chars += len(text)
        if self.chars > self.limit:
            raise expansion_error(self.size, self.limit)


def _sheet_grid(book: Workbook, sheet: Sheet, budget: _CellBudget, missing: list[str]
                ) -> list[list[_SheetCell]]:
    """A sheet's rows as printed, row ``k`` of the list being spreadsheet row ``k + 1``."""
    claimed = book.claimed_size(sheet)
    if claimed is not None:
        budget.grid(*claimed, sheet.title)  # refused before a cell is read
    rows: list[list[_SheetCell]] = []
    width = 0
    for cells in book.cells(sheet):
        if not cells:
            continue
        row_no = cells[0].row
        width = max(width, cells[-1].column)
        budget.grid(max(row_no, len(rows)), width, sheet.title)
        while len(rows) < row_no:
            rows.append([])
        out = rows[row_no - 1]
        for cell in cells:
            loc = Location(line=cell.row, column=cell.column, table=sheet.title)
            while len(out) < cell.column - 1:
                out.append(_SheetCell("", Location(line=cell.row, column=len(out) + 1,
                                                   table=sheet.title)))
            if cell.formula and cell.value is None:
                missing.append(f"{sheet.title}!{_column_letter(cell.column)}{cell.row}")
                text = NO_CACHED_VALUE
            else:
                text = format_cell(cell.value, cell.number_format)
                budget.text(text)
            if len(out) >= cell.column:  # the same cell written twice: the last one counts
                out[cell.column - 1] = _SheetCell(text, loc)
            else:
                out.append(_SheetCell(text, loc))
    return rows


def _chart_blocks(book: Workbook, sheet: Sheet, budget: _CellBudget) -> list[Block]:
    """The charts drawn on a sheet, as chart tables after the sheet's table."""
    blocks: list[Block] = []
    for k, part in enumerate(book.charts_of(sheet), 1):
        chart = read_chart(book.package.xml(part, CHART_BUDGET))
        grid = chart.grid() if chart is not None else []
        if chart is None or len(grid) < 2:
            continue
        info = parse_caption(chart.title) if chart.title else None
        table_id = info.id if info is not None else f"{sheet.title}/图{k}"
        for row in grid:
            for text in row:
                budget.text(text)
        cells = [[RawCell(text, Location(table=table_id)) for text in row] for row in grid]
        blocks.append(build_table(cells, id=table_id, caption=chart.title,
                                  location=Location(table=table_id), explicit_spans=True,
                                  kind="chart"))
    return blocks


def _column_letter(n: int) -> str:
    """1 → A, 27 → AA: the column as Excel names it."""
    out = ""
    while n:
        n, rest = divmod(n - 1, 26)
        out = chr(ord("A") + rest) + out
    return out


def read_xlsx(data: bytes, path: str) -> Document:
    """Visible sheets as tables, then the charts drawn on them. The sheets stream in;
    the grid and the characters of cells (cells sharing one long string count each
    time) are counted as they are read, so a workbook built to be huge or to expand is
    refused before its cells fill memory."""
    budget = _CellBudget(data)
    suffix = Path(path).suffix.lower()
    with Package(data, suffix, "xl/workbook.xml") as package:
        book = Workbook(package)
        blocks: list[Block] = []
        missing: list[str] = []
        for sheet in book.sheets:
            if sheet.state != "visible":
                continue
            blocks.extend(grid_blocks(_sheet_grid(book, sheet, budget, missing),
                                      sheet.title, sheet.title))
            blocks.extend(_chart_blocks(book, sheet, budget))
    meta: dict = {}
    if missing:
        meta["no_cached_value"] = missing
        note = (f"{len(missing)} formula cell(s) have no saved value ({', '.join(missing[:5])}"
                f"{'…' if len(missing) > 5 else ''}); open and save the workbook in Excel "
                f"/ 公式单元格没有保存计算结果，请在 Excel 中打开并保存后再检查")
        for block in blocks:
            if block.kind == "table":
                block.notes.append(note)  # type: ignore[union-attr]
                break
    return _document(path, suffix.lstrip("."), blocks, meta)


def read(data: bytes, path: str) -> Document:
    if Path(path).suffix.lower() in (".xlsx", ".xlsm"):
        return read_xlsx(data, path)
    return read_csv(data, path)
