"""Console output: snapshots (zh/en, colour/no colour), CJK alignment, carets under the figure."""

from __future__ import annotations

import pytest
from conftest_render import assert_snapshot, sample_results, zh_result
from rich.cells import cell_len

from vetlint.baseline import apply_waivers
from vetlint.render import render
from vetlint.render.console import source_excerpt
from vetlint.settings import Settings, Waiver


@pytest.mark.parametrize("lang", ["zh", "en"])
@pytest.mark.parametrize("color", [False, True])
def test_console_snapshot(lang: str, color: bool) -> None:
    out = render("console", [zh_result()], Settings(lang=lang), color=color, width=100)
    assert_snapshot(f"console-{lang}-{'color' if color else 'plain'}.txt", out)


def test_console_batch_snapshot_lists_every_report_and_summary() -> None:
    out = render("console", sample_results(), Settings(), width=100)
    assert_snapshot("console-batch-plain.txt", out)
    assert "reports/broken.docx" in out and "wrong-format" in out
    # the English report speaks English, the Chinese one Chinese (no --lang)
    assert "the same figure is stated as 1,210 and 1,201" in out
    assert "增长率应为 -8.3%" in out


def test_plain_output_has_no_escape_codes_and_colour_output_has() -> None:
    plain = render("console", [zh_result()], Settings(), color=False)
    coloured = render("console", [zh_result()], Settings(), color=True)
    assert "\x1b[" not in plain
    assert "\x1b[" in coloured


def test_caret_sits_under_the_figure_in_cjk_text() -> None:
    out = render("console", [zh_result()], Settings(lang="zh"), width=100)
    lines = out.splitlines()
    i = next(n for n, line in enumerate(lines) if "44 │ " in line)
    source, caret = lines[i], lines[i + 1]
    start = source.index("1712人")
    assert cell_len(caret[: caret.index("^")]) == cell_len(source[:start])
    assert caret.count("^") == cell_len("1712人")


def test_findings_grouped_by_section_in_document_order_with_summary() -> None:
    out = render("console", [zh_result()], Settings(lang="zh"), width=100)
    assert out.index("1.1办学规模") < out.index("1.3教师队伍")
    assert "报告值" in out and "应为" in out and "依据" in out and "建议" in out
    assert "reports/zhengzhou-2020.txt:212:2" in out and "表1-6 行1 列4" in out
    # rounding decided it: the intervals are shown
    assert "[-8.38%, -8.29%]" in out  # in the printed unit, one digit finer
    assert out.rstrip().splitlines()[-1].startswith("1 份报告，4 项检查，1 项通过；发现 3 项问题")


def test_waived_findings_are_not_shown() -> None:
    result = zh_result()
    target = next(c for c in result.checks if c.rule == "VL101")
    apply_waivers([result], [Waiver(target.fingerprint, "known", "qa")])
    out = render("console", [result], Settings(lang="en"), width=100)
    assert "VL101" not in out
    assert "VL120" in out


def test_include_passed_lists_held_checks() -> None:
    out = render("console", [zh_result()], Settings(lang="en", include_passed=True), width=100)
    assert "✓ VL110 table-total" in out


def test_source_excerpt_expands_tabs_and_trims_long_lines() -> None:
    text, s, e = source_excerpt("\t8.3%", 2, 5)
    assert text[s:e] == "8.3%"
    long = "甲" * 80 + "12.5%" + "乙" * 80
    text, s, e = source_excerpt(long, 81, 85)
    assert text[s:e] == "12.5%"
    assert text.startswith("…") and text.endswith("…")


def test_brackets_in_figures_and_paths_are_printed_literally() -> None:
    result = zh_result()
    result.path = "reports/[red]2020[/red].txt"
    growth = next(c for c in result.checks if c.rule == "VL101")
    growth.stated.label = "[bold]教职工[/bold]"
    out = render("console", [result, zh_result()], Settings(lang="zh"), width=120)
    assert "[bold]教职工[/bold]" in out
    assert "reports/[red]2020[/red].txt" in out


def test_every_read_error_code_has_a_meaning_in_both_languages() -> None:
    import re
    from pathlib import Path

    from vetlint.render import READ_ERRORS, read_error_line

    src = Path(__file__).resolve().parents[1] / "src" / "vetlint"
    codes = {c for f in src.rglob("*.py") for c in re.findall(r'code="([a-z-]+)"', f.read_text("utf-8"))}
    codes -= {"vetlint-error", "read-error", "usage-error", "rule-pack-error"}
    assert codes and codes <= set(READ_ERRORS), codes - set(READ_ERRORS)
    assert all(set(v) == {"zh", "en"} for v in READ_ERRORS.values())
    error = {"code": "encrypted", "message": "the PDF is encrypted"}
    assert read_error_line(error, "zh") == "文件已加密（the PDF is encrypted）[encrypted]"
    assert read_error_line(error, "en") == "the PDF is encrypted [encrypted]"
