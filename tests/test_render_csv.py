"""CSV: a header, one row per reported finding, unreadable reports as an error row."""

from __future__ import annotations

import csv
import io

from conftest_render import sample_results, zh_result

from vetlint.render import render
from vetlint.render.csv import COLUMNS
from vetlint.settings import Settings


def rows(text: str) -> list[dict[str, str]]:
    reader = csv.DictReader(io.StringIO(text))
    assert reader.fieldnames == COLUMNS
    return list(reader)


def test_csv_rows() -> None:
    out = rows(render("csv", sample_results(), Settings(lang="en")))
    assert [r["rule"] for r in out] == ["VL101", "VL120", "VL105", "VL130", ""]
    growth = out[0]
    assert growth["path"] == "reports/zhengzhou-2020.txt"
    assert growth["line"] == "212" and growth["table"] == "表1-6"
    assert growth["stated"] == "8.3%" and growth["expected"] == "-8.3%"
    assert growth["inputs"] == "1200@208:2 表1-6 r1 c2; 1100@210:2 表1-6 r1 c3"
    assert out[-1]["path"] == "reports/broken.docx" and out[-1]["error"].startswith("wrong-format: ")


def test_csv_include_passed() -> None:
    out = rows(render("csv", [zh_result()], Settings(include_passed=True)))
    assert [r["passed"] for r in out] == ["false", "false", "false", "true"]
