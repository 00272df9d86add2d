"""The .txt reader: blocks, sections, artefacts, furniture and both table layouts."""

from __future__ import annotations

from functools import cache
from pathlib import Path

import pytest

from vetlint.document import Document, Heading, Paragraph, Table
from vetlint.errors import ReadError
from vetlint.readers import read_bytes
from vetlint.readers.text import read

REPORTS = Path(__file__).resolve().parents[1] / "fixtures" / "reports"


@cache
def seed(name: str) -> Document:
    return read((REPORTS / name).read_bytes(), name)


def doc(text: str) -> Document:
    return read(text.encode("utf-8"), "t.txt")


def source_line(name: str, line: int) -> str:
    return (REPORTS / name).read_text(encoding="utf-8").split("\n")[line - 1]


def test_dispatch_and_document_fields() -> None:
    d = read_bytes("1.1规模和结构\n全市共有学校57所。\n".encode(), "r.txt")
    assert d.format == "text" and d.path == "r.txt" and d.language == "zh"
    assert isinstance(d.blocks[0], Heading) and isinstance(d.blocks[1], Paragraph)
    assert d.blocks[1].section == "1.1规模和结构"
    assert doc("The school has 57 teachers and 1200 students.\n").language == "en"


def test_bookmark_artefacts_keep_true_columns() -> None:
    name = "zhengzhou-2020-secondary-vet-quality.txt"
    d = seed(name)
    para = next(p for p in d.paragraphs if p.text.startswith("完善质量年度报告制度"))
    assert "[bookmark" not in para.text
    line, column = para.smap.point(0)
    assert line == 1206
    assert source_line(name, line)[column - 1 :].startswith("完善质量年度报告制度")
    # an offset deep in the paragraph still points at the same character in the source
    k = para.text.index("2020")
    line, column = para.smap.point(k)
    assert source_line(name, line)[column - 1 : column + 3] == "2020"
    heading = next(h for h in d.headings if h.number == "4.1")
    assert heading.text == "4.1校企合作开展情况和效果"
    assert heading.location.line == 1300
    assert source_line(name, 1300)[heading.location.column - 1 :].startswith("4.1校企")


def test_artefacts_mid_line_keep_columns() -> None:
    d = doc("前言\n共有[bookmark: _Toc1]学校57所[image: a.png]，教师9456人。\n")
    para = d.paragraphs[-1]
    assert para.text == "共有学校57所，教师9456人。"
    raw = "共有[bookmark: _Toc1]学校57所[image: a.png]，教师9456人。"
    for needle in ("57", "9456", "，"):
        _, column = para.smap.point(para.text.index(needle))
        assert raw[column - 1 :].startswith(needle)
    loc = para.smap.locate(para.text.index("9456"), para.text.index("9456") + 4)
    assert raw[loc.column - 1 : loc.end_column] == "9456"


def test_image_only_lines_vanish() -> None:
    d = seed("zhengzhou-2020-secondary-vet-quality.txt")
    assert not any("[image" in p.text or "[bookmark" in p.text for p in d.paragraphs)


def test_furniture_of_seed_003() -> None:
    d = seed("xinxiang-2023-vet-quality.txt")
    furniture = [p for p in d.paragraphs if p.role == "furniture"]
    texts = [p.text for p in furniture]
    assert "目 录" in texts and "表目录" in texts
    assert "1.1 规模和结构\t- 1 -" in texts
    assert "新乡市职业教育质量年度报告 (2023 年度)" in texts  # running header
    assert all(p.location.line is not None and p.location.line <= 76 for p in furniture)
    # the title page itself is not furniture
    assert any(p.text == "新乡市职业教育质量年度报告" and p.role == "body" for p in d.paragraphs)


def test_page_numbers_and_running_headers_are_furniture() -> None:
    text = (
        "某市职业教育质量年度报告\n（2023年度）\n"
        "1.1 规模和结构\n全市招生18081人。\n- 1 -\n某市职业教育质量年度报告（2023年度）\n"
        "全市在校生4.51万人。\n- 2 -\n"
    )
    d = doc(text)
    roles = {p.text: p.role for p in d.paragraphs}
    assert roles["- 1 -"] == roles["- 2 -"] == "furniture"
    assert roles["某市职业教育质量年度报告（2023年度）"] == "furniture"
    assert roles["全市在校生4.51万人。"] == "body"
    assert d.tables == []


def test_captions_without_tables_are_caption_paragraphs() -> None:
    d = seed("zhengzhou-2020-secondary-vet-quality.txt")
    captions = [p.text for p in d.paragraphs if p.role == "caption"]
    assert captions == [
        "表1-4  2018—2020年郑州市中等职业学校三年在校生规模比较图",
        "表1-7：2020年 郑州市中等职业学校教师结构",
    ]
    figures = [
        p.text for p in seed("xinxiang-2023-vet-quality.txt").paragraphs if p.role == "caption"
    ]
    assert figures[0] == "图 1 2023-2024 学年高中阶段教育招生职普对比" and len(figures) == 6


def test_notes_are_note_paragraphs_and_table_notes() -> None:
    d = seed("zhengzhou-2020-secondary-vet-quality.txt")
    notes = [p for p in d.paragraphs if p.role == "note"]
    assert [p.location.line for p in notes] == [34, 71, 106]


def test_every_block_has_the_current_section() -> None:
    d = seed("quzhou-2020-secondary-vet-quality.txt")
    current = None
    for block in d.blocks:
        if isinstance(block, Heading):
            current = block.location.section
        elif isinstance(block, Paragraph):
            assert block.section == current
        else:
            assert block.section == current
    assert d.tables[0].section == "1.2设施设备"


LAYOUT_A = """2.1 学生
表2-1：学生情况（单位：人）
\t项目
\t2019年
\t2020年

\t在校生
\t100
\t120

\t招生
人数
\t40
\t50
注：不含技工学校
正文继续。
"""


def test_layout_a_table_with_caption_unit_note_and_wrapped_label() -> None:
    d = doc(LAYOUT_A)
    (t,) = d.tables
    assert (t.id, t.unit, t.section) == ("表2-1", "人", "2.1学生")
    assert t.columns == ["项目", "2019年", "2020年"]
    assert t.texts() == [["在校生", "100", "120"], ["招生\n人数", "40", "50"]]
    assert t.notes == ["注：不含技工学校"]
    assert t.location.line == 2
    assert (t.rows[1][0].location.line, t.rows[1][0].location.column) == (11, 2)
    assert t.rows[1][0].smap is not None and t.rows[1][0].smap.point(3) == (12, 1)
    assert [p.role for p in d.paragraphs] == ["note", "body"]


def test_layout_a_table_ends_at_a_heading_without_blank_line() -> None:
    d = doc("表1：x\n\t项目\n\t人数\n\n\t学校\n\t5\n 1.3教师队伍\n专任教师7100人。\n")
    (t,) = d.tables
    assert t.texts() == [["学校", "5"]]
    assert [h.text for h in d.headings] == ["1.3教师队伍"]


def test_layout_b_table_and_caption_with_blank_line() -> None:
    text = "表 3 中等职业学校教师市级培训一览表\n\n序号\t培训班名称\t人数\n1\t班主任培训\t70\n2\t名师培训\t80\n\n正文。\n"
    (t,) = doc(text).tables
    assert t.id == "表3" and t.caption == "表 3 中等职业学校教师市级培训一览表"
    assert t.texts() == [["1", "班主任培训", "70"], ["2", "名师培训", "80"]]
    assert (t.rows[0][2].location.line, t.rows[0][2].location.column) == (4, 9)


def test_uncaptioned_tables_are_numbered_by_position_and_duplicates_get_suffix() -> None:
    text = (
        "表1：甲\n\t a\n\t b\n\n\t1\n\t2\n正文一。\n"
        "\t c\n\t d\n\n\t3\n\t4\n正文二。\n"
        "表1：乙\n\t e\n\t f\n\n\t5\n\t6\n"
    )
    ids = [t.id for t in doc(text).tables]
    assert ids == ["表1", "T2", "表1#2"]


def test_stray_tab_line_is_not_a_table() -> None:
    d = doc("正文。\n\t只是缩进的一行\n正文二。\n")
    assert d.tables == []
    assert [p.text for p in d.paragraphs] == ["正文。", "只是缩进的一行", "正文二。"]


def test_chart_dump_becomes_chart_table() -> None:
    text = "正文。\n\n2019年\t\n人数\t金额\t10\t20\t2020年\t\n人数\t金额\t30\t40\t\n"
    (t,) = doc(text).tables
    assert t.kind == "chart"
    assert t.columns == ["", "人数", "金额"]
    assert t.texts() == [["2019年", "10", "20"], ["2020年", "30", "40"]]


def test_table_of_contents_is_never_a_table() -> None:
    d = seed("xinxiang-2023-vet-quality.txt")
    assert all(t.location.line is not None and t.location.line > 76 for t in d.tables)


@pytest.mark.parametrize(
    "data", [b"\x00\x00\x00\x00" * 100, b"\xff\xd8\xff\xe0" + bytes(range(256)) * 4]
)
def test_binary_input_is_one_clear_error(data: bytes) -> None:
    with pytest.raises(ReadError) as info:
        read_bytes(data, "report.txt")
    assert "not a text file" in info.value.message


def test_all_seeds_read_and_cells_point_into_the_source() -> None:
    for path in sorted(REPORTS.glob("*.txt")):
        d = seed(path.name)
        assert d.blocks
        lines = path.read_text(encoding="utf-8").split("\n")
        for t in d.tables:
            assert isinstance(t, Table)
            for _, _, c in t.iter_cells():
                if not c.text:
                    continue
                first = c.text.split("\n")[0]
                loc = c.location
                assert lines[loc.line - 1][loc.column - 1 :].startswith(first), (t.id, c)
        for p in d.paragraphs:
            line, column = p.smap.point(0)
            assert lines[line - 1][column - 1 :].startswith(p.text[:5]), p


def test_unit_line_sets_the_table_unit() -> None:
    before = doc("单位：万元\n\t项目\n\t金额\n\n\t经费\n\t3.43\n")
    (t,) = before.tables
    assert t.unit == "万元" and t.id == "T1"
    assert [p.role for p in before.paragraphs] == ["unit"]
    between = doc("表6-1 经费情况\n（单位：万元）\n\t项目\n\t金额\n\n\t经费\n\t3.43\n")
    (t,) = between.tables
    assert (t.id, t.unit, t.caption) == ("表6-1", "万元", "表6-1 经费情况")


def test_caption_split_over_two_lines() -> None:
    d = seed("zhengzhou-2020-secondary-vet-quality.txt")
    t = next(t for t in d.tables if t.id == "表3-6#2")
    assert t.caption == "表3-6：2018—2020年郑州市中等职业学校参加全国职业院校技能大赛获奖情况"
    assert not any(p.text == "技能大赛获奖情况" for p in d.paragraphs)


def test_trailing_tab_on_a_cell_line_adds_no_cell() -> None:
    (t,) = doc("\t项目\t\n\t人数\n\n\t学校\t\n\t5\n").tables
    assert t.columns == ["项目", "人数"]
    assert t.texts() == [["学校", "5"]]


def test_cell_columns_skip_artefacts() -> None:
    text = "\t项目\n\t人数\n\n\t[bookmark: _Toc1]学校\n\t[image: x.png] 57\n"
    (t,) = doc(text).tables
    school, count = t.rows[0]
    assert (school.text, count.text) == ("学校", "57")
    assert (school.location.line, school.location.column) == (4, 19)
    assert (count.location.line, count.location.column) == (5, 17)
