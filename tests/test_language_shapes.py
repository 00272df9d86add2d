"""Sentence and table shapes on real-shaped text, the language as data, rules re-parameterised.

Each shape is tested with a failing and a passing sentence; the user's lexicon (a folder
passed with ``--rules``) and ``[rules.CODE]`` in ``vetlint.toml`` change the findings.
"""

from __future__ import annotations

from pathlib import Path

import pytest

from vetlint.config import build_settings, load_config
from vetlint.engine.runner import run
from vetlint.errors import UsageError
from vetlint.extract.analysis import analyse
from vetlint.readers import read_bytes
from vetlint.settings import Settings


def _checks(text: str, code: str, settings: Settings | None = None, name: str = "r.txt") -> list:
    doc = read_bytes(text.encode("utf-8"), name)
    return [c for c in run(doc, settings or Settings()) if c.rule == code]


def _one(text: str, code: str, settings: Settings | None = None, name: str = "r.txt"):
    found = _checks(text, code, settings, name)
    assert len(found) == 1, [(c.rule, c.message["zh"]) for c in found]
    return found[0]


# --- a whole and its parts ---------------------------------------------------------------


@pytest.mark.parametrize(
    ("total", "passed"),
    [("1100人", True), ("1200人", False)],
)
def test_parts_first_then_the_total(total: str, passed: bool) -> None:
    c = _one(f"2020年，学校专任教师中硕士120人、本科980人，共计{total}。", "VL401")
    assert c.passed is passed
    if not passed:
        assert c.expected is not None and c.expected.text.startswith("1100")


@pytest.mark.parametrize(("total", "passed"), [("2000人", True), ("2100人", False)])
def test_a_partition_set_off_by_commas_then_its_total(total: str, passed: bool) -> None:
    c = _one(f"2020年，学校在校生中男生1200人，女生800人，合计{total}。", "VL401")
    assert c.passed is passed
    assert "在校生" in c.message["zh"]  # the total is named by the parts' population


def test_figures_set_off_by_commas_that_are_no_partition_are_not_summed() -> None:
    assert _checks("2020年，学校招生1200人，毕业800人，合计2100人次参加培训。", "VL401") == []


@pytest.mark.parametrize(("total", "passed"), [("61项", True), ("64项", False)])
def test_awards_then_the_total_won(total: str, passed: bool) -> None:
    c = _one(f"2022年，我省代表队获一等奖9项、二等奖22项、三等奖30项，共获奖{total}。", "VL401")
    assert c.passed is passed


SCALE = "评价“非常满意”的占48.9%，“满意”的占37.1%，“基本满意”的占11.3%，“不满意”的占{last}"


@pytest.mark.parametrize(("last", "passed"), [("2.7%", True), ("3.7%", False)])
def test_shares_of_a_scale_total_100(last: str, passed: bool) -> None:
    c = _one(SCALE.format(last=last) + "。", "VL412")
    assert c.passed is passed and "非常满意" in c.message["zh"]


@pytest.mark.parametrize(("rate", "passed"), [("97.3%", True), ("98.3%", False)])
def test_a_satisfaction_rate_is_the_sum_of_the_levels_it_counts(rate: str, passed: bool) -> None:
    c = _one(SCALE.format(last="2.7%") + f"，用人单位满意度（含基本满意）为{rate}。", "VL401")
    assert c.passed is passed


def test_a_satisfaction_rate_that_leaves_basic_open_is_not_judged() -> None:
    assert _checks(SCALE.format(last="2.7%") + "，用人单位满意度为86.0%。", "VL401") == []


# --- changes -----------------------------------------------------------------------------


@pytest.mark.parametrize(("rate", "passed"), [("7.1%", True), ("9.1%", False)])
def test_growth_from_last_years_figure_printed_after_the_comparison(rate: str, passed: bool) -> None:
    c = _one(f"2020年全校在校生3000人，较上年的2800人增长{rate}。", "VL410")
    assert c.passed is passed
    if not passed:
        assert c.expected is not None and c.expected.text == "7.1%"


@pytest.mark.parametrize(
    ("delta", "rate", "passed"),
    [("5481人", "4.0%", True), ("5481人", "5.0%", False), ("6481人", "4.0%", False)],
)
def test_change_and_growth_checked_both_ways(delta: str, rate: str, passed: bool) -> None:
    """A slip in the change or in the rate breaks the same relation (last year = now − change)."""
    c = _one(f"2020年全市中职在校生142507人，比上年增加{delta}，增长{rate}。", "VL410")
    assert c.passed is passed
    assert delta in c.message["zh"] and "142507人" in c.message["zh"]


@pytest.mark.parametrize(("rate", "passed"), [("4.0%", True), ("5.0%", False)])
def test_growth_then_the_change_it_goes_with(rate: str, passed: bool) -> None:
    c = _one(f"2020年全校在校生3000人，比上年增长{rate}，比上年增加115人。", "VL410")
    assert c.passed is passed


@pytest.mark.parametrize(("times", "passed"), [("120.6%", True), ("130.6%", False)])
def test_a_multiple_of_last_year(times: str, passed: bool) -> None:
    c = _one(f"2020年，学校横向技术服务到款额618.3万元，为上年（512.7万元）的{times}。", "VL410")
    assert c.passed is passed
    if not passed:
        assert c.expected is not None and c.expected.text == "120.6%"


# --- per-head figures and products -------------------------------------------------------------


@pytest.mark.parametrize(("each", "passed"), [("3202元", True), ("3520元", False)])
def test_a_per_student_figure_on_a_stated_basis(each: str, passed: bool) -> None:
    text = ("2021年，全县中职在校生3415人。全年公用经费支出1093.6万元，按中职在校生计算，"
            f"生均公用经费{each}。")
    c = _one(text, "VL425")
    assert c.passed is passed and [f.text for f in c.inputs] == ["1093.6万元", "3415人"]


@pytest.mark.parametrize(("amount", "passed", "expected"), [("86.4 万元", True, None), ("86.4 亿元", False, "86.4 万元")])
def test_an_amount_for_a_count_at_a_rate_per_head(amount: str, passed: bool, expected: str | None) -> None:
    c = _one(f"培训项目共 4320 人次，按人均 200 元收取培训费，培训收入 {amount}。", "VL411")
    assert c.passed is passed
    if expected:  # the digits are right: the expected value is said in the unit that was meant
        assert c.expected is not None and c.expected.text == expected
        assert c.suggestion == f"{amount} → {expected}"


# --- ratios ------------------------------------------------------------------------------


@pytest.mark.parametrize(("ratio", "passed"), [("1:25", True), ("1:20", False)])
def test_a_teacher_first_ratio_reads_students_per_teacher(ratio: str, passed: bool) -> None:
    c = _one(f"2020年，学校有在校生5000人，专任教师200人，师生比为{ratio}。", "VL403")
    assert c.passed is passed
    if not passed:
        assert c.expected is not None and c.expected.text == "1:25"  # said the report's way


# --- script and non-quantities ---------------------------------------------------------------

SIMPLIFIED = "2020年全省职业教育在校生3122.92万人，其中中职在校生1763.37万人，高职在校生1459.55万人。"
TRADITIONAL = "2020年全省職業教育在校生3122.92萬人，其中中職在校生1763.37萬人，高職在校生1459.55萬人。"


@pytest.mark.parametrize("text", [SIMPLIFIED, TRADITIONAL])
def test_traditional_script_is_judged_like_simplified(text: str) -> None:
    (c,) = _checks(text, "VL401")
    assert not c.passed and c.expected is not None and c.expected.text.startswith("3222.92")
    (ok,) = _checks(text.replace("1763.37", "1663.37"), "VL401")
    assert ok.passed


def test_sectors_of_a_several_sector_report_stay_apart() -> None:
    figures = analyse(read_bytes(SIMPLIFIED.encode(), "r.txt")).figures
    keys = {f.text: f.key() for f in figures}
    assert keys["1763.37万人"] != keys["1459.55万人"]


def test_footnote_markers_and_timestamps_are_not_quantities() -> None:
    text = "发布时间：2017-12-26 17:35:14\n\n截至2020.9.1，学校共有专任教师120人[3]，见文献[1, 2]。"
    figures = analyse(read_bytes(text.encode(), "r.txt")).figures
    assert [f.text for f in figures] == ["120人"]


# --- a table of small headcounts -----------------------------------------------------------------


@pytest.mark.parametrize(
    ("old", "new", "rate", "passed"),
    [("1980", "2050", "3.5%", True), ("1980", "2050", "4.5%", False),
     ("2980", "3050", "2.3%", True), ("2980", "3050", "3.3%", False)],
)
def test_headcounts_between_1900_and_2100_are_figures_not_years(old: str, new: str, rate: str, passed: bool) -> None:
    table = (
        "表1 学校基本情况\n\n| 指标 | 2019年 | 2020年 | 增长率 |\n| --- | --- | --- | --- |\n"
        f"| 在校生数 | {old} | {new} | {rate} |\n"
    )
    (c,) = _checks(table, "VL101", name="t.md")
    assert c.passed is passed


# --- the language as data: a user's lexicon changes what is read -----------------------------

USER_LEXICON = """\
lexicon:
  classes:
    change.up: [猛增]           # a change verb
    scope.region: [全镇]        # a scope word: the whole area the report covers
  indicators:
    - id: students
      names: [在读生]           # a synonym
"""


@pytest.fixture
def user_rules(tmp_path: Path) -> Settings:
    (tmp_path / "mine.lexicon.yaml").write_text(USER_LEXICON, encoding="utf-8")
    return Settings(rule_dirs=[str(tmp_path)])


def test_a_user_synonym_makes_the_ratio_checkable(user_rules: Settings) -> None:
    text = "2020年，全校在读生5000人，专任教师200人，生师比为20:1。"
    assert _checks(text, "VL403") == []
    c = _one(text, "VL403", user_rules)
    assert not c.passed and c.expected is not None and c.expected.text == "25:1"


def test_a_user_change_verb_makes_the_growth_checkable(user_rules: Settings) -> None:
    text = "2020年全校在校生3000人，比上年（2800人）猛增9.1%。"
    assert _checks(text, "VL410") == []
    c = _one(text, "VL410", user_rules)
    assert not c.passed and c.expected is not None and c.expected.text == "7.1%"


def test_a_user_scope_word_makes_two_figures_one_quantity(user_rules: Settings) -> None:
    text = "2020年，全镇中职在校生5000人，比上年增加200人。\n\n2020年，全镇中职在校生3000人。"
    assert [c for c in _checks(text, "VL419") if not c.passed] == []
    (c,) = [c for c in _checks(text, "VL419", user_rules) if not c.passed]
    assert {c.stated.text, *(f.text for f in c.inputs)} == {"5000人", "3000人"}


# --- vetlint.toml re-parameterises a shipped rule ------------------------------------------------


def _settings(tmp_path: Path, toml: str) -> Settings:
    path = tmp_path / "vetlint.toml"
    path.write_text(toml, encoding="utf-8")
    return build_settings(load_config(path))


def test_rule_params_from_the_configuration(tmp_path: Path) -> None:
    text = "2020年，学校在校生中男生1200人，女生800人，合计2100人。"
    assert not _one(text, "VL401", _settings(tmp_path, "")).passed
    settings = _settings(tmp_path, '[rules.VL401]\nexclude = ["在校生"]\n')
    assert _checks(text, "VL401", settings) == []
    by_name = _settings(tmp_path, '[rules]\npaths = []\n[rules.prose-breakdown]\nexclude = ["在校生"]\n')
    assert _checks(text, "VL401", by_name) == []


@pytest.mark.parametrize(
    ("toml", "message"),
    [
        ('[rules.VL4O1]\nexclude = ["x"]\n', r"\[rules.VL4O1\]: 'VL4O1' is not a known rule; did you mean VL401"),
        ('[rules.VL401]\nexclud = ["x"]\n', r"\[rules.VL401\]: params: unknown key 'exclud'"),
        ('[rules.VL401]\norigin = "both"\n', r"\[rules.VL401\]: params.origin: "),
        ("[rules]\nVL401 = 3\n", r"'rules.VL401' in the file must be a table"),
    ],
)
def test_bad_rule_params_are_one_clear_error(tmp_path: Path, toml: str, message: str) -> None:
    with pytest.raises(UsageError, match=message):
        run(read_bytes("在校生3000人。".encode(), "r.txt"), _settings(tmp_path, toml))


# --- every shipped shape reads its own example ------------------------------------------------


def test_every_shipped_shape_matches_its_example() -> None:
    from vetlint.extract.lexicon import default_lexicon
    from vetlint.extract.shapes import shape_set

    shapes = shape_set(default_lexicon(), ())
    for shape in shapes.shapes:
        assert shape.example, shape.id
        analysis = analyse(read_bytes(shape.example.encode(), "example.txt"))
        matched = {
            m.shape.id
            for s in analysis.sentences
            for m in shapes.match(analysis.paragraphs[s.block].text, s.start, s.end, analysis.sentence_figures(s))
        }
        assert shape.id in matched, (shape.id, shape.example)


# --- a table of categories against the prose ----------------------------------------------------

CATEGORIES = """表3 毕业生去向类别分布（2023届）

| 去向 | | 人数（人） | 占毕业生总数比例（%） |
| --- | --- | --- | --- |
| 直接就业 | 小计 | 525 | 43.25 |
| 直接就业 | 企业就业 | 439 | 36.16 |
| 直接就业 | 灵活就业 | 43 | 3.54 |
| 直接就业 | 自主创业 | 43 | 3.54 |

2023届直接就业的毕业生中，企业就业439人，灵活就业{flexible}人。
"""


@pytest.mark.parametrize(("flexible", "passed"), [("43", True), ("34", False)])
def test_a_category_row_under_a_generic_count_column_is_that_category(flexible: str, passed: bool) -> None:
    found = [c for c in _checks(CATEGORIES.replace("{flexible}", flexible), "VL420", name="t.md")
             if "灵活就业" in c.message["zh"]]
    assert [c.passed for c in found] == [passed]


def test_a_figure_after_a_list_of_names_counts_them_all() -> None:
    text = "2020年我市共发放国家助学金、免学费、国家奖学金375542人次，发放资金3.43亿元。"
    (fig, _) = analyse(read_bytes(text.encode(), "r.txt")).figures
    assert fig.label == "国家助学金、免学费、国家奖学金"


@pytest.mark.parametrize(("flexible", "passed"), [("43", True), ("34", False)])
def test_the_parts_of_a_population_the_text_named_before(flexible: str, passed: bool) -> None:
    text = ("2023届毕业生中，直接就业525人，升学666人，待就业23人。\n\n"
            f"2023届直接就业的毕业生中，企业就业439人、机关事业单位18人、自主创业14人、参军入伍11人、灵活就业{flexible}人。\n")
    c = _one(text, "VL401")
    assert c.passed is passed and c.stated.text == "525人"
    if not passed:  # the input with transposed digits is the likelier slip, and the suggestion says so
        assert c.suggestion == "34人 → 43人"


INTERNATIONAL = """学生在国（境）外技能大赛中获奖{awards}项。

表5 国际影响表

| 序号 | 指标 | 单位 | 2022年 | 2023年 |
| --- | --- | --- | --- | --- |
| 1 | 全日制国（境）外留学生人数（一年以上） | 人 | 18 | 26 |
| 8 | 国（境）外技能大赛获奖数量 | 项 | 0 | 2 |
"""


@pytest.mark.parametrize(("awards", "passed"), [("2", True), ("22", False)])
def test_the_national_templates_rows_against_the_prose(awards: str, passed: bool) -> None:
    """国（境）外 keeps its bracket inside the name; the row is the template's indicator."""
    text = "2023年，" + INTERNATIONAL.replace("{awards}", awards)
    found = [c for c in _checks(text, "VL420", name="t.md") if "获奖" in c.message["zh"]]
    assert [c.passed for c in found] == [passed]


@pytest.mark.parametrize(("whole", "passed"), [("2.31万人", True), ("2.37万人", False)])
def test_a_breakdown_whose_parts_each_carry_a_share(whole: str, passed: bool) -> None:
    text = (f"2020年，全市中职毕业生升入高一级学校{whole}。其中，升入专科的人数为2.22万人，占毕业生比例41.8%，"
            "升入本科的人数为848人，占毕业生比例1.5%，通过其他方式升学人数为49人。")
    (c,) = [c for c in _checks(text, "VL401") if c.stated is not None and c.stated.text == whole]
    assert c.passed is passed


# --- who a figure is about: origin, destination and route words (lexicon data) -------

INTL_TABLE = (
    "\n\n表5 国际影响表\n\n| 指标 | 2023年 |\n| --- | --- |\n"
    "| 全日制国（境）外留学生人数（一年以上） | {n} |\n"
)


@pytest.mark.parametrize(("table", "passed"), [("26", False), ("28", True)])
def test_students_from_n_countries_are_all_the_international_students(table: str, passed: bool) -> None:
    """来自4个国家的全日制留学生28名: the countries say where all of them come from (label.origin)."""
    text = "学院2023年招收来自老挝、柬埔寨、泰国、孟加拉国4个国家的全日制留学生28名。" + INTL_TABLE.format(n=table)
    [check] = [c for c in _checks(text, "VL420", name="r.md")]
    assert check.passed is passed and check.stated.text == "28名"


def test_a_destination_is_not_the_figures_sector() -> None:
    """升入本科院校128人 in a 中职 report: 本科 is where they went (scope.destination)."""
    doc = read_bytes("2023届毕业生中，通过职教高考升入本科院校128人。".encode(), "r.txt")
    [fig] = [f for f in analyse(doc).figures if f.text == "128人"]
    assert fig.scope.sector is None and fig.indicator == "undergraduate_admissions"
    assert fig.scope.qualifiers == ("职教高考",)  # the route (a facet of 升学)


@pytest.mark.parametrize(("table", "passed"), [("118", False), ("128", True)])
def test_admissions_by_route_in_prose_and_table_are_one_figure(table: str, passed: bool) -> None:
    text = ("2023届毕业生中，通过职教高考升入本科院校128人。\n\n表3 毕业生升学情况\n\n"
            "| 去向 | 人数（人） |\n| --- | --- |\n| 职教高考本科录取 | " + table + " |\n"
            "| 三二分段转段 | 248 |\n")
    [check] = [c for c in _checks(text, "VL420", name="r.md") if c.stated.text == "128人"]
    assert check.passed is passed


@pytest.mark.parametrize("title", ["2021年郑州市中等职业教育质量年度报告", "郑州市中等职业教育质量年度报告（2021年度）"])
def test_the_reports_area_is_read_past_a_leading_year(title: str) -> None:
    doc = read_bytes(f"{title}\n\n2021年全市中职学校专任教师7250人。\n".encode(), "r.txt")
    assert analyse(doc).report.region == "郑州市"


def test_a_report_without_a_title_line_takes_its_area_from_the_opening_not_a_date() -> None:
    doc = read_bytes("（2023年度）\n\n2023年全市中职学校专任教师7250人，新乡市中等职业学校24所。\n".encode(), "r.txt")
    assert analyse(doc).report.region == "新乡市"


def test_figures_after_a_threshold_are_a_group_no_name_says() -> None:
    """本科上线21人，600分以上15人: the 15 are not 本科上线 (another unit family before them)."""
    doc = read_bytes("2023年学校本科上线21人，600分以上15人。".encode(), "r.txt")
    figs = {f.text: f for f in analyse(doc).figures}
    assert figs["21人"].indicator == "undergraduate_admissions" and figs["15人"].indicator == ""


def test_the_issuing_authority_names_the_area_when_the_title_is_lost() -> None:
    """A cover with 新乡市教育局 (scope.authority): the province's programmes named more
    often in the opening do not make it a provincial report."""
    text = ("（2023年度）\n\n新乡市教育局\n\n全市中等职业学校24所，现有河南省高水平中等职业学校3所、"
            "河南省品牌示范中等职业学校5所、河南省特色中等职业学校4所。\n")
    assert analyse(read_bytes(text.encode(), "r.txt")).report.region == "新乡市"


# --- list counts: a phase or a quotation is not a list ------------------------------------


@pytest.mark.parametrize("text", [
    "埃克森美孚一期、华润微电子12英寸产线、深汕比亚迪二期等一批重大项目建成投产。",
    "建设松花江等主要江河砂基砂堤治理、东部两江三期工程，全面建成干流应急治理工程。",
])
def test_a_phase_that_ends_a_name_counts_nothing(text: str) -> None:
    assert _checks(text, "VL423") == []


@pytest.mark.parametrize(("listed", "passed"), [("长白山、三江、吉光3个", True), ("长白山、三江3个", False)])
def test_a_quotation_before_a_list_is_not_one_of_its_items(listed: str, passed: bool) -> None:
    text = f"“省市共建、一室一策”支持{listed}省实验室高效运营。"
    [check] = _checks(text, "VL423")
    assert check.passed is passed


def test_a_counted_span_of_years_opening_a_sentence_covers_the_paragraph() -> None:
    """这五年，…。城镇新增就业124.27万人: five years' jobs, not this year's (no VL419 with 22.89万人)."""
    text = ("2025年全市城镇新增就业22.89万人。\n\n"
            "外贸进出口总额年均增长5.1%。这五年，民生福祉持续增进。城镇新增就业124.27万人。\n")
    doc = read_bytes(text.encode(), "r.txt")
    spans = {f.text: f.period.span for f in analyse(doc).figures}
    assert spans["124.27万人"] == "cumulative" and spans["22.89万人"] == "year"
    assert [c for c in _checks(text, "VL419") if not c.passed] == []


# --- headers that only say when name nothing ----------------------------------------------

FINANCIAL = """\
## Context 1

|  | Year Ended |  |
|---|---|---|
|  | January 3, 2020 | December 28, 2018 |
| Total interest expense, net | $133 | $138 |
| Other income | $(55) | $(7) |

## Context 2

|  | Year Ended |  |
|---|---|---|
|  | January 3, 2020 | December 28, 2018 |
| Stock basis in subsidiary held for sale | 5 | (16) |
| Other | 191 | 44 |
| Total | $196 | $28 |
"""


def test_english_date_headers_are_periods_not_indicators() -> None:
    figs = analyse(read_bytes(FINANCIAL.encode(), "r.md")).figures
    assert {f.period.year for f in figs} == {"2020", "2018"}
    assert not any("January" in f.indicator or "Year" in f.indicator for f in figs)
    assert [c for c in _checks(FINANCIAL, "VL424", name="r.md") if not c.passed] == []


def test_two_lines_of_one_table_are_never_one_fact() -> None:
    table = ("|  | Revised Preliminary | Adjustments |\n|---|---|---|\n"
             "| Total assets | $ 540.6 | $ 5.2 |\n| Total liabilities | $ 94.9 | $ 5.2 |\n")
    assert [c for c in _checks(table, "VL424", name="r.md") if not c.passed] == []


@pytest.mark.parametrize(("admitted", "passed"), [("10247", False), ("10389", True)])
def test_an_action_with_its_object_names_the_indicator(admitted: str, passed: bool) -> None:
    """共招录学生10247人 is the year's 招生 (the action and its object), not 学生."""
    text = (f"2020年全市中职在校生27782人，当年中职招生10389人。\n\n"
            f"2020年，全市中职学校共招录学生{admitted}人，其中市外招生798人。\n")
    [check] = [c for c in _checks(text, "VL419") if "10389" in c.text("en")]
    assert check.passed is passed


@pytest.mark.parametrize(("bound", "passed"), [("不足10%", False), ("不足15%", True), ("超过13%", True), ("超过15%", False)])
def test_a_bound_in_the_text_against_the_tables_figure(bound: str, passed: bool) -> None:
    """而兼职教师不足10% against a table's 兼职教师比例 13.84%: a share named by its count
    (兼职教师 → 兼职教师比例), a bound judged by its interval, the table's figure said as printed."""
    text = ("表2 教师队伍\n\n| 指标 | 2020年 |\n| --- | --- |\n| 兼职教师比例 | 13.84% |\n\n"
            f"2020年，全市中职学校专业教师普遍缺少企业经验，而兼职教师{bound}。\n")
    [check] = _checks(text, "VL420", name="r.md")
    assert check.passed is passed and check.stated.text == bound
    if not passed:
        assert check.expected.text == "13.84%"


def test_majors_and_major_offerings_are_different_indicators() -> None:
    """97个专业，共计259个专业点: a 专业点 is a major at one school; the counts differ by design."""
    doc = read_bytes("现有17个专业大类，97个专业，共计259个专业点。".encode(), "r.txt")
    ids = {f.text: f.indicator for f in analyse(doc).figures}
    assert ids["97个"] == "majors" and ids["259个"] == "major_offerings"


ENROLMENT = """\
表1 招生情况（单位：万人）

| 指标 | 2019年 | 2020年 | 增长率 |
| --- | --- | --- | --- |
| 招生人数 | 8.1 | 7.6 | -6.1% |

表2 招生人数（人）

| 年份 | 招生人数 |
| --- | --- |
| 2019年 | 80529 |
| 2020年 | {exact} |
"""


@pytest.mark.parametrize(("exact", "passed"), [("76377", False), ("75617", True)])
def test_a_change_is_judged_on_the_finest_agreeing_statement_of_its_figures(exact: str, passed: bool) -> None:
    """8.1万 → 7.6万 allows -6.1%; the exact 80529 → 76377 printed elsewhere gives -5.2%."""
    [check] = [c for c in _checks(ENROLMENT.format(exact=exact), "VL101", name="r.md") if c.stated.text == "-6.1%"]
    assert check.passed is passed
    assert [f.text for f in check.inputs] == ["80529", exact]


def test_a_truncated_statement_still_names_the_same_quantity() -> None:
    """5.3万 for 53907 is a truncation: the exact figures decide the growth (6.2%, not 3.9%)."""
    text = ENROLMENT.replace("招生", "毕业生").replace("8.1", "5.1").replace("7.6", "5.3").replace(
        "-6.1%", "3.9%").replace("80529", "50773").format(exact="53907")
    [check] = [c for c in _checks(text, "VL101", name="r.md") if c.stated.text == "3.9%"]
    assert not check.passed and check.expected.text == "6.2%"


def test_the_majors_a_school_offers_are_its_majors_and_new_ones_are_some() -> None:
    doc = read_bytes("学校现开设10个专业：会计事务、电子商务等。2023年新开设3个专业。".encode(), "r.txt")
    figs = {f.text: f for f in analyse(doc).figures}
    assert figs["10个"].indicator == "majors" and "counted" not in figs["10个"].notes
    assert "counted" in figs["3个"].notes  # some of them, counted for what was done


@pytest.mark.parametrize(("stated", "passed"), [("11", False), ("10", True)])
def test_majors_stated_twice_must_agree(stated: str, passed: bool) -> None:
    text = (f"学校现开设10个专业：会计事务、电子商务、物流服务与管理等。\n\n"
            f"2023年毕业生分布在4个专业大类、{stated}个专业。\n")
    [check] = _checks(text, "VL419")
    assert check.passed is passed


def test_a_year_named_after_the_last_figure_is_a_plans_not_the_figures() -> None:
    text = "某职业技术学院2023年质量年度报告\n\n建筑工程专业群毕业去向落实率相对较低，为93.47%，学院已将其列为2024年就业帮扶重点。\n"
    [fig] = analyse(read_bytes(text.encode(), "r.txt")).figures
    assert fig.period.year == "2023"


@pytest.mark.parametrize(("table", "passed"), [("95.47", False), ("93.47", True)])
def test_a_group_singled_out_takes_what_the_sentence_measures(table: str, passed: bool) -> None:
    """落实率为95.9%；建筑工程专业群相对较低，为93.47%: the group's 落实率 (label.comparative, label.copula)."""
    text = ("表2 各专业群毕业去向落实情况\n\n| 专业群 | 毕业生数 | 落实率（%） |\n| --- | --- | --- |\n"
            f"| 健康护理专业群 | 400 | 96.50 |\n| 建筑工程专业群 | 398 | {table} |\n\n"
            "2023年全院毕业去向落实率为95.9%；建筑工程专业群相对较低，为93.47%。\n")
    [check] = [c for c in _checks(text, "VL420", name="r.md") if c.stated.text == "93.47%"]
    assert check.passed is passed


@pytest.mark.parametrize(("first", "found"), [("-0.113", True), ("0.113", False)])
def test_a_share_printed_negative_in_a_structure_is_judged_with_its_sign(first: str, found: bool) -> None:
    text = (f"图5 学历结构\n\n| 学历 | 学历结构 |\n| --- | --- |\n| 研究生学历 | {first} |\n"
            "| 本科学历 | 0.749 |\n| 专科及以下 | 0.138 |\n")
    failed = [c for c in _checks(text, "VL104", name="r.md") if not c.passed]
    assert bool(failed) is found
    if found:
        assert failed[0].suggestion == "-0.113 → 0.113" and failed[0].blame.text == "-0.113"


@pytest.mark.parametrize(("sentence", "each"), [
    ("健康护理、智能制造、新能源汽车三个专业群毕业去向落实率均超过95%。", True),
    ("各校就业率都在95%以上。", True),
    ("全市毕业去向落实率为95.9%。", False),
    ("全市中职学校生均教学仪器设备值为7792元。", False),  # 生均 is per student, not 'each of several'
])
def test_a_figure_said_of_each_of_several_is_not_the_wholes(sentence: str, each: bool) -> None:
    figs = [f for f in analyse(read_bytes(sentence.encode(), "r.txt")).figures if f.kind != "quantity" or "元" in f.text]
    assert ("each" in figs[-1].notes) is each
