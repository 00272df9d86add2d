"""Table check kinds on the real seed reports and on small hand-made tables."""

from __future__ import annotations

from functools import cache

import pytest

from vetlint.checks import Check
from vetlint.document import Cell, Document, Location, Table
from vetlint.engine.runner import run
from vetlint.readers import read_path
from vetlint.settings import Settings

ZHENGZHOU = "fixtures/reports/zhengzhou-2020-secondary-vet-quality.txt"
QUZHOU = "fixtures/reports/quzhou-2020-secondary-vet-quality.txt"
CORE = Settings(select=["core"])


@cache
def seed_checks(path: str) -> tuple[Check, ...]:
    return tuple(run(read_path(path), CORE))


def failures(checks: tuple[Check, ...] | list[Check], severity: str | None = None) -> list[Check]:
    return [c for c in checks if not c.passed and (severity is None or c.severity == severity)]


def table(
    columns: list[str],
    rows: list[list[str]],
    *,
    label_columns: int = 1,
    caption: str | None = None,
    tid: str = "T1",
) -> Table:
    body = [
        [
            Cell(text, Location(line=10 + r, column=1 + c, table=tid, row=r + 1, col=c + 1))
            for c, text in enumerate(row)
        ]
        for r, row in enumerate(rows)
    ]
    return Table(id=tid, columns=columns, rows=body, caption=caption, label_columns=label_columns)


def check(t: Table, code: str, language: str = "zh") -> list[Check]:
    doc = Document(path="t.md", format="markdown", blocks=[t], language=language)
    return run(doc, Settings(select=[code]))


# --- the real seeds ----------------------------------------------------------


@pytest.mark.parametrize("path", [ZHENGZHOU, QUZHOU])
def test_no_kind_crashes_on_the_seeds(path: str) -> None:
    assert not [c.extra["internal_error"] for c in seed_checks(path) if "internal_error" in c.extra]


def test_zhengzhou_real_errors_are_the_staff_growth_sign_and_the_ratios() -> None:
    errors = failures(seed_checks(ZHENGZHOU), "error") + failures(seed_checks(ZHENGZHOU), "warning")
    assert sorted((c.rule, c.stated.text) for c in errors if c.stated) == [
        ("VL101", "-6.1%"), ("VL101", "3.9%"), ("VL101", "6.7%"), ("VL107", "19.94:1"), ("VL107", "21.70:1"),
    ]
    # 表1-3's enrolment growth, judged on the chart data's exact figures of the same quantity
    growth = next(c for c in errors if c.stated and c.stated.text == "-6.1%")
    assert [f.text for f in growth.inputs] == ["80529", "76377"] and growth.expected.text == "-5.2%"
    # 生师比 of 表1-6 on the report's own figures: 201041 / 7480 = 26.88, 205216 / 7100 = 28.90
    ratio = next(c for c in errors if c.rule == "VL107" and c.stated and c.stated.text == "19.94:1")
    assert ratio.expected is not None and ratio.expected.text == "26.88:1"
    assert [f.text for f in ratio.inputs] == ["201041", "7480"]
    c = next(c for c in errors if c.rule == "VL101" and c.stated and c.stated.text == "6.7%")
    assert (c.rule, c.location.table, c.location.line, c.location.column) == (
        "VL101",
        "表1-6",
        168,
        2,
    )
    assert c.stated is not None and c.stated.text == "6.7%"
    assert c.expected is not None and c.expected.text == "-6.7%"
    assert c.expected.low <= 9456 / 10139 - 1 <= c.expected.high  # exact head counts: a point
    assert [f.text for f in c.inputs] == ["10139", "9456"]
    assert [f.location.line for f in c.inputs] == [166, 167]
    assert c.message["zh"].startswith(
        "表1-6「教职工总数」增长率应为 -6.7%（10139 → 9456），报告写作 6.7%"
    )
    assert "growth should be -6.7% (10139 → 9456); the report says 6.7%" in c.message["en"]
    assert c.suggestion == "6.7% → -6.7%"
    assert c.blame is not None and c.blame.text == "6.7%"
    assert c.extra["blame_reason"]["en"] == "the sign is wrong"


def test_zhengzhou_truncations_are_info_notes() -> None:
    notes = {
        (c.location.table, c.stated.text)
        for c in failures(seed_checks(ZHENGZHOU), "info")
        if c.stated
    }
    assert {("表1-6", "-0.7%"), ("表1-6", "-11.9%"), ("表1-6", "-5.9%"), ("表1-1", "5.5%")} <= notes
    note = next(
        c
        for c in failures(seed_checks(ZHENGZHOU), "info")
        if c.stated and c.stated.text == "-11.9%"
    )
    assert "truncated" in note.message["en"] and "-12.0%" in note.message["en"]
    assert note.note is not None and "截断" in note.note["zh"]


def test_zhengzhou_every_derived_cell_is_checked() -> None:
    checks = seed_checks(ZHENGZHOU)
    by_table: dict[tuple[str, str], int] = {}
    for c in checks:
        key = (c.rule, c.location.table or "")
        by_table[key] = by_table.get(key, 0) + 1
    assert by_table[("VL101", "表1-3")] == 4  # 增幅 row
    assert by_table[("VL101", "表1-5")] == 6
    assert by_table[("VL101", "表1-6")] == 12  # incl. 生师比 升高
    assert by_table[("VL102", "表3-1")] == 19  # 总计 column, every row
    assert by_table[("VL102", "表6-1")] == 2  # 金额合计 = the 金额 columns
    assert by_table[("VL102", "表3-6#2")] == 6  # 奖牌总数 / 郑州市 and / 河南省
    assert by_table[("VL103", "表3-6#2")] == 12  # 贡献度 rows
    assert by_table[("VL104", "表1-3")] == 2  # 职普比
    assert by_table[("VL105", "表3-2")] == 4  # caption (30个) + three 批次 groups
    assert by_table[("VL105", "表1-2")] == 3  # （3所） against the numbered schools
    total = next(c for c in checks if c.rule == "VL102" and c.location.table == "表6-1")
    assert [f.text for f in total.inputs] == ["26458.9", "5724.9", "147.6"]
    medals = next(c for c in checks if c.rule == "VL102" and c.stated and c.stated.text == "34")
    assert [f.text for f in medals.inputs] == ["7", "15", "12"]


def test_quzhou_ratio_sign_and_transposed_points() -> None:
    errors = failures(seed_checks(QUZHOU), "error")
    assert len(errors) == 2
    ratio, points = sorted(errors, key=lambda c: c.location.line or 0)
    assert ratio.stated.text == "0.04 : 1" and ratio.expected.text == "-0.04 : 1"  # type: ignore[union-attr]
    assert ratio.extra["reading"] == "ratio" and "sign" in ratio.extra["blame_reason"]["en"]
    assert points.stated.text == "-8.58%" and points.expected.text == "-8.85个百分点"  # type: ignore[union-attr]
    assert points.extra["reading"] == "points" and points.suggestion == "-8.58% → -8.85%"
    assert "transposed" in points.extra["blame_reason"]["en"]
    assert "百分点" in points.message["zh"]


def test_quzhou_points_absolute_and_percent_header_readings() -> None:
    checks = [c for c in seed_checks(QUZHOU) if c.rule == "VL101"]
    readings = {c.stated.text: c.extra.get("reading") for c in checks if c.stated}
    assert readings["8%"] == "points"  # 79% → 87%
    assert readings["185"] == "absolute"  # 2839 → 3024
    assert readings["35.6"] == "relative"  # 增长情况% column: 2255.55 → 3058.51
    assert all(
        c.passed for c in checks if c.stated and c.stated.text in ("8%", "185", "35.6", "-7.42%")
    )


# --- hand-made layouts --------------------------------------------------------


def test_growth_column_per_group_with_years_in_rows() -> None:
    t = table(
        [
            "年份",
            "学校总数（所）",
            "公办 / 学校数量",
            "公办 / 增幅",
            "民办 / 学校数量",
            "民办 / 增幅",
        ],
        [["2019", "58", "18", "0", "40", "0"], ["2020", "57", "19", "5.6%", "38", "5.0%"]],
    )
    growth = check(t, "VL101")
    assert [(c.stated.text, c.passed) for c in growth] == [("5.6%", True), ("5.0%", False)]  # type: ignore[union-attr]
    assert growth[1].expected.text == "-5.0%"  # type: ignore[union-attr]
    totals = check(t, "VL102")
    assert [(c.stated.text, c.passed) for c in totals] == [("58", True), ("57", True)]  # type: ignore[union-attr]
    assert [f.text for f in totals[1].inputs] == ["19", "38"]  # 学校数量 columns, not 增幅


def test_growth_row_below_year_rows_and_qualitative_cells() -> None:
    t = table(
        ["年度", "学校数量（所）", "生师比"],
        [["2019", "58", "19.94:1"], ["2020", "57", "21.70:1"], ["增幅", "1.72%", "降低"]],
    )
    got = {c.stated.text: c for c in check(t, "VL101")}  # type: ignore[union-attr]
    assert not got["1.72%"].passed and got["1.72%"].expected.text == "-1.72%"  # type: ignore[union-attr]
    assert not got["降低"].passed and got["降低"].expected.text == "升高"  # type: ignore[union-attr]


def test_total_row_excludes_partial_breakdowns_and_share_rows() -> None:
    t = table(
        ["项目", "人数"],
        [["男", "60"], ["女", "40"], ["其中：少数民族", "7"], ["占比", "40%"], ["合计", "100"]],
    )
    total, partial = check(t, "VL102")
    assert total.passed and [f.text for f in total.inputs] == ["60", "40"]
    assert partial.passed and partial.stated.text == "7"  # type: ignore[union-attr]
    t.rows[2][1].text = "70"  # 其中 more than the 女 row it belongs to
    bad = [c for c in check(t, "VL102") if not c.passed]
    assert [(c.stated.text, c.expected.text) for c in bad] == [("70", "≤ 40")]  # type: ignore[union-attr]
    t2 = table(["项目", "人数"], [["合计", "101"], ["男", "60"], ["女", "40"]])
    [above] = check(t2, "VL102")
    assert not above.passed and above.expected.text == "100"  # type: ignore[union-attr]


def test_share_column_against_total_row() -> None:
    t = table(
        ["专业", "人数", "占比"],
        [["农林", "30", "30.0%"], ["工科", "70", "70.0%"], ["合计", "100", "100%"]],
    )
    shares = check(t, "VL103")
    assert len(shares) == 3 and all(c.passed for c in shares)
    t_bad = table(
        ["专业", "人数", "占比"],
        [["农林", "30", "33.0%"], ["工科", "70", "70.0%"], ["合计", "100", "100%"]],
    )
    bad = [c for c in check(t_bad, "VL103") if not c.passed]
    assert [c.stated.text for c in bad] == ["33.0%"]  # type: ignore[union-attr]
    assert bad[0].expected.text == "30.0%"  # type: ignore[union-attr]


def test_structure_and_split_add_up_to_100() -> None:
    ok = table(["", "学历结构"], [["研究生", "0.113"], ["本科", "0.749"], ["专科", "0.138"]])
    assert [c.passed for c in check(ok, "VL104")] == [True]
    bad = table(["", "学历结构"], [["研究生", "11.3%"], ["本科", "74.9%"], ["专科", "12.8%"]])
    [c] = check(bad, "VL104")
    assert not c.passed and c.blame is None
    split = table(["年度", "职普比"], [["2020", "50.84:49.61"]])
    assert [c.passed for c in check(split, "VL104")] == [False]


def test_list_counts_in_cells_groups_and_captions() -> None:
    t = table(
        ["序号", "类别", "学校名称", "批次"],
        [
            ["1", "示范学校（3所）", "1.甲校\n2.乙校", "第一批\n2个"],
            ["2", "特色学校（1所）", "1.丙校", ""],
        ],
        caption="表1-2：学校一览表（3个）",
    )
    got = [(c.stated.text, c.passed) for c in check(t, "VL105")]  # type: ignore[union-attr]
    assert ("（3个）", False) in got  # the caption: 2 numbered rows
    assert ("示范学校（3所）", False) in got  # two schools listed
    assert ("第一批 2个", True) in got


def test_per_capita_with_units_in_a_unit_column() -> None:
    t = table(
        ["项目", "单位", "2019年", "2020年"],
        [
            ["在校生数", "人", "20000", "21000"],
            ["设备总值", "万元", "7860", "8400"],
            ["生均设备值", "元", "3930", "4500"],
        ],
        label_columns=2,
    )
    got = [(c.stated.text, c.passed) for c in check(t, "VL106")]  # type: ignore[union-attr]
    assert got == [("3930", True), ("4500", False)]  # 8400万 ÷ 21000 = 4000


def test_english_change_columns_with_parenthesised_negatives() -> None:
    t = table(
        ["OPERATING REVENUES", "2018", "2019", "$ CHANGE", "% CHANGE"],
        [
            ["Wireless", "2,407", "2,493", "86", "3.6%"],
            ["Eliminations", "(179)", "(194)", "(15)", "(8.4%)"],
            ["Total", "2,228", "2,299", "71", "3.2%"],
        ],
    )
    growth = check(t, "VL101", language="en")
    assert len(growth) == 6 and all(c.passed for c in growth)
    t.rows[1][3].text = "15"
    bad = [c for c in check(t, "VL101", language="en") if not c.passed]
    assert [c.stated.text for c in bad] == ["15"]  # type: ignore[union-attr]
    assert bad[0].expected.text == "-15"  # type: ignore[union-attr]
    t.rows[1][3].text = "(15)"
    t.rows[0][4].text = "(3.6%)"  # a rise printed as a fall, accounting style
    [wrong] = [c for c in check(t, "VL101", language="en") if not c.passed]
    assert wrong.expected.text == "3.6%" and wrong.suggestion == "(3.6%) → 3.6%"  # type: ignore[union-attr]
    assert wrong.extra["blame_reason"]["en"] == "the sign is wrong"


@pytest.mark.parametrize("mode", ["round", "truncate"])
def test_rounding_mode_setting(mode: str) -> None:
    t = table(["项目", "2019年", "2020年", "增长率"], [["公办", "18", "19", "5.5%"]])
    doc = Document(path="t.md", format="markdown", blocks=[t], language="zh")
    [c] = run(doc, Settings(select=["VL101"], rounding=mode))  # type: ignore[arg-type]
    assert (c.passed, c.severity) == ((True, "error") if mode == "truncate" else (False, "info"))


def test_tolerance_setting_widens_the_stated_figure() -> None:
    t = table(["项目", "2019年", "2020年", "增长率"], [["专任教师数", "7480", "7100", "-5.3%"]])
    doc = Document(path="t.md", format="markdown", blocks=[t], language="zh")
    assert not run(doc, Settings(select=["VL101"]))[0].passed
    assert run(doc, Settings(select=["VL101"], abs_tolerance=0.003))[0].passed


def test_an_indicator_named_total_is_not_forced_to_be_a_sum() -> None:
    t = table(
        ["项目", "2020年"], [["教职工总数", "9456"], ["专任教师数", "7100"], ["兼职教师数", "500"]]
    )
    assert check(t, "VL102") == []
    t2 = table(["项目", "人数"], [["男", "60"], ["女", "40"], ["合计", "90"]])
    [c] = check(t2, "VL102")
    assert not c.passed and c.expected.text == "100"  # type: ignore[union-attr]


def test_per_row_change_column_finds_the_figures_it_describes() -> None:
    t = table(
        ["年份", "学生数", "教师数", "学生增长率"],
        [["2019", "1000", "80", ""], ["2020", "1100", "81", "10.0%"]],
    )
    [c] = check(t, "VL101")
    assert c.passed and [f.text for f in c.inputs] == ["1000", "1100"]


def test_expected_values_are_printed_like_the_stated_figure() -> None:
    from vetlint.engine import fmt

    assert fmt.restyle("6.7%", -0.06736, 100) == "-6.7%"
    assert fmt.restyle("58.33％", 0.529411, 100) == "52.94％"
    assert fmt.restyle("0.04 : 1", -0.04, 1) == "-0.04 : 1"
    assert fmt.restyle("$1,235", 1289.4, 1) == "$1,289"
    assert fmt.print_factor("0.0%", 0.0) == 100.0
    assert fmt.transposition_fixes("-8.58%") == ["-8.85%"]
    assert fmt.flip_sign("6.7%") == "-6.7%" and fmt.flip_sign("-6.7%") == "6.7%"


def test_changes_written_in_words() -> None:
    t = table(
        ["项目", "2019年", "2020年", "变化情况"],
        [
            ["就业率", "95.1%", "96.3%", "提高1.2个百分点"],
            ["巩固率", "95.1%", "96.3%", "下降1.2个百分点"],
            ["教师数", "100", "90", "减少11%"],
        ],
    )
    got = {c.stated.text: c for c in check(t, "VL101")}  # type: ignore[union-attr]
    assert got["提高1.2个百分点"].passed
    wrong = got["下降1.2个百分点"]
    assert not wrong.passed and wrong.expected.text == "提高1.2个百分点"  # type: ignore[union-attr]
    assert "变化方向写反了" in wrong.message["zh"]
    assert not got["减少11%"].passed and got["减少11%"].expected.text == "减少10%"  # type: ignore[union-attr]
