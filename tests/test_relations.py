"""Relations stated by report sentences: breakdowns, shares, changes, amounts, distributions."""

from __future__ import annotations

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from vetlint.extract.legacy_relations import (
    extract_relations,
    find_mentions,
    find_rates,
    label_matches,
    period_at,
    scope_at,
)
from vetlint.numbers import find_numbers


def rel(text: str, **kw):
    return extract_relations(text, find_numbers(text), **kw)


def texts(ms) -> list[str]:
    return [m.number.text for m in ms]


# ------------------------------------------------------------------ mentions


def test_mentions_keep_offsets_labels_and_units() -> None:
    text = "2020年，全市中职学校教职工9456人，其中专任教师7100人，占教职工数的75.1%。"
    ms = find_mentions(text, find_numbers(text))
    assert [text[m.start : m.end] for m in ms] == texts(ms)
    by_text = {m.number.text: m for m in ms}
    assert by_text["9456人"].label.endswith("教职工")
    assert by_text["9456人"].dim == "person"
    assert by_text["7100人"].label == "专任教师"
    assert by_text["75.1%"].dim == "%"


def test_following_noun_is_kept_for_counted_things() -> None:
    text = "由56个专业107个专业布点，调整为49个专业87个专业布点。"
    ms = find_mentions(text, find_numbers(text))
    assert [m.after for m in ms] == ["专业", "专业布点", "专业", "专业布点"]


# ------------------------------------------------------------------ breakdowns


def test_exhaustive_breakdown_in_parentheses() -> None:
    r = rel("在省级技能大赛中全市共获得一等奖48个（其中技能类18个、素质类18个、传统文化类9个、文明风采类3个）。")
    (b,) = r.breakdowns
    assert b.total.number.text == "48个"
    assert texts(b.parts) == ["18个", "18个", "9个", "3个"]
    assert b.exhaustive


def test_nested_breakdown() -> None:
    r = rel("全市共有57所，其中公办学校19所（市直属学校9所，行业办学校1所，县属学校8所，特殊教育学校1所），民办学校38所。")
    found = {b.total.number.text: (texts(b.parts), b.exhaustive) for b in r.breakdowns}
    assert found["57所"] == (["19所", "38所"], True)
    assert found["19所"] == (["9所", "1所", "8所", "1所"], True)


def test_respectively_list_is_exhaustive() -> None:
    r = rel("毕业生面向三次产业就业人数5342人，其中服务第一、二、三产业人数分别为345人、1080人、3924人。")
    (b,) = r.breakdowns
    assert texts(b.parts) == ["345人", "1080人", "3924人"]
    assert b.exhaustive


@pytest.mark.parametrize(
    "text",
    [
        "聘请行业导师154人，其中聘请大国工匠、劳动模范6人。",  # a single item
        "共有教职工2140人，其中，专任教师1941人，较上年减少21人，生师比为15：1。",  # breaks off
        "毕业生初次就业人数6187人，其中留在当地就业的2830人，到中小微企业等基层就业的3097人。",  # 等
        "共有项目30个，其中如国家级项目5个、省级项目8个。",  # examples
    ],
)
def test_open_lists_are_at_most(text: str) -> None:
    r = rel(text)
    assert r.breakdowns
    assert not any(b.exhaustive for b in r.breakdowns)


def test_parts_in_two_units_go_to_their_own_totals() -> None:
    text = (
        "共发放国家助学金、免学费、国家奖学金89922人次，发放资金7761.955万元。其中，拨付免学费资金6805.03万元，"
        "惠及80632人次；发放助学金资助金额923.325万元，惠及9234人次；获得国家奖学金的学生有56人，奖励金额33.6万元。"
    )
    found = {b.total.number.text: texts(b.parts) for b in rel(text).breakdowns}
    assert found["89922人次"] == ["80632人次", "9234人次", "56人"]
    assert found["7761.955万元"] == ["6805.03万元", "923.325万元", "33.6万元"]


def test_classifiers_of_one_count_are_added_together() -> None:
    text = "全市有15个项目入围，其中共同体2个，德育品牌2个，现代化成人学校3所，学习型城市1个。"
    (b,) = rel(text).breakdowns
    assert texts(b.parts) == ["2个", "2个", "3所", "1个"]


@pytest.mark.parametrize(
    "text",
    [
        "企业、科研机构人员参与其中的教学创新团队20余个。",
        "夺取金牌2枚（河南省共获2枚），银牌3枚（河南省共7枚）。",
        "组建“新入职教师”“骨干教师”三个梯度，其中教学创新团队20余个。",
    ],
)
def test_not_breakdowns(text: str) -> None:
    assert rel(text).breakdowns == []


# ------------------------------------------------------------------ shares


def test_share_with_part_and_base_label() -> None:
    r = rel("专业课教师922人，占专任教师总数的47%，比上年下降7%。")
    (s,) = r.shares
    assert s.part is not None and s.part.number.text == "922人"
    assert s.base_label == "专任教师"
    assert s.share.number.text == "47%"


def test_share_with_subject_before_zhan() -> None:
    r = rel("专任教师1712人，兼职教师308人，兼职教师占专任教师比例13.84%。")
    (s,) = r.shares
    assert s.part is not None and s.part.number.text == "308人"
    assert s.base_label == "专任教师"


def test_share_skips_a_change_clause_between_part_and_zhan() -> None:
    r = rel("具有研究生学历的专任教师801人，较上一年减少了364人，占专任教师总数的11.3%。")
    (s,) = r.shares
    assert s.part is not None and s.part.number.text == "801人"


def test_share_base_in_same_sentence() -> None:
    r = rel("全市教职工9456人，其中专任教师7100人，占教职工数的75.1%。")
    (s,) = r.shares
    assert s.base is not None and s.base.number.text == "9456人"


def test_zhan_di_is_not_a_share() -> None:
    assert rel("校园占地面积43.7万平方米，生均占地20.6平方米。").shares == []


# ------------------------------------------------------------------ changes


def test_change_with_previous_value_in_parentheses() -> None:
    r = rel("2020年平均就业率97.5%，比上年（97.3%）提升0.2个百分点。")
    (c,) = r.changes
    assert c.direction == 1 and c.verb == "提升"
    assert c.subject is not None and c.subject.number.text == "97.5%"
    assert c.previous is not None and c.previous.number.text == "97.3%"


def test_change_direction_from_verb() -> None:
    r = rel("专任教师1941人，较上年减少21人。")
    (c,) = r.changes
    assert c.direction == -1
    assert c.subject is not None and c.subject.number.text == "1941人"
    assert c.previous is None


def test_transition_and_relative_change() -> None:
    text = "全市中职学校由56个专业107个专业布点，调整为49个专业87个专业布点。两年来，专业数削减17%，专业布点数削减23%。"
    r = rel(text)
    assert [(t.before.number.text, t.after.number.text, t.thing) for t in r.transitions] == [
        ("56个", "49个", "专业"),
        ("107个", "87个", "专业布点"),
    ]
    found = {x.delta.number.text: (x.thing, x.direction) for x in r.relative_changes}
    assert found == {"17%": ("专业", -1), "23%": ("专业布点", -1)}


def test_percent_change_right_after_a_transition() -> None:
    r = rel("全市中职在校生从1000人增加到1200人，增长20%。")
    (x,) = r.relative_changes
    assert (x.transition.before.number.text, x.transition.after.number.text) == ("1000人", "1200人")
    assert x.direction == 1


def test_excess_over_a_target() -> None:
    r = rel("下达招生任务为5.8万人，全市新生注册学籍人数7.6万人，超额完成招生任务的31.03%。")
    (x,) = r.excesses
    assert (x.actual.number.text, x.target.number.text, x.excess.number.text) == ("7.6万人", "5.8万人", "31.03%")


# ------------------------------------------------------------------ amounts, distributions, rates


def test_standard_and_payment_linked_by_programme() -> None:
    programmes = ["国家奖学金", "助学金"]
    r = rel("设立国家奖学金，奖励标准为每人6000元。获得国家奖学金的学生有56人，奖励金额33.6万元。",
            programmes=programmes)
    (s,) = r.standards
    assert s.programme == "国家奖学金" and s.amount.number.value == 6000
    (p,) = r.payments
    assert p.count.number.value == 56 and p.amount.number.value == pytest.approx(336000)


def test_person_times_are_not_payments() -> None:
    r = rel("发放助学金资助金额923.325万元，惠及9234人次。", programmes=["助学金"])
    assert r.payments == []


def test_distribution_only_over_one_scale() -> None:
    scales = {"satisfaction": ["非常满意", "满意", "基本满意", "不满意"]}
    r = rel("调查显示，非常满意62.50%，满意31.25%，基本满意6.25%。", scales=scales)
    (d,) = r.distributions
    assert texts(d.items) == ["62.50%", "31.25%", "6.25%"]
    # independent rates are not a distribution
    r = rel("文化课合格率96.5%，专业技能合格率97%，毕业率88%。", scales=scales)
    assert r.distributions == []


def test_rates_by_name() -> None:
    text = "全市共有中职毕业生7631人，就业人数7498人，就业率达到98.26%，对口就业率49.2%。"
    ms = find_mentions(text, find_numbers(text))
    rates = find_rates(ms, {"employment": ["就业率"]})
    assert [r.value.number.text for r in rates] == ["98.26%"]  # 对口就业率 is another rate


# ------------------------------------------------------------------ indicators, period, scope


@pytest.mark.parametrize(
    ("label", "names", "expected"),
    [
        ("郑州市中等职业学校教职工", ["教职工"], True),
        ("专任教师总数", ["专任教师"], True),
        ("具有本科及以上学历的专任教师", ["专任教师"], False),
        ("对口就业", ["就业人数"], False),
        ("全市就业人数", ["就业人数"], True),
        ("专任教师中思政课教师", ["专任教师"], False),
    ],
)
def test_label_matches(label: str, names: list[str], expected: bool) -> None:
    assert label_matches(label, names) is expected


def test_period_and_scope() -> None:
    text = "获嘉县职业中等专业学校跟踪毕业生，其中2022届毕业生数884人。2023年，全市毕业生12242人。"
    assert period_at(text, text.index("884")) == 2022
    assert period_at(text, text.index("12242")) == 2023
    assert scope_at(text, text.index("884")) == "school"
    assert scope_at(text, text.index("12242")) == "city"


# ------------------------------------------------------------------ robustness

_PIECES = [
    "其中", "共有", "占", "的", "较上年", "增加", "减少", "由", "调整为", "从", "增加到", "削减", "分别为",
    "每人", "奖励标准为", "奖学金", "元", "人", "名", "个", "所", "%", "：", "，", "。", "；", "（", "）",
    "1", "23", "4.5", "678", "万", "亿", "个百分点", "人次", "等", "生师比", "就业率", "超额完成任务的",
]


@given(st.lists(st.sampled_from(_PIECES), max_size=40).map("".join))
@settings(max_examples=200, deadline=None)
def test_any_text_gives_relations_with_consistent_offsets(text: str) -> None:
    r = extract_relations(text, find_numbers(text), programmes=["奖学金"], scales={"s": ["满意", "不满意"]})
    for m in r.mentions:
        assert text[m.start : m.end] == m.number.text
    for b in r.breakdowns:
        assert b.parts and all(p.dim == b.total.dim or b.total.dim not in ("person", "元") for p in b.parts)
