"""CSV: a header, one row per reported finding, unreadable reports as an error row."""

from __future__ import annotations

import csv
import io
from pathlib import Path

import pytest
from clirun import run
from conftest_render import sample_results, zh_result

from vetlint.render import render
from vetlint.render.csv import COLUMNS
from vetlint.settings import Settings


def rows(text: str) -> list[dict[str, str]]:
    assert text.startswith("\ufeff")  # Excel on a Chinese Windows reads it as UTF-8
    reader = csv.DictReader(io.StringIO(text.removeprefix("\ufeff")))
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


def test_csv_interval_ends_are_at_the_printed_precision() -> None:
    growth = rows(render("csv", sample_results(), Settings(lang="en")))[0]
    assert growth["expected"] == "-8.3%"
    assert (growth["expected_low"], growth["expected_high"]) == ("-0.0838", "-0.0829")


def test_csv_file_opens_as_utf8_with_bom(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    out = tmp_path / "out.csv"
    report = Path(__file__).resolve().parents[1] / "fixtures" / "derived" / "zhengzhou-2020-tables.md"
    status, _, _ = run(["check", str(report), "-f", "csv", "-o", str(out)], capsys)
    data = out.read_bytes()
    assert status == 1 and data.startswith(b"\xef\xbb\xbf") and data.count(b"\xef\xbb\xbf") == 1
    assert "教职工总数" in data.decode("utf-8-sig")
