"""The command line: arguments, exit codes, one-line errors, start-up time, end-to-end runs."""

from __future__ import annotations

import csv
import io
import json
import shutil
import subprocess
import sys
import xml.etree.ElementTree as ET
from pathlib import Path

import jsonschema
import pytest
from clirun import run

from vetlint.schemas import load_schema

ROOT = Path(__file__).resolve().parents[1]
REPORTS = ROOT / "fixtures" / "reports"
VETLINT = Path(sys.executable).with_name("vetlint")
SARIF_SCHEMA = json.loads((Path(__file__).parent / "data" / "sarif-2.1.0-subset.schema.json").read_text("utf-8"))


def test_help_imports_nothing_heavy() -> None:
    """What keeps `vetlint --help` fast (its time is measured by bench/speed.py, not here)."""
    code = (
        "import sys, time; t = time.perf_counter(); import vetlint.cli; "
        "heavy = [m for m in ('pandas', 'pint', 'rich.console', 'vetlint.engine', 'vetlint.readers.text', 'yaml') if m in sys.modules]; "
        "print(heavy, time.perf_counter() - t)"
    )
    out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True).stdout
    assert out.startswith("[]"), out
    proc = subprocess.run([str(VETLINT), "--help"], capture_output=True, text=True)
    assert proc.returncode == 0 and "check" in proc.stdout


def test_version(capsys: pytest.CaptureFixture[str]) -> None:
    from vetlint import __version__

    assert run(["--version"], capsys)[:2] == (0, f"vetlint {__version__}\n")


@pytest.mark.parametrize(
    ("args", "needle"),
    [
        (["check", "no-such-report.txt"], "no-such-report.txt: no such file or directory"),
        (["check", "--format", "xml", "x.txt"], "Invalid value for --format"),
        (["check", "--bogus"], "No such option: --bogus"),
        (["check", "--jobs", "0", "x.txt"], "--jobs"),
        (["check", "--lang", "fr", "x.txt"], "Invalid value for --lang"),
        (["check", "--fail-on", "fatal", "x.txt"], "--fail-on"),
        (["check", "nothing-*.txt"], "no files match this pattern"),
        (["check"], "Missing argument"),
        (["explain", "VL999"], "no rule 'VL999'"),
        (["extract", "no-such.txt"], "no-such.txt: no such file"),
        (["check", "--config", "missing.toml", "x.txt"], "missing.toml: configuration file not found"),
        (["check", "--baseline", "missing.json", str(REPORTS)], "missing.json: baseline file not found"),
    ],
)
def test_usage_errors_are_one_line_exit_2(args: list[str], needle: str, capsys: pytest.CaptureFixture[str]) -> None:
    status, _, err = run(args, capsys)
    assert status == 2
    assert err.count("\n") == 1 and err.startswith("vetlint: error: "), err
    assert needle in err
    assert "Traceback" not in err


def test_bad_config_is_exit_2_with_file_and_key(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    cfg = tmp_path / "vetlint.toml"
    cfg.write_text('fail-on = "sometimes"\n', "utf-8")
    status, _, err = run(["check", "--config", str(cfg), str(REPORTS)], capsys)
    assert status == 2 and str(cfg) in err and "'fail-on'" in err


def test_broken_rule_pack_is_exit_2(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    packs = tmp_path / "packs"
    packs.mkdir()
    (packs / "bad.yaml").write_text("pack: [unclosed\n", "utf-8")
    status, _, err = run(["check", "--rules", str(packs), str(REPORTS)], capsys)
    assert status == 2 and "bad.yaml" in err and err.count("\n") == 1
    status, _, err = run(["check", "--rules", str(tmp_path / "none"), str(REPORTS)], capsys)
    assert status == 2 and "none" in err


def test_init_writes_then_refuses(tmp_path: Path, capsys: pytest.CaptureFixture[str], monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.chdir(tmp_path)
    assert run(["init"], capsys)[0] == 0
    assert (tmp_path / "vetlint.toml").read_text("utf-8").startswith("# vetlint configuration")
    status, _, err = run(["init"], capsys)
    assert status == 2 and "already exists" in err


def test_rules_and_explain(capsys: pytest.CaptureFixture[str]) -> None:
    status, out, _ = run(["rules"], capsys)
    assert status == 0 and "VL101" in out and "table-growth-rate" in out and "core" in out
    status, out, _ = run(["explain", "VL101", "--lang", "en", "--format", "markdown"], capsys)
    assert status == 0 and out.startswith("# VL101 table-growth-rate")


def test_color_only_on_a_terminal_without_no_color(monkeypatch: pytest.MonkeyPatch) -> None:
    from vetlint import cli

    monkeypatch.setattr(sys.stdout, "isatty", lambda: True, raising=False)
    monkeypatch.delenv("NO_COLOR", raising=False)
    assert cli._use_color("console", None, False)
    assert not cli._use_color("console", None, True)
    assert not cli._use_color("json", None, False)
    assert not cli._use_color("console", "out.txt", False)
    monkeypatch.setenv("NO_COLOR", "1")
    assert not cli._use_color("console", None, False)


# --- end to end on the real reports -------------------------------------------------------


def check_json(args: list[str], capsys: pytest.CaptureFixture[str]) -> tuple[int, dict]:
    status, out, err = run(["check", "--format", "json", "--jobs", "1", *args], capsys)
    assert "Traceback" not in err
    data = json.loads(out)
    jsonschema.Draft202012Validator(load_schema("check-output")).validate(data)
    return status, data


def edit_figure(path: Path, fig: dict) -> str:
    """Change the last digit of a figure where it stands in the file; returns the new text."""
    loc = fig["location"]
    lines = path.read_text("utf-8").split("\n")
    line = lines[loc["line"] - 1]
    start, end = loc["column"] - 1, loc["end_column"]
    old = line[start:end]
    assert old.strip(), (fig, line)
    digits = [i for i, ch in enumerate(old) if ch.isdigit()]
    i = digits[-1]
    new = old[:i] + str((int(old[i]) + 3) % 10) + old[i + 1 :]
    lines[loc["line"] - 1] = line[:start] + new + line[end:]
    path.write_text("\n".join(lines), "utf-8")
    return new


def figures_of(finding: dict) -> list[dict]:
    return [f for f in [finding["stated"], *finding["inputs"]] if f]


@pytest.fixture
def report_copy(tmp_path: Path) -> Path:
    target = tmp_path / "zhengzhou-2020.txt"
    shutil.copyfile(REPORTS / "zhengzhou-2020-secondary-vet-quality.txt", target)
    return target


def test_check_real_report_every_format(report_copy: Path, tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    status, data = check_json([str(report_copy), "--include-passed"], capsys)
    report = data["reports"][0]
    assert report["error"] is None and report["stats"]["checks"] > 0
    assert len(report["passed"]) == report["stats"]["passed"]
    assert status == (1 if data["summary"]["errors"] else 0)
    for fmt in ("console", "sarif", "github", "junit", "csv"):
        out_file = tmp_path / f"out.{fmt}"
        s, out, err = run(["check", str(report_copy), "--format", fmt, "--jobs", "1", "--output", str(out_file)], capsys)
        assert s == status and out == "" and err == f"vetlint: wrote {out_file}\n"
        assert out_file.read_text("utf-8").strip()
    sarif = json.loads((tmp_path / "out.sarif").read_text("utf-8"))
    jsonschema.Draft7Validator(SARIF_SCHEMA).validate(sarif)
    assert len(sarif["runs"][0]["results"]) == len(report["findings"])
    junit = ET.fromstring((tmp_path / "out.junit").read_text("utf-8").split("\n", 1)[1])
    assert junit.get("tests") == str(report["stats"]["checks"])
    assert junit.get("failures") == str(report["stats"]["failed"])
    rows = list(csv.DictReader(io.StringIO((tmp_path / "out.csv").read_text("utf-8-sig"))))
    assert [r["fingerprint"] for r in rows] == [f["fingerprint"] for f in report["findings"]]


def test_github_format_writes_step_summary(report_copy: Path, tmp_path: Path, capsys: pytest.CaptureFixture[str], monkeypatch: pytest.MonkeyPatch) -> None:
    summary = tmp_path / "summary.md"
    monkeypatch.setenv("GITHUB_STEP_SUMMARY", str(summary))
    run(["check", str(report_copy), "--format", "github", "--jobs", "1"], capsys)
    assert summary.read_text("utf-8").startswith("## vetlint")


def test_baseline_round_trip(report_copy: Path, tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    baseline = tmp_path / "baseline.json"
    status, _, err = run(["check", str(report_copy), "--jobs", "1", "--write-baseline", str(baseline), "--format", "json"], capsys)
    assert status == 0 and "wrote" in err
    status, data = check_json([str(report_copy), "--baseline", str(baseline), "--include-passed"], capsys)
    report = data["reports"][0]
    assert status == 0 and report["findings"] == []
    assert report["stats"]["baseline_unchanged"] == report["stats"]["failed"]
    # edit a figure that a held check judged: exactly the findings involving it are new
    held = next(c for c in report["passed"] if c["stated"] and c["stated"]["location"]["line"] and c["stated"]["location"].get("end_column") and any(ch.isdigit() for ch in c["stated"]["text"]))
    edited = held["stated"]["location"]
    edit_figure(report_copy, held["stated"])
    status, data = check_json([str(report_copy), "--baseline", str(baseline)], capsys)
    new = data["reports"][0]["findings"]
    assert new, "editing a figure a check relied on must produce a new finding"
    for finding in new:
        assert finding["baseline_state"] == "new"
        assert any(
            (f["location"]["line"], f["location"]["column"]) == (edited["line"], edited["column"])
            for f in figures_of(finding)
        ), finding
    # SARIF keeps every result and marks its baseline state
    _, out, _ = run(["check", str(report_copy), "--baseline", str(baseline), "--format", "sarif", "--jobs", "1"], capsys)
    states = {r["baselineState"] for r in json.loads(out)["runs"][0]["results"]}
    assert states <= {"new", "unchanged"} and "new" in states


def test_waiver_silences_then_lapses(report_copy: Path, tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    _, data = check_json([str(report_copy)], capsys)
    findings = [f for f in data["reports"][0]["findings"] if f["stated"] and f["stated"]["location"].get("end_column")]
    if not findings:
        pytest.skip("the engine reports no finding with a located figure on this report")
    target = findings[0]
    cfg = tmp_path / "vetlint.toml"
    cfg.write_text(f'[[waivers]]\nfingerprint = "{target["fingerprint"]}"\nreason = "checked by hand"\nwho = "qa"\n', "utf-8")
    _, data = check_json([str(report_copy), "--config", str(cfg)], capsys)
    shown = data["reports"][0]["findings"]
    assert target["fingerprint"] not in {f["fingerprint"] for f in shown}
    assert "VL000" not in {f["rule"] for f in shown}
    assert data["reports"][0]["stats"]["waived"] == 1
    edit_figure(report_copy, target["stated"])
    _, data = check_json([str(report_copy), "--config", str(cfg), "--fail-on", "info"], capsys)
    rules = [f["rule"] for f in data["reports"][0]["findings"]]
    assert "VL000" in rules  # the waiver no longer matches: reported
    assert data["reports"][0]["stats"]["waived"] == 0


def test_select_ignore_lang_and_max_size(report_copy: Path, capsys: pytest.CaptureFixture[str]) -> None:
    _, data = check_json([str(report_copy), "--include-passed"], capsys)
    ran = {c["rule"] for c in data["reports"][0]["findings"] + data["reports"][0]["passed"]}
    assert len(ran) > 1
    one = sorted(ran)[0]
    _, data = check_json([str(report_copy), "--include-passed", "--select", one], capsys)
    report = data["reports"][0]
    assert {c["rule"] for c in report["findings"] + report["passed"]} == {one}
    _, data = check_json([str(report_copy), "--include-passed", "--ignore", f"{one},vl5"], capsys)
    report = data["reports"][0]
    assert one not in {c["rule"] for c in report["findings"] + report["passed"]}
    _, data = check_json([str(report_copy), "--lang", "en"], capsys)
    for f in data["reports"][0]["findings"]:
        assert f["message"] == f["messages"]["en"]
    status, data = check_json([str(report_copy), "--max-size", "0.001"], capsys)
    assert status == 2 and data["reports"][0]["error"]["code"] == "too-large"


def test_config_file_applies_and_flags_override(report_copy: Path, tmp_path: Path, capsys: pytest.CaptureFixture[str], monkeypatch: pytest.MonkeyPatch) -> None:
    (tmp_path / "vetlint.toml").write_text('fail-on = "never"\nlang = "en"\n', "utf-8")
    monkeypatch.chdir(tmp_path)  # found upward from the working directory
    status, data = check_json([str(report_copy)], capsys)
    assert status == 0
    assert all(f["message"] == f["messages"]["en"] for f in data["reports"][0]["findings"])
    assert data["summary"]["errors"] > 0  # the real report has slips; "never" hid them
    status, _ = check_json([str(report_copy), "--fail-on", "error"], capsys)
    assert status == 1
