"""Fixes from the hardening review: YAML aliases, pdfminer noise, OLE files, early xlsx refusal."""

from __future__ import annotations

import subprocess
import sys
import time
from pathlib import Path

import pytest

from vetlint import api
from vetlint.errors import ReadError
from vetlint.readers import read_bytes, text_limit

ROOT = Path(__file__).resolve().parents[1]
DERIVED = ROOT / "fixtures" / "derived"
OLE = b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1" + b"\x00" * 504


# ------------------------------------------------------------ YAML aliases


def test_a_yaml_alias_is_refused_where_it_is_written():
    text = 'paragraphs:\n  - {text: &s "2020年全市共有中职学校57所。"}\n  - {text: *s}\n'
    with pytest.raises(ReadError, match=r"YAML alias at line 3 column 12") as info:
        read_bytes(text.encode(), "extract.yaml")
    assert info.value.code == "unsafe-file"


def test_nested_aliases_are_refused_at_parse_time():
    """A 'billion laughs' document: refused while parsing, before anything is expanded."""
    lines = ['a0: &a0 ["2020年全市共有中职学校57所。"]']
    lines += [f"a{i}: &a{i} [{', '.join([f'*a{i - 1}'] * 9)}]" for i in range(1, 10)]
    lines.append("paragraphs: [{text: x}]")
    started = time.perf_counter()
    with pytest.raises(ReadError, match="alias") as info:
        read_bytes("\n".join(lines).encode(), "laughs.yml")
    assert info.value.code == "unsafe-file"
    assert time.perf_counter() - started < 2


def test_yaml_without_aliases_still_reads():
    text = 'paragraphs:\n  - {text: &s "2020年全市共有中职学校57所。"}\n  - {text: "民办18所。"}\n'
    doc = read_bytes(text.encode(), "extract.yaml")
    assert [b.text for b in doc.blocks] == ["2020年全市共有中职学校57所。", "民办18所。"]


def test_tags_stay_refused():
    text = "paragraphs: !!python/object/apply:os.system ['true']\n"
    with pytest.raises(ReadError) as info:
        read_bytes(text.encode(), "extract.yaml")
    assert info.value.code == "malformed"


# ------------------------------------------------------------ PDF warnings


def _damaged_pdf(tmp_path: Path) -> Path:
    """A derived PDF whose font descriptors' FontBBox is not four numbers (same length,
    so the xref offsets stay right): pdfminer logs a warning for each."""
    data = (DERIVED / "zhengzhou-2020-tables.pdf").read_bytes()
    assert b"/FontBBox[-125 " in data
    path = tmp_path / "damaged.pdf"
    path.write_bytes(data.replace(b"/FontBBox[-125 ", b"/FontBBox[(xy) "))
    return path


def test_pdfminer_warnings_do_not_reach_stderr(tmp_path):
    path = _damaged_pdf(tmp_path)
    done = subprocess.run(
        [sys.executable, "-m", "vetlint", "check", str(path), "--format", "json"],
        capture_output=True,
        text=True,
        timeout=120,
    )
    assert "FontBBox" not in done.stderr, done.stderr[-2000:]
    assert '"checks"' in done.stdout


def test_the_damaged_pdf_really_makes_pdfminer_warn(tmp_path):
    """Guards the test above: without vetlint's quieting, pdfminer does warn (vetlint
    walks the file's objects with it to measure each page's content before PDFium)."""
    path = _damaged_pdf(tmp_path)
    code = (
        "import sys\n"
        "from pdfminer.high_level import extract_text\n"
        "extract_text(sys.argv[1], maxpages=1)\n"
    )
    done = subprocess.run(
        [sys.executable, "-c", code, str(path)], capture_output=True, text=True, timeout=120
    )
    assert "FontBBox" in done.stderr


def test_quieting_keeps_a_level_set_on_purpose():
    import logging

    from vetlint.readers.pdf import quiet_pdf_loggers

    logger = logging.getLogger("pdfminer")
    before = logger.level
    try:
        logger.setLevel(logging.DEBUG)
        quiet_pdf_loggers()
        assert logger.level == logging.DEBUG
        logger.setLevel(logging.NOTSET)
        quiet_pdf_loggers()
        assert logger.level == logging.ERROR
    finally:
        logger.setLevel(before)


# ------------------------------------------------------------ OLE compound files


@pytest.mark.parametrize("suffix", [".docx", ".xlsx", ".xlsm"])
def test_encrypted_or_legacy_office_file_gets_a_clear_error(tmp_path, suffix):
    path = tmp_path / f"report{suffix}"
    path.write_bytes(OLE)
    result = api.check(path)
    assert result.error["code"] == "wrong-format"
    message = result.error["message"]
    assert "encrypted, or a legacy .doc/.xls file: save it as .docx/.xlsx" in message
    assert "\n" not in message and "ZIP" not in message


def test_other_non_zip_office_file_keeps_its_error(tmp_path):
    path = tmp_path / "report.docx"
    path.write_bytes(b"<html>not a docx</html>")
    assert "not a ZIP/OOXML package" in api.check(path).error["message"]


@pytest.mark.parametrize("suffix", [".doc", ".xls"])
def test_legacy_extension_says_what_to_do(tmp_path, suffix):
    path = tmp_path / f"report{suffix}"
    path.write_bytes(OLE)
    error = api.check(path).error
    assert error["code"] == "unsupported-format" and f"save it as {suffix}x" in error["message"]


# ------------------------------------------------------------ xlsx expansion


def test_xlsx_refuses_while_reading_cells(monkeypatch):
    """The sheet reader stops at the limit itself, before building any table."""
    from test_hostile import _shared_string_bomb

    from vetlint.readers import sheet

    data = _shared_string_bomb(2_000, 40, 40)  # 3.2 M characters from a few KB
    assert len(data) * 100 < 2_000 * 40 * 40
    built: list[int] = []
    monkeypatch.setattr(sheet, "grid_blocks", lambda *a: built.append(1) or [])
    with pytest.raises(ReadError, match="expand to over") as info:
        sheet.read_xlsx(data, "bomb.xlsx")
    assert info.value.code == "unsafe-file" and built == []


def test_ordinary_workbook_is_far_below_the_cell_limit():
    data = (DERIVED / "zhengzhou-2020-tables.xlsx").read_bytes()
    doc = read_bytes(data, "zhengzhou-2020-tables.xlsx")
    chars = sum(len(c.text) for b in doc.blocks if b.kind == "table" for r in b.rows for c in r)
    assert 0 < chars < text_limit(len(data)) / 10


# ------------------------------------------------------------ terminal output


def test_extract_console_shows_controls_instead_of_obeying_them(tmp_path):
    from vetlint.pipeline import extract
    from vetlint.render.extract import render_extract

    path = tmp_path / "escape.md"
    path.write_text(
        "# 一、概况\x1b]0;PWNED\x07\n\n表1 学校\n\n| 项目 | 数量 |\n| --- | --- |\n"
        "| 公办\u202e | 40 |\n| 民办\x1b[2J | 18 |\n\n"
        + "学校坚持立德树人，深化产教融合、校企合作，推进教师队伍建设和专业建设。\n" * 30,
        encoding="utf-8",
    )
    out = render_extract(extract(path), "console")
    assert "\x1b" not in out and "\u202e" not in out and "\x07" not in out
    assert "\\x1b]0;PWNED\\x07" in out and "\\u202e" in out
