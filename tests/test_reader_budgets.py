"""Office files are parsed under budgets checked while they stream in, and a DTD is refused
wherever it stands in whatever member (issue 16, reader side)."""

from __future__ import annotations

import datetime as dt
import importlib.util
import io
import sys
import time
import zipfile
from pathlib import Path

import docx
import openpyxl
import pytest

from vetlint.errors import ReadError
from vetlint.readers import docx as docx_reader
from vetlint.readers import ooxml, read_bytes
from vetlint.readers.ooxml import Budget

ROOT = Path(__file__).resolve().parents[1]
GOOD_DOCX = (ROOT / "fixtures" / "derived" / "zhengzhou-2020-tables.docx").read_bytes()
DOCTYPE = b'<!DOCTYPE w:document [<!ENTITY a "aaaaaaaaaa"><!ENTITY b "&a;&a;&a;&a;">]>'


def _rezip(data: bytes, change) -> bytes:
    """The package with ``change(name, bytes) -> bytes | None`` applied (None drops it)."""
    out = io.BytesIO()
    with zipfile.ZipFile(io.BytesIO(data)) as src, zipfile.ZipFile(out, "w", zipfile.ZIP_DEFLATED) as dst:
        for info in src.infolist():
            body = change(info.filename, src.read(info.filename))
            if body is not None:
                dst.writestr(info.filename, body)
    return out.getvalue()


def _error(data: bytes, name: str) -> ReadError:
    with pytest.raises(ReadError) as info:
        read_bytes(data, name)
    return info.value


# ------------------------------------------------------------------- DTDs


def test_dtd_after_the_first_64_kb_is_refused_as_unsafe():
    def pad(name, body):
        if name != "word/document.xml":
            return body
        head, rest = body.split(b"?>", 1)
        comment = b"<!--" + b" " * (200 * 1024) + b"-->"  # well past any prefix scan
        return head + b"?>" + comment + DOCTYPE + rest

    error = _error(_rezip(GOOD_DOCX, pad), "padded.docx")
    assert error.code == "unsafe-file" and "word/document.xml" in error.message


def test_dtd_in_a_member_with_any_name_is_refused():
    extra = io.BytesIO(GOOD_DOCX)
    with zipfile.ZipFile(extra, "a") as zf:
        zf.writestr("customXml/item9.bin", b'<?xml version="1.0"?>' + DOCTYPE + b"<a/>")
    error = _error(extra.getvalue(), "renamed.docx")
    assert error.code == "unsafe-file" and "item9.bin" in error.message


def test_dtd_in_utf16_xml_is_refused():
    part = ('<?xml version="1.0" encoding="UTF-16"?>' + DOCTYPE.decode() + "<a/>").encode("utf-16")
    with zipfile.ZipFile(buffer := io.BytesIO(GOOD_DOCX), "a") as zf:
        zf.writestr("customXml/item8.xml", part)
    assert _error(buffer.getvalue(), "utf16.docx").code == "unsafe-file"


def test_declaration_split_by_a_chunk_edge_is_found(monkeypatch):
    monkeypatch.setattr(ooxml, "CHUNK", 4096)
    body = b'<?xml version="1.0"?><a>' + b"x" * (4096 - 30) + DOCTYPE + b"</a>"
    with zipfile.ZipFile(buffer := io.BytesIO(), "w") as zf:
        zf.writestr("[Content_Types].xml", b"<Types/>")
        zf.writestr("word/document.xml", body)
    with zipfile.ZipFile(buffer) as zf, pytest.raises(ReadError, match="DTD"):
        ooxml.refuse_dtd(zf, ".docx")


def test_pictures_and_ordinary_parts_pass():
    with zipfile.ZipFile(buffer := io.BytesIO(GOOD_DOCX), "a") as zf:
        zf.writestr("word/media/image1.png", b"\x89PNG\r\n\x1a\n" + b"<!DOCTYPE" * 10)
    assert read_bytes(buffer.getvalue(), "picture.docx").tables


# ------------------------------------------------------------ .docx budgets


def _many_paragraphs(n: int) -> bytes:
    doc = docx.Document()
    for i in range(n):
        doc.add_paragraph(f"第{i}段：全市中职学校{i}所。")
    out = io.BytesIO()
    doc.save(out)
    return out.getvalue()


def test_docx_paragraph_budget_is_checked_while_parsing(monkeypatch):
    data = _many_paragraphs(3000)
    assert len(read_bytes(data, "ok.docx").paragraphs) == 3000
    monkeypatch.setattr(docx_reader, "DOCUMENT_BUDGET",
                        Budget(docx_reader.MAX_DOCUMENT_XML, 1000, docx_reader.DOCUMENT_BUDGET.tags,
                               "paragraphs and table cells"))
    error = _error(data, "many.docx")
    assert error.code == "too-large" and "over 1,000 paragraphs and table cells" in error.message


def test_docx_part_byte_budget(monkeypatch):
    monkeypatch.setattr(docx_reader, "DOCUMENT_BUDGET", Budget(64 * 1024))
    error = _error(_many_paragraphs(3000), "bytes.docx")
    assert error.code == "too-large" and "word/document.xml is over" in error.message


def test_docx_is_read_without_python_docx():
    """The reader parses the package itself (styles resolved once); python-docx is not
    imported on the reading path."""
    code = (
        "import sys; from vetlint.readers import read_path;"
        f"d = read_path({str(ROOT / 'fixtures/derived/zhengzhou-2020-tables.docx')!r});"
        "assert d.tables; print('docx' in sys.modules)"
    )
    import subprocess

    out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True)
    assert out.stdout.strip() == "False"


# ------------------------------------------------------------ .xlsx budgets


def _formula_sheet(rows: int, cols: int = 10, *, cached: bool = False) -> bytes:
    wb = openpyxl.Workbook()
    wb.active["A1"] = 1
    plain = io.BytesIO()
    wb.save(plain)
    ns = "http://schemas.openxmlformats.org/spreadsheetml/2006/main"
    letters = "ABCDEFGHIJ"[:cols]
    value = "<v>2</v>" if cached else ""
    body = "".join(
        f'<row r="{r}">' + "".join(f'<c r="{c}{r}"><f>{r}+{i}</f>{value}</c>'
                                   for i, c in enumerate(letters)) + "</row>"
        for r in range(1, rows + 1))
    sheet = f'<worksheet xmlns="{ns}"><sheetData>{body}</sheetData></worksheet>'.encode()
    return _rezip(plain.getvalue(),
                  lambda name, data: sheet if name == "xl/worksheets/sheet1.xml" else data)


def test_xlsx_cell_budget_is_checked_while_the_sheet_streams(monkeypatch):
    """200,000 formulas and no dimension: refused from the rows read so far, without
    openpyxl loading the workbook (it would build every cell first)."""
    import openpyxl as lib

    monkeypatch.setattr(lib, "load_workbook", lambda *a, **k: pytest.fail("loaded whole"))
    data = _formula_sheet(30_000)
    started = time.process_time()
    error = _error(data, "formulas.xlsx")
    assert error.code == "too-large" and "limit 200000" in error.message
    assert time.process_time() - started < 10


def test_xlsx_formula_results_are_read_in_one_pass():
    doc = read_bytes(_formula_sheet(3, 2, cached=True), "cached.xlsx")
    (table,) = doc.tables
    assert table.columns == ["2", "2"] and table.texts() == [["2", "2"], ["2", "2"]]
    assert "no_cached_value" not in doc.meta


def test_xlsx_values_dates_and_formats_as_saved():
    wb = openpyxl.Workbook()
    ws = wb.active
    ws.append(["项目", "日期", "比例", "金额（万元）", "是否"])
    ws.append(["甲", dt.datetime(2020, 9, 1), 0.055, 1234567.5, True])
    ws["C2"].number_format = "0.0%"
    ws["D2"].number_format = "#,##0"
    ws["B2"].number_format = "yyyy-mm-dd"
    ws["A3"] = "乙"
    ws["C3"] = "=C2*2"
    out = io.BytesIO()
    wb.save(out)
    table = read_bytes(out.getvalue(), "values.xlsx").tables[0]
    assert table.texts()[0] == ["甲", "2020-09-01", "5.5%", "1,234,568", "TRUE"]
    assert table.texts()[1][2] == "#NO-CACHED-VALUE"


def test_xlsx_rows_far_down_are_refused_before_they_are_padded():
    data = _rezip(_formula_sheet(2, 2, cached=True), lambda name, body: body.replace(
        b'<row r="2">', b'<row r="900000">') if name.endswith("sheet1.xml") else body)
    assert _error(data, "far.xlsx").code == "too-large"


# ------------------------------------------------------------ .xlsx charts


def _office():
    spec = importlib.util.spec_from_file_location(
        "make_fixtures_office", ROOT / "scripts" / "make_fixtures_office.py")
    module = importlib.util.module_from_spec(spec)
    sys.modules.setdefault(spec.name, module)
    spec.loader.exec_module(module)
    return module


def test_xlsx_chart_is_read_from_its_cache():
    from openpyxl.chart import BarChart, Reference

    office = _office()
    wb = openpyxl.Workbook()
    ws = wb.active
    ws.title = "规模"
    for row in [["年份", "在校生数"], ["2019年", 202214], ["2020年", 205216]]:
        ws.append(row)
    chart = BarChart()
    chart.add_data(Reference(ws, min_col=2, min_row=1, max_row=3), titles_from_data=True)
    ws.add_chart(chart, "D2")
    out = io.BytesIO()
    wb.save(out)
    cached = office.chart_xml(office.ChartSpec(
        "图1 在校生规模", ["2019年", "2020年"], [("在校生数", ["202214", "205216"])]))
    data = _rezip(out.getvalue(), lambda name, body: cached if name.startswith("xl/charts/") else body)
    doc = read_bytes(data, "chart.xlsx")
    sheet, drawn = doc.tables
    assert sheet.kind == "table" and drawn.kind == "chart"
    assert drawn.id == "图1" and drawn.caption == "图1 在校生规模"
    assert drawn.texts() == [["2019年", "202214"], ["2020年", "205216"]]
