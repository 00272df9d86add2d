"""decode(): every encoding reports are saved in gives the same text; junk is refused."""

from __future__ import annotations

import codecs
import random
from pathlib import Path

import pytest

from vetlint.errors import ReadError
from vetlint.readers import read_bytes
from vetlint.readers.encoding import decode, detect_encoding

REPORTS = Path(__file__).resolve().parents[1] / "fixtures" / "reports"
QZ = REPORTS / "quzhou-2020-secondary-vet-quality.txt"
ZZ = REPORTS / "zhengzhou-2020-secondary-vet-quality.txt"


def test_plain_utf8() -> None:
    assert decode("表1-1：学校\n".encode()) == "表1-1：学校\n"
    assert detect_encoding("学校".encode()) == "utf-8"


@pytest.mark.parametrize(
    ("encode", "name"),
    [
        (lambda t: codecs.BOM_UTF8 + t.encode("utf-8"), "utf-8-sig"),
        (lambda t: codecs.BOM_UTF16_LE + t.encode("utf-16-le"), "utf-16-le"),
        (lambda t: codecs.BOM_UTF16_BE + t.encode("utf-16-be"), "utf-16-be"),
        (lambda t: t.encode("gbk"), "gb18030"),
        (lambda t: t.encode("utf-16-le"), "utf-16"),
    ],
)
def test_seed_copies_decode_to_the_same_text(encode, name: str) -> None:
    text = QZ.read_text(encoding="utf-8")
    data = encode(text)
    assert decode(data) == text
    assert detect_encoding(data) == name


def test_gb18030_copy_of_seed_000() -> None:
    text = ZZ.read_text(encoding="utf-8")
    assert decode(text.encode("gb18030")) == text


def test_newlines_normalised_without_touching_columns() -> None:
    assert decode(b"a\r\nb\rc\n\td  ") == "a\nb\nc\n\td  "


@pytest.mark.parametrize(
    "data",
    [
        b"\x89PNG\r\n\x1a\n\x00\x00\x00\rIHDR" + bytes(200),
        random.Random(1).randbytes(4000),
        bytes(b % 31 + 1 for b in random.Random(2).randbytes(2000)),
        bytes(b | 0x80 for b in random.Random(3).randbytes(4000)),
    ],
)
def test_binary_is_not_text(data: bytes) -> None:
    with pytest.raises(ReadError, match="not a text file"):
        decode(data)


def test_documents_from_other_encodings_are_equal() -> None:
    text = QZ.read_text(encoding="utf-8")
    base = read_bytes(text.encode("utf-8"), "qz.txt")
    for data in (
        codecs.BOM_UTF8 + text.encode("utf-8"),
        codecs.BOM_UTF16_LE + text.encode("utf-16-le"),
        text.replace("\n", "\r\n").encode("gbk"),
    ):
        other = read_bytes(data, "qz.txt")
        assert other.blocks == base.blocks


def test_binary_txt_is_a_read_error() -> None:
    with pytest.raises(ReadError, match="not a text file"):
        read_bytes(b"\x00\x01\x02binary\x00" * 50, "report.txt")
