"""The structured report every reader produces and every later stage reads.

A Document is a flat list of blocks (headings, paragraphs, tables) in reading
order. Every block, and every cell of a table, keeps where it came from, so a
finding can point at the exact place in the original file. Nothing here knows
about rules or rendering (``Table.frame`` asks ``numbers`` to parse its cells).
"""

from __future__ import annotations

from bisect import bisect_right
from collections.abc import Iterator
from dataclasses import dataclass, field, fields, replace
from operator import itemgetter
from typing import TYPE_CHECKING, Any, Literal

if TYPE_CHECKING:  # pragma: no cover
    import pandas as pd


@dataclass(frozen=True, slots=True)
class Location:
    """Where something is in the source.

    ``line``/``column`` are 1-based positions in the source file for text-like
    inputs; for .docx/.pdf they refer to the extracted text that
    ``vetlint extract --format text`` prints, and ``page``/``paragraph``/
    ``table``/``row``/``col`` locate the piece in the original.
    """

    line: int | None = None
    column: int | None = None
    end_line: int | None = None
    end_column: int | None = None
    page: int | None = None
    paragraph: int | None = None
    table: str | None = None
    row: int | None = None
    col: int | None = None
    section: str | None = None

    def with_(self, **changes: Any) -> Location:
        return replace(self, **changes)

    def to_dict(self) -> dict[str, Any]:
        return {f.name: getattr(self, f.name) for f in fields(self)}

    @classmethod
    def from_dict(cls, data: dict[str, Any] | None) -> Location:
        if not data:
            return cls()
        names = {f.name for f in fields(cls)}
        return cls(**{k: v for k, v in data.items() if k in names})

    def short(self) -> str:
        """``12:5`` or ``p.3`` style, for people."""
        parts: list[str] = []
        if self.line is not None:
            parts.append(f"{self.line}:{self.column or 1}")
        if self.page is not None:
            parts.append(f"p.{self.page}")
        if self.table is not None:
            cell = self.table
            if self.row is not None:
                cell += f" r{self.row}"
            if self.col is not None:
                cell += f" c{self.col}"
            parts.append(cell)
        return " ".join(parts)


@dataclass(frozen=True, slots=True)
class SourceMap:
    """Maps offsets in a block's cleaned text back to source line/column.

    Readers remove artefacts (``[bookmark: …]``) or join wrapped lines; each
    segment records where a run of the cleaned text starts in the source, so
    positions stay exact. ``segments`` holds ``(text_offset, line, column)``
    sorted by offset; a position maps to the segment that contains it.
    """

    segments: tuple[tuple[int, int, int], ...]
    base: Location = Location()

    @classmethod
    def simple(cls, line: int, column: int = 1, base: Location = Location()) -> SourceMap:
        return cls(((0, line, column),), base)

    def point(self, offset: int) -> tuple[int, int]:
        segments = self.segments
        if not segments:
            return (self.base.line or 0, self.base.column or 0)
        i = 0 if len(segments) == 1 else max(0, bisect_right(segments, offset, key=itemgetter(0)) - 1)
        start, line, column = segments[i]
        return line, column + (offset - start)

    def slice(self, start: int, end: int) -> SourceMap:
        """The map of ``text[start:end]`` (offsets rebased to 0, same base)."""
        line, column = self.point(start)
        rest = tuple((off - start, ln, c) for off, ln, c in self.segments if start < off < end)
        return SourceMap(((0, line, column), *rest), self.base)

    def span(self, start: int, end: int) -> tuple[int, int, int, int]:
        """(line, column, end line, end column) of ``text[start:end]``: what ``locate`` gives,
        for callers that build their own Location (no second one to throw away)."""
        return (*self.point(start), *self.point(max(start, end - 1)))

    def locate(self, start: int, end: int) -> Location:
        """Location of ``text[start:end]`` (end exclusive; end_column inclusive)."""
        line, column, end_line, end_column = self.span(start, end)
        b = self.base  # built directly: dataclasses.replace is slow on this hot path
        return Location(
            line, column, end_line, end_column, b.page, b.paragraph, b.table, b.row, b.col, b.section
        )


@dataclass(slots=True)
class Heading:
    """A section heading: ``1.3教师队伍`` → number ``1.3``, title ``教师队伍``."""

    text: str
    number: str | None
    title: str
    level: int
    location: Location
    kind: Literal["heading"] = "heading"


@dataclass(slots=True)
class Paragraph:
    """A run of prose (usually one source line) with a map back to the source."""

    text: str
    smap: SourceMap
    section: str | None = None
    role: Literal["body", "caption", "note", "unit", "furniture"] = "body"
    kind: Literal["paragraph"] = "paragraph"

    @property
    def location(self) -> Location:
        return self.smap.locate(0, len(self.text))


@dataclass(slots=True)
class Cell:
    """One table cell as printed. Empty text marks a merged continuation."""

    text: str
    location: Location
    smap: SourceMap | None = None


@dataclass(slots=True)
class Table:
    """A table with its header recovered.

    ``header`` holds the header rows as a full grid (merged continuations are
    empty strings); ``columns`` joins them top to bottom with `` / `` into one
    label per column. ``rows`` are the body rows, one Cell per column, merged
    continuations empty as in the source. ``kind`` is ``"chart"`` for chart
    data dumped into the text (its numbers are still numbers).
    """

    id: str
    columns: list[str]
    rows: list[list[Cell]]
    header: list[list[str]] = field(default_factory=list)
    caption: str | None = None
    unit: str | None = None
    notes: list[str] = field(default_factory=list)
    location: Location = Location()
    section: str | None = None
    label_columns: int = 1
    kind: Literal["table", "chart"] = "table"

    @property
    def n_rows(self) -> int:
        return len(self.rows)

    @property
    def n_cols(self) -> int:
        return len(self.columns)

    def texts(self) -> list[list[str]]:
        return [[c.text for c in row] for row in self.rows]

    def row_label(self, r: int) -> str:
        """Label of body row ``r`` (0-based): label cells joined, merged groups filled.

        ``一等奖`` spanning ``郑州市`` and ``河南省`` gives ``一等奖 / 河南省`` for the
        second row.
        """
        parts: list[str] = []
        for c in range(min(self.label_columns, self.n_cols)):
            text = self.rows[r][c].text.strip()
            rr = r
            while not text and rr > 0 and c < self.label_columns - 1:
                rr -= 1
                text = self.rows[rr][c].text.strip()
            if text:
                parts.append(text)
        return " / ".join(parts)

    def frame(self, *, text: bool = False) -> pd.DataFrame:
        """The body as a pandas DataFrame, columns labelled.

        Numbers are numbers, in base units as everywhere in vetlint (``5.5%`` → 0.055,
        ``4.51万人`` → 45100, ``(194)`` → -194): a column of figures is ``float64``.
        Label columns, words and cells holding several numbers or a range stay text;
        an empty cell (a merged continuation) is missing. ``text=True`` gives every
        cell as printed (``"5.5%"``).
        """
        import pandas as pd

        columns = _unique(self.columns)
        if text:
            return pd.DataFrame(self.texts(), columns=columns)
        from vetlint.numbers import parse_number

        def typed(c: int, cell_text: str) -> object:
            if c < self.label_columns:
                return cell_text
            if not cell_text.strip():
                return None
            number = parse_number(cell_text)
            if number is None or number.is_range or number.kind == "ratio":
                return cell_text
            if number.kind == "quantity" and float(number.value).is_integer():
                return int(number.value)  # a count stays a count (int64 column)
            return number.value

        rows = [[typed(c, cell.text) for c, cell in enumerate(row)] for row in self.rows]
        return pd.DataFrame(rows, columns=columns, dtype=object).infer_objects()

    def iter_cells(self) -> Iterator[tuple[int, int, Cell]]:
        for r, row in enumerate(self.rows):
            for c, cell in enumerate(row):
                yield r, c, cell


def _unique(labels: list[str]) -> list[str]:
    seen: dict[str, int] = {}
    out: list[str] = []
    for label in labels:
        n = seen.get(label, 0)
        seen[label] = n + 1
        out.append(label if n == 0 else f"{label}.{n}")
    return out


Block = Heading | Paragraph | Table


@dataclass(slots=True)
class Document:
    """A report as read: blocks in reading order plus what the reader learnt."""

    path: str
    format: str
    blocks: list[Block]
    language: str = "zh"
    text: str | None = None  # extracted text for .docx/.pdf (what locations refer to)
    meta: dict[str, Any] = field(default_factory=dict)

    @property
    def headings(self) -> list[Heading]:
        return [b for b in self.blocks if isinstance(b, Heading)]

    @property
    def paragraphs(self) -> list[Paragraph]:
        return [b for b in self.blocks if isinstance(b, Paragraph)]

    @property
    def tables(self) -> list[Table]:
        return [b for b in self.blocks if isinstance(b, Table)]
