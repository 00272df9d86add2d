"""build_table: header rows, spans, labels and locations from hand-written grids."""

from __future__ import annotations

import pytest

from vetlint.document import Location, SourceMap
from vetlint.readers.tablebuild import (
    RawCell,
    build_table,
    is_numeric_cell,
    parse_caption,
    parse_unit_line,
)


def grid(rows: list[list[str]]) -> list[list[RawCell]]:
    return [[RawCell(t) for t in row] for row in rows]


BODY_1_1 = [["2019", "58", "18", "0", "40", "0"], ["2020", "57", "19", "5.5%", "38", "-5.0%"]]
TEXT_1_1 = [
    ["年份", "学校总数（所）", "公办", "民办"],
    ["", "", "学校数量", "增幅", "学校数量", "增幅"],
]
EXPLICIT_1_1 = [
    ["年份", "学校总数（所）", "公办", "", "民办", ""],
    ["", "", "学校数量", "增幅", "学校数量", "增幅"],
]
COLUMNS_1_1 = [
    "年份",
    "学校总数（所）",
    "公办 / 学校数量",
    "公办 / 增幅",
    "民办 / 学校数量",
    "民办 / 增幅",
]


@pytest.mark.parametrize(("header", "explicit"), [(TEXT_1_1, False), (EXPLICIT_1_1, True)])
def test_two_header_rows_both_layouts(header: list[list[str]], explicit: bool) -> None:
    t = build_table(grid(header + BODY_1_1), id="表1-1", explicit_spans=explicit)
    assert t.columns == COLUMNS_1_1
    assert t.header == EXPLICIT_1_1
    assert t.texts() == BODY_1_1
    assert t.label_columns == 1


def test_six_one_header_with_spans_on_both_sides() -> None:
    rows = [
        ["年度", "免学费", "助学金", "国家奖学金", "金额合计\n（万元）"],
        ["", "人次", "金额（万元）", "人次", "金额（万元）", "人次", "金额（万元）", ""],
        ["2019年", "296352", "26458.9", "57297", "5724.9", "246", "147.6", "32331.4"],
    ]
    t = build_table(grid(rows), id="表6-1")
    assert t.columns == [
        "年度", "免学费 / 人次", "免学费 / 金额（万元）", "助学金 / 人次", "助学金 / 金额（万元）",
        "国家奖学金 / 人次", "国家奖学金 / 金额（万元）", "金额合计（万元）",
    ]  # fmt: skip
    assert t.n_rows == 1


def test_multiline_header_cell_joins_and_body_keeps_lines() -> None:
    rows = [
        ["年度", "招生人数\n（万人）", "Total\nstudents", "项  目"],
        ["2019", "8.1", "20", "1.新密市职教中心\n2.郑州市国防科技学校"],
    ]
    t = build_table(grid(rows), id="x")
    assert t.columns == ["年度", "招生人数（万人）", "Total students", "项目"]
    assert t.rows[0][3].text == "1.新密市职教中心\n2.郑州市国防科技学校"


COMPETITION_TEXT = [
    ["", "2018年", "2019年", "2020年"],
    ["举办项目数", "33", "40", "18"],
    ["一等奖", "郑州市", "7", "9", "2"],
    ["", "河南省", "12", "17", "2"],
    ["贡献度", "58.33％", "52.94％", "100.00％"],
]
COMPETITION_EXPLICIT = [
    ["", "", "2018年", "2019年", "2020年"],
    ["举办项目数", "", "33", "40", "18"],
    ["一等奖", "郑州市", "7", "9", "2"],
    ["", "河南省", "12", "17", "2"],
    ["贡献度", "", "58.33％", "52.94％", "100.00％"],
]


def test_row_groups_same_from_text_and_explicit_grids() -> None:
    a = build_table(grid(COMPETITION_TEXT), id="c", explicit_spans=False)
    b = build_table(grid(COMPETITION_EXPLICIT), id="c", explicit_spans=True)
    for t in (a, b):
        assert t.columns == ["", "", "2018年", "2019年", "2020年"]
        assert t.texts() == COMPETITION_EXPLICIT[1:]
        assert t.label_columns == 2
        assert [t.row_label(r) for r in range(t.n_rows)] == [
            "举办项目数", "一等奖 / 郑州市", "一等奖 / 河南省", "贡献度",
        ]  # fmt: skip
    assert a.frame().equals(b.frame())


def test_short_text_row_is_padded_at_the_end() -> None:
    rows = [["序号", "专业名称", "项目学校"], ["1", "会计", "郑州市财贸学校"], ["2", "工艺美术"]]
    t = build_table(grid(rows), id="x")
    assert t.texts()[1] == ["2", "工艺美术", ""]
    assert t.label_columns == 2


@pytest.mark.parametrize("explicit", [False, True])
def test_title_row_becomes_caption(explicit: bool) -> None:
    title = ["设备情况一览表"] + ([""] * 3 if explicit else [])
    rows = [
        title,
        ["指标", "2019年", "2020年", "增长情况%"],
        ["生均纸质图书（册）", "43.7", "45.8", "4.8"],
    ]
    t = build_table(grid(rows), id="T1", explicit_spans=explicit)
    assert t.caption == "设备情况一览表"
    assert t.columns == ["指标", "2019年", "2020年", "增长情况%"]
    assert t.n_rows == 1


def test_numbers_in_second_row_mean_one_header_row() -> None:
    rows = [["项目", "人数"], ["在校生", "201041", "2.1%"]]
    t = build_table(grid(rows), id="x")
    assert len(t.header) == 1
    assert t.texts() == [["在校生", "201041", "2.1%"]]


def test_locations_carry_table_row_col_and_strip_blank_lines() -> None:
    smap = SourceMap(((0, 10, 2), (1, 11, 1), (2, 12, 1), (3, 13, 1)))
    cells = [
        [RawCell("产业分类", Location(line=5, column=2)), RawCell("数量", Location(line=6, column=2))],
        [RawCell("\n\n\n第三产业", Location(line=10, column=2), smap), RawCell("7", Location(line=14, column=2))],
    ]  # fmt: skip
    t = build_table(cells, id="表3-1", section="3.1专业布局")
    first = t.rows[0][0]
    assert first.text == "第三产业"
    assert (first.location.line, first.location.column) == (13, 1)
    assert (first.location.table, first.location.row, first.location.col) == ("表3-1", 1, 1)
    assert first.location.section == "3.1专业布局"
    assert t.rows[0][1].location == Location(
        line=14, column=2, table="表3-1", row=1, col=2, section="3.1专业布局"
    )
    assert t.section == "3.1专业布局" and t.location.table == "表3-1"


def test_parse_caption() -> None:
    info = parse_caption("表1-6：2019—2020年 郑州市中等职业学校教师基本情况（单位：人）")
    assert info is not None
    assert (info.id, info.number, info.unit, info.kind) == ("表1-6", "1-6", "人", "table")
    assert info.title == "2019—2020年 郑州市中等职业学校教师基本情况"
    spaced = parse_caption("表 3 中等职业学校教师市级培训一览表")
    assert spaced is not None and spaced.id == "表3"
    assert spaced.text == "表 3 中等职业学校教师市级培训一览表"
    wide = parse_caption("表１－２ 名单")
    assert wide is not None and wide.id == "表1-2"
    two_spaces = parse_caption("表1-3  2020年郑州市中等职业教育办学规模一览表")
    assert two_spaces is not None and two_spaces.id == "表1-3"
    assert two_spaces.title.startswith("2020年")
    figure = parse_caption("图 1 2023-2024 学年高中阶段教育招生职普对比")
    assert figure is not None and figure.kind == "figure" and figure.id == "图1"
    assert parse_caption("表中统计数据不含省属学校") is None
    assert parse_caption("表明我市") is None


def test_parse_unit_line() -> None:
    assert parse_unit_line("单位：万元") == "万元"
    assert parse_unit_line("（单位：人）") == "人"
    assert parse_unit_line("  单位: 所 ") == "所"
    assert parse_unit_line("单位是万元的表格") is None
    assert parse_unit_line("学校单位：人") is None


def test_is_numeric_cell() -> None:
    for text in [
        "58",
        "-5.0%",
        "53.94:46.06",
        "16.26 : 1",
        "58.33％",
        "0.113",
        "12,325",
        "3.43亿元",
    ]:
        assert is_numeric_cell(text), text
    for text in ["2019年", "2019-2020学年", "增幅", "升高", "第一批", "", "1+X", "9个专业"]:
        assert not is_numeric_cell(text), text
