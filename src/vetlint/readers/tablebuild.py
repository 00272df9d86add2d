"""Raw cell grid → ``Table``: header rows, spans, joined column labels, caption, unit.

Every reader (.txt, .md, .html, .xlsx, .docx, .pdf) hands over the cells it
found as a grid of ``RawCell``; this module alone decides what the header is,
so the same table gives the same ``Table`` whatever format it came in.

Decisions (the text layouts of real reports drive them):

* Two grid kinds. ``explicit_spans=True``: the reader expanded merged cells
  into a rectangle with ``""`` for every merged continuation (HTML colspan/
  rowspan, Word gridSpan/vMerge, XLSX merged ranges). ``explicit_spans=False``
  (plain-text dumps of Word tables): a horizontally merged cell is printed
  once, so rows can be shorter than the table, while a vertically merged
  continuation is printed as an empty cell. Text grids are first turned into
  explicit grids, then both take the same path.
* Title row: a first row with a single non-empty cell over a table at least
  two columns wide (``设备情况一览表``) is the caption, not a header.
* Header rows: the first row always; the next row too when it holds no
  numbers and the row above it has cells that span several columns (text
  layout: the row above has fewer cells; explicit: a non-empty cell followed
  by a continuation over non-empty sub-headers), up to three header rows.
* Text-layout spans in the header: each empty cell in the lower row marks a
  column the upper cell above it covers alone (a rowspan); the remaining upper
  cells share the runs of non-empty lower cells (one per run, or evenly).
* Short rows in the text layout: when the row ends in numbers, its first cell
  (a row label, or the empty corner of the header) spans the missing columns,
  so the numbers stay under their years (``举办项目数 33 40 18`` in a table whose
  other rows are ``一等奖 郑州市 7 9 2``); otherwise it is padded at the end.
* Column labels join the header texts of a column top to bottom with
  ``" / "`` (``公办 / 增幅``), a horizontal continuation taking the text on its
  left when there are sub-headers under it. A header cell printed on several
  lines is joined into one line (``招生人数（万人）``); body cells keep their
  line breaks (lists of school names), minus leading/trailing blank lines.
* ``label_columns``: the first column always labels rows; the columns after it
  do too while they are a ``序号`` column or hold mostly non-numeric text, but
  at least one column is left for data. Row groups (``一等奖`` over ``郑州市``/
  ``河南省``) therefore give 2 label columns.
* Cell locations carry ``table=id``, ``row`` (1-based body row) and ``col``
  (1-based column) on top of the reader's source position.
"""

from __future__ import annotations

import re
import unicodedata
from collections import Counter
from dataclasses import dataclass, field, replace
from typing import Literal

from vetlint.document import Cell, Location, SourceMap, Table

__all__ = [
    "CaptionInfo",
    "RawCell",
    "TableIds",
    "build_table",
    "is_numeric_cell",
    "is_wide",
    "parse_caption",
    "parse_unit_line",
]

MAX_HEADER_ROWS = 3
_NOWHERE = Location()


@dataclass(slots=True)
class RawCell:
    """A cell as a reader found it, before header and span recovery."""

    text: str
    location: Location = field(default_factory=Location)  # of the cell in the source
    smap: SourceMap | None = None  # maps offsets in text back to source (multi-line cells)


@dataclass(frozen=True, slots=True)
class CaptionInfo:
    """``表1-6：郑州市…（单位：人）`` → id ``表1-6``, number ``1-6``, title, unit ``人``."""

    id: str
    number: str
    title: str
    unit: str | None
    text: str
    kind: Literal["table", "figure"] = "table"


_DIGITS = "0-9０-９"
_CAPTION = re.compile(
    rf"^\s*(表|图)\s*([{_DIGITS}]+(?:\s*[-－—–.．]\s*[{_DIGITS}]+)*)(?![{_DIGITS}])"
    r"\s*[：:、.．]?\s*(.*?)\s*$",
    re.S,
)
_UNIT_IN_TEXT = re.compile(r"[（(]\s*单位\s*[：:]\s*([^）)]+?)\s*[）)]")
_UNIT_LINE = re.compile(r"^\s*[（(]?\s*单位\s*[：:]\s*([^）)\s]+)\s*[）)]?\s*$")
# A bare figure, optionally with a scale and a counting unit ("3.43亿元", "120人");
# never a date ("2019年"): years label columns and chart categories.
_NUMERIC = re.compile(
    r"^[-+−–]?\s*[\d０-９][\d０-９.,，．]*\s*"
    r"(?:[%％‰]|个百分点|(?:万|亿)?(?:元|人次|人|所|个|名|项|台|套|册|间|平方米|亩|学时|课时)?)"
    r"(?:\s*[:：]\s*[\d０-９][\d０-９.．]*)?$"
)
_HAN_GAP = re.compile(r"(?<=[\u3400-\u9fff])[ \u3000]+(?=[\u3400-\u9fff])")


def _fold(text: str) -> str:
    """Full-width digits and dashes to ASCII, whitespace removed (for ids)."""
    text = unicodedata.normalize("NFKC", text)
    return re.sub(r"\s+", "", text).replace("—", "-").replace("–", "-")


def parse_caption(text: str) -> CaptionInfo | None:
    """A table or figure caption: ``表1-6：…`` / ``表 3 …`` / ``图 1 …``; None for anything else.

    The id drops spaces and folds full-width digits (``表 1`` → ``表1``), so a
    reference in prose (``见表1``) finds it; ``text`` keeps the caption as printed.
    """
    m = _CAPTION.match(text)
    if m is None:
        return None
    word, number, title = m.group(1), _fold(m.group(2)), m.group(3).strip()
    unit = None
    um = _UNIT_IN_TEXT.search(title)
    if um is not None:
        unit = um.group(1).strip()
        title = (title[: um.start()] + title[um.end() :]).strip()
    return CaptionInfo(
        id=f"{word}{number}",
        number=number,
        title=title,
        unit=unit,
        text=" ".join(text.split()),
        kind="table" if word == "表" else "figure",
    )


def parse_unit_line(text: str) -> str | None:
    """``单位：万元`` / ``（单位：人）`` (the whole line) → ``万元`` / ``人``."""
    m = _UNIT_LINE.match(text)
    return m.group(1) if m else None


def is_wide(ch: str) -> bool:
    """A CJK character or full-width sign (compared, not matched: a regex class this wide
    costs milliseconds to compile in every process)."""
    return "\u3000" <= ch <= "\u303f" or "\u3400" <= ch <= "\u9fff" or "\uff00" <= ch <= "\uffef"


def is_numeric_cell(text: str) -> bool:
    """A cell that holds a bare figure: ``58``, ``-5.0%``, ``53.94:46.06``, ``58.33％``."""
    return bool(_NUMERIC.match(text.strip()))


@dataclass
class TableIds:
    """Table ids as every reader gives them: ``表1-6`` from the caption, else ``T3``.

    ``T3`` is the third table of the document; a repeated id gets ``#2``. A chart
    may also take its id from a figure caption (``图3``).
    """

    seen: Counter[str] = field(default_factory=Counter)

    def name(self, caption: str | None, n: int, *, figure: bool = False
             ) -> tuple[str, str | None, str | None]:
        """``(id, caption with spaces normalised, unit printed in the caption)``."""
        caption = " ".join(caption.split()) if caption else None
        info = parse_caption(caption) if caption else None
        if info is not None and (info.kind == "table" or figure):
            table_id, unit = info.id, info.unit
        else:
            table_id, unit = f"T{n}", None
        self.seen[table_id] += 1
        if self.seen[table_id] > 1:
            table_id = f"{table_id}#{self.seen[table_id]}"
        return table_id, caption, unit


# --------------------------------------------------------------------- cells


def _strip_cell(raw: RawCell) -> RawCell:
    """Trim surrounding blank lines/spaces; keep ``smap`` pointing at the same characters."""
    text = raw.text
    if "\n" not in text and "\r" not in text:  # most cells: one line
        stripped = text.strip()
    else:
        text = text.replace("\r\n", "\n").replace("\r", "\n")
        stripped = "\n".join(map(str.strip, text.split("\n"))).strip("\n")
    if stripped == text:
        return raw
    if raw.smap is None or not stripped:
        return RawCell(stripped, raw.location, None if not stripped else raw.smap)
    # Rebuild the map line by line: each kept line starts at a known source point.
    segments: list[tuple[int, int, int]] = []
    src_offset = 0
    out_offset = 0
    first = True
    started = False
    for original in text.split("\n"):
        line = original.strip()
        lead = len(original) - len(original.lstrip())
        if line or started:
            if not first:
                out_offset += 1  # the "\n" before this line
            first = False
            started = True
            line_no, col = raw.smap.point(src_offset + lead)
            segments.append((out_offset, line_no, col))
            out_offset += len(line)
        src_offset += len(original) + 1
    # Trailing blank lines were counted while started; they add only "\n"s
    # beyond the stripped text, which never index a character, so they are harmless.
    smap = SourceMap(tuple(segments), raw.smap.base)
    return RawCell(stripped, raw.location, smap)


def _one_line(text: str) -> str:
    """Join a header cell printed on several lines: CJK joins tight, Latin with a space."""
    parts = [p.strip() for p in text.split("\n") if p.strip()]
    if not parts:
        return ""
    out = parts[0]
    for p in parts[1:]:
        if out[-1:].isascii() and out[-1:].isalnum() and p[:1].isascii() and p[:1].isalnum():
            out += " " + p
        else:
            out += p
    # "项  目" / "类 别": spaces between Han characters only pad the printed cell.
    return _HAN_GAP.sub("", out)


def _is_empty(cell: RawCell) -> bool:
    return not cell.text.strip()


def _row_is_textual(row: list[RawCell]) -> bool:
    """No figures and at least one non-empty cell: could be a header row."""
    texts = [c.text.strip() for c in row if c.text.strip()]
    return bool(texts) and not any(is_numeric_cell(t) for t in texts)


# ------------------------------------------------------------ span recovery


def _blank_like(cell: RawCell) -> RawCell:
    return RawCell("", cell.location, None)


def _expand_upper(upper: list[RawCell], lower: list[RawCell]) -> list[RawCell] | None:
    """Text layout: spread the cells of a header row over the columns of the row below.

    Returns the upper row as an explicit-span row (continuations ``""``), or
    None when the two rows do not fit together.
    """
    n, m = len(lower), len(upper)
    if m >= n or m == 0:
        return None
    empties = [j for j, c in enumerate(lower) if _is_empty(c)]
    runs: list[tuple[int, int]] = []  # (start, length) of non-empty lower cells
    j = 0
    while j < n:
        if _is_empty(lower[j]):
            j += 1
            continue
        start = j
        while j < n and not _is_empty(lower[j]):
            j += 1
        runs.append((start, j - start))
    k = m - len(empties)
    if k <= 0 or not runs:
        return None
    # spans[i] = number of columns upper[i] covers, in column order
    pieces: list[tuple[int, int]] = [(j, 1) for j in empties]  # (first column, width)
    if k == len(runs):
        pieces += runs
    else:
        total = sum(length for _, length in runs)
        if total % k:
            return None
        width = total // k
        for start, length in runs:
            if length % width:
                return None
            pieces += [(start + i * width, width) for i in range(length // width)]
    pieces.sort()
    if len(pieces) != m:
        return None
    out: list[RawCell] = []
    for cell, (_, width) in zip(upper, pieces, strict=True):
        out.append(cell)
        out.extend(_blank_like(cell) for _ in range(width - 1))
    return out


def _align_short(row: list[RawCell], width: int, *, header: bool = False) -> list[RawCell]:
    """Text layout: widen a short row (see module docstring)."""
    missing = width - len(row)
    if missing <= 0 or not row:
        return row
    if len(row) >= 2 and (header or is_numeric_cell(row[-1].text)):
        return [row[0], *(_blank_like(row[0]) for _ in range(missing)), *row[1:]]
    return [*row, *(_blank_like(row[-1]) for _ in range(missing))]


def _has_horizontal_span(upper: list[RawCell], lower: list[RawCell]) -> bool:
    """Explicit grid: a header cell continues to the right over sub-headers."""
    for c in range(1, min(len(upper), len(lower))):
        if (
            _is_empty(upper[c])
            and not _is_empty(upper[c - 1])
            and not _is_empty(lower[c])
            and not _is_empty(lower[c - 1])
        ):
            return True
    return False


def _header_count(rows: list[list[RawCell]], explicit: bool) -> int:
    if len(rows) <= 1:
        return len(rows)
    h = 1
    while h < min(MAX_HEADER_ROWS, len(rows) - 1):
        upper, lower = rows[h - 1], rows[h]
        if not _row_is_textual(lower):
            break
        if explicit:
            ok = _has_horizontal_span(upper, lower)
        else:
            ok = len(lower) > len(upper) and _expand_upper(upper, lower) is not None
        if not ok:
            break
        h += 1
    return h


def _title_row(rows: list[list[RawCell]], width: int) -> RawCell | None:
    if len(rows) < 3 or width < 2:
        return None
    filled = [c for c in rows[0] if not _is_empty(c)]
    if len(filled) != 1 or _is_empty(rows[0][0]) or is_numeric_cell(filled[0].text):
        return None
    if len(rows[1]) < 2:
        return None
    return filled[0]


# ----------------------------------------------------------------- labels


def _column_labels(header: list[list[str]]) -> list[str]:
    """Fill horizontal continuations, then join each column top to bottom with " / "."""
    if not header:
        return []
    width = len(header[0])
    filled = [list(r) for r in header]
    for r in range(len(filled) - 1):
        for c in range(1, width):
            if not filled[r][c] and filled[r][c - 1] and header[r + 1][c]:
                filled[r][c] = filled[r][c - 1]
    labels: list[str] = []
    for c in range(width):
        parts: list[str] = []
        for r in range(len(filled)):
            text = filled[r][c]
            if text and (not parts or parts[-1] != text):
                parts.append(text)
        labels.append(" / ".join(parts))
    return labels


def _label_columns(body: list[list[str]], width: int) -> int:
    """First column, then every following column that holds mostly text; one left for data."""
    if width <= 1:
        return width
    count = 1
    for c in range(1, width - 1):
        values = [row[c].strip() for row in body if row[c].strip()]
        if not values or sum(not is_numeric_cell(v) for v in values) * 2 <= len(values):
            break
        count += 1
    return count


# ------------------------------------------------------------------ build


def build_table(
    grid: list[list[RawCell]],
    *,
    id: str,
    caption: str | None = None,
    unit: str | None = None,
    location: Location = _NOWHERE,
    section: str | None = None,
    notes: list[str] | None = None,
    explicit_spans: bool = False,
    kind: Literal["table", "chart"] = "table",
) -> Table:
    """Recover header, spans and labels from ``grid`` and return the ``Table``."""
    rows = [[_strip_cell(c) for c in row] for row in grid]
    rows = [row for row in rows if row and any(c.text.strip() for c in row)]  # _is_empty, inlined
    width = max((len(r) for r in rows), default=0)

    title = _title_row(rows, width)
    if title is not None:
        if caption is None:
            caption = _one_line(title.text)
            info = parse_caption(caption)
            if unit is None:
                um = _UNIT_IN_TEXT.search(caption)
                unit = um.group(1).strip() if um else (info.unit if info else None)
        rows = rows[1:]
        width = max((len(r) for r in rows), default=0)

    h = _header_count(rows, explicit_spans)
    header_rows, body_rows = rows[:h], rows[h:]

    if not explicit_spans:
        body_rows = [_align_short(r, width) for r in body_rows]
        if header_rows:
            expanded = [_align_short(header_rows[-1], width, header=True)]
            for upper in reversed(header_rows[:-1]):
                row = _expand_upper(upper, expanded[0]) or _align_short(upper, width, header=True)
                expanded.insert(0, row)
            header_rows = expanded
    header_rows = [_pad(r, width) for r in header_rows]
    body_rows = [_pad(r, width) for r in body_rows]

    header = [[_one_line(c.text) for c in r] for r in header_rows]
    columns = _column_labels(header) if header else [""] * width

    table_loc = replace(location, table=id, section=section or location.section)
    body: list[list[Cell]] = []
    for i, row in enumerate(body_rows, start=1):
        anchor = next((c.location for c in row if c.location.line is not None), table_loc)
        cells: list[Cell] = []
        for j, raw in enumerate(row, start=1):
            if raw.smap is not None and raw.text:
                span = _span(raw.smap, len(raw.text))
                loc = _place(raw.smap.base, id, i, j, section, span)
                # the map's base is the cell's place: a map with segments reads only its page,
                # paragraph, table, row, column and section, which ``loc`` has (no second Location)
                base = loc if raw.smap.segments else _place(raw.smap.base, id, i, j, loc.section)
                smap: SourceMap | None = SourceMap(raw.smap.segments, base)
            else:
                src = raw.location
                if src.line is None and src.page is None:
                    src = Location(line=anchor.line, page=anchor.page)
                loc = _place(src, id, i, j, section)
                smap = None
            cells.append(Cell(raw.text, loc, smap))
        body.append(cells)

    label_columns = _label_columns([[c.text for c in r] for r in body], width)
    if kind == "chart":
        label_columns = 1 if width > 1 else width
    return Table(
        id=id,
        columns=columns,
        rows=body,
        header=header,
        caption=caption,
        unit=unit,
        notes=list(notes or []),
        location=table_loc,
        section=section,
        label_columns=label_columns,
        kind=kind,
    )


def _span(smap: SourceMap, length: int) -> tuple[int, int, int, int]:
    """(line, column, end line, end column) of ``length`` characters mapped by ``smap``:
    ``smap.point(0)`` and ``smap.point(length - 1)``, without the bisect for the usual
    one-segment map."""
    if len(smap.segments) == 1:
        start, line, column = smap.segments[0]
        return line, column - start, line, column + (length - 1 - start)
    return (*smap.point(0), *smap.point(length - 1))


def _place(
    src: Location,
    table: str,
    row: int,
    col: int,
    section: str | None,
    span: tuple[int, int, int, int] | None = None,
) -> Location:
    """``src`` placed in cell (row, col) of ``table``, at ``span`` (line, column, end line,
    end column) if given. Built directly: ``dataclasses.replace`` took a third of the
    time of reading a report."""
    line, column, end_line, end_column = span or (
        src.line,
        src.column,
        src.end_line,
        src.end_column,
    )
    # positional: keyword arguments make this hot constructor a third slower
    return Location(
        line, column, end_line, end_column, src.page, src.paragraph, table, row, col,
        section or src.section,
    )


def _pad(row: list[RawCell], width: int) -> list[RawCell]:
    if len(row) >= width:
        return row
    filler = row[-1] if row else RawCell("")
    return [*row, *(_blank_like(filler) for _ in range(width - len(row)))]
