"""The prose checks on the real reports: real slips found where they are, consistent
relations passed, and (almost) no false alarms; none at all on government work reports."""

from __future__ import annotations

from functools import cache
from pathlib import Path

import pytest

from vetlint.api import read
from vetlint.checks import Check
from vetlint.engine.runner import run
from vetlint.settings import Settings

ROOT = Path(__file__).resolve().parents[1]
REPORTS = ROOT / "fixtures" / "reports"
SEED = {
    "000": REPORTS / "zhengzhou-2020-secondary-vet-quality.txt",
    "001": REPORTS / "xuchang-2019-secondary-vet-quality.txt",
    "002": REPORTS / "zhengzhou-2020-vet-reform-plan.txt",
    "003": REPORTS / "xinxiang-2023-vet-quality.txt",
    "004": REPORTS / "quzhou-2020-secondary-vet-quality.txt",
}
GOV = sorted((ROOT / "fixtures" / "corpus").glob("gov_work_report_2026_*.txt"))

# real slips, verified by hand: (rule, line, stated text)
KNOWN_ERRORS = {
    "000": {
        ("VL418", 1456, "32.1%"),  # the chart's label, where the text's 1185 ÷ 3700 gives 32.0%
        ("VL403", 153, "21.7:1"),  # 205216 ÷ 7100 专任教师 = 28.90:1 (21.7 is on 教职工)
    },
    "001": {
        ("VL402", 18, "10.5%"),  # 204174 人 where 10.5% of 1941 is 204
        ("VL416", 14, "69 25.88"),
        ("VL416", 18, "1682 41"),
    },
    "002": set(),
    "003": {
        ("VL401", 139, "5342人"),  # 345 + 1080 + 3924 = 5349
        ("VL406", 276, "93.7%"),  # 207 / 222 = 93.2%
        ("VL415", 347, "3.66 亿元"),  # 生均 in a total's unit
        ("VL415", 347, "0.7 亿元"),
        ("VL416", 100, "291."),
    },
    "004": {
        ("VL402", 44, "13.84%"),  # 308 / 1712 = 17.99%
    },
}


@cache
def seed_checks(path: Path) -> tuple[Check, ...]:
    return tuple(run(read(path), Settings(select=["VL4"])))  # vet-cn and standards-cn


def find(seed: str, rule: str, line: int, stated: str) -> Check:
    hits = [
        c for c in seed_checks(SEED[seed])
        if c.rule == rule and c.location.line == line and c.stated is not None and c.stated.text == stated
    ]
    assert hits, f"no {rule} check for {stated!r} on line {line} of seed {seed}"
    return hits[0]


def errors(path: Path) -> set[tuple[str, int | None, str]]:
    return {
        (c.rule, c.location.line, c.stated.text if c.stated else "")
        for c in seed_checks(path)
        if not c.passed and c.severity == "error"
    }


@pytest.mark.parametrize("seed", sorted(KNOWN_ERRORS))
def test_known_slips_are_found(seed: str) -> None:
    assert KNOWN_ERRORS[seed] <= errors(SEED[seed])


@pytest.mark.parametrize("seed", sorted(KNOWN_ERRORS))
def test_at_most_one_false_error_per_seed(seed: str) -> None:
    extra = errors(SEED[seed]) - KNOWN_ERRORS[seed]
    assert len(extra) <= 1, extra


@pytest.mark.parametrize("path", GOV, ids=lambda p: p.stem)
def test_government_work_reports_have_no_errors(path: Path) -> None:
    assert GOV, "the government work reports are missing"
    assert errors(path) == set()


def test_seed_003_breakdown_slip_points_at_the_total() -> None:
    c = find("003", "VL401", 139, "5342人")
    assert [f.text for f in c.inputs] == ["345人", "1080人", "3924人"]
    assert c.expected is not None and c.expected.value == pytest.approx(5349)


def test_seed_003_certificate_rate() -> None:
    c = find("003", "VL406", 276, "93.7%")
    assert c.expected is not None and c.expected.text == "93.2%"
    assert [f.text for f in c.inputs] == ["207 名", "222 名"]


def test_seed_004_relative_changes_against_the_adjustment() -> None:
    c = find("004", "VL410", 163, "17%")
    assert [f.text for f in c.inputs] == ["56个", "49个"]
    assert c.expected is not None and c.expected.value == pytest.approx(0.125, abs=0.01)
    # 两年来…削减17% may start from an older base than 56: a warning that says why
    assert not c.passed and c.severity == "warning"
    assert c.note is not None and "两年来" in c.note["zh"]


def test_seed_004_part_time_teacher_share() -> None:
    c = find("004", "VL402", 44, "13.84%")
    assert c.expected is not None and c.expected.text == "17.99%"
    assert [f.text for f in c.inputs] == ["308人", "1712人"]


def test_seed_000_student_teacher_ratio_uses_staff() -> None:
    # 205216 / 7100 专任教师 = 28.90:1; the printed 21.7 is 205216 / 9456 教职工 (truth zz-056)
    c = find("000", "VL403", 153, "21.7:1")
    assert not c.passed and c.severity == "error"
    assert c.extra["definition"] == "教职工"
    assert any(f.text == "9456人" for f in c.inputs)


def test_seed_000_table_numbered_twice() -> None:
    (c,) = [c for c in seed_checks(SEED["000"]) if c.rule == "VL417"]
    assert c.stated is not None and c.stated.text == "表3-6"
    assert sorted(f.location.line for f in c.inputs) == [1107, 1209]


def test_seed_001_garbled_numbers_name_the_meant_digits() -> None:
    c = find("001", "VL402", 18, "10.5%")
    assert c.suggestion == "204174 人 → 204"
    c = find("001", "VL416", 18, "1682 41")
    assert c.suggestion == "1682 41 → 1682"


@pytest.mark.parametrize(
    ("seed", "rule", "line", "stated"),
    [
        ("001", "VL404", 27, "98.26%"),  # 7498 / 7631
        ("001", "VL402", 27, "67.8%"),  # 5080 / 7498
        ("001", "VL408", 27, "49.2%"),  # 3690 / 7498
        ("001", "VL401", 35, "48个"),  # 18 + 18 + 9 + 3
        ("004", "VL402", 103, "50.03%"),  # 4074 / 8143
        ("004", "VL401", 103, "4074人"),
        ("003", "VL411", 351, "33.6 万元"),  # 56 × 6000
        ("003", "VL401", 349, "89922 人次"),  # 80632 + 9234 + 56 (the line is broken in two)
        ("003", "VL405", 152, "51%"),  # 6262 / 12242, 毕业生 from another section
        ("003", "VL404", 148, "98.42%"),  # 870 / 884, one school's 2022 cohort
        ("000", "VL401", 5, "57所"),
        ("000", "VL401", 5, "19所"),
        ("000", "VL402", 153, "75.1%"),
        ("000", "VL410", 242, "0.2个百分点"),
        ("000", "VL418", 1453, "11.7%"),  # the chart's label, against the text's 434 ÷ 3700
        ("000", "VL410", 72, "31.03%"),  # (7.6万 − 5.8万) ÷ 5.8万
        ("000", "VL420", 153, "7100人"),  # prose against 表1-6
        ("004", "VL420", 44, "16.22 : 1"),  # prose against 师资情况一览表
        ("004", "VL431", 44, "16.22 : 1"),  # within 20：1
    ],
)
def test_consistent_relations_pass(seed: str, rule: str, line: int, stated: str) -> None:
    c = find(seed, rule, line, stated)
    assert c.passed, c.message["en"]


def test_seed_000_split_ratio_totals_100() -> None:
    (c,) = [c for c in seed_checks(SEED["000"]) if c.rule == "VL412" and c.location.line == 72]
    assert c.passed and [f.text for f in c.inputs] == ["50.84：49.16"]


def test_seed_000_ratio_above_the_standard_is_a_note() -> None:
    # the standards pack is info by default: a reviewer raises it with a severity override
    c = find("000", "VL431", 153, "21.7:1")
    assert not c.passed and c.severity == "info"


def test_seed_004_partial_lists_are_passed_with_a_note() -> None:
    for line, stated in ((164, "10247人"), (142, "47.49万人次")):
        c = find("004", "VL401", line, stated)
        assert c.passed and c.extra["partial"], c.message["en"]
        assert c.note is not None and "not all of it" in c.note["en"]


def test_every_seed_breakdown_with_a_total_is_checked() -> None:
    counts = {s: sum(1 for c in seed_checks(p) if c.rule == "VL401") for s, p in SEED.items()}
    assert counts["000"] >= 5 and counts["001"] >= 5 and counts["003"] >= 8 and counts["004"] >= 8


@pytest.mark.parametrize("stem", ["zhengzhou-2020-tables", "quzhou-2020-tables"])
def test_same_findings_from_docx_and_pdf(stem: str) -> None:
    derived = ROOT / "fixtures" / "derived"

    def found(path: Path) -> set[tuple[str, str, bool]]:
        return {(c.rule, c.stated.text if c.stated else "", c.passed) for c in seed_checks(path)}

    docx, pdf = found(derived / f"{stem}.docx"), found(derived / f"{stem}.pdf")
    assert docx and docx == pdf


def test_seed_000_change_checked_against_last_years_table_figure() -> None:
    # 具有研究生及以上学历的专任教师801人，较上一年减少了364人: 表1-6 prints 1165 for 2019
    c = find("000", "VL410", 154, "364人")
    assert c.passed
    assert [f.text for f in c.inputs] == ["1165", "801人"]
    assert c.inputs[0].location.table == "表1-6"
