"""The standards pack: thresholds of published standards and targets, in prose and tables."""

from __future__ import annotations

from functools import cache
from pathlib import Path

import pytest

from vetlint.api import read
from vetlint.checks import Check
from vetlint.engine.packs import default_rules_dir, load_pack
from vetlint.engine.runner import run
from vetlint.extract.analysis import analyse
from vetlint.extract.lexicon import load_lexicon
from vetlint.readers import read_bytes
from vetlint.settings import Settings

ROOT = Path(__file__).resolve().parents[1]
REPORTS = ROOT / "fixtures" / "reports"
ZHENGZHOU = REPORTS / "zhengzhou-2020-secondary-vet-quality.txt"
XINXIANG = REPORTS / "xinxiang-2023-vet-quality.txt"
PACK = load_pack(default_rules_dir() / "standards-cn.yaml")


def checks(text: str, select: str = "standards-cn", **settings: object) -> list[Check]:
    doc = read_bytes(text.encode("utf-8"), "report.md")
    return run(doc, Settings(select=[select], **settings))  # type: ignore[arg-type]


@cache
def seed(path: Path) -> tuple[Check, ...]:
    return tuple(run(read(path), Settings(select=["standards-cn"])))


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


# --- what the rules read: the analysis's figures, named by lexicon id ----------------------

COUNTY = "柘水县2021年职业教育质量年度报告\n\n"
CITY = "郑州市2020年中等职业教育质量年度报告\n\n"
STANDARDS_TABLE = (  # a county report's table of one school against the printed standards
    "1.3 办学条件\n\n"
    "对照《中等职业学校设置标准》，县职业教育中心各项办学条件指标均达到国家规定标准（表 2）。\n\n"
    "表 2 县职业教育中心办学条件与国家标准对照\n\n"
    "序号\t指标\t国家标准\t县职业教育中心\t是否达标\n"
    "1\t生均校园占地面积（m²）\t≥33\t41.6\t达标\n"
    "2\t生均校舍建筑面积（m²）\t≥20\t{building}\t达标\n"
    "3\t生均教学仪器设备值（元/生）\t≥2500\t3138\t达标\n"
    "4\t生师比\t≤20:1\t18.1:1\t达标\n"
    "5\t“双师型”教师占专业课教师比例（%）\t≥30\t57.1\t达标\n"
)


def text_checks(text: str, select: str = "standards-cn") -> list[Check]:
    doc = read_bytes(text.encode("utf-8"), "report.txt")
    return run(doc, Settings(select=[select]))


def test_every_rule_names_indicators_the_lexicon_knows() -> None:
    lex = load_lexicon()
    assert any(s.endswith("standards-cn.lexicon.yaml") for s in lex.sources)
    for rule in PACK.rules:
        if rule.kind != "prose-threshold":
            continue
        p = rule.params
        ids = list(p.get("indicators") or [])
        if p.get("part"):
            share = lex.share_of(p["part"], p["base"])
            assert share is not None, rule.code
            ids.append(share)
        assert ids and all(lex.indicator(i) is not None for i in ids), rule.code


def test_a_share_is_read_from_its_part_and_base() -> None:
    # 占专业课教师比例达到47.2%: the base is 专业课教师, whatever words follow it
    (c,) = checks(CITY + "全市专业课教师3700人，省级双师型教师1748名，占专业课教师比例达到47.2%。", "VL433")
    assert not c.passed and c.stated is not None and c.stated.indicator == "double_qualified_share"
    (c,) = checks(CITY + "全市专业课教师3700人，“双师型”教师2196人，占专业课教师比例达到59.4%。", "VL433")
    assert c.passed
    # 专业课教师 of 专任教师 is a share of the standards lexicon
    (c,) = checks(CITY + "全市专任教师1941人，专业课教师922人，占专任教师总数的47.5%。", "VL432")
    assert not c.passed and c.stated is not None and c.stated.indicator == "specialty_teacher_share"
    assert checks(CITY + "全市专任教师1941人，其中女教师922人，占专任教师总数的47.5%。", "VL432") == []


@pytest.mark.parametrize(("value", "passed"), [("47.1", False), ("57.1", True)])
def test_a_share_row_of_a_table_in_percent(value: str, passed: bool) -> None:
    text = CITY + ("| 指标 | 单位 | 2020年 |\n| --- | --- | --- |\n"
                   f"| “双师型”教师占专业课教师比例 | % | {value} |\n")
    (c,) = checks(text, "VL433")
    assert c.passed is passed and c.stated is not None and c.location.table


@pytest.mark.parametrize(("value", "passed"), [("18.7", False), ("20.7", True)])
def test_a_per_capita_row_whose_label_prints_the_unit(value: str, passed: bool) -> None:
    text = COUNTY + "表 1 全县中职学校办学条件\n\n指标\t2021年\n生均校舍建筑面积（m²）\t" + value + "\n"
    (c,) = text_checks(text, "VL435")
    assert c.passed is passed and c.stated is not None and c.stated.text == value
    assert c.stated.unit == "square_meter" and f"{value}m²" in c.message["zh"]


def test_only_the_reports_own_figures_are_judged() -> None:
    province = "沧澜省2022年中等职业教育质量年度报告\n\n"
    (c,) = checks(province + "全省中职学校生师比为21.1:1。", "VL431")
    assert not c.passed
    # another region, a school of the county, a part of the whole: not the report's figure
    assert checks(province + "澜州市中职学校生师比为21.3:1。", "VL431") == []
    assert checks(COUNTY + "柘水县启航职业技术学校生师比为21.3:1。", "VL431") == []
    assert checks(province + "全省民办学校生师比为22.4:1。", "VL431") == []
    # another sector than the report's
    assert checks(province + "全省普通高中生师比为21.4:1。", "VL431") == []


def test_a_ratio_printed_one_to_n_or_approximately_is_not_judged() -> None:
    assert checks(CITY + "全市中职学校生师比为1:22。", "VL431") == []
    assert checks(CITY + "全市中职学校生师比约21:1。", "VL431") == []
    (c,) = checks(CITY + "全市中职学校生师比为22:1。", "VL431")
    assert not c.passed


def test_one_check_per_quantity_at_its_latest_year() -> None:
    table = "| 指标 | 2019年 | 2020年 |\n| --- | --- | --- |\n| 生师比 | {old} | {new} |\n\n"
    # the table's 2020 figure and the sentence's are one quantity: one check, the first place
    text = CITY + table.format(old="21.5:1", new="19.0:1") + "2020年全市中职学校生师比为19.0:1。\n"
    (c,) = checks(text, "VL431")
    assert c.passed and c.location.table and c.stated is not None and c.stated.text == "19.0:1"
    # last year's 21.5:1 is not judged; this year's 21.0:1 is
    (c,) = checks(CITY + table.format(old="19.5:1", new="21.0:1"), "VL431")
    assert not c.passed and c.stated is not None and c.stated.text == "21.0:1"
    # where the two places disagree, the one that misses the standard is the finding
    text = CITY + table.format(old="19.5:1", new="19.0:1") + "2020年全市中职学校生师比为21.0:1。\n"
    (c,) = checks(text, "VL431")
    assert not c.passed and c.stated is not None and c.stated.text == "21.0:1"


def test_a_user_lexicon_names_what_the_rules_read(tmp_path: Path) -> None:
    text = CITY + "全市中职学校生均馆藏纸质图书16.5册。"
    assert checks(text, "VL437") == []
    (tmp_path / "mine.lexicon.yaml").write_text(
        "lexicon:\n  indicators:\n    - id: books_per_student\n      names: [生均馆藏纸质图书]\n", "utf-8")
    (c,) = checks(text, "VL437", rule_dirs=[str(tmp_path)])
    assert not c.passed and c.stated is not None and c.stated.text == "16.5册"


def test_claim_against_a_table_that_prints_the_standards() -> None:
    (c,) = text_checks(COUNTY + STANDARDS_TABLE.format(building="18.7"), "VL441")
    assert not c.passed and c.severity == "warning" and c.extra["missed"] == ["表2"]
    assert [f.text for f in c.inputs] == ["18.7", "≥20"]
    assert c.inputs[0].location.line == 11 and c.location.line == 5
    assert "18.7" in c.message["zh"] and "≥20" in c.message["zh"]
    (c,) = text_checks(COUNTY + STANDARDS_TABLE.format(building="20.7"), "VL441")
    assert c.passed and c.extra["judged"] == 5


def test_a_standards_table_is_read_line_by_line() -> None:
    doc = read_bytes((COUNTY + STANDARDS_TABLE.format(building="18.7")).encode("utf-8"), "report.txt")
    (view,) = analyse(doc, load_lexicon()).tables
    assert view.layout == "indicators"
    roles = {(f.text, f.role, f.indicator, f.dim) for f in view.cells.values()}
    assert ("≥20", "standard", "building_per_student", "square_meter") in roles
    assert ("18.7", "per_capita", "building_per_student", "square_meter") in roles
    assert ("3138", "per_capita", "equipment_per_student", "yuan") in roles
    assert ("57.1", "share", "double_qualified_share", "percent") in roles
    assert ("≤20:1", "standard", "student_teacher_ratio", "ratio") in roles


def test_a_standard_without_a_sign_takes_the_rules_direction() -> None:
    table = ("## 办学条件\n\n全市中职学校办学条件全部达标。\n\n"
             "| 指标 | 标准 | 2020年 |\n| --- | --- | --- |\n| 生师比 | 20:1 | {value} |\n")
    (c,) = checks(CITY + table.format(value="21.3:1"), "VL441")
    assert not c.passed and [f.text for f in c.inputs] == ["21.3:1", "20:1"]
    (c,) = checks(CITY + table.format(value="18.3:1"), "VL441")
    assert c.passed


def test_a_claims_own_words_deny_it() -> None:
    table = STANDARDS_TABLE.format(building="18.7").replace("各项办学条件指标均达到", "各项办学条件指标尚未全部达到")
    assert text_checks(COUNTY + table, "VL441") == []


def test_a_label_is_the_longest_indicator_name_it_ends_in() -> None:
    lex = load_lexicon()
    # 生均纸质图书 (6 characters), not 纸质图书总量 without its 总量 (4)
    match = lex.match_indicator("中职学校生均纸质图书")
    assert match is not None and match.indicator.id == "books_per_student" and match.head == "中职学校"
    match = lex.match_indicator("中职学校纸质图书")
    assert match is not None and match.indicator.id == "books"


def test_a_city_whose_name_ends_in_zhou_is_the_whole_city() -> None:
    doc = read_bytes((CITY + "全市中职学校生师比为21.7:1。").encode("utf-8"), "report.md")
    a = analyse(doc, load_lexicon())
    assert a.report.region == "郑州市" and a.report.level == "市"
    assert [f.scope.is_whole for f in a.figures] == [True]
