"""Spreadsheet reader: .csv/.tsv (one table) and .xlsx/.xlsm (one table per sheet).

A sheet is read as the grid it prints: leading rows holding a single cell are
the caption (``表1-6：…``) and unit line (``单位：人``), trailing ``注：`` rows are
notes, the rest is the table. Cell values are formatted as Excel shows them
(``0.0%`` → ``5.5%``, ``0.00`` → ``20.63``, integers without ``.0``) because
the checks judge rounding from the printed precision.

Locations: for .csv ``line``/``column`` are the character position in the
file. For .xlsx ``line`` is the spreadsheet row number and ``column`` the
spreadsheet column number (A = 1), so ``line:column`` names the cell;
``table`` is the caption's id (``表1-6``) or else the sheet name.
"""

from __future__ import annotations

import csv
import datetime as dt
import io
import re
from dataclasses import dataclass
from decimal import ROUND_HALF_UP, Decimal, InvalidOperation
from pathlib import Path

from vetlint.document import Block, Document, Location, Paragraph, SourceMap
from vetlint.errors import ReadError
from vetlint.readers import expansion_error, text_limit
from vetlint.readers.encoding import decode
from vetlint.readers.html import NOTE_LINE, make_table
from vetlint.readers.language import detect_language
from vetlint.readers.ooxml import check_package
from vetlint.readers.tablebuild import RawCell, parse_caption, parse_unit_line

MAX_CELLS = 200_000
NO_CACHED_VALUE = "#NO-CACHED-VALUE"
_CSV_DELIMITERS = ",\t;|"


@dataclass(slots=True)
class _SheetCell:
    text: str
    location: Location


# -- number formats -------------------------------------------------------------

_FMT_LITERAL = re.compile(r'"([^"]*)"|\\(.)|\[[^\]]*\]|_.|\*.')


def _round(value: float, decimals: int) -> Decimal:
    try:
        d = Decimal(repr(value))
    except InvalidOperation:  # inf/nan never reach here through openpyxl, but be safe
        return Decimal(0)
    return d.quantize(Decimal(1).scaleb(-decimals), rounding=ROUND_HALF_UP)


def _general(value: float) -> str:
    """Excel's General format: integers bare, otherwise up to 15 significant digits."""
    if value == int(value) and abs(value) < 1e15:
        return str(int(value))
    return format(value, ".15g")


def format_number(value: float, number_format: str | None) -> str:
    """``value`` as Excel prints it with ``number_format`` (first section; common codes)."""
    fmt = (number_format or "General").split(";")[0]
    if fmt.strip().lower() in ("general", "@", ""):
        return _general(value)
    prefix_suffix: list[str] = []

    def literal(m: re.Match[str]) -> str:
        text = m.group(1) if m.group(1) is not None else (m.group(2) or "")
        prefix_suffix.append(text)
        return "\x00" if text else ""

    code = _FMT_LITERAL.sub(literal, fmt)
    numeric = re.search(r"[0#?][0#?,.]*(?:[eE][+-]0+)?|\.[0#?]+", code)
    if numeric is None:
        return _general(value)
    spec = numeric.group()
    percent = code.count("%")
    scaled = value * (100**percent)
    trailing_commas = len(spec) - len(spec.rstrip(","))
    spec = spec.rstrip(",")
    scaled /= 1000**trailing_commas
    if "e" in spec.lower():
        mantissa = spec.lower().split("e")[0]
        decimals = len(mantissa.split(".")[1]) if "." in mantissa else 0
        body = format(scaled, f".{decimals}E").replace("E+0", "E+").replace("E-0", "E-")
    else:
        int_part, _, frac = spec.partition(".")
        fixed = frac.count("0")
        optional = len(frac) - fixed
        rounded = _round(scaled, fixed + optional)
        body = f"{abs(rounded):,f}" if "," in int_part else f"{abs(rounded):f}"
        if optional and "." in body:
            whole, _, digits = body.partition(".")
            digits = digits.rstrip("0")
            digits = digits + "0" * max(0, fixed - len(digits))
            body = f"{whole}.{digits}" if digits else whole
        if int_part and set(int_part.replace(",", "")) <= {"#"} and body.startswith("0."):
            body = body[1:]
        if rounded < 0 or (rounded == 0 and scaled < 0 and body.strip("0.,") != ""):
            body = "-" + body
    out = code[: numeric.start()] + body + code[numeric.end() :]
    pieces = iter(prefix_suffix)
    out = re.sub("\x00", lambda _m: next(pieces, ""), out)
    return out.strip()


def format_cell(value: object, number_format: str | None) -> str:
    """Any cell value as printed text."""
    if value is None:
        return ""
    if isinstance(value, bool):
        return "TRUE" if value else "FALSE"
    if isinstance(value, dt.datetime):
        return value.date().isoformat() if value.time() == dt.time() else value.isoformat(sep=" ")
    if isinstance(value, dt.date | dt.time):
        return value.isoformat()
    if isinstance(value, int | float):
        return format_number(float(value), number_format) if isinstance(value, float) or (
            number_format and number_format != "General"
        ) else str(value)
    return str(value).strip()


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


def _load(data: bytes, data_only: bool):  # -> openpyxl.Workbook
    import warnings

    import openpyxl

    with warnings.catch_warnings():
        warnings.simplefilter("ignore")  # openpyxl warns about unsupported extensions
        return openpyxl.load_workbook(io.BytesIO(data), read_only=False, data_only=data_only)


def read_xlsx(data: bytes, path: str) -> Document:
    """Visible sheets as tables. Cells sharing one long string are counted as they are
    read, so a workbook built to expand is refused before its copies fill memory."""
    limit = text_limit(len(data))
    chars = 0
    suffix = Path(path).suffix.lower()
    check_package(data, suffix, "xl/workbook.xml")
    try:
        formulas = _load(data, data_only=False)
    except ReadError:
        raise
    except Exception as exc:
        raise ReadError(f"not a readable {suffix} workbook ({type(exc).__name__})",
                        code="corrupt") from None
    values = None
    blocks: list[Block] = []
    missing: list[str] = []
    for ws in formulas.worksheets:
        if ws.sheet_state != "visible":
            continue
        n_rows, n_cols = ws.max_row or 0, ws.max_column or 0
        if n_rows * n_cols > MAX_CELLS:
            raise ReadError(
                f"sheet {ws.title!r} is too large ({n_rows}×{n_cols} cells; limit {MAX_CELLS})",
                code="too-large",
            )
        has_formula = any(
            c.data_type == "f" for row in ws.iter_rows() for c in row
        )
        if has_formula and values is None:
            values = _load(data, data_only=True)
        cached = values[ws.title] if has_formula and values is not None else None
        rows: list[list[_SheetCell]] = []
        for r, row in enumerate(ws.iter_rows(min_row=1, max_row=n_rows, max_col=n_cols), 1):
            out: list[_SheetCell] = []
            for c, cell in enumerate(row, 1):
                loc = Location(line=r, column=c, table=ws.title)
                value = cell.value
                if cell.data_type == "f":
                    value = cached.cell(row=r, column=c).value if cached is not None else None
                    if value is None:
                        out.append(_SheetCell(NO_CACHED_VALUE, loc))
                        missing.append(f"{ws.title}!{cell.coordinate}")
                        continue
                text = format_cell(value, getattr(cell, "number_format", None))
                chars += len(text)
                if chars > limit:
                    raise expansion_error(len(data), limit)
                out.append(_SheetCell(text, loc))
            rows.append(out)
        blocks.extend(grid_blocks(rows, ws.title, ws.title))
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
