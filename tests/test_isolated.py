"""A reviewer's mode: what a submitter controls never configures the check.

A submitted folder may carry a ``vetlint.toml`` (or a ``pyproject.toml`` with
``[tool.vetlint]``) that silences every rule; ``--isolated`` ignores every
configuration file on disk and ``--config FILE`` pins the reviewer's own.
"""

from __future__ import annotations

import shutil
from pathlib import Path

import pytest
from clirun import run as cli

ROOT = Path(__file__).resolve().parents[1]
SEED = ROOT / "fixtures" / "reports" / "xuchang-2019-secondary-vet-quality.txt"



@pytest.fixture()
def submitted(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    """The submitter's folder, with a planted configuration; the reviewer runs inside it."""
    folder = tmp_path / "submitted"
    folder.mkdir()
    shutil.copy(SEED, folder / "report.txt")
    (folder / "vetlint.toml").write_text('ignore = ["VL"]\nfail-on = "never"\n', "utf-8")
    (folder / "pyproject.toml").write_text('[tool.vetlint]\nselect = ["VL000"]\n', "utf-8")
    monkeypatch.chdir(folder)
    return folder


def test_a_planted_configuration_silences_a_plain_run(submitted: Path, capsys: pytest.CaptureFixture[str]) -> None:
    code, out, _ = cli(["check", "report.txt", "-j", "1", "--lang", "en"], capsys)
    assert code == 0 and "0 finding(s)" in out  # why the reviewer's mode exists


def test_isolated_ignores_the_planted_configuration(submitted: Path, capsys: pytest.CaptureFixture[str]) -> None:
    code, out, _ = cli(["check", "report.txt", "--isolated", "-j", "1", "--lang", "en"], capsys)
    assert code == 1 and "error   VL" in out


def test_config_pins_the_reviewers_file(submitted: Path, tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    mine = tmp_path / "reviewer.toml"
    mine.write_text('fail-on = "warning"\n', "utf-8")
    code, out, _ = cli(["check", "report.txt", "--config", str(mine), "-j", "1", "--lang", "en"], capsys)
    assert code == 1 and "error   VL" in out


def test_isolated_and_config_together_is_a_usage_error(submitted: Path, capsys: pytest.CaptureFixture[str]) -> None:
    code, _, err = cli(["check", "report.txt", "--isolated", "--config", "vetlint.toml"], capsys)
    assert code == 2 and "--isolated" in err and err.count("\n") == 1


@pytest.mark.parametrize("command", [["rules"], ["extract", "report.txt", "--format", "text"]])
def test_other_commands_take_isolated(submitted: Path, command: list[str], capsys: pytest.CaptureFixture[str]) -> None:
    (submitted / "vetlint.toml").write_text("max-size = 0.001\nrules = [\"nowhere\"]\n", "utf-8")
    assert cli(command, capsys)[0] == 2  # the planted file breaks the plain run...
    code, out, _ = cli([*command, "--isolated"], capsys)
    assert code == 0 and out  # ...and is never read with --isolated
