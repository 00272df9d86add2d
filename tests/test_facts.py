"""Facts: label, period and exact location for every number, prose and tables."""

from __future__ import annotations

from pathlib import Path

import pytest

from vetlint.document import Cell, Document, Heading, Location, Paragraph, SourceMap, Table
from vetlint.extract.facts import Fact, extract_facts, header_unit
from vetlint.extract.legacy_labels import cell_label, prose_label
from vetlint.extract.legacy_periods import find_periods, header_period, period_at, shift
from vetlint.numbers import find_numbers

REPORTS = Path(__file__).resolve().parents[1] / "fixtures" / "reports"


def para(text: str, line: int = 1, section: str | None = None) -> Paragraph:
    return Paragraph(text=text, smap=SourceMap.simple(line), section=section)


def doc(*blocks: Heading | Paragraph | Table) -> Document:
    return Document(path="t.txt", format="text", blocks=list(blocks))


def by_text(facts: list[Fact], text: str) -> Fact:
    hits = [f for f in facts if f.number.text == text]
    assert hits, [f.number.text for f in facts]
    return hits[0]


# --- labels ----------------------------------------------------------------------


def labels_of(text: str) -> list[tuple[str, str | None]]:
    out, floor = [], 0
    for n in find_numbers(text):
        out.append((n.text, prose_label(text, n.start, n.end, floor, n.kind).label))
        floor = n.end
    return out


@pytest.mark.parametrize(
    ("text", "number", "label"),
    [
        ("专任教师1712人，", "1712人", "专任教师"),
        ("全市中职学校共有教职工2140 人，其中", "2140 人", "教职工"),
        ("生师比为15：1, 比上年持平", "15：1", "生师比"),
        ("毕业生就业率达到98.26%", "98.26%", "毕业生就业率"),
        ("2020年全市中职学校在校生数27782人，", "27782人", "在校生数"),
        ("衢州市共有11所中职学校", "11所", "中职学校"),
        ("全市共选派36名教师参加", "36名", "教师"),
        ("其中教学仪器设备总值2.76亿元。", "2.76亿元", "教学仪器设备总值"),
        ("老年大学（学堂）8所，", "8所", "老年大学"),
        ("“双师型”教师810人", "810人", "双师型教师"),
        ("点击量共计10万余人次。", "10万余人次", "点击量"),
        ("新型职业农民培训7.79万人次，", "7.79万人次", "新型职业农民培训"),
    ],
)
def test_prose_labels(text: str, number: str, label: str) -> None:
    assert dict(labels_of(text))[number] == label


def test_share_label_and_base() -> None:
    text = "占专任教师总数的47%"
    n = find_numbers(text)[0]
    pl = prose_label(text, n.start, n.end)
    assert (pl.label, pl.base, pl.role) == ("占专任教师总数", "专任教师", None)


def test_change_and_previous_roles() -> None:
    text = "平均就业率为97.5%，比上年（97.3%）提升0.2个百分点；"
    roles = {}
    floor = 0
    for n in find_numbers(text):
        roles[n.text] = prose_label(text, n.start, n.end, floor, n.kind).role
        floor = n.end
    assert roles == {"97.5%": None, "97.3%": "previous", "0.2个百分点": "change"}


# --- periods ---------------------------------------------------------------------


def test_periods() -> None:
    assert [m.period for m in find_periods("2022-2023 学年，2018—2020年，2020年9月")] == [
        "2022-2023",
        "2018-2020",
        "2020",
    ]
    assert header_period("2019年") == "2019"
    assert header_period("2019") == "2019"
    assert header_period("2022-2023学年") == "2022-2023"
    assert header_period("公办 / 2020年") == "2020"
    assert header_period("增长率") is None
    assert shift("2020", -1) == "2019" and shift("2022-2023", -1) == "2021-2022"


def test_period_rules() -> None:
    text = "2020年全市中职招生10389人，占比44.25%，较2019年提高0.92%。平均就业率为97.5%，比上年（97.3%）提升。"
    got = {}
    for n in find_numbers(text):
        got[n.text] = period_at(text, n.start, n.end, paragraph="2020")
    assert got == {
        "10389人": "2020",
        "44.25%": "2020",
        "0.92%": "2020",  # a comparison target is not the figure's period
        "97.5%": "2020",
        "97.3%": "2019",  # 比上年（…）: the previous period
    }


# --- hand-built documents ----------------------------------------------------------


def test_prose_facts_on_a_hand_built_document() -> None:
    d = doc(
        para("衢州市中等职业教育2020年度质量报告"),
        Heading("1.3教师队伍", "1.3", "教师队伍", 2, Location(line=2)),
        para("全市中职学校共有教职工2140 人，生师比为15：1。较上年增加29人。", 3, "1.3"),
        para("2019年，招生3000余人。", 4, "1.3"),
    )
    facts = extract_facts(d)
    assert [f.number.text for f in facts] == ["2140 人", "15：1", "29人", "3000余人"]
    staff = by_text(facts, "2140 人")
    assert (staff.label, staff.period, staff.source, staff.section) == (
        "教职工",
        "2020",
        "prose",
        "1.3",
    )
    assert (staff.location.line, staff.location.column, staff.location.end_column) == (3, 12, 17)
    assert staff.sentence == "全市中职学校共有教职工2140 人，生师比为15：1。"
    change = by_text(facts, "29人")
    assert change.role == "change"
    assert by_text(facts, "3000余人").period == "2019"


def _cell(text: str, line: int, r: int, c: int) -> Cell:
    return Cell(
        text,
        Location(line=line, column=2, table="表1", row=r + 1, col=c + 1),
        SourceMap.simple(line, 2),
    )


def test_table_facts_on_a_hand_built_table() -> None:
    rows = [
        ["1", "实训设施设备投入（万元）", "2255.55", "3058.51", "35.6"],
        ["2", "国家级重点学校（3所）", "12", "13", "8.3"],
    ]
    table = Table(
        id="表1",
        columns=["序号", "项目", "2019年", "2020年", "增长率%"],
        rows=[
            [_cell(t, 10 + 5 * r + c, r, c) for c, t in enumerate(row)]
            for r, row in enumerate(rows)
        ],
        caption="表1：2019—2020年设施设备情况",
        label_columns=2,
        section="1.2",
    )
    facts = extract_facts(doc(para("某市2020年度质量报告"), table))
    assert [f.number.text for f in facts] == [
        "2255.55",
        "3058.51",
        "35.6",
        "3所",
        "12",
        "13",
        "8.3",
    ]
    money = by_text(facts, "2255.55")
    assert money.number.value == pytest.approx(22555500) and money.number.unit == "yuan"
    assert (money.label, money.period, money.source) == (
        "实训设施设备投入（万元）",
        "2019",
        "table",
    )
    assert (money.table, money.row, money.col) == ("表1", 0, 2)
    assert (money.location.line, money.location.table, money.location.row, money.location.col) == (
        12,
        "表1",
        1,
        3,
    )
    growth = by_text(facts, "35.6")
    assert growth.number.kind == "percent" and growth.number.value == pytest.approx(0.356)
    assert growth.period == "2019-2020" and growth.col_label == "增长率%"
    schools = by_text(facts, "3所")  # a number inside a label cell
    assert schools.number.unit == "school" and schools.col == 1
    assert all(f.col != 0 for f in facts)  # the 序号 column holds no facts


def test_cell_label_and_header_unit() -> None:
    table = Table(
        id="T",
        columns=["年份", "学生总数"],
        rows=[[Cell("2018年", Location()), Cell("183555", Location())]],
    )
    cl = cell_label(table, 0, 1)
    assert (cl.label, cl.row_period) == ("学生总数", "2018")
    assert header_unit("在校生数（人）") == "人"
    assert header_unit("增长情况%") == "%"
    assert header_unit("三年在校生数 / 人") == "人"
    assert header_unit("学校名称") is None


def test_to_dict_has_the_contract_fields() -> None:
    facts = extract_facts(doc(para("2020年专任教师1712人，兼职教师不足10%。")))
    d = facts[0].to_dict()
    for key in ("text", "value", "low", "high", "unit", "label", "period", "qualifier", "location"):
        assert key in d
    assert d["location"]["line"] == 1 and d["label"] == "专任教师"
    assert facts[1].to_dict()["one_sided"] is True


def test_furniture_and_headings_hold_no_facts() -> None:
    furniture = Paragraph("- 12 -", SourceMap.simple(1), role="furniture")
    d = doc(Heading("1.3教师队伍", "1.3", "教师队伍", 2, Location(line=1)), furniture)
    assert extract_facts(d) == []


# --- real reports ------------------------------------------------------------------


@pytest.fixture(scope="module")
def quzhou() -> list[Fact]:
    from vetlint.api import read

    return extract_facts(read(REPORTS / "quzhou-2020-secondary-vet-quality.txt"))


def test_seed_quzhou_teachers(quzhou: list[Fact]) -> None:
    f = next(f for f in quzhou if f.number.text == "1712人")
    assert f.number.value == 1712 and f.number.unit == "person"
    assert (f.label, f.period, f.source) == ("专任教师", "2020", "prose")
    line = (
        (REPORTS / "quzhou-2020-secondary-vet-quality.txt")
        .read_text(encoding="utf-8")
        .split("\n")[43]
    )
    assert (f.location.line, f.location.column, f.location.end_column) == (44, 27, 31)
    assert line[f.location.column - 1 : f.location.end_column] == "1712人"
    ratio = next(f for f in quzhou if f.number.text == "16.22 : 1" and f.source == "prose")
    assert ratio.label == "生师比" and ratio.number.kind == "ratio"


def test_seed_quzhou_table_cells(quzhou: list[Fact]) -> None:
    cells = [f for f in quzhou if f.source == "table" and f.label and "生师比" in f.label]
    assert [(f.number.text, f.period) for f in cells] == [
        ("16.26 : 1", "2019"),
        ("16.22 : 1", "2020"),
        ("0.04 : 1", "2020"),
    ]
    growth = next(f for f in quzhou if f.number.text == "35.6")
    assert growth.number.kind == "percent" and growth.col_label and "增长" in growth.col_label


def test_seed_zhengzhou_shares_and_previous_values() -> None:
    from vetlint.api import read

    facts = extract_facts(read(REPORTS / "zhengzhou-2020-secondary-vet-quality.txt"))
    share = next(f for f in facts if f.number.text == "47.2%")
    assert (share.label, share.base) == ("占专业课教师比例", "专业课教师")
    previous = next(f for f in facts if f.number.text == "97.3%")
    assert (previous.role, previous.period, previous.label) == ("previous", "2019", "平均就业率")
    school_year = next(f for f in facts if f.number.text == "5.3万人" and f.period != "2020")
    assert school_year.period == "2019-2020"
    assert not [f for f in facts if f.label and f.label.isdigit()]


@pytest.mark.parametrize("path", sorted(REPORTS.glob("*.txt")), ids=lambda p: p.stem)
def test_every_seed_fact_points_at_its_text(path: Path) -> None:
    from vetlint.api import read

    lines = path.read_text(encoding="utf-8").split("\n")
    facts = extract_facts(read(path))
    assert facts
    for f in facts:
        loc = f.location
        assert loc.line is not None and loc.column is not None
        if loc.line == loc.end_line:
            printed = lines[loc.line - 1][loc.column - 1 : loc.end_column]
            assert printed == f.number.text, (f.number.text, loc)
