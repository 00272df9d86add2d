"""Size limits: plain-text formats have their own, lower limit; binary containers keep --max-size.

Text files are refused before a byte of them is read, with one line that names the option
that raises the limit; the other reports of a batch are still checked.
"""

from __future__ import annotations

import io
import json
import random
import time
import zipfile
from pathlib import Path

import pytest

from vetlint import api
from vetlint.cli import main
from vetlint.config import TEMPLATE, Config, build_settings, load_config
from vetlint.errors import ReadError
from vetlint.readers import (
    DEFAULT_MAX_BYTES,
    DEFAULT_MAX_TEXT_BYTES,
    is_container,
    read_path,
)
from vetlint.settings import Settings

ROOT = Path(__file__).resolve().parents[1]
SEED = ROOT / "fixtures" / "reports" / "xuchang-2019-secondary-vet-quality.txt"
DOCX = ROOT / "fixtures" / "derived" / "zhengzhou-2020-tables.docx"
OVER = DEFAULT_MAX_TEXT_BYTES + 4096  # just over the text limit, far under --max-size


def run(args: list[str], capsys: pytest.CaptureFixture[str]) -> tuple[int, dict]:
    with pytest.raises(SystemExit) as info:
        main(["check", "--format", "json", *args])
    out, _ = capsys.readouterr()
    return int(info.value.code or 0), json.loads(out)


def text_of_size(path: Path, size: int) -> Path:
    """Report text repeated up to ``size`` bytes (cut at a line end)."""
    seed = SEED.read_bytes()
    data = seed * (size // len(seed) + 1)
    path.write_bytes(data[: data.rindex(b"\n", 0, size) + 1].ljust(size, b"\n"))
    assert path.stat().st_size == size
    return path


def padded_docx(path: Path, size: int) -> Path:
    """The derived .docx plus a stored picture-like member: at least ``size`` bytes on disk."""
    src = zipfile.ZipFile(DOCX)
    buf = io.BytesIO()
    with zipfile.ZipFile(buf, "w", zipfile.ZIP_DEFLATED) as out:
        for info in src.infolist():
            out.writestr(info, src.read(info.filename))
        picture = random.Random(0).randbytes(size)  # incompressible, as a photo is
        out.writestr(zipfile.ZipInfo("word/media/image1.png"), picture, zipfile.ZIP_STORED)
    path.write_bytes(buf.getvalue())
    return path


# ------------------------------------------------------------------ defaults


def test_text_limit_is_lower_than_the_general_one_and_above_real_reports() -> None:
    assert DEFAULT_MAX_TEXT_BYTES < DEFAULT_MAX_BYTES
    biggest = max(p.stat().st_size for p in (ROOT / "fixtures" / "reports").glob("*.txt"))
    assert DEFAULT_MAX_TEXT_BYTES >= 1024 * 1024 > 10 * biggest  # a real report fits, many times
    assert Settings().max_text_bytes == DEFAULT_MAX_TEXT_BYTES


# ---------------------------------------------------------- the text limit


def test_text_over_the_text_limit_is_refused_and_the_batch_goes_on(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    big = text_of_size(tmp_path / "big.txt", OVER)
    status, data = run([str(big), str(SEED), "--fail-on", "never"], capsys)
    refused, checked = data["reports"]
    assert status == 2  # nothing reaches --fail-on, but a report could not be read
    assert refused["error"]["code"] == "too-large"
    message = refused["error"]["message"]
    assert "\n" not in message
    assert "2.0 MB of text, over the 2 MB limit for text formats" in message
    assert "--max-text-size" in message and "max-text-size in the configuration" in message
    assert "上限" in message  # and the Chinese half
    assert checked["error"] is None and checked["stats"]["checks"] > 0


@pytest.mark.parametrize("suffix", [".md", ".html", ".csv", ".json", ".yaml"])
def test_every_text_format_has_the_text_limit(tmp_path: Path, suffix: str) -> None:
    path = tmp_path / f"r{suffix}"
    path.write_bytes(b"a" * 5000)
    with pytest.raises(ReadError, match="limit for text formats") as info:
        read_path(path, max_text_bytes=4000)
    assert info.value.code == "too-large"


def test_a_huge_text_file_is_refused_at_once(tmp_path: Path) -> None:
    path = tmp_path / "huge.txt"
    with path.open("wb") as fh:  # sparse: costs nothing on disk
        fh.write(SEED.read_bytes()[:1000])
        fh.truncate(40 * 1024 * 1024)
    started = time.monotonic()
    result = api.check(path)
    assert time.monotonic() - started < 1
    assert result.error is not None and result.error["code"] == "too-large"
    assert "40.0 MB of text" in result.error["message"]


# ------------------------------------------------------- binary containers


def test_docx_of_the_same_size_is_not_refused_by_the_text_limit(tmp_path: Path) -> None:
    path = padded_docx(tmp_path / "big.docx", OVER)
    assert path.stat().st_size > DEFAULT_MAX_TEXT_BYTES
    doc = read_path(path)  # default limits
    assert doc.tables and doc.format == "docx"
    with pytest.raises(ReadError, match=r"over the 1 MB limit .*--max-size"):
        read_path(path, max_bytes=1024 * 1024)  # --max-size still applies to it


def test_the_limit_follows_the_bytes_not_only_the_name(tmp_path: Path) -> None:
    assert is_container(".docx", b"PK\x03\x04rest") and is_container(".PDF", b"%PDF-1.7")
    assert not is_container(".docx", b"\xe5\xb9\xb4 plain text")  # text renamed .docx
    assert not is_container(".xlsx", b"a,b,c\n1,2,3")  # a CSV renamed .xlsx
    assert not is_container(".txt", b"PK\x03\x04")  # a ZIP named .txt is read as text
    fake = tmp_path / "renamed.xlsx"
    fake.write_bytes(b"a,b\n1,2\n" * 1000)
    with pytest.raises(ReadError, match="limit for text formats"):
        read_path(fake, max_text_bytes=4000)


# ----------------------------------------------------------- raising it


def test_cli_option_raises_and_lowers_the_text_limit(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    status, data = run([str(SEED), "--max-text-size", "0.01"], capsys)
    message = data["reports"][0]["error"]["message"]
    assert status == 2 and "the file is 26 KB of text, over the 0.01 MB limit for text formats" in message
    big = text_of_size(tmp_path / "big.txt", OVER)
    settings = Settings(max_text_bytes=3 * 1024 * 1024)
    doc = api.read(big, settings)  # raised: read, not refused
    assert doc.blocks


def test_max_size_below_the_text_limit_is_the_one_named(tmp_path: Path) -> None:
    path = text_of_size(tmp_path / "r.txt", 5000)
    with pytest.raises(ReadError, match=r"over the 0\.004 MB limit \(raise it with --max-size"):
        read_path(path, max_bytes=4000)  # a text file over --max-size: that is the limit hit
    with pytest.raises(ReadError, match="--max-size"):
        read_path(path, max_bytes=4000, max_text_bytes=100 * 1024 * 1024)


def test_configuration_key_and_template(tmp_path: Path) -> None:
    (tmp_path / "vetlint.toml").write_text("max-text-size = 0.5\nmax-size = 20\n", "utf-8")
    settings = build_settings(load_config(start=tmp_path))
    assert settings.max_text_bytes == 512 * 1024 and settings.max_bytes == 20 * 1024 * 1024
    flagged = build_settings(load_config(start=tmp_path), {"max-text-size": 3.0})
    assert flagged.max_text_bytes == 3 * 1024 * 1024  # the flag wins
    assert build_settings(Config()).max_text_bytes == DEFAULT_MAX_TEXT_BYTES
    (tmp_path / "vetlint.toml").write_text('max-text-size = "big"\n', "utf-8")
    with pytest.raises(Exception, match="'max-text-size' in the file must be a size in MB"):
        load_config(start=tmp_path)
    (tmp_path / "vetlint.toml").write_text(TEMPLATE, "utf-8")  # `vetlint init` documents it
    assert build_settings(load_config(start=tmp_path)).max_text_bytes == DEFAULT_MAX_TEXT_BYTES
