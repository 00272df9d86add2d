"""A report that hangs or kills its worker costs only itself: the rest of the batch is checked.

The hang and the crash are simulated (a report that sleeps, a worker that is
SIGKILLed, as the kernel's out-of-memory killer would) by patching ``pipeline.check``
before the worker processes fork, so they inherit the patch.
"""

from __future__ import annotations

import contextlib
import os
import signal
import time
from pathlib import Path

import pytest

from vetlint import pipeline
from vetlint.batch import check_one, run_batch, time_limit
from vetlint.settings import Settings

ROOT = Path(__file__).resolve().parents[1]
SEED = ROOT / "fixtures" / "reports" / "xuchang-2019-secondary-vet-quality.txt"

posix_only = pytest.mark.skipif(not hasattr(signal, "setitimer"), reason="SIGALRM time limits are POSIX-only")


@pytest.fixture()
def reports(tmp_path: Path) -> list[str]:
    text = SEED.read_text("utf-8")
    names = ["a.txt", "hang.txt", "b.txt", "die.txt", "c.txt"]
    for n in names:
        (tmp_path / n).write_text(text, "utf-8")
    return [str(tmp_path / n) for n in names]


@pytest.fixture()
def misbehaving(monkeypatch: pytest.MonkeyPatch) -> None:
    real = pipeline.check

    def check(path, settings=None):  # type: ignore[no-untyped-def]
        name = Path(path).name
        if name == "hang.txt":
            time.sleep(60)
        if name == "die.txt":
            os.kill(os.getpid(), signal.SIGKILL)
        return real(path, settings)

    monkeypatch.setattr(pipeline, "check", check)


@posix_only
def test_time_limit_interrupts_and_restores_the_previous_handler() -> None:
    before = signal.getsignal(signal.SIGALRM)
    started = time.perf_counter()
    with pytest.raises(BaseException) as info, time_limit(0.2):
        time.sleep(10)
    assert type(info.value).__name__ == "ReportTimeout"
    assert time.perf_counter() - started < 5
    assert signal.getsignal(signal.SIGALRM) is before
    with time_limit(None):  # no limit: nothing is armed
        assert signal.getitimer(signal.ITIMER_REAL) == (0.0, 0.0)


@posix_only
def test_a_report_over_the_time_limit_is_an_error_result(misbehaving: None, reports: list[str]) -> None:
    result = check_one(reports[1], Settings(timeout=0.5))
    assert result.error is not None and result.error["code"] == "timeout"
    assert "--timeout" in result.error["message"]
    ok = check_one(reports[0], Settings(timeout=30))
    assert ok.error is None and ok.checks


@posix_only
def test_batch_survives_a_hanging_report_and_a_dying_worker(misbehaving: None, reports: list[str]) -> None:
    results = run_batch(reports, Settings(timeout=1.0), jobs=2, progress=False)
    assert [r.path for r in results] == reports  # input order, every input present
    by_name = {Path(r.path).name: r for r in results}
    assert by_name["hang.txt"].error is not None and by_name["hang.txt"].error["code"] == "timeout"
    assert by_name["die.txt"].error is not None and by_name["die.txt"].error["code"] == "worker-died"
    for name in ("a.txt", "b.txt", "c.txt"):
        assert by_name[name].error is None and by_name[name].checks, name


def test_time_limit_from_the_configuration_and_the_command_line(tmp_path: Path) -> None:
    from vetlint.config import build_settings, load_config

    assert Settings().timeout == 60.0
    cfg = tmp_path / "vetlint.toml"
    cfg.write_text("timeout = 30\n", "utf-8")
    assert build_settings(load_config(cfg)).timeout == 30.0
    assert build_settings(load_config(cfg), {"timeout": 5}).timeout == 5.0  # the flag wins
    assert build_settings(load_config(cfg), {"timeout": 0}).timeout is None  # 0: no limit


@posix_only
def test_a_time_limit_whose_signal_was_swallowed_fires_again() -> None:
    """The alarm can land in a weakref finalizer or ``__del__``, which swallows what it
    raises (loading the packs under ``--timeout 0.05`` once ran on to the end): the limit
    fires again until the work inside stops."""
    from vetlint.batch import ReportTimeout

    started = time.monotonic()
    with pytest.raises(ReportTimeout), time_limit(0.05):
        with contextlib.suppress(ReportTimeout):  # what the garbage collector does with it
            time.sleep(5)
        time.sleep(5)
    assert time.monotonic() - started < 2


@posix_only
def test_cli_reports_a_timed_out_report_as_unreadable(
    misbehaving: None, reports: list[str], capsys: pytest.CaptureFixture[str]
) -> None:
    import json

    from vetlint.cli import main

    with pytest.raises(SystemExit) as info:
        main(["check", "--format", "json", "--jobs", "1", "--fail-on", "never", "--timeout", "0.5", reports[0], reports[1]])
    data = json.loads(capsys.readouterr().out)
    errors = {Path(r["path"]).name: r["error"] for r in data["reports"]}
    assert errors["a.txt"] is None and errors["hang.txt"]["code"] == "timeout"
    assert info.value.code == 2  # an unreadable report: the exit status says so


def test_a_batch_that_shows_only_findings_keeps_counts_not_passed_checks(
    capsys: pytest.CaptureFixture[str],
) -> None:
    import json

    from vetlint.cli import main

    def stats(*flags: str) -> dict:
        with pytest.raises(SystemExit):
            main(["check", "--format", "json", "--jobs", "1", *flags, str(SEED)])
        return json.loads(capsys.readouterr().out)["reports"][0]["stats"]

    def counts(*flags: str) -> dict:
        return {k: v for k, v in stats(*flags).items() if k not in ("seconds", "unjudged")}

    assert counts() == counts("--include-passed") and counts()["passed"] > 0
    assert stats("--include-passed")["unjudged"] > 0 and "unjudged" not in stats()
    result = check_one(str(SEED), Settings(keep_passed=False))
    assert result.dropped_passed > 0 and all(not c.passed for c in result.checks)
    assert result.n_checks == len(check_one(str(SEED), Settings()).checks)
