"""Tables in text as published web pages, PDF-to-text tools and yearbooks print them.

Real-shaped excerpts of county and city bulletins: each layout read as a table (with its
caption and the 全市 row that closes it, a row like any other for the reader), and text
that only looks regular (names in columns, a table of contents, a paragraph of figures)
left as prose.
"""

from __future__ import annotations

import pytest

from vetlint.document import Table
from vetlint.readers import read_bytes

COLUMNS = ["县（市、区）", "学校数（所）", "在校生数（人）", "专任教师（人）"]
ROWS = [["柯城区", "3", "5234", "320"], ["衢江区", "2", "4012", "276"],
        ["龙游县", "2", "4511", "301"], ["全市", "11", "27782", "1712"]]
CAPTION = "表3 2020年各县（市、区）中等职业教育基本情况"
PROSE = "2020年，全市中等职业学校在校生27782人，较上年增加1203人，增长4.5%。"


def read(text: str, name: str = "report.txt"):
    return read_bytes(text.encode("utf-8"), name)


def only_table(doc) -> Table:
    tables = doc.tables
    assert len(tables) == 1, [t.columns for t in tables]
    return tables[0]


def assert_county_table(table: Table) -> None:
    assert table.id == "表3" and table.caption == CAPTION
    assert [c.replace(" ", "") for c in table.columns] == COLUMNS
    assert [[c.replace(" ", "") for c in row] for row in table.texts()] == ROWS


PIPES = f"""{PROSE}
{CAPTION}
县（市、区） | 学校数（所） | 在校生数（人） | 专任教师（人）
柯城区 | 3 | 5234 | 320
衢江区 | 2 | 4012 | 276
龙游县 | 2 | 4511 | 301
全市 | 11 | 27782 | 1712
注：不含技工学校。
"""

FLAT = (f"{PROSE}\n{CAPTION} 县（市、区） 学校数（所） 在校生数（人） 专任教师（人） 柯城区 3 5234 320 "
        "衢江区 2 4012 276 龙游县 2 4511 301 全市 11 27782 1712\n")

FLAT_PIPES = (f"{PROSE}\n{CAPTION}\n| 县（市、区） | 学校数（所） | 在校生数（人） | 专任教师（人） | "
              "|---|---|---|---| | 柯城区 | 3 | 5234 | 320 | | 衢江区 | 2 | 4012 | 276 | "
              "| 龙游县 | 2 | 4511 | 301 | | 全市 | 11 | 27782 | 1712 |\n")

ALIGNED = f"""{PROSE}

{CAPTION}

县（市、区）    学校数（所）  在校生数（人）  专任教师（人）
柯城区                     3            5234             320
衢江区                     2            4012             276
龙游县                     2            4511             301
全  市                    11           27782            1712

资料来源：市教育局统计年报。
"""

STACKED = f"""{PROSE}
{CAPTION}
县（市、区）
学校数（所）
在校生数（人）
专任教师（人）
柯城区
3
5234
320

衢江区
2
4012
276

龙游县
2
4511
301

全市
11
27782
1712
{PROSE}
"""


@pytest.mark.parametrize("name", ["report.txt", "report.md"])
@pytest.mark.parametrize("text", [PIPES, FLAT, FLAT_PIPES, ALIGNED, STACKED],
                         ids=["pipes", "flat", "flat-pipes", "aligned", "stacked"])
def test_each_layout_reads_the_county_table(text: str, name: str) -> None:
    doc = read(text, name)
    assert_county_table(only_table(doc))
    prose = [p.text for p in doc.paragraphs if p.role == "body"]
    assert PROSE in prose
    assert not any("27782 1712" in t or "5234" in t for t in prose)


def test_cells_point_into_the_source() -> None:
    for text in (PIPES, FLAT, ALIGNED, STACKED):
        lines = text.split("\n")
        table = only_table(read(text))
        for _, _, cell in table.iter_cells():
            loc = cell.location
            if cell.text:
                assert lines[loc.line - 1][loc.column - 1:loc.end_column] == cell.text


def test_note_and_caption_around_the_table() -> None:
    for name in ("report.txt", "report.md"):
        doc = read(PIPES, name)
        assert only_table(doc).notes == ["注：不含技工学校。"]
        assert [p.role for p in doc.paragraphs if "不含技工学校" in p.text] == ["note"]


def test_fixed_width_by_characters_or_by_printed_width() -> None:
    """pdftotext -layout aligns by characters; a yearbook typed for a terminal, by width
    (a Chinese character two columns): both read."""
    by_width = f"{CAPTION}\n\n" + "\n".join([
        "县（市、区）  学校数（所）  在校生数（人）",
        "柯城区                   3            5234",
        "衢江区                   2            4012",
        "全市                    11           27782",
    ])
    by_chars = f"{CAPTION}\n\n" + "\n".join([
        "县（市、区）    学校数（所）    在校生数（人）",
        "柯城区               3           5234",
        "衢江区               2           4012",
        "全市                11          27782",
    ])
    for text in (by_width, by_chars):
        table = only_table(read(text))
        assert table.texts() == [["柯城区", "3", "5234"], ["衢江区", "2", "4012"],
                                 ["全市", "11", "27782"]], text


def test_two_columns_of_rising_figures_are_a_table_not_contents() -> None:
    text = "\n".join([
        "年份          在校生数",
        "2018年          183555",
        "2019年          202214",
        "2020年          205216",
    ])
    table = only_table(read(text))
    assert table.columns == ["年份", "在校生数"] and table.n_rows == 3


def test_years_as_row_labels_and_empty_cells() -> None:
    text = "\n".join([
        "表1 2018—2020年全市中职教育规模",
        "年份 | 学校数 | 招生数 | 在校生数 | 备注",
        "2018 | 58 | 71534 | 183555 | —",
        "2019 | 58 | 80529 | 202214 |",
        "2020 | 57 | 76377 | 205216 | 含五年制",
    ])
    table = only_table(read(text))
    assert table.columns == ["年份", "学校数", "招生数", "在校生数", "备注"]
    assert [row[0] for row in table.texts()] == ["2018", "2019", "2020"]
    assert table.texts()[1][4] == ""


def test_english_table_flattened_in_a_web_page() -> None:
    text = ("Table 2 Graduates by destination Destination Number Share "
            "Employed 4593 45.97% Further study 4074 40.78% Other 1324 13.25%\n")
    # Labels of two words cannot be told from a flattened line: no table is guessed.
    assert read(text).tables == []
    text = "Destination Number Share Employed 4593 45.97% Studying 4074 40.78% Other 1324 13.25%\n"
    table = only_table(read(text))
    assert table.columns == ["Destination", "Number", "Share"] and table.n_rows == 3


# ------------------------------------------------------------- not tables


NAMES = """获奖教师名单：
张  伟    李  娜    王  芳
刘  洋    陈  静    杨  帆
赵  磊    黄  敏    周  杰
"""

CONTENTS = """目    录
一、基本情况                                  1
二、学生发展                                  3
三、质量保障措施                              7
四、教育教学改革                              9
五、政府履责                                 12
"""

CONTENTS_PLAIN = """目录
前言            1
学校概况        3
学生发展        7
教学改革        9
社会贡献       12
"""

FIGURES = """2020年全市中职学校在校生 27782 人 专任教师 1712 人 生师比 16.22:1 双师型教师 810 人
其中：一年级 9865 人，二年级 9302 人，三年级 8615 人。
"""

SHORT_LINES = """学校荣誉
国家级示范校
省级重点职校
市级文明单位
2020年
2021年
2022年
"""

PROSE_PIPES = """本报告数据来源 | 市教育局
执笔 | 质量办公室
"""


CONTENTS_UNTITLED = "\n".join(CONTENTS.splitlines()[1:]) + "\n"  # no 目录 line above it
CONTENTS_HEADED = "章    节                                    页码\n" + CONTENTS_UNTITLED
CONTENTS_PLAIN_UNTITLED = "\n".join(CONTENTS_PLAIN.splitlines()[1:]) + "\n"


@pytest.mark.parametrize("text", [NAMES, CONTENTS, CONTENTS_PLAIN, CONTENTS_UNTITLED,
                                  CONTENTS_PLAIN_UNTITLED, CONTENTS_HEADED, FIGURES, SHORT_LINES,
                                  PROSE_PIPES],
                         ids=["names", "contents", "contents-plain", "contents-untitled",
                              "contents-plain-untitled", "contents-headed", "figures",
                              "short-lines", "prose-pipes"])
@pytest.mark.parametrize("name", ["report.txt", "report.md"])
def test_regular_looking_text_is_not_a_table(text: str, name: str) -> None:
    assert read(text, name).tables == []


def test_a_long_run_of_short_lines_is_scanned_once(monkeypatch) -> None:
    """Finding stays linear: a run that holds no table is not tried again from each of
    its lines (20,000 list lines would otherwise be 200 million line checks)."""
    from vetlint.readers import texttables

    scanned: list[int] = []
    real = texttables._stacked_run

    def counting(lines, i):
        run = real(lines, i)
        scanned.append(len(run))
        return run

    monkeypatch.setattr(texttables, "_stacked_run", counting)
    lines = [f"第{k}项" for k in range(20000)]
    assert read("\n".join(lines)).tables == []
    assert sum(scanned) <= 3 * len(lines)


# ------------------------------------------------- PDF-to-text output


def _norm(text: str | None) -> str:
    return "".join((text or "").split())


def _shape(table: Table) -> tuple[list[str], list[list[str]]]:
    return [_norm(c) for c in table.columns], [[_norm(c) for c in row] for row in table.texts()]


@pytest.mark.parametrize(("stem", "ids"), [
    ("quzhou-2020-tables", ["T1", "T2", "T3"]),
    ("zhengzhou-2020-tables", ["表1-1", "表3-6"]),
])
def test_pdftotext_layout_output_reads_the_tables_of_the_docx(stem: str, ids: list[str]) -> None:
    """``pdftotext -layout`` of the committed PDFs: columns aligned by spaces, rows a blank
    line apart, cells wrapped onto the next line (``投入（万元）``), a header in two lines
    (``公办`` over ``学校数量``/``增幅``, ``学校总数`` over ``（所）``), labels spanning rows."""
    from pathlib import Path

    from vetlint.readers import read_path

    derived = Path(__file__).resolve().parents[1] / "fixtures" / "derived"
    text = read_path(derived / f"{stem}.layout.txt")
    word = {tuple(_shape(t)[0]): t for t in read_path(derived / f"{stem}.docx").tables}
    found = {t.id: t for t in text.tables}
    for table_id in ids:
        table = found[table_id]
        twin = word[tuple(_shape(table)[0])]
        assert _shape(table) == _shape(twin), table_id
        assert table.label_columns == twin.label_columns



# ------------------------------------------------------- HTML as text


def test_html_page_with_a_line_per_cell_or_a_div_per_row() -> None:
    """Web pages whose editor lost the table: a ``<br>`` per cell, a ``<div>`` per row."""
    cells = "<br>".join(["县（市、区）", "学校数（所）", "在校生数（人）", "专任教师（人）",
                         *(c for row in ROWS for c in row)])
    rows = "".join(f"<div>{' | '.join(row)}</div>" for row in [COLUMNS, *ROWS])
    for body in (f"<p>{cells}</p>", rows):
        html = f"<html><body><p>{PROSE}</p><p>{CAPTION}</p>{body}<p>{PROSE}</p></body></html>"
        doc = read(html, "report.html")
        assert_county_table(only_table(doc))
        lines = html.split("\n")
        for _, _, cell in only_table(doc).iter_cells():
            loc = cell.location
            assert lines[loc.line - 1][loc.column - 1:loc.end_column] == cell.text


def test_html_paragraphs_of_names_are_not_a_table() -> None:
    names = "".join(f"<p>{name}</p>" for name in ["张伟", "李娜", "王芳", "刘洋", "陈静", "杨帆"])
    assert read(f"<html><body>{names}</body></html>", "names.html").tables == []
