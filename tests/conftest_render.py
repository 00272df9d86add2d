"""Hand-built results for renderer tests: the shapes the engine produces, fixed by hand."""

from __future__ import annotations

import os
from pathlib import Path

from vetlint.checks import Check, Expected, Figure, ReportResult
from vetlint.document import Location


def _loc(line: int, column: int, end: int, **kw: object) -> Location:
    return Location(line=line, column=column, end_line=line, end_column=end, **kw)


def growth_check() -> Check:
    stated = Figure("8.3%", 0.083, _loc(212, 2, 5, table="表1-6", row=1, col=4, section="1.3教师队伍"), 0.0825, 0.0835, "教职工总数 增长率")
    return Check(
        rule="VL101",
        name="table-growth-rate",
        severity="error",
        passed=False,
        message={"zh": "增长率应为 -8.3%（1200 → 1100），报告写作 8.3%", "en": "growth rate should be -8.3% (1200 → 1100); the report says 8.3%"},
        location=stated.location,
        stated=stated,
        expected=Expected(-0.08333, -0.08375, -0.08291, "-8.3%"),
        inputs=[
            Figure("1200", 1200, _loc(208, 2, 5, table="表1-6", row=1, col=2), 1199.5, 1200.5, "2019年"),
            Figure("1100", 1100, _loc(210, 2, 5, table="表1-6", row=1, col=3), 1099.5, 1100.5, "2020年"),
        ],
        suggestion="-8.3%",
        pack="core",
        kind="table-growth",
        note={"zh": "按印刷精度取区间后仍不相交", "en": "the intervals implied by the printed precision do not meet"},
        extra={"source": "\t8.3%"},
    )


def sum_check() -> Check:
    loc = _loc(44, 13, 17, section="1.1办学规模")
    return Check(
        rule="VL120",
        name="prose-breakdown-sum",
        severity="warning",
        passed=False,
        message={"zh": "分项之和为 1700 人，与总数 1712 人不符", "en": "the parts add up to 1700, not the total 1712"},
        location=loc,
        stated=Figure("1712人", 1712, loc, 1711.5, 1712.5, "专任教师"),
        expected=Expected(1700, 1699, 1701, "1700人"),
        inputs=[
            Figure("1200人", 1200, _loc(44, 25, 29), label="公办"),
            Figure("500人", 500, _loc(44, 36, 39), label="民办"),
        ],
        suggestion="1700人",
        pack="core",
        kind="prose-breakdown",
        extra={"source": "全市中职学校共有专任教师1712人，其中公办1200人，民办500人。"},
    )


def truncation_check() -> Check:
    loc = _loc(90, 8, 11, section="1.1办学规模")
    return Check(
        rule="VL105",
        name="share-truncated",
        severity="info",
        passed=False,
        message={"zh": "占比按截断而非四舍五入印刷（6.17% → 6.1%）", "en": "share printed truncated rather than rounded (6.17% → 6.1%)"},
        location=loc,
        stated=Figure("6.1%", 0.061, loc, 0.0605, 0.0615),
        expected=Expected(0.0617, 0.0616, 0.0618, "6.2%"),
        pack="core",
        kind="share",
        note={"zh": "截断时成立", "en": "holds under truncation"},
        extra={"source": "其中民办学校占6.1%。"},
    )


def passed_check() -> Check:
    loc = _loc(120, 3, 6, section="1.2设施设备")
    return Check(
        rule="VL110",
        name="table-total",
        severity="error",
        passed=True,
        message={"zh": "合计 437.58 与各项之和一致", "en": "total 437.58 equals the sum of its parts"},
        location=loc,
        stated=Figure("437.58", 437.58, loc, 437.575, 437.585),
        pack="core",
        kind="table-total",
    )


def zh_result() -> ReportResult:
    return ReportResult(
        path="reports/zhengzhou-2020.txt",
        format="text",
        language="zh",
        checks=[passed_check(), truncation_check(), growth_check(), sum_check()],
        seconds=0.5,
    )


def en_result() -> ReportResult:
    loc = _loc(3, 21, 25, section="Enrolment")
    return ReportResult(
        path="reports/annual-report.md",
        format="markdown",
        language="en",
        checks=[
            Check(
                rule="VL130",
                name="repeated-figure",
                severity="error",
                passed=False,
                message={"zh": "同一指标前后不一致：1,210 与 1,201", "en": "the same figure is stated as 1,210 and 1,201"},
                location=loc,
                stated=Figure("1,210", 1210, loc, label="students"),
                expected=Expected(1201, 1201, 1201, "1,201"),
                inputs=[Figure("1,201", 1201, _loc(9, 5, 9), label="students")],
                pack="core",
                kind="repeat",
                extra={"source": "In 2020 we enrolled 1,210 students, 7% more than in 2019."},
            )
        ],
    )


def unreadable_result() -> ReportResult:
    return ReportResult(
        path="reports/broken.docx",
        format="docx",
        language="zh",
        error={"code": "wrong-format", "message": "not a .docx file (it is not a ZIP/OOXML package)"},
    )


def sample_results() -> list[ReportResult]:
    return [zh_result(), en_result(), unreadable_result()]


SNAPSHOTS = Path(__file__).parent / "snapshots"


def assert_snapshot(name: str, text: str) -> None:
    """Compare with tests/snapshots/NAME; VETLINT_UPDATE_SNAPSHOTS=1 rewrites it instead."""
    path = SNAPSHOTS / name
    if os.environ.get("VETLINT_UPDATE_SNAPSHOTS") == "1":
        SNAPSHOTS.mkdir(exist_ok=True)
        path.write_text(text, encoding="utf-8")
        return
    assert path.exists(), f"snapshot {name} is missing; run with VETLINT_UPDATE_SNAPSHOTS=1"
    expected = path.read_text(encoding="utf-8")
    assert text == expected, f"console output differs from tests/snapshots/{name}"
