"""The number grammar: every printed form, what is not a quantity, intervals."""

from __future__ import annotations

import math
import re
from pathlib import Path

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from vetlint.numbers import (
    Number,
    chinese_numeral,
    find_garbled,
    find_numbers,
    normalize,
    parse_number,
)

REPORTS = sorted((Path(__file__).resolve().parents[1] / "fixtures" / "reports").glob("*.txt"))


def one(text: str) -> Number:
    found = find_numbers(text)
    assert len(found) == 1, [n.text for n in found]
    return found[0]


def texts(text: str) -> list[str]:
    return [n.text for n in find_numbers(text)]


# --- forms from the real reports --------------------------------------------


@pytest.mark.parametrize(
    ("text", "printed", "value", "kind", "unit"),
    [
        ("专任教师1712人，", "1712人", 1712, "quantity", "person"),
        ("在校生 4.51 万人，", "4.51 万人", 45100, "quantity", "person"),
        ("固定资产值31.06亿元", "31.06亿元", 3.106e9, "quantity", "yuan"),
        ("生均1.51万元", "1.51万元", 15100, "quantity", "yuan"),
        ("占地面积437.58万平方米", "437.58万平方米", 4375800, "quantity", "square_meter"),
        ("纸质图书347.13万册", "347.13万册", 3471300, "quantity", "volume"),
        ("开辟50亩茶园", "50亩", 50, "quantity", "mu"),
        ("招生 18081 人，", "18081 人", 18081, "quantity", "person"),
        ("培训5201人次", "5201人次", 5201, "quantity", "person_time"),
        ("共有11所中职学校", "11所", 11, "quantity", "school"),
        ("10门公共基础课", "10门", 10, "quantity", "course"),
        ("90学时培训", "90学时", 90, "quantity", "class_hour"),
        ("总计11448Mbps，", "11448Mbps", 11448, "quantity", "mbps"),
        ("以 596 分的成绩", "596 分", 596, "quantity", "score"),
        ("标准为2500元/生", "2500元/生", 2500, "quantity", "yuan/person"),
        ("生师比为 17.5。", "17.5", 17.5, "quantity", None),
        ("合计12,325", "12,325", 12325, "quantity", None),
        ("就业率98.26%", "98.26%", 0.9826, "percent", "percent"),
        ("占比58.33％", "58.33％", 0.5833, "percent", "percent"),
        ("合格率 95.7 %，", "95.7 %", 0.957, "percent", "percent"),
        ("降低-5.9%", "-5.9%", -0.059, "percent", "percent"),
        ("提升0.2个百分点；", "0.2个百分点", 0.002, "points", "percentage_point"),
        ("死亡率3‰", "3‰", 0.003, "permille", "permille"),
        ("共１２３人", "１２３人", 123, "quantity", "person"),
    ],
)
def test_forms(text: str, printed: str, value: float, kind: str, unit: str | None) -> None:
    n = one(text)
    assert n.text == printed
    assert text[n.start : n.end] == printed
    assert n.value == pytest.approx(value)
    assert n.kind == kind
    assert n.unit == unit
    assert n.low <= n.value <= n.high


def test_interval_from_printed_precision() -> None:
    n = one("专任教师1712人")
    assert (n.low, n.high) == (1711.5, 1712.5)
    n = one("就业率98.26%")
    assert n.low == pytest.approx(0.98255) and n.high == pytest.approx(0.98265)
    assert n.decimals == 2 and n.scale == pytest.approx(0.01)
    n = one("毕业生5.3万")
    assert (n.low, n.high) == pytest.approx((52500, 53500))
    assert n.unit is None and n.unit_text == "万" and n.scale == 1e4 and n.decimals == 1


@pytest.mark.parametrize(
    ("text", "value", "terms", "low", "high"),
    [
        ("生师比16.22 : 1。", 16.22, (16.22, 1), 16.215, 16.225),
        ("生师比为15：1, 比上年", 15, (15, 1), 14.5, 15.5),
        ("职普比为 1:2.57,", 1 / 2.57, (1, 2.57), 1 / 2.575, 1 / 2.565),
        ("职普比为50.84：49.16，", 50.84 / 49.16, (50.84, 49.16), 50.835 / 49.165, 50.845 / 49.155),
        ("比例为6:31:63；", 6 / 31, (6, 31, 63), 5.5 / 31.5, 6.5 / 30.5),
    ],
)
def test_ratios(text: str, value: float, terms: tuple, low: float, high: float) -> None:
    n = one(text)
    assert n.kind == "ratio"
    assert n.value == pytest.approx(value)
    assert n.terms == pytest.approx(terms)
    assert (n.low, n.high) == pytest.approx((low, high))


@pytest.mark.parametrize(
    ("text", "qualifier", "value", "low", "high"),
    [
        ("共计3000余人参加", "over", 3000, 3000, 4000),
        ("400余名教师", "over", 400, 400, 500),
        ("招聘50余人。", "over", 50, 50, 60),
        ("7000多人，", "over", 7000, 7000, 8000),
        ("1350多名学生", "over", 1350, 1350, 1360),
        ("37万余人次", "over", 370000, 370000, 380000),
        ("投入 250 余万元升级", "over", 2.5e6, 2.5e6, 2.6e6),
        ("上升近2000人。", "nearly", 2000, 1900, 2000),
        ("约3000人", "approx", 3000, 2850, 3150),
        ("2500元左右，", "approx", 2500, 2375, 2625),
        ("满意度98% 以上", "at_least", 0.98, 0.98, math.inf),
        ("达到85%以上。", "at_least", 0.85, 0.85, math.inf),
        ("超过5000人", "more_than", 5000, 5000, math.inf),
        ("兼职教师不足10%，", "less_than", 0.1, -math.inf, 0.1),
        ("总数的30%以内用于", "at_most", 0.3, -math.inf, 0.3),
        # a table of standards: ≥33 | 41.6; a standard in words: 不高于 is at most, not more than
        ("≥33", "at_least", 33, 33, math.inf),
        ("≤ 2500元", "at_most", 2500, -math.inf, 2500),
        ("生均校舍面积不高于40平方米", "at_most", 40, -math.inf, 40),
        ("＞95%", "more_than", 0.95, 0.95, math.inf),
    ],
)
def test_qualifiers(text: str, qualifier: str, value: float, low: float, high: float) -> None:
    n = one(text)
    assert n.qualifier == qualifier
    assert not n.exact
    assert n.value == pytest.approx(value)
    assert (n.low, n.high) == pytest.approx((low, high))


@pytest.mark.parametrize(
    ("text", "low_end", "high_end", "unit"),
    [
        ("建立15-20个行业", 15, 20, "item"),
        ("办好1-2所骨干", 1, 2, "school"),
        ("支教时间5-18个月不等", 5, 18, "month"),
        ("占比5%-10%之间", 0.05, 0.10, "percent"),
    ],
)
def test_ranges(text: str, low_end: float, high_end: float, unit: str) -> None:
    n = one(text)
    assert n.is_range and n.qualifier == "range"
    assert n.kind in ("quantity", "percent")
    assert n.unit == unit
    assert n.value == pytest.approx((low_end + high_end) / 2)
    assert n.low <= low_end and n.high >= high_end
    assert n.terms is None  # terms are for ratios only


def test_chinese_numeral_counts() -> None:
    assert [(n.text, n.value, n.unit) for n in find_numbers("郑州工程技术学院两所高校")] == [
        ("两所", 2, "school")
    ]
    n = one("技术改造革新十余次，")
    assert (n.value, n.qualifier, n.low, n.high) == (10, "over", 10, 20)
    assert one("申报知识产权近十项,").qualifier == "nearly"
    # ordinals, articles, names and malformed numerals are not counts
    for text in (
        "第二批",
        "建设一批",
        "“五个一批”",
        "十三五期间",
        "面向三次产业就业",
        "七届八次、九次全会",
    ):
        assert find_numbers(text) == [], text
    assert chinese_numeral("一百零五") == 105
    assert chinese_numeral("二十") == 20
    assert chinese_numeral("十三五") is None


# --- what is not a quantity ---------------------------------------------------


@pytest.mark.parametrize(
    "text",
    [
        "2020年，",
        "2022-2023 学年",
        "2018—2020年",
        "2020年9月中旬",
        "5月9日",
        "2024 年 1 月",
        "2012 年秋季",
        "2022 届毕业生",
        "2019级学生",
        "第十四届",
        "第二批",
        "第4部分",
        "位列全省第6，",
        "一等奖",
        "表1-6：",
        "表 1",
        "图 3",
        "案例 10",
        "教职成函〔2020〕670号",
        "衢财教〔2016〕26号",
        "1.3教师队伍",
        "3.4.1 实训基地",
        "[bookmark: _Toc11175]1.基本情况",
        "\t1.新密市职教中心",
        "（1）加强",
        "1+X证书",
        "3+2分段",
        "5+X",
        "6+1",
        "O2O模式",
        "020",
        "教育信息化2.0",
        "CCTV-7",
        "i5处理器",
        "3D打印",
        "中国2025",
        "2025智能制造",
        "电话 0371-67891234",
        "《798半日游》",
        "1.基本情况\t- 1 -",
    ],
)
def test_not_quantities(text: str) -> None:
    assert find_numbers(text) == [], [n.text for n in find_numbers(text)]


def test_quantities_next_to_excluded_shapes_survive() -> None:
    text = "2020年全市中职在校生27782人，较2019年提高0.92%。表1-5：2019-2020年"
    assert texts(text) == ["27782人", "0.92%"]
    assert texts("参与74个“1+X”证书") == ["74个"]
    assert texts("2020年全市有15个项目入围") == ["15个"]
    assert texts("选派代表3人") == ["3人"]


_YEAR = re.compile(r"^(19|20)\d\d$")


@pytest.mark.parametrize("path", REPORTS, ids=lambda p: p.stem)
def test_no_excluded_shapes_in_real_reports(path: Path) -> None:
    """Scan every seed: no year, date, ordinal, reference, code among the results."""
    text = path.read_text(encoding="utf-8")
    numbers = find_numbers(text)
    assert numbers, "a real report has quantities"
    t = normalize(text)
    for n in numbers:
        assert text[n.start : n.end] == n.text
        before = t[: n.start].rstrip(" ")[-2:]
        after = t[n.end :].lstrip(" ")[:1]
        where = f"{n.text!r} in …{text[max(0, n.start - 12) : n.end + 6]!r}"
        plain = n.text.strip().lstrip("-")
        assert not (_YEAR.match(plain) and n.unit in (None, "year")), where
        assert not (n.unit == "year" and 1900 <= n.value <= 2100), where
        assert not before.endswith(("第", "表", "图", "案例", "〕", "+")) or before in (
            "代表",
            "发表",
        ), where
        assert after not in ("月", "日", "号", "届", "级", "+") or n.kind != "quantity" or n.unit, (
            where
        )
        assert not (before[-1:].isascii() and before[-1:].isalpha()), where
        assert not (after.isascii() and after.isalpha()), where
        assert "〔" not in n.text and "+" not in n.text, where


def test_real_sentences() -> None:
    line = "2020年全市中职学校在校生数27782人，专任教师1712人，生师比16.22 : 1。"
    assert texts(line) == ["27782人", "1712人", "16.22 : 1"]
    line = "现有固定总资产14.75亿元，其中教学仪器设备总值2.76亿元。"
    assert [n.value for n in find_numbers(line)] == pytest.approx([1.475e9, 2.76e8])


# --- garbled figures ------------------------------------------------------------


def test_garbled_spans() -> None:
    text = "生均图书69 25.88册，本科以上学历教师有1682 41人，占地面积 291.万平方米"
    spans = find_garbled(text)
    assert [(s[2], s[3]) for s in spans] == [("69 25.88", True), ("1682 41", True), ("291.", False)]
    for start, end, printed, _ in spans:
        assert text[start:end] == printed
    # still numbers, as printed
    assert "25.88册" in texts(text)
    assert find_garbled("2024 年 1 月，表 1 2") == []
    assert find_garbled("\t2255.55\t3058.51") == []


# --- parse_number: cells ------------------------------------------------------


@pytest.mark.parametrize(
    ("cell", "value", "kind"),
    [
        ("12,325", 12325, "quantity"),
        (" 2255.55 ", 2255.55, "quantity"),
        ("-5.0%", -0.05, "percent"),
        ("19.94:1", 19.94, "ratio"),
        ("16.26 : 1", 16.26, "ratio"),
        ("(194)", -194, "quantity"),
        ("（1,234）", -1234, "quantity"),
        ("2019", 2019, "quantity"),
        ("0", 0, "quantity"),
        ("4.51万人", 45100, "quantity"),
    ],
)
def test_parse_number(cell: str, value: float, kind: str) -> None:
    n = parse_number(cell)
    assert n is not None
    assert n.value == pytest.approx(value)
    assert n.kind == kind
    assert cell[n.start : n.end] == n.text


@pytest.mark.parametrize("cell", ["升高", "", "—", "-", "2019年", "专任教师1712人", "1+X", "第6"])
def test_parse_number_rejects(cell: str) -> None:
    assert parse_number(cell) is None


# --- properties ---------------------------------------------------------------


@given(st.integers(min_value=-(10**9), max_value=10**9))
def test_roundtrip_plain(x: int) -> None:
    n = parse_number(str(x))
    assert n is not None and n.value == x and n.low <= x <= n.high


@given(st.integers(min_value=1000, max_value=10**12))
def test_roundtrip_thousands(x: int) -> None:
    n = parse_number(f"{x:,}")
    assert n is not None and n.value == x


@given(st.decimals(min_value=-1000, max_value=1000, places=2, allow_nan=False))
def test_roundtrip_percent(x: object) -> None:
    n = parse_number(f"{x}%")
    assert n is not None and n.kind == "percent"
    assert n.value == pytest.approx(float(x) / 100)  # type: ignore[arg-type]
    assert n.low <= n.value <= n.high


@given(st.decimals(min_value=0, max_value=10000, places=2, allow_nan=False))
def test_roundtrip_wan(x: object) -> None:
    n = parse_number(f"{x}万人")
    assert n is not None and n.unit == "person"
    assert n.value == pytest.approx(float(x) * 1e4)  # type: ignore[arg-type]
    assert n.low <= n.value <= n.high


_ALPHABET = st.sampled_from(
    [
        *"0123456789０１２３.,，:：%％‰-—~+()（）〔〕[]万亿千余多约近年月日第表个人所元 \t\nabcX",
        *("个百分点", "以上", "左右", "不足", "十", "两", "三"),
    ]
)


@settings(max_examples=300)
@given(st.lists(_ALPHABET, max_size=40).map("".join))
def test_find_numbers_never_raises(text: str) -> None:
    for n in find_numbers(text):
        assert 0 <= n.start < n.end <= len(text)
        assert text[n.start : n.end] == n.text
        assert n.low <= n.high
    parse_number(text)
    find_garbled(text)


@settings(max_examples=200)
@given(st.text(max_size=60))
def test_find_numbers_never_raises_on_any_text(text: str) -> None:
    find_numbers(text)
    parse_number(text)


# --- units printed in headers -------------------------------------------------------


def test_parse_unit_text_and_with_unit() -> None:
    from vetlint.numbers import parse_unit_text, with_unit

    assert parse_unit_text("万元") == (1e4, "yuan")
    assert parse_unit_text("单位：人") == (1.0, "person")
    assert parse_unit_text("%") == (0.01, "percent")
    assert parse_unit_text("万") == (1e4, None)
    assert parse_unit_text("学校") is None
    cell = parse_number("2255.55")
    assert cell is not None
    money = with_unit(cell, "万元")
    assert (money.value, money.unit, money.scale) == pytest.approx((22555500, "yuan", 1e4))
    assert (money.low, money.high) == pytest.approx((22555450, 22555550))
    growth = with_unit(parse_number("-5.7"), "%")  # type: ignore[arg-type]
    assert growth.kind == "percent" and growth.value == pytest.approx(-0.057)
    already = parse_number("3所")
    assert already is not None and with_unit(already, "万元") is already


def test_importing_numbers_does_not_import_pint() -> None:
    import subprocess
    import sys

    code = "import sys, vetlint.numbers; print('pint' in sys.modules)"
    out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True)
    assert out.stdout.strip() == "False"
