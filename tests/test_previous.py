"""``check --previous``: figures for earlier periods against last year's report."""

from __future__ import annotations

import json
from dataclasses import dataclass
from pathlib import Path

import pytest

from vetlint.document import Document, Location, Paragraph, SourceMap
from vetlint.engine.previous import compare, normalize_label, period_end, report_year
from vetlint.extract.figures import Figure, Period, Scope, dim_of
from vetlint.numbers import parse_number

ROOT = Path(__file__).resolve().parents[1]
PREVIOUS = ROOT / "fixtures" / "previous"


@dataclass
class Side:
    """One report of the pair as ``compare`` reads it (an ``Analysis`` has these)."""

    doc: Document
    figures: list[Figure]
    period: str | None


def fact(text: str, label: str | None, period: str, line: int, *, table: str | None = None,
         role: str = "level", scope: str | None = None) -> Figure:
    """A figure as the analysis gives it: ``label`` is also its indicator (no lexicon id)."""
    number = parse_number(text)
    assert number is not None, text
    return Figure(id=line, number=number, text=text, label=label or "", indicator=label or "",
                  dim=dim_of(number), role=role, scope=Scope(institution=scope),  # type: ignore[arg-type]
                  period=Period(period), source="table" if table else "prose",
                  location=Location(line=line, column=1, table=table))


def doc(path: str, title: str) -> Document:
    return Document(path=path, format="text", blocks=[Paragraph(title, SourceMap.simple(1))])


def side(document: Document, figures: list[Figure]) -> Side:
    from vetlint.extract.periods import document_period

    return Side(document, figures, document_period([document.blocks[0].text]))


CUR = doc("2021.txt", "2021年郑州市中等职业教育质量年度报告")
PREV = doc("2020.txt", "2020年郑州市中等职业教育质量年度报告")


def judge(cur: list[Figure], prev: list[Figure]) -> list:
    return compare(side(CUR, cur), side(PREV, prev))


def test_labels_lose_layout_not_meaning() -> None:
    assert normalize_label("省级“双师型”教师数") == "省级双师型教师"
    assert normalize_label("专任 教师数（人）") == "专任教师"
    assert normalize_label("2020年 / 助学金 / 人次") == "助学金/人次"
    assert normalize_label("教职工总数") == normalize_label("教职工数") == "教职工"
    assert normalize_label("学校总数（所）") == "学校"
    assert normalize_label("学校数（公办）") != normalize_label("学校数（民办）")
    assert normalize_label("金额（万元）") == "金额"
    assert normalize_label("研究生及以上学历专任教师数") != normalize_label("专任教师数")


def test_adjacent_counts_disagree() -> None:
    prev = [fact("19", "学校", "2020", 1)]
    for text, agrees in (("18", False), ("19", True), ("19.0", True), ("20", False)):
        [check] = judge([fact(text, "学校", "2020", 2)], prev)
        assert check.passed is agrees, text
    assert period_end("2022-2023") == 2023 and period_end(None) is None


def test_report_year_from_title_or_latest_period() -> None:
    assert report_year(side(CUR, [])) == 2021
    untitled = side(doc("x.txt", "前言"), [fact("5", "a", "2019", 1), fact("6", "a", "2020", 2)])
    assert report_year(untitled) == 2020


def test_mismatch_match_and_silence() -> None:
    prev = [
        fact("9456", "教职工总数", "2020", 10, table="表1-6"),
        fact("10139", "教职工总数", "2019", 10, table="表1-6"),
        fact("7100人", "专任教师", "2020", 3),
        fact("75.1%", "占教职工数", "2020", 3),
        fact("19", "公办 / 学校数量", "2020", 5, table="表1-1"),
        fact("3", "贡献度", "2020", 20, table="表3-6"),
        fact("7", "贡献度", "2020", 21, table="表3-6"),
    ]
    cur = [
        fact("9456", "教职工数", "2020", 30, table="表1-6"),  # same figure, other wording
        fact("0.95万", "教职工", "2020", 2),  # same within printed precision
        fact("9610", "教职工", "2021", 2),  # this year's: not compared
        fact("7010", "专任教师数", "2020", 31, table="表1-6"),  # planted: disagrees
        fact("75.1%", "占教职工数", "2020", 2),
        fact("18", "公办 / 学校数量", "2020", 7, table="表1-1"),  # disagrees
        fact("5", "贡献度", "2020", 40, table="表3-6"),  # last year ambiguous: silent
        fact("12", "民办 / 学校数量", "2020", 7, table="表1-1"),  # not in last year's
        fact("10139", "教职工总数", "2019", 30, table="表1-6"),
    ]
    checks = judge(cur, prev)
    failed = {c.stated.text: c for c in checks if not c.passed}
    assert set(failed) == {"7010", "18"}
    passed = sorted(c.stated.text for c in checks if c.passed)
    assert passed == ["0.95万", "10139", "75.1%", "9456"]
    c = failed["7010"]
    assert c.rule == "VL501" and c.name == "previous-year-mismatch" and c.severity == "warning"
    assert c.expected.text == "7100人" and c.inputs[0].text == "7100人"
    assert "2020.txt" in c.text("zh") and "2021.txt" in c.text("zh") and "7010" in c.text("en")
    assert c.extra["previous"]["path"] == "2020.txt"


def test_previous_year_figure_in_prose_is_read_with_its_clause() -> None:
    """比上年（3750人）: the analysis gives it the clause's indicator and last year's period."""
    from vetlint.extract.analysis import analyse
    from vetlint.readers import read_bytes

    def analysed(text: str) -> object:
        return analyse(read_bytes(text.encode("utf-8"), "r.txt"))

    prev = analysed("2020年郑州市中等职业教育质量年度报告\n\n全市专业课教师3700人。\n")
    cur = analysed("2021年郑州市中等职业教育质量年度报告\n\n全市专业课教师3788人，比上年（3750人）增加38人。\n")
    [check] = compare(cur, prev)  # type: ignore[arg-type]
    assert not check.passed and check.stated.text == "3750人" and check.expected.text == "3700人"
    cur = analysed("2021年郑州市中等职业教育质量年度报告\n\n全市专业课教师3788人，比上年（3700人）增加88人。\n")
    [check] = compare(cur, prev)  # type: ignore[arg-type]
    assert check.passed


def test_scope_and_kind_must_agree() -> None:
    prev = [fact("120", "在校生", "2020", 3, scope="郑州市"), fact("45%", "在校生", "2020", 4)]
    cur = [fact("99", "在校生", "2020", 3, scope="某学校"), fact("47%", "在校生", "2020", 4)]
    checks = judge(cur, prev)
    assert [c.stated.text for c in checks if not c.passed] == ["47%"]


def test_nothing_to_compare_when_years_do_not_follow() -> None:
    prev = [fact("9456", "教职工", "2020", 1)]
    assert compare(side(PREV, prev), side(PREV, prev)) == []
    assert compare(side(PREV, prev), side(CUR, prev)) == []


def test_fixture_manifest_describes_the_pair() -> None:
    manifest = json.loads((PREVIOUS / "manifest.json").read_text(encoding="utf-8"))
    assert (PREVIOUS / manifest["current"]).exists() and (PREVIOUS / manifest["previous"]).exists()
    assert 3 <= len(manifest["planted"]) <= 4


@pytest.fixture(scope="module")
def fixture_checks():
    from vetlint.api import extract

    manifest = json.loads((PREVIOUS / "manifest.json").read_text(encoding="utf-8"))
    cur = extract(PREVIOUS / manifest["current"])
    prev = extract(PREVIOUS / manifest["previous"])
    return manifest, compare(cur.analysis, prev.analysis)


def test_fixture_pair_finds_every_planted_disagreement_and_nothing_else(fixture_checks) -> None:
    manifest, checks = fixture_checks
    found = sorted((c.stated.text, c.expected.value) for c in checks if not c.passed)
    planted = sorted((p["current"], parse_number(p["previous"]).value)
                     for p in manifest["planted"])
    assert found == planted
    assert all(c.location.line and c.inputs[0].location.line for c in checks)
    # and it did compare the figures that agree (the 2020 columns, 比上年 in prose)
    agreed = {c.stated.text for c in checks if c.passed}
    assert {"9456", "315263", "28100.4", "7100人", "17.26亿元"} <= agreed


def test_cli_previous_option(capsys) -> None:
    from vetlint.cli import main

    manifest = json.loads((PREVIOUS / "manifest.json").read_text(encoding="utf-8"))
    with pytest.raises(SystemExit) as info:
        main(["check", str(PREVIOUS / manifest["current"]), "--previous",
              str(PREVIOUS / manifest["previous"]), "--select", "VL501", "--format", "json",
              "--fail-on", "warning"])
    out = capsys.readouterr().out
    assert info.value.code == 1
    assert out.count('"VL501"') == len(manifest["planted"])
    with pytest.raises(SystemExit) as info:
        main(["check", str(PREVIOUS / manifest["current"]), "--previous", "missing.docx"])
    assert info.value.code == 2
    assert capsys.readouterr().err.startswith("vetlint: error: missing.docx")


def test_html_does_not_mark_last_years_places_in_this_years_text(fixture_checks) -> None:
    import re

    from vetlint.api import read
    from vetlint.checks import ReportResult
    from vetlint.render.html import render
    from vetlint.settings import Settings

    manifest, checks = fixture_checks
    path = str(PREVIOUS / manifest["current"])
    result = ReportResult(path, "docx", "zh", checks=checks)
    page = render([result], Settings(), documents={path: read(path)})
    marked = re.findall(r'<mark class="vl-mark sev-warning" data-judged="[^"]+">([^<]*)<', page)
    assert sorted(marked) == sorted(p["current"] for p in manifest["planted"])
    assert "data-inputs=" not in page


# ------------------------------------------------------------ VL501 as a declared rule

LAST_YEAR = "2020年郑州市中等职业教育质量年度报告\n\n全市专任教师7100人。\n"
THIS_YEAR = "2021年郑州市中等职业教育质量年度报告\n\n全市专任教师7250人，比上年（7010人）增加240人。\n"


def _run_rule(tmp_path: Path, **settings: object) -> list:
    from vetlint.pipeline import check_document
    from vetlint.readers import read_bytes
    from vetlint.settings import Settings

    last = tmp_path / "zhengzhou-2020.md"
    last.write_text(LAST_YEAR, encoding="utf-8")
    doc = read_bytes(THIS_YEAR.encode("utf-8"), "zhengzhou-2021.md")
    s = Settings(previous=str(last), **settings)  # type: ignore[arg-type]
    return [c for c in check_document(doc, s).checks if c.rule == "VL501"]


def test_vl501_is_a_declared_rule() -> None:
    from vetlint.engine.docs import explain, find_rule

    rule = find_rule("VL501")
    assert (rule.kind, rule.pack, rule.severity) == ("previous-year", "previous", "warning")
    assert "--previous" in explain("VL501", "en") and "上年" in explain("VL501", "zh")


def test_vl501_runs_through_the_runner_like_any_rule(tmp_path: Path) -> None:
    (c,) = _run_rule(tmp_path)
    assert not c.passed and c.severity == "warning" and c.stated.text == "7010人"
    assert "zhengzhou-2020.md" in c.message["zh"] and "7100人" in c.message["en"]
    assert _run_rule(tmp_path, ignore=["VL501"]) == []
    assert _run_rule(tmp_path, ignore=["previous"]) == []
    (c,) = _run_rule(tmp_path, select=["previous"], severity={"VL5": "error"})
    assert c.severity == "error"


def test_vl501_without_previous_checks_nothing() -> None:
    from vetlint.engine.runner import run
    from vetlint.readers import read_bytes
    from vetlint.settings import Settings

    doc = read_bytes(THIS_YEAR.encode("utf-8"), "zhengzhou-2021.md")
    assert [c for c in run(doc, Settings(select=["VL501"]))] == []


def test_vl501_unreadable_previous_report_is_one_clear_finding(tmp_path: Path) -> None:
    from vetlint.pipeline import check_document
    from vetlint.readers import read_bytes
    from vetlint.settings import Settings

    doc = read_bytes(THIS_YEAR.encode("utf-8"), "zhengzhou-2021.md")
    (c,) = check_document(doc, Settings(select=["VL501"], previous=str(tmp_path / "gone.docx"))).checks
    assert not c.passed and "gone.docx" in c.message["en"] and "internal_error" not in c.extra


def test_cli_previous_findings_are_baselined_and_waived(tmp_path: Path, capsys) -> None:
    from vetlint.cli import main

    manifest = json.loads((PREVIOUS / "manifest.json").read_text(encoding="utf-8"))
    current, last = str(PREVIOUS / manifest["current"]), str(PREVIOUS / manifest["previous"])
    baseline = tmp_path / "baseline.json"
    with pytest.raises(SystemExit) as info:
        main(["check", current, "--previous", last, "--select", "VL501",
              "--write-baseline", str(baseline)])
    assert info.value.code == 0
    assert f"wrote {len(manifest['planted'])} finding(s)" in capsys.readouterr().err
    with pytest.raises(SystemExit) as info:
        main(["check", current, "--previous", last, "--select", "VL501", "--baseline",
              str(baseline), "--fail-on", "warning", "--format", "json"])
    assert info.value.code == 0  # every VL501 finding is known


def test_previous_report_is_held_to_the_text_size_limit(tmp_path) -> None:
    import pytest as _pytest

    from vetlint.errors import ReadError
    from vetlint.pipeline import load_previous
    from vetlint.settings import Settings

    last = tmp_path / "last-year.txt"
    last.write_text("2020年全市专任教师7100人。\n" * 400, encoding="utf-8")
    with _pytest.raises(ReadError) as info:
        load_previous(str(last), Settings(max_text_bytes=4000))
    assert info.value.code == "too-large" and "last-year.txt" in info.value.message
    assert load_previous(str(last), Settings(max_text_bytes=1 << 20)).document is not None
