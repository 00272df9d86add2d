"""`vetlint extract`: JSON per the extract contract (schema in the package), text, console."""

from __future__ import annotations

import json
from pathlib import Path

import jsonschema
import pytest
from clirun import run

from vetlint.schemas import load_schema

ROOT = Path(__file__).resolve().parents[1]
ZHENGZHOU = ROOT / "fixtures" / "reports" / "zhengzhou-2020-secondary-vet-quality.txt"
DOCX = ROOT / "fixtures" / "derived" / "zhengzhou-2020-tables.docx"


@pytest.mark.parametrize("path", [ZHENGZHOU, DOCX])
def test_extract_json_validates_and_has_sections_tables_numbers(path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    status, out, _ = run(["extract", str(path), "--format", "json"], capsys)
    assert status == 0
    data = json.loads(out)
    jsonschema.Draft202012Validator(load_schema("extract-output")).validate(data)
    assert data["language"] == "zh"
    assert data["sections"] and data["tables"] and data["numbers"]
    assert any((t["caption"] or "").startswith("表1-1") for t in data["tables"])
    texts = {n["text"] for n in data["numbers"]}
    assert "2020年" not in texts  # years are not quantities


def test_extract_text_is_what_locations_refer_to(capsys: pytest.CaptureFixture[str]) -> None:
    status, out, _ = run(["extract", str(ZHENGZHOU), "--format", "text"], capsys)
    assert status == 0
    assert out.splitlines() == ZHENGZHOU.read_text("utf-8").splitlines()
    status, out, _ = run(["extract", str(DOCX), "--format", "text"], capsys)
    assert status == 0 and "表1-1" in out


def test_extract_console_draws_tables_and_numbers(capsys: pytest.CaptureFixture[str]) -> None:
    status, out, _ = run(["extract", str(ZHENGZHOU)], capsys)
    assert status == 0
    assert "§ 1.1规模和结构" in out or "1.1规模和结构" in out
    assert "表1-1" in out and "numbers" in out
    assert "\x1b[" not in out  # not a terminal: no colour


def test_extract_unreadable_is_one_line_exit_2(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    bad = tmp_path / "bad.pdf"
    bad.write_bytes(b"not a pdf")
    status, out, err = run(["extract", str(bad)], capsys)
    assert status == 2 and out == ""
    assert err == f"vetlint: error: {bad}: not a PDF file (no %PDF- header)\n"


def test_extract_numbers_are_the_figures_the_checks_judge(capsys: pytest.CaptureFixture[str]) -> None:
    """One reading: every figure a check states or uses is a number ``extract`` prints,
    at the same place, with the indicator, scope and period the checks compared."""
    import vetlint
    from vetlint.numbers import parse_number

    status, out, _ = run(["extract", str(ZHENGZHOU), "--format", "json"], capsys)
    assert status == 0
    numbers = json.loads(out)["numbers"]
    printed = {(n["location"].get("line"), n["location"].get("column"), n["text"]) for n in numbers}
    judged = set()
    for check in vetlint.check(ZHENGZHOU).checks:
        for fig in (check.stated, *check.inputs):
            # a caption or table number a check points at is a place, not a quantity
            if fig is not None and fig.location.line is not None and parse_number(fig.text):
                judged.add((fig.location.line, fig.location.column, fig.text))
    assert len(judged) > 100
    assert judged <= printed, sorted(judged - printed)[:5]
    teachers = [n for n in numbers if n["indicator"] == "full_time_teachers" and n["source"] == "table"]
    assert teachers and all(n["period"] and "scope" in n and n["role"] for n in teachers)
