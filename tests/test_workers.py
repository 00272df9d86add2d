"""Workers: every report under a memory cap, a dead worker replaced, nothing checked twice.

Misbehaviour is simulated by patching ``pipeline.check`` before the workers fork (they
inherit the patch): a report that kills its process, one that allocates without end,
one stuck where SIGALRM cannot reach it. Each call is logged to a file with its
process id and its start and end, so the tests see which process ran what, when.
"""

from __future__ import annotations

import json
import os
import signal
import time
from pathlib import Path

import pytest

from vetlint import pipeline, workers
from vetlint.batch import run_batch, run_isolated
from vetlint.errors import ReadError
from vetlint.files import FileTooLarge
from vetlint.settings import Settings

ROOT = Path(__file__).resolve().parents[1]
SEED = ROOT / "fixtures" / "reports" / "xuchang-2019-secondary-vet-quality.txt"
pytestmark = pytest.mark.skipif(not workers.available(), reason="forked workers are POSIX-only")


@pytest.fixture()
def log(tmp_path: Path) -> Path:
    return tmp_path / "calls.jsonl"


def calls(log: Path) -> list[dict]:
    return [json.loads(line) for line in log.read_text("utf-8").splitlines()] if log.exists() else []


@pytest.fixture()
def misbehaving(monkeypatch: pytest.MonkeyPatch, log: Path) -> None:
    real = pipeline.check

    def check(path, settings=None):  # type: ignore[no-untyped-def]
        name = Path(path).name
        started = time.monotonic()
        with log.open("a", encoding="utf-8") as fh:
            fh.write(json.dumps({"name": name, "pid": os.getpid(), "event": "start", "t": started}) + "\n")
        if name.startswith("die"):
            os.kill(os.getpid(), signal.SIGKILL)
        if name.startswith("hog"):
            hoard = [bytearray(64 << 20) for _ in range(64)]  # 4 GB, 64 MB at a time
            del hoard
        if name.startswith("stuck"):
            signal.pthread_sigmask(signal.SIG_BLOCK, [signal.SIGALRM])  # the soft limit cannot fire
            time.sleep(30)
        if name.startswith("slow"):
            time.sleep(0.4)
        if name.startswith("bloat"):  # near the cap, then a library's misleading error
            block = bytearray(260 << 20)
            block[:: 4096] = b"\x01" * len(range(0, len(block), 4096))  # touch every page
            del block
            from vetlint.checks import ReportResult

            return ReportResult(path, "text", "zh", error={"code": "corrupt", "message": "zlib error -4"})
        result = real(path, settings)
        with log.open("a", encoding="utf-8") as fh:
            fh.write(json.dumps({"name": name, "pid": os.getpid(), "event": "end", "t": time.monotonic()}) + "\n")
        return result

    monkeypatch.setattr(pipeline, "check", check)


def reports(tmp_path: Path, names: list[str]) -> list[str]:
    text = SEED.read_text("utf-8")
    for n in names:
        (tmp_path / n).write_text(text, "utf-8")
    return [str(tmp_path / n) for n in names]


def test_a_dead_worker_is_replaced_and_nothing_is_checked_twice(
    misbehaving: None, tmp_path: Path, log: Path
) -> None:
    names = ["a.txt", "die.txt", *(f"slow{i}.txt" for i in range(6))]
    results = run_batch(reports(tmp_path, names), Settings(), jobs=2, progress=False)
    assert [Path(r.path).name for r in results] == names
    by_name = {Path(r.path).name: r for r in results}
    assert by_name["die.txt"].error["code"] == "worker-died"
    assert "SIGKILL" not in by_name["die.txt"].error["message"] and "killed" in by_name["die.txt"].error["message"]
    assert all(by_name[n].error is None and by_name[n].checks for n in names if n != "die.txt")
    starts = [c["name"] for c in calls(log) if c["event"] == "start"]
    assert sorted(starts) == sorted(names)  # each report started exactly once: none re-run
    # after the death the batch still runs two at a time: some slow reports overlap
    spans = {}
    for c in calls(log):
        spans.setdefault(c["name"], {})[c["event"]] = (c["t"], c["pid"])
    slow = [spans[n] for n in names if n.startswith("slow")]
    overlapping = [
        (a, b) for i, a in enumerate(slow) for b in slow[i + 1 :]
        if a["start"][0] < b["end"][0] and b["start"][0] < a["end"][0] and a["start"][1] != b["start"][1]
    ]
    assert overlapping, "the slow reports ran one at a time after the worker died"


def test_a_report_over_the_memory_cap_is_too_large(misbehaving: None, tmp_path: Path) -> None:
    paths = reports(tmp_path, ["hog.txt", "b.txt"])
    started = time.monotonic()
    results = run_batch(paths, Settings(max_memory=300 << 20), jobs=1, progress=False)
    assert time.monotonic() - started < 30
    assert results[0].error["code"] == "too-large" and "300 MB" in results[0].error["message"]
    assert "--max-memory" in results[0].error["message"]
    assert results[1].error is None and results[1].checks


def test_an_error_at_the_memory_cap_is_too_large_and_the_worker_replaced(
    misbehaving: None, tmp_path: Path, log: Path
) -> None:
    paths = reports(tmp_path, ["bloat.txt", "b.txt"])
    results = run_batch(paths, Settings(max_memory=300 << 20), jobs=1, progress=False)
    assert results[0].error["code"] == "too-large" and "300 MB" in results[0].error["message"]
    assert results[1].error is None
    pids = {c["name"]: c["pid"] for c in calls(log) if c["event"] == "start"}
    assert pids["bloat.txt"] != pids["b.txt"]  # a fresh worker after one came near its cap


def test_a_worker_stuck_past_its_time_limit_is_ended(
    misbehaving: None, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setattr(workers, "GRACE_SECONDS", 0.5)
    paths = reports(tmp_path, ["stuck.txt", "b.txt", "c.txt"])
    started = time.monotonic()
    results = run_batch(paths, Settings(timeout=0.5), jobs=2, progress=False)
    assert time.monotonic() - started < 15
    assert results[0].error["code"] == "timeout" and "process was ended" in results[0].error["message"]
    assert results[1].error is None and results[2].error is None


def test_a_single_report_is_checked_in_a_capped_worker(misbehaving: None, tmp_path: Path, log: Path) -> None:
    (result,) = run_batch(reports(tmp_path, ["a.txt"]), Settings(), jobs=1, progress=False)
    assert result.error is None
    (start,) = [c for c in calls(log) if c["event"] == "start"]
    assert start["pid"] != os.getpid()


def test_the_memory_cap_is_set_in_the_worker_only() -> None:
    assert workers.limit_memory(None) is False
    before = workers.limit_in_force()
    done = workers.Pool(1, Settings(max_memory=512 << 20), _report_limit, _never).run(["x"], lambda _: None)
    assert done[0].path == str(512 << 20)
    assert workers.limit_in_force() == before


def _report_limit(path: str, settings: Settings):  # runs in the worker
    from vetlint.checks import ReportResult

    return ReportResult(path=str(workers.limit_in_force()), format=None, language="en")


def _never(path: str, error: dict[str, str]):  # pragma: no cover
    raise AssertionError(error)


def _sleep(path: str, settings: Settings) -> str:
    time.sleep(30)
    return path


def _buggy(path: str, settings: Settings) -> str:
    raise ValueError("a bug")


def _too_large(path: str, settings: Settings) -> str:
    raise FileTooLarge(10, 20)


def test_one_file_in_a_worker_keeps_its_error_codes() -> None:
    with pytest.raises(ReadError) as info:
        run_isolated(_sleep, "x", Settings(timeout=0.3))
    assert info.value.code == "timeout" and "0.3 s" in info.value.message
    with pytest.raises(ReadError) as info:
        run_isolated(_buggy, "x", Settings())
    assert info.value.code == "internal-error" and "ValueError: a bug" in info.value.message
    with pytest.raises(FileTooLarge) as info:
        run_isolated(_too_large, "x", Settings())
    assert info.value.size == 20
    assert run_isolated(lambda p, s: p.upper(), "x", Settings()) == "X"
