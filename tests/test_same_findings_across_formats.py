"""The same report as .txt, .docx and .pdf yields the same findings.

fixtures/rendered/ holds whole seed reports written as Word documents and exported to
PDF by scripts/render_seeds_office.py (from the Document the text reader makes). A
finding is compared by what it says — rule, stated text, expected text, and table/row/col
for table findings — not by line/column, which differ by format only.

Chart data: the .txt export dumps a chart's figures as text, Word keeps them in the
chart's part (word/charts/chartN.xml), and the .docx rendering of seed 000 embeds its
three charts as Word charts, so the .docx gives the chart findings too. A PDF only
draws a chart, so checks against chart data are left out of the PDF comparison.

The PDFs also keep two page-break cases the reader must undo, or findings differ:
quzhou 师资情况一览表 has its caption and header row at the foot of one page and its
body on the next (read without its header, the sign slip 0.04 : 1 would be missed),
and zhengzhou 表1-2 row 3 is split over a page break (its first page alone lists 2 of
13 schools: a false VL105).
"""

from __future__ import annotations

import re
import shutil
import sys
import tempfile
from functools import cache
from pathlib import Path

import pytest

from vetlint.api import check, read
from vetlint.settings import Settings

ROOT = Path(__file__).resolve().parents[1]
RENDERED = ROOT / "fixtures" / "rendered"
STEMS = sorted(p.stem for p in RENDERED.glob("*.docx"))

Key = tuple[str, str | None, str | None, str | None, int | None, int | None]


@cache
def findings(path: Path, charts: bool = True) -> frozenset[Key]:
    """What the findings say; ``charts=False`` leaves out those that use chart data."""
    result = check(path, Settings())
    assert result.error is None, result.error
    doc = read(path)
    chart_ids = {t.id for t in doc.tables if t.kind == "chart"} if not charts else set()
    out = set()
    for c in result.findings:
        if c.severity == "info":
            continue
        if any(f.location.table in chart_ids for f in [*c.inputs, c.stated] if f is not None):
            continue
        loc = c.location
        table = loc.table is not None
        out.add(
            (
                c.rule,
                c.stated.text if c.stated else None,
                c.expected.text if c.expected else None,
                loc.table,
                loc.row if table else None,
                loc.col if table else None,
            )
        )
    return frozenset(out)


def txt(stem: str) -> Path:
    return ROOT / "fixtures" / "reports" / f"{stem}.txt"


def test_every_seed_with_tables_is_rendered() -> None:
    assert STEMS == [
        "quzhou-2020-secondary-vet-quality",
        "xinxiang-2023-vet-quality",
        "zhengzhou-2020-secondary-vet-quality",
    ]
    for stem in STEMS:
        assert (RENDERED / f"{stem}.pdf").stat().st_size > 10_000


@pytest.mark.parametrize("stem", STEMS)
def test_docx_has_the_findings_of_the_text(stem: str) -> None:
    want = findings(txt(stem))
    assert want, "a seed with tables has findings to compare"
    assert findings(RENDERED / f"{stem}.docx") == want


def test_docx_charts_are_compared() -> None:
    """Seed 000's chart findings (VL418 chart-vs-prose, VL421 table-vs-chart) are in both."""
    stem = "zhengzhou-2020-secondary-vet-quality"
    rules = [key[0] for key in findings(RENDERED / f"{stem}.docx")]
    assert rules.count("VL418") == 1 and rules.count("VL421") == 1  # notes (info) are left out
    assert findings(txt(stem), charts=False) < findings(txt(stem))


PDFS = sorted(p.name for p in RENDERED.glob("*.pdf"))


def _stem(pdf_name: str) -> str:
    return pdf_name.removesuffix(".pdf").removesuffix("-noto")


@pytest.mark.parametrize("name", PDFS)
def test_pdf_has_the_findings_of_the_text(name: str) -> None:
    """Every rendered PDF, those exported with Noto Sans CJK (-noto) as well as those with
    WenQuanYi Zen Hei; a drawn chart's labels are not read as prose."""
    want = findings(txt(_stem(name)), charts=False)
    assert want, "a seed with tables has findings to compare"
    assert findings(RENDERED / name, charts=False) == want


def test_pdfs_in_two_fonts_are_committed() -> None:
    fonts = {name: re.findall(rb"/BaseFont\s*/[A-Z]{6}\+([A-Za-z]+)", (RENDERED / name).read_bytes())
             for name in PDFS}
    assert {_stem(name) for name in PDFS} == set(STEMS)
    assert any(b"WenQuanYiZenHei" in found and not any(f.startswith(b"Noto") for f in found)
               for found in fonts.values())
    assert any(b"WenQuanYiZenHei" not in found and any(f.startswith(b"NotoSansCJK") for f in found)
               for found in fonts.values())


@pytest.mark.skipif(shutil.which("soffice") is None, reason="LibreOffice is not installed")
@pytest.mark.parametrize("font", ["WenQuanYi Zen Hei", "Noto Sans CJK SC"])
def test_fresh_pdfs_in_each_font_have_the_findings_of_the_text(font: str) -> None:
    """The .docx renderings exported afresh, as on a machine whose only CJK font is ``font``."""
    sys.path.insert(0, str(ROOT / "scripts"))
    try:
        import make_fixtures_office as maker
    finally:
        sys.path.pop(0)
    if font not in maker.installed_fonts():
        pytest.skip(f"the font {font} is not installed")
    with tempfile.TemporaryDirectory() as tmp:
        for stem in STEMS:
            pdf = Path(tmp) / f"{stem}.pdf"
            pdf.write_bytes(maker.to_pdf((RENDERED / f"{stem}.docx").read_bytes(), stem, font=font))
            assert findings(pdf, charts=False) == findings(txt(stem), charts=False), stem


def test_page_break_cases_are_in_the_pdfs() -> None:
    """The two page breaks above are really there, and their findings are found."""
    quzhou = RENDERED / "quzhou-2020-secondary-vet-quality.pdf"
    teachers = next(t for t in read(quzhou).tables if t.id == "T2")
    assert teachers.columns == ["教师队伍", "2019年", "2020年", "变化情况"]
    assert [teachers.location.page, teachers.rows[0][0].location.page] == [1, 2]
    assert ("VL101", "0.04 : 1", "-0.04 : 1", "T2", 1, 4) in findings(quzhou)

    zhengzhou = RENDERED / "zhengzhou-2020-secondary-vet-quality.pdf"
    schools = next(t for t in read(zhengzhou).tables if t.id == "表1-2")
    cell = schools.rows[2][2]
    assert cell.location.page == 1 and cell.text.split("\n")[-1] == "13.登封少林弘武中等专业学校"
    assert len(cell.text.split("\n")) == 13
    assert not any(key[0] == "VL105" and key[3] == "表1-2" for key in findings(zhengzhou))


def test_docx_tables_have_merged_header_cells() -> None:
    from docx import Document as open_docx

    word = open_docx(str(RENDERED / "zhengzhou-2020-secondary-vet-quality.docx"))
    spans = [
        tc
        for table in word.tables
        for tc in table._tbl.iter()
        if tc.tag.endswith("}gridSpan") or tc.tag.endswith("}vMerge")
    ]
    assert len(spans) >= 4  # 表1-1 公办/民办 over two columns, 年份 over two rows, 表6-1 …
    assert [p.style.name for p in word.paragraphs if p.style.name.startswith("Heading")]
