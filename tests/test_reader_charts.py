"""Charts drawn in Word, read from the data they cache (word/charts/chartN.xml)."""

from __future__ import annotations

import importlib.util
import io
import sys
import zipfile
from pathlib import Path

import pytest
from test_reader_docx import _docx

from vetlint.annotate import annotate
from vetlint.api import check
from vetlint.readers import read_bytes, read_path
from vetlint.readers.charts import read_chart
from vetlint.readers.ooxml import parse_bytes
from vetlint.settings import Settings

ROOT = Path(__file__).resolve().parents[1]
RENDERED = ROOT / "fixtures" / "rendered"
SEED = "zhengzhou-2020-secondary-vet-quality"


def _office():
    spec = importlib.util.spec_from_file_location(
        "make_fixtures_office", ROOT / "scripts" / "make_fixtures_office.py")
    assert spec and spec.loader
    module = importlib.util.module_from_spec(spec)
    sys.modules.setdefault(spec.name, module)
    spec.loader.exec_module(module)
    return module


office = _office()

ENROLMENT = office.ChartSpec(
    "2018—2020年郑州市中职学校规模", ["2018年", "2019年", "2020年"],
    [("在校生数", ["183555", "202214", "205216"]), ("招生数", ["71534", "80529", "76377"])])
TITLES = office.ChartSpec("专任教师职称结构", ["高级", "中级", "初级"],
                          [("职称结构", ["0.117", "0.294", "0.589"])], label_format="0.0%",
                          pie=True)


def test_word_chart_is_a_chart_table_with_its_figure_caption():
    def build(doc):
        doc.add_paragraph("2020年全市中职学校在校生205216人。")
        office.add_chart(doc, ENROLMENT)
        doc.add_paragraph("图2 2018—2020年郑州市中职学校规模", style="Caption")
        doc.add_paragraph("招生数较上年有所下降。")

    doc = read_bytes(_docx(build), "chart.docx")
    (chart,) = doc.tables
    assert chart.kind == "chart" and chart.id == "图2"
    assert chart.caption == "图2 2018—2020年郑州市中职学校规模"
    assert chart.columns == ["", "在校生数", "招生数"]
    assert chart.texts() == [["2018年", "183555", "71534"], ["2019年", "202214", "80529"],
                             ["2020年", "205216", "76377"]]
    # In body order, between the paragraph that draws it and its caption.
    assert [b.kind for b in doc.blocks] == ["paragraph", "chart", "paragraph", "paragraph"]
    lines = doc.text.splitlines()
    for _, _, cell in chart.iter_cells():
        loc = cell.location
        assert lines[loc.line - 1][loc.column - 1:loc.end_column] == cell.text
    assert doc.meta["charts"] == 1


def test_chart_title_data_labels_and_caption_above():
    def build(doc):
        doc.add_paragraph("图1：专任教师职称结构")
        office.add_chart(doc, TITLES)
        office.add_chart(doc, ENROLMENT)  # a second chart: no caption of its own

    doc = read_bytes(_docx(build), "pie.docx")
    pie, bars = doc.tables
    assert pie.id == "图1" and pie.caption == "图1：专任教师职称结构"
    # The data labels print the cached fractions as percentages: both are read.
    assert pie.columns == ["", "职称结构", "数据标签"]
    assert pie.texts()[0] == ["高级", "0.117", "11.7%"]
    assert bars.id == "T2" and bars.caption == "2018—2020年郑州市中职学校规模"


def test_chart_xml_details():
    chart = read_chart(parse_bytes(office.chart_xml(TITLES)))
    assert chart is not None and chart.title == "专任教师职称结构"
    assert chart.series[0].labels and chart.series[0].format_code == "0.0%"
    noisy = office.chart_xml(office.ChartSpec(None, ["甲", "乙"], [("占比", ["0.11700000000000001", ""])]))
    chart = read_chart(parse_bytes(noisy))
    assert chart.title is None
    assert chart.grid() == [["", "占比"], ["甲", "0.117"], ["乙", ""]]
    # A chart whose values are not cached (only a reference to a sheet) gives no table.
    bare = noisy.replace(b"<c:pt idx=\"0\"><c:v>0.11700000000000001</c:v></c:pt>", b"")
    assert read_chart(parse_bytes(bare)) is None


def test_chart_in_a_fallback_picture_is_not_read_twice():
    def build(doc):
        office.add_chart(doc, ENROLMENT)
        run = doc.paragraphs[-1].runs[0]._r
        drawing = run[0]
        from copy import deepcopy

        from docx.oxml import parse_xml

        mc = parse_xml(
            '<mc:AlternateContent xmlns:mc="http://schemas.openxmlformats.org/markup-'
            'compatibility/2006"><mc:Choice Requires="c14"/><mc:Fallback/></mc:AlternateContent>')
        mc[0].append(drawing)
        mc[1].append(deepcopy(drawing))
        run.append(mc)

    doc = read_bytes(_docx(build), "fallback.docx")
    assert [t.kind for t in doc.tables] == ["chart"]


def test_seed_docx_charts_give_the_findings_of_the_text():
    """Seed 000 ends with three charts; its .docx rendering embeds them as Word charts."""
    word = read_path(RENDERED / f"{SEED}.docx")
    text = read_path(ROOT / "fixtures" / "reports" / f"{SEED}.txt")
    charts = [t for t in word.tables if t.kind == "chart"]
    assert [(t.id, t.caption, t.columns, t.texts()) for t in charts] == [
        (t.id, t.caption, t.columns, t.texts()) for t in text.tables if t.kind == "chart"]
    rules = sorted(c.rule for c in check(RENDERED / f"{SEED}.docx", Settings()).findings
                   if c.rule in ("VL418", "VL421"))
    # VL418: 32.1% against the text's 32.0% (an error), 26.8% and 5.3万 only by truncation (notes);
    # VL421: 学生总数 202214 against 201041 (a warning), 5.3万 against 53907 (a note)
    assert rules == ["VL418", "VL418", "VL418", "VL421", "VL421"]


def test_annotated_copy_of_a_docx_with_charts(tmp_path):
    source = RENDERED / f"{SEED}.docx"
    result = check(source, Settings())
    summary = annotate(source, result, tmp_path / "checked.docx")
    assert summary.findings == len(result.findings)
    chart_prose = [c for c in result.findings if c.rule == "VL418"]
    assert len(chart_prose) == 3  # anchored on prose figures that come before the charts
    with zipfile.ZipFile(tmp_path / "checked.docx") as zf:
        assert "word/charts/chart1.xml" in zf.namelist()


@pytest.mark.parametrize("bad", [b"<c:chartSpace", b"not xml at all"])
def test_broken_chart_part_is_a_clear_error(bad):
    data = _docx(lambda doc: (doc.add_paragraph("正文57所。"), office.add_chart(doc, ENROLMENT)))
    out = io.BytesIO()
    with zipfile.ZipFile(io.BytesIO(data)) as src, zipfile.ZipFile(out, "w") as dst:
        for info in src.infolist():
            body = src.read(info.filename)
            dst.writestr(info.filename, bad if info.filename.endswith("chart1.xml") else body)
    from vetlint.errors import ReadError

    with pytest.raises(ReadError) as info:
        read_bytes(out.getvalue(), "broken.docx")
    assert info.value.code == "corrupt" and "chart1.xml" in info.value.message
