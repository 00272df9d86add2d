"""Plain-text reports (.txt): prose, headings and the table layouts of exported reports.

Reports reach us as text exported from Word or PDF. Two table layouts occur:

(a) Word export: one cell per line, each cell line starting with a tab, rows
    separated by one blank line; a cell printed on several lines continues on
    lines without the tab (even after blank lines: empty paragraphs of the
    cell). A blank line followed by a tab line ends a row; a non-tab line that
    is not cell-like (heading, caption, note, sentence) ends the table.
(b) PDF export: a row per line, cells separated by tabs, a caption line above.

Text copied from web pages, PDF-to-text tools and yearbooks carries four more
(``texttables``): pipe rows without a leading pipe or ``---`` row, a table flattened
onto one line, columns aligned with runs of spaces, and one cell per line without
indentation; each is recognised from the lines' structure alone.

Besides tables: chart data that Word dumps at the end of a document (lines that
end in a tab) become Tables of kind ``"chart"``; page furniture (``- 1 -``,
running headers, the table of contents) becomes ``Paragraph(role="furniture")``.
``[bookmark: …]``/``[image: …]`` artefacts, control characters and invisible
bidi/zero-width marks are cut out of the text while every character keeps its
true source column through ``SourceMap`` segments.
"""

from __future__ import annotations

import re
from collections import Counter
from collections.abc import Sequence
from dataclasses import dataclass
from typing import Literal

from vetlint.document import Block, Document, Heading, Location, Paragraph, SourceMap
from vetlint.readers.encoding import _decode
from vetlint.readers.headings import match_heading
from vetlint.readers.language import detect_language
from vetlint.readers.tablebuild import (
    RawCell,
    build_table,
    is_numeric_cell,
    parse_caption,
    parse_unit_line,
)
from vetlint.readers.texttables import TableFinder, TextTable, wrap_separator

__all__ = ["read", "read_text"]

# Cut out of the text (columns still map to the source): export artefacts, and
# invisible characters (controls, zero-width and bidi marks such as U+202E) that
# would split a number or reorder what a reviewer sees without changing the figures.
_ARTEFACT = re.compile(
    r"\[(?:bookmark|image):[^\[\]\n]*\]"  # no "[" inside: linear on "[bookmark:" * 10**5
    r"|[\x00-\x08\x0b-\x1f\x7f-\x9f\u00ad\u061c\u200b-\u200f\u2028-\u202e\u2060-\u2064\u2066-\u2069\ufeff]+"
)
_PAGE_NUMBER = re.compile(r"^\s*(?:-\s*\d+\s*-|—\s*\d+\s*—|第\s*\d+\s*页(?:\s*共\s*\d+\s*页)?)\s*$")
_TOC_TAIL = re.compile(r"(?:-\s*\d+\s*-|\.{3,}\s*\d+|…{2,}\s*\d+|·{3,}\s*\d+)\s*$")
_TOC_TITLE = re.compile(r"^(?:表|图|案例)?目\s*录$")
_NOTE = re.compile(r"^\s*(?:注|备注|说明|资料来源|数据来源)\s*[：:]")
# A running header repeats the report's title; other short lines repeat by chance.
_TITLE_WORDS = re.compile(r"报告|年度|年报")
_SENTENCE = re.compile(r"[。！？；]")
_LIST_ITEM = re.compile(r"^\s*(\d{1,3})\s*[.．、]")
_SPACES = " \u3000\u00a0"
_Role = Literal["body", "caption", "note", "unit", "furniture"]
MAX_CELL_LINE = 60
MAX_CAPTION = 90
MAX_CHART_TITLE = 24
# Real paragraphs stay under ~1,500 characters; a longer line is split at sentence
# ends so that later stages, which look around each number within its paragraph,
# stay linear on hostile input (a 1 MB line).
MAX_PARAGRAPH = 2000
_BREAKS = ("。！？!?；;", "，,、：:", " \u3000\t")


@dataclass(slots=True)
class _Line:
    """A source line with artefacts cut out; ``cols[k]`` is the source column of ``clean[k]``."""

    no: int
    raw: str
    clean: str
    cols: Sequence[int]  # a ``range`` when nothing was cut out (most lines): no per-char list

    @property
    def blank(self) -> bool:
        """Nothing but spaces (a lone tab is an empty table cell, not a blank line)."""
        return not self.clean.strip(_SPACES)

    def smap(self, start: int = 0, end: int | None = None) -> SourceMap:
        """Map for ``clean[start:end]``: a segment wherever the source columns jump."""
        end = len(self.clean) if end is None else end
        if isinstance(self.cols, range) and start < end:
            return SourceMap(((0, self.no, self.cols[start]),))
        segments: list[tuple[int, int, int]] = []
        for k in range(start, end):
            col = self.cols[k]
            if k == start or col != self.cols[k - 1] + 1:
                segments.append((k - start, self.no, col))
        if not segments:
            col = self.cols[start] if start < len(self.cols) else len(self.raw) + 1
            segments.append((0, self.no, col))
        return SourceMap(tuple(segments))

    def stripped(self) -> tuple[str, SourceMap]:
        """The clean text without surrounding spaces, and its map."""
        text = self.clean
        start = len(text) - len(text.lstrip(_SPACES + "\t"))
        end = len(text.rstrip(_SPACES + "\t"))
        if end <= start:
            return "", SourceMap.simple(self.no, 1)
        return text[start:end], self.smap(start, end)


def _clean_line(no: int, raw: str) -> _Line:
    if _ARTEFACT.search(raw) is None:
        return _Line(no, raw, raw, range(1, len(raw) + 1))
    pieces: list[str] = []
    cols: list[int] = []
    pos = 0
    for m in _ARTEFACT.finditer(raw):
        pieces.append(raw[pos : m.start()])
        cols.extend(range(pos + 1, m.start() + 1))
        pos = m.end()
    pieces.append(raw[pos:])
    cols.extend(range(pos + 1, len(raw) + 1))
    return _Line(no, raw, "".join(pieces), cols)


# ------------------------------------------------------------ line classes


def _is_cell_line(line: _Line) -> bool:
    """Layout (a): a tab with nothing but spaces before it (spaces alone: an empty first cell)."""
    head, tab, _ = line.clean.partition("\t")
    return bool(tab) and not head.strip(_SPACES)


def _is_chart_line(line: _Line) -> bool:
    text = line.clean.rstrip(_SPACES)
    return "\t" in text and text.endswith("\t") and not text.startswith("\t")


def _is_toc_line(line: _Line) -> bool:
    return _is_toc_text(line.clean.strip(_SPACES))


def _is_toc_text(text: str) -> bool:
    """``text``: a line stripped of spaces."""
    # Only the tail can match; searching a whole line of dots backtracks quadratically.
    return ("\t" in text or "…" in text or "..." in text) and bool(_TOC_TAIL.search(text[-80:]))


def _row_cells_b(line: _Line) -> list[tuple[int, int]]:
    """Layout (b): (start, end) offsets of the tab-separated fields of a line."""
    text = line.clean
    spans: list[tuple[int, int]] = []
    start = 0
    k = text.find("\t")
    while k >= 0:
        spans.append((start, k))
        start = k + 1
        k = text.find("\t", start)
    spans.append((start, len(text)))
    return spans


def _is_row_b(line: _Line) -> bool:
    text = line.clean
    return (
        "\t" in text
        and not text.startswith("\t")
        and not _is_chart_line(line)
        and not _is_cell_line(line)
        and not _is_toc_line(line)
        and bool(text.partition("\t")[0].strip(_SPACES))
    )


def _cell_like(text: str) -> bool:
    """Could this non-tab line be the next line of a multi-line cell?"""
    text = text.strip(_SPACES)
    if not text or len(text) > MAX_CELL_LINE or _SENTENCE.search(text):
        return False
    if _NOTE.match(text) or parse_caption(text) is not None or _PAGE_NUMBER.match(text):
        return False
    return match_heading(text) is None


_WHITESPACE = re.compile(r"\s+")


def _squash(text: str) -> str:
    return _WHITESPACE.sub("", text)


# ------------------------------------------------------------------ reader


class _Reader:
    def __init__(self, lines: list[_Line]) -> None:
        self.lines = lines
        self.blocks: list[Block] = []
        self.section: str | None = None
        self.n_tables = 0
        self.ids: Counter[str] = Counter()
        self._pending_unit: str | None = None  # a unit line seen just before the next table
        self.furniture = self._furniture()
        self.charts = self._chart_blocks()
        self.finder = TableFinder([line.clean for line in lines])
        self._found: dict[int, TextTable | None] = {}

    # -- pre-passes ------------------------------------------------------

    def _furniture(self) -> set[int]:
        """Indices of page numbers, table-of-contents lines and running headers."""
        out: set[int] = set()
        counts: Counter[str] = Counter()
        texts = [line.clean.strip(_SPACES) for line in self.lines]
        keys = [_squash(text) if text else "" for text in texts]
        for text, key in zip(texts, keys, strict=True):
            if text and "\t" not in text and len(text) <= 40 and not _SENTENCE.search(text):
                counts[key] += 1
        title = self._title()
        for i, (text, key) in enumerate(zip(texts, keys, strict=True)):
            if not text:
                continue
            if (
                _PAGE_NUMBER.match(text)
                or _is_toc_text(text)
                or _TOC_TITLE.match(key)
                or (title and key == title[0] and i > title[1])
                or (
                    counts.get(key, 0) >= 2  # most lines are unique: skip the title-word search
                    and counts[key] >= (2 if _TITLE_WORDS.search(key) else 3)
                    and len(key) >= 8
                    and "\t" not in text
                    and match_heading(text) is None
                    and parse_caption(text) is None
                    and not _is_numeric_line(text)
                    and not _NOTE.match(text)
                )
            ):
                out.add(i)
        return out

    def _title(self) -> tuple[str, int] | None:
        """The report title as a running header prints it: the first two short lines joined."""
        found: list[tuple[str, int]] = []
        for i, line in enumerate(self.lines[:20]):
            text = line.clean.strip(_SPACES)
            if not text:
                continue
            if len(text) > 40 or "\t" in text or _SENTENCE.search(text):
                break
            found.append((_squash(text), i))
            if len(found) == 2:
                break
        if len(found) < 2:
            return None
        return found[0][0] + found[1][0], found[1][1]

    def _chart_blocks(self) -> dict[int, tuple[int, int, int | None, list[int]]]:
        """Chart dumps: start index → (first data line, end, title line, data-label lines)."""
        out: dict[int, tuple[int, int, int | None, list[int]]] = {}
        i = 0
        n = len(self.lines)
        while i < n:
            if not _is_chart_line(self.lines[i]):
                i += 1
                continue
            start = i
            while i < n and _is_chart_line(self.lines[i]):
                i += 1
            end = i
            k = start - 1
            while k >= 0 and self.lines[k].blank:
                k -= 1
            labels: list[int] = []
            while k >= 0 and _is_numeric_line(self.lines[k].clean.strip(_SPACES)):
                labels.insert(0, k)
                k -= 1
            while labels and k >= 0 and self.lines[k].blank:
                k -= 1
            title: int | None = None
            if (
                k >= 0
                and k not in out
                and not any(k in range(s, e) for s, (_, e, _, _) in out.items())
            ):
                text = self.lines[k].clean.strip(_SPACES)
                if (
                    text
                    and "\t" not in text
                    and len(text) <= MAX_CHART_TITLE
                    and not re.search(r"[。，,；]", text)
                    and match_heading(text) is None
                ):
                    title = k
            first = title if title is not None else (labels[0] if labels else start)
            out[first] = (start, end, title, labels)
        return out

    # -- main loop -------------------------------------------------------

    def run(self) -> list[Block]:
        i = 0
        n = len(self.lines)
        while i < n:
            line = self.lines[i]
            if i in self.charts:
                i = self._chart(i)
                continue
            if line.blank:
                i += 1
                continue
            if i in self.furniture:
                self._paragraph(line, "furniture")
                i += 1
                continue
            if _is_cell_line(line):
                i = self._table_a(i, caption=None, caption_line=None)
                continue
            if _is_row_b(line) and i + 1 < n and _is_row_b(self.lines[i + 1]):
                i = self._table_b(i, caption=None, caption_line=None)
                continue
            found = self._found_table(i)
            if found is not None:
                i = self._text_table(found, caption=None, caption_line=None)
                continue
            i = self._text_line(i)
        return self.blocks

    def _text_line(self, i: int) -> int:
        line = self.lines[i]
        text, smap = line.stripped()
        if not text:
            return i + 1
        heading = match_heading(text)
        if heading is not None:
            self.section = heading.key
            loc = smap.locate(0, len(text))
            self.blocks.append(
                Heading(
                    text=text,
                    number=heading.number,
                    title=heading.title,
                    level=heading.level,
                    location=loc.with_(section=heading.key),
                )
            )
            return i + 1
        info = parse_caption(text)
        if info is not None and len(text) <= MAX_CAPTION and not _SENTENCE.search(text):
            if info.kind == "table":
                start, caption = self._caption_then_table(i, text)
                if start is not None:
                    return self._start_table(start, caption, line)
            self._paragraph(line, "caption")
            return i + 1
        if _NOTE.match(text):
            self._paragraph(line, "note")
            return i + 1
        unit = parse_unit_line(text)
        if unit is not None:
            self._paragraph(line, "unit")
            if self._is_table_start(self._next_nonblank(i + 1)):
                self._pending_unit = unit
            return i + 1
        self._paragraph(line, "body")
        return i + 1

    def _next_nonblank(self, i: int) -> int | None:
        n = len(self.lines)
        while i < n and self.lines[i].blank:
            i += 1
        return i if i < n else None

    def _is_table_start(self, i: int | None) -> bool:
        if i is None or i in self.furniture:
            return False
        line = self.lines[i]
        if _is_cell_line(line):
            return True
        if _is_row_b(line) and i + 1 < len(self.lines) and _is_row_b(self.lines[i + 1]):
            return True
        return self._found_table(i) is not None

    def _found_table(self, i: int) -> TextTable | None:
        """A table of the layouts web pages and text tools print (``texttables``) at ``i``;
        never on lines the Word/PDF export layouts, charts or page furniture claim."""
        if i in self._found:
            return self._found[i]
        found = None
        line = self.lines[i]
        if (i not in self.furniture and i not in self.charts and "\t" not in line.clean
                and not _is_toc_line(line)):
            found = self.finder.at(i)
            if found is not None and any(k in self.furniture for k in range(found.start, found.end)):
                found = None
        self._found[i] = found
        return found

    def _caption_then_table(self, i: int, text: str) -> tuple[int | None, str]:
        """Where the table under a caption starts (None: no table), and the full caption.

        A unit line or one short continuation line may sit between the two.
        """
        caption = text
        k = self._next_nonblank(i + 1)
        for _ in range(2):
            if self._is_table_start(k):
                return k, caption
            if k is None:
                break
            nxt, _ = self.lines[k].stripped()
            if parse_unit_line(nxt) is not None:
                self._pending_unit = parse_unit_line(nxt)
            elif _cell_like(nxt) and "\t" not in nxt and len(caption) + len(nxt) <= MAX_CAPTION:
                caption += nxt
            else:
                break
            k = self._next_nonblank(k + 1)
        self._pending_unit = None
        return None, caption

    def _start_table(self, start: int, caption: str, caption_line: _Line) -> int:
        if _is_cell_line(self.lines[start]):
            return self._table_a(start, caption=caption, caption_line=caption_line)
        found = self._found_table(start)
        if found is not None:
            return self._text_table(found, caption=caption, caption_line=caption_line)
        return self._table_b(start, caption=caption, caption_line=caption_line)

    def _text_table(self, found: TextTable, caption: str | None, caption_line: _Line | None
                    ) -> int:
        """Emit a table of one of the ``texttables`` layouts (every row as wide as the table)."""
        grid = [[RawCell("") if span is None else self._raw_cell(
                    [(self.lines[k], a, b) for k, a, b in found.pieces(span)], wrapped=True)
                 for span in row] for row in found.rows]
        if found.caption is not None and caption is None:
            line, start, end = found.caption
            caption = " ".join(self.lines[line].clean[start:end].split())
            caption_line = self.lines[line]
        return self._emit_table(grid, found.end, caption, caption_line, None, explicit=True)

    # -- tables ----------------------------------------------------------

    def _cells_of_line(self, line: _Line) -> list[tuple[int, int]]:
        """Layout (a): (start, end) of each cell on a tab line; spaces before the tab → empty cell."""
        spans = _row_cells_b(line)
        head_start, head_end = spans[0]
        if not line.clean[head_start:head_end].strip(_SPACES):
            if line.clean.startswith("\t"):
                spans = spans[1:]
            else:
                spans[0] = (head_end, head_end)  # a blank first cell: the empty corner
        if len(spans) > 1 and spans[-1][0] == spans[-1][1]:
            spans = spans[:-1]  # a trailing tab closes the last cell, it is not a cell
        return spans

    def _table_a(self, i: int, caption: str | None, caption_line: _Line | None) -> int:
        n = len(self.lines)
        rows: list[list[list[tuple[_Line, int, int]]]] = [[]]
        j = i
        while j < n:
            line = self.lines[j]
            if _is_cell_line(line) and j not in self.furniture:
                for start, end in self._cells_of_line(line):
                    rows[-1].append([(line, start, end)])
                j += 1
                continue
            current = rows[-1][-1] if rows[-1] else None
            if line.blank:
                k = self._next_nonblank(j)
                if k is None:
                    break
                if _is_cell_line(self.lines[k]) and k not in self.furniture:
                    if rows[-1]:
                        rows.append([])
                    j = k
                    continue
                stop = self._continuation_end(j)
                if stop is None or current is None:
                    break
                for m in range(j, stop):
                    current.append((self.lines[m], 0, len(self.lines[m].clean)))
                j = stop
                continue
            text = line.clean.strip(_SPACES)
            if current is not None and (_cell_like(text) or _continues_list(current, text)):
                current.append((line, 0, len(line.clean)))
                j += 1
                continue
            break
        while rows and not rows[-1]:
            rows.pop()
        grid = [[self._raw_cell(parts) for parts in row] for row in rows]
        if sum(any(c.text.strip(_SPACES) for c in row) for row in grid) < 2:
            # A stray tab-indented line, not a table.
            if caption_line is not None:
                self._paragraph(caption_line, "caption")
            for line in self.lines[i:j]:
                self._paragraph(line, "body")
            return j
        title: RawCell | None = None
        if len(grid) >= 3 and len(grid[0]) == 1 and len(grid[1]) >= 2 and caption is None:
            title = grid.pop(0)[0]
        return self._emit_table(grid, j, caption, caption_line, title, explicit=False)

    def _continuation_end(self, j: int) -> int | None:
        """Blank lines at ``j``, then cell-like lines, then a tab line: the end of the cell.

        Returns the index after the last text line (the blank line before the
        tab line, if any, still separates rows), or None when the table ends.
        """
        n = len(self.lines)
        k = j
        last_text: int | None = None
        while k < n and k - j <= 8:
            line = self.lines[k]
            if _is_cell_line(line):
                return None if last_text is None else last_text + 1
            if not line.blank:
                if not _cell_like(line.clean) or k in self.furniture:
                    return None
                last_text = k
            k += 1
        return None

    def _raw_cell(self, parts: list[tuple[_Line, int, int]], *, wrapped: bool = False) -> RawCell:
        """Join the lines of one cell; the map keeps every line's source columns.

        The lines are the author's breaks (``\n`` between them), or, ``wrapped``, where a
        tool wrapped the cell (joined as one line: no space next to a Chinese character).
        """
        if len(parts) == 1:  # most cells: one piece of one line
            line, start, end = parts[0]
            cols = line.cols
            col = cols[start] if start < len(cols) else start + 1
            if end <= start:
                smap = SourceMap.simple(line.no, start + 1)
            elif type(cols) is range:  # nothing cut out of the line: one segment
                smap = SourceMap(((0, line.no, col),))
            else:
                smap = line.smap(start, end)
            return RawCell(line.clean[start:end], Location(line.no, col), smap)
        texts: list[str] = []
        segments: list[tuple[int, int, int]] = []
        offset = 0
        for idx, (line, start, end) in enumerate(parts):
            piece = line.clean[start:end]
            if idx:
                sep = wrap_separator(texts[-1] if texts else "", piece) if wrapped else "\n"
                texts.append(sep)
                offset += len(sep)
            sub = line.smap(start, end) if end > start else SourceMap.simple(line.no, start + 1)
            for off, ln, col in sub.segments:
                segments.append((offset + off, ln, col))
            texts.append(piece)
            offset += len(piece)
        text = "".join(texts)
        first_line, first_start, _ = parts[0]
        col = (
            first_line.cols[first_start] if first_start < len(first_line.cols) else first_start + 1
        )
        return RawCell(text, Location(line=first_line.no, column=col), SourceMap(tuple(segments)))

    def _table_b(self, i: int, caption: str | None, caption_line: _Line | None) -> int:
        n = len(self.lines)
        j = i
        grid: list[list[RawCell]] = []
        while j < n and _is_row_b(self.lines[j]) and j not in self.furniture:
            line = self.lines[j]
            grid.append([self._raw_cell([(line, s, e)]) for s, e in _row_cells_b(line)])
            j += 1
        return self._emit_table(grid, j, caption, caption_line, None, explicit=False)

    def _emit_table(
        self,
        grid: list[list[RawCell]],
        end: int,
        caption: str | None,
        caption_line: _Line | None,
        title: RawCell | None,
        *,
        explicit: bool,
        kind: Literal["table", "chart"] = "table",
    ) -> int:
        self.n_tables += 1
        unit = self._pending_unit
        self._pending_unit = None
        if title is not None:
            caption = " ".join(title.text.split())
        info = parse_caption(caption) if caption else None
        if info is not None and info.kind == "table":
            table_id = info.id
            unit = unit or info.unit
        else:
            table_id = f"T{self.n_tables}"
        if caption and unit is None:
            unit = _unit_in(caption)
        self.ids[table_id] += 1
        if self.ids[table_id] > 1:
            table_id = f"{table_id}#{self.ids[table_id]}"
        if caption_line is not None:
            text, smap = caption_line.stripped()
            location = smap.locate(0, len(text))
        elif title is not None:
            location = title.location
        else:
            first = next((c for row in grid for c in row if c.location.line is not None), None)
            location = first.location if first is not None else Location()
        # Notes right after the table belong to it.
        notes: list[str] = []
        note_lines: list[_Line] = []
        k = self._next_nonblank(end)
        while k is not None and _NOTE.match(self.lines[k].clean):
            text, _ = self.lines[k].stripped()
            notes.append(text)
            note_lines.append(self.lines[k])
            k = self._next_nonblank(k + 1)
        table = build_table(
            grid,
            id=table_id,
            caption=caption,
            unit=unit,
            location=location,
            section=self.section,
            notes=notes,
            explicit_spans=explicit,
            kind=kind,
        )
        self.blocks.append(table)
        for line in note_lines:
            self._paragraph(line, "note")
        if note_lines:
            return note_lines[-1].no  # index of the line after the last note
        return end

    def _chart(self, first: int) -> int:
        start, end, title_i, labels = self.charts[first]
        tokens: list[RawCell] = []
        for line in self.lines[start:end]:
            for s, e in _row_cells_b(line):
                if line.clean[s:e].strip(_SPACES):
                    tokens.append(self._raw_cell([(line, s, e)]))
        title = self.lines[title_i].stripped()[0] if title_i is not None else None
        grid = _chart_grid(tokens, title)
        if grid is None:
            for line in self.lines[first:end]:
                if not line.blank:
                    self._paragraph(line, "body")
            return end
        label_cells = [
            self._raw_cell([(self.lines[k], 0, len(self.lines[k].clean))]) for k in labels
        ]
        if label_cells and len(label_cells) == len(grid) - 1:
            grid[0].append(RawCell("数据标签"))
            for row, cell in zip(grid[1:], label_cells, strict=True):
                row.append(_strip_raw(cell))
        elif label_cells:
            for k in labels:
                self._paragraph(self.lines[k], "body")
        title_line = self.lines[title_i] if title_i is not None else None
        return self._emit_table(grid, end, title, title_line, None, explicit=True, kind="chart")

    # -- paragraphs ------------------------------------------------------

    def _paragraph(self, line: _Line, role: _Role) -> None:
        text, smap = line.stripped()
        if not text:
            return
        base = Location(section=self.section)
        for start, end in _pieces(text):
            segments = smap.segments if end - start == len(text) else smap.slice(start, end).segments
            self.blocks.append(
                Paragraph(
                    text=text[start:end],
                    smap=SourceMap(segments, base),
                    section=self.section,
                    role=role,
                )
            )


def _pieces(text: str, limit: int = MAX_PARAGRAPH) -> list[tuple[int, int]]:
    """(start, end) pieces of at most ``limit`` characters, cut after a sentence end in
    the second half of the window. Without one the text is no prose (a run of figures
    or a pasted list): pieces of at most ``limit // 4``, cut after a comma or a space,
    or at least never inside a run of digits, because later stages look at every
    number's whole sentence."""
    out: list[tuple[int, int]] = []
    start = 0
    n = len(text)
    ends, *others = _BREAKS
    while n - start > limit:
        cut = max(text.rfind(ch, start + limit // 2, start + limit) for ch in ends) + 1
        if not cut:
            low, high = start + limit // 8, start + limit // 4
            for chars in others:
                cut = max(text.rfind(ch, low, high) for ch in chars) + 1
                if cut:
                    break
        if not cut:
            cut = high
            while cut > low and (text[cut - 1].isdigit() or text[cut].isdigit()):
                cut -= 1
            if cut == low:  # hundreds of digits in a row: not a figure anyone printed
                cut = high
        out.append((start, cut))
        start = cut
    out.append((start, n))
    return out


def _strip_raw(cell: RawCell) -> RawCell:
    text = cell.text.strip(_SPACES)
    if text == cell.text or cell.smap is None:
        return RawCell(text, cell.location, cell.smap)
    lead = len(cell.text) - len(cell.text.lstrip(_SPACES))
    line, col = cell.smap.point(lead)
    return RawCell(text, Location(line=line, column=col), SourceMap(((0, line, col),)))


def _unit_in(caption: str) -> str | None:
    m = re.search(r"[（(]\s*单位\s*[：:]\s*([^）)]+?)\s*[）)]", caption)
    return m.group(1) if m else None


def _is_numeric_line(text: str) -> bool:
    return bool(text) and "\t" not in text and is_numeric_cell(text)


def _continues_list(parts: list[tuple[_Line, int, int]], text: str) -> bool:
    """``2.郑州…`` right after a cell line ``1.新密…``: the cell's list goes on."""
    m = _LIST_ITEM.match(text)
    if m is None:
        return False
    last_line, start, end = parts[-1]
    prev = _LIST_ITEM.match(last_line.clean[start:end].strip(_SPACES + "\t"))
    return prev is not None and int(m.group(1)) == int(prev.group(1)) + 1


def _chart_grid(tokens: list[RawCell], title: str | None) -> list[list[RawCell]] | None:
    """Chart tokens → grid with a header row; categories as rows, series as columns.

    Two dumps occur: ``cat s1 s2 s3 v1 v2 v3`` repeated per category, and
    ``c1 c2 c3 v1 v2 v3`` (one series, e.g. a pie chart).
    """
    runs: list[tuple[bool, list[RawCell]]] = []
    for tok in tokens:
        numeric = is_numeric_cell(tok.text)
        if runs and runs[-1][0] == numeric:
            runs[-1][1].append(tok)
        else:
            runs.append((numeric, [tok]))
    if len(runs) < 2 or len(runs) % 2 or runs[0][0]:
        return None
    pairs = [(runs[k][1], runs[k + 1][1]) for k in range(0, len(runs), 2)]
    if all(len(t) == len(v) + 1 for t, v in pairs):
        series = [c.text.strip() for c in pairs[0][0][1:]]
        if any([c.text.strip() for c in t[1:]] != series for t, _ in pairs):
            return None
        header = [RawCell(""), *(RawCell(s) for s in series)]
        return [header, *([t[0], *v] for t, v in pairs)]
    if len(pairs) == 1 and len(pairs[0][0]) == len(pairs[0][1]):
        cats, values = pairs[0]
        header = [RawCell(""), RawCell(title or "数值")]
        return [header, *([c, v] for c, v in zip(cats, values, strict=True))]
    return None


def read_text(text: str, path: str, *, encoding: str | None = None) -> Document:
    """Build the Document of an already decoded text report."""
    lines = [_clean_line(no, raw) for no, raw in enumerate(text.split("\n"), start=1)]
    blocks = _Reader(lines).run()
    meta = {"encoding": encoding} if encoding else {}
    return Document(
        path=path,
        format="text",
        blocks=blocks,
        language=detect_language(text),
        meta=meta,
    )


def read(data: bytes, path: str) -> Document:
    """Read a .txt report: decode it, then find headings, paragraphs and tables."""
    text, encoding = _decode(data)
    return read_text(text, path, encoding=encoding)
