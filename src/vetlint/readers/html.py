"""HTML reader: headings, prose and tables (spans resolved) with exact source positions.

BeautifulSoup's stdlib ``html.parser`` backend records where every tag starts
(``sourceline``/``sourcepos``); text nodes carry no position, so each run of
text is found again in the source after its parent's start tag. Tables become
a rectangular grid in which every colspan/rowspan continuation is ``""`` (the
project-wide convention) and go through ``tablebuild.build_table``.

The Markdown reader reuses :func:`html_blocks` for HTML embedded in Markdown.
"""

from __future__ import annotations

import html as htmllib
import re
from array import array
from bisect import bisect_left, bisect_right
from dataclasses import dataclass, field

from bs4 import BeautifulSoup, NavigableString, Tag
from bs4.element import CData, Comment, Declaration, Doctype, ProcessingInstruction

from vetlint.document import Block, Document, Heading, Location, Paragraph, SourceMap, Table
from vetlint.errors import ReadError
from vetlint.readers.encoding import decode
from vetlint.readers.headings import match_heading
from vetlint.readers.language import detect_language
from vetlint.readers.tablebuild import RawCell, build_table, parse_caption, parse_unit_line
from vetlint.readers.texttables import paragraph_tables

MAX_COLSPAN = 1000  # the HTML standard's own limit
MAX_ROWSPAN = 65534
MAX_TABLE_CELLS = 200_000

_SKIP = {"script", "style", "noscript", "template", "head", "title", "svg", "math", "iframe",
         "object", "select", "textarea", "button"}
_HEADINGS = {"h1": 1, "h2": 2, "h3": 3, "h4": 4, "h5": 5, "h6": 6}
# Elements that end the running paragraph; anything else is inline.
_BLOCKS = {
    "address", "article", "aside", "blockquote", "body", "center", "dd", "details", "dialog",
    "dir", "div", "dl", "dt", "fieldset", "figcaption", "figure", "footer", "form", "header",
    "hgroup", "hr", "html", "li", "main", "menu", "nav", "ol", "p", "pre", "section", "summary",
    "table", "ul", "caption", "thead", "tbody", "tfoot", "tr", "td", "th", "br",
    *(_HEADINGS),
}
_NOT_TEXT = (Comment, CData, Declaration, Doctype, ProcessingInstruction)
_CHAR_REF = re.compile(r"&(?:#[0-9]{1,7};?|#[xX][0-9A-Fa-f]{1,6};?|[A-Za-z][A-Za-z0-9]{1,31};?)")
_RUN = re.compile(r"\S+")
_CJK = re.compile(r"[\u3000-\u303f\u3400-\u9fff\uff00-\uffef]")
NOTE_LINE = re.compile(r"^\s*(注[:：]|注释[:：]|说明[:：]|数据来源[:：]|资料来源[:：])")


class SourceText:
    """The source, and the same text with character references decoded.

    Text nodes are searched for in ``decoded`` (BeautifulSoup has already turned
    ``&amp;`` into ``&``); ``dpos`` maps each decoded character back to its offset
    in ``text``, so positions stay exact around entities. Lines are ``\\n`` lines,
    as html.parser counts them.
    """

    def __init__(self, text: str, line_offset: int = 0) -> None:
        self.text = text
        self.line_offset = line_offset  # lines before ``text`` in the file (HTML inside Markdown)
        self.starts = [0] + [m.end() for m in re.finditer("\n", text)]
        self.dpos: array[int] | None = None
        self.decoded = text
        if "&" in text:
            parts: list[str] = []
            dpos: array[int] = array("q")
            last = 0
            for m in _CHAR_REF.finditer(text):
                value = htmllib.unescape(m.group())
                if value == m.group():
                    continue
                parts.append(text[last : m.start()])
                dpos.extend(range(last, m.start()))
                parts.append(value)
                dpos.extend([m.start()] * len(value))
                last = m.end()
            parts.append(text[last:])
            dpos.extend(range(last, len(text)))
            self.decoded = "".join(parts)
            self.dpos = dpos

    def point(self, offset: int) -> tuple[int, int]:
        """1-based (line, column) in the file of an offset into ``text``."""
        i = bisect_right(self.starts, offset) - 1
        return i + 1 + self.line_offset, offset - self.starts[i] + 1

    def offset(self, line: int, column: int) -> int:
        """Offset of a 1-based line and 0-based column, as BeautifulSoup reports them."""
        if line < 1 or line > len(self.starts):
            return len(self.text)
        return min(self.starts[line - 1] + column, len(self.text))

    def to_decoded(self, offset: int) -> int:
        return offset if self.dpos is None else bisect_left(self.dpos, offset)

    def to_source(self, index: int) -> int:
        if self.dpos is None:
            return index
        return self.dpos[index] if index < len(self.dpos) else len(self.text)


@dataclass
class _Run:
    """A piece of cleaned text and where it starts in ``decoded`` (None: not found)."""

    text: str
    start: int | None
    space_before: bool
    newline_before: bool
    break_before: bool = False


@dataclass
class _TextBuilder:
    """Collects runs of text and joins them into one cleaned string with a SourceMap."""

    src: SourceText
    runs: list[_Run] = field(default_factory=list)
    pending_space: bool = False
    pending_newline: bool = False
    pending_break: bool = False
    fallback: int = 0

    def add_string(self, raw: str, search_from: int, cursor: list[int]) -> None:
        """Add a text node; ``search_from``/``cursor`` are indices into ``src.decoded``."""
        pos = max(cursor[0], search_from)
        last = 0
        for m in _RUN.finditer(raw):
            gap = raw[last : m.start()]
            if gap:
                self.pending_space = True
                self.pending_newline |= "\n" in gap
            run = m.group()
            found = self.src.decoded.find(run, pos, pos + 4 * len(raw) + 400)
            if found >= 0:
                pos = found + len(run)
                cursor[0] = pos
            self.runs.append(_Run(run, found if found >= 0 else None,
                                  self.pending_space, self.pending_newline, self.pending_break))
            self.pending_space = self.pending_newline = self.pending_break = False
            last = m.end()
        if raw[last:]:
            self.pending_space = True
            self.pending_newline |= "\n" in raw[last:]
        self.fallback = pos

    def boundary(self) -> None:
        """A block edge or ``<br>`` inside a cell: a line break of the printed text."""
        self.pending_space = True
        self.pending_newline = True
        self.pending_break = True

    def build(self, keep_breaks: bool = False) -> tuple[str, SourceMap | None]:
        """The joined text and its map.

        ``keep_breaks`` turns hard breaks (``<br>``, block edges) into ``\\n``: table
        cells keep their lines, as in the text reader. Source line breaks never count.
        """
        text = ""
        segments: list[tuple[int, int, int]] = []
        prev_src = -2
        last_src = self.src.to_source(self.fallback)
        for run in self.runs:
            if text and keep_breaks and run.break_before:
                text += "\n"
            elif text and run.space_before:
                # A line break next to a Chinese character is not a space.
                joined_cjk = run.newline_before and bool(
                    _CJK.match(text[-1]) or _CJK.match(run.text[0])
                )
                if not joined_cjk:
                    text += " "
            if run.start is None:
                line, column = self.src.point(last_src)
                segments.append((len(text), line, column))
                prev_src = -2
            else:
                for j in range(len(run.text)):
                    src = self.src.to_source(run.start + j)
                    if src != prev_src + 1:
                        line, column = self.src.point(src)
                        segments.append((len(text) + j, line, column))
                    prev_src = src
                last_src = prev_src + 1
            text += run.text
        if not segments:
            return "", None
        return text, SourceMap(tuple(segments))


def _content_start(src: SourceText, tag: Tag) -> int:
    """Index in ``src.decoded`` just after ``tag``'s start tag (0 without a position)."""
    if tag.sourceline is None:
        return 0
    start = src.offset(tag.sourceline, tag.sourcepos or 0)
    end = src.text.find(">", start)
    return src.to_decoded(start if end < 0 else end + 1)


def _tag_location(src: SourceText, tag: Tag) -> Location:
    if tag.sourceline is None:
        return Location()
    return Location(line=tag.sourceline + src.line_offset, column=(tag.sourcepos or 0) + 1)


def _span(value: object, cap: int) -> int:
    m = re.match(r"\s*(\d+)", str(value or ""))
    if not m:
        return 1
    n = int(m.group(1)[:9])
    return cap if n == 0 else max(1, min(n, cap))  # rowspan=0: to the end of the table


class _Walker:
    """Turns a parsed tree into blocks in reading order."""

    def __init__(self, src: SourceText, table_prefix: str = "html-table") -> None:
        self.src = src
        self.blocks: list[Block] = []
        self.cursor = [0]
        self.section: str | None = None
        self.table_prefix = table_prefix
        self.n_tables = 0
        self.current = _TextBuilder(src)

    # -- prose ---------------------------------------------------------------
    def flush(self) -> None:
        text, smap = self.current.build()
        self.current = _TextBuilder(self.src)
        if not text or smap is None:
            return
        para = Paragraph(text=text, smap=smap, section=self.section,
                         role="note" if self._after_table_note(text) else "body")
        promoted = promote_heading(para)
        if promoted is not None:
            heading, self.section = promoted
            self.blocks.append(heading)
        else:
            self.blocks.append(para)

    def _after_table_note(self, text: str) -> bool:
        prev = self.blocks[-1] if self.blocks else None
        if isinstance(prev, Table) and NOTE_LINE.match(text):
            prev.notes.append(text.strip())
            return True
        return isinstance(prev, Paragraph) and prev.role == "note" and NOTE_LINE.match(text) is not None

    def walk(self, node: Tag) -> None:
        for child in node.children:
            if isinstance(child, _NOT_TEXT):
                continue
            if isinstance(child, NavigableString):
                parent = child.parent if isinstance(child.parent, Tag) else node
                self.current.add_string(str(child), _content_start(self.src, parent), self.cursor)
                continue
            if not isinstance(child, Tag):
                continue
            name = child.name.lower()
            if name in _SKIP:
                continue
            if name in _HEADINGS:
                self.flush()
                self.heading(child, _HEADINGS[name])
            elif name == "table":
                self.flush()
                self.table(child)
            elif name in _BLOCKS:
                self.flush()
                if name != "br":
                    self.walk(child)
                    self.flush()
            else:
                self.walk(child)

    def heading(self, tag: Tag, level: int) -> None:
        builder = _TextBuilder(self.src)
        self._collect(tag, builder)
        text, smap = builder.build()
        if not text:
            return
        location = smap.locate(0, len(text)) if smap else _tag_location(self.src, tag)
        heading, self.section = make_heading(text, level, location)
        self.blocks.append(heading)

    # -- tables --------------------------------------------------------------
    def _collect(self, node: Tag, builder: _TextBuilder) -> None:
        """All text under ``node`` except nested tables; block edges become breaks."""
        for child in node.children:
            if isinstance(child, _NOT_TEXT):
                continue
            if isinstance(child, NavigableString):
                parent = child.parent if isinstance(child.parent, Tag) else node
                builder.add_string(str(child), _content_start(self.src, parent), self.cursor)
            elif isinstance(child, Tag):
                name = child.name.lower()
                if name in _SKIP or name in ("table", "tr", "td", "th"):
                    continue  # nested tables, and cells that sloppy markup left unclosed
                if name in _BLOCKS:
                    builder.boundary()
                    self._collect(child, builder)
                    builder.boundary()
                else:
                    self._collect(child, builder)

    def table(self, tag: Tag) -> None:
        caption_tag = tag.find("caption")
        caption: str | None = None
        if isinstance(caption_tag, Tag) and caption_tag.find_parent("table") is tag:
            builder = _TextBuilder(self.src)
            self._collect(caption_tag, builder)
            caption = builder.build()[0] or None
        rows = [tr for tr in tag.find_all("tr") if tr.find_parent("table") is tag]
        grid = self.grid(rows)
        nested = [t for t in tag.find_all("table") if t.find_parent("table") is tag]
        if grid:
            self.emit_table(grid, caption, _tag_location(self.src, tag))
        # Cells were read past any nested table; search its text again from its own start.
        resume = self.cursor[0]
        for inner in nested:
            self.cursor[0] = _content_start(self.src, inner)
            self.table(inner)
        self.cursor[0] = max(resume, self.cursor[0])

    def grid(self, rows: list[Tag]) -> list[list[RawCell]]:
        """Rows of cells with spans resolved; continuations are ``""`` cells."""
        placed: dict[tuple[int, int], RawCell] = {}
        starts: set[int] = set()
        n_rows = len(rows)
        for r, tr in enumerate(rows):
            c = 0
            # Not only direct children: html.parser nests unclosed <td>s inside each other.
            for td in (t for t in tr.find_all(["td", "th"]) if t.find_parent("tr") is tr):
                while (r, c) in placed:
                    c += 1
                builder = _TextBuilder(self.src)
                self._collect(td, builder)
                text, smap = builder.build(keep_breaks=True)
                loc = smap.locate(0, len(text)) if smap else _tag_location(self.src, td)
                colspan = _span(td.get("colspan"), MAX_COLSPAN)
                rowspan = _span(td.get("rowspan"), min(MAX_ROWSPAN, n_rows - r))
                if len(placed) + colspan * rowspan > MAX_TABLE_CELLS:
                    raise ReadError(
                        f"a table is too large (over {MAX_TABLE_CELLS} cells)", code="too-large"
                    )
                starts.add(c)
                for dr in range(rowspan):
                    for dc in range(colspan):
                        if dr == 0 and dc == 0:
                            placed[(r, c)] = RawCell(text=text, location=loc, smap=smap)
                        elif (r + dr, c + dc) not in placed:
                            placed[(r + dr, c + dc)] = RawCell(text="", location=loc)
                c += colspan
        if not starts:
            return []
        # Columns that only exist because a span ran past every real cell are dropped:
        # that is what tames colspan=100000.
        width = max(starts) + 1
        grid: list[list[RawCell]] = []
        for r in range(n_rows):
            row = [placed.get((r, c)) or RawCell(text="", location=Location()) for c in range(width)]
            if any(cell.text for cell in row) or any((r, c) in placed for c in range(width)):
                grid.append(row)
        return grid

    def text_table(self, blocks: list[Block], grid: list[list[RawCell]], caption: str | None
                   ) -> Table:
        """A table of one of the web-text layouts, found in paragraphs (``texttables``)."""
        self.n_tables += 1
        caption, unit = take_caption(blocks, caption)
        first = next(c.location for row in grid for c in row if c.location.line is not None)
        return make_table(grid, f"{self.table_prefix}-{self.n_tables}", caption, unit,
                          Location(line=first.line, column=first.column), self.section)

    def emit_table(self, grid: list[list[RawCell]], caption: str | None, location: Location) -> None:
        self.n_tables += 1
        caption, unit = take_caption(self.blocks, caption)
        self.blocks.append(make_table(grid, f"{self.table_prefix}-{self.n_tables}", caption, unit,
                                      location, self.section))


def take_caption(blocks: list[Block], caption: str | None) -> tuple[str | None, str | None]:
    """Caption and unit from the paragraphs right before a table (marking their roles).

    Looks back over at most two body paragraphs: a unit line (``单位：万元``) and a
    caption (``表1-6：…``), nearest first; stops at the first that is neither.
    """
    unit: str | None = None
    for block in reversed(blocks[-2:]):
        if not isinstance(block, Paragraph) or block.role != "body":
            break
        line_unit = parse_unit_line(block.text)
        if unit is None and line_unit:
            unit = line_unit
            block.role = "unit"
        elif caption is None and parse_caption(block.text) is not None:
            caption = block.text
            block.role = "caption"
        else:
            break
    return caption, unit


def make_table(grid: list[list[RawCell]], fallback_id: str, caption: str | None,
               unit: str | None, location: Location, section: str | None) -> Table:
    """build_table with the id and unit a caption gives (``表1-6…（单位：人）``)."""
    info = parse_caption(caption) if caption else None
    table_id = fallback_id
    if info is not None:
        table_id = getattr(info, "id", None) or fallback_id
        unit = unit or getattr(info, "unit", None)
    return build_table(grid, id=table_id, caption=caption, unit=unit, location=location,
                       section=section, explicit_spans=True)


def make_heading(text: str, level: int | None, location: Location) -> tuple[Heading, str]:
    """A Heading with the report's numbering split off, and its section key.

    ``level`` is the markup's level (``<h2>``, ``##``); None takes the numbering's
    level, for a plain paragraph that is a numbered heading (``1.1规模和结构``).
    """
    match = match_heading(text)
    if match is not None:
        heading = Heading(text=text, number=match.number, title=match.title,
                          level=level or match.level, location=location)
        return heading, match.key
    return Heading(text=text, number=None, title=text, level=level or 1, location=location), text


def heading_section(heading: Heading) -> str:
    """The section key that blocks under ``heading`` carry (``1.3教师队伍``)."""
    match = match_heading(heading.text)
    return match.key if match is not None else heading.text


def promote_heading(para: Paragraph) -> tuple[Heading, str] | None:
    """A one-line paragraph that the section grammar calls a heading, as a Heading."""
    if para.role != "body" or match_heading(para.text) is None:
        return None
    return make_heading(para.text, None, para.location)


def html_blocks(source: str, *, before: list[Block] | None = None, section: str | None = None,
                table_prefix: str = "html-table", first_table: int = 0,
                line_offset: int = 0) -> list[Block]:
    """Blocks of an HTML document or fragment; positions are those in ``source``, whose
    first line is line ``line_offset + 1`` of the file.

    ``before`` are the blocks already read (the Markdown reader passes its own) so a
    caption paragraph written just before an embedded ``<table>`` is found; only the
    new blocks are returned. ``first_table`` numbers tables that have no caption id.
    """
    soup = BeautifulSoup(source, "html.parser")
    walker = _Walker(SourceText(source, line_offset), table_prefix)
    walker.blocks = list(before or [])
    walker.section = section
    walker.n_tables = first_table
    start = len(walker.blocks)
    walker.walk(soup)
    walker.flush()
    new = paragraph_tables(walker.blocks[start:], walker.text_table)
    return new


def read(data: bytes, path: str) -> Document:
    text = decode(data)
    if "\x00" in text:
        raise ReadError("not an HTML file (it contains NUL bytes)", code="wrong-format")
    if not re.search(r"<\s*[A-Za-z!/]", text):
        raise ReadError("not an HTML file (no tags found)", code="wrong-format")
    blocks = html_blocks(text)
    if not blocks:
        raise ReadError("the HTML file has no readable text", code="no-text")
    sample = "\n".join(b.text for b in blocks if isinstance(b, Paragraph | Heading))
    return Document(path=path, format="html", blocks=blocks, language=detect_language(sample))
