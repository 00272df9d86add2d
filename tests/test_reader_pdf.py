"""The .pdf reader on the committed LibreOffice exports and on small hand-built PDFs."""

from __future__ import annotations

import shutil
import subprocess
import sys
import time
import zlib
from dataclasses import dataclass, field
from pathlib import Path

import pytest

from vetlint.document import Document, Heading, Paragraph, Table
from vetlint.errors import ReadError
from vetlint.numbers import find_numbers
from vetlint.readers import pdf as pdf_reader
from vetlint.readers import pdfpage, read_bytes, read_path

ROOT = Path(__file__).resolve().parents[1]
DERIVED = ROOT / "fixtures" / "derived"


def norm(text: str | None) -> str:
    return "".join((text or "").split())


def shape(doc) -> dict:
    """What must not depend on the format: headings, prose, tables (spaces ignored)."""
    return {
        "headings": [(h.level, norm(h.text)) for h in doc.headings],
        "paragraphs": [(p.role, norm(p.text)) for p in doc.paragraphs],
        "tables": [
            (t.id, norm(t.caption), t.unit, [norm(c) for c in t.columns],
             [[norm(c) for c in row] for row in t.texts()], t.label_columns, t.notes)
            for t in doc.tables
        ],
    }


@pytest.fixture(scope="module")
def zz():
    return read_path(DERIVED / "zhengzhou-2020-tables.pdf")


@pytest.mark.parametrize("name", ["zhengzhou-2020-tables", "quzhou-2020-tables",
                                  "quzhou-2020-tables-noto"])
def test_pdf_reads_like_its_docx(name):
    """The same .docx exported with WenQuanYi Zen Hei and with Noto Sans CJK (-noto): the
    reader builds boxes from baselines and font sizes, never from a font's metrics."""
    pdf = read_path(DERIVED / f"{name}.pdf")
    word = read_path(DERIVED / f"{name.removesuffix('-noto')}.docx")
    assert pdf.format == "pdf" and pdf.language == "zh"
    assert shape(pdf) == shape(word)


def test_cjk_text_and_wrapped_lines_rejoined(zz):
    texts = [p.text for p in zz.paragraphs]
    # A paragraph that wraps over a page break is one paragraph again.
    assert any("落实全员化技能竞赛，以赛促学" in t for t in texts)
    # A number pushed to the next line by the layout stays with its sentence.
    assert any("占比全省40％，含金量大大升高" in t for t in texts)
    assert "学生文化课合格率 95.7 %" in zz.text
    t16 = zz.tables[1]
    assert t16.rows[5][1].text == "研究生及以上学历专任教师数"  # wrapped cell rejoined
    assert zz.tables[3].rows[0][2].text == "26458.9"  # a number wrapped inside a cell


def test_running_headers_footers_and_page_numbers_dropped(zz):
    assert "郑州市中等职业教育质量年度报告（2020）" not in zz.text
    assert not any(line.strip().startswith("- ") for line in zz.text.splitlines())
    assert zz.meta["furniture_lines"] >= 2 * zz.meta["pages"]


def test_table_text_is_not_prose(zz):
    for para in zz.paragraphs:
        assert "10139" not in para.text and "296352" not in para.text


def test_table_over_a_page_break_is_one_table(zz):
    t16 = zz.tables[1]
    assert t16.n_rows == 12  # the header Word repeated on the next page is not a row
    pages = [row[0].location.page for row in t16.rows]
    assert pages == sorted(pages) and pages[0] < pages[-1]


def test_locations_carry_page_table_row_col(zz):
    lines = zz.text.splitlines()
    for block in zz.blocks:
        if isinstance(block, Table):
            for r, c, cell in block.iter_cells():
                loc = cell.location
                assert (loc.table, loc.row, loc.col) == (block.id, r + 1, c + 1)
                assert loc.page is not None
                if cell.text:
                    line = lines[loc.line - 1]
                    assert line[loc.column - 1 : loc.column - 1 + len(cell.text)] == cell.text
        elif isinstance(block, Paragraph):
            assert lines[block.location.line - 1] == block.text
            assert block.location.page is not None
        elif isinstance(block, Heading):
            assert lines[block.location.line - 1] == block.text
    t11 = zz.tables[0]
    assert t11.rows[1][3].location.page == 1 and t11.rows[1][3].text == "5.5%"


def test_prose_numbers_map_to_text_lines(zz):
    lines = zz.text.splitlines()
    para = next(p for p in zz.paragraphs if p.text.startswith("2020年我市共发放"))
    assert para.location.page is not None
    numbers = find_numbers(para.text)
    assert any(n.text.startswith("3.43") for n in numbers)
    for n in numbers:
        loc = para.smap.locate(n.start, n.end)
        assert lines[loc.line - 1][loc.column - 1 : loc.end_column] == para.text[n.start : n.end]


def _office():
    sys.path.insert(0, str(ROOT / "scripts"))
    try:
        import make_fixtures_office as maker
    finally:
        sys.path.pop(0)
    return maker


@pytest.mark.skipif(shutil.which("soffice") is None, reason="LibreOffice is not installed")
@pytest.mark.parametrize("font", ["WenQuanYi Zen Hei", "Noto Sans CJK SC"])
def test_fresh_libreoffice_export_reads_the_same(font):
    """What the fixture script makes today, on a machine whose only CJK font is ``font``,
    reads as the committed PDF does."""
    maker = _office()
    if font not in maker.installed_fonts():
        pytest.skip(f"the font {font} is not installed")
    word = maker.build_docx(maker.quzhou_specs(), header="衢州市中等职业教育2020年度教育质量报告")
    try:
        fresh = maker.to_pdf(word, "quzhou-fresh", font=font)
    except (subprocess.SubprocessError, OSError, SystemExit) as exc:  # pragma: no cover
        pytest.skip(f"LibreOffice could not convert: {exc}")
    assert shape(read_bytes(fresh, "fresh.pdf")) == shape(read_path(DERIVED / "quzhou-2020-tables.pdf"))


# ------------------------------------------------------------- hand-built PDFs
# A tiny PDF writer: text (standard Helvetica, ASCII) and ruling lines at given
# positions, in points from the top-left corner, so layouts are exact without
# LibreOffice.

WIDTH, HEIGHT = 595, 842


@dataclass
class PdfPage:
    ops: list[str] = field(default_factory=list)

    def text(self, x: float, top: float, text: str, size: float = 10) -> PdfPage:
        escaped = text.replace("\\", "\\\\").replace("(", "\\(").replace(")", "\\)")
        y = HEIGHT - top - size
        self.ops.append(f"BT /F1 {size} Tf {x:.2f} {y:.2f} Td ({escaped}) Tj ET")
        return self

    def line(self, x0: float, top0: float, x1: float, top1: float) -> PdfPage:
        self.ops.append(
            f"0.5 w {x0:.2f} {HEIGHT - top0:.2f} m {x1:.2f} {HEIGHT - top1:.2f} l S"
        )
        return self

    def fill(self, x: float, top: float, width: float, height: float) -> PdfPage:
        """A painted rectangle (a chart's bar, a legend key, a shaded box)."""
        self.ops.append(f"{x:.2f} {HEIGHT - top - height:.2f} {width:.2f} {height:.2f} re f")
        return self

    def grid(self, xs: list[float], tops: list[float]) -> PdfPage:
        """Ruling lines for a table with column edges ``xs`` and row edges ``tops``."""
        for x in xs:
            self.line(x, tops[0], x, tops[-1])
        for top in tops:
            self.line(xs[0], top, xs[-1], top)
        return self


def build_pdf(pages: list[PdfPage], *, compress: bool = False) -> bytes:
    objects: list[bytes] = []
    n = len(pages)
    font_id = 3 + 2 * n
    kids = " ".join(f"{3 + 2 * i} 0 R" for i in range(n))
    objects.append(b"<< /Type /Catalog /Pages 2 0 R >>")
    objects.append(f"<< /Type /Pages /Kids [{kids}] /Count {n} >>".encode())
    for i, page in enumerate(pages):
        content = "\n".join(page.ops).encode("latin-1")
        flate = ""
        if compress:
            content, flate = zlib.compress(content), " /Filter /FlateDecode"
        objects.append(
            f"<< /Type /Page /Parent 2 0 R /MediaBox [0 0 {WIDTH} {HEIGHT}] "
            f"/Resources << /Font << /F1 {font_id} 0 R >> >> /Contents {4 + 2 * i} 0 R >>".encode()
        )
        objects.append(
            f"<< /Length {len(content)}{flate} >>\nstream\n".encode() + content + b"\nendstream"
        )
    objects.append(b"<< /Type /Font /Subtype /Type1 /BaseFont /Helvetica >>")
    out = bytearray(b"%PDF-1.4\n")
    offsets = []
    for number, body in enumerate(objects, start=1):
        offsets.append(len(out))
        out += f"{number} 0 obj\n".encode() + body + b"\nendobj\n"
    xref = len(out)
    out += f"xref\n0 {len(objects) + 1}\n0000000000 65535 f \n".encode()
    for offset in offsets:
        out += f"{offset:010d} 00000 n \n".encode()
    out += (
        f"trailer\n<< /Size {len(objects) + 1} /Root 1 0 R >>\nstartxref\n{xref}\n%%EOF\n"
    ).encode()
    return bytes(out)



def _report(pages_extra) -> bytes:
    pages = []
    for n in (1, 2, 3):
        page = PdfPage().text(200, 20, "Annual Quality Report 2020", 9).text(285, 810, f"- {n} -", 9)
        pages.append(page)
    pages_extra(pages)
    return build_pdf(pages)


def test_ruled_and_unruled_tables_without_tables_from_prose():
    def fill(pages):
        p1, p2, p3 = pages
        p1.text(72, 80, "1.1 Scale and structure", 14)
        p1.text(72, 110, "In 2020 the city had 57 schools, of which 19 were public.", 10)
        xs, tops = [72, 172, 272, 372], [190, 210, 230, 250]
        p1.grid(xs, tops)
        for r, row in enumerate([["Year", "Public", "Private"], ["2019", "18", "40"],
                                 ["2020", "19", "38"]]):
            for c, text in enumerate(row):
                p1.text(xs[c] + 4, tops[r] + 5, text, 10)
        p2.text(72, 80, "Unruled figures follow.", 10)
        rows = [["Item", "2019", "2020", "Change"], ["Schools", "58", "57", "-1.7%"],
                ["Teachers", "10139", "9456", "-6.7%"], ["Students", "20187", "20707", "2.6%"]]
        for r, row in enumerate(rows):
            for c, text in enumerate(row):
                p2.text(72 + 110 * c, 110 + 18 * r, text, 10)
        p2.text(72, 200, "After the table some closing words here.", 10)
        # A list with wide gaps but no figures: not a table.
        for i, row in enumerate([["Music", "Painting", "Dance"], ["Chess", "Reading", "Drama"],
                                 ["Poetry", "Sports", "Film"]]):
            for c, text in enumerate(row):
                p3.text(72 + 120 * c, 80 + 16 * i, text, 10)

    doc = read_bytes(_report(fill), "mini.pdf")
    assert len(doc.tables) == 2
    ruled, unruled = doc.tables
    assert ruled.columns == ["Year", "Public", "Private"]
    assert ruled.texts() == [["2019", "18", "40"], ["2020", "19", "38"]]
    assert ruled.rows[0][0].location.page == 1
    assert unruled.columns == ["Item", "2019", "2020", "Change"]
    assert unruled.texts()[1] == ["Teachers", "10139", "9456", "-6.7%"]
    assert unruled.rows[0][0].location.page == 2
    assert doc.headings[0].text == "1.1 Scale and structure"
    prose = " ".join(p.text for p in doc.paragraphs)
    assert "10139" not in prose and "Music Painting Dance" in prose
    assert "Annual Quality Report" not in doc.text and "- 2 -" not in doc.text
    assert doc.language == "en"


def test_english_lines_join_with_spaces():
    assert pdf_reader.join_wrapped("public and", "private schools") == "public and private schools"
    assert pdf_reader.join_wrapped("共有57所，其中公办", "学校19所") == "共有57所，其中公办学校19所"
    assert pdf_reader.join_wrapped("总额26458.", "9万元") == "总额26458.9万元"
    assert pdf_reader.join_wrapped("占比全省", "40％") == "占比全省40％"


def test_page_limit(monkeypatch):
    monkeypatch.setattr(pdf_reader, "MAX_PAGES", 2)
    data = _report(lambda pages: pages[0].text(72, 100, "Some text with 3 numbers.", 10))
    with pytest.raises(ReadError, match="3 pages") as info:
        read_bytes(data, "long.pdf")
    assert info.value.code == "too-large"


def test_pdf_without_pages_or_text():
    with pytest.raises(ReadError) as info:
        read_bytes(build_pdf([PdfPage(), PdfPage()]), "blank.pdf")
    assert info.value.code == "no-text" and "no text layer" in info.value.message


def test_decompression_bomb_in_a_content_stream(monkeypatch):
    page = PdfPage().text(72, 100, "Figures: 57 schools.", 10)
    page.ops.extend(["% padding"] * 2000)  # compresses to almost nothing
    data = build_pdf([page], compress=True)
    assert read_bytes(data, "ok.pdf").paragraphs[0].text == "Figures: 57 schools."
    monkeypatch.setattr(pdf_reader, "MAX_STREAM_BYTES", 4096)
    with pytest.raises(ReadError, match="decompression bomb") as info:
        read_bytes(data, "bomb.pdf")
    assert info.value.code == "unsafe-file"


def test_text_operators_past_the_page_budget_are_refused_before_pdfium_parses_them():
    """60 MB of text operators from ~50 KB: PDFium would build millions of objects (938 MB
    measured); the page's inflated content is measured first."""
    page = PdfPage()
    page.ops.extend(["BT /F1 10 Tf 72 700 Td (x) Tj ET"] * (9 * 1024 * 1024 // 34))
    data = build_pdf([page], compress=True)
    assert len(data) < 100_000
    started = time.process_time()
    with pytest.raises(ReadError, match="inflates past 8 MB") as info:
        read_bytes(data, "ops.pdf")
    assert info.value.code == "unsafe-file" and time.process_time() - started < 5


def test_characters_and_objects_per_page_are_bounded(monkeypatch):
    page = PdfPage()
    for k in range(40):
        page.text(72, 60 + 15 * k, f"Line {k} of the report with 57 schools.", 10)
    data = build_pdf([page])
    assert len(read_bytes(data, "ok.pdf").paragraphs) >= 1
    monkeypatch.setattr(pdfpage, "MAX_CHARS", 500)
    with pytest.raises(ReadError, match="characters") as info:
        read_bytes(data, "chars.pdf")
    assert info.value.code == "too-large"
    monkeypatch.setattr(pdfpage, "MAX_OBJECTS", 10)
    with pytest.raises(ReadError, match="objects"):
        read_bytes(data, "objects.pdf")


def test_drawn_chart_labels_are_not_prose_but_a_shaded_box_of_prose_is():
    page = PdfPage()
    page.text(72, 60, "Enrolment grew in every year from 2018 to 2020, as the chart shows.", 10)
    # A bar chart: axis ticks, three bars, their labels and a legend with its key.
    for k, (value, height) in enumerate([("183555", 120), ("202214", 132), ("205216", 134)]):
        page.fill(120 + 60 * k, 260 - height, 30, height)
        page.text(120 + 60 * k, 248 - height, value, 8)
        page.text(120 + 60 * k, 266, f"{2018 + k}", 8)
    for k, tick in enumerate(["250000", "125000", "0"]):  # right-aligned at the axis
        page.text(115 - 4.45 * len(tick), 110 + 70 * k, tick, 8)
    page.fill(150, 279, 6, 6).text(160, 278, "Students", 8)
    # A shaded box around prose: painted, but what it holds is read.
    page.fill(72, 330, 450, 60).fill(72, 395, 450, 4).fill(72, 402, 450, 4)
    page.text(80, 340, "Case study: the school trained 1071 students in 2020.", 10)
    doc = read_bytes(build_pdf([page]), "chart.pdf")
    texts = [p.text for p in doc.paragraphs]
    assert texts[0].startswith("Enrolment grew") and not doc.tables
    assert not any(t in texts for t in ("183555", "250000", "Students", "2018 2019 2020"))
    assert "Case study: the school trained 1071 students in 2020." in texts
    assert doc.meta["figure_lines"] >= 6


def test_a_wrap_keeps_the_font_size():
    """A numbered heading in a bigger size under a short last line is not the line's rest."""
    page = PdfPage()
    _prose(page, 80, 140)
    page.text(72, 155, "The schools kept growing and the figures below show how", 10)
    page.text(72, 170, "1.2 Facilities", 13)
    page.text(72, 190, "The campus covers 120 hectares.", 10)
    doc = read_bytes(build_pdf([page]), "heading.pdf")
    assert [h.text for h in doc.headings] == ["1.2 Facilities"]


def test_borderless_label_that_fills_its_column():
    """The gap after a long label is narrower than between the other cells (how much
    depends on the font): it still splits where the next column starts."""
    page = PdfPage()
    rows = [["Item", "2019", "2020", "Change"], ["Employment rate", "98.99%", "98.89%", "-0.1%"],
            ["Matched job rate (%)", "79.95%", "86.76%", "6.81%"],
            ["Monthly pay", "2839", "3024", "185"]]
    starts = [72, 175, 300, 395]  # the long label ends at 167: 8 points before its neighbour
    for r, row in enumerate(rows):
        for c, text in enumerate(row):
            page.text(starts[c], 100 + 18 * r, text, 10)
    doc = read_bytes(build_pdf([page]), "borderless.pdf")
    (table,) = doc.tables
    assert table.texts()[1] == ["Matched job rate (%)", "79.95%", "86.76%", "6.81%"]


def test_look_alike_cjk_code_points_are_folded():
    # ⼈ (Kangxi radical) and 﨑-style compatibility ideographs come out of many PDFs.
    assert pdf_reader._fix("专任教师⼈数 ⾏业") == "专任教师人数 行业"
    assert pdf_reader._fix("合格率 95.7 ％") == "合格率 95.7 ％"  # full-width stays as printed


def test_cell_line_breaks_lists_kept_wraps_joined():
    page = PdfPage()
    xs, tops = [72, 150, 400, 480], [100, 120, 170, 190]
    page.grid(xs, tops)
    for c, text in enumerate(["Type", "Schools", "Count"]):
        page.text(xs[c] + 4, 105, text, 10)
    page.text(76, 125, "Public", 10)
    page.text(154, 125, "1.Alpha School", 10)
    page.text(154, 139, "2.Beta School", 10)
    page.text(404, 125, "2", 10)
    page.text(76, 175, "Private", 10)
    page.text(154, 175, "Gamma", 10)
    page.text(404, 175, "1", 10)
    doc = read_bytes(build_pdf([page]), "list.pdf")
    table = doc.tables[0]
    assert table.rows[0][1].text == "1.Alpha School\n2.Beta School"
    line = doc.text.splitlines()[table.rows[0][1].location.line - 1]
    assert line == "Public\t1.Alpha School 2.Beta School\t2"


def test_fake_bold_and_diagonal_watermark():
    page = PdfPage()
    page.text(72, 100, "Enrolment reached 20707 students.", 10)
    page.text(72.3, 100, "Enrolment reached 20707 students.", 10)  # fake bold: printed twice
    page.ops.append("BT /F1 40 Tf 0.707 0.707 -0.707 0.707 200 300 Tm (DRAFT COPY) Tj ET")
    doc = read_bytes(build_pdf([page]), "bold.pdf")
    assert doc.text == "Enrolment reached 20707 students.\n"


# ------------------------------------------------------ tables over page breaks

XS = [72, 192, 312, 432]  # three ruled columns


def _prose(page: PdfPage, first: float, last: float) -> None:
    """Body lines from ``first`` to ``last`` (tops), as a full page of text has them."""
    top = first
    while top <= last:
        page.text(72, top, "The schools kept growing and the figures below show how much.", 10)
        top += 15


def _ruled(page: PdfPage, top: float, rows: list[list[str]], xs: list[float] = XS,
           height: float = 20) -> float:
    """A ruled table of one-line cells; returns its bottom."""
    tops = [top + height * i for i in range(len(rows) + 1)]
    page.grid(xs, tops)
    for r, row in enumerate(rows):
        for c, text in enumerate(row):
            if text:
                page.text(xs[c] + 4, tops[r] + 5, text, 10)
    return tops[-1]


def _pages(fill) -> tuple[Document, list[Table]]:
    doc = read_bytes(_report(fill), "breaks.pdf")
    return doc, doc.tables


@pytest.mark.parametrize("repeat", [False, True])
def test_header_row_ending_a_page_heads_the_body_on_the_next(repeat):
    def fill(pages):
        p1, p2, p3 = pages
        _prose(p1, 80, 710)
        p1.text(72, 725, "Teachers by year", 10)
        _ruled(p1, 742, [["Item", "2019", "2020"]])  # the header alone ends page 1
        body = [["Teachers", "10139", "9456"], ["Ratio", "16.26 : 1", "16.22 : 1"]]
        bottom = _ruled(p2, 80, [["Item", "2019", "2020"], *body] if repeat else body)
        _prose(p2, bottom + 20, 760)
        _prose(p3, 80, 760)

    doc, tables = _pages(fill)
    assert len(tables) == 1
    table = tables[0]
    assert table.columns == ["Item", "2019", "2020"]
    assert table.texts() == [["Teachers", "10139", "9456"], ["Ratio", "16.26 : 1", "16.22 : 1"]]
    assert table.location.page == 1 and table.rows[0][0].location.page == 2
    assert "Item 2019 2020" not in doc.text


def test_header_repeated_on_the_next_page_is_not_a_row():
    def fill(pages):
        p1, p2, p3 = pages
        _prose(p1, 80, 680)
        _ruled(p1, 700, [["Item", "2019", "2020"], ["Schools", "58", "57"], ["Teachers", "10139", "9456"]])
        bottom = _ruled(p2, 80, [["Item", "2019", "2020"], ["Students", "20187", "20707"]])
        _prose(p2, bottom + 20, 760)
        _prose(p3, 80, 760)

    _, tables = _pages(fill)
    assert len(tables) == 1
    assert [row[0] for row in tables[0].texts()] == ["Schools", "Teachers", "Students"]
    assert [row[0].location.page for row in tables[0].rows] == [1, 1, 2]


def test_row_split_by_a_page_break_is_one_row():
    def fill(pages):
        p1, p2, p3 = pages
        _prose(p1, 80, 680)
        xs = [72, 110, 300, 500]
        _ruled(p1, 700, [["No", "Category", "Schools"], ["1", "Model (1)", "1.Delta School"]], xs)
        p1.grid(xs, [740, 770])  # row 2 runs to the foot of the page ...
        for text, x, top in [("2", 76, 745), ("Brand (3)", 114, 745),
                             ("1.Alpha School", 304, 745), ("2.Beta School", 304, 757)]:
            p1.text(x, top, text, 10)
        bottom = _ruled(p2, 80, [["", "", "3.Gamma School"]], xs)  # ... and ends on page 2
        bottom = _ruled(p2, bottom, [["3", "Special (1)", "1.Omega School"]], xs)
        _prose(p2, bottom + 20, 760)
        _prose(p3, 80, 760)

    _, tables = _pages(fill)
    assert len(tables) == 1
    rows = tables[0].texts()
    assert [row[:2] for row in rows] == [["1", "Model (1)"], ["2", "Brand (3)"], ["3", "Special (1)"]]
    assert rows[1][2] == "1.Alpha School\n2.Beta School\n3.Gamma School"
    assert tables[0].rows[1][2].location.page == 1


def test_separate_tables_at_a_page_end_and_start_stay_separate():
    header, body = ["Item", "2019", "2020"], [["Schools", "58", "57"], ["Teachers", "10139", "9456"]]

    def caption_between(pages):
        p1, p2, p3 = pages
        _prose(p1, 80, 680)
        _ruled(p1, 700, [header, *body])
        p2.text(72, 80, "Budget by year", 10)  # a caption opens page 2: a new table
        bottom = _ruled(p2, 100, [header, ["Funds", "26458.9", "28000"]])
        _prose(p2, bottom + 20, 760)
        _prose(p3, 80, 760)

    def other_columns(pages):
        p1, p2, p3 = pages
        _prose(p1, 80, 680)
        _ruled(p1, 700, [header, *body])
        bottom = _ruled(p2, 80, [["Funds", "26458.9", "28000"], ["Aid", "3.43", "3.5"]],
                        [72, 240, 330, 500])
        _prose(p2, bottom + 20, 760)
        _prose(p3, 80, 760)

    def room_left_on_the_page(pages):
        p1, p2, p3 = pages
        _prose(p1, 80, 300)
        _ruled(p1, 320, [header, *body])  # ends mid-page: the next table is another one
        bottom = _ruled(p2, 80, [header, ["Funds", "26458.9", "28000"]])
        _prose(p2, bottom + 20, 760)
        _prose(p3, 80, 760)

    def new_row_under_a_merged_cell(pages):
        p1, p2, p3 = pages
        _prose(p1, 80, 680)
        _ruled(p1, 700, [header, ["Schools", "58", "57"], ["", "19", "19"]])
        bottom = _ruled(p2, 80, [["", "39", "38"], ["Teachers", "10139", "9456"]])
        _prose(p2, bottom + 20, 760)
        _prose(p3, 80, 760)

    for fill in (caption_between, other_columns, room_left_on_the_page):
        _, tables = _pages(fill)
        assert len(tables) == 2, fill.__name__
        assert tables[0].texts() == body and tables[1].rows[0][0].location.page == 2
    _, tables = _pages(new_row_under_a_merged_cell)
    assert len(tables) == 1  # one table, but the row after the break is its own row
    assert tables[0].texts()[2:] == [["", "39", "38"], ["Teachers", "10139", "9456"]]


def test_one_row_ruled_box_nothing_continues_stays_prose():
    def fill(pages):
        p1, p2, p3 = pages
        _prose(p1, 80, 200)
        _ruled(p1, 220, [["Note", "Figures exclude technical schools."]])
        _prose(p1, 260, 760)
        _prose(p2, 80, 760)
        _prose(p3, 80, 760)

    doc, tables = _pages(fill)
    assert tables == []
    assert any(p.text == "Note Figures exclude technical schools." for p in doc.paragraphs)
