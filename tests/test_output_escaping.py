"""One escape for every human-facing output (``vetlint.render.escape``).

The report and its file name come from a stranger. On the exact bytes vetlint writes:
no line a CI runner would obey (``::`` after leading blanks, ``##[`` or ``##vso[``
anywhere), no control, bidi or non-character that would hide text or break a file
(JUnit and Word comments must stay XML), no spreadsheet formula in the CSV.
"""

from __future__ import annotations

import csv
import io
import json
import os
import re
import subprocess
import sys
import xml.etree.ElementTree as ET
from pathlib import Path

import pytest
from conftest_render import growth_check

from vetlint.checks import ReportResult
from vetlint.render import render
from vetlint.render.csv import cell
from vetlint.render.escape import defuse, guard_output, one_line, safe
from vetlint.settings import Settings

VETLINT = Path(sys.executable).with_name("vetlint")
HOSTILE_NAME = "a\n::error::x.csv"
LABEL = "教职工\n::error file=x::pwned ##[error]boom ##vso[task.setvariable]x"
# Everything that hides or reorders text, breaks a line, or is not XML.
HIDDEN = re.compile("[\x00-\x08\x0b-\x1f\x7f-\x9f\u061c\u200e\u200f\u202a-\u202e\u2066-\u2069"
                    "\u2028\u2029\ud800-\udfff\ufffe\uffff]")


def obeyed_lines(output: bytes) -> list[str]:
    """The lines of ``output`` that GitHub's or Azure's runner would run as a command."""
    text = output.decode("utf-8")
    lines = re.split(r"\r\n|\r|\n", text)
    return [ln for ln in lines if ln.lstrip().startswith("::") or re.search("##(vso)?\\[", ln, re.I)]


def hostile_folder(tmp_path: Path) -> Path:
    """A CSV whose file name and row label carry a newline, commands and controls; its
    growth rate has the wrong sign, so the label is printed in a finding."""
    folder = tmp_path / "submitted"
    folder.mkdir()
    body = (
        '"项目","2019年","2020年","增长率"\n'
        f'"{LABEL}\u202e\x1b[2J","10139","9456","6.7%"\n'
        '"学生","100","110","10.0%"\n'
    )
    (folder / HOSTILE_NAME).write_text(body, encoding="utf-8")
    (folder / "e\x1bx\x01\x08.csv").write_text(body, encoding="utf-8")
    return folder


def run(*args: str) -> subprocess.CompletedProcess[bytes]:
    return subprocess.run([str(VETLINT), *args], capture_output=True, timeout=120)


@pytest.fixture(scope="module")
def folder(tmp_path_factory: pytest.TempPathFactory) -> Path:
    return hostile_folder(tmp_path_factory.mktemp("escaping"))


def test_default_console_output_holds_no_runner_command(folder: Path) -> None:
    done = run("check", str(folder))
    assert done.returncode == 1, done.stderr
    assert b"pwned" in done.stdout and b"boom" in done.stdout  # the label is shown...
    assert obeyed_lines(done.stdout) == []  # ...but no line of it can be obeyed
    assert obeyed_lines(done.stderr) == []
    assert not HIDDEN.search(done.stdout.decode("utf-8"))
    assert b"a\\x0a::error::x.csv" in done.stdout  # the file name on one line, visibly


def test_a_bad_path_on_stderr_is_one_harmless_line(tmp_path: Path) -> None:
    done = run("check", str(tmp_path / "a\n::error::gone.txt"))
    assert done.returncode == 2
    assert done.stderr.count(b"\n") == 1 and obeyed_lines(done.stderr) == []


@pytest.mark.parametrize("fmt", ["html", "junit", "csv", "github"])
def test_other_human_facing_formats_hide_nothing(folder: Path, fmt: str) -> None:
    done = run("check", str(folder), "--format", fmt)
    assert done.returncode == 1, done.stderr
    text = done.stdout.decode("utf-8")
    assert not HIDDEN.search(text)
    if fmt == "github":  # its own commands, one per line, and no other
        assert all(re.match(r"::(error|warning|notice) ", ln) for ln in obeyed_lines(done.stdout))
        assert "##[" not in text
    else:
        assert obeyed_lines(done.stdout) == []


def test_junit_with_control_characters_parses(folder: Path) -> None:
    done = run("check", str(folder), "--format", "junit")
    root = ET.fromstring(done.stdout)
    names = [s.get("name") for s in root.iter("testsuite")]
    assert any("e\\x1bx\\x01\\x08.csv" in (n or "") for n in names), names
    failures = [f.get("message") for f in root.iter("failure")]
    assert failures and all("\\u202e" in m for m in failures)


def test_json_keeps_the_data_and_stays_valid_utf8(tmp_path: Path) -> None:
    """Machine formats keep report text as it is; a file name that is not UTF-8 becomes a
    JSON escape instead of an encoding error."""
    folder = hostile_folder(tmp_path)
    raw = os.fsencode(folder) + b"/bad\xff.csv"
    with open(raw, "wb") as fh:
        fh.write((folder / HOSTILE_NAME).read_bytes())
    done = run("check", str(folder), "--format", "json")
    assert done.returncode == 1, done.stderr
    data = json.loads(done.stdout.decode("utf-8"))
    paths = [r["path"] for r in data["reports"]]
    assert os.fsdecode(raw) in paths and str(folder / HOSTILE_NAME) in paths
    console = run("check", str(folder))
    assert b"bad\\udcff.csv" in console.stdout


def test_csv_cells_are_never_formulas() -> None:
    assert cell("=HYPERLINK(\"http://x\",\"y\")").startswith("'=")
    assert cell("+1+cmd|' /C calc'!A0").startswith("'")
    assert cell("-1+cmd|' /C calc'!A0").startswith("'")
    assert cell("@SUM(A1)").startswith("'")
    assert cell("-6.7%") == "-6.7%" and cell("-1,234.5") == "-1,234.5" and cell(12) == 12
    check = growth_check()
    check.message = {"zh": "=HYPERLINK(\"http://evil\")", "en": "=HYPERLINK(\"http://evil\")"}
    out = render("csv", [ReportResult("=cmd.csv", "sheet", "zh", checks=[check])], Settings())
    row = next(csv.DictReader(io.StringIO(out.removeprefix("\ufeff"))))  # the BOM Excel reads
    assert row["message"].startswith("'=") and row["path"] == "'=cmd.csv"
    assert row["expected"] == "-8.3%"


def test_word_comments_stay_xml(tmp_path: Path) -> None:
    from vetlint.annotate import comment_lines

    check = growth_check()
    check.message = {"zh": "a\x01b\ud800c\ufffe\n::error::x", "en": "x"}
    (first, *_rest) = comment_lines(check, "zh")
    assert "\\x01" in first and "\\ud800" in first and "\\ufffe" in first
    assert "\n" not in first and not HIDDEN.search(first)


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("::error::x", "\\x3a:error::x"),
        ("  \u3000::warning::x", "  \u3000\\x3a:warning::x"),
        ("ok\n\t::set-output name=a::b", "ok\n\t\\x3a:set-output name=a::b"),
        ("a ##[error]b", "a \\x23#[error]b"),
        ("a ##VSO[task.complete]b", "a \\x23#VSO[task.complete]b"),
        ("a:: b ## [c] 10:30", "a:: b ## [c] 10:30"),  # ordinary text is left alone
    ],
)
def test_defuse(text: str, expected: str) -> None:
    assert defuse(text) == expected
    assert obeyed_lines(defuse(text).encode()) == []


def test_escapes_are_one_table() -> None:
    assert safe("\x1b[2J\u202e\x85") == "\\x1b[2J\\u202e\\x85"
    assert one_line("a\nb\tc") == "a\\x0ab\\x09c"
    assert safe("a\nb\tc") == "a\nb\tc"
    assert guard_output("\x1b[1m::x\x1b[0m", keep_ansi=True) == "\x1b[1m::x\x1b[0m"
    assert guard_output("  ::x\x07") == "  \\x3a:x\\x07"
