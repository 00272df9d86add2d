"""PDF reader: prose in reading order, headings, ruled and unruled tables.

PDFium (``pypdfium2``) gives every character with its box and every ruling line
(``pdfpage``); ruled tables come from the drawn lines (``pdfrules``), lines of
text, cell texts and borderless tables from the characters' geometry
(``pdflayout``), built from baselines and nominal font sizes, so the same
document reads the same whatever CJK font it was exported with. This module
rebuilds what the author wrote: wrapped lines are joined back into paragraphs
(a line that runs to the right margin continues on the next line, also across a
page break), running headers, footers and page numbers (``- 1 -``) are dropped,
and text inside a table's area never appears again as prose. A table that runs
over a page break is joined back into one when the page geometry says so (it
fills its page to the bottom margin, the next page opens with the same columns,
nothing in between): a header row left alone at the foot of a page heads the
body on the next, a header the layout repeats is dropped, and a row the break
cut in two is one row again.

Before PDFium interprets a page, the page's content (its content streams and the
forms it draws) is measured as it inflates, with pdfminer's object access only:
PDFium builds every operator of a page as an object, so a few kilobytes that
inflate to 60 MB of operators would take gigabytes.

Like the .docx reader it writes its own text (``Document.text``): one line
per paragraph and per table row (cells joined by tabs); Locations give
``line``/``column`` in that text plus ``page`` (1-based) and, for cells,
``table``/``row``/``col``.
"""

from __future__ import annotations

import io
import logging
import re
import statistics
import time
import zlib
from collections import Counter
from dataclasses import dataclass, field

from vetlint.document import Block, Document, Location, Paragraph, SourceMap, Table
from vetlint.errors import ReadError
from vetlint.readers.budgets import MAX_PAGES
from vetlint.readers.headings import make_heading, match_heading
from vetlint.readers.language import detect_language
from vetlint.readers.pdflayout import LIST_ITEM as _LIST_ITEM
from vetlint.readers.pdflayout import Grid as _Grid
from vetlint.readers.pdflayout import TextLine, join_wrapped, layout, lead_width
from vetlint.readers.pdflayout import fix as _fix  # noqa: F401 (tests use it from here)
from vetlint.readers.pdfpage import read_page
from vetlint.readers.tablebuild import (
    RawCell,
    TableIds,
    build_table,
    is_wide,
    parse_caption,
    parse_unit_line,
)

# Inflated content a page may draw (its content streams and the forms it uses). Real
# pages draw tens of kilobytes; a page of vector maps a few MB. PDFium keeps ~16 bytes
# per byte of operators: 8 MB is ~140 MB while the page is read.
MAX_STREAM_BYTES = 8 * 1024 * 1024
MAX_FORM_DEPTH = 4
TIME_BUDGET_SECONDS = 180.0
FURNITURE_BAND = 0.09  # top/bottom share of the page where headers and footers live

_PAGE_NUMBER = re.compile(
    r"^(?:[-—–－\s]*\d{1,4}[-—–－\s]*|第\s*\d{1,4}\s*页(?:\s*[,，/／]?\s*共\s*\d{1,4}\s*页)?"
    r"|\d{1,4}\s*[/／]\s*\d{1,4}|page\s+\d{1,4}(?:\s+of\s+\d{1,4})?|[ivxlc]{1,6})$",
    re.IGNORECASE,
)
_NOTE = re.compile(r"^\s*(注[:：]|注释[:：]|说明[:：]|数据来源[:：]|资料来源[:：])")
_NUMERIC = re.compile(r"^[-+−]?\d[\d,，.]*\s*(?:[%％‰]|:\s*1|：\s*1)?$")
_SENTENCE = re.compile(r"[。；;！？!?]")
_SENTENCE_END = set("。！？；!?;")


@dataclass
class _Line:
    text: str
    x0: float
    x1: float
    top: float
    bottom: float
    page: int
    size: float
    lead: float = 0.0  # width of the line's first unbreakable token


@dataclass
class _Page:
    number: int
    height: float
    lines: list[_Line] = field(default_factory=list)
    tables: list[_Grid] = field(default_factory=list)


# ---------------------------------------------------------------- opening

def _open(data: bytes):
    import pypdfium2 as pdfium
    import pypdfium2.raw as pdfium_c

    try:
        pdf = pdfium.PdfDocument(data)
    except pdfium.PdfiumError:
        if pdfium_c.FPDF_GetLastError() == pdfium_c.FPDF_ERR_PASSWORD:
            raise ReadError("the PDF is encrypted (password-protected)", code="encrypted") from None
        raise ReadError("not a valid PDF (corrupt or truncated)", code="corrupt") from None
    n_pages = len(pdf)
    if n_pages == 0:
        pdf.close()
        raise ReadError("the PDF has no pages", code="no-text")
    if n_pages > MAX_PAGES:
        pdf.close()
        raise ReadError(f"the PDF has {n_pages} pages (limit {MAX_PAGES})", code="too-large")
    return pdf


def _inflated_size(stream) -> int:
    """Bytes a stream inflates to, counted up to ``MAX_STREAM_BYTES`` + 1."""
    raw = stream.rawdata
    if raw is None:
        return 0
    filters = stream.get_filters()
    if not filters or getattr(filters[0][0], "name", None) not in ("FlateDecode", "Fl"):
        return len(raw)
    inflater = zlib.decompressobj()
    try:
        out = inflater.decompress(raw, MAX_STREAM_BYTES + 1)
    except zlib.error:
        return 0  # broken: PDFium reports what it cannot read
    return len(out) + (1 if inflater.unconsumed_tail else 0)


def _content_sizes(data: bytes) -> list[int] | None:
    """Inflated bytes each page draws (content streams, forms), from pdfminer's object
    access alone (nothing is interpreted); None when pdfminer cannot walk the file."""
    from pdfminer.pdfdocument import PDFDocument
    from pdfminer.pdfpage import PDFPage
    from pdfminer.pdfparser import PDFParser
    from pdfminer.pdftypes import PDFStream, resolve1

    def forms(resources, depth: int, seen: set[int]) -> int:
        total = 0
        xobjects = resolve1((resolve1(resources) or {}).get("XObject")) or {}
        for ref in xobjects.values() if isinstance(xobjects, dict) else ():
            stream = resolve1(ref)
            if not isinstance(stream, PDFStream) or id(stream) in seen:
                continue
            if getattr(stream.get("Subtype"), "name", None) != "Form":
                continue
            seen.add(id(stream))
            total += _inflated_size(stream)
            if depth < MAX_FORM_DEPTH and total <= MAX_STREAM_BYTES:
                total += forms(stream.get("Resources"), depth + 1, seen)
        return total

    try:
        document = PDFDocument(PDFParser(io.BytesIO(data)))
        sizes = []
        for page in PDFPage.create_pages(document):
            total = 0
            for ref in page.contents or []:
                stream = resolve1(ref)
                if isinstance(stream, PDFStream):
                    total += _inflated_size(stream)
            if total <= MAX_STREAM_BYTES:
                total += forms(page.resources, 0, set())
            sizes.append(total)
            if len(sizes) > MAX_PAGES:
                break
        return sizes
    except Exception:  # pdfminer is stricter than PDFium on damaged files
        return None


_STREAM = re.compile(rb"(?<!end)stream\r?\n")
_OBJECT = re.compile(rb"\d+\s+\d+\s+obj\b")
_FILTER = re.compile(rb"/(\w+Decode)\b")
_NOT_CONTENT = (b"/Image", b"/FontFile", b"/Length1", b"/Length2", b"/XRef", b"/Metadata")


def _content_is_small(data: bytes) -> bool:
    """Whether every stream that could be drawn content inflates, all together, within
    ``MAX_STREAM_BYTES``: then no page can pass it, and the file's objects need not be
    walked. Pictures, fonts and cross-reference streams are skipped by their
    dictionaries; a filter other than Flate sends the file to the exact count."""
    total = 0
    for m in _STREAM.finditer(data):
        head = data[max(0, m.start() - 1024):m.start()]
        starts = [o.end() for o in _OBJECT.finditer(head)]
        entries = head[starts[-1]:] if starts else head
        if any(word in entries for word in _NOT_CONTENT):
            continue
        end = data.find(b"endstream", m.end())
        body = data[m.end():end if end >= 0 else len(data)]
        filters = set(_FILTER.findall(entries))
        if not filters:
            total += len(body)
        elif filters == {b"FlateDecode"}:
            inflater = zlib.decompressobj()
            try:
                total += len(inflater.decompress(body, MAX_STREAM_BYTES + 1 - total))
            except zlib.error:
                continue
            if inflater.unconsumed_tail:
                return False
        else:
            return False
        if total > MAX_STREAM_BYTES:
            return False
    return True


def _check_content(sizes: list[int] | None, number: int) -> None:
    if sizes is not None and number <= len(sizes) and sizes[number - 1] > MAX_STREAM_BYTES:
        raise ReadError(
            f"refusing PDF: the content of page {number} inflates past "
            f"{MAX_STREAM_BYTES // 1048576} MB (possible decompression bomb)",
            code="unsafe-file",
        )


@dataclass
class _Counts:
    images: int = 0
    unmapped: int = 0  # characters whose font gives no Unicode
    figure_lines: int = 0  # labels of drawn charts, not read as prose


def _read_page(pdf, number: int, counts: _Counts) -> _Page:
    """One page: its prose lines and tables."""
    page = pdf[number - 1]
    try:
        content = read_page(page, number)
    finally:
        page.close()
    found = layout(content)
    out = _Page(number=number, height=found.height, tables=found.tables)
    for grid, lines in found.singles:
        grid.fallback = [_line(line, number) for line in lines]
    out.lines = [_line(line, number) for line in found.lines if line.text]
    counts.images += content.images
    counts.unmapped += content.unmapped
    counts.figure_lines += found.figure_lines
    return out


def _line(line: TextLine, number: int) -> _Line:
    return _Line(line.text, line.x0, line.x1, line.top, line.bottom, number, line.size,
                 lead_width(line.chars))


# -------------------------------------------------- headers and footers

def _furniture_key(text: str) -> str:
    return re.sub(r"\d+", "#", re.sub(r"\s+", "", text))


def _drop_furniture(pages: list[_Page]) -> int:
    """Remove running headers/footers and page numbers; returns how many lines went."""
    def in_band(line: _Line, page: _Page) -> bool:
        band = FURNITURE_BAND * page.height
        return line.top < band or line.bottom > page.height - band

    seen: Counter[str] = Counter()
    for page in pages:
        seen.update({_furniture_key(ln.text) for ln in page.lines if in_band(ln, page)})
    repeated = 2 if len(pages) < 4 else max(2, len(pages) // 3)
    dropped = 0
    for page in pages:
        keep = []
        for line in page.lines:
            if in_band(line, page) and (
                _PAGE_NUMBER.match(line.text.strip()) or seen[_furniture_key(line.text)] >= repeated
            ):
                dropped += 1
                continue
            keep.append(line)
        page.lines = keep
    return dropped


# ------------------------------------------------------------- assembly

@dataclass
class _Item:
    kind: str  # heading | para | table
    text: str = ""
    page: int = 0
    level: int = 0
    grid: _Grid | None = None


class _Assembler:
    """Pages of lines and tables → items in reading order, paragraphs rejoined."""

    def __init__(self, pages: list[_Page]) -> None:
        lines = [ln for p in pages for ln in p.lines]
        weights = [ln.size for ln in lines for _ in range(min(len(ln.text), 50))]
        self.body_size = statistics.median(weights) if weights else 10.0
        long = sorted(ln.x1 for ln in lines if len(ln.text) >= 10) or [0.0]
        self.right = long[int(0.95 * (len(long) - 1))]
        lefts = Counter(round(ln.x0) for ln in lines if len(ln.text) >= 10)
        self.left = lefts.most_common(1)[0][0] if lefts else 0.0
        bigger = sorted({round(ln.size) for ln in lines if ln.size >= self.body_size * 1.15},
                        reverse=True)
        self.size_levels = {size: i + 1 for i, size in enumerate(bigger[:3])}
        self.pages = pages
        self.body_bottom = _body_bottom(pages)
        self.items: list[_Item] = []
        self.before_single: tuple[_Item | None, _Line | None] = (None, None)
        self.open: _Item | None = None  # the paragraph being joined
        self.last_line: _Line | None = None

    def full(self, line: _Line) -> bool:
        """The line runs to the right margin, as a line the layout wrapped does.

        Chinese lines stop up to two characters short (a character that may not
        start a line travels with the one before, proportional punctuation varies
        by font); one that ends a sentence that short is a paragraph's last line.
        """
        size = line.size or self.body_size
        last = line.text[-1]
        if last in _SENTENCE_END:
            slack = size
        elif is_wide(last):
            slack = 2.5 * size
        else:
            slack = max(2 * size, 0.15 * (self.right - self.left))
        return line.x1 >= self.right - slack

    def heading_level(self, line: _Line) -> int | None:
        match = match_heading(line.text)
        if match is not None and not self.full(line):
            return match.level
        size_level = self.size_levels.get(round(line.size))
        if (size_level is not None and len(line.text) <= 40 and not _SENTENCE.search(line.text)
                and not _NUMERIC.match(line.text)):
            return size_level
        return None

    def close(self) -> None:
        self.open = None
        self.last_line = None

    def line(self, line: _Line) -> None:
        self.settle()
        prev = self.last_line
        continues = (
            self.open is not None and prev is not None
            and _same_size(prev, line)  # the layout wraps a line in the font it is set in
            and (self.full(prev) or prev.x1 + line.lead > self.right - 1.0)
            and line.x0 <= self.left + 1.5 * (line.size or self.body_size)
            and (line.page != prev.page
                 or line.top - prev.bottom < 1.2 * (line.size or self.body_size))
        )
        if continues and self.open is not None:
            self.open.text = join_wrapped(self.open.text, line.text)
            self.last_line = line
            return
        level = self.heading_level(line)
        if level is not None:
            self.close()
            self.items.append(_Item("heading", line.text, line.page, level=level))
            return
        self.open = _Item("para", line.text, line.page)
        self.items.append(self.open)
        self.last_line = line

    def table(self, grid: _Grid) -> None:
        prev = self.items[-1].grid if self.items and self.items[-1].kind == "table" else None
        if prev is not None and self._continues(prev, grid):
            _join(prev, grid)
            return
        self.settle()
        if grid.single:  # kept aside, with the paragraph state, until the next event decides
            self.before_single = (self.open, self.last_line)
        self.close()
        self.items.append(_Item("table", page=grid.page, grid=grid))

    def settle(self) -> None:
        """A one-row table that no page break joined to another becomes prose again."""
        last = self.items[-1] if self.items else None
        if last is None or last.grid is None or not last.grid.single:
            return
        self.items.pop()
        self.open, self.last_line = self.before_single
        for line in last.grid.fallback:
            self.line(line)

    def _continues(self, prev: _Grid, grid: _Grid) -> bool:
        """``grid`` opens a page and goes on with ``prev``, which closed the page before.

        Nothing may stand between them (``prev`` is the last item read, so no
        caption, heading or prose followed it), ``prev`` must end where the
        page's body ends, short of room for the row that moved on, and both
        must have the same columns: ruled tables the same edges, unruled ones
        the same number of columns starting at the same place.
        """
        if grid.page != prev.pages[-1] + 1 or grid.ruled != prev.ruled:
            return False
        if not self._first_on_page(grid):
            return False
        room = max(grid.heights[:2], default=0.0) + 2 * self.body_size
        if self.body_bottom - prev.bottom > room:
            return False
        if max(map(len, grid.rows)) != max(map(len, prev.rows)):
            return False
        tol = 2.0 if prev.ruled else 0.8 * self.body_size
        if abs(prev.xs[0] - grid.xs[0]) > tol:
            return False
        if not prev.ruled:
            return True
        if abs(prev.xs[-1] - grid.xs[-1]) > tol:
            return False
        fewer, more = sorted((prev.xs, grid.xs), key=len)  # merged cells hide some edges
        return all(any(abs(x - y) <= tol for y in more) for x in fewer)

    def _first_on_page(self, grid: _Grid) -> bool:
        page = self.pages[grid.page - 1]
        return not any(ln.bottom <= grid.top + 1 for ln in page.lines)

    def run(self) -> list[_Item]:
        for page in self.pages:
            events: list[tuple[float, int, _Line | _Grid]] = [(ln.top, 1, ln) for ln in page.lines]
            events += [(g.top, 0, g) for g in page.tables]
            for _, _, event in sorted(events, key=lambda e: (e[0], e[1])):
                if isinstance(event, _Grid):
                    self.table(event)
                else:
                    self.line(event)
        self.settle()
        return self.items


def _same_size(a: _Line, b: _Line) -> bool:
    return not a.size or not b.size or abs(a.size - b.size) <= 0.1 * max(a.size, b.size)


def _body_bottom(pages: list[_Page]) -> float:
    """Where the text area of a full page ends (its bottom margin), headers and footers gone.

    Pages that end a chapter stop short, so this is a high quantile of each
    page's lowest line or table, not the median.
    """
    lows = sorted(max([ln.bottom for ln in p.lines] + [g.bottom for g in p.tables])
                  for p in pages if p.lines or p.tables)
    return lows[int(0.9 * (len(lows) - 1))] if lows else 0.0


def _join_cells(upper: str, lower: str) -> str:
    """A cell's text split by a page break: the page break is a line break."""
    if not upper or not lower:
        return upper + lower
    if _LIST_ITEM.match(lower) or upper[-1] in "。；;！？!?":
        return f"{upper}\n{lower}"
    return join_wrapped(upper, lower)


def _join(prev: _Grid, grid: _Grid) -> None:
    """Append a table's continuation: a repeated header dropped, a split row rejoined."""
    rows, pages, heights = grid.rows, grid.pages, grid.heights
    repeated = 0
    for k in range(1, min(3, len(prev.rows), len(rows)) + 1):
        if rows[:k] == prev.rows[:k]:
            repeated = k
    if repeated:
        rows, pages, heights = rows[repeated:], pages[repeated:], heights[repeated:]
    last = prev.rows[-1]
    if rows and _split_row(last, rows[0]):
        prev.rows[-1] = [_join_cells(a, b) for a, b in zip(last, rows[0], strict=True)]
        prev.heights[-1] += heights[0]
        rows, pages, heights = rows[1:], pages[1:], heights[1:]
    prev.rows.extend(rows)
    prev.pages.extend(pages)
    prev.heights.extend(heights)
    prev.bottom = grid.bottom
    prev.single = False
    prev.fallback = []
    if len(grid.xs) > len(prev.xs):
        prev.xs = grid.xs


def _split_row(last: list[str], first: list[str]) -> bool:
    """The continuation's first row is the rest of the row the page break cut.

    Its key (first) cell is empty and so is some other cell that the row above
    fills: a new row under a cell merged down the first column fills its
    other cells, the rest of a cut row has text only where a cell overflowed.
    """
    if len(last) != len(first) or first[0] or not any(first):
        return False
    return any(not b and a for a, b in zip(last[1:], first[1:], strict=True))


# ---------------------------------------------------------------- blocks

class _Writer:
    """Items → blocks, writing ``Document.text`` as it goes."""

    def __init__(self) -> None:
        self.lines: list[str] = []
        self.blocks: list[Block] = []
        self.section: str | None = None
        self.n_tables = 0
        self.ids = TableIds()

    def add_line(self, text: str) -> int:
        self.lines.append(text)
        return len(self.lines)

    def write(self, items: list[_Item]) -> None:
        for i, item in enumerate(items):
            if item.kind == "heading":
                line = self.add_line(item.text)
                match = match_heading(item.text)
                self.section = match.key if match is not None else item.text
                location = Location(line=line, column=1, end_line=line, end_column=len(item.text),
                                    page=item.page, section=self.section)
                self.blocks.append(make_heading(item.text, item.level, location))
            elif item.kind == "para":
                self.paragraph(item, items[i + 1] if i + 1 < len(items) else None)
            elif item.grid is not None:
                self.table(item.grid)

    def paragraph(self, item: _Item, following: _Item | None) -> None:
        line = self.add_line(item.text)
        base = Location(page=item.page, section=self.section)
        role = "body"
        prev = self.blocks[-1] if self.blocks else None
        before_table = following is not None and following.kind == "table"
        if isinstance(prev, Table) and _NOTE.match(item.text):
            prev.notes.append(item.text)
            role = "note"
        elif parse_caption(item.text) is not None:
            role = "caption"
        elif before_table and parse_unit_line(item.text):
            role = "unit"
        self.blocks.append(Paragraph(item.text, SourceMap.simple(line, 1, base),
                                     section=self.section, role=role))

    def _caption_and_unit(self) -> tuple[str | None, str | None]:
        caption: str | None = None
        unit: str | None = None
        for block in reversed(self.blocks[-2:]):
            if not isinstance(block, Paragraph) or block.role not in ("caption", "unit"):
                break
            if block.role == "unit" and unit is None:
                unit = parse_unit_line(block.text)
            elif block.role == "caption" and caption is None:
                caption = block.text
                unit = unit or parse_unit_line(block.text)
                break
        return caption, unit

    def table(self, grid: _Grid) -> None:
        self.n_tables += 1
        caption, unit = self._caption_and_unit()
        table_id, caption, caption_unit = self.ids.name(caption, self.n_tables)
        unit = unit or caption_unit
        width = max(len(r) for r in grid.rows)
        cells: list[list[RawCell]] = []
        first = len(self.lines) + 1
        for r, (texts, page) in enumerate(zip(grid.rows, grid.pages, strict=True)):
            texts = texts + [""] * (width - len(texts))
            # A cell's own line breaks become spaces (same length: columns stay exact).
            line = self.add_line("\t".join(t.replace("\n", " ") for t in texts))
            column = 1
            row: list[RawCell] = []
            for c, text in enumerate(texts):
                location = Location(line=line, column=column, end_line=line,
                                    end_column=column + max(len(text), 1) - 1, page=page,
                                    table=table_id, row=r, col=c, section=self.section)
                smap = SourceMap.simple(line, column, location) if text else None
                row.append(RawCell(text=text, location=location, smap=smap))
                column += len(text) + 1
            cells.append(row)
        location = Location(line=first, column=1, page=grid.page, table=table_id,
                            section=self.section)
        self.blocks.append(build_table(cells, id=table_id, caption=caption, unit=unit,
                                       location=location, section=self.section,
                                       explicit_spans=grid.ruled))


def quiet_pdf_loggers() -> None:
    """Keep pdfminer's warnings on damaged files ("Could not get FontBBox…") off stderr.

    The user gets vetlint's one clear line instead. Done when a PDF is read, not
    when vetlint is imported, and a level someone has set on purpose is kept.
    """
    for name in ("pdfminer",):
        logger = logging.getLogger(name)
        if logger.level == logging.NOTSET:
            logger.setLevel(logging.ERROR)


def read(data: bytes, path: str) -> Document:
    started = time.monotonic()
    quiet_pdf_loggers()
    sizes = None if _content_is_small(data) else _content_sizes(data)
    pdf = _open(data)
    pages: list[_Page] = []
    counts = _Counts()
    try:
        for number in range(1, len(pdf) + 1):
            if time.monotonic() - started > TIME_BUDGET_SECONDS:
                raise ReadError(
                    f"the PDF takes too long to read (stopped at page {number})",
                    code="too-large",
                )
            _check_content(sizes, number)
            try:
                pages.append(_read_page(pdf, number, counts))
            except ReadError:
                raise
            except Exception as exc:  # PDFium's errors on a damaged page
                raise ReadError(
                    f"not a valid PDF (page {number} cannot be read: {type(exc).__name__})",
                    code="corrupt",
                ) from None
    finally:
        pdf.close()
    all_text = "".join(ln.text for p in pages for ln in p.lines)
    all_text += "".join(c for p in pages for g in p.tables for r in g.rows for c in r)
    if not all_text.strip():
        raise ReadError("the PDF has no text layer (scanned image?)", code="no-text")
    if counts.unmapped > 0.5 * len(all_text):
        raise ReadError(
            "the PDF's fonts have no Unicode mapping; its text cannot be extracted",
            code="no-text",
        )
    dropped = _drop_furniture(pages)
    items = _Assembler(pages).run()
    writer = _Writer()
    writer.write(items)
    text = "\n".join(writer.lines)
    return Document(path=path, format="pdf", blocks=writer.blocks,
                    language=detect_language(text), text=text + "\n",
                    meta={"pages": len(pages), "tables": writer.n_tables,
                          "furniture_lines": dropped, "figure_lines": counts.figure_lines,
                          "images": counts.images})
