"""Hostile and odd inputs through the whole pipeline: a clear error or a correct reading.

Every case goes through ``vetlint.api.check`` (which must never raise: an
unreadable file comes back as ``ReportResult.error``) and, where the reading
itself matters, through ``vetlint.readers.read_path``/``read_bytes``.
"""

from __future__ import annotations

import io
import itertools
import random
import time
import zipfile
from pathlib import Path

import pytest
from hostile_inputs import zip_members as _zip

from vetlint import api
from vetlint.document import Paragraph, Table
from vetlint.errors import ReadError
from vetlint.numbers import find_numbers
from vetlint.readers import read_bytes, read_path
from vetlint.readers.text import MAX_PARAGRAPH
from vetlint.settings import Settings

ROOT = Path(__file__).resolve().parents[1]
BAD = ROOT / "fixtures" / "bad"
DERIVED = ROOT / "fixtures" / "derived"
SEED = ROOT / "fixtures" / "reports" / "zhengzhou-2020-secondary-vet-quality.txt"
SENTENCE = "2020年，郑州市中等职业学校共有57所，在校生4.51万人。"


def checked(path: Path, settings: Settings | None = None, *, limit: float = 30.0):
    """``api.check`` that must return (not raise) within ``limit`` seconds."""
    started = time.monotonic()
    result = api.check(path, settings)
    assert time.monotonic() - started < limit
    if result.error is not None:
        message = result.error["message"]
        assert message and "\n" not in message and "Traceback" not in message
    crashed = [c.extra["internal_error"] for c in result.checks if "internal_error" in c.extra]
    assert crashed == [], crashed  # a rule that crashed on the input is a bug, not a result
    return result


def error_code(path: Path, settings: Settings | None = None) -> str:
    result = checked(path, settings)
    assert result.error is not None, f"{path.name} was read, expected an error"
    assert result.checks == []
    return result.error["code"]


def paragraphs(doc) -> list[Paragraph]:
    return [b for b in doc.blocks if isinstance(b, Paragraph)]


def values(text: str) -> list[float]:
    return [n.value for n in find_numbers(text)]


# ---------------------------------------------------------------- containers


def test_shipped_zip_bomb_is_refused():
    assert error_code(BAD / "zipbomb.docx") == "unsafe-file"


@pytest.mark.parametrize("suffix", [".docx", ".xlsx"])
def test_made_zip_bomb_is_refused_quickly(tmp_path, suffix):
    """40 MB of zeros packed into ~40 KB: refused from the ZIP directory, never inflated."""
    part = "word/document.xml" if suffix == ".docx" else "xl/workbook.xml"
    bomb = _zip({"[Content_Types].xml": b"<Types/>", part: b"<a>" + bytes(40 << 20) + b"</a>"})
    assert len(bomb) < 200_000
    path = tmp_path / f"bomb{suffix}"
    path.write_bytes(bomb)
    started = time.monotonic()
    assert error_code(path) == "unsafe-file"
    assert time.monotonic() - started < 2


def test_100_mb_text_file_is_refused_by_size(tmp_path):
    path = tmp_path / "huge.txt"
    with path.open("wb") as fh:  # sparse: costs nothing on disk
        fh.write(SENTENCE.encode())
        fh.truncate(100 * 1024 * 1024)
    result = checked(path, limit=2)
    assert result.error["code"] == "too-large"
    assert "100.0 MB" in result.error["message"] and "limit" in result.error["message"]
    with pytest.raises(ReadError, match="over the 1 MB limit"):
        read_path(path, max_bytes=1 << 20)


def test_size_limit_comes_from_settings(tmp_path):
    path = tmp_path / "small.txt"
    path.write_text(SENTENCE * 100, encoding="utf-8")
    assert error_code(path, Settings(max_bytes=1000)) == "too-large"
    assert checked(path).error is None


# -------------------------------------------------------------- huge shapes


def _table_a(rows: int) -> str:
    """Word-export layout: one cell per tab line, rows separated by a blank line."""
    out = ["表1 各学校基本情况", "", "\t学校\n\t学生数\n\t教师数"]
    out += [f"\t学校{i}\n\t{i * 3}\n\t{i}" for i in range(rows)]
    return "\n\n".join(out) + "\n"


def _table_b(rows: int) -> str:
    """PDF-export layout: one row per line, cells separated by tabs."""
    out = ["表1 各学校基本情况", "学校\t学生数\t教师数"]
    out += [f"学校{i}\t{i * 3}\t{i}" for i in range(rows)]
    return "\n".join(out) + "\n"


def _read_seconds(text: str) -> tuple[float, object]:
    data = text.encode()
    best = float("inf")
    doc = None
    for _ in range(2):
        started = time.process_time()
        doc = read_bytes(data, "big.txt")
        best = min(best, time.process_time() - started)
    return best, doc


@pytest.mark.parametrize("layout", [_table_a, _table_b])
def test_10000_row_table_is_read_whole(layout):
    # how the time grows with rows is measured by bench/speed.py, not asserted here;
    # the bound below only catches a hang
    large, doc = _read_seconds(layout(10_000))
    tables = [b for b in doc.blocks if isinstance(b, Table)]
    assert len(tables) == 1
    table = tables[0]
    assert table.columns == ["学校", "学生数", "教师数"] and len(table.rows) == 10_000
    last = table.rows[-1]
    assert [c.text for c in last] == ["学校9999", "29997", "9999"]
    assert last[1].location.line is not None
    assert large < 30


def test_10000_row_table_through_the_pipeline(tmp_path):
    path = tmp_path / "big.txt"
    path.write_text(_table_b(10_000), encoding="utf-8")
    result = checked(path, limit=60)
    assert result.error is None


def test_one_megabyte_line_is_split_into_paragraphs_at_sentence_ends():
    text = SENTENCE * (1_000_000 // len(SENTENCE.encode()) + 1)
    started = time.process_time()
    doc = read_bytes(text.encode(), "long.txt")
    assert time.process_time() - started < 5
    paras = paragraphs(doc)
    assert len(paras) > 1 and all(len(p.text) <= MAX_PARAGRAPH for p in paras)
    assert "".join(p.text for p in paras) == text
    assert all(p.text.endswith("。") for p in paras)  # cut after a sentence, never in a number
    # Columns still point into the one source line.
    last = paras[-1]
    loc = last.smap.locate(0, 1)
    assert loc.line == 1 and loc.column == len(text) - len(last.text) + 1


def test_one_megabyte_line_without_punctuation_is_never_cut_inside_a_number():
    text = "在校生" + "12345678" * 150_000
    paras = paragraphs(read_bytes(text.encode(), "digits.txt"))
    assert "".join(p.text for p in paras) == text
    for a, b in itertools.pairwise(paras):
        assert (
            not (a.text[-1].isdigit() and b.text[0].isdigit()) or len(a.text) == MAX_PARAGRAPH // 4
        )


def test_one_megabyte_line_of_prose_through_the_pipeline(tmp_path):
    """Mostly words with a figure now and then, as a report pasted into one line would be."""
    filler = "学校坚持立德树人，深化产教融合、校企合作，推进教师队伍建设和专业建设。"
    chunk = filler * 9 + SENTENCE
    path = tmp_path / "line.txt"
    path.write_text(chunk * (1_000_000 // len(chunk.encode()) + 1), encoding="utf-8")
    result = checked(path, limit=60)
    assert result.error is None


def test_one_megabyte_table_cell(tmp_path):
    path = tmp_path / "cell.txt"
    body = "\t学校\n\t学生数\n\n\t甲\n\t" + "9" * 1_000_000 + "\n\n\t乙\n\t3\n"
    path.write_text(body, encoding="utf-8")
    result = checked(path, limit=60)
    assert result.error is None


# ----------------------------------------------------------- bytes and text


def test_stray_nul_bytes_are_read_as_spaces(tmp_path):
    path = tmp_path / "nul.txt"
    path.write_bytes(
        SENTENCE.encode().replace("共有".encode(), b"\x00\x00") + b"\n" + b"x\n" * 1000
    )
    doc = read_path(path)
    first = paragraphs(doc)[0]
    assert first.text.startswith("2020年，郑州市中等职业学校")
    assert values(first.text)[-2:] == [57, 45100]
    assert checked(path).error is None


def test_nul_heavy_file_is_not_text(tmp_path):
    path = tmp_path / "nuls.txt"
    path.write_bytes((SENTENCE.encode() + b"\x00" * 30) * 50)
    assert error_code(path) == "not-text"


@pytest.mark.parametrize(
    "suffix", [".txt", ".md", ".html", ".csv", ".json", ".yaml", ".docx", ".xlsx", ".pdf"]
)
def test_binary_junk_with_a_report_extension(tmp_path, suffix):
    rng = random.Random(suffix)
    for i, data in enumerate(
        [
            rng.randbytes(20_000),
            b"\x89PNG\r\n\x1a\n" + rng.randbytes(5000),
            b"PK\x03\x04" + rng.randbytes(5000),
            b"%PDF-1.4\n" + rng.randbytes(5000),
            bytes(b | 0x80 for b in rng.randbytes(5000)),
        ]
    ):
        path = tmp_path / f"junk{i}{suffix}"
        path.write_bytes(data)
        result = checked(path)
        assert result.error is not None, f"{path.name} read as a report"


@pytest.mark.parametrize(
    ("source", "suffix", "code"),
    [
        ("zhengzhou-2020-tables.pdf", ".docx", "wrong-format"),
        ("zhengzhou-2020-tables.docx", ".pdf", "wrong-format"),
        ("zhengzhou-2020-tables.xlsx", ".docx", "wrong-format"),
        ("zhengzhou-2020-tables.docx", ".xlsx", "wrong-format"),
        ("zhengzhou-2020-tables.docx", ".txt", "not-text"),
        ("zhengzhou-2020-tables.pdf", ".csv", "not-text"),
        ("zhengzhou-2020-tables.xlsx", ".md", "not-text"),
    ],
)
def test_file_that_is_not_what_its_extension_says(tmp_path, source, suffix, code):
    path = tmp_path / f"report{suffix}"
    path.write_bytes((DERIVED / source).read_bytes())
    result = checked(path)
    assert result.error is not None
    assert result.error["code"] in {code, "malformed", "corrupt", "not-text", "wrong-format"}


def test_html_saved_as_txt_is_read_as_text(tmp_path):
    path = tmp_path / "page.txt"
    path.write_text(f"<html><body><p>{SENTENCE}</p></body></html>", encoding="utf-8")
    doc = read_path(path)
    assert 57 in values(" ".join(p.text for p in paragraphs(doc)))
    assert checked(path).error is None


@pytest.mark.parametrize(
    ("name", "code"), [("encrypted.pdf", "encrypted"), ("image-only.pdf", "no-text")]
)
def test_encrypted_and_image_only_pdf(name, code):
    result = checked(BAD / name)
    assert result.error["code"] == code
    assert result.format == "pdf"


def test_utf8_file_with_a_gbk_phrase_keeps_its_utf8_text(tmp_path):
    lines = SEED.read_text(encoding="utf-8").split("\n")
    k = next(i for i, line in enumerate(lines) if "57所" in line)
    data = "\n".join(lines[:k]).encode() + b"\n"
    data += "（注：旧稿）".encode("gbk") + lines[k].encode() + b"\n"
    data += "\n".join(lines[k + 1 :]).encode()
    path = tmp_path / "mixed.txt"
    path.write_bytes(data)
    doc = read_path(path)
    assert doc.meta.get("encoding") == "utf-8"
    texts = [p.text for p in paragraphs(doc)]
    mixed = next(t for t in texts if "57所" in t)
    assert "\ufffd" in mixed and mixed.endswith(lines[k].strip(" \u3000\t"))
    assert any(lines[0].strip() in t for t in texts)  # the rest is not GB18030 mojibake
    result = checked(path)
    assert result.error is None and result.checks


def test_a_real_gbk_file_is_still_read_as_gbk(tmp_path):
    path = tmp_path / "gbk.txt"
    path.write_bytes(SEED.read_text(encoding="utf-8").encode("gb18030"))
    doc = read_path(path)
    assert doc.meta.get("encoding") == "gb18030"
    assert doc.blocks == read_path(SEED).blocks


BIDI = "\u202e\u202d\u202c\u200b\u200e\u200f\u2066\u2069\ufeff\u00ad"


def test_bidi_and_zero_width_characters_in_prose_are_invisible_to_numbers(tmp_path):
    text = "2020年，郑州市中等职业学校共有\u202e5\u200b7所，在校生\u20664.51\u2069万人。"
    path = tmp_path / "bidi.txt"
    path.write_text(text + "\n", encoding="utf-8")
    doc = read_path(path)
    (para,) = paragraphs(doc)
    assert not any(ch in para.text for ch in BIDI)
    nums = find_numbers(para.text)
    assert [n.value for n in nums if n.kind != "year"][:2] == [57, 45100]
    # Columns are those of the source line, around the cut characters.
    start = para.text.index("57")
    assert para.smap.locate(start, start + 2).column == text.index("5") + 1
    assert para.smap.locate(start, start + 2).end_column == text.index("7") + 1
    assert checked(path).error is None


def test_control_characters_in_prose_and_cells(tmp_path):
    body = (
        "\x1b[2J2020年，学校\x07共有57所。\n\n"
        "表1 学校情况\n\n\t学校\n\t学生数\n\n\t甲\x08\n\t\u202d12\u202c\n\n\t乙\n\t3\x1b\n\n"
        "\t合计\n\t1\u200b5\n\n"
    ) + "学校坚持立德树人，深化产教融合、校企合作。\n" * 20  # a few controls in a text file
    path = tmp_path / "ctrl.txt"
    path.write_text(body, encoding="utf-8")
    doc = read_path(path)
    for block in doc.blocks:
        texts = [block.text] if isinstance(block, Paragraph) else []
        if isinstance(block, Table):
            texts = [c.text for row in block.rows for c in row]
        for t in texts:
            assert not any(ord(ch) < 32 and ch not in "\t\n" for ch in t), t
            assert not any(ch in BIDI for ch in t), t
    (table,) = [b for b in doc.blocks if isinstance(b, Table)]
    assert [[c.text for c in row] for row in table.rows] == [
        ["甲", "12"],
        ["乙", "3"],
        ["合计", "15"],
    ]
    result = checked(path)
    assert result.error is None


# ------------------------------------------------------------------- sheets


def test_xlsx_with_formulas_but_no_cached_values(tmp_path):
    openpyxl = pytest.importorskip("openpyxl")
    wb = openpyxl.Workbook()
    ws = wb.active
    ws.title = "表1"
    ws.append(["学校类型", "学校数", "在校生数"])
    ws.append(["公办", 40, 30000])
    ws.append(["民办", 17, 15100])
    ws.append(["合计", "=SUM(B2:B3)", "=SUM(C2:C3)"])
    path = tmp_path / "formulas.xlsx"
    wb.save(path)  # openpyxl saves formulas without computed values
    doc = read_path(path)
    assert len(doc.meta.get("no_cached_value", [])) == 2
    table = next(b for b in doc.blocks if isinstance(b, Table))
    total = [c.text for c in table.rows[-1]]
    assert total[0] == "合计" and "57" not in total  # no value is invented for a formula
    assert any("Excel" in note for note in table.notes)
    result = checked(path)
    assert result.error is None
    judged = [c for c in result.checks if c.stated is not None and c.stated.text in {"57", "45100"}]
    assert judged == []


def test_xlsx_claiming_a_huge_sheet_is_refused(tmp_path):
    openpyxl = pytest.importorskip("openpyxl")
    wb = openpyxl.Workbook()
    ws = wb.active
    ws["A1"] = "学校"
    ws["ZZ99999"] = 1  # the dimension says 99,999 x 702 cells
    path = tmp_path / "wide.xlsx"
    wb.save(path)
    assert error_code(path) == "too-large"


# ------------------------------------------------------- amplification bombs


def _shared_string_bomb(chars: int, rows: int, cols: int) -> bytes:
    """An .xlsx whose every cell points at one long shared string (no compression trick:
    the ZIP ratio is ~3, so the ZIP limits cannot see it)."""
    openpyxl = pytest.importorskip("openpyxl")
    from openpyxl.utils import get_column_letter

    rng = random.Random(1)
    text = "".join(chr(0x4E00 + rng.randrange(20000)) for _ in range(chars))
    wb = openpyxl.Workbook()
    wb.active["A1"] = 1
    plain = io.BytesIO()
    wb.save(plain)
    ns = "http://schemas.openxmlformats.org/spreadsheetml/2006/main"
    cells = lambda r: "".join(  # noqa: E731
        f'<c r="{get_column_letter(c)}{r}" t="s"><v>0</v></c>' for c in range(1, cols + 1)
    )
    body = "".join(f'<row r="{r}">{cells(r)}</row>' for r in range(1, rows + 1))
    sheet = f'<worksheet xmlns="{ns}"><sheetData>{body}</sheetData></worksheet>'
    sst = f'<sst xmlns="{ns}" count="1" uniqueCount="1"><si><t>{text}</t></si></sst>'
    rel = (
        b'<Relationship Id="rIdS" Target="sharedStrings.xml" Type="http://schemas.openxmlformats'
        b'.org/officeDocument/2006/relationships/sharedStrings"/></Relationships>'
    )
    override = (
        b'<Override PartName="/xl/sharedStrings.xml" ContentType="application/vnd.openxmlformats-'
        b'officedocument.spreadsheetml.sharedStrings+xml"/></Types>'
    )
    out = io.BytesIO()
    with (
        zipfile.ZipFile(io.BytesIO(plain.getvalue())) as zin,
        zipfile.ZipFile(out, "w", zipfile.ZIP_DEFLATED) as z,
    ):
        for info in zin.infolist():
            data = zin.read(info.filename)
            if info.filename == "xl/worksheets/sheet1.xml":
                data = sheet.encode()
            elif info.filename == "[Content_Types].xml":
                data = data.replace(b"</Types>", override)
            elif info.filename == "xl/_rels/workbook.xml.rels":
                data = data.replace(b"</Relationships>", rel)
            z.writestr(info.filename, data)
        z.writestr("xl/sharedStrings.xml", sst.encode())
    return out.getvalue()


def test_xlsx_shared_string_bomb_is_refused(tmp_path):
    """2,500 cells sharing one 10,000-character string: 25 M characters from ~40 KB."""
    path = tmp_path / "sst.xlsx"
    path.write_bytes(_shared_string_bomb(10_000, 50, 50))
    assert path.stat().st_size < 60_000
    result = checked(path)
    assert result.error["code"] == "unsafe-file" and "expand" in result.error["message"]


def test_yaml_extract_alias_bomb_is_refused(tmp_path):
    """One paragraph text aliased 500 times: 16 M characters from ~40 KB of YAML."""
    text = "2020年，全市共有中职学校57所。" * 1000
    items = [f'{{text: &s "{text}"}}'] + ["{text: *s}"] * 500
    path = tmp_path / "bomb.yaml"
    path.write_text("paragraphs: [" + ",".join(items) + "]\n", encoding="utf-8")
    result = checked(path)
    assert result.error["code"] == "unsafe-file"


def test_ordinary_files_are_far_from_the_expansion_limit():
    from vetlint.readers import MAX_TEXT_RATIO

    for path in [
        *sorted((ROOT / "fixtures" / "reports").glob("*.txt")),
        *sorted(DERIVED.iterdir()),
    ]:
        doc = read_path(path)
        chars = sum(
            sum(len(c.text) for row in b.rows for c in row) if isinstance(b, Table) else len(b.text)
            for b in doc.blocks
        )
        assert chars < MAX_TEXT_RATIO / 10 * path.stat().st_size, path.name
