"""One PDF page's layout: text lines, ruled tables filled with their text, borderless tables.

Characters group into lines by baseline (not by font-dependent boxes), a line's
text gets a space wherever the gap between two characters is wider than a
quarter of the font size, and the lines of a ruled table's cells never appear
again as prose. A borderless table is a run of lines whose wide gaps line up in
columns, taken only when the result clearly is a table (short, mostly numeric
cells): alignment alone also matches lists and poems.
"""

from __future__ import annotations

import re
import statistics
import unicodedata
from bisect import bisect_left, bisect_right
from dataclasses import dataclass, field
from itertools import pairwise

from vetlint.readers.headings import match_heading
from vetlint.readers.pdfpage import Char, PageContent
from vetlint.readers.pdfrules import RuledTable, find_tables
from vetlint.readers.tablebuild import is_wide, parse_caption

_NUMERIC = re.compile(r"^[-+−]?\d[\d,，.]*\s*(?:[%％‰]|:\s*1|：\s*1)?$")
_SENTENCE = re.compile(r"[。；;！？!?]")

# Characters a layout never puts at the start of a line: they travel with the word before.
_NO_LINE_START = set("%％‰，。、；：？！）》」』”’,.;:?!)")
_NO_LINE_END = set("“‘（《「『【〔([")  # opening quotes and brackets: never last on a line
# A cell line that starts a list item is the author's line break, not a wrap.
LIST_ITEM = re.compile(r"^\s*(?:\d{1,3}\s*[.、．)）]|[（(]\s*\d{1,3}\s*[)）]|[•·●▪◆■□\-–—]\s*)\S")
SPACE_GAP = 0.25  # of the font size: a wider gap between two characters is a space
CELL_GAP = 1.5  # of the font size: a wider gap splits a line into the cells of a table
ALIGNED_GAP = 0.5  # of the font size: a wider gap that ends at a column start splits too
SAME_LINE = 0.4  # of the font size: baselines closer than this are one line

Box = tuple[float, float, float, float]  # x0, top, x1, bottom


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


def fix(text: str) -> str:
    """Look-alike code points folded, whitespace runs made one space."""
    return " ".join(text.translate(_COMPAT).split())


def join_wrapped(left: str, right: str) -> str:
    """Join a line wrapped by the layout: no space in Chinese or inside a number."""
    if not left or not right:
        return left + right
    a, b = left[-1], right[0]
    if is_wide(a) or is_wide(b) or (a.isdigit() and b.isdigit()):
        return left + right
    if a == "-" and len(left) > 1 and left[-2].isalpha():
        return left + right  # hyphenated word
    if a.isascii() and b.isascii() and (a.isalnum() or a in ",.;:!?)%") and (b.isalnum() or b in "(\"'"):
        if a == "." and len(left) > 1 and left[-2].isdigit() and b.isdigit():
            return left + right
        return f"{left} {right}"
    return left + right


def spaced(chars: list[Char]) -> str:
    """Characters of one line, left to right, a space where the gap says there is one."""
    if not chars:
        return ""
    parts = [chars[0].text]
    for a, b in pairwise(chars):
        if b.x0 - a.x1 > SPACE_GAP * b.size:
            parts.append(" ")
        parts.append(b.text)
    return fix("".join(parts))


@dataclass(slots=True)
class TextLine:
    """Characters sharing a baseline, left to right."""

    chars: list[Char]
    text: str
    x0: float
    x1: float
    top: float
    bottom: float
    size: float  # median font size of its printed characters


def text_lines(chars: list[Char]) -> list[TextLine]:
    """Lines top to bottom: characters whose baselines are within ``SAME_LINE`` sizes."""
    groups: list[list[Char]] = []
    for ch in sorted(chars, key=lambda c: c.baseline):
        if groups and ch.baseline - groups[-1][0].baseline <= SAME_LINE * max(ch.size, 1.0):
            groups[-1].append(ch)
        else:
            groups.append([ch])
    out: list[TextLine] = []
    for group in groups:
        group.sort(key=lambda c: c.x0)
        printed = [c for c in group if not c.text.isspace()]
        if not printed:
            continue
        while group[0].text.isspace():
            group = group[1:]
        while group[-1].text.isspace():
            group = group[:-1]
        out.append(TextLine(group, spaced([c for c in group if not c.text.isspace()]),
                            group[0].x0, max(c.x1 for c in group),
                            min(c.top for c in printed), max(c.bottom for c in printed),
                            statistics.median(c.size for c in printed)))
    return out


def _run_end(chars: list[Char], start: int) -> int:
    """End of the unbreakable piece at ``start``: one CJK character, or a run of Latin
    letters and digits (with the signs a figure holds: ``1+X``, ``26458.9``, ``40%``)."""
    end = start + 1
    if chars[start].text.isascii() and chars[start].text.isalnum():
        while (end < len(chars) and chars[end].text.isascii()
               and (chars[end].text.isalnum() or chars[end].text in ".,%-+:")
               and chars[end].x0 - chars[end - 1].x1 < 0.2 * chars[end].size):
            end += 1
    return end


def lead_width(chars: list[Char]) -> float:
    """Width of what the layout could not have put at the end of the line above.

    The first unbreakable piece, the punctuation that may not start a line
    (``40％，`` moves to the next line as one piece), and what the line-breaking
    rules keep with it: the piece after an opening quote or bracket, which may not
    end a line (``，“双``), and a figure right after closing punctuation (``场，17625``).
    """
    while chars and chars[0].text.isspace():
        chars = chars[1:]
    if not chars:
        return 0.0
    n = len(chars)
    end = _run_end(chars, 0)
    if chars[0].text in _NO_LINE_END and end < n:
        end = _run_end(chars, end)
    for _ in range(4):
        closed = end
        while end < n and chars[end].text in _NO_LINE_START:
            end += 1
        if end < n and chars[end].text in _NO_LINE_END:
            end = _run_end(chars, end + 1) if end + 1 < n else end + 1
        elif end > closed and end < n and chars[end].text.isascii() and chars[end].text.isalnum():
            end = _run_end(chars, end)
        else:
            break
    return float(chars[end - 1].x1 - chars[0].x0)


def _line_in(line: TextLine, box: Box) -> bool:
    x, y = (line.x0 + line.x1) / 2, (line.top + line.bottom) / 2
    return box[0] - 1 <= x <= box[2] + 1 and box[1] - 1 <= y <= box[3] + 1


def _outside(chars: list[Char], boxes: list[Box]) -> list[Char]:
    """The characters whose centre is in none of ``boxes`` (widened by a point)."""
    out = []
    for ch in chars:
        x, y = (ch.x0 + ch.x1) / 2, (ch.top + ch.bottom) / 2
        for x0, top, x1, bottom in boxes:
            if x0 - 1 <= x <= x1 + 1 and top - 1 <= y <= bottom + 1:
                break
        else:
            out.append(ch)
    return out


def center_in(ch: Char, box: Box, slack: float = 0.0) -> bool:
    x = (ch.x0 + ch.x1) / 2
    y = (ch.top + ch.bottom) / 2
    return box[0] - slack <= x <= box[2] + slack and box[1] - slack <= y <= box[3] + slack


# ------------------------------------------------------------- ruled tables


@dataclass
class Grid:
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
    fallback: list = field(default_factory=list)


def cell_text(chars: list[Char], box: Box) -> str:
    """A cell's text: lines wrapped by the layout are joined, the author's breaks kept.

    A break is the author's when the next line starts a list item, the line
    ends a sentence, or the line stops well short of the cell's right edge.
    """
    lines = [line for line in text_lines(chars) if line.text]
    if not lines:
        return ""
    pad = max(min(line.x0 for line in lines) - box[0], 0.0)
    out = lines[0].text
    for prev, line in pairwise(lines):
        short = box[2] - pad - prev.x1 > 3 * prev.size
        if LIST_ITEM.match(line.text) or prev.text[-1] in "。；;！？!?" or short:
            out += "\n" + line.text
        else:
            out = join_wrapped(out, line.text)
    return out


def ruled_grid(table: RuledTable, chars: list[Char], page_no: int) -> Grid | None:
    """A ruled table's texts; one row only is a candidate half of a split table."""
    x0, top, x1, bottom = table.bbox
    inside = sorted((c for c in chars if center_in(c, (x0, top, x1, bottom))),
                    key=lambda c: c.top + c.bottom)
    middles = [c.top + c.bottom for c in inside]  # twice the centre: sorted, for bisecting
    n_rows, n_cols = len(table.ys) - 1, len(table.xs) - 1
    texts = [[""] * n_cols for _ in range(n_rows)]
    heights = [0.0] * n_rows
    for region in table.regions:
        box = table.box(region)
        band = inside[bisect_left(middles, 2 * box[1]):bisect_right(middles, 2 * box[3])]
        mine = [c for c in band if center_in(c, box)]
        texts[region.row][region.col] = cell_text(mine, box)
        heights[region.row] = max(heights[region.row], box[3] - box[1])
    kept = [(row, height) for row, height in zip(texts, heights, strict=True) if any(row)]
    if not kept or n_cols < 2:
        return None
    rows = [row for row, _ in kept]
    return Grid(rows, [page_no] * len(rows), top, bottom, page_no, True, list(table.xs),
                [height for _, height in kept])


# -------------------------------------------------------- borderless tables


@dataclass(slots=True)
class _Segment:
    """A run of a text line between wide gaps: one cell of a borderless table."""

    text: str
    x0: float
    x1: float


def _segments(line: TextLine, starts: list[float] | None = None,
              tol: float = 0.0) -> list[_Segment]:
    """Split a line where the gap between characters is wider than ``CELL_GAP`` sizes.

    With the column ``starts`` of a table above, also where a narrower gap (wider than
    ``ALIGNED_GAP`` sizes) ends at a column start: a label that fills its column leaves
    less than the usual gap before the next one, how much depends on the font.
    """
    out: list[_Segment] = []
    run: list[Char] = []
    for ch in line.chars:
        if ch.text.isspace():
            continue
        gap = ch.x0 - run[-1].x1 if run else 0.0
        if run and (gap > CELL_GAP * line.size or (
                starts and gap > ALIGNED_GAP * line.size
                and any(abs(ch.x0 - x) <= tol for x in starts))):
            out.append(_Segment(spaced(run), run[0].x0, run[-1].x1))
            run = []
        run.append(ch)
    if run:
        out.append(_Segment(spaced(run), run[0].x0, run[-1].x1))
    return out


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


def unruled_tables(lines: list[TextLine], page_no: int) -> tuple[list[Grid], set[int]]:
    """Borderless tables: runs of lines whose wide gaps line up in columns.

    A run is a table only when it has three or more rows, at least three
    columns, short cells, and mostly numbers below its first row and right of
    its first column. A line with fewer cells just below a row (a wrapped label
    such as ``（元）``) is joined into the row above. Returns the tables and the
    indices of the lines they used.
    """
    segmented = [_segments(line) for line in lines]
    grids: list[Grid] = []
    used: set[int] = set()
    i = 0
    while i < len(lines):
        line, segs = lines[i], segmented[i]
        if len(segs) < 3:
            i += 1
            continue
        starts = [seg.x0 for seg in segs]
        tol = 0.8 * line.size
        rows: list[list[str]] = [[seg.text for seg in segs]]
        members = [i]
        prev = line
        j = i + 1
        while j < len(lines):
            nxt, nsegs = lines[j], segmented[j]
            cols = _columns_of(nsegs, starts, tol)
            if cols is None:  # cells closer together than the usual gap, at the columns
                nsegs = _segments(nxt, starts, tol)
                cols = _columns_of(nsegs, starts, tol)
            gap = nxt.top - prev.bottom
            if cols is None or gap > 3 * nxt.size:
                break
            if (len(nsegs) >= 2 and gap > 0.8 * nxt.size) or len(nsegs) >= 3:
                row = [""] * len(starts)
                for k, seg in zip(cols, nsegs, strict=True):
                    row[k] = seg.text
                rows.append(row)
            elif gap <= 0.8 * nxt.size and all(rows[-1][k] for k in cols):
                for k, seg in zip(cols, nsegs, strict=True):
                    rows[-1][k] = join_wrapped(rows[-1][k], seg.text)
            else:
                break
            members.append(j)
            prev = nxt
            j += 1
        if _clearly_table(rows):
            height = (prev.bottom - line.top) / len(rows)
            grids.append(Grid(rows, [page_no] * len(rows), line.top, prev.bottom,
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


# ---------------------------------------------------------------- the page


FIGURE_GAP = 16.0  # painted shapes closer than this (points) are parts of one drawing
FIGURE_MARGIN = 28.0  # axis labels, legends and titles stand this close around a drawing
MIN_FIGURE_SHAPES = 3
MAX_FIGURE_SHAPES = 1500  # clustering is quadratic: past this, no figure is looked for
MAX_FIGURE_LINE = 30  # characters: a longer line, or a sentence, is prose, not a label


def _near(a: Box, b: Box, gap: float) -> bool:
    return a[0] - gap <= b[2] and b[0] - gap <= a[2] and a[1] - gap <= b[3] and b[1] - gap <= a[3]


def _thickness(box: Box) -> float:
    return min(box[2] - box[0], box[3] - box[1])


def figure_boxes(shapes: list[Box], tables: list[Box]) -> list[Box]:
    """Where the page draws a figure (a chart's bars, wedges, legend keys, background):
    a cluster of at least ``MIN_FIGURE_SHAPES`` painted shapes outside the ruled tables.
    Shapes belong together when the gap between them is within ``FIGURE_GAP`` or, for
    bars, within the width of the thinner one (bars stand a bar's width apart)."""
    if len(shapes) > MAX_FIGURE_SHAPES:
        return []  # a page of drawing (a map): its text is read as it stands
    clusters: list[tuple[Box, int, float]] = []  # box, shapes, thickness of the thinnest
    for shape in shapes:
        if any(_near(shape, table, -1.0) for table in tables):
            continue  # a shaded cell
        box, count, thin = shape, 1, _thickness(shape)
        rest = []
        for other, n, other_thin in clusters:
            if _near(box, other, max(FIGURE_GAP, 1.2 * min(thin, other_thin))):
                box = (min(box[0], other[0]), min(box[1], other[1]),
                       max(box[2], other[2]), max(box[3], other[3]))
                count += n
                thin = min(thin, other_thin)
            else:
                rest.append((other, n, other_thin))
        clusters = [*rest, (box, count, thin)]
    return [box for box, n, _ in clusters if n >= MIN_FIGURE_SHAPES]


def _prose(line: TextLine) -> bool:
    return len(line.text) > MAX_FIGURE_LINE or bool(_SENTENCE.search(line.text))


def _figure_lines(lines: list[TextLine], figures: list[Box], taken: set[int]) -> set[int]:
    """Lines a figure draws: its labels, ticks and legend, within ``FIGURE_MARGIN`` of what
    it paints. A painted area with prose in it is a shaded box around text, read as text;
    prose, headings and captions next to a figure are never its labels."""
    out: set[int] = set()
    for core in figures:
        if any(_prose(line) for k, line in enumerate(lines) if k not in taken and _line_in(line, core)):
            continue
        box = (core[0] - FIGURE_MARGIN, core[1] - FIGURE_MARGIN,
               core[2] + FIGURE_MARGIN, core[3] + FIGURE_MARGIN)
        out.update(k for k, line in enumerate(lines)
                   if k not in taken and _line_in(line, box) and not _prose(line)
                   and match_heading(line.text) is None and parse_caption(line.text) is None)
    return out


@dataclass
class PageLayout:
    """A page's prose lines (outside tables and figures) and tables, one-row ruled
    candidates included; ``figure_lines`` counts the labels of drawn charts left out."""

    number: int
    height: float
    lines: list[TextLine] = field(default_factory=list)
    tables: list[Grid] = field(default_factory=list)
    figure_lines: int = 0
    # One-row ruled tables: the grid, and the prose lines it holds until a page break decides.
    singles: list[tuple[Grid, list[TextLine]]] = field(default_factory=list)


def layout(content: PageContent) -> PageLayout:
    out = PageLayout(content.number, content.height)
    boxes: list[Box] = []
    singles: list[tuple[Grid, Box]] = []
    for table in find_tables(content.rules):
        grid = ruled_grid(table, content.chars, content.number)
        if grid is None:
            continue
        if len(grid.rows) == 1:
            singles.append((grid, table.bbox))
        else:
            out.tables.append(grid)
            boxes.append(table.bbox)
    rest = _outside(content.chars, boxes) if boxes else content.chars
    lines = text_lines(rest)
    grids, used = unruled_tables(lines, content.number)
    out.tables.extend(grids)
    taken: set[int] = set(used)
    for grid, box in singles:
        mine = [k for k, line in enumerate(lines) if _line_in(line, box)]
        if mine and not taken.intersection(mine):
            taken.update(mine)
            grid.single = True
            out.tables.append(grid)
            out.singles.append((grid, [lines[k] for k in mine]))
    drawn = _figure_lines(lines, figure_boxes(content.shapes, boxes + [b for _, b in singles]),
                          taken)
    out.figure_lines = len(drawn)
    out.lines = [line for k, line in enumerate(lines) if k not in taken and k not in drawn]
    return out
