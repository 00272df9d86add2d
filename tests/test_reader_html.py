"""HTML reader: blocks, spans resolved to the "" convention, exact source positions."""

from __future__ import annotations

from pathlib import Path

import pytest

from vetlint.document import Heading, Paragraph, SourceMap, Table
from vetlint.errors import ReadError
from vetlint.readers import read_bytes, read_path
from vetlint.readers.html import MAX_TABLE_CELLS

ROOT = Path(__file__).resolve().parents[1]
FIXTURE = ROOT / "fixtures" / "derived" / "zhengzhou-2020-tables.html"


def read_html(source: str) -> list:
    return read_bytes(source.encode("utf-8"), "t.html").blocks


def assert_maps_to_source(text: str, smap: SourceMap, lines: list[str]) -> None:
    """Every visible character of ``text`` sits where its SourceMap says in the source."""
    for i, ch in enumerate(text):
        if ch.isspace():
            continue
        line, col = smap.point(i)
        found = lines[line - 1][col - 1]
        assert found == ch or found == "&", (text, i, ch, line, col, found)


def test_fixture_headings_paragraphs_and_positions() -> None:
    doc = read_path(FIXTURE)
    assert doc.format == "html" and doc.language == "zh"
    lines = FIXTURE.read_text(encoding="utf-8").split("\n")
    headings = [b for b in doc.blocks if isinstance(b, Heading)]
    assert "1.1规模和结构" in [h.text for h in headings]
    h = next(h for h in headings if h.text == "6.1经费")
    assert (h.number, h.title) == ("6.1", "经费")
    paras = [b for b in doc.blocks if isinstance(b, Paragraph)]
    assert any("共有57所" in p.text for p in paras)
    assert all(p.section for p in paras), "prose after a heading knows its section"
    for p in paras:
        assert_maps_to_source(p.text, p.smap, lines)
    # The title in <head> and the <style> rules are not prose.
    assert not any("节选" in p.text or "border" in p.text for p in paras)


def test_fixture_tables_spans_and_cell_positions() -> None:
    doc = read_path(FIXTURE)
    lines = FIXTURE.read_text(encoding="utf-8").split("\n")
    tables = {t.id: t for t in doc.tables}
    t11 = tables["表1-1"]
    assert t11.columns == ["年份", "学校总数（所）", "公办 / 学校数量", "公办 / 增幅",
                           "民办 / 学校数量", "民办 / 增幅"]
    assert t11.header[1][:2] == ["", ""], "rowspan continuations are empty"
    assert t11.texts()[1] == ["2020", "57", "19", "5.5%", "38", "-5.0%"]
    assert t11.caption and t11.caption.startswith("表1-1")  # from <caption>
    assert t11.notes and t11.notes[0].startswith("注：")
    t61 = tables["表6-1"]
    assert t61.columns[-1] == "金额合计（万元）" and t61.n_cols == 8
    comp = tables["表3-6"]
    assert comp.label_columns == 2
    assert comp.texts()[3][:2] == ["", "河南省"], "the rowspan group label continues as ''"
    assert comp.row_label(3) == "一等奖 / 河南省"
    assert comp.texts()[4][:2] == ["贡献度", ""], "a colspan label continues as ''"
    multi = tables["表1-2"]
    assert multi.texts()[0][2].split("\n")[:2] == ["1.新密市职教中心", "2.郑州市国防科技学校"]
    for table in doc.tables:
        for _, _, cell in table.iter_cells():
            if not cell.text:
                continue
            loc = cell.location
            assert loc.table == table.id and loc.row and loc.col
            first = cell.text.split("\n")[0]
            assert lines[loc.line - 1][loc.column - 1 :].startswith(first), (cell.text, loc)


def test_absurd_spans_are_capped() -> None:
    blocks = read_html(
        "<table><tr><th>a</th><th>b</th><th colspan='100000'>c</th></tr>"
        "<tr><td rowspan='0'>x</td><td>1</td><td>2</td></tr>"
        "<tr><td rowspan='99999'>3</td><td>4</td></tr></table>"
    )
    (table,) = [b for b in blocks if isinstance(b, Table)]
    assert table.n_cols == 3
    assert table.texts() == [["x", "1", "2"], ["", "3", "4"]]


def test_too_many_cells_is_a_read_error() -> None:
    rows = "".join("<tr>" + "<td colspan='1000'>1</td>" + "</tr>" for _ in range(MAX_TABLE_CELLS // 1000 + 2))
    with pytest.raises(ReadError, match="too large"):
        read_html(f"<table>{rows}</table>")


def test_nested_table_script_style_and_br() -> None:
    blocks = read_html(
        "<html><head><script>var x = 5;</script></head><body>\n"
        "<div>第一段 <b>12</b>人<br>第二段</div>\n"
        "<table><tr><th>项目</th><th>数量</th></tr>"
        "<tr><td>甲<br/>乙</td><td>3<table><tr><td>内</td><td>9</td></tr></table></td></tr>"
        "</table><style>p { color: red }</style></body></html>"
    )
    texts = [b.text for b in blocks if isinstance(b, Paragraph)]
    assert texts == ["第一段 12人", "第二段"]
    outer, inner = [b for b in blocks if isinstance(b, Table)]
    assert outer.texts() == [["甲\n乙", "3"]]
    assert inner.id != outer.id and inner.columns == ["内", "9"]
    assert inner.location.line == 3 and inner.location.column > 1


def test_caption_paragraph_before_table_gives_id_and_unit() -> None:
    blocks = read_html(
        "<p>表1-6：教师基本情况（单位：人）</p>\n"
        "<table><tr><th>项目</th><th>2019年</th></tr><tr><td>教职工</td><td>10139</td></tr></table>"
    )
    caption, table = blocks
    assert isinstance(caption, Paragraph) and caption.role == "caption"
    assert isinstance(table, Table) and table.id == "表1-6" and table.unit == "人"


def test_sloppy_markup_still_reads() -> None:
    blocks = read_html("<p>共有57所<table><tr><td>年份<td>数量<tr><td>2020<td>57</table><p>完")
    table = next(b for b in blocks if isinstance(b, Table))
    assert table.columns == ["年份", "数量"] and table.texts() == [["2020", "57"]]


def test_entities_and_cjk_line_joins() -> None:
    source = "<p>学校&nbsp;共有\n57所，R&amp;D投入</p>"
    (para,) = read_html(source)
    assert para.text == "学校 共有57所，R&D投入"
    assert_maps_to_source(para.text, para.smap, source.split("\n"))
    assert para.smap.point(para.text.index("57")) == (2, 1)


@pytest.mark.parametrize(
    "data",
    [b"\x00\x01\x02\x03binary\x00junk\xff\xfe", b"just some words, no markup at all", b"<html><body></body></html>"],
    ids=["binary", "no-tags", "no-text"],
)
def test_bad_html_is_one_read_error(data: bytes) -> None:
    with pytest.raises(ReadError) as exc:
        read_bytes(data, "bad.html")
    assert "\n" not in exc.value.message
