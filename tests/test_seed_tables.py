"""Every table of every real report, pinned: id, caption, labels, shape and a few cells."""

from __future__ import annotations

from functools import cache
from pathlib import Path

import pytest

from vetlint.document import Document, Table
from vetlint.readers.text import read

REPORTS = Path(__file__).resolve().parents[1] / "fixtures" / "reports"
ZZ = "zhengzhou-2020-secondary-vet-quality.txt"  # seed 000
XC = "xuchang-2019-secondary-vet-quality.txt"  # seed 001
PLAN = "zhengzhou-2020-vet-reform-plan.txt"  # seed 002
XX = "xinxiang-2023-vet-quality.txt"  # seed 003
QZ = "quzhou-2020-secondary-vet-quality.txt"  # seed 004


@cache
def doc(name: str) -> Document:
    return read((REPORTS / name).read_bytes(), name)


def table(name: str, table_id: str) -> Table:
    found = [t for t in doc(name).tables if t.id == table_id]
    assert len(found) == 1, [t.id for t in doc(name).tables]
    return found[0]


# (id, caption, columns, body rows, label_columns, unit, caption/first line)
SEED_000 = [
    ("表1-1", "表1-1：郑州市中等职业教育公办与民办学校数量一览表",
     ["年份", "学校总数（所）", "公办 / 学校数量", "公办 / 增幅", "民办 / 学校数量", "民办 / 增幅"],
     2, 1, None, 6),
    ("表1-2", "表1-2：郑州市中等职业教育创优创特学校一览表", ["序号", "类别", "学校名称"], 3, 2, None, 35),
    ("表1-3", "表1-3  2020年郑州市中等职业教育办学规模一览表",
     ["年度", "学校数量（所）", "招生人数（万人）", "在校生人数（万人）", "毕业生人数（万人）", "职普比"],
     3, 1, None, 73),
    ("表1-5", "表1-5：2019-2020年 郑州市中等职业学校生均办学基本指标",
     ["项目", "单位", "2019年", "2020年", "增长率"], 6, 2, None, 110),
    ("表1-6", "表1-6：2019—2020年 郑州市中等职业学校教师基本情况（单位：人）",
     ["序号", "项目", "2019年", "2020年", "增长率"], 12, 2, "人", 157),
    ("表3-1", "表3-1：2020年郑州市中等职业学校专业布局情况表（单位：人）",
     ["序号", "产业分类", "专业大类名称", "2018级在校生", "2019级在校生", "2020级在校生", "总计"],
     19, 3, "人", 248),
    ("表3-2", "表3-2：郑州市中等职业学校重点建设专业名单（30个）",
     ["序号", "重点建设专业名称", "项目学校", "批次"], 30, 3, None, 417),
    ("表3-3", "表3-3：河南省品牌示范专业和特色专业建设计划项目（40个）",
     ["序号", "专业名称", "项目学校", "批次"], 40, 3, None, 578),
    ("表3-4", "表3-4：郑州市中等职业学校专业技能工作室名单（38个）",
     ["序号", "工作室名称", "所在学校", "主持人", "批次"], 38, 4, None, 794),
    ("表3-5", "表3-5：河南省中等职业学校专业技能工作室名单（9个）",
     ["序号", "工作室名称", "所在学校名称", "专业大类", "时间"], 9, 4, None, 1037),
    ("表3-6", "表3-6：郑州市中等职业学校品牌立项专业参与评估名单（23个）",
     ["序号", "专业名称", "项目学校"], 23, 2, None, 1107),
    ("表3-6#2", "表3-6：2018—2020年郑州市中等职业学校参加全国职业院校技能大赛获奖情况",
     ["", "", "2018年", "2019年", "2020年"], 14, 2, None, 1209),
    ("表6-1", "表6-1  2019—2020年郑州市中等职业学校资助发放情况",
     ["年度", "免学费 / 人次", "免学费 / 金额（万元）", "助学金 / 人次", "助学金 / 金额（万元）",
      "国家奖学金 / 人次", "国家奖学金 / 金额（万元）", "金额合计（万元）"], 2, 1, None, 1334),
]  # fmt: skip

SEED_003 = [
    ("表1", "表 1 新乡市省级高水平中等职业学校和专业建设工程项目", ["项目名称", "学校名单"], 2, 1, None, 84),
    ("表2", "表 2 新乡市省级职业教育示范专业点名单",
     ["序号", "示范性专业点类别", "学校名称", "专业点名称"], 9, 3, None, 185),
    ("表3", "表 3 中等职业学校教师市级培训一览表", ["序号", "培训班名称", "人数"], 6, 2, None, 242),
    ("表4", "表 4 新乡市省级社区教育示范点一览表", ["序号", "名称", "获批单位"], 5, 2, None, 286),
]  # fmt: skip

SEED_004 = [
    ("T1", "设备情况一览表", ["项目", "指标", "2019年", "2020年", "增长情况%"], 4, 2, None, 10),
    ("T2", "师资情况一览表", ["教师队伍", "2019年", "2020年", "变化情况"], 5, 1, None, 45),
    ("T3", "就业质量一览表", ["项目", "2019年", "2020年", "变化情况"], 3, 1, None, 82),
    ("T4", "升学情况一览表", ["项目", "2019年", "2020年", "变化情况"], 2, 1, None, 104),
]  # fmt: skip


def _check(name: str, spec: tuple) -> None:
    table_id, caption, columns, n_rows, label_columns, unit, line = spec
    t = table(name, table_id)
    assert t.kind == "table"
    assert t.caption == caption
    assert t.columns == columns
    assert (t.n_rows, t.n_cols) == (n_rows, len(columns))
    assert all(len(row) == len(columns) for row in t.rows)
    assert t.label_columns == label_columns
    assert t.unit == unit
    assert t.location.line == line
    for r, c, cell in t.iter_cells():
        assert (cell.location.table, cell.location.row, cell.location.col) == (
            table_id,
            r + 1,
            c + 1,
        )


@pytest.mark.parametrize("spec", SEED_000, ids=[s[0] for s in SEED_000])
def test_seed_000_tables(spec: tuple) -> None:
    _check(ZZ, spec)


@pytest.mark.parametrize("spec", SEED_003, ids=[s[0] for s in SEED_003])
def test_seed_003_tables(spec: tuple) -> None:
    _check(XX, spec)


@pytest.mark.parametrize("spec", SEED_004, ids=[s[0] for s in SEED_004])
def test_seed_004_tables(spec: tuple) -> None:
    _check(QZ, spec)


def test_table_counts_per_seed() -> None:
    kinds = [t.kind for t in doc(ZZ).tables]
    assert kinds.count("table") == 13 and kinds.count("chart") == 3
    assert [t.id for t in doc(ZZ).tables if t.kind == "table"] == [s[0] for s in SEED_000]
    assert [t.id for t in doc(XX).tables] == ["表1", "表2", "表3", "表4"]
    assert [t.id for t in doc(QZ).tables] == ["T1", "T2", "T3", "T4"]
    assert doc(XC).tables == [] and doc(PLAN).tables == []


def cell(name: str, table_id: str, row: int, col: int) -> tuple[str, int | None, int | None]:
    """Body cell (1-based row/col): text, source line, source column."""
    c = table(name, table_id).rows[row - 1][col - 1]
    return c.text, c.location.line, c.location.column


def test_seed_000_cells() -> None:
    assert cell(ZZ, "表1-1", 1, 1) == ("2019", 19, 2)
    assert cell(ZZ, "表1-1", 2, 4) == ("5.5%", 29, 2)
    assert cell(ZZ, "表1-1", 2, 6) == ("-5.0%", 31, 2)
    assert cell(ZZ, "表1-2", 1, 3) == (
        "1.新密市职教中心\n2.郑州市国防科技学校\n3.郑州机电工程学校",
        42,
        2,
    )
    assert cell(ZZ, "表1-2", 3, 2) == ("河南省职业教育品牌特色学校（13所）", 55, 2)
    assert len(cell(ZZ, "表1-2", 3, 3)[0].split("\n")) == 13
    assert cell(ZZ, "表1-3", 3, 1) == ("增幅", 98, 2)
    assert cell(ZZ, "表1-3", 3, 6) == ("", 103, 2)
    assert cell(ZZ, "表1-3", 2, 6) == ("50.84:49.16", 96, 2)
    assert cell(ZZ, "表1-6", 2, 3) == ("19.94:1", 172, 2)
    assert cell(ZZ, "表1-6", 12, 5) == ("4.8%", 234, 2)
    assert cell(ZZ, "表6-1", 2, 8) == ("34251.8", 1367, 2)


def test_seed_000_merged_and_multiline_cells() -> None:
    # 表3-1: 产业分类 merged down is empty; a cell printed as "\t" + blank lines + 第三产业.
    assert cell(ZZ, "表3-1", 2, 2) == ("", 266, 2)
    assert cell(ZZ, "表3-1", 8, 2) == ("第三产业", 318, 1)
    assert cell(ZZ, "表3-1", 8, 3) == ("交通运输", 319, 2)
    assert cell(ZZ, "表3-1", 19, 7) == ("0", 411, 2)
    # 表3-2: the batch label on two lines labels a group of rows.
    assert cell(ZZ, "表3-2", 1, 4) == ("第一批\n9个", 426, 2)
    assert cell(ZZ, "表3-2", 2, 4)[0] == ""
    assert cell(ZZ, "表3-2", 10, 4) == ("第二批\n12个", 472, 2)
    # 表3-3: 第二批 printed without the tab belongs to row 6, the row it follows.
    assert cell(ZZ, "表3-3", 6, 4) == ("第二批\n6个", 615, 1)
    assert cell(ZZ, "表3-3", 7, 1) == ("7", 618, 2)
    assert cell(ZZ, "表3-3", 17, 2) == ("计算机网络技术\n（物联网方向）", 670, 2)
    # first 表3-6 ends on a short row right before the heading 3.2质量保证.
    assert table(ZZ, "表3-6").texts()[-1] == ["23", "工艺美术", ""]


def test_seed_000_competition_table() -> None:
    t = table(ZZ, "表3-6#2")
    assert t.header == [["", "", "2018年", "2019年", "2020年"]]
    texts = t.texts()
    assert texts[0] == ["举办项目数", "", "33", "40", "18"]
    assert texts[2] == ["一等奖", "郑州市", "7", "9", "2"]
    assert texts[3] == ["", "河南省", "12", "17", "2"]
    assert texts[4] == ["贡献度", "", "58.33％", "52.94％", "100.00％"]
    assert t.row_label(3) == "一等奖 / 河南省"
    assert t.row_label(0) == "举办项目数"
    assert cell(ZZ, "表3-6#2", 1, 3) == ("33", 1216, 2)
    assert cell(ZZ, "表3-6#2", 14, 5) == ("40.00％", 1291, 2)


def test_seed_000_headers_keep_merged_continuations() -> None:
    assert table(ZZ, "表1-1").header == [
        ["年份", "学校总数（所）", "公办", "", "民办", ""],
        ["", "", "学校数量", "增幅", "学校数量", "增幅"],
    ]
    assert table(ZZ, "表6-1").header[0] == [
        "年度", "免学费", "", "助学金", "", "国家奖学金", "", "金额合计（万元）",
    ]  # fmt: skip


def test_seed_000_notes_attach_to_their_tables() -> None:
    note = "注：表中统计数据不含省属学校、技工学校"
    assert table(ZZ, "表1-1").notes == [note]
    assert table(ZZ, "表1-2").notes == [note]
    assert table(ZZ, "表1-3").notes == [note]
    assert table(ZZ, "表1-5").notes == []


def test_seed_000_sections() -> None:
    assert table(ZZ, "表1-1").section == "1.1规模和结构"
    assert table(ZZ, "表1-6").section == "1.3教师队伍"
    assert table(ZZ, "表6-1").section == "6.1经费"
    assert cell(ZZ, "表6-1", 1, 1)[0] == "2019年"
    assert table(ZZ, "表6-1").rows[0][0].location.section == "6.1经费"


def test_seed_000_charts() -> None:
    charts = [t for t in doc(ZZ).tables if t.kind == "chart"]
    assert [t.id for t in charts] == ["T14", "T15", "T16"]
    students, degrees, titles = charts
    assert students.columns == ["", "学生总数", "招生人数", "毕业人数"]
    assert students.texts() == [
        ["2018年", "183555", "71534", "39369"],
        ["2019年", "202214", "80529", "50773"],
        ["2020年", "205216", "76377", "53907"],
    ]
    assert cell(ZZ, "T14", 1, 2) == ("183555", 1441, 16)
    assert degrees.caption == "学历结构"
    assert degrees.texts() == [
        ["研究生学历", "0.113"],
        ["本科学历", "0.749"],
        ["专科及以下", "0.138"],
    ]
    assert titles.caption == "专业课教师职称结构"
    assert titles.columns == ["", "专业课教师职称结构", "数据标签"]
    assert titles.texts()[0] == ["高级职称", "0.117", "11.7%"]
    assert titles.texts()[3] == ["未定职级", "0.321", "32.1%"]
    assert cell(ZZ, "T16", 2, 3) == ("29.4%", 1454, 1)
    assert cell(ZZ, "T16", 4, 2) == ("0.321", 1458, 39)


def test_seed_003_cells() -> None:
    assert cell(XX, "表1", 1, 1) == ("高水平中等职业学校", 87, 1)
    assert cell(XX, "表1", 1, 2) == (
        "新乡市职业教育中心 长垣职业中等专业学校 获嘉县职业中等专业学校", 87, 11,
    )  # fmt: skip
    assert cell(XX, "表2", 9, 4) == ("烹饪工艺与营养", 196, 23)
    assert cell(XX, "表3", 1, 3) == ("65", 245, 20)
    assert [r[2] for r in table(XX, "表3").texts()] == ["65", "70", "80", "70", "80", "45"]
    assert cell(XX, "表4", 2, 3) == ("辉县市", 290, 14)


def test_seed_004_cells() -> None:
    t = table(QZ, "T1")
    assert t.texts()[0] == ["设施设备", "实训设施设备投入（万元）", "2255.55", "3058.51", "35.6"]
    assert t.texts()[1][:2] == ["", "生均教学仪器设备值（万元）"]
    assert t.row_label(1) == "设施设备 / 生均教学仪器设备值（万元）"
    assert cell(QZ, "T1", 4, 5) == ("4.8", 40, 2)
    assert cell(QZ, "T2", 1, 2) == ("16.26 : 1", 53, 2)
    assert cell(QZ, "T3", 3, 4) == ("185", 102, 2)
    assert cell(QZ, "T4", 2, 4) == ("0.5%", 119, 2)
