"""Structural budgets: shapes no real report has, refused within seconds as ``too-large``.

The size limits bound the bytes; these bound what makes reading and checking slow. A
file under every size limit can still hold a 100,000-row table, 20,000 tables nested in
each other, one line of 500,000 tab-separated cells or a million figures, and each of
those kept the later stages busy for minutes. Real reports are far inside every budget
(the largest seed: 128 tables of a few rows, ~900 figures per 25,000 characters; a
10,000-row table is read and checked in seconds).

``before_parsing`` looks at the bytes of a text format before its parser does: cheap
counts that are upper bounds of what the parser would build (a ``|`` that is not a cell
border still counts). ``after_reading`` checks the document every reader built, whatever
its format. The PDF reader checks ``MAX_PAGES`` when it opens the file, before any page
is parsed.
"""

from __future__ import annotations

import codecs
import re

from vetlint.document import Document, Table
from vetlint.errors import ReadError

MAX_COLUMNS = 1_000  # cells in one table row (HTML's own colspan limit)
MAX_TABLE_CELLS = 200_000  # in all the tables of a report (the readers' per-table limit)
MAX_TABLE_ROWS = 50_000  # in all the tables of a report
MAX_TABLE_DEPTH = 16  # tables inside tables (reports nest two or three at most)
MAX_FIGURES = 150_000  # numbers in the text: ~10 s of checking on 2 cores
MAX_PAGES = 300  # a PDF's pages: ~30 s to read on 2 cores, so within --timeout

_TABLE_TAG = re.compile(r"<(/?)table\b", re.IGNORECASE)
_CELL_TAG = re.compile(r"<t[dh]\b", re.IGNORECASE)
_ROW_TAG = re.compile(r"<tr\b", re.IGNORECASE)
_DIGITS = re.compile(r"\d+")


_ZH = {
    "table cells": "表格单元格",
    "cells in one line": "一行中的单元格",
    "cells in one table row": "表格一行中的单元格",
    "levels of tables nested inside tables": "表格嵌套层",
    "table rows": "表格行",
    "figures": "数字",
}


def too_large(what: str, count: int, limit: int) -> ReadError:
    """The error for a report over one budget, naming it (English, then Chinese)."""
    return ReadError(
        f"the report has {count:,} {what} (the limit is {limit:,}; no real report is shaped "
        f"like this) / 报告的{_ZH[what]}数为 {count:,}，超过上限 {limit:,}",
        code="too-large",
    )


def _text_view(data: bytes) -> str:
    """The bytes as characters for counting ASCII delimiters: UTF-16 decoded (with or
    without a byte-order mark), anything else one character per byte (UTF-8 and GB18030
    keep ASCII bytes ASCII)."""
    if data.startswith(codecs.BOM_UTF16_LE):
        return data.decode("utf-16-le", errors="replace")
    if data.startswith(codecs.BOM_UTF16_BE):
        return data.decode("utf-16-be", errors="replace")
    head = data[:4096]
    if head.count(0) > len(head) // 4:
        even_nuls, odd_nuls = head[0::2].count(0), head[1::2].count(0)
        return data.decode("utf-16-le" if odd_nuls >= even_nuls else "utf-16-be", errors="replace")
    return data.decode("latin-1")


def before_parsing(reader: str, data: bytes) -> None:
    """Refuse a .txt/.md/.html report whose delimiters alone are over a budget."""
    if reader not in ("text", "markdown", "html"):
        return
    text = _text_view(data)
    if "<" in text:  # HTML, or HTML inside Markdown or a .txt
        _html_tables(text)
    separator = {"text": "\t", "markdown": "|"}.get(reader)
    if separator is None or separator not in text:
        return
    total = text.count(separator)
    if total > MAX_TABLE_CELLS + MAX_TABLE_ROWS:
        raise too_large("table cells", total, MAX_TABLE_CELLS)
    if total > MAX_COLUMNS:
        widest = max(line.count(separator) for line in text.splitlines())
        if widest > MAX_COLUMNS + 1:  # Markdown rows have one border more than cells
            raise too_large("cells in one line", widest, MAX_COLUMNS)


def _html_tables(text: str) -> None:
    depth = deepest = 0
    for m in _TABLE_TAG.finditer(text):
        depth = max(0, depth - 1) if m.group(1) else depth + 1
        if depth > deepest:
            deepest = depth
            if deepest > MAX_TABLE_DEPTH:
                raise too_large("levels of tables nested inside tables", deepest, MAX_TABLE_DEPTH)
    if deepest:
        cells = len(_CELL_TAG.findall(text))
        if cells > MAX_TABLE_CELLS:
            raise too_large("table cells", cells, MAX_TABLE_CELLS)
        rows = len(_ROW_TAG.findall(text))
        if rows > MAX_TABLE_ROWS:
            raise too_large("table rows", rows, MAX_TABLE_ROWS)


def after_reading(doc: Document) -> None:
    """Refuse a document, of any format, over a table or figure budget."""
    rows = cells = figures = 0
    for block in doc.blocks:
        if isinstance(block, Table):
            rows += len(block.rows)
            for row in block.rows:
                if len(row) > MAX_COLUMNS:
                    raise too_large("cells in one table row", len(row), MAX_COLUMNS)
                cells += len(row)
                figures += sum(len(_DIGITS.findall(c.text)) for c in row)
        else:
            figures += len(_DIGITS.findall(block.text))
    if rows > MAX_TABLE_ROWS:
        raise too_large("table rows", rows, MAX_TABLE_ROWS)
    if cells > MAX_TABLE_CELLS:
        raise too_large("table cells", cells, MAX_TABLE_CELLS)
    if figures > MAX_FIGURES:
        raise too_large("figures", figures, MAX_FIGURES)
