"""One analysis per document: every figure read once, handed to every check.

``analyse(doc)`` walks the blocks in reading order: headings set the section's period and
subject, paragraphs become figures and sentences (``prose``), tables become ``TableView``s
with a figure per numeric cell (``tables``), a table's note paragraphs are read in that
table's scope, and the relations the report states are found once (``relations``). What
``vetlint extract`` prints is this object; the check kinds judge its figures and relations
and parse nothing themselves.
"""

from __future__ import annotations

import re
from collections.abc import Iterator, Sequence
from dataclasses import dataclass, field, replace
from typing import TYPE_CHECKING

from vetlint.document import Block, Document, Heading, Paragraph, SourceMap, Table
from vetlint.extract.figures import Figure
from vetlint.extract.indicators import IndicatorReader
from vetlint.extract.labels import Labeller
from vetlint.extract.lexicon import Lexicon, default_lexicon
from vetlint.extract.periods import document_period, find_periods
from vetlint.extract.prose import ParagraphReading, ProseContext, Sentence, read_paragraph
from vetlint.extract.scopes import (
    ReportScope,
    ScopeReader,
    institution_names,
    place_names,
    report_scope,
)
from vetlint.extract.shapes import ShapeSet, shape_set
from vetlint.extract.table_counts import TableCount, table_counts
from vetlint.extract.tables import TableReader, TableView

if TYPE_CHECKING:  # pragma: no cover
    from vetlint.extract.captions import Caption
    from vetlint.extract.garbled import GarbledNumber
    from vetlint.extract.index import FigureIndex
    from vetlint.extract.relations import Relations

TITLE_BLOCKS = 8


@dataclass(slots=True)
class Analysis:
    """Everything extraction read from one document."""

    doc: Document
    lexicon: Lexicon
    report: ReportScope
    period: str | None
    shapes: ShapeSet | None = None
    figures: list[Figure] = field(default_factory=list)
    sentences: list[Sentence] = field(default_factory=list)
    tables: list[TableView] = field(default_factory=list)
    paragraphs: dict[int, ParagraphReading] = field(default_factory=dict)
    note_of: dict[int, int] = field(default_factory=dict)  # note block → table index
    table_counts: list[TableCount] = field(default_factory=list)  # 名单（30个） and what it lists
    _relations: Relations | None = None
    _index: FigureIndex | None = None
    _garbled: list[GarbledNumber] | None = None
    _captions: list[Caption] | None = None

    @property
    def relations(self) -> Relations:
        """The relations the report states (found on first use, then kept)."""
        if self._relations is None:
            from vetlint.extract.relations import find_relations

            self._relations = find_relations(self)
        return self._relations

    @property
    def index(self) -> FigureIndex:
        """Figures by what they state (indicator, scope, period, unit family)."""
        if self._index is None:
            from vetlint.extract.index import FigureIndex

            self._index = FigureIndex(self.figures)
        return self._index

    @property
    def garbled(self) -> list[GarbledNumber]:
        """Numbers a typesetting slip broke (``1682 41人``), with the digits meant when known."""
        if self._garbled is None:
            from vetlint.extract.garbled import garbled_numbers
            from vetlint.extract.resolve import Resolver

            self._garbled = garbled_numbers(self, Resolver(self))
        return self._garbled

    @property
    def captions(self) -> list[Caption]:
        """The numbered captions (表3-6, 图2), in reading order."""
        if self._captions is None:
            from vetlint.extract.captions import captions

            self._captions = captions(self.doc)
        return self._captions

    def figure(self, fid: int) -> Figure:
        return self.figures[fid]

    def sentence_of(self, fig: Figure) -> Sentence | None:
        return self.sentences[fig.sentence] if fig.sentence is not None else None

    def sentence_figures(self, sentence: Sentence) -> list[Figure]:
        return [self.figures[i] for i in sentence.figures]

    def table_of(self, fig: Figure) -> TableView | None:
        return self.tables[fig.cell.table] if fig.cell is not None else None

    def prose_figures(self) -> Iterator[Figure]:
        return (f for f in self.figures if f.cell is None)


def analyse(doc: Document, lexicon: Lexicon | None = None, shapes: ShapeSet | None = None) -> Analysis:
    """The analysis of ``doc`` with ``lexicon`` and sentence ``shapes`` (the packaged ones by default)."""
    lex = lexicon or default_lexicon()
    shapes = shapes or shape_set(lex, ())
    titles = _title_texts(doc)
    period = document_period(titles)
    report = report_scope(lex, lex.simplify(_title(titles)), lex.simplify(_opening(doc)))
    labels = _row_labels(doc)
    scopes = ScopeReader(lex, report, institution_names(lex, labels), place_names(lex, labels))
    labeller = Labeller(lex)
    indicators = IndicatorReader(lex, scopes)
    tables = TableReader(lex, scopes, indicators, period, exact_counts=doc.language.startswith("zh"))
    out = Analysis(doc, lex, report, period, shapes)
    section_period: dict[int, str | None] = {}
    current_period = period
    last_table: int | None = None
    for b, block in _blocks(doc):
        if isinstance(block, Heading):
            current_period = _heading_period(block.text, lex, period) or (
                current_period if block.level > 1 else period
            )
            section_period[block.level] = current_period
            last_table = None
            continue
        if isinstance(block, Table):
            if not block.rows or not block.columns:
                continue
            view = tables.read(block, len(out.tables), first_id=len(out.figures), block=b)
            for key in sorted(view.cells):
                fig = view.cells[key]
                if fig.id != len(out.figures) or fig.block != b:  # numbered as read: rows and columns in order
                    fig = view.cells[key] = replace(fig, id=len(out.figures), block=b)
                out.figures.append(fig)
            for count in table_counts(view, lex):
                fig = replace(count.count, id=len(out.figures), block=b)
                out.figures.append(fig)
                out.table_counts.append(replace(count, count=fig))
            out.tables.append(view)
            last_table = view.index
            continue
        if not isinstance(block, Paragraph) or block.role in ("furniture", "unit"):
            continue
        if block.role == "note" and last_table is not None:
            out.note_of[b] = last_table
        ctx = ProseContext(lex, labeller, scopes, indicators, current_period)
        reading = read_paragraph(block, b, ctx, first_id=len(out.figures), first_sentence=len(out.sentences))
        if block.role == "note" and last_table is not None:
            view = out.tables[last_table]
            reading.figures = [_in_table_scope(f, view) for f in reading.figures]
        out.paragraphs[b] = reading
        out.figures.extend(reading.figures)
        out.sentences.extend(reading.sentences)
        if block.role == "body":
            last_table = None
    return out


def analyse_with(doc: Document, rule_dirs: Sequence[str] = ()) -> Analysis:
    """The analysis of ``doc`` in the language of ``rule_dirs``: the packaged lexicon and
    shapes with those folders' ``*.lexicon.yaml`` and ``*.shapes.yaml`` (what ``check`` and
    ``extract`` both read with)."""
    from vetlint.extract.lexicon import load_lexicon

    dirs = tuple(rule_dirs)
    lexicon = load_lexicon(dirs)
    return analyse(doc, lexicon, shape_set(lexicon, dirs))


_SENTENCE_DONE = ("。", "！", "？", "!", "?", "；", ";", "：", ":", "”", "）", ")")
_CONTINUATION = re.compile(r"^\s*(万|亿|千)?(元|人次|人|名|个|所|%|％|平方米)")


def _blocks(doc: Document) -> list[tuple[int, Block]]:
    """The blocks in order, a paragraph broken by a page break joined to its continuation.

    A PDF or its text export breaks ``县职业教育中心现有专任`` / ``- 3 -`` / ``教师 156 人`` (and
    ``发放资金 7761.955`` / ``万元。``, or ``…生均校舍`` / ``建筑面积 28.63 平方米``): the sentence is
    only readable whole. Offsets of the continuation keep pointing at its own lines.
    """
    out: list[tuple[int, Block]] = []
    furniture = False
    for b, block in enumerate(doc.blocks):
        if isinstance(block, Paragraph) and block.role == "furniture":
            furniture = True
            continue
        if isinstance(block, Paragraph) and block.role == "body" and out:
            j, prev = out[-1]
            if isinstance(prev, Paragraph) and prev.role == "body" and _continues(prev.text, block.text, furniture):
                shift = len(prev.text)
                segments = prev.smap.segments + tuple((o + shift, ln, col) for o, ln, col in block.smap.segments)
                out[-1] = (j, Paragraph(prev.text + block.text, SourceMap(segments, prev.smap.base), prev.section, prev.role))
                furniture = False
                continue
        out.append((b, block))
        furniture = False
    return out


def _continues(prev: str, text: str, page_break: bool) -> bool:
    end = prev.rstrip()
    if not end or end.endswith(_SENTENCE_DONE):
        return False
    if _CONTINUATION.match(text) and end[-1].isdigit():
        return True
    starts_in_words = bool(re.match(r"[\u4e00-\u9fff\d]", text.lstrip()))
    if page_break and len(end) >= 20 and starts_in_words:
        return True
    # an export that wrapped a sentence into two paragraphs: prose that stops mid-word
    return len(end) >= 40 and bool(re.search(r"[，,；;]", end)) and bool(
        re.match(r"[\u4e00-\u9fff]", end[-1])) and starts_in_words


def _in_table_scope(fig: Figure, view: TableView) -> Figure:
    """A table note speaks of the table's subject (注：县职业教育中心 2748 名在校生…)."""
    if view.scope is None or not fig.scope.is_whole:
        return fig
    scope = replace(fig.scope, region=view.scope.region, institution=view.scope.institution,
                    sector=view.scope.sector or fig.scope.sector)
    return replace(fig, scope=scope)


def _heading_period(text: str, lex: Lexicon, default: str | None) -> str | None:
    for m in find_periods(text, lex):
        if m.year and not m.comparison and not m.cumulative:
            return m.year
    return None


def _title(texts: list[str]) -> str:
    """The report's title: the first title line that names a report (…报告), else the first."""
    for text in texts:
        if "报告" in text:
            return text
    return texts[0] if texts else ""


def _opening(doc: Document, limit: int = 4000) -> str:
    """The report's first paragraphs (to find its area when the title does not say)."""
    out: list[str] = []
    size = 0
    for block in doc.blocks:
        if isinstance(block, Paragraph | Heading):
            out.append(block.text)
            size += len(block.text)
            if size >= limit:
                break
    return "\n".join(out)


def _row_labels(doc: Document) -> list[str]:
    out = []
    for table in doc.tables:
        for row in table.rows:
            for cell in row[: max(1, table.label_columns)]:
                if cell.text.strip():
                    out.append(cell.text)
    return out


def _title_texts(doc: Document) -> list[str]:
    texts = []
    for block in doc.blocks:
        if isinstance(block, Paragraph) and block.role in ("caption", "unit", "note"):
            continue  # 表1：2019—2020年…: a table's years, not the report's
        if isinstance(block, Heading | Paragraph) and block.text.strip():
            texts.append(block.text)
        if len(texts) >= TITLE_BLOCKS:
            break
    return texts
