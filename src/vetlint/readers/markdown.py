"""Markdown reader: headings, paragraphs, pipe tables and embedded HTML tables.

A small line-based parser rather than a full CommonMark library, because every
character of cleaned text must map back to its exact line and column: inline
markup (``**bold**``, ``[link](url)``, ``\\|`` escapes, inline tags, entities) is
removed character by character and the SourceMap keeps the rest in place.
HTML blocks (``<table>``…) go to the HTML reader's walker, so a merged-header
table written as HTML inside Markdown reads like the same table in an .html file.
Tables as web text gives them (pipe rows without a ``---`` row, flattened, aligned
with spaces, one cell per line) are found by ``texttables``, as in .txt files.
"""

from __future__ import annotations

import html as htmllib
import re
from dataclasses import dataclass, field

from vetlint.document import Block, Document, Heading, Location, Paragraph, SourceMap, Table
from vetlint.errors import ReadError
from vetlint.readers.encoding import decode
from vetlint.readers.headings import match_heading
from vetlint.readers.html import (
    NOTE_LINE,
    heading_section,
    html_blocks,
    make_heading,
    make_table,
    promote_heading,
    take_caption,
)
from vetlint.readers.language import detect_language
from vetlint.readers.tablebuild import RawCell, parse_caption
from vetlint.readers.texttables import TableFinder, TextTable

_ATX = re.compile(r"^ {0,3}(#{1,6})(?:[ \t]+|$)")
_ATX_CLOSE = re.compile(r"[ \t]+#+[ \t]*$|^#+[ \t]*$")
_SETEXT = re.compile(r"^ {0,3}(=+|-+)[ \t]*$")
_BREAK = re.compile(r"^ {0,3}([-*_])(?:[ \t]*\1){2,}[ \t]*$")
_FENCE = re.compile(r"^ {0,3}(`{3,}|~{3,})")
_LIST = re.compile(r"^( {0,3})([-*+]|\d{1,9}[.)])([ \t]+)")
_QUOTE = re.compile(r"^ {0,3}> ?")
_HTML_OPEN = re.compile(
    r"^ {0,3}<(?:!--|/?(?:table|div|p|section|article|aside|ul|ol|li|dl|h[1-6]|blockquote|figure"
    r"|center|html|body|header|footer|main|nav|pre|hr|br|thead|tbody|tr|td|th|caption)\b)",
    re.IGNORECASE,
)
_YAML_KEY = re.compile(r"^[A-Za-z_][\w-]*:(?:\s|$)")
_ALIGN_CELL = re.compile(r"^\s*:?-+:?\s*$")
_CJK = re.compile(r"[\u3000-\u303f\u3400-\u9fff\uff00-\uffef]")

# Inline markup, removed while keeping each kept character's source position.
_CODE = re.compile(r"(`+)(.{1,1000}?)(?<!`)\1(?!`)")
_ESCAPE = re.compile(r"\\([!-/:-@\[-`{-~])")
_TAG = re.compile(r"</?[A-Za-z][A-Za-z0-9-]*(?:\s[^<>]*)?/?>")
_LINK = re.compile(r"!?\[([^\[\]]*)\](?:\(([^()\s]*(?:\s+\"[^\"]*\")?)\)|\[[^\[\]]*\])")
_AUTOLINK = re.compile(r"<((?:https?|mailto|ftp):[^<>\s]+)>")
_EMPH = re.compile(r"(\*\*|__|\*|_)(?=\S)(.{1,500}?)(?<=\S)\1")
_BR = re.compile(r"<br\s*/?>", re.IGNORECASE)
_ENTITY = re.compile(r"&(?:#\d{1,7}|#[xX][0-9A-Fa-f]{1,6}|[A-Za-z][A-Za-z0-9]{1,31});")


@dataclass
class _Line:
    """One source line with any blockquote markers taken off (``col``: where ``text`` starts)."""

    number: int
    text: str
    col: int


@dataclass
class _Chars:
    """Cleaned text with the source (line, column) of every character."""

    chars: list[str] = field(default_factory=list)
    points: list[tuple[int, int]] = field(default_factory=list)

    def add(self, text: str, line: int, col: int) -> None:
        for i, ch in enumerate(text):
            self.chars.append(ch)
            self.points.append((line, col + i))

    def extend(self, other: _Chars) -> None:
        self.chars.extend(other.chars)
        self.points.extend(other.points)

    @property
    def text(self) -> str:
        return "".join(self.chars)

    def stripped(self) -> _Chars:
        start, end = 0, len(self.chars)
        while start < end and self.chars[start].isspace():
            start += 1
        while end > start and self.chars[end - 1].isspace():
            end -= 1
        return _Chars(self.chars[start:end], self.points[start:end])

    def smap(self) -> SourceMap:
        segments: list[tuple[int, int, int]] = []
        prev: tuple[int, int] | None = None
        for i, (line, col) in enumerate(self.points):
            if prev is None or (line, col) != (prev[0], prev[1] + 1):
                segments.append((i, line, col))
            prev = (line, col)
        return SourceMap(tuple(segments))


def clean_inline(text: str, line: int, col: int, cell: bool = False) -> _Chars:
    """Remove inline Markdown from ``text`` (starting at ``line``:``col``), keeping positions.

    ``cell``: text of a pipe-table cell, where ``<br>`` is a line break (``\\n``) and
    ``\\|`` is a pipe even inside a code span (GFM).
    """
    n = len(text)
    drop = [False] * n
    keep = [False] * n  # protected: code span content and escaped characters
    replace: dict[int, tuple[str, int]] = {}  # start -> (replacement, end)

    def free(i: int, j: int) -> bool:
        return not any(keep[i:j]) and not any(drop[i:j])

    if cell:
        for m in re.finditer(r"\\\|", text):
            drop[m.start()] = True
    for m in _CODE.finditer(text):
        for i in range(m.start(), m.start(2)):
            drop[i] = True
        for i in range(m.end(2), m.end()):
            drop[i] = True
        for i in range(m.start(2), m.end(2)):
            keep[i] = True
    for m in _ESCAPE.finditer(text):
        if free(m.start(), m.end()):
            drop[m.start()] = True
            keep[m.start(1)] = True
    for m in _AUTOLINK.finditer(text):
        if free(m.start(), m.end()):
            drop[m.start()] = drop[m.end() - 1] = True
    for m in _TAG.finditer(text):
        if free(m.start(), m.end()):
            for i in range(m.start(), m.end()):
                drop[i] = True
            if cell and _BR.match(m.group()):
                replace[m.start()] = ("\n", m.end())
    for m in _LINK.finditer(text):
        if free(m.start(), m.start(1)) and not any(keep[m.end(1) : m.end()]):
            for i in [*range(m.start(), m.start(1)), *range(m.end(1), m.end())]:
                drop[i] = True
    pos = 0
    while True:
        m = _EMPH.search(text, pos)
        if m is None:
            break
        a, b = m.start(), m.start(2)
        c, d = m.end(2), m.end()
        intraword = m.group(1)[0] == "_" and (
            (a > 0 and text[a - 1].isalnum()) or (d < n and text[d].isalnum())
        )
        if not intraword and free(a, b) and free(c, d):
            for i in [*range(a, b), *range(c, d)]:
                drop[i] = True
            pos = b
        else:
            pos = a + 1
    for m in _ENTITY.finditer(text):
        if free(m.start(), m.end()):
            replace[m.start()] = (htmllib.unescape(m.group()), m.end())
    out = _Chars()
    i = 0
    while i < n:
        if i in replace:
            value, end = replace[i]
            for ch in value:
                out.chars.append(ch)
                out.points.append((line, col + i))
            i = end
            continue
        if not drop[i]:
            out.chars.append(text[i])
            out.points.append((line, col + i))
        i += 1
    return out


def _join_lines(parts: list[_Chars]) -> _Chars:
    """Paragraph lines joined: no space next to a Chinese character, else one space."""
    out = _Chars()
    for part in parts:
        part = part.stripped()
        if not part.chars:
            continue
        if out.chars and not (_CJK.match(out.chars[-1]) or _CJK.match(part.chars[0])):
            line, col = out.points[-1]
            out.chars.append(" ")
            out.points.append((line, col + 1))
        out.extend(part)
    return out


def split_pipe_row(text: str) -> list[tuple[int, str]]:
    """Cells of a pipe-table row as (offset in ``text``, raw cell text).

    As in GFM, only an escaped ``\\|`` does not split, even inside a code span.
    """
    cells: list[tuple[int, str]] = []
    start = 0
    i = 0
    while i < len(text):
        ch = text[i]
        if ch == "\\" and i + 1 < len(text):
            i += 2
            continue
        if ch == "|":
            cells.append((start, text[start:i]))
            start = i + 1
        i += 1
    cells.append((start, text[start:]))
    if cells and not cells[0][1].strip():
        cells = cells[1:]  # leading pipe
    if cells and not cells[-1][1].strip():
        cells = cells[:-1]  # trailing pipe
    return cells


def _is_align_row(text: str) -> bool:
    if "-" not in text:
        return False
    cells = split_pipe_row(text)
    return bool(cells) and all(_ALIGN_CELL.match(c) for _, c in cells) and (
        "|" in text or len(cells) > 1
    )


class _Parser:
    def __init__(self, lines: list[_Line]) -> None:
        self.lines = lines
        self.finder = TableFinder([ln.text for ln in lines])
        self.blocks: list[Block] = []
        self.section: str | None = None
        self.para: list[_Chars] = []
        self.n_tables = 0

    # -- emitters ------------------------------------------------------------
    def flush(self) -> None:
        if not self.para:
            return
        chars = _join_lines(self.para)
        self.para = []
        if not chars.chars:
            return
        para = Paragraph(text=chars.text, smap=chars.smap(), section=self.section)
        if NOTE_LINE.match(para.text) and self.blocks and isinstance(self.blocks[-1], Table):
            self.blocks[-1].notes.append(para.text)
            para.role = "note"
        promoted = promote_heading(para) if "\n" not in para.text else None
        if promoted is not None:
            heading, self.section = promoted
            self.blocks.append(heading)
        else:
            self.blocks.append(para)

    def heading(self, chars: _Chars, level: int) -> None:
        chars = chars.stripped()
        if not chars.chars:
            return
        smap = chars.smap()
        heading, self.section = make_heading(chars.text, level, smap.locate(0, len(chars.chars)))
        self.blocks.append(heading)

    def add_table(self, grid: list[list[RawCell]], location: Location,
                  caption: str | None = None) -> None:
        self.n_tables += 1
        caption, unit = take_caption(self.blocks, caption)
        self.blocks.append(make_table(grid, f"md-table-{self.n_tables}", caption, unit, location,
                                      self.section))

    # -- block parsing -------------------------------------------------------
    def run(self) -> list[Block]:
        i = self.front_matter()
        while i < len(self.lines):
            i = self.step(i)
        self.flush()
        return self.blocks

    def step(self, i: int) -> int:
        ln = self.lines[i]
        text = ln.text
        if not text.strip():
            self.flush()
            return i + 1
        if m := _FENCE.match(text):
            self.flush()
            return self.skip_fence(i, m.group(1))
        if m := _ATX.match(text):
            self.flush()
            body = _ATX_CLOSE.sub("", text[m.end() :]) if text[m.end() :].strip() else ""
            self.heading(clean_inline(body, ln.number, ln.col + m.end()), len(m.group(1)))
            return i + 1
        if self.para and (m := _SETEXT.match(text)):
            chars = _join_lines(self.para)
            self.para = []
            self.heading(chars, 1 if m.group(1)[0] == "=" else 2)
            return i + 1
        if _BREAK.match(text):
            self.flush()
            return i + 1
        if _HTML_OPEN.match(text):
            self.flush()
            return self.html_block(i)
        if "|" in text and i + 1 < len(self.lines) and _is_align_row(self.lines[i + 1].text):
            self.flush()
            return self.pipe_table(i)
        found = self.finder.at(i)
        if found is not None:
            self.flush()
            return self.text_table(found)
        if m := _LIST.match(text):
            self.flush()
            self.para.append(clean_inline(text[m.end() :], ln.number, ln.col + m.end()))
            return i + 1
        indent = len(text) - len(text.lstrip(" \t"))
        if self.para and (match_heading(text.strip()) is not None
                          or parse_caption(text.strip()) is not None):
            self.flush()  # a numbered heading (``1.2设施设备``) or caption starts its own block
        self.para.append(clean_inline(text[indent:], ln.number, ln.col + indent))
        return i + 1

    def front_matter(self) -> int:
        """Skip YAML front matter (``---`` / ``key: value`` … / ``---``): metadata, not prose.

        It opens the file, possibly after one heading or comment line that a tool
        put in front of it; ``key:`` on the next line tells it from a thematic break.
        """
        for k in range(min(2, len(self.lines))):
            if self.lines[k].text.rstrip() != "---":
                continue
            if k + 1 >= len(self.lines) or not _YAML_KEY.match(self.lines[k + 1].text):
                return 0
            for j in range(k + 1, len(self.lines)):
                if self.lines[j].text.rstrip() in ("---", "..."):
                    if k:  # the line before the front matter is still read
                        self.step(0)
                        self.flush()
                    return j + 1
            return 0
        return 0

    def skip_fence(self, i: int, fence: str) -> int:
        j = i + 1
        while j < len(self.lines):
            stripped = self.lines[j].text.strip()
            if stripped.startswith(fence[0] * len(fence)) and not stripped.strip(fence[0]):
                return j + 1
            j += 1
        return j

    def html_block(self, i: int) -> int:
        """Lines of an HTML block: to ``</table>``/``-->`` when opened so, else to a blank line."""
        first = self.lines[i].text.lstrip().lower()
        closer = "</table>" if first.startswith("<table") else "-->" if first.startswith("<!--") else None
        j = i
        while j < len(self.lines):
            text = self.lines[j].text
            if closer is None and not text.strip():
                break
            j += 1
            if closer is not None and closer in text.lower():
                break
        chunk = self.lines[i:j]
        # Blockquote markers were taken off: pad with spaces so columns stay the file's.
        source = "\n".join(" " * (ln.col - 1) + ln.text for ln in chunk)
        new = html_blocks(source, before=self.blocks, section=self.section,
                          table_prefix="md-table", first_table=self.n_tables,
                          line_offset=chunk[0].number - 1)
        for block in new:
            if isinstance(block, Heading):
                self.section = heading_section(block)
            elif isinstance(block, Table):
                self.n_tables += 1
        self.blocks.extend(new)
        return j

    def cell(self, k: int, start: int, end: int) -> RawCell:
        """The cell ``lines[k].text[start:end]``, inline markup removed, positions kept."""
        ln = self.lines[k]
        chars = clean_inline(ln.text[start:end], ln.number, ln.col + start, cell=True).stripped()
        if not chars.chars:
            return RawCell(text="", location=Location(line=ln.number, column=ln.col + start))
        smap = chars.smap()
        return RawCell(text=chars.text, location=smap.locate(0, len(chars.chars)), smap=smap)

    def wrapped_cell(self, spans: list[tuple[int, int, int]]) -> RawCell:
        """A cell wrapped over lines (aligned tables): joined as one line."""
        if len(spans) == 1:
            return self.cell(*spans[0])
        pieces = []
        for k, start, end in spans:
            ln = self.lines[k]
            pieces.append(clean_inline(ln.text[start:end], ln.number, ln.col + start, cell=True))
        chars = _join_lines(pieces)
        smap = chars.smap()
        return RawCell(text=chars.text, location=smap.locate(0, len(chars.chars)), smap=smap)

    def text_table(self, found: TextTable) -> int:
        """A table of the layouts web pages and text tools print (``texttables``)."""
        grid = [[RawCell("") if span is None else self.wrapped_cell(found.pieces(span))
                 for span in row] for row in found.rows]
        caption = None
        if found.caption is not None:
            k, start, end = found.caption
            caption = self.cell(k, start, end).text
        first, last = self.lines[found.start], self.lines[found.end - 1]
        location = Location(line=first.number, column=first.col, end_line=last.number,
                            end_column=last.col + max(len(last.text) - 1, 0))
        self.add_table(grid, location, caption)
        return found.end

    def pipe_table(self, i: int) -> int:
        header = split_pipe_row(self.lines[i].text)
        width = len(header)
        rows = [i]
        j = i + 2
        while j < len(self.lines):
            text = self.lines[j].text
            if not text.strip() or "|" not in text or _ATX.match(text) or _FENCE.match(text):
                break
            rows.append(j)
            j += 1
        grid: list[list[RawCell]] = []
        for k in rows:
            ln = self.lines[k]
            cells = split_pipe_row(ln.text)[:width]
            row = [self.cell(k, offset, offset + len(raw)) for offset, raw in cells]
            while len(row) < width:
                row.append(RawCell(text="", location=Location(line=ln.number)))
            grid.append(row)
        start = self.lines[i]
        end = self.lines[rows[-1]]
        location = Location(line=start.number, column=start.col, end_line=end.number,
                            end_column=end.col + max(len(end.text) - 1, 0))
        self.add_table(grid, location)
        return j


def _lines(text: str) -> list[_Line]:
    out: list[_Line] = []
    for number, raw in enumerate(text.split("\n"), start=1):
        raw = raw.rstrip("\r")
        col = 1
        while m := _QUOTE.match(raw):
            raw = raw[m.end() :]
            col += m.end()
        out.append(_Line(number, raw, col))
    return out


def markdown_blocks(text: str) -> list[Block]:
    """Blocks of a Markdown text, positions exact in ``text``."""
    return _Parser(_lines(text)).run()


def read(data: bytes, path: str) -> Document:
    text = decode(data)
    if "\x00" in text:
        raise ReadError("not a Markdown file (it contains NUL bytes)", code="wrong-format")
    blocks = markdown_blocks(text)
    if not blocks:
        raise ReadError("the Markdown file has no readable text", code="no-text")
    sample = "\n".join(b.text for b in blocks if isinstance(b, Paragraph | Heading))
    return Document(path=path, format="markdown", blocks=blocks, language=detect_language(sample))
