"""VL421 (table vs chart data) and VL422 (per-student figures imply one student count)
on the real reports and on small hand-written cases."""

from __future__ import annotations

from functools import cache
from pathlib import Path

from vetlint.api import read
from vetlint.checks import Check
from vetlint.engine.runner import run
from vetlint.readers import read_bytes
from vetlint.settings import Settings

REPORTS = Path(__file__).resolve().parents[1] / "fixtures" / "reports"
ZHENGZHOU = REPORTS / "zhengzhou-2020-secondary-vet-quality.txt"
XINXIANG = REPORTS / "xinxiang-2023-vet-quality.txt"


@cache
def seed(path: Path) -> tuple[Check, ...]:
    return tuple(run(read(path), Settings(select=["VL421", "VL422"])))


def checks_of(text: str, code: str) -> list[Check]:
    doc = read_bytes(text.encode("utf-8"), "example.md")
    return [c for c in run(doc, Settings(select=[code])) if c.rule == code]


def by_label(checks: tuple[Check, ...], rule: str) -> dict[str, Check]:
    return {c.message["zh"].split("」")[0].lstrip("「"): c for c in checks if c.rule == rule}


# ---------------------------------------------------------------- VL421 table-vs-chart


def test_seed_000_chart_against_tables() -> None:
    found = by_label(seed(ZHENGZHOU), "VL421")
    assert set(found) == {"2019年在校生", "2019年招生", "2019年毕业生", "2020年在校生", "2020年招生", "2020年毕业生"}
    # consistent ones pass: 80529 ≈ 8.1万, 76377 ≈ 7.6万, 50773 ≈ 5.1万, 205216 = 表1-5 and ≈ 20.5万
    for label in ("2019年招生", "2020年招生", "2019年毕业生", "2020年在校生"):
        assert found[label].passed, found[label].message["en"]
    # 表1-3's 5.3万 against the chart's 53907 (5.39万): it holds only if the author truncated
    grads = found["2020年毕业生"]
    assert not grads.passed and grads.severity == "info"
    assert grads.stated is not None and grads.stated.text == "5.3" and grads.location.line == 95
    assert [f.text for f in grads.inputs] == ["53907"]
    assert grads.inputs[0].location.line == 1443
    # the chart's 学生总数 202214 against 表1-3 20.1万 and 表1-5 201041: 学生总数 may count more
    # than 在校生 (a loose name of the lexicon) → a warning that lists every place
    students = found["2019年在校生"]
    assert not students.passed and students.severity == "warning"
    assert {f.text for f in students.inputs} | {students.stated.text} == {"202214", "201041", "20.1"}


def test_seed_000_2020_students_list_every_table() -> None:
    found = by_label(seed(ZHENGZHOU), "VL421")["2020年在校生"]
    assert found.stated is not None and found.stated.text == "20.5"
    assert {f.text for f in found.inputs} == {"205216"} and len(found.inputs) == 2  # chart and 表1-5


def test_reports_without_chart_data_have_no_vl421() -> None:
    assert not [c for c in seed(XINXIANG) if c.rule == "VL421"]


CHART = """表1：办学规模

| 年度 | 在校生人数（万人） | 招生人数（万人） |
| --- | --- | --- |
| 2020 | {students} | 7.6 |

图1：学生情况

| 年份 | {series} | 招生人数 |
| --- | --- | --- |
| 2020年 | 205216 | 76377 |
"""


def test_figure_captioned_table_is_chart_data() -> None:
    checks = checks_of(CHART.format(students="20.5", series="在校生人数"), "VL421")
    assert len(checks) == 2 and all(c.passed for c in checks)


def test_interval_of_the_printed_precision_decides() -> None:
    # 205216 prints 20.5万, not 20.6万 (the interval [205500, 206500) misses it)
    checks = checks_of(CHART.format(students="20.6", series="在校生人数"), "VL421")
    bad = [c for c in checks if not c.passed]
    assert len(bad) == 1 and bad[0].severity == "error" and bad[0].stated.text == "20.6"


def test_different_names_warn_only() -> None:
    checks = checks_of(CHART.format(students="20.6", series="学生总数"), "VL421")
    bad = [c for c in checks if not c.passed]
    assert len(bad) == 1 and bad[0].severity == "warning"


# ---------------------------------------------------------------- VL422 per-capita-base


def test_seed_003_per_student_figures_imply_different_counts() -> None:
    found = [c for c in seed(XINXIANG) if c.rule == "VL422"]
    assert len(found) == 1
    c = found[0]
    assert not c.passed and c.severity == "warning"
    assert c.location.line == 100 and c.stated is not None and c.stated.text == "58.28 平方米"
    texts = [f.text for f in c.inputs]
    for t in ("291.万平方米", "143.3 万平方米", "28.63 平方米", "22188 万元", "5546 元",
              "186.8 万册", "37 册", "26276 个", "0.66 个", "4.51 万人"):
        assert t in texts, t
    # the implied counts are in the message: ~49 900 (land) against ~40 000 (equipment)
    assert "49841–50021" in c.message["zh"] and "40003–40012" in c.message["zh"]
    assert "full-time" in c.message["en"]


def test_seed_000_prose_totals_and_table_rows_agree() -> None:
    found = [c for c in seed(ZHENGZHOU) if c.rule == "VL422"]
    assert len(found) == 1 and found[0].passed
    assert found[0].expected is not None and found[0].expected.text == "205216"
    assert len(found[0].inputs) == 10  # five totals, four more 生均 cells, 三年在校生数


def test_one_pair_alone_is_not_judged() -> None:
    assert checks_of("2023年，全市校园占地面积291万平方米，生均校园用地面积58.28平方米。", "VL422") == []


def test_pair_against_stated_student_count() -> None:
    text = ("2023年，全市中职在校生4.99万人。\n\n"
            "2023年，全市校园占地面积291万平方米，生均校园用地面积58.28平方米。")
    ok = checks_of(text, "VL422")
    assert len(ok) == 1 and ok[0].passed
    bad = checks_of(text.replace("4.99万人", "4.51万人"), "VL422")
    assert len(bad) == 1 and not bad[0].passed


def test_grant_per_recipient_is_not_a_per_student_figure() -> None:
    text = ("2023年，全市在校生4.51万人。\n\n"
            "2023年，全市资助资金1.06亿元，对家庭经济困难学生按照平均每生每年2000元发放。")
    assert checks_of(text, "VL422") == []
