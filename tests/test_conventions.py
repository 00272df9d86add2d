"""The conventions people expect of a linter: stdin, --quiet, --statistics, a concise mode,
--exit-zero, shell completion, FORCE_COLOR, "wrote FILE" notes, a baseline summary,
extract --format yaml."""

from __future__ import annotations

import io
import json
import os
import subprocess
import sys
from collections import Counter
from pathlib import Path

import pytest
import yaml
from clirun import run

ROOT = Path(__file__).resolve().parents[1]
MD = ROOT / "fixtures" / "derived" / "zhengzhou-2020-tables.md"
DOCX = ROOT / "fixtures" / "derived" / "zhengzhou-2020-tables.docx"
VETLINT = Path(sys.executable).with_name("vetlint")


def feed(monkeypatch: pytest.MonkeyPatch, data: bytes) -> None:
    monkeypatch.setattr(sys, "stdin", io.TextIOWrapper(io.BytesIO(data)))


def findings(out: str) -> list[dict]:
    return [f for r in json.loads(out)["reports"] for f in r["findings"]]


# ------------------------------------------------------------------ stdin


@pytest.mark.parametrize("path", [MD, DOCX])
def test_stdin_with_a_filename_checks_like_the_file(path: Path, monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]) -> None:
    status, out, _ = run(["check", str(path), "--format", "json"], capsys)
    expected = [(f["rule"], f["message"], f["location"]) for f in findings(out)]
    feed(monkeypatch, path.read_bytes())
    status2, out2, _ = run(["check", "-", "--stdin-filename", f"report{path.suffix}", "--format", "json"], capsys)
    assert (status2, [(f["rule"], f["message"], f["location"]) for f in findings(out2)]) == (status, expected)
    assert json.loads(out2)["reports"][0]["path"] == f"report{path.suffix}"


def test_stdin_without_a_filename_is_text_and_shows_its_source_lines(monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]) -> None:
    seed = ROOT / "fixtures" / "reports" / "zhengzhou-2020-secondary-vet-quality.txt"
    _, from_file, _ = run(["check", str(seed)], capsys)
    feed(monkeypatch, seed.read_bytes())
    status, out, _ = run(["check", "-"], capsys)
    assert status == 1 and out.startswith("-  ")
    # the same findings with the same source lines (read from stdin, not from a file)
    assert out.replace("-", "").count("│") == from_file.replace(str(seed), "").count("│") > 0
    assert "168 │     6.7%" in out


@pytest.mark.parametrize(
    ("args", "needle"),
    [
        (["check", "-", str(MD)], "cannot be combined"),
        (["check", str(MD), "--stdin-filename", "x.md"], "needs - (stdin)"),
        (["check", "-", "--stdin-filename", "x.doc2"], "names no format"),
    ],
)
def test_stdin_usage_errors(args: list[str], needle: str, monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]) -> None:
    feed(monkeypatch, b"x")
    status, _, err = run(args, capsys)
    assert status == 2 and needle in err


def test_stdin_is_read_only_up_to_the_size_limit(monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]) -> None:
    stream = io.BytesIO(b"a" * 3_000_000)
    monkeypatch.setattr(sys, "stdin", io.TextIOWrapper(stream))
    status, out, _ = run(["check", "-", "--format", "json", "--max-text-size", "1", "--max-size", "1"], capsys)
    assert status == 2 and json.loads(out)["reports"][0]["error"]["code"] == "too-large"
    assert stream.tell() == 1024 * 1024 + 1  # never more than the limit and one byte


# ------------------------------------------------------------------ output modes


def test_quiet_prints_findings_and_nothing_else(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    status, out, err = run(["check", str(MD), "-q"], capsys)
    assert status == 1 and "VL101" in out and "份报告" not in out and "项检查" not in out and err == ""
    clean = tmp_path / "clean.md"
    clean.write_text("全市共有学校58所。\n", "utf-8")
    status, out, err = run(["check", str(clean), "--quiet"], capsys)
    assert (status, out, err) == (0, "", "")
    status, out, err = run(["check", str(MD), "-q", "-o", str(tmp_path / "o.txt")], capsys)
    assert out == "" and err == "" and "VL101" in (tmp_path / "o.txt").read_text("utf-8")


def test_concise_is_one_line_per_finding(capsys: pytest.CaptureFixture[str]) -> None:
    _, out, _ = run(["check", str(MD), "--format", "json"], capsys)
    expected = findings(out)
    status, out, _ = run(["check", str(MD), "--format", "concise"], capsys)
    lines = out.splitlines()
    assert status == 1 and len(lines) == len(expected) + 1 and "项检查" in lines[-1]
    for line, f in zip(lines, expected, strict=False):
        loc = f["location"]
        assert line.startswith(f"{MD}:{loc['line']}:{loc['column']}: {f['rule']} [{f['severity']}] ")
    status, out, _ = run(["check", str(MD), "--format", "concise", "-q"], capsys)
    assert len(out.splitlines()) == len(expected)


def test_statistics_counts_findings_per_rule(capsys: pytest.CaptureFixture[str]) -> None:
    _, out, _ = run(["check", str(ROOT / "fixtures" / "derived"), "--format", "json"], capsys)
    counts = Counter(f["rule"] for f in findings(out))
    status, out, _ = run(["check", str(ROOT / "fixtures" / "derived"), "--statistics", "--format", "json"], capsys)
    data = json.loads(out)
    assert status == 1 and {d["code"]: d["count"] for d in data} == dict(counts)
    assert [d["count"] for d in data] == sorted(counts.values(), reverse=True)
    status, out, _ = run(["check", str(ROOT / "fixtures" / "derived"), "--statistics"], capsys)
    first = out.splitlines()[0].split()
    assert first[:2] == [str(data[0]["count"]), data[0]["code"]]
    assert run(["check", str(MD), "--statistics", "--format", "sarif"], capsys)[0] == 2


def test_exit_zero(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    assert run(["check", str(MD)], capsys)[0] == 1
    assert run(["check", str(MD), "--exit-zero"], capsys)[0] == 0
    broken = tmp_path / "broken.docx"
    broken.write_bytes(b"not a zip")
    assert run(["check", str(MD), str(broken), "--exit-zero"], capsys)[0] == 2  # could not read: still 2


# ------------------------------------------------------------------ files written


def test_every_file_written_is_named_on_stderr(tmp_path: Path, monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]) -> None:
    out_file = tmp_path / "out.json"
    status, out, err = run(["check", str(MD), "--format", "json", "-o", str(out_file)], capsys)
    assert out == "" and err == f"vetlint: wrote {out_file}\n" and json.loads(out_file.read_text("utf-8"))
    status, out, err = run(["extract", str(MD), "--format", "json", "-o", str(tmp_path / "x.json")], capsys)
    assert status == 0 and err == f"vetlint: wrote {tmp_path / 'x.json'}\n"
    summary = tmp_path / "summary.md"
    monkeypatch.setenv("GITHUB_STEP_SUMMARY", str(summary))
    _, _, err = run(["check", str(MD), "--format", "github"], capsys)
    assert f"wrote the job summary to {summary}" in err and summary.exists()
    monkeypatch.chdir(tmp_path)
    status, out, err = run(["init"], capsys)
    assert status == 0 and out == "" and err == "vetlint: wrote vetlint.toml\n"


def test_write_baseline_prints_a_summary_not_the_report(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    baseline = tmp_path / "baseline.json"
    status, out, err = run(["check", str(MD), "--write-baseline", str(baseline)], capsys)
    entries = json.loads(baseline.read_text("utf-8"))["findings"]
    per_rule = Counter(e["rule"] for e in entries)
    assert status == 0 and out == ""
    assert err.startswith(f"vetlint: wrote {len(entries)} finding(s) of 1 report(s) to {baseline} (")
    assert all(f"{code} {n}" in err for code, n in per_rule.items())
    # with --output the report is written too
    status, out, err = run(["check", str(MD), "--write-baseline", str(baseline), "-f", "json", "-o", str(tmp_path / "r.json")], capsys)
    assert status == 0 and len(findings((tmp_path / "r.json").read_text("utf-8"))) == len(entries)


# ------------------------------------------------------------------ extract yaml


def test_extract_yaml_is_the_json_data_and_checks_the_same(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    _, as_json, _ = run(["extract", str(MD), "--format", "json"], capsys)
    status, as_yaml, _ = run(["extract", str(MD), "--format", "yaml"], capsys)
    assert status == 0 and yaml.safe_load(as_yaml) == json.loads(as_json)
    (tmp_path / "r.json").write_text(as_json, "utf-8")
    (tmp_path / "r.yaml").write_text(as_yaml, "utf-8")
    _, a, _ = run(["check", str(tmp_path / "r.json"), "--format", "json"], capsys)
    _, b, _ = run(["check", str(tmp_path / "r.yaml"), "--format", "json"], capsys)
    assert [f["message"] for f in findings(a)] == [f["message"] for f in findings(b)] != []


# ------------------------------------------------------------------ terminal


def test_shell_completion(tmp_path: Path) -> None:
    def complete(words: str, cword: int) -> list[str]:
        env = {**os.environ, "_VETLINT_COMPLETE": "complete_bash", "COMP_WORDS": words, "COMP_CWORD": str(cword)}
        return subprocess.run([str(VETLINT)], env=env, capture_output=True, text=True, check=True).stdout.split()

    assert complete("vetlint ch", 1) == ["check"]
    assert complete("vetlint check --format con", 3) == ["console", "concise"]
    assert "--stdin-filename" in complete("vetlint check --std", 2)
    script = subprocess.run([str(VETLINT), "--show-completion", "bash"], capture_output=True, text=True,
                            env={**os.environ, "SHELL": "/bin/bash"}).stdout
    assert "_VETLINT_COMPLETE=complete_bash" in script


def test_force_color_and_no_color(monkeypatch: pytest.MonkeyPatch) -> None:
    from vetlint import cli

    monkeypatch.setattr(sys.stdout, "isatty", lambda: False, raising=False)
    monkeypatch.delenv("NO_COLOR", raising=False)
    monkeypatch.delenv("FORCE_COLOR", raising=False)
    assert not cli._use_color("console", None, False)
    monkeypatch.setenv("FORCE_COLOR", "1")
    assert cli._use_color("console", None, False)
    assert not cli._use_color("console", None, True)  # the flag wins
    assert not cli._use_color("console", "out.txt", False)  # never into a file
    monkeypatch.setenv("FORCE_COLOR", "0")
    assert not cli._use_color("console", None, False)
    monkeypatch.setenv("FORCE_COLOR", "1")
    monkeypatch.setenv("NO_COLOR", "1")
    assert not cli._use_color("console", None, False)


def test_force_color_colours_a_pipe() -> None:
    env = {k: v for k, v in os.environ.items() if k != "NO_COLOR"}
    plain = subprocess.run([str(VETLINT), "check", str(MD)], capture_output=True, text=True, env=env).stdout
    coloured = subprocess.run([str(VETLINT), "check", str(MD)], capture_output=True, text=True,
                              env={**env, "FORCE_COLOR": "1"}).stdout
    assert "\x1b[" not in plain and "\x1b[" in coloured
