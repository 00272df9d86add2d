"""Batches: every input appears, in input order, checked or with its read error; exit codes."""

from __future__ import annotations

import json
from pathlib import Path

import jsonschema
import pytest

from vetlint import batch, pipeline
from vetlint.baseline import fails
from vetlint.batch import expand_inputs, run_batch
from vetlint.cli import main
from vetlint.errors import UsageError
from vetlint.schemas import load_schema
from vetlint.settings import Settings

ROOT = Path(__file__).resolve().parents[1]
REPORTS = sorted((ROOT / "fixtures" / "reports").glob("*.txt"))
N_READABLE, WINDOW = 190, 40
BAD = {
    "bad-empty-{}.txt": b"",
    "bad-blank-{}.md": b"  \n\n ",
    "bad-notzip-{}.docx": b"this is not a word document",
    "bad-noheader-{}.pdf": b"plain text pretending to be a pdf",
    "bad-notzip-{}.xlsx": b"\x00\x01garbage",
}


@pytest.fixture(scope="module")
def batch_dir(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """~200 reports cut from the real fixtures (40-line windows), 10 of them unreadable."""
    folder = tmp_path_factory.mktemp("batch")
    texts = [p.read_text("utf-8").splitlines() for p in REPORTS]
    for i in range(N_READABLE):
        lines = texts[i % len(texts)]
        start = (i * 37) % max(1, len(lines) - WINDOW)
        (folder / f"r{i:03d}.txt").write_text("\n".join(lines[start : start + WINDOW]) + "\n", "utf-8")
    for name, data in BAD.items():
        for k in range(2):
            (folder / name.format(k)).write_bytes(data)
    (folder / "notes.log").write_text("not a report type: skipped when a folder is searched", "utf-8")
    return folder


def expected_bad(folder: Path) -> set[str]:
    return {str(p) for p in folder.iterdir() if p.name.startswith("bad-")}


def test_every_file_appears_in_order_with_result_or_error(batch_dir: Path, tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    out = tmp_path / "out.json"
    with pytest.raises(SystemExit) as info:
        main(["check", str(batch_dir), "--jobs", "2", "--format", "json", "--output", str(out)])
    data = json.loads(out.read_text("utf-8"))
    jsonschema.Draft202012Validator(load_schema("check-output")).validate(data)
    paths = [r["path"] for r in data["reports"]]
    files = sorted(str(p) for p in batch_dir.iterdir() if p.suffix != ".log")
    assert paths == files and len(paths) == N_READABLE + 2 * len(BAD)
    unreadable = {r["path"] for r in data["reports"] if r["error"] is not None}
    assert unreadable == expected_bad(batch_dir)
    for r in data["reports"]:
        if r["error"] is None:
            assert r["stats"]["checks"] == r["stats"]["passed"] + r["stats"]["failed"]
        else:
            assert r["findings"] == [] and r["error"]["code"] != "internal-error"
    assert data["summary"]["unreadable"] == len(unreadable)
    # exit status: 1 when findings reach --fail-on, else 2 because some reports were unreadable
    assert info.value.code == (1 if data["summary"]["errors"] else 2)
    assert "Traceback" not in capsys.readouterr().err


def test_parallel_and_serial_runs_agree(batch_dir: Path) -> None:
    files = expand_inputs([str(batch_dir)])[::10]
    serial = run_batch(files, Settings(), jobs=1, progress=False)
    parallel = run_batch(files, Settings(), jobs=2, progress=False)
    assert [r.path for r in parallel] == files
    assert [(r.path, r.error, [c.fingerprint for c in r.checks]) for r in serial] == [
        (r.path, r.error, [c.fingerprint for c in r.checks]) for r in parallel
    ]


def test_exit_codes_for_batches(batch_dir: Path, tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    clean = tmp_path / "clean.txt"
    clean.write_text("本报告不含数字。\n", "utf-8")
    bad = sorted(expected_bad(batch_dir))[0]

    def status(*args: str) -> int:
        with pytest.raises(SystemExit) as info:
            main(["check", "--format", "json", *args])
        capsys.readouterr()
        return int(info.value.code)

    assert status(str(clean)) == 0
    assert status(str(clean), bad) == 2  # nothing failed, but a report could not be read
    assert status(str(clean), bad, "--fail-on", "never") == 2
    files = expand_inputs([str(batch_dir)])
    readable = [f for f in files if f not in expected_bad(batch_dir)]
    results = run_batch(readable[:40], Settings(), jobs=1, progress=False)
    flagged = next(r for r in results if fails([r], "info"))  # the real reports have slips
    level = flagged.findings[0].severity
    assert status(flagged.path, bad, "--fail-on", level) == 1  # findings take precedence
    assert status(flagged.path, "--fail-on", "never") == 0


def test_one_crashing_report_does_not_stop_the_others(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    good, boom = tmp_path / "good.txt", tmp_path / "boom.txt"
    good.write_text("本报告不含数字。\n", "utf-8")
    boom.write_text("本报告不含数字。\n", "utf-8")
    real = pipeline.check

    def flaky(path: str, settings: Settings | None = None):
        if Path(path).name == "boom.txt":
            raise RuntimeError("kind crashed")
        return real(path, settings)

    monkeypatch.setattr(pipeline, "check", flaky)
    results = run_batch([str(boom), str(good)], Settings(), jobs=1, progress=False)
    assert results[0].error["code"] == "internal-error" and "kind crashed" in results[0].error["message"]
    assert results[1].error is None


def test_expand_inputs(tmp_path: Path) -> None:
    (tmp_path / "a").mkdir()
    (tmp_path / "a" / "x.txt").write_text("x", "utf-8")
    (tmp_path / "a" / "y.md").write_text("y", "utf-8")
    (tmp_path / "a" / "skip.log").write_text("z", "utf-8")
    (tmp_path / "a" / ".hidden").mkdir()
    (tmp_path / "a" / ".hidden" / "h.txt").write_text("h", "utf-8")
    (tmp_path / "odd.bin").write_text("given explicitly: kept, becomes a read error", "utf-8")
    got = expand_inputs([str(tmp_path / "a"), str(tmp_path / "a" / "x.txt"), str(tmp_path / "*.bin")])
    assert got == [str(tmp_path / "a" / "x.txt"), str(tmp_path / "a" / "y.md"), str(tmp_path / "odd.bin")]
    with pytest.raises(UsageError, match="no such file"):
        expand_inputs([str(tmp_path / "missing.txt")])
    (tmp_path / "empty").mkdir()
    with pytest.raises(UsageError, match="no reports found"):
        expand_inputs([str(tmp_path / "empty")])
    assert batch.check_one(str(tmp_path / "odd.bin"), Settings()).error["code"] == "unsupported-format"
