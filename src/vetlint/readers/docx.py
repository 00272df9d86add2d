"""Word (.docx) reader: headings, prose, real Word tables and Word charts, in body order.

Word keeps no line numbers, so this reader writes its own text
(``Document.text``): one line per non-empty body paragraph, one line per
table row with the cells joined by tabs, one line per row of a chart's data.
Every Location points into that text (``line``/``column``) and into the
original (``paragraph``: index of the body paragraph; ``table``/``row``/``col``
for cells).

Merged cells follow the project convention: a ``gridSpan`` continues to the
right as ``""`` cells, a ``vMerge`` continuation is ``""``; the rectangular
grid goes to ``tablebuild.build_table(explicit_spans=True)``. A chart drawn in
Word (``word/charts/chartN.xml``) becomes a chart table from the data it caches
(``charts``), placed where the chart stands, with its title, or the figure
caption (``图3 …``) right above or below it as caption and id.

The package is read with ``ooxml``: a zip bomb, a DTD or a truncated ZIP is
refused before any part is parsed, and ``word/document.xml`` is parsed under a
byte and an element budget checked as it streams in. Styles are resolved once
per document (``wordstyles``).
"""

from __future__ import annotations

import functools
import re
from collections.abc import Callable, Iterator
from dataclasses import dataclass, field

from vetlint.document import Block, Document, Location, Paragraph, SourceMap, Table
from vetlint.errors import ReadError
from vetlint.readers import ooxml
from vetlint.readers.charts import CHART_BUDGET, CHART_REF, read_chart
from vetlint.readers.headings import make_heading, match_heading
from vetlint.readers.language import detect_language
from vetlint.readers.ooxml import NS_R, Budget
from vetlint.readers.tablebuild import (
    RawCell,
    TableIds,
    build_table,
    parse_caption,
    parse_unit_line,
)
from vetlint.readers.wordnumbering import Numbering
from vetlint.readers.wordnumbering import format_number as _format_number  # noqa: F401 (tests)
from vetlint.readers.wordstyles import Style, Styles, W, outline_level

MAX_TABLE_CELLS = 200_000
MAX_GRID_SPAN = 64  # Word's own limit on table columns is 63
# word/document.xml of a 300-page report with tables is a few MB; past these it is a
# file built to be huge, refused while it streams in (its tree would take ~4x the bytes).
MAX_DOCUMENT_XML = 32 * 1024 * 1024
MAX_BLOCKS = 200_000  # paragraphs and table cells in the body (a 300-page report: ~30,000)
DOCUMENT_BUDGET = Budget(MAX_DOCUMENT_XML, MAX_BLOCKS, (f"{{{W}}}p", f"{{{W}}}tc"),
                         "paragraphs and table cells")
PART_BUDGET = Budget(16 * 1024 * 1024)  # styles, numbering

_HEADING_STYLE = re.compile(r"^(?:heading|标题)\s*(\d)$", re.IGNORECASE)
_CAPTION_STYLE = re.compile(r"^(?:caption|题注)$", re.IGNORECASE)
_TITLE_STYLE = re.compile(r"^(?:title|标题)$", re.IGNORECASE)
_NOTE = re.compile(r"^\s*(注[:：]|注释[:：]|说明[:：]|数据来源[:：]|资料来源[:：])")
_WS = re.compile(r"[\t\r\n\v\f\u00a0]+")
_WORD_MAIN = ("wordprocessingml", "ms-word")


def qn(name: str) -> str:
    """``w:p`` → Clark name (the prefixes a .docx uses)."""
    prefix, local = name.split(":")
    return f"{{{_NAMESPACES[prefix]}}}{local}"


_NAMESPACES = {
    "w": W,
    "r": NS_R,
    "mc": "http://schemas.openxmlformats.org/markup-compatibility/2006",
}

_W_P, _W_TBL, _W_SDT = qn("w:p"), qn("w:tbl"), qn("w:sdt")
_W_SDT_CONTENT, _W_TR, _W_TC = qn("w:sdtContent"), qn("w:tr"), qn("w:tc")
_W_BODY, _W_VAL = qn("w:body"), qn("w:val")
_R_ID = qn("r:id")
_W_TRPR, _W_TCPR, _W_VMERGE = qn("w:trPr"), qn("w:tcPr"), qn("w:vMerge")


def _clean(text: str) -> str:
    return _WS.sub(" ", text).strip()


@dataclass
class _Text:
    """``Document.text`` as it is written, one line at a time."""

    lines: list[str] = field(default_factory=list)

    def add(self, line: str) -> int:
        self.lines.append(line)
        return len(self.lines)


@dataclass
class WordSource:
    """What the walker reads: the body, the resolved styles, numbering, and chart parts.

    Built from the package by ``read``, or from a python-docx document (``annotate``
    walks the same way so that its lines are the reader's lines).
    """

    body: object
    styles: Styles
    numbering: Numbering
    chart: Callable[[str], object | None] = lambda _rid: None  # r:id → c:chartSpace

    @classmethod
    def of_python_docx(cls, document) -> WordSource:
        part = document.part
        try:
            numbering_root = part.numbering_part.element
        except (KeyError, NotImplementedError, AttributeError, ValueError):
            numbering_root = None

        def chart(rid: str) -> object | None:
            related = part.related_parts.get(rid)
            blob = getattr(related, "blob", None)
            return ooxml.parse_bytes(blob) if isinstance(blob, bytes) else None

        return cls(document.element.body, Styles(document.styles.element),
                   Numbering(numbering_root), chart)


@dataclass
class _PendingChart:
    root: object
    page: int | None
    paragraph: int
    caption: str | None  # a figure caption right above the chart


class _Walker:
    """Turns the body of a Word document into blocks in order."""

    def __init__(self, source: WordSource) -> None:
        self.source = source
        self.styles = source.styles
        self.text = _Text()
        self.blocks: list[Block] = []
        self.section: str | None = None
        self.n_paragraphs = 0
        self.n_tables = 0
        self.n_charts = 0
        self.pending_caption: Paragraph | None = None
        self.pending_unit: tuple[Paragraph, str] | None = None
        self.pending_charts: list[_PendingChart] = []
        self.ids = TableIds()
        self.page = _Pages(source.body)
        self.nested: dict = {}  # table element → tables nested in its cells
        self.numbering = source.numbering

    # -- body ------------------------------------------------------------------
    def walk(self, element) -> None:
        """Read the paragraphs and tables of a body (or of a framing table's cell)."""
        self.walk_items(_body_children(element))

    def finish(self) -> None:
        """Charts the last paragraph held, with nothing after them to caption them."""
        self.flush_charts(None)

    def walk_items(self, items) -> None:
        for child in items:
            if child.tag == _W_P:
                self.flush_charts(child)
                self.paragraph(child)
                self.collect_charts(child)
                continue
            self.flush_charts(None)
            if _single_column(child):
                # A one-column table frames prose (a boxed case study); it holds no
                # figures in rows and columns, so its content is read as body content.
                for tr in _rows(child):
                    for tc in _cells(tr):
                        self.walk(tc)
            else:
                self.table(child)
                # Tables nested in cells are not cell text: they follow their table.
                self.walk_items(self.nested.pop(child, []))

    def _forget_pending(self) -> None:
        """Nothing came of a caption/unit line: a unit line not over a table is prose."""
        if self.pending_unit is not None and self.pending_unit[0].role == "unit":
            self.pending_unit[0].role = "body"
        self.pending_caption = self.pending_unit = None

    def paragraph(self, p) -> None:
        """One body paragraph: a heading, a caption/unit/note line or prose."""
        index = self.n_paragraphs
        self.n_paragraphs += 1
        self.page.paragraph(p)
        text = _clean(paragraph_text(p))
        if not text:
            return
        style = self.styles.of(p)
        level = _heading_level(p, style)
        label = self.numbering.label(p, style) if level is not None else ""
        if label:
            text = _clean(label + text)
        line = self.text.add(text)
        base = Location(page=self.page.number, paragraph=index, section=self.section)
        match = match_heading(text)
        if level is None and match is not None:
            level = match.level
        if level is not None:
            self._forget_pending()
            self.section = match.key if match is not None else " ".join(text.split())
            location = Location(line=line, column=1, end_line=line, end_column=len(text),
                                page=self.page.number, paragraph=index, section=self.section)
            heading = make_heading(text, level, location)
            if heading.number is None and label.strip():  # a label the grammar does not know
                heading.number = label.strip().rstrip("、．.:：)）").lstrip("(（") or None
                heading.title = " ".join(text[len(label.rstrip()):].split())
            self.blocks.append(heading)
            return
        block = Paragraph(text=text, smap=SourceMap.simple(line, 1, base), section=self.section)
        prev = self.blocks[-1] if self.blocks else None
        unit = parse_unit_line(text)
        if isinstance(prev, Table) and _NOTE.match(text):
            prev.notes.append(text)
            block.role = "note"
            self._forget_pending()
        elif _CAPTION_STYLE.match(style.name or "") or parse_caption(text) is not None:
            self._forget_pending()
            block.role = "caption"
            self.pending_caption = block
        elif unit and self.pending_unit is None:
            block.role = "unit"
            self.pending_unit = (block, unit)
        else:
            self._forget_pending()
        self.blocks.append(block)

    # -- charts ----------------------------------------------------------------
    def collect_charts(self, p) -> None:
        """Charts drawn in paragraph ``p``; they are written once the next block shows
        whether a figure caption follows them."""
        caption = self.pending_caption
        above = caption.text if caption is not None and _is_figure(caption.text) else None
        for rid in _chart_ids(p):
            root = self.source.chart(rid)
            if root is not None:
                self.pending_charts.append(
                    _PendingChart(root, self.page.number, self.n_paragraphs - 1, above))
                above = None
                if caption is not None:
                    self.pending_caption = None

    def flush_charts(self, following) -> None:
        """Write the pending charts; ``following``: the paragraph after them, or None."""
        if not self.pending_charts:
            return
        charts, self.pending_charts = self.pending_charts, []
        below = None
        if following is not None:
            text = _clean(paragraph_text(following))
            below = text if _is_figure(text) else None
        for k, pending in enumerate(charts):
            caption = pending.caption or (below if k == len(charts) - 1 else None)
            self.chart(pending, caption)

    def chart_line(self, text: str) -> int:
        """A line of ``Document.text`` that no paragraph or table row of the file wrote."""
        return self.text.add(text)

    def chart(self, pending: _PendingChart, figure_caption: str | None) -> None:
        data = read_chart(pending.root)
        grid_texts = data.grid() if data is not None else []
        if len(grid_texts) < 2 or data is None:
            return
        self.n_tables += 1
        self.n_charts += 1
        caption = figure_caption or data.title
        table_id, caption, _unit = self.ids.name(caption, self.n_tables, figure=True)
        grid = self._lines_of(grid_texts, [pending.page] * len(grid_texts), table_id,
                              self.chart_line)
        location = Location(line=grid[0][0].location.line, column=1, page=pending.page,
                            paragraph=pending.paragraph, table=table_id, section=self.section)
        self.blocks.append(build_table(grid, id=table_id, caption=caption, location=location,
                                       section=self.section, explicit_spans=True, kind="chart"))

    # -- tables ----------------------------------------------------------------
    def table(self, tbl) -> None:
        """One Word table: a line of ``Document.text`` per row, then ``build_table``."""
        inner: list = []
        nested = next(tbl.iterancestors(_W_TC), None) is not None
        grid_texts, pages = self._grid(tbl, inner, count_pages=not nested)
        if inner:
            self.nested[tbl] = inner
        if not grid_texts:
            self._forget_pending()
            return
        self.n_tables += 1
        caption = self.pending_caption.text if self.pending_caption else None
        unit = self.pending_unit[1] if self.pending_unit else None
        self.pending_caption = self.pending_unit = None
        table_id, caption, caption_unit = self.ids.name(caption, self.n_tables)
        unit = unit or caption_unit
        grid = self._lines_of(grid_texts, pages, table_id, self.text.add)
        location = Location(line=grid[0][0].location.line, column=1, page=pages[0],
                            table=table_id, section=self.section)
        self.blocks.append(build_table(grid, id=table_id, caption=caption, unit=unit,
                                       location=location, section=self.section,
                                       explicit_spans=True))

    def _lines_of(self, grid_texts: list[list[str]], pages: list[int | None], table_id: str,
                  add: Callable[[str], int]) -> list[list[RawCell]]:
        """Write one line per row (cells joined by tabs) and place each cell on it."""
        width = max(len(row) for row in grid_texts)
        grid: list[list[RawCell]] = []
        for r, (texts, page) in enumerate(zip(grid_texts, pages, strict=True)):
            texts = texts + [""] * (width - len(texts))
            # A cell's own line breaks become spaces (same length: columns stay exact).
            line_no = add("\t".join(t.replace("\n", " ") for t in texts))
            column = 1
            row: list[RawCell] = []
            for c, cell_text in enumerate(texts):
                # positional: this constructor runs for every cell
                location = Location(line_no, column, line_no,
                                    column + max(len(cell_text), 1) - 1, page, None,
                                    table_id, r, c, self.section)
                smap = SourceMap(((0, line_no, column),), location) if cell_text else None
                row.append(RawCell(cell_text, location, smap))
                column += len(cell_text) + 1
            grid.append(row)
        return grid

    def _grid(self, tbl, inner: list, *, count_pages: bool = True
              ) -> tuple[list[list[str]], list[int | None]]:
        """Cell texts (merged continuations ``""``) and the page of each row.

        Tables nested in cells are not part of the cell text; they go to ``inner``.
        """
        rows: list[list[str]] = []
        pages: list[int | None] = []
        cells = 0
        for tr in _rows(tbl):
            if count_pages:
                self.page.row(tr)
            pages.append(self.page.number)
            tr_pr = tr.find(_W_TRPR)
            row: list[str] = [""] * _int_prop(tr_pr, "w:gridBefore", 0)
            for tc in _cells(tr):
                tc_pr = tc.find(_W_TCPR)
                span = max(_int_prop(tc_pr, "w:gridSpan", 1), 1)
                vmerge = tc_pr.find(_W_VMERGE) if tc_pr is not None else None
                continued = vmerge is not None and vmerge.get(_W_VAL) in (None, "continue")
                text = "" if continued else self._cell_text(tc, inner)
                row.append(text)
                row.extend([""] * (span - 1))
            row.extend([""] * _int_prop(tr_pr, "w:gridAfter", 0))
            cells += len(row)
            if cells > MAX_TABLE_CELLS:
                raise ReadError(f"a table is too large (over {MAX_TABLE_CELLS} cells)",
                                code="too-large")
            rows.append(row)
        while rows and not any(rows[-1]):
            rows.pop()
            pages.pop()
        return (rows, pages) if any(any(row) for row in rows) else ([], [])

    def _cell_text(self, tc, inner: list) -> str:
        parts: list[str] = []
        for child in _body_children(tc):
            if child.tag == _W_P:
                parts.append(paragraph_text(child))
            else:
                inner.append(child)
        # Paragraphs inside a cell are the author's line breaks (lists of names): kept.
        return "\n".join(text for text in (_clean(part) for part in parts) if text)


def _is_figure(text: str) -> bool:
    info = parse_caption(text)
    return info is not None and info.kind == "figure"


_MC_FALLBACK = qn("mc:Fallback")
_NOT_DRAWN = {_MC_FALLBACK}


def _chart_ids(p) -> list[str]:
    """``r:id`` of each chart drawn in a paragraph (not the picture a fallback repeats)."""
    return [rid for child in _descendants(p, _NOT_DRAWN) if child.tag == CHART_REF
            and (rid := child.get(_R_ID))]


def _descendants(element, skip: set[str]) -> Iterator:
    """The elements under ``element`` in document order, not entering those in ``skip``."""
    stack = [iter(element)]
    while stack:
        child = next(stack[-1], None)
        if child is None:
            stack.pop()
            continue
        tag = child.tag
        if isinstance(tag, str) and tag not in skip:
            yield child
            if len(child):
                stack.append(iter(child))


_W_T, _W_TAB, _W_BR, _W_CR = qn("w:t"), qn("w:tab"), qn("w:br"), qn("w:cr")
_W_NB_HYPHEN = qn("w:noBreakHyphen")
_W_RENDERED_BREAK = qn("w:lastRenderedPageBreak")
# Never part of the visible paragraph text: properties, deleted/moved-away runs,
# text boxes (anchored elsewhere on the page) and the fallback copy of a drawing.
_SKIP_TEXT = {qn("w:pPr"), qn("w:rPr"), qn("w:del"), qn("w:moveFrom"), qn("w:txbxContent"),
              _MC_FALLBACK}


def paragraph_text(p) -> str:
    """The text Word shows for a paragraph, tracked insertions and field results included."""
    parts: list[str] = []
    for child in _descendants(p, _SKIP_TEXT):
        tag = child.tag
        if tag == _W_T:
            parts.append(child.text or "")
        elif tag == _W_TAB:
            parts.append("\t")
        elif tag in (_W_BR, _W_CR):
            parts.append("\n")
        elif tag == _W_NB_HYPHEN:
            parts.append("-")
    return "".join(parts)


class _Pages:
    """Page numbers from the page breaks Word recorded when it last laid the file out.

    Word writes ``w:lastRenderedPageBreak`` where each page began; files made by
    other tools have none, and then the page is unknown (None), not guessed.
    """

    def __init__(self, body) -> None:
        self.known = next(body.iter(_W_RENDERED_BREAK), None) is not None
        self.number: int | None = 1 if self.known else None
        self._current = 1

    def _advance(self, element) -> None:
        """``number``: the page ``element`` starts on; later blocks go after its breaks."""
        if not self.known:
            return
        start = self._current
        seen_text = False
        for node in element.iter(_W_RENDERED_BREAK, _W_T):
            if node.tag == _W_T:
                seen_text = seen_text or bool((node.text or "").strip())
                continue
            self._current += 1
            if not seen_text:
                start = self._current
        self.number = start

    def paragraph(self, p) -> None:
        self._advance(p)

    def row(self, tr) -> None:
        self._advance(tr)


def _single_column(tbl) -> bool:
    """Every row is one cell spanning the whole table."""
    rows = list(_rows(tbl))
    return bool(rows) and all(len(list(_cells(tr))) == 1 for tr in rows) and all(
        _int_prop(tr, "w:trPr/w:gridBefore", 0) == 0 and _int_prop(tr, "w:trPr/w:gridAfter", 0) == 0
        for tr in rows
    )


def _body_children(element) -> Iterator:
    """Paragraphs and tables of a body or cell, looking through content controls."""
    for child in element.iterchildren(_W_P, _W_TBL, _W_SDT):
        if child.tag == _W_SDT:
            content = child.find(_W_SDT_CONTENT)
            if content is not None:
                yield from _body_children(content)
        else:
            yield child


def _controlled(parent, tag: str) -> Iterator:
    """Children ``tag`` of ``parent``, also those inside a content control."""
    for child in parent.iterchildren(tag, _W_SDT):
        if child.tag == tag:
            yield child
        else:
            content = child.find(_W_SDT_CONTENT)
            if content is not None:
                yield from content.iterchildren(tag)


def _rows(tbl) -> Iterator:
    return _controlled(tbl, _W_TR)


def _cells(tr) -> Iterator:
    return _controlled(tr, _W_TC)


@functools.cache
def _clark(path: str) -> str:
    """``w:tcPr/w:gridSpan`` → the Clark path ``find`` takes (built once per path)."""
    return "/".join(qn(part) for part in path.split("/"))


def _int_prop(element, path: str, default: int) -> int:
    """An integer ``w:val`` (gridSpan, gridBefore …) at ``path`` under ``element`` (which
    may be missing), capped: files can claim anything."""
    if element is None:
        return default
    node = element.find(_clark(path))
    if node is None:
        return default
    try:
        return min(max(int(node.get(_W_VAL, default)), 0), MAX_GRID_SPAN)
    except ValueError:
        return default


def _heading_level(p, style: Style) -> int | None:
    """Level from an outline level, a Heading/Title style or its chain; None for body text."""
    level = outline_level(p)
    if level is not None:
        return level
    name = (style.name or "").strip()
    if name:
        m = _HEADING_STYLE.match(name)
        if m:
            return max(int(m.group(1)), 1)
        if _TITLE_STYLE.match(name):
            return 1
    return style.outline_level


def _open(data: bytes) -> tuple[ooxml.Package, str]:
    """The checked package and the name of its main document part."""
    package = ooxml.Package(data, ".docx")
    main = package.main_part() or "word/document.xml"
    content_type = package.content_type(main) or ""
    if main not in package.names or not any(word in content_type for word in _WORD_MAIN):
        package.close()
        raise ReadError("not a .docx file (the package is not a Word document)",
                        code="wrong-format")
    return package, main


def source_of(package: ooxml.Package, main: str) -> WordSource:
    """The walker's view of a package: body, styles and numbering parsed, charts on demand."""
    root = package.xml(main, DOCUMENT_BUDGET)
    body = root.find(_W_BODY)
    if body is None:
        raise ReadError("not a valid .docx (the document has no body)", code="corrupt")

    def part(rel_type: str):
        names = package.related(main, rel_type)
        return package.xml(names[0], PART_BUDGET) if names else None

    rels = package.rels(main)

    def chart(rid: str):
        rel_type, target = rels.get(rid, ("", ""))
        if not rel_type.endswith("/chart") or target not in package.names:
            return None
        return package.xml(target, CHART_BUDGET)

    return WordSource(body, Styles(part("styles")), Numbering(part("numbering")), chart)


def read(data: bytes, path: str) -> Document:
    package, main = _open(data)
    with package:
        source = source_of(package, main)
        walker = _Walker(source)
        walker.walk(source.body)
        walker.finish()
    text = "\n".join(walker.text.lines)
    if not walker.blocks:
        raise ReadError("the .docx has no text", code="no-text")
    return Document(path=path, format="docx", blocks=walker.blocks,
                    language=detect_language(text), text=text + "\n",
                    meta={"paragraphs": walker.n_paragraphs, "tables": walker.n_tables,
                          "charts": walker.n_charts})
