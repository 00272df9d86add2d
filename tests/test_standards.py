"""The standards pack: thresholds of published standards and targets, in prose and tables."""

from __future__ import annotations

from functools import cache
from pathlib import Path

import pytest

from vetlint.api import read
from vetlint.checks import Check
from vetlint.engine.packs import default_rules_dir, load_pack
from vetlint.engine.runner import run
from vetlint.readers import read_bytes
from vetlint.settings import Settings

ROOT = Path(__file__).resolve().parents[1]
REPORTS = ROOT / "fixtures" / "reports"
ZHENGZHOU = REPORTS / "zhengzhou-2020-secondary-vet-quality.txt"
XINXIANG = REPORTS / "xinxiang-2023-vet-quality.txt"
PACK = load_pack(default_rules_dir() / "standards-cn.yaml")


def checks(text: str, select: str = "standards-cn", **settings: object) -> list[Check]:
    doc = read_bytes(text.encode("utf-8"), "report.md")
    return run(doc, [], Settings(select=[select], **settings))  # type: ignore[arg-type]


@cache
def seed(path: Path) -> tuple[Check, ...]:
    return tuple(run(read(path), [], Settings(select=["standards-cn"])))


def one(cs: tuple[Check, ...] | list[Check], rule: str, stated: str) -> Check:
    hits = [c for c in cs if c.rule == rule and c.stated is not None and c.stated.text == stated]
    assert len(hits) == 1, [(c.rule, c.stated.text if c.stated else None) for c in cs]
    return hits[0]


def test_thresholds_are_info_and_the_claim_is_a_warning() -> None:
    severities = {r.code: r.severity for r in PACK.rules}
    assert severities.pop("VL441") == "warning"
    assert set(severities.values()) == {"info"}
    assert {"VL431", "VL432", "VL433", "VL434", "VL435", "VL436", "VL437"} <= set(severities)


def test_every_rule_cites_its_document() -> None:
    for rule in PACK.rules:
        if rule.kind == "prose-threshold":
            assert "：" in rule.params["standard"] and any(
                doc in rule.params["standard"]
                for doc in ("中等职业学校设置标准", "国家职业教育改革实施方案", "郑州市职业教育改革实施方案")
            ), rule.code


def test_seed_000_table_1_5_against_the_school_standard() -> None:
    cs = seed(ZHENGZHOU)
    land = one(cs, "VL434", "21.32")
    assert not land.passed and land.location.table == "表1-5"
    assert land.severity == "info" and "33" in land.message["zh"]
    assert not one(cs, "VL435", "12.77").passed
    books = one(cs, "VL437", "16.92")
    assert not books.passed and "30" in books.message["en"]
    equipment = one(cs, "VL436", "0.393")  # 0.393万元 = 3930元 ≥ 2500元
    assert equipment.passed and equipment.extra["value"][0] == pytest.approx(3925)
    assert "0.393万元" in equipment.message["zh"]


def test_seed_003_prose_per_capita_figures_meet_the_standard() -> None:
    cs = seed(XINXIANG)
    for rule, stated in (("VL434", "58.28 平方米"), ("VL436", "5546 元"), ("VL437", "37 册")):
        assert one(cs, rule, stated).passed


def test_severity_override_turns_the_pack_into_warnings() -> None:
    text = "全市中职学校生均纸质图书16.92册。"
    (c,) = checks(text, "VL437")
    assert not c.passed and c.severity == "info"
    (c,) = checks(text, "VL437", severity={"standards-cn": "warning"})
    assert not c.passed and c.severity == "warning"


@pytest.mark.parametrize(
    ("text", "passed"),
    [
        ("全市中职学校生均仪器设备值为0.21万元。", False),  # 2100元
        ("全市中职学校生均仪器设备值为0.26万元。", True),
        ("全市教学仪器设备值8.06亿元，生均 2400 元。", False),  # a bare 生均 borrows its clause
    ],
)
def test_units_are_compared_in_base_units(text: str, passed: bool) -> None:
    (c,) = checks(text, "VL436")
    assert c.passed is passed


def test_a_per_capita_figure_in_another_unit_is_not_judged() -> None:
    assert checks("全市生均仪器设备值为2173平方米。", "VL436") == []
    assert checks("全市仪器设备值2173元。", "VL436") == []  # not per student


def test_zhengzhou_targets_judge_only_zhengzhou_reports() -> None:
    body = "\n\n全市专业课教师922人，“双师型”教师698人，占专业课教师的75.7%。\n"
    (c,) = checks("2021年郑州市中等职业教育质量年度报告" + body, "VL438")
    assert not c.passed and "85%" in c.message["zh"]
    assert checks("2021年新乡市中等职业教育质量年度报告" + body, "VL438") == []
    (c,) = checks("2021年新乡市中等职业教育质量年度报告" + body, "VL433")  # national: everyone
    assert c.passed


def test_funding_target_is_for_higher_vocational_colleges_only() -> None:
    title = "郑州市2021年职业教育质量年度报告\n\n"
    assert checks(title + "全市中职学校生均财政拨款水平为9000元。", "VL440") == []
    (c,) = checks(title + "全市高职院校生均财政拨款水平为9000元。", "VL440")
    assert not c.passed


def test_claim_that_all_meet_the_standard_next_to_a_miss() -> None:
    text = ("## 办学条件\n\n全市中职学校各项指标均达到国家标准。\n\n"
            "| 项目 | 单位 | 2019年 | 2020年 |\n| --- | --- | --- | --- |\n"
            "| 生均占地面积 | 平方米 | 20.88 | 21.32 |\n| 生均纸质图书 | 册 | 31.2 | 32.5 |\n")
    (c,) = checks(text, "VL441")
    assert not c.passed and c.severity == "warning"
    assert c.stated is not None and c.stated.text.endswith("标准")
    assert [f.text for f in c.inputs] == ["21.32"] and c.extra["missed"] == ["VL434"]
    assert c.location.line == 3


def test_claim_in_another_section_or_negated_is_not_judged() -> None:
    text = ("## 概况\n\n全市中职学校办学条件全部达标。\n\n## 资源\n\n生均纸质图书16.92册。\n")
    assert checks(text, "VL441") == []
    assert checks("## 条件\n\n部分学校办学条件尚未全部达标，生均纸质图书16.92册。\n", "VL441") == []


def test_no_claims_on_the_real_reports() -> None:
    for path in sorted(REPORTS.glob("*.txt")):
        assert not [c for c in seed(path) if c.rule == "VL441" and not c.passed], path.name
