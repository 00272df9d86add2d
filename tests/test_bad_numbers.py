"""Bad numbers and places that cannot be written: one clear line and exit 2, never
"internal error" (``--timeout inf``, ``max-size = nan``, a baseline nested 100,000 deep,
``init`` or the job summary on a read-only place)."""

from __future__ import annotations

import os
from pathlib import Path

import pytest
from clirun import run as cli

from vetlint.batch import time_limit
from vetlint.config import build_settings, load_config

ROOT = Path(__file__).resolve().parents[1]
SEED = ROOT / "fixtures" / "reports" / "xuchang-2019-secondary-vet-quality.txt"



def one_error(err: str, *needles: str) -> None:
    assert err.count("\n") == 1 and err.startswith("vetlint: error: "), err
    assert "internal error" not in err and "Traceback" not in err
    for needle in needles:
        assert needle in err, err


@pytest.mark.parametrize(
    ("flag", "value"),
    [
        ("--timeout", "inf"), ("--timeout", "nan"), ("--timeout", "-1"), ("--timeout", "1e300"),
        ("--max-size", "inf"), ("--max-size", "nan"), ("--max-size", "1e308"), ("--max-size", "0"),
        ("--max-text-size", "inf"), ("--max-memory", "inf"), ("--max-memory", "5"),
    ],
)
def test_bad_numbers_on_the_command_line(flag: str, value: str, capsys: pytest.CaptureFixture[str]) -> None:
    code, out, err = cli(["check", str(SEED), flag, value], capsys)
    assert code == 2 and out == ""
    one_error(err, flag)


def test_jobs_out_of_range(capsys: pytest.CaptureFixture[str]) -> None:
    code, _, err = cli(["check", str(SEED), "--jobs", "100000"], capsys)
    assert code == 2 and "--jobs" in err and err.count("\n") == 1


@pytest.mark.parametrize(
    "line",
    ["max-size = inf", "max-size = nan", "timeout = inf", "timeout = -inf", "max-text-size = 1e400",
     "rel-tolerance = nan", "abs-tolerance = inf", "max-memory = nan", "timeout = 1e309"],
)
def test_bad_numbers_in_the_configuration(tmp_path: Path, line: str, capsys: pytest.CaptureFixture[str]) -> None:
    cfg = tmp_path / "vetlint.toml"
    cfg.write_text(line + "\n", "utf-8")
    code, _, err = cli(["check", str(SEED), "--config", str(cfg)], capsys)
    assert code == 2
    one_error(err, str(cfg), f"'{line.split(' ')[0]}'")


def test_good_numbers_still_work(tmp_path: Path) -> None:
    cfg = tmp_path / "vetlint.toml"
    cfg.write_text("max-size = 0.5\ntimeout = 0\nmax-memory = 0\nrel-tolerance = 0.01\n", "utf-8")
    s = build_settings(load_config(cfg), {"max-text-size": 1})
    assert s.max_bytes == 512 * 1024 and s.timeout is None and s.max_memory is None
    assert s.max_text_bytes == 1024 * 1024 and s.rel_tolerance == 0.01


def test_an_infinite_time_limit_means_none() -> None:
    with time_limit(float("inf")):
        pass


def test_a_baseline_nested_100k_deep(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    deep = tmp_path / "deep.json"
    deep.write_text("[" * 100_000 + "]" * 100_000, "utf-8")
    code, _, err = cli(["check", str(SEED), "--baseline", str(deep)], capsys)
    assert code == 2
    one_error(err, "not a vetlint baseline")


def test_a_configuration_nested_deep(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    cfg = tmp_path / "vetlint.toml"
    cfg.write_text("select = " + "[" * 50_000 + "]" * 50_000 + "\n", "utf-8")
    code, _, err = cli(["check", str(SEED), "--config", str(cfg)], capsys)
    assert code == 2
    one_error(err, str(cfg))


def unwritable(tmp_path: Path) -> Path:
    """A place nothing can be written, even by root: below a regular file."""
    blocker = tmp_path / "file"
    blocker.write_text("x", "utf-8")
    return blocker / "sub"


def test_init_on_a_read_only_place(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    code, out, err = cli(["init", str(unwritable(tmp_path) / "vetlint.toml")], capsys)
    assert code == 2 and out == ""
    one_error(err, "cannot write the configuration")


@pytest.mark.skipif(os.name != "posix" or os.geteuid() == 0, reason="root writes anywhere")
def test_init_in_a_read_only_folder(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    folder = tmp_path / "ro"
    folder.mkdir(mode=0o500)
    code, _, err = cli(["init", str(folder / "vetlint.toml")], capsys)
    assert code == 2
    one_error(err, "cannot write the configuration")


def test_step_summary_on_a_read_only_place(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    monkeypatch.setenv("GITHUB_STEP_SUMMARY", str(unwritable(tmp_path) / "summary.md"))
    code, out, err = cli(["check", str(SEED), "--format", "github", "-j", "1"], capsys)
    assert code == 1  # what the report holds, not what the summary file could not take
    assert out.startswith("::notice title=vetlint summary::")
    assert err.startswith("vetlint: warning: cannot write the job summary") and err.count("\n") == 1
    assert "internal error" not in err


@pytest.mark.parametrize("args", [["--baseline"], ["--write-baseline"], ["--output"]])
def test_side_files_on_a_read_only_place(
    tmp_path: Path, args: list[str], capsys: pytest.CaptureFixture[str]
) -> None:
    code, _, err = cli(["check", str(SEED), *args, str(unwritable(tmp_path) / "x.json")], capsys)
    assert code == 2
    one_error(err)
