"""Word (.docx) reader: headings, prose and real Word tables, in body order.

Word keeps no line numbers, so this reader writes its own text
(``Document.text``): one line per non-empty body paragraph, one line per
table row with the cells joined by tabs. Every Location points into that
text (``line``/``column``) and into the original (``paragraph``: index of the
body paragraph; ``table``/``row``/``col`` for cells).

Merged cells follow the project convention: a ``gridSpan`` continues to the
right as ``""`` cells, a ``vMerge`` continuation is ``""``; the rectangular
grid goes to ``tablebuild.build_table(explicit_spans=True)``.

The package is checked first (``ooxml``): a zip bomb, a DTD or a truncated
ZIP is refused before python-docx parses anything.
"""

from __future__ import annotations

import io
import re
from collections import Counter
from collections.abc import Iterator
from dataclasses import dataclass, field

from docx.oxml.ns import qn
from docx.text.paragraph import Paragraph as DocxParagraph

from vetlint.document import Block, Document, Heading, Location, Paragraph, SourceMap, Table
from vetlint.errors import ReadError
from vetlint.readers import ooxml
from vetlint.readers.headings import match_heading
from vetlint.readers.language import detect_language
from vetlint.readers.tablebuild import RawCell, build_table, parse_caption, parse_unit_line

MAX_TABLE_CELLS = 200_000
MAX_GRID_SPAN = 64  # Word's own limit on table columns is 63
MAX_STYLE_DEPTH = 20

_HEADING_STYLE = re.compile(r"^(?:heading|标题)\s*(\d)$", re.IGNORECASE)
_CAPTION_STYLE = re.compile(r"^(?:caption|题注)$", re.IGNORECASE)
_TITLE_STYLE = re.compile(r"^(?:title|标题)$", re.IGNORECASE)
_NOTE = re.compile(r"^\s*(注[:：]|注释[:：]|说明[:：]|数据来源[:：]|资料来源[:：])")
_WS = re.compile(r"[\t\r\n\v\f\u00a0]+")

_W_P, _W_TBL, _W_SDT = qn("w:p"), qn("w:tbl"), qn("w:sdt")
_W_SDT_CONTENT, _W_TR, _W_TC = qn("w:sdtContent"), qn("w:tr"), qn("w:tc")
_W_VAL = qn("w:val")


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
class TableIds:
    """Table ids as every reader gives them: ``表1-6`` from the caption, else ``T3``.

    ``T3`` is the third table of the document; a repeated id gets ``#2``.
    """

    seen: Counter[str] = field(default_factory=Counter)

    def name(self, caption: str | None, n: int) -> tuple[str, str | None, str | None]:
        """``(id, caption with spaces normalised, unit printed in the caption)``."""
        caption = " ".join(caption.split()) if caption else None
        info = parse_caption(caption) if caption else None
        if info is not None and info.kind == "table":
            table_id, unit = info.id, info.unit
        else:
            table_id, unit = f"T{n}", None
        self.seen[table_id] += 1
        if self.seen[table_id] > 1:
            table_id = f"{table_id}#{self.seen[table_id]}"
        return table_id, caption, unit


_CN_DIGITS = "零一二三四五六七八九"


def _chinese_number(n: int) -> str:
    """1 → 一, 10 → 十, 12 → 十二, 20 → 二十, 105 → 一百零五 (enough for section numbers)."""
    if n <= 0 or n >= 1000:
        return str(n)
    hundreds, rest = divmod(n, 100)
    tens, ones = divmod(rest, 10)
    out = f"{_CN_DIGITS[hundreds]}百" if hundreds else ""
    if tens:
        out += ("" if tens == 1 and not hundreds else _CN_DIGITS[tens]) + "十"
    elif hundreds and ones:
        out += "零"
    if ones:
        out += _CN_DIGITS[ones]
    return out


def _roman(n: int) -> str:
    out = ""
    for value, letters in ((1000, "M"), (900, "CM"), (500, "D"), (400, "CD"), (100, "C"),
                           (90, "XC"), (50, "L"), (40, "XL"), (10, "X"), (9, "IX"), (5, "V"),
                           (4, "IV"), (1, "I")):
        while n >= value:
            out, n = out + letters, n - value
    return out


def _format_number(n: int, fmt: str) -> str:
    if fmt in ("chineseCounting", "chineseCountingThousand", "ideographTraditional",
               "japaneseCounting", "chineseLegalSimplified", "taiwaneseCounting"):
        return _chinese_number(n)
    if fmt in ("upperLetter", "lowerLetter"):
        letter = chr(ord("A") + (n - 1) % 26) * ((n - 1) // 26 + 1)
        return letter if fmt == "upperLetter" else letter.lower()
    if fmt in ("upperRoman", "lowerRoman"):
        return _roman(n) if fmt == "upperRoman" else _roman(n).lower()
    if fmt == "decimalEnclosedCircle" and 1 <= n <= 20:
        return chr(0x2460 + n - 1)
    if fmt == "decimalZero":
        return f"{n:02d}"
    return str(n)


class _Numbering:
    """The labels Word draws for numbered headings (``1.1``, ``一、``, ``（二）``).

    The label is not in the paragraph's text: Word computes it from
    ``numbering.xml`` while laying out. Only headings get it here, so section
    numbers read the same as in the PDF of the same file; list items in prose
    are left as their text.
    """

    def __init__(self, doc) -> None:
        self.levels: dict[str, dict[int, tuple[int, str, str, str]]] = {}
        self.abstract_of: dict[str, str] = {}
        self.counters: dict[str, list[int]] = {}
        self.level_of_style: dict[tuple[str, str], int] = {}  # a level linked to a style
        try:
            root = doc.part.numbering_part.element
        except (KeyError, NotImplementedError, AttributeError, ValueError):
            return
        for abstract in root.iterchildren(qn("w:abstractNum")):
            levels: dict[int, tuple[int, str, str, str]] = {}
            for lvl in abstract.iterchildren(qn("w:lvl")):
                try:
                    ilvl = int(lvl.get(qn("w:ilvl"), "0"))
                    start = int(_val(lvl, "w:start") or "1")
                except ValueError:
                    continue
                suffix = _val(lvl, "w:suff") or "tab"
                if lvl.find(qn("w:isLgl")) is not None:  # "legal" style: every number decimal
                    suffix += "+legal"
                levels[ilvl] = (start, _val(lvl, "w:numFmt") or "decimal",
                                _val(lvl, "w:lvlText") or "", suffix)
                style_id = _val(lvl, "w:pStyle")
                if style_id:
                    self.level_of_style[(abstract.get(qn("w:abstractNumId"), ""), style_id)] = ilvl
            self.levels[abstract.get(qn("w:abstractNumId"), "")] = levels
        for num in root.iterchildren(qn("w:num")):
            self.abstract_of[num.get(qn("w:numId"), "")] = _val(num, "w:abstractNumId") or ""

    def label(self, para: DocxParagraph) -> str:
        """The label of ``para`` (counting it), or ``""`` when it is not numbered."""
        num_id, ilvl = _num_pr(para)
        abstract = self.abstract_of.get(num_id or "")
        levels = self.levels.get(abstract or "")
        if ilvl is None and num_id is not None:
            ppr = para._p.pPr
            style_id = ppr.pStyle.val if ppr is not None and ppr.pStyle is not None else ""
            ilvl = self.level_of_style.get((abstract or "", style_id or ""), 0)
        if not levels or ilvl is None or ilvl not in levels:
            return ""
        counters = self.counters.setdefault(abstract or "", [0] * 10)
        ilvl = min(ilvl, 9)
        for k in range(ilvl):  # a level used before its parents starts them at 1
            if counters[k] == 0:
                counters[k] = levels.get(k, (1,))[0]
        counters[ilvl] = counters[ilvl] + 1 if counters[ilvl] else levels[ilvl][0]
        for k in range(ilvl + 1, len(counters)):
            counters[k] = 0
        _, fmt, text, suffix = levels[ilvl]
        if fmt in ("bullet", "none"):
            return ""

        legal = suffix.endswith("+legal")
        suffix = suffix.removesuffix("+legal")

        def level_text(m: re.Match[str]) -> str:
            k = int(m.group(1)) - 1
            k_fmt = "decimal" if legal else levels.get(k, (1, "decimal", "", ""))[1]
            return _format_number(counters[k] if 0 <= k < len(counters) else 0, k_fmt)

        label = re.sub(r"%([1-9])", level_text, text)
        if not label:
            return ""
        if suffix == "nothing" or re.search(r"[、．：:）)]$", label):
            return label
        return label + " "


def _val(element, path: str) -> str | None:
    node = element.find("/".join(qn(part) for part in path.split("/")))
    return None if node is None else node.get(_W_VAL)


def _num_pr(para: DocxParagraph) -> tuple[str | None, int | None]:
    """``(numId, ilvl)`` from the paragraph, else from its style chain."""
    elements = [para._p]
    try:
        style = para.style
        for _ in range(MAX_STYLE_DEPTH):
            if style is None:
                break
            elements.append(style.element)
            style = style.base_style
    except (KeyError, ValueError, AttributeError):
        pass
    num_id: str | None = None
    ilvl: int | None = None
    for element in elements:
        num_pr = element.find(f"{qn('w:pPr')}/{qn('w:numPr')}")
        if num_pr is None:
            continue
        num_id = num_id or _val(num_pr, "w:numId")
        if ilvl is None and _val(num_pr, "w:ilvl") is not None:
            try:
                ilvl = int(_val(num_pr, "w:ilvl") or "0")
            except ValueError:
                ilvl = 0
        if num_id is not None:
            break
    if num_id is None or num_id == "0":  # numId 0 switches numbering off
        return None, None
    return num_id, ilvl  # ilvl None: the level is the one linked to the style


class _Walker:
    """Turns the body of a python-docx document into blocks in order."""

    def __init__(self, doc) -> None:
        self.doc = doc
        self.text = _Text()
        self.blocks: list[Block] = []
        self.section: str | None = None
        self.n_paragraphs = 0
        self.n_tables = 0
        self.pending_caption: Paragraph | None = None
        self.pending_unit: tuple[Paragraph, str] | None = None
        self.ids = TableIds()
        self.page = _Pages(doc.element.body)
        self.nested: dict = {}  # table element → tables nested in its cells
        self.numbering = _Numbering(doc)

    # -- body ------------------------------------------------------------------
    def walk(self, element) -> None:
        """Read the paragraphs and tables of a body (or of a framing table's cell)."""
        self.walk_items(_body_children(element))

    def walk_items(self, items) -> None:
        for child in items:
            if child.tag == _W_P:
                self.paragraph(DocxParagraph(child, self.doc._body))
            elif _single_column(child):
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

    def paragraph(self, para: DocxParagraph) -> None:
        """One body paragraph: a heading, a caption/unit/note line or prose."""
        index = self.n_paragraphs
        self.n_paragraphs += 1
        self.page.paragraph(para._p)
        text = _clean(paragraph_text(para._p))
        if not text:
            return
        style = _style_name(para)
        level = _heading_level(para, style)
        label = self.numbering.label(para) if level is not None else ""
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
        elif _CAPTION_STYLE.match(style or "") or parse_caption(text) is not None:
            self._forget_pending()
            block.role = "caption"
            self.pending_caption = block
        elif unit and self.pending_unit is None:
            block.role = "unit"
            self.pending_unit = (block, unit)
        else:
            self._forget_pending()
        self.blocks.append(block)

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
        width = max(len(row) for row in grid_texts)
        grid: list[list[RawCell]] = []
        first_line: int | None = None
        for r, (texts, page) in enumerate(zip(grid_texts, pages, strict=True)):
            texts = texts + [""] * (width - len(texts))
            # A cell's own line breaks become spaces (same length: columns stay exact).
            line_no = self.text.add("\t".join(t.replace("\n", " ") for t in texts))
            first_line = first_line or line_no
            column = 1
            row: list[RawCell] = []
            for c, cell_text in enumerate(texts):
                location = Location(
                    line=line_no, column=column, end_line=line_no,
                    end_column=column + max(len(cell_text), 1) - 1,
                    page=page, table=table_id, row=r, col=c, section=self.section,
                )
                smap = SourceMap.simple(line_no, column, location) if cell_text else None
                row.append(RawCell(text=cell_text, location=location, smap=smap))
                column += len(cell_text) + 1
            grid.append(row)
        location = Location(line=first_line, column=1, page=pages[0], table=table_id,
                            section=self.section)
        self.blocks.append(build_table(grid, id=table_id, caption=caption, unit=unit,
                                       location=location, section=self.section,
                                       explicit_spans=True))

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
            row: list[str] = [""] * _int_prop(tr, "w:trPr/w:gridBefore", 0)
            for tc in _cells(tr):
                span = max(_int_prop(tc, "w:tcPr/w:gridSpan", 1), 1)
                vmerge = tc.find(f"{qn('w:tcPr')}/{qn('w:vMerge')}")
                continued = vmerge is not None and vmerge.get(_W_VAL) in (None, "continue")
                text = "" if continued else self._cell_text(tc, inner)
                row.append(text)
                row.extend([""] * (span - 1))
            row.extend([""] * _int_prop(tr, "w:trPr/w:gridAfter", 0))
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


_W_T, _W_TAB, _W_BR, _W_CR = qn("w:t"), qn("w:tab"), qn("w:br"), qn("w:cr")
_W_NB_HYPHEN = qn("w:noBreakHyphen")
_W_RENDERED_BREAK = qn("w:lastRenderedPageBreak")
# Never part of the visible paragraph text: properties, deleted/moved-away runs,
# text boxes (anchored elsewhere on the page) and the fallback copy of a drawing.
_SKIP_TEXT = {qn("w:pPr"), qn("w:rPr"), qn("w:del"), qn("w:moveFrom"), qn("w:txbxContent"),
              "{http://schemas.openxmlformats.org/markup-compatibility/2006}Fallback"}


def paragraph_text(p) -> str:
    """The text Word shows for a paragraph, tracked insertions and field results included."""
    parts: list[str] = []
    stack = [iter(p)]
    while stack:
        child = next(stack[-1], None)
        if child is None:
            stack.pop()
            continue
        tag = child.tag
        if tag == _W_T:
            parts.append(child.text or "")
        elif tag == _W_TAB:
            parts.append("\t")
        elif tag in (_W_BR, _W_CR):
            parts.append("\n")
        elif tag == _W_NB_HYPHEN:
            parts.append("-")
        elif tag not in _SKIP_TEXT and isinstance(tag, str):
            stack.append(iter(child))
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
    for child in element.iterchildren():
        if child.tag == _W_SDT:
            content = child.find(_W_SDT_CONTENT)
            if content is not None:
                yield from _body_children(content)
        elif child.tag in (_W_P, _W_TBL):
            yield child


def _rows(tbl) -> Iterator:
    for child in tbl.iterchildren():
        if child.tag == _W_TR:
            yield child
        elif child.tag == _W_SDT:
            content = child.find(_W_SDT_CONTENT)
            if content is not None:
                yield from (tr for tr in content.iterchildren() if tr.tag == _W_TR)


def _cells(tr) -> Iterator:
    for child in tr.iterchildren():
        if child.tag == _W_TC:
            yield child
        elif child.tag == _W_SDT:
            content = child.find(_W_SDT_CONTENT)
            if content is not None:
                yield from (tc for tc in content.iterchildren() if tc.tag == _W_TC)


def _int_prop(element, path: str, default: int) -> int:
    """An integer ``w:val`` (gridSpan, gridBefore …), capped: files can claim anything."""
    node = element.find("/".join(qn(part) for part in path.split("/")))
    if node is None:
        return default
    try:
        return min(max(int(node.get(_W_VAL, default)), 0), MAX_GRID_SPAN)
    except ValueError:
        return default


def _style_name(para: DocxParagraph) -> str | None:
    try:
        style = para.style
    except (KeyError, ValueError, AttributeError):
        return None
    return style.name if style is not None else None


def _outline_level(element) -> int | None:
    node = element.find(f"{qn('w:pPr')}/{qn('w:outlineLvl')}") if element is not None else None
    if node is None:
        return None
    try:
        value = int(node.get(_W_VAL, "9"))
    except ValueError:
        return None
    return value + 1 if 0 <= value < 9 else None


def _heading_level(para: DocxParagraph, style: str | None) -> int | None:
    """Level from a Heading style or an outline level; None for body text."""
    level = _outline_level(para._p)
    if level is not None:
        return level
    if style:
        m = _HEADING_STYLE.match(style.strip())
        if m:
            return max(int(m.group(1)), 1)
        if _TITLE_STYLE.match(style.strip()):
            return 1
    try:
        style_obj = para.style
        for _ in range(MAX_STYLE_DEPTH):  # a hostile file may chain styles in a loop
            if style_obj is None:
                break
            level = _outline_level(style_obj.element)
            if level is not None:
                return level
            style_obj = style_obj.base_style
    except (KeyError, ValueError, AttributeError):
        return None
    return None


def make_heading(text: str, level: int, location: Location) -> Heading:
    """A Heading with the report's own numbering (``1.3``, ``一、``) split off."""
    match = match_heading(text)
    if match is not None:
        return Heading(text=text, number=match.number, title=match.title, level=level,
                       location=location)
    return Heading(text=text, number=None, title=" ".join(text.split()), level=level,
                   location=location)


def read(data: bytes, path: str) -> Document:
    # Every OPC package has [Content_Types].xml; the main part's name is the
    # package's business (python-docx follows the relationships to it).
    ooxml.check_package(data, ".docx", "[Content_Types].xml")
    try:
        import docx  # python-docx

        doc = docx.Document(io.BytesIO(data))
    except ReadError:
        raise
    except ValueError as exc:
        if "not a Word file" in str(exc):  # an .xlsx/.pptx renamed to .docx
            raise ReadError("not a .docx file (the package is not a Word document)",
                            code="wrong-format") from None
        raise ReadError(f"not a valid .docx (ValueError: {str(exc)[:200]})",
                        code="corrupt") from None
    except Exception as exc:  # python-docx raises KeyError/lxml errors on bad parts
        raise ReadError(
            f"not a valid .docx ({type(exc).__name__}: {str(exc)[:200]})", code="corrupt"
        ) from None
    walker = _Walker(doc)
    walker.walk(doc.element.body)
    text = "\n".join(walker.text.lines)
    if not walker.blocks:
        raise ReadError("the .docx has no text", code="no-text")
    return Document(path=path, format="docx", blocks=walker.blocks,
                    language=detect_language(text), text=text + "\n",
                    meta={"paragraphs": walker.n_paragraphs, "tables": walker.n_tables})
