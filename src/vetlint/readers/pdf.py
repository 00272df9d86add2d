"""PDF reader: prose in reading order, headings, ruled and unruled tables.

pdfplumber gives characters and ruling lines; this module rebuilds what the
author wrote. Wrapped lines are joined back into paragraphs (a line that
runs to the right margin continues on the next line, also across a page
break), running headers, footers and page numbers (``- 1 -``) are dropped,
ruled tables come from the drawn lines and unruled ones from text alignment
only when the result clearly is a table (short, mostly numeric cells), and
text inside a table's area never appears again as prose. A table that runs
over a page break is joined back into one when the page geometry says so
(it fills its page to the bottom margin, the next page opens with the same
columns, nothing in between): a header row left alone at the foot of a page
heads the body on the next, a header the layout repeats is dropped, and a
row the break cut in two is one row again.

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
import unicodedata
import zlib
from collections import Counter
from dataclasses import dataclass, field
from itertools import pairwise

from vetlint.document import Block, Document, Location, Paragraph, SourceMap, Table
from vetlint.errors import ReadError
from vetlint.readers.docx import TableIds, make_heading
from vetlint.readers.headings import match_heading
from vetlint.readers.language import detect_language
from vetlint.readers.tablebuild import RawCell, build_table, parse_caption, parse_unit_line

MAX_PAGES = 500
MAX_CHARS_PER_PAGE = 100_000
MAX_STREAM_BYTES = 64 * 1024 * 1024  # one page's content, inflated
MAX_GRAPHICS_PER_PAGE = 5_000  # lines + rects: above this, no table detection on the page
TIME_BUDGET_SECONDS = 180.0
FURNITURE_BAND = 0.09  # top/bottom share of the page where headers and footers live

_LINES = {"vertical_strategy": "lines", "horizontal_strategy": "lines"}
_PAGE_NUMBER = re.compile(
    r"^(?:[-—–－\s]*\d{1,4}[-—–－\s]*|第\s*\d{1,4}\s*页(?:\s*[,，/／]?\s*共\s*\d{1,4}\s*页)?"
    r"|\d{1,4}\s*[/／]\s*\d{1,4}|page\s+\d{1,4}(?:\s+of\s+\d{1,4})?|[ivxlc]{1,6})$",
    re.IGNORECASE,
)
_NOTE = re.compile(r"^\s*(注[:：]|注释[:：]|说明[:：]|数据来源[:：]|资料来源[:：])")
_NUMERIC = re.compile(r"^[-+−]?\d[\d,，.]*\s*(?:[%％‰]|:\s*1|：\s*1)?$")
_SENTENCE = re.compile(r"[。；;！？!?]")
_CJK = re.compile(r"[\u3000-\u303f\u3400-\u9fff\uff00-\uffef]")
_CID = re.compile(r"\(cid:\d+\)")
# Characters a layout never puts at the start of a line: they travel with the word before.
_NO_LINE_START = set("%％‰，。、；：？！）》」』”’,.;:?!)")
# A cell line that starts a list item is the author's line break, not a wrap.
_LIST_ITEM = re.compile(r"^\s*(?:\d{1,3}\s*[.、．)）]|[（(]\s*\d{1,3}\s*[)）]|[•·●▪◆■□\-–—]\s*)\S")


def _compat_table() -> dict[int, str]:
    """Kangxi radicals, compatibility ideographs and ligatures → ordinary characters.

    Many Chinese PDFs map glyphs such as 人/大/行 to look-alike code points
    (⼈ U+2F08, ⼤, ⾏); searching and matching need the real characters. Only
    these ranges are folded: full-width digits and punctuation stay as printed.
    """
    ranges = [(0x2E80, 0x2FDF), (0xF900, 0xFAFF), (0xFB00, 0xFB06), (0x2F800, 0x2FA1F)]
    table: dict[int, str] = {}
    for lo, hi in ranges:
        for cp in range(lo, hi + 1):
            folded = unicodedata.normalize("NFKC", chr(cp))
            if folded != chr(cp):
                table[cp] = folded
    return table


_COMPAT = _compat_table()


def _fix(text: str) -> str:
    """Look-alike code points folded, whitespace runs made one space."""
    return " ".join(text.translate(_COMPAT).split())


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
class _Grid:
    """A table as found: texts (merged continuations ``""``), one page per row.

    ``xs`` are the column edges (ruled) or column starts (unruled), ``heights``
    the height of each row, both to match a table's continuation on the next
    page. A ruled grid of one row is kept only in case it is half of a table
    split by a page break (a header row ending a page, a row's rest starting
    one): ``single`` marks it, and ``fallback`` holds its text as prose lines
    for when it is not.
    """

    rows: list[list[str]]
    pages: list[int]
    top: float
    bottom: float
    page: int
    ruled: bool
    xs: list[float] = field(default_factory=list)
    heights: list[float] = field(default_factory=list)
    single: bool = False
    fallback: list[_Line] = field(default_factory=list)


@dataclass
class _Page:
    number: int
    height: float
    lines: list[_Line] = field(default_factory=list)
    tables: list[_Grid] = field(default_factory=list)


# ---------------------------------------------------------------- opening

def _open(data: bytes):
    import pdfplumber
    from pdfminer.pdfdocument import PDFEncryptionError, PDFPasswordIncorrect

    try:
        pdf = pdfplumber.open(io.BytesIO(data))
        n_pages = len(pdf.pages)
    except Exception as exc:
        inner = exc.args[0] if exc.args and isinstance(exc.args[0], Exception) else exc
        if isinstance(inner, PDFPasswordIncorrect | PDFEncryptionError):
            raise ReadError("the PDF is encrypted (password-protected)", code="encrypted") from None
        raise ReadError(
            f"not a valid PDF (corrupt or truncated: {type(inner).__name__})", code="corrupt"
        ) from None
    if n_pages == 0:
        pdf.close()
        raise ReadError("the PDF has no pages", code="no-text")
    if n_pages > MAX_PAGES:
        pdf.close()
        raise ReadError(f"the PDF has {n_pages} pages (limit {MAX_PAGES})", code="too-large")
    return pdf


# ------------------------------------------------------------- one page

def _inside(obj: dict, boxes: list[tuple[float, float, float, float]]) -> bool:
    cx = (obj["x0"] + obj["x1"]) / 2
    cy = (obj["top"] + obj["bottom"]) / 2
    return any(x0 - 1 <= cx <= x1 + 1 and top - 1 <= cy <= bottom + 1
               for x0, top, x1, bottom in boxes)


def _edges(values: list[float], tol: float = 1.0) -> list[float]:
    """Sorted positions, those closer than ``tol`` counted once."""
    out: list[float] = []
    for v in sorted(values):
        if not out or v - out[-1] > tol:
            out.append(v)
    return out


def _grid_of(table, chars: list[dict], page_no: int) -> _Grid | None:
    """A ruled table's grid; one row only is a candidate half of a split table."""
    kept = [(texts, row) for texts, row in zip(_extract(table, chars), table.rows, strict=True)
            if any(texts)]
    if not kept or max(len(texts) for texts, _ in kept) < 2:
        return None
    rows = [texts for texts, _ in kept]
    heights = []
    for _, row in kept:
        boxes = [b for b in row.cells if b is not None]
        heights.append(max(b[3] for b in boxes) - min(b[1] for b in boxes))
    _, top, _, bottom = table.bbox
    xs = _edges([x for cell in table.cells for x in (cell[0], cell[2])])
    return _Grid(rows, [page_no] * len(rows), top, bottom, page_no, True, xs, heights)


@dataclass
class _Segment:
    """A run of a text line between wide gaps: one cell of an unruled table."""

    text: str
    x0: float
    x1: float


def _segments(chars: list[dict], size: float) -> list[_Segment]:
    """Split a line where the gap between characters is wider than 1.5 characters."""
    out: list[_Segment] = []
    run: list[dict] = []
    for ch in sorted(chars, key=lambda c: c["x0"]):
        if ch["text"].isspace():
            continue
        if run and ch["x0"] - run[-1]["x1"] > 1.5 * size:
            out.append(_segment(run))
            run = []
        run.append(ch)
    if run:
        out.append(_segment(run))
    return out


def _segment(run: list[dict]) -> _Segment:
    text = run[0]["text"]
    for a, b in pairwise(run):
        text += (" " if b["x0"] - a["x1"] > 0.25 * (b.get("size") or 10.0) else "") + b["text"]
    return _Segment(_fix(text), run[0]["x0"], run[-1]["x1"])


def _columns_of(segments: list[_Segment], starts: list[float], tol: float) -> list[int] | None:
    """The column of each segment, or None when a segment does not fit the columns."""
    cols: list[int] = []
    for seg in segments:
        k = max((i for i, x in enumerate(starts) if x - tol <= seg.x0), default=None)
        if k is None or (cols and k <= cols[-1]):
            return None
        if k + 1 < len(starts) and seg.x1 > starts[k + 1] - tol / 2:
            return None  # runs into the next column: prose, not a cell
        cols.append(k)
    return cols


def _unruled_tables(lines: list[dict], page_no: int) -> tuple[list[_Grid], set[int]]:
    """Borderless tables: runs of lines whose wide gaps line up in columns.

    Text alignment alone also matches lists and poems, so a run is a table only
    when it has three or more rows, at least three columns, short cells, and
    mostly numbers below its first row and right of its first column. A line
    with fewer cells just below a row (a wrapped label such as ``（元）``) is
    joined into the row above. Returns the tables and the indices of the lines
    they used.
    """
    sized = []
    for line in lines:
        sizes = [c.get("size") or 10.0 for c in line["chars"] if not c["text"].isspace()]
        size = statistics.median(sizes) if sizes else 10.0
        sized.append((line, size, _segments(line["chars"], size)))
    grids: list[_Grid] = []
    used: set[int] = set()
    i = 0
    while i < len(sized):
        line, size, segs = sized[i]
        if len(segs) < 3:
            i += 1
            continue
        starts = [seg.x0 for seg in segs]
        tol = 0.8 * size
        rows: list[list[str]] = [[seg.text for seg in segs]]
        members = [i]
        prev = line
        j = i + 1
        while j < len(sized):
            nxt, nsize, nsegs = sized[j]
            cols = _columns_of(nsegs, starts, tol)
            gap = nxt["top"] - prev["bottom"]
            if cols is None or gap > 3 * nsize:
                break
            if (len(nsegs) >= 2 and gap > 0.8 * nsize) or len(nsegs) >= 3:
                row = [""] * len(starts)
                for k, seg in zip(cols, nsegs, strict=True):
                    row[k] = seg.text
                rows.append(row)
            elif gap <= 0.8 * nsize and all(rows[-1][k] for k in cols):
                for k, seg in zip(cols, nsegs, strict=True):
                    rows[-1][k] = join_wrapped(rows[-1][k], seg.text)
            else:
                break
            members.append(j)
            prev = nxt
            j += 1
        if _clearly_table(rows):
            height = (prev["bottom"] - line["top"]) / len(rows)
            grids.append(_Grid(rows, [page_no] * len(rows), line["top"], prev["bottom"],
                               page_no, False, starts, [height] * len(rows)))
            used.update(members)
            i = j
        else:
            i += 1
    return grids, used


def _clearly_table(rows: list[list[str]]) -> bool:
    if len(rows) < 3 or len(rows[0]) < 3:
        return False
    filled = [c for r in rows for c in r if c]
    if any(len(c) > 24 or _SENTENCE.search(c) for c in filled):
        return False
    values = [c for r in rows[1:] for c in r[1:] if c]
    return bool(values) and sum(bool(_NUMERIC.match(c)) for c in values) >= 0.6 * len(values)


def _lead_width(chars: list[dict]) -> float:
    """Width of what the layout could not have put at the end of the line above.

    A run of Latin letters/digits, or one CJK character, plus the punctuation
    that may not start a line (``40％，`` moves to the next line as one piece).
    """
    while chars and chars[0]["text"].isspace():
        chars = chars[1:]
    if not chars:
        return 0.0
    end = 1
    if chars[0]["text"].isascii() and chars[0]["text"].isalnum():
        while (end < len(chars) and chars[end]["text"].isascii()
               and (chars[end]["text"].isalnum() or chars[end]["text"] in ".,%-")
               and chars[end]["x0"] - chars[end - 1]["x1"] < 0.2 * (chars[end].get("size") or 10)):
            end += 1
    while end < len(chars) and chars[end]["text"] in _NO_LINE_START:
        end += 1
    return float(chars[end - 1]["x1"] - chars[0]["x0"])


def _cell_text(chars: list[dict], bbox: tuple[float, float, float, float]) -> str:
    """A cell's text: lines wrapped by the layout are joined, the author's breaks kept.

    A break is the author's when the next line starts a list item, the line
    ends a sentence, or the line stops well short of the cell's right edge.
    """
    if not chars:
        return ""
    lines: list[list[dict]] = []
    for ch in sorted(chars, key=lambda c: (round(c["top"]), c["x0"])):
        size = ch.get("size") or 10.0
        if lines and abs(ch["top"] - lines[-1][0]["top"]) <= 0.5 * size:
            lines[-1].append(ch)
        else:
            lines.append([ch])
    texts: list[tuple[str, float, float, float]] = []
    for line in lines:
        line.sort(key=lambda c: c["x0"])
        text = line[0]["text"]
        for a, b in pairwise(line):
            gap = b["x0"] - a["x1"]
            text += (" " if gap > 0.25 * (b.get("size") or 10.0) else "") + b["text"]
        text = _fix(text)
        if text:
            texts.append((text, line[0]["x0"], line[-1]["x1"], line[0].get("size") or 10.0))
    if not texts:
        return ""
    pad = max(min(t[1] for t in texts) - bbox[0], 0.0)
    out = texts[0][0]
    for (prev, _, x1, size), (text, *_rest) in pairwise(texts):
        short = bbox[2] - pad - x1 > 3 * size
        if _LIST_ITEM.match(text) or prev[-1] in "。；;！？!?" or short:
            out += "\n" + text
        else:
            out = join_wrapped(out, text)
    return out


def _extract(table, chars: list[dict]) -> list[list[str]]:
    x0, top, x1, bottom = table.bbox
    inside = [c for c in chars
              if x0 <= (c["x0"] + c["x1"]) / 2 <= x1 and top <= (c["top"] + c["bottom"]) / 2 <= bottom]
    rows: list[list[str]] = []
    for row in table.rows:
        texts: list[str] = []
        boxes = [b for b in row.cells if b is not None]
        row_top = min((b[1] for b in boxes), default=0.0)
        row_bottom = max((b[3] for b in boxes), default=0.0)
        in_row = [c for c in inside if row_top <= (c["top"] + c["bottom"]) / 2 <= row_bottom]
        for bbox in row.cells:
            if bbox is None:
                texts.append("")
                continue
            cx0, ctop, cx1, cbottom = bbox
            mine = [c for c in in_row
                    if cx0 <= (c["x0"] + c["x1"]) / 2 <= cx1
                    and ctop <= (c["top"] + c["bottom"]) / 2 <= cbottom]
            texts.append(_cell_text(mine, bbox))
        rows.append(texts)
    return rows


def _check_streams(page, number: int) -> None:
    """Refuse a page whose compressed content inflates past ``MAX_STREAM_BYTES``.

    pdfminer inflates content streams without a limit, so a few kilobytes of
    Flate data could expand to gigabytes; the check inflates at most the limit.
    """
    from pdfminer.pdftypes import PDFStream, resolve1

    for ref in page.page_obj.contents or []:
        stream = resolve1(ref)
        if not isinstance(stream, PDFStream) or stream.rawdata is None:
            continue
        filters = stream.get_filters()
        if not filters or getattr(filters[0][0], "name", None) not in ("FlateDecode", "Fl"):
            continue
        inflater = zlib.decompressobj()
        try:
            inflater.decompress(stream.rawdata, MAX_STREAM_BYTES)
        except zlib.error:
            continue  # not our concern here: pdfminer reports broken streams itself
        if inflater.unconsumed_tail:
            raise ReadError(
                f"refusing PDF: a content stream on page {number} inflates past "
                f"{MAX_STREAM_BYTES // 1048576} MB (possible decompression bomb)",
                code="unsafe-file",
            )


def _rotated(obj: dict) -> bool:
    """A character drawn at an angle (its text matrix turns the baseline)."""
    if obj.get("object_type") != "char":
        return False
    matrix = obj.get("matrix") or (1, 0, 0, 1, 0, 0)
    return abs(matrix[1]) > 0.05 * (abs(matrix[0]) + abs(matrix[1]))


def _read_page(page, number: int) -> _Page:
    out = _Page(number=number, height=float(page.height))
    _check_streams(page, number)
    if len(page.chars) > MAX_CHARS_PER_PAGE:
        raise ReadError(
            f"page {number} has {len(page.chars)} characters (limit {MAX_CHARS_PER_PAGE})",
            code="too-large",
        )
    # Fake bold prints every character twice, a hair apart: keep one of each.
    page = page.dedupe_chars()
    boxes: list[tuple[float, float, float, float]] = []
    singles: list[tuple[_Grid, tuple[float, float, float, float]]] = []
    if len(page.lines) + len(page.rects) + len(page.curves) <= MAX_GRAPHICS_PER_PAGE:
        for table in page.find_tables(_LINES):
            grid = _grid_of(table, page.chars, number)
            if grid is None:
                continue
            if len(grid.rows) == 1:
                singles.append((grid, table.bbox))
            else:
                out.tables.append(grid)
                boxes.append(table.bbox)
    # Prose: outside the tables, and without rotated text (diagonal watermarks).
    rest = page.filter(lambda obj: not _inside(obj, boxes) and not _rotated(obj))
    lines = rest.extract_text_lines(return_chars=True, strip=True)
    grids, used = _unruled_tables(lines, number)
    out.tables.extend(grids)
    # A one-row ruled table keeps its text as prose lines until the page break decides.
    owner: dict[int, _Grid] = {}
    for grid, bbox in singles:
        mine = {i for i, line in enumerate(lines) if _inside(line, [bbox])}
        if mine and not mine & used and not mine & owner.keys():
            owner.update(dict.fromkeys(mine, grid))
            grid.single = True
            out.tables.append(grid)
    for i, line in enumerate(lines):
        text = _fix(line["text"])
        if i in used or not text:
            continue
        sizes = [c.get("size", 0.0) for c in line["chars"] if not c["text"].isspace()]
        made = _Line(text, line["x0"], line["x1"], line["top"], line["bottom"],
                     number, statistics.median(sizes) if sizes else 0.0,
                     _lead_width(line["chars"]))
        (owner[i].fallback if i in owner else out.lines).append(made)
    return out


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

def join_wrapped(left: str, right: str) -> str:
    """Join a line wrapped by the layout: no space in Chinese or inside a number."""
    if not left or not right:
        return left + right
    a, b = left[-1], right[0]
    if _CJK.match(a) or _CJK.match(b) or (a.isdigit() and b.isdigit()):
        return left + right
    if a == "-" and len(left) > 1 and left[-2].isalpha():
        return left + right  # hyphenated word
    if a.isascii() and b.isascii() and (a.isalnum() or a in ",.;:!?)%") and (b.isalnum() or b in "(\"'"):
        if a == "." and len(left) > 1 and left[-2].isdigit() and b.isdigit():
            return left + right
        return f"{left} {right}"
    return left + right


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
        size = line.size or self.body_size
        cjk_end = bool(_CJK.match(line.text[-1]))
        slack = 2 * size if cjk_end else max(2 * size, 0.15 * (self.right - self.left))
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
    for name in ("pdfminer", "pdfplumber"):
        logger = logging.getLogger(name)
        if logger.level == logging.NOTSET:
            logger.setLevel(logging.ERROR)


def read(data: bytes, path: str) -> Document:
    started = time.monotonic()
    quiet_pdf_loggers()
    pdf = _open(data)
    pages: list[_Page] = []
    images = 0
    try:
        for number, page in enumerate(pdf.pages, start=1):
            if time.monotonic() - started > TIME_BUDGET_SECONDS:
                raise ReadError(
                    f"the PDF takes too long to read (stopped at page {number})",
                    code="too-large",
                )
            try:
                pages.append(_read_page(page, number))
                images += len(page.images)
            except ReadError:
                raise
            except Exception as exc:  # pdfminer's many parse errors on a damaged page
                raise ReadError(
                    f"not a valid PDF (page {number} cannot be read: {type(exc).__name__})",
                    code="corrupt",
                ) from None
            finally:
                page.close()
    finally:
        pdf.close()
    all_text = "".join(ln.text for p in pages for ln in p.lines)
    all_text += "".join(c for p in pages for g in p.tables for r in g.rows for c in r)
    if not all_text.strip():
        raise ReadError("the PDF has no text layer (scanned image?)", code="no-text")
    if len(_CID.findall(all_text)) * 6 > len(all_text) * 0.5:
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
                          "furniture_lines": dropped, "images": images})
