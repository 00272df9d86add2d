"""The .docx reader on the derived real-report fixtures and on small hand-made files."""

from __future__ import annotations

import io
from pathlib import Path

import docx
import pytest
from docx.oxml import parse_xml
from docx.oxml.ns import nsdecls

from vetlint.document import Heading, Paragraph, Table
from vetlint.errors import ReadError
from vetlint.numbers import find_numbers
from vetlint.readers import read_bytes, read_path

ROOT = Path(__file__).resolve().parents[1]
DERIVED = ROOT / "fixtures" / "derived"
REPORTS = ROOT / "fixtures" / "reports"


def norm(text: str | None) -> str:
    return "".join((text or "").split())


def norm_rows(table: Table) -> list[list[str]]:
    return [[norm(c) for c in row] for row in table.texts()]


@pytest.fixture(scope="module")
def zz():
    return read_path(DERIVED / "zhengzhou-2020-tables.docx")


@pytest.fixture(scope="module")
def qz():
    return read_path(DERIVED / "quzhou-2020-tables.docx")


def test_blocks_in_body_order(zz):
    assert zz.format == "docx"
    assert zz.language == "zh"
    kinds = [b.kind for b in zz.blocks]
    # heading, prose, caption, table, note ... as written in the document
    assert kinds[:9] == ["heading", "paragraph", "paragraph", "heading", "paragraph",
                         "paragraph", "table", "paragraph", "heading"]
    assert [t.id for t in zz.tables] == ["表1-1", "表1-6", "表3-6", "表6-1"]


def test_headings_from_styles_and_from_numbering(zz):
    got = [(h.level, h.number, norm(h.title)) for h in zz.headings]
    assert got == [
        (1, None, "前言"),
        (2, "1.1", "规模和结构"),
        (2, "1.3", "教师队伍"),
        (2, "2.1", "学生素质"),  # a plain paragraph: found by its numbering
        (2, "3.2", "质量保证"),
        (1, "第六部分", "政府履责"),
        (2, "6.1", "经费"),
        (2, "6.2", "政策措施"),
    ]
    para = next(p for p in zz.paragraphs if p.text.startswith("坚持育人为本"))
    assert para.section == "2.1学生素质"


def test_merged_header_cells_become_continuations(zz):
    t11 = zz.tables[0]
    assert t11.header == [["年份", "学校总数（所）", "公办", "", "民办", ""],
                          ["", "", "学校数量", "增幅", "学校数量", "增幅"]]
    assert t11.columns == ["年份", "学校总数（所）", "公办 / 学校数量", "公办 / 增幅",
                           "民办 / 学校数量", "民办 / 增幅"]
    assert t11.texts() == [["2019", "58", "18", "0", "40", "0"],
                           ["2020", "57", "19", "5.5%", "38", "-5.0%"]]
    assert t11.notes == ["注：表中统计数据不含省属学校、技工学校"]
    t61 = zz.tables[3]
    assert t61.columns[-1] == "金额合计（万元）"  # two paragraphs in one merged cell
    assert t61.columns[1:3] == ["免学费 / 人次", "免学费 / 金额（万元）"]
    assert t61.rows[1][7].text == "34251.8"


def test_vertical_merges_and_caption_style(zz):
    t36 = zz.tables[2]
    assert t36.caption == "表3-6：2018—2020年郑州市中等职业学校参加全国职业院校技能大赛获奖情况"
    assert t36.label_columns == 2
    assert t36.texts()[2:4] == [["一等奖", "郑州市", "7", "9", "2"],
                                ["", "河南省", "12", "17", "2"]]
    assert t36.texts()[0][:2] == ["举办项目数", ""]
    assert t36.row_label(3) == "一等奖 / 河南省"
    t16 = zz.tables[1]
    assert t16.unit == "人"
    assert t16.n_rows == 12 and t16.columns[-1] == "增长率"


def test_tables_equal_the_text_seed():
    seed = read_path(REPORTS / "zhengzhou-2020-secondary-vet-quality.txt")
    derived = read_path(DERIVED / "zhengzhou-2020-tables.docx")
    by_caption = {}
    for table in seed.tables:
        by_caption.setdefault(norm(table.caption), table)
    for table in derived.tables:
        twin = by_caption[norm(table.caption)]
        assert [norm(c) for c in table.columns] == [norm(c) for c in twin.columns]
        assert norm_rows(table) == norm_rows(twin)
        assert table.label_columns == twin.label_columns
        assert table.unit == twin.unit


def test_quzhou_title_rows_and_borderless_table(qz):
    seed = read_path(REPORTS / "quzhou-2020-secondary-vet-quality.txt")
    equipment, teachers, employment = qz.tables
    assert equipment.caption == "设备情况一览表"  # the merged first row is the title
    assert equipment.columns == ["项目", "指标", "2019年", "2020年", "增长情况%"]
    assert equipment.texts()[1][:2] == ["", "生均教学仪器设备值（万元）"]
    twins = {norm(t.caption): t for t in seed.tables}
    for table in (equipment, teachers):
        assert norm_rows(table) == norm_rows(twins[norm(table.caption)])
    assert employment.id == "T3" and employment.caption is None
    assert norm_rows(employment) == norm_rows(twins["就业质量一览表"])


def test_locations_point_into_document_text(zz):
    lines = zz.text.splitlines()
    for block in zz.blocks:
        if isinstance(block, Paragraph):
            loc = block.location
            assert lines[loc.line - 1] == block.text
            assert loc.paragraph is not None
        elif isinstance(block, Heading):
            assert lines[block.location.line - 1] == block.text
        else:
            for _, _, cell in block.iter_cells():
                loc = cell.location
                assert loc.table == block.id and loc.row >= 1 and loc.col >= 1
                if cell.text:
                    line = lines[loc.line - 1]
                    start = loc.column - 1
                    assert line[start : start + len(cell.text)] == cell.text.replace("\n", " ")
    paragraphs = [b.location.paragraph for b in zz.blocks if isinstance(b, Paragraph)]
    assert paragraphs == sorted(paragraphs) and len(set(paragraphs)) == len(paragraphs)


def test_prose_numbers_map_to_text_lines(zz):
    lines = zz.text.splitlines()
    para = next(p for p in zz.paragraphs if p.text.startswith("2020年，郑州市中等职业学校教职工"))
    numbers = find_numbers(para.text)
    assert any(n.text.startswith("9456") for n in numbers)
    for n in numbers:
        loc = para.smap.locate(n.start, n.end)
        line = lines[loc.line - 1]
        assert line[loc.column - 1 : loc.end_column] == para.text[n.start : n.end]


# ------------------------------------------------------------ hand-made files

def _docx(build) -> bytes:
    doc = docx.Document()
    build(doc)
    out = io.BytesIO()
    doc.save(out)
    return out.getvalue()


def test_grid_before_span_and_cell_line_breaks():
    def build(doc):
        doc.add_paragraph("表2：学校名单")
        doc.add_paragraph("单位：所")
        table = doc.add_table(rows=3, cols=3)
        table.cell(0, 0).text = "类别"
        table.cell(0, 1).merge(table.cell(0, 2)).text = "学校"
        table.cell(1, 0).text = "公办"
        table.cell(1, 1).text = "1.郑州市财贸学校"
        table.cell(1, 1).add_paragraph("2.郑州市商贸管理学校")
        table.cell(1, 2).text = "2"
        table.cell(2, 0).text = "民办"
        table.cell(2, 1).text = "3.某学校"
        table.cell(2, 2).text = "1"

    doc = read_bytes(_docx(build), "list.docx")
    table = doc.tables[0]
    assert table.id == "表2" and table.unit == "所"
    assert [p.role for p in doc.paragraphs] == ["caption", "unit"]
    assert table.rows[0][1].text == "1.郑州市财贸学校\n2.郑州市商贸管理学校"
    line = doc.text.splitlines()[table.rows[0][1].location.line - 1]
    assert line == "公办\t1.郑州市财贸学校 2.郑州市商贸管理学校\t2"


def test_outline_level_and_content_controls():
    def build(doc):
        para = doc.add_paragraph("Overview")
        para._p.get_or_add_pPr().append(parse_xml(f'<w:outlineLvl {nsdecls("w")} w:val="0"/>'))
        body = doc.element.body
        sdt = parse_xml(
            f'<w:sdt {nsdecls("w")}><w:sdtContent><w:p><w:r><w:t>Inside a content control '
            "with 12 schools.</w:t></w:r></w:p></w:sdtContent></w:sdt>"
        )
        body.insert(len(body) - 1, sdt)

    doc = read_bytes(_docx(build), "outline.docx")
    assert doc.headings[0].text == "Overview" and doc.headings[0].level == 1
    assert doc.paragraphs[0].text == "Inside a content control with 12 schools."
    assert doc.language == "en"


def test_docx_without_text_is_an_error():
    with pytest.raises(ReadError, match="no text"):
        read_bytes(_docx(lambda doc: None), "blank.docx")


def test_tracked_changes_fields_and_text_boxes():
    def build(doc):
        para = doc.add_paragraph("专任教师")
        w = nsdecls("w")
        para._p.append(parse_xml(f"<w:ins {w}><w:r><w:t>1712</w:t></w:r></w:ins>"))
        para._p.append(parse_xml(f"<w:del {w}><w:r><w:delText>1700</w:delText></w:r></w:del>"))
        para._p.append(parse_xml(
            f'<w:fldSimple {w} w:instr="NUMPAGES"><w:r><w:t>人</w:t></w:r></w:fldSimple>'))
        para._p.append(parse_xml(
            f"<w:r {w}><w:pict><w:txbxContent><w:p><w:r><w:t>框</w:t></w:r></w:p>"
            "</w:txbxContent></w:pict></w:r>"))

    doc = read_bytes(_docx(build), "tracked.docx")
    assert doc.paragraphs[0].text == "专任教师1712人"


def test_pages_from_word_rendered_page_breaks():
    w = nsdecls("w")

    def build(doc):
        doc.add_paragraph("第一页的文字，共有57所学校。")
        second = doc.add_paragraph()
        second._p.append(parse_xml(
            f"<w:r {w}><w:lastRenderedPageBreak/><w:t>第二页开头，19所公办。</w:t></w:r>"))
        spans = doc.add_paragraph()
        spans._p.append(parse_xml(
            f"<w:r {w}><w:t>跨页的段落</w:t><w:lastRenderedPageBreak/><w:t>继续。</w:t></w:r>"))
        doc.add_paragraph("第三页，38所民办。")

    doc = read_bytes(_docx(build), "pages.docx")
    assert [p.location.page for p in doc.paragraphs] == [1, 2, 2, 3]


def test_pages_unknown_without_rendered_breaks(zz):
    assert all(b.location.page is None for b in zz.blocks if not isinstance(b, Table))


def test_unit_line_not_over_a_table_is_prose():
    def build(doc):
        doc.add_paragraph("单位：万元")
        doc.add_paragraph("2020年总投入17.26亿元。")

    doc = read_bytes(_docx(build), "unit.docx")
    assert [p.role for p in doc.paragraphs] == ["body", "body"]


def test_framed_prose_and_nested_tables():
    def build(doc):
        frame = doc.add_table(rows=1, cols=1)
        cell = frame.cell(0, 0)
        cell.paragraphs[0].text = "案例一：信息化应用"
        cell.add_paragraph("学校共有教师222名，学生1071名。")
        outer = doc.add_table(rows=2, cols=2)
        outer.cell(0, 0).text = "项目"
        outer.cell(0, 1).text = "明细"
        outer.cell(1, 0).text = "资助"
        host = outer.cell(1, 1)
        host.paragraphs[0].text = "见下表"
        inner = host.add_table(rows=2, cols=2)
        for (r, c), text in {(0, 0): "年度", (0, 1): "人次", (1, 0): "2020年",
                             (1, 1): "315263"}.items():
            inner.cell(r, c).text = text

    doc = read_bytes(_docx(build), "nested.docx")
    assert doc.headings[0].number == "案例一"
    assert doc.paragraphs[0].text == "学校共有教师222名，学生1071名。"
    outer, inner = doc.tables
    assert outer.texts() == [["资助", "见下表"]]
    assert inner.columns == ["年度", "人次"] and inner.texts() == [["2020年", "315263"]]


def test_hostile_spans_and_style_loops_are_bounded():
    w = nsdecls("w")

    def build(doc):
        table = doc.add_table(rows=2, cols=2)
        table.cell(0, 0).text = "年份"
        table.cell(0, 1).text = "学校数"
        table.cell(1, 0).text = "2020"
        table.cell(1, 1).text = "57"
        tr = table.rows[1]._tr
        tr.insert(0, parse_xml(f'<w:trPr {w}><w:gridBefore w:val="999999999"/></w:trPr>'))
        tc_pr = table.cell(0, 1)._tc.get_or_add_tcPr()
        tc_pr.append(parse_xml(f'<w:gridSpan {w} w:val="2147483647"/>'))
        styles = doc.styles.element
        styles.append(parse_xml(f'<w:style {w} w:type="paragraph" w:styleId="A">'
                                '<w:name w:val="A"/><w:basedOn w:val="B"/></w:style>'))
        styles.append(parse_xml(f'<w:style {w} w:type="paragraph" w:styleId="B">'
                                '<w:name w:val="B"/><w:basedOn w:val="A"/></w:style>'))
        para = doc.add_paragraph("循环样式的段落，共57所。")
        para._p.get_or_add_pPr().append(parse_xml(f'<w:pStyle {w} w:val="A"/>'))

    doc = read_bytes(_docx(build), "hostile.docx")
    table = doc.tables[0]
    assert table.n_cols <= 2 * 64
    assert doc.paragraphs[-1].text == "循环样式的段落，共57所。"


def test_word_numbered_headings_get_their_printed_numbers():
    w = nsdecls("w")

    def build(doc):
        numbering = doc.part.numbering_part.element
        numbering.insert(0, parse_xml(
            f'<w:abstractNum {w} w:abstractNumId="90">'
            '<w:lvl w:ilvl="0"><w:start w:val="1"/><w:numFmt w:val="chineseCounting"/>'
            '<w:lvlText w:val="%1、"/></w:lvl>'
            '<w:lvl w:ilvl="1"><w:start w:val="1"/><w:numFmt w:val="decimal"/>'
            '<w:isLgl/><w:lvlText w:val="%1.%2"/><w:suff w:val="nothing"/></w:lvl>'
            "</w:abstractNum>"))
        numbering.append(parse_xml(
            f'<w:num {w} w:numId="90"><w:abstractNumId w:val="90"/></w:num>'))

        def numbered(text: str, style: str, ilvl: int) -> None:
            para = doc.add_paragraph(text, style=style)
            para._p.get_or_add_pPr().append(parse_xml(
                f'<w:numPr {w}><w:ilvl w:val="{ilvl}"/><w:numId w:val="90"/></w:numPr>'))

        numbered("基本情况", "Heading 1", 0)
        numbered("规模和结构", "Heading 2", 1)
        doc.add_paragraph("全市共有中职学校57所。")
        numbered("教师队伍", "Heading 2", 1)
        numbered("学生发展", "Heading 1", 0)
        numbered("学生素质", "Heading 2", 1)

    doc = read_bytes(_docx(build), "numbered.docx")
    assert [(h.number, h.title, h.level) for h in doc.headings] == [
        ("一", "基本情况", 1), ("1.1", "规模和结构", 2), ("1.2", "教师队伍", 2),
        ("二", "学生发展", 1), ("2.1", "学生素质", 2)]
    assert doc.paragraphs[0].section == "1.1规模和结构"
    assert doc.text.splitlines()[0] == "一、基本情况"


def test_chinese_and_roman_number_formats():
    from vetlint.readers.docx import _format_number

    assert [_format_number(n, "chineseCounting") for n in (1, 10, 12, 20, 105)] == [
        "一", "十", "十二", "二十", "一百零五"]
    assert _format_number(4, "upperRoman") == "IV" and _format_number(3, "lowerLetter") == "c"
    assert _format_number(2, "decimalEnclosedCircle") == "②"


def test_numbering_linked_to_heading_styles():
    w = nsdecls("w")

    def build(doc):
        doc.part.numbering_part.element.insert(0, parse_xml(
            f'<w:abstractNum {w} w:abstractNumId="91">'
            '<w:lvl w:ilvl="0"><w:start w:val="1"/><w:numFmt w:val="decimal"/>'
            '<w:pStyle w:val="Heading1"/><w:lvlText w:val="%1"/></w:lvl>'
            '<w:lvl w:ilvl="1"><w:start w:val="1"/><w:numFmt w:val="decimal"/>'
            '<w:pStyle w:val="Heading2"/><w:lvlText w:val="%1.%2"/></w:lvl>'
            "</w:abstractNum>"))
        doc.part.numbering_part.element.append(parse_xml(
            f'<w:num {w} w:numId="91"><w:abstractNumId w:val="91"/></w:num>'))
        for name in ("Heading 1", "Heading 2"):
            doc.styles[name].element.get_or_add_pPr().append(
                parse_xml(f'<w:numPr {w}><w:numId w:val="91"/></w:numPr>'))
        doc.add_heading("基本情况", level=1)
        doc.add_heading("规模和结构", level=2)
        doc.add_heading("设施设备", level=2)

    doc = read_bytes(_docx(build), "linked.docx")
    assert [h.text for h in doc.headings] == ["1 基本情况", "1.1 规模和结构", "1.2 设施设备"]
    assert [h.number for h in doc.headings] == ["1", "1.1", "1.2"]
