"""Hostile and broken files: each becomes one clear ReadError, never a traceback or a hang."""

from __future__ import annotations

import io
import time
import zipfile
from pathlib import Path

import pytest
from hostile_inputs import zip_members as _zip

from vetlint.errors import ReadError
from vetlint.readers import ooxml, read_bytes, read_path

ROOT = Path(__file__).resolve().parents[1]
BAD = ROOT / "fixtures" / "bad"
GOOD_DOCX = ROOT / "fixtures" / "derived" / "zhengzhou-2020-tables.docx"


def read_error(path: Path | str) -> ReadError:
    started = time.monotonic()
    with pytest.raises(ReadError) as info:
        read_path(path)
    assert time.monotonic() - started < 10
    error = info.value
    assert "\n" not in error.message and error.message  # one clear line
    return error


@pytest.mark.parametrize(
    ("name", "code", "keyword"),
    [
        ("empty.docx", "empty-file", "empty"),
        ("junk.docx", "wrong-format", "not a .docx"),
        ("truncated.docx", "corrupt", "corrupt or truncated ZIP"),
        ("zipbomb.docx", "unsafe-file", "zip bomb"),
        ("entities.docx", "unsafe-file", "DTD"),
        ("encrypted.pdf", "encrypted", "encrypted"),
        ("image-only.pdf", "no-text", "no text layer"),
        ("truncated.pdf", "corrupt", "not a valid PDF"),
    ],
)
def test_bad_fixture(name, code, keyword):
    error = read_error(BAD / name)
    assert error.code == code
    assert keyword in error.message


def test_unknown_extension(tmp_path):
    path = tmp_path / "report.rtf"
    path.write_text("{\\rtf1 hello}")
    error = read_error(path)
    assert error.code == "unsupported-format" and ".rtf" in error.message


def test_directory_and_missing_file(tmp_path):
    assert read_error(tmp_path).code == "not-a-file"
    assert read_error(tmp_path / "nope.docx").code == "not-found"


def test_binary_junk_named_txt(tmp_path):
    path = tmp_path / "report.txt"
    path.write_bytes(bytes(range(256)) * 8 + b"\x00\x00\xff\xfe" * 100)
    error = read_error(path)
    assert error.code == "not-text" and "not a text file" in error.message


def test_text_named_pdf(tmp_path):
    path = tmp_path / "report.pdf"
    path.write_text("2020年，郑州市中等职业学校共有57所。", encoding="utf-8")
    error = read_error(path)
    assert error.code == "wrong-format" and "PDF" in error.message


def test_pdf_header_with_garbage_body():
    with pytest.raises(ReadError) as info:
        read_bytes(b"%PDF-1.7\n" + bytes(range(256)) * 20, "garbage.pdf")
    assert info.value.code in {"corrupt", "no-text"}


def test_zip_that_is_not_a_word_document():
    data = _zip({"hello.txt": b"hello"})
    with pytest.raises(ReadError) as info:
        read_bytes(data, "other.docx")
    assert info.value.code == "wrong-format" and "[Content_Types].xml" in info.value.message


def test_spreadsheet_renamed_to_docx():
    import openpyxl

    book = openpyxl.Workbook()
    book.active.append(["年份", "学校数"])
    book.active.append([2020, 57])
    out = io.BytesIO()
    book.save(out)
    with pytest.raises(ReadError) as info:
        read_bytes(out.getvalue(), "renamed.docx")
    assert info.value.code == "wrong-format" and "not a Word document" in info.value.message


def test_zip_limits_on_members_and_total_size():
    many = _zip({f"word/media/{i}.bin": b"x" for i in range(30)} | {"word/document.xml": b"<w/>"})
    with pytest.raises(ReadError, match="31 ZIP members"):
        ooxml.check_package(many, ".docx", "word/document.xml", ooxml.ZipLimits(max_members=20))
    big = _zip({"word/document.xml": bytes(range(256)) * 4096})  # 1 MB, incompressible
    with pytest.raises(ReadError, match="inflate to"):
        ooxml.check_package(big, ".docx", "word/document.xml",
                            ooxml.ZipLimits(max_total_bytes=512 * 1024))


def test_corrupt_member_inside_a_valid_zip_directory():
    good = GOOD_DOCX.read_bytes()
    broken = bytearray(good)
    # Damage the compressed bytes of word/document.xml, leaving the directory intact.
    info = zipfile.ZipFile(io.BytesIO(good)).getinfo("word/document.xml")
    start = info.header_offset + 30 + len(info.filename) + len(info.extra) + 10
    broken[start : start + 200] = b"\x00" * 200
    with pytest.raises(ReadError) as error:
        read_bytes(bytes(broken), "damaged.docx")
    assert error.value.code in {"corrupt", "malformed"}


def test_good_docx_passes_the_safety_checks():
    ooxml.check_package(GOOD_DOCX.read_bytes(), ".docx", "word/document.xml")
