"""Markdown reader: headings, prose, pipe and embedded HTML tables, exact positions."""

from __future__ import annotations

from pathlib import Path

import pytest

from vetlint.document import Heading, Paragraph, SourceMap, Table
from vetlint.errors import ReadError
from vetlint.readers import read_bytes, read_path
from vetlint.readers.markdown import clean_inline, split_pipe_row

ROOT = Path(__file__).resolve().parents[1]
FIXTURE = ROOT / "fixtures" / "derived" / "zhengzhou-2020-tables.md"


def read_md(source: str) -> list:
    return read_bytes(source.encode("utf-8"), "t.md").blocks


def assert_maps_to_source(text: str, smap: SourceMap, lines: list[str]) -> None:
    for i, ch in enumerate(text):
        if ch.isspace():
            continue
        line, col = smap.point(i)
        assert lines[line - 1][col - 1] == ch, (text, i, ch, line, col)


def test_fixture_blocks_and_positions() -> None:
    doc = read_path(FIXTURE)
    assert doc.format == "markdown" and doc.language == "zh"
    lines = FIXTURE.read_text(encoding="utf-8").split("\n")
    headings = [b for b in doc.blocks if isinstance(b, Heading)]
    assert [h.number for h in headings][:2] == ["1.1", "1.3"]
    paras = [b for b in doc.blocks if isinstance(b, Paragraph)]
    assert {p.role for p in paras} >= {"body", "caption", "note"}
    for p in paras:
        assert_maps_to_source(p.text, p.smap, lines)
    tables = {t.id: t for t in doc.tables}
    assert set(tables) >= {"表1-1", "表1-2", "表1-6", "表3-6", "表6-1"}
    assert tables["表1-6"].unit == "人" and tables["表1-6"].section == "1.3教师队伍"
    assert tables["表1-1"].columns[2] == "公办 / 学校数量"  # embedded HTML with spans
    assert tables["表1-2"].texts()[0][2].startswith("1.新密市职教中心\n2.")  # <br> in a pipe cell
    for table in doc.tables:
        for _, _, cell in table.iter_cells():
            if cell.text:
                first = cell.text.split("\n")[0]
                line = lines[cell.location.line - 1]
                assert line[cell.location.column - 1 :].startswith(first), (cell.text, cell.location)


def test_pipe_table_with_escapes_alignment_and_ragged_rows() -> None:
    source = (
        "表2：测试表（单位：万元）\n"
        "| 项目 | 2019年 | 2020年 |\n"
        "|:---|---:|:---:|\n"
        "| a\\|b | `x\\|y` | **12** |\n"
        "| 只有两格 | 5 |\n"
        "| 多 | 1 | 2 | 3 |\n"
    )
    caption, table = read_md(source)
    assert isinstance(caption, Paragraph) and caption.role == "caption"
    assert isinstance(table, Table) and table.id == "表2" and table.unit == "万元"
    assert table.columns == ["项目", "2019年", "2020年"]
    assert table.texts() == [["a|b", "x|y", "12"], ["只有两格", "5", ""], ["多", "1", "2"]]
    cell = table.rows[0][2]
    assert (cell.location.line, cell.location.column) == (4, 21)  # the "1" of **12**


def test_inline_markup_removed_positions_kept() -> None:
    chars = clean_inline("共有**57**所，见[表1-1](#t1)，R&amp;D \\*不是强调\\*", 7, 3)
    assert chars.text == "共有57所，见表1-1，R&D *不是强调*"
    points = dict(zip(range(len(chars.chars)), chars.points, strict=True))
    assert points[chars.text.index("57")] == (7, 7)
    assert points[chars.text.index("表")] == (7, 15)


def test_split_pipe_row() -> None:
    assert [c for _, c in split_pipe_row("| a | b\\|c | `d|e` |")] == [" a ", " b\\|c ", " `d", "e` "]
    assert [o for o, _ in split_pipe_row("a|b")] == [0, 2]


def test_headings_setext_fences_quotes_lists() -> None:
    source = (
        "报告标题\n"
        "====\n"
        "\n"
        "```\n"
        "代码 999人\n"
        "```\n"
        "> 引用里有 12人\n"
        "- 列表项 3所\n"
        "1.2设施设备\n"
        "\n"
        "## 二、专业建设 ##\n"
        "正文一行\n"
        "接着一行 and\n"
        "more\n"
    )
    blocks = read_md(source)
    kinds = [(type(b).__name__, b.text) for b in blocks]
    assert kinds == [
        ("Heading", "报告标题"),
        ("Paragraph", "引用里有 12人"),
        ("Paragraph", "列表项 3所"),
        ("Heading", "1.2设施设备"),
        ("Heading", "二、专业建设"),
        ("Paragraph", "正文一行接着一行 and more"),
    ]
    quote = blocks[1]
    assert quote.location.line == 7 and quote.location.column == 3
    assert blocks[4].number == "二" and blocks[5].section == blocks[4].text
    assert blocks[5].smap.point(blocks[5].text.index("接")) == (13, 1)


def test_html_table_inside_markdown_keeps_file_positions() -> None:
    source = "前言\n\n<table>\n<tr><th>年份</th><th>数量</th></tr>\n<tr><td>2020</td><td>57</td></tr>\n</table>\n\n后记\n"
    blocks = read_md(source)
    table = next(b for b in blocks if isinstance(b, Table))
    cell = table.rows[0][1]
    assert (cell.text, cell.location.line, cell.location.column) == ("57", 5, 22)
    assert [b.text for b in blocks if isinstance(b, Paragraph)] == ["前言", "后记"]


def test_front_matter_is_skipped() -> None:
    blocks = read_md("---\ntitle: 报告\nyear: 2020\n---\n正文57所\n")
    assert [(type(b).__name__, b.text, b.location.line) for b in blocks] == [
        ("Paragraph", "正文57所", 5)
    ]


def test_real_markdown_corpus() -> None:
    news = read_path(ROOT / "fixtures/corpus/nankeyilu_sustech_2018-2019_teaching_quality_report_news.md")
    body = [p for p in news.paragraphs if p.role == "body"]
    assert body[0].location.line == 26 and body[0].text.startswith("近日，大学于官方网站的信息公开栏目")
    assert not any("cover_img" in p.text for p in news.paragraphs), "front matter is not prose"
    tatqa = read_path(ROOT / "fixtures/corpus/tatqa_dev_30_contexts_with_totals.md")
    assert tatqa.language == "en" and len(tatqa.tables) == 30
    first = tatqa.tables[0]
    assert first.columns[:2] == ["OPERATING REVENUES", "Q4 2019"]
    assert first.texts()[-1] == ["Total BCE operating revenues", "6,316", "6,215", "101", "1.6%"]


@pytest.mark.parametrize(
    ("data", "match"),
    [(b"abc\x00def\x00\x00\x00", "NUL|not a text"), (b"```\ncode only\n```\n", "no readable text")],
    ids=["nul-bytes", "code-only"],
)
def test_bad_markdown_is_one_read_error(data: bytes, match: str) -> None:
    with pytest.raises(ReadError, match=match):
        read_bytes(data, "bad.md")
