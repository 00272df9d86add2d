"""Spreadsheet reader: CSV/TSV sniffing and positions, XLSX merges, number formats, limits."""

from __future__ import annotations

import io
from pathlib import Path

import openpyxl
import pytest

from vetlint.document import Paragraph
from vetlint.errors import ReadError
from vetlint.readers import read_bytes, read_path
from vetlint.readers.sheet import MAX_CELLS, NO_CACHED_VALUE, format_cell, format_number

ROOT = Path(__file__).resolve().parents[1]
DERIVED = ROOT / "fixtures" / "derived"


def xlsx_bytes(wb: openpyxl.Workbook) -> bytes:
    buf = io.BytesIO()
    wb.save(buf)
    return buf.getvalue()


@pytest.mark.parametrize(
    ("value", "fmt", "printed"),
    [
        (0.055, "0.0%", "5.5%"),
        (-0.05, "0.0%", "-5.0%"),
        (0.5, "0%", "50%"),
        (20.625, "0.00", "20.63"),  # half up, as Excel prints, not banker's rounding
        (20.63, "General", "20.63"),
        (58.0, "General", "58"),
        (0.1 + 0.2, "General", "0.3"),
        (1234567.5, "#,##0", "1,234,568"),
        (3.14159, "0.0##", "3.142"),
        (3.1, "0.0##", "3.1"),
        (2.5, '0.0"万人"', "2.5万人"),
        (12345.0, "#,##0.00;[Red]-#,##0.00", "12,345.00"),
        (-0.004, "0.00", "0.00"),
    ],
)
def test_format_number(value: float, fmt: str, printed: str) -> None:
    assert format_number(value, fmt) == printed


def test_format_cell_other_types() -> None:
    import datetime as dt

    assert format_cell(None, "General") == ""
    assert format_cell(58, "General") == "58"
    assert format_cell(True, "General") == "TRUE"
    assert format_cell(dt.datetime(2020, 9, 1), "yyyy-mm-dd") == "2020-09-01"
    assert format_cell("  文本 ", "@") == "文本"


def test_xlsx_fixture_sheets_merges_and_locations() -> None:
    doc = read_path(DERIVED / "zhengzhou-2020-tables.xlsx")
    assert doc.format == "xlsx"
    tables = {t.id: t for t in doc.tables}
    assert set(tables) == {"表1-1", "表1-2", "表1-6", "表3-6", "表6-1"}
    t11 = tables["表1-1"]
    assert t11.header == [["年份", "学校总数（所）", "公办", "", "民办", ""],
                          ["", "", "学校数量", "增幅", "学校数量", "增幅"]]
    assert t11.texts()[1] == ["2020", "57", "19", "5.5%", "38", "-5.0%"]  # 0.055 under 0.0%
    cell = t11.rows[1][3]
    # line = spreadsheet row (caption row 1, two header rows), column = spreadsheet column.
    assert (cell.location.line, cell.location.column) == (5, 4)
    assert (cell.location.table, cell.location.row, cell.location.col) == ("表1-1", 2, 4)
    comp = tables["表3-6"]
    assert comp.texts()[3][:2] == ["", "河南省"] and comp.row_label(3) == "一等奖 / 河南省"
    assert tables["表6-1"].texts()[0][2] == "26458.9"
    captions = [b for b in doc.blocks if isinstance(b, Paragraph) and b.role == "caption"]
    assert len(captions) == 5


def test_formula_without_cached_value_is_marked_not_crashing() -> None:
    wb = openpyxl.Workbook()
    ws = wb.active
    ws.append(["项目", "2019年", "2020年"])
    ws.append(["甲", 1, 2])
    ws.append(["合计", "=SUM(B2:B2)", "=SUM(C2:C2)"])
    doc = read_bytes(xlsx_bytes(wb), "f.xlsx")
    (table,) = doc.tables
    assert table.texts()[1] == ["合计", NO_CACHED_VALUE, NO_CACHED_VALUE]
    assert doc.meta["no_cached_value"] == ["Sheet!B3", "Sheet!C3"]
    assert any("no saved value" in n for n in table.notes)


def test_title_and_unit_rows_and_notes() -> None:
    wb = openpyxl.Workbook()
    ws = wb.active
    ws.title = "教师"
    ws.append(["教师基本情况一览"])
    ws.append(["单位：人"])
    ws.append(["项目", "2019年", "2020年"])
    ws.append(["专任教师", 7480, 7100])
    ws.append(["注：不含省属学校"])
    doc = read_bytes(xlsx_bytes(wb), "u.xlsx")
    (table,) = doc.tables
    assert table.id == "教师" and table.unit == "人" and table.caption == "教师基本情况一览"
    assert table.notes == ["注：不含省属学校"]
    assert table.texts() == [["专任教师", "7480", "7100"]]


def test_hidden_sheets_are_skipped() -> None:
    wb = openpyxl.Workbook()
    wb.active.append(["a", "b"])
    wb.active.append(["x", 1])
    hidden = wb.create_sheet("hidden")
    hidden.append(["c", "d"])
    hidden.append(["y", 2])
    hidden.sheet_state = "hidden"
    doc = read_bytes(xlsx_bytes(wb), "h.xlsx")
    assert [t.id for t in doc.tables] == ["Sheet"]


def test_oversized_sheet_is_a_read_error() -> None:
    wb = openpyxl.Workbook()
    ws = wb.active
    ws["A1"] = "a"
    ws.cell(row=MAX_CELLS // 100 + 10, column=101, value=1)
    with pytest.raises(ReadError, match="too large"):
        read_bytes(xlsx_bytes(wb), "big.xlsx")


def test_xlsx_that_is_text_and_truncated_xlsx() -> None:
    with pytest.raises(ReadError, match=r"not a \.xlsx"):
        read_bytes("年份,数量\n2020,57\n".encode(), "fake.xlsx")
    data = (DERIVED / "zhengzhou-2020-tables.xlsx").read_bytes()
    with pytest.raises(ReadError, match="corrupt or truncated"):
        read_bytes(data[: len(data) // 2], "cut.xlsx")


def test_zip_without_workbook_is_a_read_error() -> None:
    import zipfile

    buf = io.BytesIO()
    with zipfile.ZipFile(buf, "w") as zf:
        zf.writestr("hello.txt", "hi")
    with pytest.raises(ReadError, match=r"xl/workbook\.xml"):
        read_bytes(buf.getvalue(), "notbook.xlsx")


def test_csv_fixture_and_positions() -> None:
    path = DERIVED / "zhengzhou-2020-tables.csv"
    doc = read_path(path)
    (table,) = doc.tables
    assert table.id == "表1-6" and table.unit == "人"
    lines = path.read_text(encoding="utf-8").split("\n")
    for _, _, cell in table.iter_cells():
        assert lines[cell.location.line - 1][cell.location.column - 1 :].startswith(cell.text)


def test_csv_sniffing_quotes_and_multiline_fields() -> None:
    data = '项目;2019年;2020年\n"专任;教师";7480;7100\n"多行\n单元格";1;"2"\n'.encode()
    (table,) = read_bytes(data, "semi.csv").tables
    assert table.columns == ["项目", "2019年", "2020年"]
    assert table.texts() == [["专任;教师", "7480", "7100"], ["多行\n单元格", "1", "2"]]
    cell = table.rows[1][2]
    assert (cell.location.line, cell.location.column) == (4, 9)


def test_tsv_and_gbk_encoding() -> None:
    data = "项目\t数量\n专任教师\t7100\n".encode("gb18030")
    (table,) = read_bytes(data, "t.tsv").tables
    assert table.texts() == [["专任教师", "7100"]]


def test_csv_with_nul_bytes_is_one_read_error() -> None:
    with pytest.raises(ReadError) as exc:
        read_bytes(b"a,b\n1,\x002\n\x00\x00\x00,\x00\n", "nul.csv")
    assert "\n" not in exc.value.message
