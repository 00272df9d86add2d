"""The console at 80 columns (a CI log, a pipe): nothing wider, places never cut, wrapped
lines indented under their column, batch tables keeping the end of names, rules in order."""

from __future__ import annotations

import json
import os
import re
import shutil
import subprocess
import sys
from pathlib import Path

import pytest
from clirun import run
from rich.cells import cell_len

from vetlint.render.console import shorten_left, wrap_atoms

ROOT = Path(__file__).resolve().parents[1]
SEEDS = [Path("fixtures") / "reports" / n for n in (  # relative: as run from the checkout
    "quzhou-2020-secondary-vet-quality.txt", "zhengzhou-2020-secondary-vet-quality.txt",
    "xinxiang-2023-vet-quality.txt", "xuchang-2019-secondary-vet-quality.txt")]


@pytest.fixture(scope="module")
def at_80() -> tuple[str, list[dict]]:
    """The console output of the seeds at COLUMNS=80, and their findings as JSON."""
    env = {"COLUMNS": "80", "PATH": "/usr/bin:/bin", "NO_COLOR": "1"}
    if "PYTHONPATH" in os.environ:  # the code under test, not whatever the venv installed
        env["PYTHONPATH"] = os.environ["PYTHONPATH"]
    vetlint = Path(sys.executable).with_name("vetlint")
    console = subprocess.run([str(vetlint), "check", *map(str, SEEDS)], capture_output=True, text=True,
                             env=env, cwd=ROOT).stdout
    data = subprocess.run([str(vetlint), "check", *map(str, SEEDS), "-f", "json"], capture_output=True,
                          text=True, env=env, cwd=ROOT).stdout
    return console, [(r["path"], f) for r in json.loads(data)["reports"] for f in r["findings"]]


def test_no_line_is_wider_than_80_columns(at_80) -> None:
    console, _ = at_80
    wide = [line for line in console.splitlines() if cell_len(line) > 80]
    assert wide == []


def test_a_place_longer_than_the_line_is_printed_whole(capsys: pytest.CaptureFixture[str], monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("COLUMNS", "80")
    seed = ROOT / SEEDS[1]  # an absolute path: longer than a line with its line and column
    _, out, _ = run(["check", str(seed), "--select", "VL101"], capsys)
    assert f"    {seed}:168:2" in out.splitlines()


def test_places_are_never_cut_or_split(at_80) -> None:
    console, findings = at_80
    assert "…" not in "".join(re.findall(r"\([^()]*\)", console))  # no place ends in an ellipsis
    for path, f in findings:
        loc = f["location"]
        if loc["line"] is not None:
            assert f"{path}:{loc['line']}:{loc['column'] or 1}" in console, f["rule"]
        for fig in f["inputs"]:
            where = fig["location"]
            short = f"{where['line']}:{where['column'] or 1}" if where["line"] is not None else ""
            if short:
                # the whole place, on one line: "(166:2 表1-6 r1 c3)" or "(44:77)"
                assert re.search(rf"\({re.escape(short)}(?: [^()\n]*)?\)", console), (f["rule"], short)


def test_wrapped_lines_are_indented_under_their_column(at_80) -> None:
    console, _ = at_80
    lines = console.splitlines()
    in_finding = False
    for line in lines:
        if re.match(r"^  \S", line):  # a finding's head: "  错误    VL101 …"
            in_finding = True
            continue
        if not line.strip() or not line.startswith(" ") or line.startswith(" 章节"):
            in_finding = False
            continue
        if in_finding:
            assert line.startswith("    "), line
    # a detail row's continuation starts under the value column, not under its key
    continued = [line for line in lines if re.match(r"^ {11}\S", line)]
    assert continued, "some details wrap at 80 columns"


def test_wrap_keeps_places_whole_and_fills_lines() -> None:
    pieces = [("教职工总数 · 2019年 10139", True), (" (166:2 表1-6 r1 c3)", False), (" · ", True),
              ("教职工总数 · 2020年 9456", True), (" (167:2 表1-6 r1 c4)", False)]
    lines = wrap_atoms(pieces, 40)
    assert all(cell_len(line) <= 40 for line in lines)
    joined = "\n".join(lines)
    assert "(166:2 表1-6 r1 c3)" in joined and "(167:2 表1-6 r1 c4)" in joined
    assert wrap_atoms([("x", True), (" (a-place-longer-than-the-line)", False)], 12)[-1] == "(a-place-longer-than-the-line)"


def test_batch_table_keeps_the_end_of_names(tmp_path: Path, capsys: pytest.CaptureFixture[str], monkeypatch: pytest.MonkeyPatch) -> None:
    deep = tmp_path / "a-very-long-folder-name-for-every-school-report" / "2020"
    deep.mkdir(parents=True)
    for name in ("quzhou-2020-secondary-vet-quality.txt", "zhengzhou-2020-secondary-vet-quality.txt"):
        shutil.copy(ROOT / "fixtures" / "reports" / name, deep / name)
    monkeypatch.setenv("COLUMNS", "80")
    _, out, _ = run(["check", str(deep)], capsys)
    rows = [line for line in out.splitlines() if "│" in line and "vet-quality.txt" in line]
    assert len(rows) == 2 and all(cell_len(r) <= 80 for r in rows)
    assert rows[0].startswith("…") and "quzhou-2020-secondary-vet-quality.txt │" in rows[0]
    assert "zhengzhou-2020-secondary-vet-quality.txt │" in rows[1]
    assert shorten_left("reports/abc.txt", 8) == "…abc.txt"


def test_rules_are_listed_by_code_within_80_columns(capsys: pytest.CaptureFixture[str], monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("COLUMNS", "80")
    status, out, _ = run(["rules"], capsys)
    codes = re.findall(r"^(VL\d{3})\b", out, re.MULTILINE)
    assert status == 0 and len(codes) > 30 and codes == sorted(codes) and codes[0] == "VL000"
    assert all(cell_len(line) <= 80 for line in out.splitlines())
