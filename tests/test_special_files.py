"""Every read is bounded: special files are refused by type, sizes are not trusted.

``/dev/zero`` says it is 0 bytes long and never ends; a FIFO blocks whoever opens it;
a ``/proc`` file says 0 bytes and has content. Each is given where vetlint reads a
file (a report, a folder entry, ``--baseline``, ``--config``, ``--previous``, a rule
pack) and must give one clear error, at once.
"""

from __future__ import annotations

import os
import time
from pathlib import Path

import pytest

from vetlint import api
from vetlint.cli import main
from vetlint.engine.packs import load_packs
from vetlint.errors import ReadError, RulePackError
from vetlint.files import FileTooLarge, read_limited
from vetlint.readers import read_path

ROOT = Path(__file__).resolve().parents[1]
SEED = ROOT / "fixtures" / "reports" / "xuchang-2019-secondary-vet-quality.txt"
posix = pytest.mark.skipif(not (hasattr(os, "mkfifo") and Path("/dev/zero").exists()), reason="POSIX")


def cli(args: list[str], capsys: pytest.CaptureFixture[str]) -> tuple[int, str, str]:
    started = time.monotonic()
    with pytest.raises(SystemExit) as info:
        main(args)
    assert time.monotonic() - started < 20
    out, err = capsys.readouterr()
    return int(info.value.code or 0), out, err


@pytest.fixture()
def zero_link(tmp_path: Path) -> Path:
    link = tmp_path / "x.txt"
    link.symlink_to("/dev/zero")
    return link


@pytest.fixture()
def fifo(tmp_path: Path) -> Path:
    path = tmp_path / "pipe.txt"
    os.mkfifo(path)
    return path


@posix
def test_a_report_linked_to_dev_zero_is_refused_unread(zero_link: Path) -> None:
    with pytest.raises(ReadError, match="character device") as info:
        read_path(zero_link)
    assert info.value.code == "not-a-file"
    result = api.check(zero_link)
    assert result.error is not None and result.error["code"] == "not-a-file"


@posix
def test_a_fifo_is_refused_without_blocking(fifo: Path) -> None:
    started = time.monotonic()
    with pytest.raises(ReadError, match="FIFO") as info:
        read_path(fifo)
    assert info.value.code == "not-a-file" and time.monotonic() - started < 2


@posix
def test_a_file_that_reports_no_size_is_read_to_the_limit_only() -> None:
    """/proc files say 0 bytes: the bound is what was read, not what stat said."""
    proc = Path("/proc/self/maps")
    if not proc.exists():
        pytest.skip("no /proc")
    assert proc.stat().st_size == 0
    with pytest.raises(FileTooLarge):
        read_limited(proc, 16)
    assert len(read_limited(proc, 10_000_000)) > 16


def test_a_regular_file_is_read_whole_up_to_its_limit(tmp_path: Path) -> None:
    path = tmp_path / "a.txt"
    path.write_bytes(b"x" * 100)
    assert read_limited(path, 100) == b"x" * 100
    with pytest.raises(FileTooLarge) as info:
        read_limited(path, 99)
    assert info.value.size == 100


@posix
@pytest.mark.parametrize("option", ["--baseline", "--config", "--previous"])
def test_dev_zero_given_as_a_side_file_is_one_clear_error(
    option: str, zero_link: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    code, out, err = cli(["check", str(SEED), option, "/dev/zero"], capsys)
    assert code == 2 and out == ""
    assert err.count("\n") == 1 and "vetlint: error:" in err and "internal" not in err
    assert "character device" in err


@posix
def test_a_fifo_given_as_baseline_does_not_block(fifo: Path, capsys: pytest.CaptureFixture[str]) -> None:
    code, _, err = cli(["check", str(SEED), "--baseline", str(fifo)], capsys)
    assert code == 2 and "FIFO" in err


@posix
def test_a_rule_pack_linked_to_dev_zero_is_refused(tmp_path: Path) -> None:
    packs = tmp_path / "packs"
    packs.mkdir()
    (packs / "evil.yaml").symlink_to("/dev/zero")
    with pytest.raises(RulePackError, match=r"evil\.yaml: cannot read rule pack: is a character device"):
        load_packs([str(packs)])


def test_a_rule_pack_over_the_size_limit_is_refused_unread(tmp_path: Path) -> None:
    packs = tmp_path / "packs"
    packs.mkdir()
    with (packs / "big.yaml").open("wb") as fh:  # sparse
        fh.truncate(50 * 1024 * 1024)
    with pytest.raises(RulePackError, match="larger than"):
        load_packs([str(packs)])
