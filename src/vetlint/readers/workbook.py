"""An .xlsx/.xlsm workbook read as it streams: sheets, cell values as saved, number formats.

openpyxl builds every cell of a workbook as an object before a reader could count
them (a 1M-formula sheet took 506 MB), and even in its read-only mode scans a whole
sheet that declares no dimension before the first row. This module reads the
package itself, with ``ooxml``'s checks: shared strings and styles parsed under a
byte budget, each sheet with ``lxml.etree.iterparse`` row by row, every element
cleared once read, and a cell budget the caller checks while the rows arrive. A
formula cell gives the value Excel saved with it (``<v>``), and says when there is
none.
"""

from __future__ import annotations

import datetime as dt
import re
import zipfile
import zlib
from collections.abc import Iterator
from dataclasses import dataclass

from lxml import etree

from vetlint.errors import ReadError
from vetlint.readers.ooxml import NS_R, Budget, Package, reading

S = "http://schemas.openxmlformats.org/spreadsheetml/2006/main"
MAX_ROW = 1_048_576  # Excel's own limits
MAX_COLUMN = 16_384
SHARED_STRINGS_BUDGET = Budget(32 * 1024 * 1024, 2_000_000, (f"{{{S}}}si",), "shared strings")
STYLES_BUDGET = Budget(16 * 1024 * 1024)
WORKBOOK_BUDGET = Budget(16 * 1024 * 1024)

_SHEET, _SHEETS = f"{{{S}}}sheet", f"{{{S}}}sheets"
_ROW, _C, _V, _F, _IS, _T = (f"{{{S}}}{n}" for n in ("row", "c", "v", "f", "is", "t"))
_SI, _R, _RPH = f"{{{S}}}si", f"{{{S}}}r", f"{{{S}}}rPh"
_DIMENSION_REF = re.compile(rb"<(?:\w+:)?dimension\s+ref=[\"']([A-Za-z0-9$:]{1,32})[\"']")
HEAD_BYTES = 64 * 1024
_NUMFMT, _XF, _CELLXFS = f"{{{S}}}numFmt", f"{{{S}}}xf", f"{{{S}}}cellXfs"
_WORKBOOK_PR = f"{{{S}}}workbookPr"
_R_ID = f"{{{NS_R}}}id"


@dataclass(slots=True)
class CellValue:
    """One cell as saved: its value (text, number, bool, date or None) and format."""

    row: int
    column: int
    value: object
    number_format: str | None
    formula: bool = False  # a formula; ``value`` is the result Excel saved (None: none saved)


@dataclass(slots=True)
class Sheet:
    title: str
    state: str  # visible, hidden, veryHidden
    part: str


def column_number(letters: str) -> int:
    """``A`` → 1, ``AA`` → 27."""
    n = 0
    for ch in letters:
        n = n * 26 + (ord(ch) - 64)
    return n


def split_reference(ref: str) -> tuple[int, int]:
    """``B3`` → (3, 2); (0, 0) for anything else."""
    letters = ref.rstrip("0123456789$").replace("$", "").upper()
    digits = ref[len(ref.rstrip("0123456789")):]
    if not letters.isalpha() or not letters.isascii() or not digits:
        return 0, 0
    return int(digits), column_number(letters)


def _text_of(element) -> str:
    """The text of a shared or inline string (rich-text runs joined, phonetic runs left out)."""
    t = element.find(_T)
    if t is not None:
        return t.text or ""
    return "".join((r.findtext(_T) or "") for r in element.iterchildren(_R))


def _is_date_format(code: str | None) -> bool:
    if not code:
        return False
    from openpyxl.styles.numbers import is_date_format

    return bool(is_date_format(code))


class Workbook:
    """The sheets of a checked package and the shared data their cells refer to."""

    def __init__(self, package: Package) -> None:
        self.package = package
        self.part = package.main_part() or "xl/workbook.xml"
        if self.part not in package.names:
            raise ReadError(f"not a valid {package.kind} (the package has no workbook)",
                            code="corrupt")
        root = package.xml(self.part, WORKBOOK_BUDGET)
        pr = root.find(_WORKBOOK_PR)
        date1904 = pr is not None and pr.get("date1904") in ("1", "true")
        self.epoch = dt.datetime(1904, 1, 1) if date1904 else dt.datetime(1899, 12, 30)
        rels = package.rels(self.part)
        self.sheets: list[Sheet] = []
        sheets = root.find(_SHEETS)
        for sheet in sheets.iterchildren(_SHEET) if sheets is not None else ():
            _type, target = rels.get(sheet.get(_R_ID) or "", ("", ""))
            if target in package.names:
                self.sheets.append(Sheet(sheet.get("name") or "", sheet.get("state") or "visible",
                                         target))
        self.strings = self._shared_strings()
        self.formats, self.dates = self._formats()

    def _shared_strings(self) -> list[str]:
        names = self.package.related(self.part, "sharedStrings")
        if not names:
            return []
        root = self.package.xml(names[0], SHARED_STRINGS_BUDGET)
        return [_text_of(si) for si in root.iterchildren(_SI)]

    def _formats(self) -> tuple[list[str | None], list[bool]]:
        """The number format of each cell style (``s``), and whether it shows a date."""
        from openpyxl.styles.numbers import BUILTIN_FORMATS

        names = self.package.related(self.part, "styles")
        if not names:
            return [], []
        root = self.package.xml(names[0], STYLES_BUDGET)
        custom = {n.get("numFmtId"): n.get("formatCode") for n in root.iter(_NUMFMT)}
        formats: list[str | None] = []
        xfs = root.find(_CELLXFS)
        for xf in xfs.iterchildren(_XF) if xfs is not None else ():
            fmt_id = xf.get("numFmtId") or "0"
            code = custom.get(fmt_id)
            if code is None and fmt_id.isdigit():
                code = BUILTIN_FORMATS.get(int(fmt_id))
            formats.append(code)
        return formats, [_is_date_format(code) for code in formats]

    def charts_of(self, sheet: Sheet) -> list[str]:
        """Chart parts drawn on ``sheet`` (through its drawings), in order."""
        out: list[str] = []
        for drawing in self.package.related(sheet.part, "drawing"):
            out.extend(self.package.related(drawing, "chart"))
        return out

    # -- cells -------------------------------------------------------------------
    def _value(self, c, kind: str, style: int) -> tuple[object, bool]:
        """A cell's value and whether it is a formula."""
        formula = c.find(_F) is not None
        if kind == "inlineStr":
            inline = c.find(_IS)
            return (_text_of(inline) if inline is not None else None), formula
        raw = c.findtext(_V)
        if raw is None or raw == "":
            return None, formula
        if kind == "s":
            try:
                return self.strings[int(raw)], formula
            except (ValueError, IndexError):
                return "", formula
        if kind == "b":
            return raw.strip() in ("1", "true"), formula
        if kind in ("str", "e", "d"):
            return raw, formula
        try:
            number: int | float = float(raw) if any(ch in raw for ch in ".eE") else int(raw)
        except ValueError:
            return raw, formula
        if 0 <= style < len(self.dates) and self.dates[style]:
            from openpyxl.utils.datetime import from_excel

            try:
                return from_excel(number, self.epoch), formula
            except (OverflowError, ValueError):
                return "#VALUE!", formula
        return number, formula

    def claimed_size(self, sheet: Sheet) -> tuple[int, int] | None:
        """(rows, columns) the sheet's ``<dimension>`` claims; it stands before the cells."""
        try:
            with self.package.zf.open(sheet.part) as fh:
                head = fh.read(HEAD_BYTES)
        except (KeyError, zipfile.BadZipFile, EOFError, OSError, zlib.error):
            return None
        m = _DIMENSION_REF.search(head)
        return _dimension(m.group(1).decode("ascii", "replace")) if m else None

    def cells(self, sheet: Sheet) -> Iterator[list[CellValue]]:
        """The rows of ``sheet`` as written (row numbers may jump), each row's cells."""
        with reading(self.package.kind, sheet.part), self.package.zf.open(sheet.part) as fh:
            events = etree.iterparse(fh, events=("end",), tag=_ROW, resolve_entities=False,
                                     no_network=True, load_dtd=False, huge_tree=False)
            row_no = 0
            for _, element in events:
                row_no = _int(element.get("r"), row_no + 1)
                yield self._row(element, row_no)
                element.clear()
                while element.getprevious() is not None:
                    del element.getparent()[0]

    def _row(self, element, row_no: int) -> list[CellValue]:
        out: list[CellValue] = []
        column = 0
        for c in element.iterchildren(_C):
            ref_row, ref_col = split_reference(c.get("r") or "")
            column = ref_col if ref_row else column + 1
            if not 1 <= column <= MAX_COLUMN:
                continue
            style = _int(c.get("s"), 0)
            value, formula = self._value(c, c.get("t") or "n", style)
            fmt = self.formats[style] if 0 <= style < len(self.formats) else None
            out.append(CellValue(row_no, column, value, fmt or "General", formula))
        return out


def _int(text: str | None, default: int) -> int:
    try:
        return int(text) if text else default
    except ValueError:
        return default


def _dimension(ref: str) -> tuple[int, int] | None:
    last = ref.split(":")[-1]
    rows, cols = split_reference(last)
    return (rows, cols) if rows else None
