"""Tables in plain text as web pages, PDF-to-text tools and yearbooks print them.

Besides the two Word/PDF export layouts the text reader knows (tab-indented cell
lines; tab-separated rows), published text carries tables in four more layouts:

``pipe``     rows of ``|``-separated cells, without a leading pipe or a ``---`` row;
``flat``     a whole table flattened onto one line (cells separated by spaces, tabs
             or pipes), often after its caption;
``aligned``  columns aligned with runs of spaces (fixed-width text);
``stacked``  one cell per line, row after row, with no indentation.

Each is decided from the structure of the lines alone, never from their words: a
stable number of columns, a header line whose cells are all text, rows that start
with a label and go on with figures (most cells of the other columns numeric), and
short cells. A list of names, a table of contents (numbered titles followed by page
numbers) or a paragraph of figures has no such structure. Nothing here decides what
a row means (which row is a total is the extraction layer's business).

``TableFinder(lines).at(i)`` returns the table starting at line ``i`` as character
spans ``(line, start, end)`` of the given lines, so every reader keeps its own positions.
"""

from __future__ import annotations

import re
import unicodedata
from collections.abc import Callable, Sequence
from dataclasses import dataclass, field

from vetlint.document import Paragraph
from vetlint.readers.headings import match_heading
from vetlint.readers.tablebuild import RawCell, is_numeric_cell, is_wide, parse_caption

Span = tuple[int, int, int]  # (line index, start, end) in the caller's line texts

MAX_COLUMNS = 12
MAX_CELL = 24  # characters: a longer cell is prose
MAX_LINE = 4000  # a flattened table longer than this is not looked for
MAX_STACKED = 400  # lines of a one-cell-per-line run that are tried at most
MIN_BODY_ROWS = 2
NUMERIC_SHARE = 0.6  # of the cells right of the label column, in the body

# Sentence ends, or a clause after a comma: prose, not a cell (``节，其中一等奖``).
_SENTENCE = re.compile(r"[。！？；;!?]|，.{2,}|[,：:].{8,}")
_YEAR = re.compile(r"^(?:19|20)\d\d(?:\s*年)?$")
_EMPTY_VALUE = {"-", "—", "–", "－", "/", "／", "…", "——", "*"}
_NOTE = re.compile(r"^\s*(?:注|备注|说明|资料来源|数据来源)\s*[：:]")
_SPACES = " \u3000\u00a0"
_GAP = re.compile(r"[ \u00a0]{2,}|\u3000+|\t+")
_TOKEN = re.compile(r"[^\s|]+")
_ALIGN_CELL = re.compile(r"^\s*:?-{2,}:?\s*$")


@dataclass(frozen=True, slots=True)
class TextTable:
    """A table found in text: its rows of cell spans, and the caption printed with it."""

    layout: str
    start: int  # first line (the caption's, when the caption is on the table's line)
    end: int  # the line after the table
    rows: list[list[Span | None]]  # None: an empty cell (the header's corner)
    caption: Span | None = None
    # A cell wrapped over several lines (aligned tables): its first span → all its spans.
    wrapped: dict[Span, list[Span]] = field(default_factory=dict)

    def pieces(self, span: Span) -> list[Span]:
        """The spans of the cell that ``span`` starts: one, or a wrapped cell's lines."""
        return self.wrapped.get(span, [span])


# ------------------------------------------------------------------- cells


def wrap_separator(left: str, right: str) -> str:
    """What joins a cell's text wrapped onto the next line: nothing next to a Chinese
    character or full-width sign, else a space."""
    if not left or not right or is_wide(left[-1]) or is_wide(right[0]):
        return ""
    return " "


def _value(text: str) -> bool:
    """A cell that holds a figure (or stands for a missing one)."""
    text = text.strip(_SPACES)
    return is_numeric_cell(text) or text in _EMPTY_VALUE


def _label(text: str) -> bool:
    """A row label: text (a region, an item) or a year."""
    text = text.strip(_SPACES)
    return bool(text) and (not is_numeric_cell(text) or bool(_YEAR.match(text)))


def _header_cell(text: str) -> bool:
    text = text.strip(_SPACES)
    return bool(text) and (not is_numeric_cell(text) or bool(_YEAR.match(text))) and (
        not _SENTENCE.search(text))


def _short(text: str) -> bool:
    return len(text.strip(_SPACES)) <= MAX_CELL and not _SENTENCE.search(text)


def _body_is_tabular(rows: list[list[str]]) -> bool:
    """Rows that start with a label and go on with figures.

    Under a label that spans several rows (``设施设备`` over four indicators) the rows
    after the first leave the first column empty: their label is in the next one.
    """
    if len(rows) < MIN_BODY_ROWS or not rows[0][0].strip(_SPACES):
        return False
    numbered = len(rows[0]) >= 3 and [row[0].strip(_SPACES) for row in rows] == [
        str(k) for k in range(1, len(rows) + 1)]  # a 序号 column: the label is next to it
    values: list[str] = []
    for row in rows:
        lead = 1 if numbered or (not row[0].strip(_SPACES) and len(row) >= 3) else 0
        if not _label(row[lead]) or not any(_value(c) for c in row[lead + 1:]):
            return False
        values.extend(c for c in row[lead + 1:] if c.strip(_SPACES))
    return sum(_value(c) for c in values) >= NUMERIC_SHARE * len(values)


def _table_of_contents(rows: list[list[str]]) -> bool:
    """Titles with page numbers (small whole numbers, rising): a table of contents, not a
    table. A two-column table of rising figures (enrolment by year) has larger ones."""
    pages = [row[-1].strip(_SPACES) for row in rows]
    numbers = [int(p) for p in pages if p.isdigit() and len(p) <= 3]
    if len(numbers) < len(rows) or numbers != sorted(numbers):
        return False
    titled = sum(match_heading(row[0].strip(_SPACES)) is not None for row in rows)
    return titled * 2 >= len(rows) or len(rows[0]) == 2


# ------------------------------------------------------- token sequences


MAX_TOKENS = 600  # cells of a flattened or stacked table looked at, at most


def _fit(tokens: list[str], max_prefix: int) -> tuple[int, int, int] | None:
    """How ``tokens`` read as a table: (caption tokens, header cells, columns).

    After up to ``max_prefix`` caption tokens comes a header of ``k`` text cells (or
    ``k - 1``: the corner left empty), then rows of ``k`` cells, as many as fill the
    rest exactly. The first fit wins, fewest caption tokens and most columns first
    (rows of ``2k`` cells cannot pass for rows of ``k``: a label is no figure).
    """
    n = len(tokens)
    if n > MAX_TOKENS:
        return None
    short = [_short(t) for t in tokens]
    value = [_value(t) for t in tokens]
    label = [_label(t) for t in tokens]
    header_ok = [_header_cell(t) and ok for t, ok in zip(tokens, short, strict=True)]
    if sum(value) < MIN_BODY_ROWS:
        return None
    for prefix in range(max_prefix + 1):
        for k in range(min(MAX_COLUMNS, n), 1, -1):
            for head in (k, k - 1):
                if head < 2:
                    continue  # one header cell does not say what the columns are
                start = prefix + head
                body = n - start
                if body < MIN_BODY_ROWS * k or body % k or not all(header_ok[prefix:start]):
                    continue
                if not all(short[start:]) or not all(label[start::k]):
                    continue
                cells = [v for r in range(start, n, k) for v in value[r + 1:r + k]]
                rows_ok = all(any(value[r + 1:r + k]) for r in range(start, n, k))
                if rows_ok and sum(cells) >= NUMERIC_SHARE * len(cells):
                    return prefix, head, k
    return None


def _rows_of(spans: list[Span], prefix: int, head: int, k: int
             ) -> list[list[Span | None]]:
    header: list[Span | None] = list(spans[prefix:prefix + head])
    if head < k:
        header.insert(0, None)
    body = spans[prefix + head:]
    return [header, *(list(body[r:r + k]) for r in range(0, len(body), k))]


def _caption_of(spans: list[Span], prefix: int) -> Span | None:
    if not prefix:
        return None
    line, start, _ = spans[0]
    return (line, start, spans[prefix - 1][2])


# ----------------------------------------------------------------- layouts


def _pipe_cells(text: str) -> list[tuple[int, int]]:
    """(start, end) of the cells of a ``|`` row, a leading or trailing pipe dropped."""
    cells: list[tuple[int, int]] = []
    start = 0
    i = 0
    while i < len(text):
        if text[i] == "\\":
            i += 2
            continue
        if text[i] == "|":
            cells.append((start, i))
            start = i + 1
        i += 1
    cells.append((start, len(text)))
    if cells and not text[cells[0][0]:cells[0][1]].strip():
        cells = cells[1:]
    if cells and not text[cells[-1][0]:cells[-1][1]].strip():
        cells = cells[:-1]
    return [_trimmed(text, a, b) for a, b in cells]


def _trimmed(text: str, start: int, end: int) -> tuple[int, int]:
    while start < end and text[start] in _SPACES + "\t":
        start += 1
    while end > start and text[end - 1] in _SPACES + "\t":
        end -= 1
    return start, end


def _pipe(lines: Sequence[str], i: int) -> TextTable | None:
    """Rows of ``|``-separated cells, the same number on each line."""
    first = _pipe_cells(lines[i])
    k = len(first)
    if k < 2 or len(lines[i]) > MAX_LINE:
        return None
    rows: list[list[Span | None]] = []
    texts: list[list[str]] = []
    j = i
    while j < len(lines) and "|" in lines[j] and len(lines[j]) <= MAX_LINE:
        cells = _pipe_cells(lines[j])
        if all(_ALIGN_CELL.match(lines[j][a:b]) for a, b in cells):
            j += 1  # a separator row: not a row of the table
            continue
        if len(cells) == k - 1 and lines[j].rstrip(_SPACES + "\t").endswith("|"):
            end = len(lines[j].rstrip(_SPACES + "\t"))
            cells.append((end, end))  # "… | 202214 |": the last cell left empty
        if len(cells) != k:
            break
        rows.append([(j, a, b) if b > a else None for a, b in cells])
        texts.append([lines[j][a:b] for a, b in cells])
        j += 1
    if len(rows) < 2:  # the pipes say it is a table: one row under the header will do
        return None
    header, body = texts[0], texts[1:]
    if not all(_header_cell(c) or not c.strip() for c in header) or not any(header):
        return None
    if any(len(c) > 60 for row in texts for c in row):
        return None
    numeric = any(_value(c) for row in body for c in row[1:] if c.strip())
    if not numeric and k < 3:
        return None
    return TextTable("pipe", i, j, rows)


def _tokens(text: str) -> list[tuple[int, int]]:
    """(start, end) of the cells of a flattened line: split at pipes, else at spaces."""
    if "|" in text:
        spans = [(a, b) for a, b in _pipe_cells(text) if b > a]
        return [(a, b) for a, b in spans if not _ALIGN_CELL.match(text[a:b])]
    return [(m.start(), m.end()) for m in _TOKEN.finditer(text)]


def _flat(lines: Sequence[str], i: int) -> TextTable | None:
    """A table flattened onto one line, its caption possibly before it on the line."""
    text = lines[i]
    if len(text) > MAX_LINE or _NOTE.match(text):
        return None
    found = _tokens(text)
    if len(found) < 3 * 2:
        return None
    texts = [text[a:b] for a, b in found]
    fit = _fit(texts, max_prefix=min(4, len(texts)))
    if fit is None:
        return None
    prefix, head, k = fit
    if prefix and parse_caption(" ".join(texts[:prefix])) is None and prefix > 1:
        return None  # several words before the header that are no caption: prose
    spans = [(i, a, b) for a, b in found]
    return TextTable("flat", i, i + 1, _rows_of(spans, prefix, head, k),
                     _caption_of(spans, prefix))


def _width(ch: str) -> int:
    return 2 if unicodedata.east_asian_width(ch) in "WF" else 1


def _columns(text: str, wide: bool) -> list[int]:
    """Display column where each character of ``text`` starts (CJK counted double if
    ``wide``: some tools align by characters, others by printed width)."""
    out: list[int] = []
    col = 0
    for ch in text:
        out.append(col)
        col += (_width(ch) if wide else 1) if ch != "\t" else 8 - col % 8
    out.append(col)
    return out


def _gutters(rows: list[str], wide: bool, spare: int = 0) -> list[tuple[int, int]]:
    """Display columns blank on every line but ``spare`` of them (two wide at least),
    between text. A spare line is one whose cells a tool printed a single space apart."""
    filled: dict[int, int] = {}
    right = 0
    for text in rows:
        cols = _columns(text, wide)
        for k, ch in enumerate(text):
            if ch not in _SPACES + "\t":
                for col in range(cols[k], cols[k + 1]):
                    filled[col] = filled.get(col, 0) + 1
        right = max(right, cols[-1])
    left = min(filled) if filled else 0
    gutters: list[tuple[int, int]] = []
    col = left
    while col < right:
        if filled.get(col, 0) > spare:
            col += 1
            continue
        start = col
        while col < right and filled.get(col, 0) <= spare:
            col += 1
        if col - start >= 2 and col < right:
            gutters.append((start, col))
    return gutters


def _split_at(text: str, gutters: list[tuple[int, int]], wide: bool) -> list[tuple[int, int]]:
    """(start, end) of each column's text on one line (empty cells as empty spans).

    Words go to the column their middle stands in, so a line whose cells are printed
    a single space apart still splits where the other lines have their gutters.
    """
    cols = _columns(text, wide)
    bounds = [g[0] + (g[1] - g[0]) / 2 for g in gutters]
    cells: list[list[int]] = [[] for _ in range(len(gutters) + 1)]
    for m in re.finditer(r"[^ \u3000\u00a0\t]+", text):
        middle = (cols[m.start()] + cols[m.end()]) / 2
        column = sum(middle > b for b in bounds)
        cells[column].extend((m.start(), m.end()))
    return [(min(c), max(c)) if c else (0, 0) for c in cells]


def _has_gap(text: str) -> bool:
    body = text.strip(_SPACES + "\t")
    return bool(_GAP.search(body))


@dataclass(slots=True)
class _Run:
    """Lines that may form an aligned table: those with gaps (rows), and short lines
    without one that may be the rest of a wrapped cell (``投入（万元）`` under its row)."""

    rows: list[int]  # line indices with a gap of spaces, in order
    rests: dict[int, list[int]]  # row line → wrapped-cell lines right after it
    end: int  # the line after the run


MAX_REST_LINES = 3  # wrapped lines a cell of an aligned table may run on
MAX_BLANK_LINES = 5  # blank lines between two rows (tall rows, as PDF-to-text tools print)


def _rest_line(text: str) -> bool:
    stripped = text.strip(_SPACES + "\t")
    return (bool(stripped) and _short(stripped) and not _NOTE.match(stripped)
            and match_heading(stripped) is None and parse_caption(stripped) is None)


def _gap_run(lines: Sequence[str], i: int) -> _Run:
    """From line ``i``: lines with gaps, the wrapped lines under them, and the blank
    lines between rows (PDF-to-text tools print rows apart as tall as they were)."""
    rows: list[int] = []
    rests: dict[int, list[int]] = {}
    j = i
    end = i
    while j < len(lines) and len(rows) < 500:
        text = lines[j]
        if len(text) <= 400 and _has_gap(text):
            rows.append(j)
            j += 1
            end = j
            continue
        if not rows:
            break
        if not text.strip(_SPACES + "\t"):
            nxt = j + 1
            while nxt < len(lines) and nxt - j < MAX_BLANK_LINES and not lines[nxt].strip():
                nxt += 1
            if nxt < len(lines) and _has_gap(lines[nxt]):
                j = nxt
                continue
            break
        if _rest_line(text) and len(rests.get(rows[-1], [])) < MAX_REST_LINES and j == end:
            rests.setdefault(rows[-1], []).append(j)
            j += 1
            end = j
            continue
        break
    return _Run(rows, rests, end)


def _column_of(text: str, gutters: list[tuple[int, int]], wide: bool) -> int | None:
    """The one column a wrapped line's text lies in, or None when it crosses a gutter."""
    cols = _columns(text, wide)
    ks = [k for k, ch in enumerate(text) if ch not in _SPACES + "\t"]
    left, right = cols[ks[0]], cols[ks[-1] + 1]
    edges = [-1, *(g[1] for g in gutters), 10**9]
    for c in range(len(gutters) + 1):
        low = edges[c] if c else -1
        high = gutters[c][0] if c < len(gutters) else 10**9
        if low - 1 <= left and right <= high + 1:
            return c
    return None


def _aligned_block(lines: Sequence[str], run: _Run, first: int) -> TextTable | None:
    """The run's rows from ``run.rows[first]`` as a table, its columns where every row
    line is blank, a wrapped line joined to its cell.

    Columns are measured in characters and in printed width (a Chinese character two
    columns wide): tools align by one or the other. Of the readings that make a table,
    the one that leaves no gap of spaces inside a header cell, and fewest elsewhere, wins.
    """
    row_lines = run.rows[first:]
    block = [lines[k] for k in row_lines]
    best: tuple[int, list[list[list[Span]]]] | None = None
    readings = [(wide, spare) for wide in (False, True)
                for spare in ((0, 1) if len(block) >= 4 else (0,))]
    for wide, spare in readings:
        gutters = _gutters(block, wide, spare)
        if not gutters or len(gutters) + 1 > MAX_COLUMNS:
            continue
        grid: list[list[list[Span]]] = []  # rows of cells, each cell its pieces
        for k, text in zip(row_lines, block, strict=True):
            grid.append([[(k, a, b)] if b > a else [] for a, b in _split_at(text, gutters, wide)])
            for rest in run.rests.get(k, []):
                column = _column_of(lines[rest], gutters, wide)
                if column is None:
                    break
                a, b = _trimmed(lines[rest], 0, len(lines[rest]))
                grid[-1][column].append((rest, a, b))
        texts = [["".join(lines[n][a:b] for n, a, b in cell) for cell in row] for row in grid]
        header, body = texts[0], texts[1:]
        if not all(_short(c) for row in texts for c in row):
            continue
        if not all(_header_cell(c) for c in header if c) or not any(header):
            continue
        if not _body_is_tabular(body) or _table_of_contents(body):
            continue
        gaps = sum(bool(_GAP.search(c.strip(_SPACES))) for row in texts for c in row)
        penalty = 100 * sum(bool(_GAP.search(c.strip(_SPACES))) for c in header)
        # A column of figures needs a header; a column of labels (the corner) need not.
        unnamed = sum(not header[c] and sum(_value(row[c]) for row in body) * 2 > len(body)
                      for c in range(1, len(header)))
        penalty += 10 * unnamed + gaps + 5 * spare
        if best is None or penalty < best[0]:
            upper = _upper_header(lines, run.rows[max(0, first - 2):first], gutters, wide, grid[0])
            best = (penalty, upper + grid)
    if best is None:
        return None
    grid = best[1]
    first_line = min(n for cell in grid[0] for n, _, _ in cell)
    last = max(n for row in grid for cell in row for n, _, _ in cell)
    rows: list[list[Span | None]] = [[_cell_span(cell) for cell in row] for row in grid]
    pieces = {tuple(cell[0]): cell for row in grid for cell in row if len(cell) > 1}
    return TextTable("aligned", first_line, last + 1, rows, wrapped=pieces)


def _pieces(text: str, wide: bool) -> list[tuple[int, int, int, int]]:
    """(start, end, left column, right column) of each run of a line between gaps."""
    cols = _columns(text, wide)
    out: list[tuple[int, int, int, int]] = []
    for m in re.finditer(r"\S+(?:[ \u00a0]\S+)*", text.replace("\u3000", " ")):
        out.append((m.start(), m.end(), cols[m.start()], cols[m.end()]))
    return out


def _upper_header(lines: Sequence[str], row_lines: list[int], gutters: list[tuple[int, int]],
                  wide: bool, header: list[list[Span]]) -> list[list[list[Span]]]:
    """Header lines above a table's header: group labels over its columns (``公办`` over
    ``学校数量``/``增幅``), each set in the first column it overlaps, and the first part
    of a header cell wrapped under it (``学校总数`` over ``（所）``: one cell, joined)."""
    edges = [(0 if c == 0 else gutters[c - 1][1], gutters[c][0] if c < len(gutters) else 10**9)
             for c in range(len(gutters) + 1)]
    out: list[list[list[Span]]] = []
    for k in row_lines:
        row: list[list[Span]] = [[] for _ in edges]
        for start, end, left, right in _pieces(lines[k], wide):
            hit = [c for c, (low, high) in enumerate(edges) if left < high and right > low]
            if not hit or row[hit[0]] or not _header_cell(lines[k][start:end]):
                return []
            row[hit[0]].append((k, start, end))
        out.append(row)
    if out:  # a unit in parentheses under a group label is that label's rest
        top = out[-1]
        for c, cell in enumerate(header):
            spans_right = c + 1 < len(top) and not top[c + 1] and header[c + 1]
            if (top[c] and cell and lines[cell[0][0]][cell[0][1]] in "（(" and not spans_right
                    and all(not r[c] for r in out[:-1])):
                top[c] = top[c] + cell
                header[c] = []
    return out


def _cell_span(cell: list[Span]) -> Span | None:
    return cell[0] if cell else None


def _stacked_run(lines: Sequence[str], i: int) -> list[Span]:
    """Short lines from ``i``, one cell each (blank lines between them skipped)."""
    found: list[Span] = []
    j = i
    while j < len(lines) and len(found) < MAX_STACKED:
        text = lines[j]
        stripped = text.strip(_SPACES + "\t")
        if not stripped:
            j += 1
            continue
        if "\t" in stripped or not _short(stripped) or _NOTE.match(stripped):
            break
        a, b = _trimmed(text, 0, len(text))
        found.append((j, a, b))
        j += 1
    return found


def _stacked(lines: Sequence[str], found: list[Span]) -> TextTable | None:
    texts = [lines[n][a:b] for n, a, b in found]
    fit = _fit(texts, max_prefix=0)
    if fit is None:
        return None
    _, head, k = fit
    return TextTable("stacked", found[0][0], found[-1][0] + 1, _rows_of(found, 0, head, k))


LEAD_LINES = 3  # lines before a run's table that the run may start with (titles, units)


class TableFinder:
    """Finds the tables of the four layouts in a text, line by line.

    A run of lines that holds no aligned or stacked table is not tried again from a
    later line of it, so finding stays linear in the text.
    """

    def __init__(self, lines: Sequence[str]) -> None:
        self.lines = lines
        self._no_aligned = range(0)  # a run of lines that holds no aligned table
        self._no_stacked = range(0)  # likewise for one cell per line

    def at(self, i: int) -> TextTable | None:
        """The table that starts at line ``i``, or None."""
        lines = self.lines
        text = lines[i]
        if not text.strip(_SPACES + "\t"):
            return None
        if "|" in text:
            found = _pipe(lines, i) or _flat(lines, i)
            if found is not None:
                return found
        if i not in self._no_aligned and _has_gap(text) and len(text) <= 400:
            run = _gap_run(lines, i)
            for first in range(min(LEAD_LINES, len(run.rows))):
                if len(run.rows) - first >= 1 + MIN_BODY_ROWS and (
                        found := _aligned_block(lines, run, first)) is not None:
                    return found if found.start == i else None  # lines before it come first
            self._no_aligned = range(i, run.end)
        found = _flat(lines, i)
        if found is not None:
            return found
        if i not in self._no_stacked:
            run = _stacked_run(lines, i)
            for skip in range(min(LEAD_LINES, len(run)) + 1):
                if len(run) - skip >= 3 * 2 and (found := _stacked(lines, run[skip:])) is not None:
                    return found if skip == 0 else None
            self._no_stacked = range(i, run[-1][0] + 1 if run else i + 1)
        return None


def paragraph_tables(blocks: list, make_table: Callable[[list, list[list[RawCell]], str | None], object]
                     ) -> list:
    """Runs of body paragraphs that hold a table of the four layouts, as that table.

    For readers whose lines are paragraphs (an HTML page with a ``<p>`` or ``<br>`` per
    cell or row): each paragraph is a line, a cell keeps its place through the
    paragraph's source map. ``make_table(blocks_so_far, grid, caption)`` builds the table
    (ids, captions and units the reader's way). Only whole paragraphs are taken.
    """
    out: list = []
    k = 0
    while k < len(blocks):
        block = blocks[k]
        if not isinstance(block, Paragraph) or block.role != "body" or "\n" in block.text:
            out.append(block)
            k += 1
            continue
        end = k
        while (end < len(blocks) and isinstance(blocks[end], Paragraph)
               and blocks[end].role == "body" and "\n" not in blocks[end].text):
            end += 1
        run = blocks[k:end]
        finder = TableFinder([para.text for para in run])
        i = 0
        while i < len(run):
            found = finder.at(i)
            if found is None or found.start != i:
                out.append(run[i])
                i += 1
                continue
            caption = None
            if found.caption is not None:
                line, a, b = found.caption
                caption = run[line].text[a:b]
            grid = [[_paragraph_cell(run, span) for span in row] for row in found.rows]
            out.append(make_table(out, grid, caption))
            i = found.end
        k = end
    return out


def _paragraph_cell(run: list[Paragraph], span: Span | None) -> RawCell:
    """The cell ``span`` of a run of paragraphs, placed through the paragraph's map."""
    if span is None:
        return RawCell("")
    para = run[span[0]]
    start, end = span[1], span[2]
    return RawCell(para.text[start:end], para.smap.locate(start, end), para.smap.slice(start, end))
