"""Build the Markdown, HTML, XLSX and CSV fixtures under fixtures/derived/ from a real report.

The same real tables must read the same from every format, so this script
reads them from the Zhengzhou seed report with vetlint's own text reader and
writes them out again as each format would carry them: HTML with real
colspan/rowspan (the merged headers of 表1-1 and 表6-1, the 一等奖/二等奖 group
labels of the competition table), Markdown with pipe tables where a table has
one header row and no merged cells and embedded HTML tables where it has
them, an XLSX with merged ranges and numbers stored as numbers under the
number format that prints them, and a CSV of a simple table. The headings and
paragraphs around each table come along, so prose is tested too.

    .venv/bin/python scripts/make_fixtures_text.py
    .venv/bin/python scripts/make_fixtures_text.py --source fixtures/derived/zhengzhou-2020-tables.docx

The files are small and committed; tests never run this script.
"""

from __future__ import annotations

import argparse
import csv
import html
import io
import re
import sys
from dataclasses import dataclass
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT / "src"))

from vetlint.document import Block, Heading, Paragraph, Table  # noqa: E402
from vetlint.readers import read_path  # noqa: E402
from vetlint.readers.sheet import format_cell  # noqa: E402

SOURCE = ROOT / "fixtures" / "reports" / "zhengzhou-2020-secondary-vet-quality.txt"
DERIVED = ROOT / "fixtures" / "derived"
STEM = "zhengzhou-2020-tables"

# (table id, a word of its caption): the seed has two tables numbered 表3-6.
TABLES = [("表1-1", "学校数量"), ("表1-2", "创优创特"), ("表1-6", "教师基本情况"),
          ("表3-6", "技能大赛"), ("表6-1", "资助发放")]
CSV_TABLE = "表1-6"
CAPTION_TAGS = {"表1-1", "表3-6"}  # written as <caption>; the others as a <p> before the table
MAX_CONTEXT_PARAGRAPHS = 2


def base_id(table_id: str) -> str:
    """``表3-6#2`` (the second table a report numbers 表3-6) → ``表3-6``."""
    return table_id.split("#")[0]


@dataclass
class Selection:
    """The blocks to write, in reading order."""

    blocks: list[Block]
    tables: list[Table]


def select(doc_blocks: list[Block]) -> Selection:
    """Each wanted table with its section heading, up to two paragraphs, caption and notes."""
    keep: dict[int, Block] = {}
    tables: list[Table] = []
    for table_id, word in TABLES:
        index = next(
            (i for i, b in enumerate(doc_blocks)
             if isinstance(b, Table) and base_id(b.id) == table_id and word in (b.caption or "")),
            None,
        )
        if index is None:
            raise SystemExit(f"{table_id} ({word}) not found in the source report")
        table = doc_blocks[index]
        assert isinstance(table, Table)
        tables.append(table)
        keep[index] = table
        start = index
        while start > 0 and not isinstance(doc_blocks[start - 1], Heading | Table):
            start -= 1
        if start > 0 and isinstance(doc_blocks[start - 1], Heading):
            keep[start - 1] = doc_blocks[start - 1]
        body = [i for i in range(start, index)
                if isinstance(doc_blocks[i], Paragraph) and doc_blocks[i].role == "body"]
        for i in body[:MAX_CONTEXT_PARAGRAPHS]:
            keep[i] = doc_blocks[i]
        after = index + 1
        while after < len(doc_blocks) and isinstance(doc_blocks[after], Paragraph) and (
            doc_blocks[after].role == "note"
        ):
            keep[after] = doc_blocks[after]
            after += 1
    return Selection([keep[i] for i in sorted(keep)], tables)


# ------------------------------------------------------------------ spans


def spans(table: Table) -> tuple[dict[tuple[int, int], tuple[int, int]], set[tuple[int, int]]]:
    """Merged cells implied by a table's ``""`` continuations: origin → (rowspan, colspan).

    Header: a cell spans right over sub-headers below it (公办 over 学校数量/增幅) and
    down over empty header cells (年份). Body: a group label spans down while the
    label column right of it goes on (一等奖 over 郑州市/河南省); a label spans
    right over empty label columns (贡献度, 举办项目数).
    """
    header = table.header
    grid = [list(r) for r in header] + table.texts()
    h, width = len(header), table.n_cols
    labels = table.label_columns
    out: dict[tuple[int, int], tuple[int, int]] = {}
    covered: set[tuple[int, int]] = set()
    for r, row in enumerate(grid):
        for c, text in enumerate(row):
            if (r, c) in covered or not text:
                continue
            colspan = rowspan = 1
            if r < h:
                while (c + colspan < width and not grid[r][c + colspan]
                       and r + 1 < h and grid[r + 1][c + colspan]):
                    colspan += 1
                while r + rowspan < h and not any(grid[r + rowspan][c : c + colspan]):
                    rowspan += 1
            elif c < labels:
                while c + colspan < labels and not grid[r][c + colspan]:
                    colspan += 1
                if colspan == 1 and c + 1 < labels:
                    while (r + rowspan < len(grid) and not grid[r + rowspan][c]
                           and grid[r + rowspan][c + 1]):
                        rowspan += 1
            if (rowspan, colspan) != (1, 1):
                out[(r, c)] = (rowspan, colspan)
                covered.update((r + dr, c + dc) for dr in range(rowspan) for dc in range(colspan))
                covered.discard((r, c))
    return out, covered


def is_simple(table: Table) -> bool:
    """One header row and no merged cells: a pipe table can carry it."""
    merged, _ = spans(table)
    return len(table.header) == 1 and not merged


# ------------------------------------------------------------------ HTML


def _html_cell(tag: str, text: str, span: tuple[int, int] | None) -> str:
    attrs = ""
    if span is not None:
        if span[0] > 1:
            attrs += f' rowspan="{span[0]}"'
        if span[1] > 1:
            attrs += f' colspan="{span[1]}"'
    body = "<br>".join(html.escape(line) for line in text.split("\n"))
    return f"<{tag}{attrs}>{body}</{tag}>"


def html_table(table: Table, *, caption_tag: bool, indent: str = "") -> str:
    merged, covered = spans(table)
    grid = [list(r) for r in table.header] + table.texts()
    h = len(table.header)
    lines = [f"{indent}<table>"]
    if caption_tag and table.caption:
        lines.append(f"{indent}  <caption>{html.escape(table.caption)}</caption>")
    for part, rows in (("thead", range(h)), ("tbody", range(h, len(grid)))):
        lines.append(f"{indent}  <{part}>")
        for r in rows:
            tag = "th" if r < h else "td"
            cells = [_html_cell(tag, grid[r][c], merged.get((r, c)))
                     for c in range(len(grid[r])) if (r, c) not in covered]
            lines.append(f"{indent}    <tr>{''.join(cells)}</tr>")
        lines.append(f"{indent}  </{part}>")
    lines.append(f"{indent}</table>")
    return "\n".join(lines)


def write_html(sel: Selection) -> str:
    out = [
        "<!DOCTYPE html>",
        '<html lang="zh-CN">',
        "<head>",
        '<meta charset="utf-8">',
        "<title>郑州市中等职业教育质量年度报告（2020）节选</title>",
        "<style>table { border-collapse: collapse; } td, th { border: 1px solid #999; }</style>",
        "</head>",
        "<body>",
    ]
    for block in sel.blocks:
        if isinstance(block, Heading):
            level = min(max(block.level, 1), 6)
            out.append(f"<h{level}>{html.escape(block.text)}</h{level}>")
        elif isinstance(block, Paragraph):
            if block.role == "caption" and _captioned_table(sel, block) in CAPTION_TAGS:
                continue
            out.append(f"<p>{html.escape(block.text)}</p>")
        elif isinstance(block, Table):
            if block.id not in CAPTION_TAGS and block.caption and not _has_caption_para(sel, block):
                out.append(f"<p>{html.escape(block.caption)}</p>")
            out.append(html_table(block, caption_tag=block.id in CAPTION_TAGS))
    out += ["</body>", "</html>", ""]
    return "\n".join(out)


def _captioned_table(sel: Selection, para: Paragraph) -> str | None:
    i = sel.blocks.index(para)
    for block in sel.blocks[i + 1 : i + 3]:
        if isinstance(block, Table):
            return block.id
    return None


def _has_caption_para(sel: Selection, table: Table) -> bool:
    i = sel.blocks.index(table)
    return any(isinstance(b, Paragraph) and b.role == "caption" for b in sel.blocks[max(0, i - 2) : i])


# -------------------------------------------------------------- Markdown

_MD_SPECIAL = re.compile(r"([\\`*_\[\]<>|#])")


def md_escape(text: str) -> str:
    return _MD_SPECIAL.sub(r"\\\1", text)


def md_cell(text: str) -> str:
    """A pipe-table cell: escaped, line breaks as ``<br>`` (GFM has no other way)."""
    return "<br>".join(md_escape(line) for line in text.split("\n"))


def write_markdown(sel: Selection) -> str:
    out: list[str] = []
    for block in sel.blocks:
        if isinstance(block, Heading):
            out.append("#" * min(max(block.level, 1), 6) + " " + md_escape(block.text))
        elif isinstance(block, Paragraph):
            out.append(md_escape(block.text))
        elif isinstance(block, Table):
            if block.caption and not _has_caption_para(sel, block):
                out.append(md_escape(block.caption))
            if is_simple(block):
                rows = [block.columns, *block.texts()]
                lines = ["| " + " | ".join(md_cell(t) for t in row) + " |" for row in rows]
                lines.insert(1, "|" + "|".join(" --- " for _ in block.columns) + "|")
                out.append("\n".join(lines))
            else:
                out.append(html_table(block, caption_tag=False))
        out.append("")
    return "\n".join(out)


# ------------------------------------------------------------------ XLSX

_PERCENT = re.compile(r"^-?\d+(?:\.(\d+))?%$")
_DECIMAL = re.compile(r"^-?\d+(?:\.(\d+))?$")


def typed(text: str) -> tuple[object, str | None]:
    """A cell as Excel would hold it: a number with the format that prints ``text``."""
    if m := _PERCENT.match(text):
        decimals = len(m.group(1) or "")
        value: object = round(float(text[:-1]) / 100, decimals + 2)
        fmt = "0" + ("." + "0" * decimals if decimals else "") + "%"
    elif m := _DECIMAL.match(text):
        decimals = len(m.group(1) or "")
        value = int(text) if not decimals else float(text)
        fmt = "0" + ("." + "0" * decimals if decimals else "")
    else:
        return text, None
    if format_cell(value, fmt) != text:  # keep the text when a number would not print the same
        return text, None
    return value, fmt


def write_xlsx(sel: Selection) -> bytes:
    from openpyxl import Workbook

    wb = Workbook()
    wb.remove(wb.active)
    for table in sel.tables:
        ws = wb.create_sheet(base_id(table.id))
        merged, covered = spans(table)
        grid = [list(r) for r in table.header] + table.texts()
        top = 1
        if table.caption:
            ws.cell(row=1, column=1, value=table.caption)
            if table.n_cols > 1:
                ws.merge_cells(start_row=1, start_column=1, end_row=1, end_column=table.n_cols)
            top = 2
        for r, row in enumerate(grid):
            for c, text in enumerate(row):
                if (r, c) in covered or not text:
                    continue
                value, fmt = typed(text) if r >= len(table.header) else (text, None)
                cell = ws.cell(row=top + r, column=1 + c, value=value)
                if fmt:
                    cell.number_format = fmt
        for (r, c), (rowspan, colspan) in merged.items():
            ws.merge_cells(start_row=top + r, start_column=1 + c,
                           end_row=top + r + rowspan - 1, end_column=c + colspan)
        for k, note in enumerate(table.notes, start=top + len(grid)):
            ws.cell(row=k, column=1, value=note)
    buf = io.BytesIO()
    wb.save(buf)
    return buf.getvalue()


# ------------------------------------------------------------------- CSV


def write_csv(sel: Selection) -> str:
    table = next(t for t in sel.tables if t.id == CSV_TABLE)
    buf = io.StringIO()
    writer = csv.writer(buf, lineterminator="\n")
    if table.caption:
        writer.writerow([table.caption])
    writer.writerow(table.columns)
    writer.writerows(table.texts())
    return buf.getvalue()


def main(argv: list[str] | None = None) -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--source", default=str(SOURCE), help="report to take the tables from")
    parser.add_argument("--out", default=str(DERIVED), help="output folder")
    args = parser.parse_args(argv)
    out = Path(args.out)
    out.mkdir(parents=True, exist_ok=True)
    sel = select(read_path(args.source).blocks)
    (out / f"{STEM}.md").write_text(write_markdown(sel), encoding="utf-8")
    (out / f"{STEM}.html").write_text(write_html(sel), encoding="utf-8")
    (out / f"{STEM}.xlsx").write_bytes(write_xlsx(sel))
    (out / f"{STEM}.csv").write_text(write_csv(sel), encoding="utf-8")
    for suffix in ("md", "html", "xlsx", "csv"):
        print(out / f"{STEM}.{suffix}")


if __name__ == "__main__":
    main()
