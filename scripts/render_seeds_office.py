"""Render each seed report with tables as a whole .docx and a .pdf exported from it.

Real reports reach vetlint as Word files and PDFs, whole; the fixtures in
``fixtures/derived/`` hold a few hand-picked sections only. This script takes
the Document that the text reader makes of a seed (``fixtures/reports/*.txt``)
and writes it back in order: headings with Word's Heading styles, paragraphs,
each table's caption as a Caption paragraph, and each table as a real Word
table whose header and label cells are merged where the text layout implies
it (an empty header cell under a group label continues it to the right, an
empty label cell continues the one above). The .pdf comes from LibreOffice
(``soffice --headless``), as a machine with only WenQuanYi Zen Hei exports it, and
for two seeds also as one with only Noto Sans CJK (``-noto.pdf``); the outputs are
committed to ``fixtures/rendered/`` so tests never need LibreOffice.

Chart data the .txt export dumped (seed 000 ends with three charts) goes back
into the .docx as Word charts, where the text had them: their categories,
series and values cached in ``word/charts/chartN.xml`` as Word saves them, the
data labels in the format the export printed them in. Left out, as a Word
original would not have them as text: page furniture (running headers, page
numbers).

    .venv/bin/python scripts/render_seeds_office.py            # .docx and .pdf
    .venv/bin/python scripts/render_seeds_office.py --no-pdf
"""

from __future__ import annotations

import argparse
import importlib.util
import io
import sys
from pathlib import Path
from types import ModuleType

from docx import Document as new_docx
from docx.shared import Mm, Pt

from vetlint.api import read
from vetlint.document import Document, Heading, Paragraph, Table

ROOT = Path(__file__).resolve().parents[1]
REPORTS = ROOT / "fixtures" / "reports"
RENDERED = ROOT / "fixtures" / "rendered"
MAX_HEADING = 3
# Also exported as on a machine whose only CJK font is office.OTHER_CJK_FONT: the page
# breaks, the borderless table and the charts of these two must read the same in it.
OTHER_FONT_STEMS = ("quzhou-2020-secondary-vet-quality", "zhengzhou-2020-secondary-vet-quality")


def _office() -> ModuleType:
    """scripts/make_fixtures_office.py: its table builder, stable ZIP and PDF export."""
    spec = importlib.util.spec_from_file_location(
        "make_fixtures_office", ROOT / "scripts" / "make_fixtures_office.py"
    )
    assert spec and spec.loader
    module = importlib.util.module_from_spec(spec)
    sys.modules[spec.name] = module
    spec.loader.exec_module(module)
    return module


office = _office()
LEFT, UP = office.LEFT, office.UP


def seeds_with_tables() -> list[Path]:
    return [p for p in sorted(REPORTS.glob("*.txt")) if any(t.kind == "table" for t in read(p).tables)]


def table_grid(table: Table) -> list[list[str]]:
    """Header rows and body rows with merge markers (``<`` right, ``^`` down)."""
    n = table.n_cols
    header = [list(row) + [""] * (n - len(row)) for row in table.header] or [list(table.columns)]
    grid: list[list[str]] = []
    last = len(header) - 1
    for r, row in enumerate(header):
        out = []
        for c, text in enumerate(row):
            if text:
                out.append(text)
            elif r < last and c > 0 and out[c - 1] != UP and header[r + 1][c]:
                out.append(LEFT)  # a group label over sub-columns (公办 → 学校数量, 增幅)
            elif r > 0 and (header[r - 1][c] or grid[r - 1][c] == UP):
                out.append(UP)  # a column label that spans the header rows (年份)
            else:
                out.append("")
        grid.append(out)
    labels = max(1, table.label_columns)
    for r, row in enumerate(table.texts()):
        out = []
        for c, text in enumerate(row + [""] * (n - len(row))):
            label = c < labels and not text
            if label and c == labels - 1 and c > 0 and out[c - 1] not in ("", UP):
                out.append(LEFT)  # 贡献度 over both label columns
            elif label and r > 0 and any(row) and (grid[-1][c] not in ("",)):
                out.append(UP)  # 一等奖 over 郑州市 / 河南省; 设施设备 over its rows
            else:
                out.append(text)
        grid.append(out)
    return grid


LABELS = "数据标签"  # the column the text reader gives a chart's printed data labels


def _label_format(label: str) -> str:
    """``11.7%`` → ``0.0%``: the number format that prints a data label so."""
    number = label.rstrip("%")
    decimals = len(number.partition(".")[2])
    return ("0." + "0" * decimals if decimals else "0") + ("%" if label.endswith("%") else "")


def chart_spec(table: Table) -> office.ChartSpec:
    """The Word chart behind a chart table of the text: categories down, series across."""
    texts = table.texts()
    series = [(name, [row[c] for row in texts])
              for c, name in enumerate(table.columns) if c > 0 and name != LABELS]
    label_format = None
    if LABELS in table.columns:
        first = next(row[table.columns.index(LABELS)] for row in texts)
        label_format = _label_format(first)
    return office.ChartSpec(table.caption, [row[0] for row in texts], series,
                            label_format=label_format, pie=len(series) == 1)


def _body_text(b: Paragraph) -> str:
    return b.text.strip()


def build(doc: Document, title: str) -> bytes:
    """The .docx for one Document, blocks in order."""
    word = new_docx()
    section = word.sections[0]
    section.page_width, section.page_height = Mm(210), Mm(297)
    for name in ("Normal", "Heading 1", "Heading 2", "Heading 3", "Caption"):
        office._set_cjk_font(word.styles[name])
    word.styles["Normal"].font.size = Pt(11)
    office._page_number_footer(section, title)
    for b in doc.blocks:
        if isinstance(b, Heading):
            word.add_heading(b.text.strip(), level=min(max(b.level, 1), MAX_HEADING))
        elif isinstance(b, Paragraph):
            if b.role == "furniture" or not _body_text(b):
                continue
            word.add_paragraph(_body_text(b), style="Caption" if b.role == "caption" else None)
        elif isinstance(b, Table) and b.kind == "table":
            if b.caption:
                word.add_paragraph(b.caption.strip(), style="Caption")
            office._add_table(word, office.Spec("table", rows=table_grid(b)))
        elif isinstance(b, Table):
            office.add_chart(word, chart_spec(b))
    out = io.BytesIO()
    word.save(out)
    return office.stable_zip(out.getvalue())


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--no-pdf", action="store_true", help="skip the LibreOffice step")
    parser.add_argument("files", nargs="*", type=Path, help="seeds (default: those with tables)")
    args = parser.parse_args(argv)
    for path in args.files or seeds_with_tables():
        doc = read(path)
        title = next((p.text.strip() for p in doc.paragraphs if p.text.strip()), path.stem)
        data = build(doc, title[:40])
        office.write(RENDERED / f"{path.stem}.docx", data)
        if args.no_pdf:
            continue
        office.write(RENDERED / f"{path.stem}.pdf",
                     office.to_pdf(data, path.stem, font=office.CJK_FONT))
        if path.stem in OTHER_FONT_STEMS:
            office.write(RENDERED / f"{path.stem}-noto.pdf",
                         office.to_pdf(data, path.stem, font=office.OTHER_CJK_FONT))
    return 0


if __name__ == "__main__":
    sys.exit(main())
