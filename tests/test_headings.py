"""Section-number grammar: real headings match with the right level, look-alikes do not."""

from __future__ import annotations

from pathlib import Path

import pytest

from vetlint.readers.headings import match_heading
from vetlint.readers.text import read

REPORTS = Path(__file__).resolve().parents[1] / "fixtures" / "reports"


@pytest.mark.parametrize(
    ("line", "number", "title", "level", "key"),
    [
        ("1.3教师队伍", "1.3", "教师队伍", 2, "1.3教师队伍"),
        (" 1.1规模和结构", "1.1", "规模和结构", 2, "1.1规模和结构"),
        ("3.2 质量保证", "3.2", "质量保证", 2, "3.2质量保证"),
        ("1. 基本情况", "1", "基本情况", 1, "1.基本情况"),
        ("3.4.1 职业教育", "3.4.1", "职业教育", 3, "3.4.1职业教育"),
        ("一、基本情况", "一", "基本情况", 1, "一、基本情况"),
        ("　　四、强化改革保障措施", "四", "强化改革保障措施", 1, "四、强化改革保障措施"),
        ("（一）促进职普教育协调发展", "一", "促进职普教育协调发展", 2, "（一）促进职普教育协调发展"),
        ("第五部分  社会贡献", "第五部分", "社会贡献", 1, "第五部分 社会贡献"),
        ("第4部分 校企合作", "第4部分", "校企合作", 1, "第4部分 校企合作"),
        ("案例一：", "案例一", "", 2, "案例一"),
        ("案例 1 获嘉县职业中等专业学校毕业生就业质量逐年提升", "案例1",
         "获嘉县职业中等专业学校毕业生就业质量逐年提升", 2,
         "案例1 获嘉县职业中等专业学校毕业生就业质量逐年提升"),
        ("1、规模和结构", "1", "规模和结构", 2, "1、规模和结构"),
        ("2. 人才培养质量", "2", "人才培养质量", 1, "2.人才培养质量"),
        ("一、人才培养中心：满足农村就业", "一", "人才培养中心：满足农村就业", 1,
         "一、人才培养中心：满足农村就业"),
        ("（2）实训条件仍需改善", "2", "实训条件仍需改善", 3, "（2）实训条件仍需改善"),
    ],
)  # fmt: skip
def test_headings(line: str, number: str, title: str, level: int, key: str) -> None:
    m = match_heading(line)
    assert m is not None
    assert (m.number, m.title, m.level, m.key) == (number, title, level, key)


@pytest.mark.parametrize(
    "line",
    [
        "1.新密市职教中心",  # list item inside a table
        "2.郑州市国防科技学校",
        "2020年，郑州市中等职业学校教职工9456人",  # prose starting with a number
        "1+X证书制度试点工作稳步推进。目前，我市中职学校已申报",
        "（1）办学规模与省定招生任务矛盾突出。全省中职学校布局调整后",
        "（一）促进职普教育协调发展。把职业教育放在教育改革创新",
        "1、开展校企对接活动。2019年，我们加大沟通协调力度",
        "1.1 规模和结构\t- 1 -",  # table of contents
        "1.1 规模和结构……………… 3",
        "表1-6：2019—2020年 郑州市中等职业学校教师基本情况（单位：人）",  # captions
        "图 1 2023-2024 学年高中阶段教育招生职普对比",
        "4.51万人",  # a quantity, not a section
        "12.5%",
        "\t2019",
        "",
        "一、" + "很长的标题" * 10,
    ],
)
def test_not_headings(line: str) -> None:
    assert match_heading(line) is None


def test_seed_headings_in_order() -> None:
    data = (REPORTS / "xuchang-2019-secondary-vet-quality.txt").read_bytes()
    doc = read(data, "xuchang.txt")
    keys = [h.location.section for h in doc.headings]
    assert keys[:5] == [
        "一、基本情况",
        "1、规模和结构",
        "2、设施设备",
        "3、教师队伍",
        "二、学生发展",
    ]
    assert "案例一 创新办学模式，完善职教体系" in keys
    assert [h.level for h in doc.headings[:3]] == [1, 2, 2]
    xinxiang = read((REPORTS / "xinxiang-2023-vet-quality.txt").read_bytes(), "x.txt")
    numbers = [h.number for h in xinxiang.headings]
    assert numbers[:5] == ["1", "1.1", "1.2", "1.3", "2"]
    assert "3.4.1" in numbers and "案例10" in numbers
    # the table of contents repeats every heading: none of it is read as one
    assert numbers.count("1.1") == 1
    assert xinxiang.headings[0].location.line == 78
