"""Silence made visible: ``vetlint extract --unparsed`` lists what no relation reads."""

from __future__ import annotations

import json
from pathlib import Path

import pytest
from clirun import run

from vetlint.extract.analysis import analyse
from vetlint.extract.silence import unparsed
from vetlint.readers import read_bytes

ROOT = Path(__file__).resolve().parents[1]
ZHENGZHOU = ROOT / "fixtures" / "reports" / "zhengzhou-2020-secondary-vet-quality.txt"


def listed(text: str, name: str = "r.md") -> list[tuple[str, str, list[str]]]:
    items = unparsed(analyse(read_bytes(text.encode("utf-8"), name)))
    return [(u.where, u.reason, [f.text for f in u.figures]) for u in items]


def test_a_change_whose_base_the_report_never_prints_is_listed() -> None:
    # the share's previous value is not printed: the 0.92% change is judged by nothing
    text = "2020年全市中职在校生27782人，当年中职招生10389人，中职学校招生占高中段招生比例44.25%，较2019年提高0.92%。"
    [(where, reason, figures)] = listed(text)
    assert where == "sentence" and reason.startswith("change.") and "0.92%" in figures


def test_a_change_read_with_its_growth_is_not_listed() -> None:
    # 比上年增加Δ，增长r%: the change gives last year's figure, the growth is judged against it
    assert listed("2020年全市中职在校生27782人，比上年增加1389人，增长5.3%。") == []
    assert listed("全市中职学校共有教职工2140人，其中专任教师1941人，行政人员199人。") == []


def test_a_growth_column_without_the_years_it_compares_is_listed() -> None:
    table = "| 学校 | 在校生 | 增长率 |\n| --- | --- | --- |\n| 甲校 | 1000 | 10.0% |\n| 乙校 | 100 | 12.0% |\n"
    [(where, reason, figures)] = listed(table)
    assert (where, reason, figures) == ("table", "growth", ["10.0%", "12.0%"])
    judged = "| 指标 | 2019年 | 2020年 | 增长率 |\n| --- | --- | --- | --- |\n| 在校生数 | 1000 | 1100 | 10.0% |\n"
    assert listed(judged) == []


def test_cli_unparsed_json_and_the_count_with_include_passed(capsys: pytest.CaptureFixture[str]) -> None:
    status, out, _ = run(["extract", str(ZHENGZHOU), "--unparsed", "--format", "json"], capsys)
    assert status == 0
    items = json.loads(out)["unparsed"]
    assert items and all(i["figures"] and i["location"]["line"] for i in items)
    status, out, _ = run(["check", str(ZHENGZHOU), "--format", "json", "--include-passed", "-j", "1"], capsys)
    stats = json.loads(out)["reports"][0]["stats"]
    assert stats["unjudged"] == sum(len(i["figures"]) for i in items)
    status, out, _ = run(["check", str(ZHENGZHOU), "--format", "json", "-j", "1"], capsys)
    assert "unjudged" not in json.loads(out)["reports"][0]["stats"]


def test_cli_unparsed_console_and_a_text_refusal(capsys: pytest.CaptureFixture[str]) -> None:
    status, out, _ = run(["extract", str(ZHENGZHOU), "--unparsed"], capsys)
    assert status == 0 and "no check judges" in out and "not judged" in out
    status, _, err = run(["extract", str(ZHENGZHOU), "--unparsed", "--format", "text"], capsys)
    assert status == 2 and "--unparsed" in err
