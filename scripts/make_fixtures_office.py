"""Build the .docx/.pdf fixtures and the hostile files under fixtures/bad/.

Real reports reach vetlint as Word files and as PDFs exported from Word, so
the readers must be tested on such files, not only on text. This script
rebuilds them from the real seed reports in ``fixtures/reports/``: prose is
read from the seed text, table cells are copied from the seed tables with
the merged cells the published layout implies (header groups merged
horizontally, 一等奖/二等奖 group labels merged vertically, a table run over a
page break with its header repeated, Quzhou's title rows merged across the
table and one borderless table). The .pdf comes from LibreOffice
(``soffice``), exported as on a machine with only WenQuanYi Zen Hei, and Quzhou's also
as on one with only Noto Sans CJK (``-noto.pdf``: readers must not depend on a font),
and printed back as text by ``pdftotext -layout`` (``.layout.txt``: tables aligned with
spaces, as PDF-to-text tools give them); the generated files are committed, so tests
never need LibreOffice or poppler. ``fixtures/bad/`` gets small hostile files: empty, junk,
truncated, a zip bomb, a DTD with entities, an encrypted and an image-only PDF.
ZIP timestamps are fixed, so rebuilding the .docx files changes no bytes.

    .venv/bin/python scripts/make_fixtures_office.py            # everything
    .venv/bin/python scripts/make_fixtures_office.py --no-pdf   # .docx and bad files only
"""

from __future__ import annotations

import argparse
import io
import os
import random
import re
import shutil
import subprocess
import sys
import tempfile
import time
import zipfile
from dataclasses import dataclass
from pathlib import Path

from docx import Document as new_docx
from docx.enum.text import WD_ALIGN_PARAGRAPH
from docx.oxml import parse_xml
from docx.oxml.ns import nsdecls, qn
from docx.shared import Mm, Pt

ROOT = Path(__file__).resolve().parents[1]
REPORTS = ROOT / "fixtures" / "reports"
DERIVED = ROOT / "fixtures" / "derived"
BAD = ROOT / "fixtures" / "bad"
CJK_FONT = "WenQuanYi Zen Hei"
# The second font the PDFs are exported with: readers must not depend on a font's metrics.
OTHER_CJK_FONT = "Noto Sans CJK SC"

# Cell markers in the table specs below: "<" continues the cell to its left
# (a horizontal merge, Word gridSpan), "^" continues the cell above (a
# vertical merge, Word vMerge). Everything else is cell text.
LEFT, UP = "<", "^"


@dataclass
class Spec:
    """One block of a generated report."""

    kind: str  # heading | para | caption | table | pagebreak
    text: str = ""
    level: int = 0
    rows: list[list[str]] | None = None
    style: str | None = None
    ruled: bool = True  # False: a borderless table (PDF readers must align text)
    row_height_mm: float | None = None  # tall rows make a table run over a page break
    repeat_header: bool = False  # Word's "repeat as header row" on every page


# ---------------------------------------------------------------- seed text

class Seed:
    """Lines of a seed report with the publisher's artefacts removed."""

    _ARTEFACT = re.compile(r"\[(?:bookmark|image): [^\]]*\]")

    def __init__(self, name: str) -> None:
        self.name = name
        raw = (REPORTS / name).read_text(encoding="utf-8").splitlines()
        self.lines = [self._ARTEFACT.sub("", line).strip() for line in raw]

    def line(self, prefix: str) -> str:
        """The first cleaned line starting with ``prefix``."""
        for line in self.lines:
            if line.startswith(prefix):
                return line
        raise SystemExit(f"{self.name}: no line starts with {prefix!r}")


# ------------------------------------------------------------------ tables

ZZ_T1_1 = [
    ["年份", "学校总数（所）", "公办", LEFT, "民办", LEFT],
    [UP, UP, "学校数量", "增幅", "学校数量", "增幅"],
    ["2019", "58", "18", "0", "40", "0"],
    ["2020", "57", "19", "5.5%", "38", "-5.0%"],
]

ZZ_T1_6 = [
    ["序号", "项  目", "2019年", "2020年", "增长率"],
    ["1", "教职工总数", "10139", "9456", "6.7%"],
    ["2", "生师比", "19.94:1", "21.70:1", "升高"],
    ["3", "专任教师数", "7480", "7100", "-5.1%"],
    ["4", "专业课教师数", "3903", "3700", "-5.2%"],
    ["5", "省级“双师型”教师数", "1471", "1748", "18.8%"],
    ["6", "研究生及以上学历专任教师数", "1165", "801", "-31.2%"],
    ["7", "本科学历专任教师数", "5361", "5320", "-0.7%"],
    ["8", "专科及以下学历专任教师数", "954", "979", "2.6%"],
    ["9", "具有高级职称的专业课教师数", "493", "434", "-11.9%"],
    ["10", "具有中级职称的专业课教师数", "1221", "1086", "-11.1%"],
    ["11", "具有初级职称的专业课教师数", "1058", "995", "-5.9%"],
    ["12", "未定职级的专业课教师数", "1131", "1185", "4.8%"],
]

ZZ_T3_6 = [
    ["", LEFT, "2018年", "2019年", "2020年"],
    ["举办项目数", LEFT, "33", "40", "18"],
    ["郑州市参赛队", LEFT, "39", "53", "7"],
    ["一等奖", "郑州市", "7", "9", "2"],
    [UP, "河南省", "12", "17", "2"],
    ["贡献度", LEFT, "58.33％", "52.94％", "100.00％"],
    ["二等奖", "郑州市", "15", "15", "3"],
    [UP, "河南省", "34", "36", "7"],
    ["贡献度", LEFT, "44.12％", "41.67％", "42.86％"],
    ["三等奖", "郑州市", "12", "18", "1"],
    [UP, "河南省", "44", "50", "6"],
    ["贡献度", LEFT, "27.27％", "36.00％", "16.67％"],
    ["奖牌总数", "郑州市", "34", "42", "6"],
    [UP, "河南省", "90", "103", "15"],
    ["奖牌总数贡献度", LEFT, "37.78％", "40.78％", "40.00％"],
]

ZZ_T6_1 = [
    ["年度", "免学费", LEFT, "助学金", LEFT, "国家奖学金", LEFT, "金额合计\n（万元）"],
    [UP, "人次", "金额（万元）", "人次", "金额（万元）", "人次", "金额（万元）", UP],
    ["2019年", "296352", "26458.9", "57297", "5724.9", "246", "147.6", "32331.4"],
    ["2020年", "315263", "28100.4", "60032", "6003.2", "247", "148.2", "34251.8"],
]

QZ_EQUIPMENT = [
    ["设备情况一览表", LEFT, LEFT, LEFT, LEFT],
    ["项目", "指标", "2019年", "2020年", "增长情况%"],
    ["设施设备", "实训设施设备投入（万元）", "2255.55", "3058.51", "35.6"],
    [UP, "生均教学仪器设备值（万元）", "1.05", "0.99", "-5.7"],
    [UP, "生均实训工位数（个）", "0.483", "0.697", "44.3"],
    [UP, "生均纸质图书（册）", "43.7", "45.8", "4.8"],
]

QZ_TEACHERS = [
    ["师资情况一览表", LEFT, LEFT, LEFT],
    ["教师队伍", "2019年", "2020年", "变化情况"],
    ["生师比", "16.26 : 1", "16.22 : 1", "0.04 : 1"],
    ["“双师型”比例", "79%", "87%", "8%"],
    ["兼职教师比例", "21.26%", "13.84%", "-7.42%"],
    ["专任教师高级职称比例", "21.26%", "23.19%", "1.93%"],
    ["专任教师中级职称比例", "36.4%", "41.94%", "5.54%"],
]

QZ_EMPLOYMENT = [
    ["项目", "2019年", "2020年", "变化情况"],
    ["就业率（%）", "98.99%", "98.89%", "-0.1%"],
    ["对口就业率（%）", "79.95%", "86.76%", "6.81%"],
    ["初次就业月收入（元）", "2839", "3024", "185"],
]


def quzhou_specs() -> list[Spec]:
    s = Seed("quzhou-2020-secondary-vet-quality.txt")
    return [
        Spec("heading", "1.基本情况", level=1),
        Spec("heading", "1.1 规模和结构", level=2),
        Spec("para", s.line("衢州市共有11所中职学校")),
        Spec("heading", "1.2 设施设备", level=2),
        Spec("para", s.line("衢州市中职学校现有固定总资产")),
        # The seed's tables carry their title as a first row merged across the table.
        Spec("table", rows=QZ_EQUIPMENT),
        Spec("heading", "1.3教师队伍", level=2),
        Spec("para", s.line("2020年全市中职学校在校生数27782人")),
        Spec("table", rows=QZ_TEACHERS),
        Spec("heading", "2.学生发展", level=1),
        Spec("heading", "2.1学生素质", level=2),
        Spec("para", s.line("各中职学校以立德树人为根本任务")),
        Spec("para", s.line("2020年全市中职毕业生就业率")),
        # The seed prints this title as a one-cell row; here it is a paragraph over a
        # borderless table, the layout PDF readers find hardest.
        Spec("para", "就业质量一览表"),
        Spec("table", rows=QZ_EMPLOYMENT, ruled=False),
        Spec("para", s.line("2020年全市升入各类高一级学校的毕业生")),
    ]


def zhengzhou_specs() -> list[Spec]:
    s = Seed("zhengzhou-2020-secondary-vet-quality.txt")
    return [
        Spec("heading", "前  言", level=1),
        Spec("para", s.line("2020年，郑州市中等职业教育以")),
        Spec("para", s.line("根据《河南省教育厅办公室")),
        Spec("heading", "1.1规模和结构", level=2),
        Spec("para", s.line("2020年，郑州市具备招生资质")),
        Spec("caption", s.line("表1-1：")),
        Spec("table", rows=ZZ_T1_1),
        Spec("para", s.line("注：表中统计数据不含省属学校")),
        Spec("heading", "1.3教师队伍", level=2),
        Spec("para", s.line("2020年，郑州市中等职业学校教职工")),
        Spec("para", s.line("从专任教师学历结构来看")),
        Spec("para", s.line("从专业课教师职称结构来看")),
        Spec("caption", s.line("表1-6：")),
        Spec("table", rows=ZZ_T1_6, row_height_mm=22, repeat_header=True),
        # A numbered heading typed as a plain paragraph, as many authors do.
        Spec("para", s.line("2.1学生素质")),
        Spec("para", s.line("坚持育人为本，全面提升学生综合素质")),
        Spec("heading", "3.2质量保证", level=2),
        Spec("para", s.line("以全员化竞赛强化技能提升")),
        Spec("para", s.line("国赛再创佳绩")),
        # Word's own caption style, the title joined as the author typed it.
        Spec("caption", s.line("表3-6：2018—2020年") + s.line("技能大赛获奖情况"), style="Caption"),
        Spec("table", rows=ZZ_T3_6),
        Spec("heading", "第六部分  政府履责", level=1),
        Spec("heading", "6.1经费", level=2),
        Spec("para", s.line("2020年郑州市中等职业教育总投入")),
        Spec("para", s.line("2020年我市共发放国家助学金")),
        Spec("caption", s.line("表6-1")),
        Spec("table", rows=ZZ_T6_1),
        Spec("heading", "6.2政策措施", level=2),
        Spec("para", s.line("加强职业教育发展保障")),
    ]


# ------------------------------------------------------------------ writer

def _set_cjk_font(style) -> None:
    style.font.name = CJK_FONT
    rpr = style.element.get_or_add_rPr()
    fonts = rpr.find(qn("w:rFonts"))
    if fonts is None:
        fonts = parse_xml(f"<w:rFonts {nsdecls('w')}/>")
        rpr.append(fonts)
    for attr in ("w:ascii", "w:hAnsi", "w:eastAsia", "w:cs"):
        fonts.set(qn(attr), CJK_FONT)


def _page_number_footer(section, title: str) -> None:
    """A ``- 1 -`` footer and a running header, as published reports have."""
    header = section.header.paragraphs[0]
    header.text = title
    header.alignment = WD_ALIGN_PARAGRAPH.CENTER
    footer = section.footer.paragraphs[0]
    footer.alignment = WD_ALIGN_PARAGRAPH.CENTER
    footer.add_run("- ")
    footer._p.append(
        parse_xml(
            f'<w:fldSimple {nsdecls("w")} w:instr="PAGE"><w:r><w:t>1</w:t></w:r></w:fldSimple>'
        )
    )
    footer.add_run(" -")


def _add_table(doc, spec: Spec) -> None:
    rows = spec.rows or []
    n_rows, n_cols = len(rows), len(rows[0])
    table = doc.add_table(rows=n_rows, cols=n_cols)
    if spec.ruled:
        table.style = "Table Grid"
    if spec.row_height_mm:
        for row in table.rows:
            row.height = Mm(spec.row_height_mm)
    if spec.repeat_header:
        table.rows[0]._tr.get_or_add_trPr().append(parse_xml(f"<w:tblHeader {nsdecls('w')}/>"))
    for r, row in enumerate(rows):
        for c, text in enumerate(row):
            if text in (LEFT, UP):
                continue
            lines = text.split("\n")
            cell = table.cell(r, c)
            cell.paragraphs[0].text = lines[0]
            for extra in lines[1:]:
                cell.add_paragraph(extra)
    # Merge after filling: each origin cell grows right over "<" and down over "^".
    for r, row in enumerate(rows):
        for c, text in enumerate(row):
            if text in (LEFT, UP):
                continue
            right = c
            while right + 1 < n_cols and rows[r][right + 1] == LEFT:
                right += 1
            down = r
            while down + 1 < n_rows and rows[down + 1][c] == UP:
                down += 1
            if right > c or down > r:
                table.cell(r, c).merge(table.cell(down, right))


@dataclass
class ChartSpec:
    """A chart as Word embeds it: categories, named series and their cached values.

    ``label_format`` set: the chart prints data labels in that number format
    (``0.0%``); ``pie`` draws one series as a pie, else clustered columns.
    """

    title: str | None
    categories: list[str]
    series: list[tuple[str, list[str]]]
    label_format: str | None = None
    pie: bool = False


_C = "http://schemas.openxmlformats.org/drawingml/2006/chart"
_A = "http://schemas.openxmlformats.org/drawingml/2006/main"
_R = "http://schemas.openxmlformats.org/officeDocument/2006/relationships"
_WP = "http://schemas.openxmlformats.org/drawingml/2006/wordprocessingDrawing"


def _xml_text(text: str) -> str:
    return text.replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;")


def _str_cache(ref: str, values: list[str]) -> str:
    points = "".join(f'<c:pt idx="{i}"><c:v>{_xml_text(v)}</c:v></c:pt>' for i, v in enumerate(values))
    return (f"<c:strRef><c:f>{ref}</c:f><c:strCache><c:ptCount val=\"{len(values)}\"/>"
            f"{points}</c:strCache></c:strRef>")


def chart_xml(chart: ChartSpec) -> bytes:
    """The chart part (``c:chartSpace``) with every value cached, as Word saves it."""
    n = len(chart.categories)
    col = "ABCDEFGHIJKLMNOPQRSTUVWXYZ"
    series = []
    for k, (name, values) in enumerate(chart.series):
        letter = col[k + 1]
        points = "".join(f'<c:pt idx="{i}"><c:v>{v}</c:v></c:pt>' for i, v in enumerate(values) if v)
        labels = (f'<c:dLbls><c:numFmt formatCode="{_xml_text(chart.label_format)}" sourceLinked="0"/><c:showLegendKey val="0"/>'
                  '<c:showVal val="1"/><c:showCatName val="0"/><c:showSerName val="0"/>'
                  '<c:showPercent val="0"/><c:showBubbleSize val="0"/></c:dLbls>'
                   if chart.label_format else "")
        series.append(
            f'<c:ser><c:idx val="{k}"/><c:order val="{k}"/>'
            f"<c:tx>{_str_cache(f'Sheet1!${letter}$1', [name])}</c:tx>{labels}"
            f"<c:cat>{_str_cache(f'Sheet1!$A$2:$A${n + 1}', chart.categories)}</c:cat>"
            f"<c:val><c:numRef><c:f>Sheet1!${letter}$2:${letter}${n + 1}</c:f><c:numCache>"
            f"<c:formatCode>General</c:formatCode><c:ptCount val=\"{n}\"/>{points}"
            f"</c:numCache></c:numRef></c:val></c:ser>"
        )
    if chart.pie:
        plot = f'<c:pieChart><c:varyColors val="1"/>{"".join(series)}<c:firstSliceAng val="0"/></c:pieChart>'
    else:
        plot = (
            '<c:barChart><c:barDir val="col"/><c:grouping val="clustered"/><c:varyColors val="0"/>'
            f'{"".join(series)}<c:gapWidth val="150"/><c:axId val="1001"/><c:axId val="1002"/></c:barChart>'
            '<c:catAx><c:axId val="1001"/><c:scaling><c:orientation val="minMax"/></c:scaling>'
            '<c:delete val="0"/><c:axPos val="b"/><c:crossAx val="1002"/></c:catAx>'
            '<c:valAx><c:axId val="1002"/><c:scaling><c:orientation val="minMax"/></c:scaling>'
            '<c:delete val="0"/><c:axPos val="l"/><c:crossAx val="1001"/></c:valAx>'
        )
    if chart.title:
        title = (f'<c:title><c:tx><c:rich><a:bodyPr/><a:p><a:r><a:t>{_xml_text(chart.title)}</a:t>'
                 '</a:r></a:p></c:rich></c:tx><c:overlay val="0"/></c:title>'
                 '<c:autoTitleDeleted val="0"/>')
    else:
        title = '<c:autoTitleDeleted val="1"/>'
    return (
        f'<?xml version="1.0" encoding="UTF-8" standalone="yes"?>\n'
        f'<c:chartSpace xmlns:c="{_C}" xmlns:a="{_A}" xmlns:r="{_R}"><c:roundedCorners val="0"/>'
        f'<c:chart>{title}<c:plotArea><c:layout/>{plot}</c:plotArea>'
        '<c:legend><c:legendPos val="b"/><c:overlay val="0"/></c:legend>'
        '<c:plotVisOnly val="1"/><c:dispBlanksAs val="gap"/></c:chart></c:chartSpace>'
    ).encode()


def add_chart(doc, chart: ChartSpec) -> None:
    """A paragraph holding ``chart`` as a Word chart (its own part, drawn inline)."""
    from docx.opc.constants import CONTENT_TYPE, RELATIONSHIP_TYPE
    from docx.opc.packuri import PackURI
    from docx.opc.part import Part

    part = doc.part
    number = sum(1 for rel in part.rels.values() if rel.reltype == RELATIONSHIP_TYPE.CHART) + 1
    chart_part = Part(PackURI(f"/word/charts/chart{number}.xml"), CONTENT_TYPE.DML_CHART,
                      chart_xml(chart), part.package)
    rid = part.relate_to(chart_part, RELATIONSHIP_TYPE.CHART)
    run = doc.add_paragraph().add_run()
    run._r.append(parse_xml(
        f'<w:drawing {nsdecls("w")} xmlns:wp="{_WP}" xmlns:a="{_A}" xmlns:c="{_C}" '
        f'xmlns:r="{_R}"><wp:inline distT="0" distB="0" distL="0" distR="0">'
        '<wp:extent cx="5274310" cy="3076575"/><wp:effectExtent l="0" t="0" r="0" b="0"/>'
        f'<wp:docPr id="{1000 + number}" name="Chart {number}"/><wp:cNvGraphicFramePr/>'
        f'<a:graphic><a:graphicData uri="{_C}"><c:chart r:id="{rid}"/></a:graphicData>'
        "</a:graphic></wp:inline></w:drawing>"
    ))


def build_docx(specs: list[Spec], header: str = "郑州市中等职业教育质量年度报告（2020）") -> bytes:
    doc = new_docx()
    section = doc.sections[0]
    section.page_width, section.page_height = Mm(210), Mm(297)
    for name in ("Normal", "Heading 1", "Heading 2", "Caption"):
        _set_cjk_font(doc.styles[name])
    doc.styles["Normal"].font.size = Pt(11)
    _page_number_footer(section, header)
    for spec in specs:
        if spec.kind == "heading":
            doc.add_heading(spec.text, level=spec.level)
        elif spec.kind in ("para", "caption"):
            doc.add_paragraph(spec.text, style=spec.style)
        elif spec.kind == "table":
            _add_table(doc, spec)
        elif spec.kind == "pagebreak":
            doc.add_page_break()
    out = io.BytesIO()
    doc.save(out)
    return stable_zip(out.getvalue())


def with_font(docx: bytes, font: str) -> bytes:
    """The same .docx set in another font (every style and run that names ``CJK_FONT``)."""
    src = zipfile.ZipFile(io.BytesIO(docx))
    out = io.BytesIO()
    with zipfile.ZipFile(out, "w", zipfile.ZIP_DEFLATED) as zf:
        for info in src.infolist():
            data = src.read(info.filename)
            if info.filename.endswith(".xml"):
                data = data.replace(CJK_FONT.encode(), font.encode())
            zf.writestr(zipfile.ZipInfo(info.filename, FIXED_TIME), data,
                        compress_type=zipfile.ZIP_DEFLATED)
    return out.getvalue()


FIXED_TIME = (2021, 1, 1, 0, 0, 0)


def stable_zip(data: bytes) -> bytes:
    """The same ZIP with fixed member timestamps, so rebuilding changes no bytes."""
    src = zipfile.ZipFile(io.BytesIO(data))
    out = io.BytesIO()
    with zipfile.ZipFile(out, "w", zipfile.ZIP_DEFLATED) as zf:
        for info in src.infolist():
            zf.writestr(zipfile.ZipInfo(info.filename, FIXED_TIME), src.read(info.filename),
                        compress_type=zipfile.ZIP_DEFLATED)
    return out.getvalue()


# -------------------------------------------------------------- LibreOffice

def soffice() -> str | None:
    return shutil.which("soffice") or shutil.which("libreoffice")


def installed_fonts() -> dict[str, list[str]]:
    """CJK font families fontconfig knows → their files."""
    exe = shutil.which("fc-list")
    if exe is None:
        return {}
    done = subprocess.run([exe, ":lang=zh", "family", "file"], capture_output=True, text=True,
                          check=False)
    out: dict[str, list[str]] = {}
    for line in done.stdout.splitlines():
        path, _, families = line.partition(": ")
        for family in families.split(","):
            out.setdefault(family.strip(), []).append(path.strip())
    return out


def _only_font(font: str, folder: Path) -> dict[str, str]:
    """An environment whose fontconfig hides every CJK font but ``font``: LibreOffice
    then sets every CJK character in it, as on a machine that has only that font."""
    fonts = installed_fonts()
    if font not in fonts:
        raise SystemExit(f"the font {font!r} is not installed")
    keep = set(fonts[font])
    hidden = sorted({path for paths in fonts.values() for path in paths} - keep)
    globs = "".join(f"<glob>{path}</glob>" for path in hidden)
    conf = folder / "fonts.conf"
    conf.write_text(
        '<?xml version="1.0"?><!DOCTYPE fontconfig SYSTEM "fonts.dtd"><fontconfig>'
        '<include ignore_missing="yes">/etc/fonts/fonts.conf</include>'
        f"<selectfont><rejectfont>{globs}</rejectfont></selectfont></fontconfig>",
        encoding="utf-8",
    )
    return {"FONTCONFIG_FILE": str(conf)}


def to_pdf(docx: bytes, name: str, *, filter_options: str = "", font: str | None = None) -> bytes:
    """Convert with a private LibreOffice profile (parallel runs must not share one).

    ``font``: export as a machine with only that CJK font would (the others hidden).
    """
    exe = soffice()
    if exe is None:
        raise SystemExit("LibreOffice (soffice) is needed to build the PDF fixtures")
    with tempfile.TemporaryDirectory() as tmp:
        src = Path(tmp) / f"{name}.docx"
        src.write_bytes(docx)
        target = "pdf" + (f":writer_pdf_Export:{filter_options}" if filter_options else "")
        env = dict(os.environ) | (_only_font(font, Path(tmp)) if font else {})
        subprocess.run(
            [
                exe,
                f"-env:UserInstallation=file://{tmp}/profile",
                "--headless",
                "--convert-to",
                target,
                "--outdir",
                tmp,
                str(src),
            ],
            check=True,
            capture_output=True,
            timeout=180,
            env=env,
        )
        return (Path(tmp) / f"{name}.pdf").read_bytes()


# --------------------------------------------------------------- bad files

def zip_bomb() -> bytes:
    """A small .docx-looking zip whose one member inflates to 64 MB of zeros."""
    out = io.BytesIO()
    with zipfile.ZipFile(out, "w", zipfile.ZIP_DEFLATED, compresslevel=9) as zf:
        zf.writestr(zipfile.ZipInfo("[Content_Types].xml", FIXED_TIME),
                    '<?xml version="1.0"?><Types/>', compress_type=zipfile.ZIP_DEFLATED)
        zf.writestr(zipfile.ZipInfo("word/document.xml", FIXED_TIME),
                    b"\0" * (64 * 1024 * 1024), compress_type=zipfile.ZIP_DEFLATED,
                    compresslevel=9)
    return out.getvalue()


def with_entities(docx: bytes) -> bytes:
    """The same .docx with an entity-expansion DOCTYPE in word/document.xml."""
    bomb = (
        b'<?xml version="1.0" encoding="UTF-8" standalone="yes"?>\n'
        b'<!DOCTYPE w:document [<!ENTITY a "aaaaaaaaaa">'
        b'<!ENTITY b "&a;&a;&a;&a;&a;&a;&a;&a;&a;&a;">'
        b'<!ENTITY c "&b;&b;&b;&b;&b;&b;&b;&b;&b;&b;">'
        b'<!ENTITY x SYSTEM "file:///etc/passwd">]>\n'
    )
    src = zipfile.ZipFile(io.BytesIO(docx))
    out = io.BytesIO()
    with zipfile.ZipFile(out, "w", zipfile.ZIP_DEFLATED) as zf:
        for info in src.infolist():
            data = src.read(info.filename)
            if info.filename == "word/document.xml":
                data = bomb + data.split(b"?>", 1)[1].lstrip()
            zf.writestr(zipfile.ZipInfo(info.filename, FIXED_TIME), data,
                        compress_type=zipfile.ZIP_DEFLATED)
    return out.getvalue()


def image_only_pdf() -> bytes:
    """A one-page PDF that is just a picture of text (what a scanner makes)."""
    from PIL import Image, ImageDraw

    img = Image.new("RGB", (1240, 1754), "white")
    draw = ImageDraw.Draw(img)
    for i in range(12):
        y = 150 + i * 90
        draw.rectangle((120, y, 1120 - (i % 3) * 150, y + 28), fill="black")
    out = io.BytesIO()
    when = time.gmtime(1609459200)  # 2021-01-01: a fixed date keeps the bytes stable
    img.save(out, "PDF", resolution=150.0, creationDate=when, modDate=when)
    return out.getvalue()


def to_layout_text(pdf: bytes) -> bytes | None:
    """The PDF as ``pdftotext -layout`` (poppler) prints it: columns aligned with spaces,
    rows a blank line apart, cells wrapped onto the next line; None without poppler."""
    exe = shutil.which("pdftotext")
    if exe is None:
        return None
    done = subprocess.run([exe, "-layout", "-enc", "UTF-8", "-", "-"], input=pdf,
                          capture_output=True, check=True, timeout=120)
    return done.stdout


def write(path: Path, data: bytes) -> None:
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_bytes(data)
    print(f"wrote {path.relative_to(ROOT)} ({len(data):,} bytes)")


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--no-pdf", action="store_true", help="skip the LibreOffice steps")
    args = parser.parse_args(argv)

    zz = build_docx(zhengzhou_specs())
    write(DERIVED / "zhengzhou-2020-tables.docx", zz)
    qz = build_docx(quzhou_specs(), header="衢州市中等职业教育2020年度教育质量报告")
    write(DERIVED / "quzhou-2020-tables.docx", qz)
    write(BAD / "empty.docx", b"")
    write(BAD / "junk.docx", random.Random(20201).randbytes(4096))
    write(BAD / "truncated.docx", zz[: len(zz) // 2])
    write(BAD / "zipbomb.docx", zip_bomb())
    write(BAD / "entities.docx", with_entities(zz))
    write(BAD / "image-only.pdf", image_only_pdf())
    if not args.no_pdf:
        zz_pdf = to_pdf(zz, "zhengzhou-2020-tables", font=CJK_FONT)
        write(DERIVED / "zhengzhou-2020-tables.pdf", zz_pdf)
        write(DERIVED / "quzhou-2020-tables.pdf", to_pdf(qz, "quzhou-2020-tables", font=CJK_FONT))
        write(DERIVED / "quzhou-2020-tables-noto.pdf",
              to_pdf(qz, "quzhou-2020-tables", font=OTHER_CJK_FONT))
        for stem in ("zhengzhou-2020-tables", "quzhou-2020-tables"):
            text = to_layout_text((DERIVED / f"{stem}.pdf").read_bytes())
            if text is not None:
                write(DERIVED / f"{stem}.layout.txt", text)
        write(BAD / "truncated.pdf", zz_pdf[: len(zz_pdf) // 3])
        encrypt = (
            '{"EncryptFile":{"type":"boolean","value":"true"},'
            '"DocumentOpenPassword":{"type":"string","value":"vetlint"}}'
        )
        write(BAD / "encrypted.pdf", to_pdf(zz, "zhengzhou-2020-tables", filter_options=encrypt))
    return 0


if __name__ == "__main__":
    sys.exit(main())
