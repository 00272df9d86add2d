"""What every prose kind shares: the relations of each paragraph, found once per
document, and the search for a figure a sentence names but does not print
(``占专任教师总数的47%`` needs 专任教师 from elsewhere: same sentence, same
paragraph, same section, then the whole report, tables included).

Not a kind itself (no ``SPEC``): a helper module for the ``prose_*`` kinds.
"""

from __future__ import annotations

import re
from collections.abc import Sequence
from dataclasses import dataclass, field, replace
from functools import lru_cache
from typing import Literal

from vetlint.checks import Figure
from vetlint.document import Document, Location, Paragraph, SourceMap
from vetlint.engine.context import Context
from vetlint.engine.grid import Grid
from vetlint.engine.packs import Rule
from vetlint.extract.legacy_relations import (
    Mention,
    Relations,
    counts_label,
    extract_relations,
    label_matches,
    period_at,
    scope_at,
)
from vetlint.intervals import Interval
from vetlint.numbers import Number

Where = Literal["sentence", "paragraph", "section", "document", "table"]
NEAR: tuple[str, ...] = ("sentence", "paragraph")


@dataclass(slots=True)
class ProsePara:
    """One body paragraph, its numbers and what it states."""

    index: int
    para: Paragraph
    relations: Relations

    @property
    def section(self) -> str | None:
        return self.para.section

    def location(self, m: Mention) -> Location:
        return self.para.smap.locate(m.start, m.end).with_(section=self.para.section)

    def figure(self, m: Mention, label: str | None = None) -> Figure:
        n = m.number
        return Figure(n.text, n.value, self.location(m), n.low, n.high, label or m.label or None)


@dataclass(slots=True)
class TableFact:
    """A figure from a table cell: row or column label, the latest period."""

    label: str
    number: Number
    figure: Figure
    section: str | None


@dataclass(slots=True)
class Found:
    """A figure the resolver found for a name, and how far it had to look."""

    number: Number
    figure: Figure
    where: Where
    mention: Mention | None = None
    scope_differs: bool = False  # 累计 / 不含… / 高职 on one side only

    @property
    def interval(self) -> Interval:
        return interval(self.number)


@dataclass(slots=True)
class Analysis:
    paras: list[ProsePara] = field(default_factory=list)
    table_facts: list[TableFact] = field(default_factory=list)
    eligible: dict[int, list[Mention]] | None = None  # resolve's candidates, built on first use


_CACHE: dict[int, tuple[Document, Analysis]] = {}


def analyse(ctx: Context) -> Analysis:
    """Relations of every paragraph of ``ctx.doc``, computed once per document."""
    key = id(ctx.doc)
    hit = _CACHE.get(key)
    if hit is not None and hit[0] is ctx.doc:
        return hit[1]
    from vetlint.extract.facts import numbers_in

    out = Analysis()
    for i, block in _joined_paragraphs(ctx.doc):
        if not any(ch.isdigit() for ch in block.text):
            continue
        try:
            numbers = numbers_in(block.text)
        except Exception:  # a parser bug must not stop the other checks
            continue
        out.paras.append(ProsePara(i, block, extract_relations(block.text, numbers)))
    out.table_facts = _table_facts(ctx)
    if len(_CACHE) > 8:
        _CACHE.clear()
    _CACHE[key] = (ctx.doc, out)
    return out


_CONTINUATION = re.compile(r"^\s*(万|亿|千)?(元|人次|人|名|个|所|%|％|平方米)")


def _joined_paragraphs(doc: Document) -> list[tuple[int, Paragraph]]:
    """Body paragraphs, with a figure broken across a page or line re-joined.

    PDF text often breaks ``发放资金 7761.955`` / ``万元。其中，…`` into two
    paragraphs; the sentence (and its 其中) only makes sense whole. Offsets of
    the second part are mapped to its own lines.
    """
    out: list[tuple[int, Paragraph]] = []
    for i, block in enumerate(doc.blocks):
        if not isinstance(block, Paragraph) or block.role in ("furniture", "unit"):
            continue
        if out and _CONTINUATION.match(block.text) and re.search(r"\d\s*$", out[-1][1].text):
            j, prev = out[-1]
            shift = len(prev.text)
            segments = prev.smap.segments + tuple((o + shift, ln, col) for o, ln, col in block.smap.segments)
            merged = Paragraph(prev.text + block.text, SourceMap(segments, prev.smap.base), prev.section, prev.role)
            out[-1] = (j, merged)
            continue
        out.append((i, block))
    return out


def _table_facts(ctx: Context) -> list[TableFact]:
    """Each labelled figure of each table at its latest period (row or column label)."""
    out: list[TableFact] = []
    for grid in ctx.grids():
        try:
            for r in range(grid.n_rows):
                label = grid.row_label(r)
                cols = [
                    c for c in range(grid.label_cols, grid.n_cols)
                    if grid.num(r, c) is not None and grid.col_year(c)
                ]
                if label and cols:
                    c = max(cols, key=lambda c: grid.col_year(c) or 0)
                    n = grid.num(r, c)
                    if n is not None:
                        n = scaled(n, label + grid.col_label(c), grid.table.unit)
                        out.append(TableFact(label, n, _fact_figure(grid, r, c, label, n), grid.table.section))
            for c in range(grid.label_cols, grid.n_cols):
                label = grid.leaf(c)
                rows = [
                    r for r in range(grid.n_rows)
                    if grid.num(r, c) is not None and grid.row_year(r)
                ]
                if label and rows:
                    r = max(rows, key=lambda r: grid.row_year(r) or 0)
                    n = grid.num(r, c)
                    if n is not None:
                        n = scaled(n, grid.col_label(c), grid.table.unit)
                        out.append(TableFact(label, n, _fact_figure(grid, r, c, label, n), grid.table.section))
        except Exception:  # an odd table shape: its figures are simply not offered
            continue
    return out


_SCALES = (("亿", 1e8), ("万", 1e4), ("千", 1e3))


def scaled(n: Number, label: str, unit: str | None) -> Number:
    """A bare cell under ``在校生人数（万人）`` or ``单位：万元`` in base units."""
    if n.kind != "quantity" or n.scale != 1:
        return n
    where = " ".join(re.findall(r"[（(]([^）)]*)[）)]", label)) + " " + (unit or "")
    for word, factor in _SCALES:
        if re.search(rf"{word}(人|元|个|所|册|平方米)", where):
            person = "人" in where
            return replace(n, value=n.value * factor, low=n.low * factor, high=n.high * factor,
                           scale=factor, unit="person" if person else n.unit)
    return n


def cell_number(grid: Grid, r: int, c: int) -> Number | None:
    """A table cell's number in base units, scaled by its row and column labels and the
    table's unit (``20.5`` under 在校生人数（万人） is 205000 people)."""
    n = grid.num(r, c)
    if n is None:
        return None
    return scaled(n, grid.col_label(c) + " " + grid.row_label(r), grid.table.unit)


def _fact_figure(grid, r: int, c: int, label: str, n: Number) -> Figure:
    f = grid.figure(r, c, label)
    return Figure(f.text, n.value, f.location, n.low, n.high, label)


_BRACKETS = re.compile(r"[（(][^）)]*[）)]")
_SPACES = re.compile(r"\s+")


@lru_cache(maxsize=8192)
def _table_label(label: str) -> str:
    # Memoised: every lookup tests every table fact's label.
    return _SPACES.sub("", _BRACKETS.sub("", label))


# --- resolve helpers: per-analysis indexes, so a lookup does not redo per-document work


def eligible_mentions(analysis: Analysis) -> dict[int, list[Mention]]:
    """Per paragraph (by ``index``), the mentions any lookup may return: quantities, not
    changes, outside parentheses. Kept on the analysis (``is_change`` runs a regex)."""
    if analysis.eligible is None:
        analysis.eligible = {
            p.index: [m for m in p.relations.mentions if m.is_quantity and m.depth <= 0 and not m.is_change]
            for p in analysis.paras
        }
    return analysis.eligible


def _by_distance(paras: list[ProsePara], here: ProsePara) -> tuple[list[ProsePara], list[ProsePara]]:
    """The other paragraphs of ``here``'s section, then those of other sections, each
    nearest first (ties: the earlier one), as one sort by (other section, distance) gives."""
    same = [p for p in paras if p is not here and p.section == here.section]
    other = [p for p in paras if p is not here and p.section != here.section]
    same.sort(key=lambda p: abs(p.index - here.index))
    other.sort(key=lambda p: abs(p.index - here.index))
    return same, other


def resolve(
    analysis: Analysis,
    names: Sequence[str],
    here: ProsePara,
    pos: int,
    *,
    dims: Sequence[str] = ("person",),
    exclude: Sequence[Mention] = (),
    use_after: bool = False,
) -> Found | None:
    """The nearest figure that names one of ``names``: sentence, paragraph, section, report."""
    if not names:
        return None
    period = period_at(here.para.text, pos)
    scope = scope_at(here.para.text, pos)
    eligible = eligible_mentions(analysis)

    def named(m: Mention) -> bool:
        # ``m`` is eligible (quantity, not a change, depth 0); the cheap tests come first.
        if m.dim not in dims or m in exclude:
            return False
        if label_matches(m.label, names) and counts_label(m):
            return True
        return use_after and bool(m.after) and any(m.after.endswith(n) for n in names)

    def ok(m: Mention, p: ProsePara = here) -> bool:
        if not named(m):
            return False
        if period is not None:
            other = period_at(p.para.text, m.start)
            if other is not None and other != period:
                return False  # another year
        if scope is not None:
            other_scope = scope_at(p.para.text, m.start)
            if other_scope is not None and other_scope != scope:
                return False  # one school's figure for the whole city, or the reverse
        return True

    def first_hit(p: ProsePara) -> Mention | None:
        mentions = eligible.get(p.index)
        if mentions is None:  # a paragraph from outside this analysis
            mentions = [m for m in p.relations.mentions if m.is_quantity and m.depth <= 0 and not m.is_change]
        return next((m for m in mentions if ok(m, p)), None)

    ms = here.relations.mentions
    sent = next((m.sentence for m in ms if m.start <= pos < m.end or m.start >= pos), None)
    if sent is None and ms:
        sent = ms[-1].sentence
    own = eligible.get(here.index)
    if own is None or not any(p is here for p in analysis.paras):
        own = [m for m in ms if m.is_quantity and m.depth <= 0 and not m.is_change]
    same = [m for m in own if m.sentence == sent and ok(m)]
    if same:
        before = [m for m in same if m.start < pos]
        m = before[-1] if before else same[0]
        return Found(m.number, here.figure(m), "sentence", m)
    para = [m for m in own if ok(m)]
    if para:
        before = [m for m in para if m.start < pos]
        m = before[-1] if before else para[0]
        return Found(m.number, here.figure(m), "paragraph", m)
    in_section, elsewhere = _by_distance(analysis.paras, here)
    for p in in_section:
        hit = first_hit(p)
        if hit is not None:
            return Found(hit.number, p.figure(hit), "section", hit, _differs(here, pos, p, hit))
    facts = sorted(
        (f for f in analysis.table_facts if _fact_ok(f, names, dims)),
        key=lambda f: (f.number.high - f.number.low) / max(abs(f.number.value), 1e-9),
    )  # the most precise printing first: 205216 before 20.5万
    for fact in facts:
        if fact.section == here.section:
            return Found(fact.number, fact.figure, "table")
    # The paragraphs of the section held nothing above (``ok`` is pure): the rest of the report.
    for p in elsewhere:
        hit = first_hit(p)
        if hit is not None:
            return Found(hit.number, p.figure(hit), "document", hit, _differs(here, pos, p, hit))
    for fact in facts:
        return Found(fact.number, fact.figure, "table")
    return None


def _fact_ok(fact: TableFact, names: Sequence[str], dims: Sequence[str]) -> bool:
    if fact.number.kind != "quantity":
        return False
    if "person" in dims and fact.number.unit not in (None, "person", "people"):
        return False
    return label_matches(_table_label(fact.label), names)


@lru_cache(maxsize=16)
def _vocabulary(source: str) -> dict[str, tuple[str, ...]]:
    # The pack is already parsed (and cached) by the loader: reuse it.
    from vetlint.engine.packs import load_pack
    from vetlint.errors import RulePackError

    try:
        pack = load_pack(source)
    except (OSError, ValueError, RulePackError):
        return {}
    return {ind.id: tuple(n for n in (ind.zh, *ind.synonyms) if n) for ind in pack.vocabulary}


def vocabulary_for(rule: Rule) -> dict[str, tuple[str, ...]]:
    """The indicator vocabulary of the pack ``rule`` comes from (id → names)."""
    return _vocabulary(rule.source) if rule.source else {}


def names_for(rule: Rule, key: str) -> list[str]:
    """Names for ``params[key]``: indicator ids from the rule's pack vocabulary, or words."""
    value = rule.params.get(key, [])
    items = [value] if isinstance(value, str) else list(value or [])
    vocab = _vocabulary(rule.source) if rule.source else {}
    out: list[str] = []
    for item in items:
        out.extend(vocab.get(item, (item,)))
    return out


def interval(n: Number) -> Interval:
    """A printed whole count (``207 名``, ``1941人``) is exact; anything else is its interval.

    Nobody rounds a head count to the unit: treating ``207`` as [206.5, 207.5]
    would let 207 ÷ 222 pass as 93.7% when it is 93.2%.
    """
    if n.kind == "quantity" and n.decimals == 0 and n.scale == 1 and n.exact and n.value == int(n.value):
        return Interval.point(n.value)
    return Interval(n.low, n.high)


_SCOPE_WORDS = ("累计", "不含", "含技工", "高职", "普通高中", "技工")


def _scope_words(text: str, pos: int) -> set[str]:
    start = max(text.rfind(ch, 0, pos) for ch in "。；;") + 1
    end = min([k for k in (text.find(ch, pos) for ch in "。；;") if k >= 0] or [len(text)])
    return {w for w in _SCOPE_WORDS if w in text[start:end]}


def _differs(here: ProsePara, pos: int, there: ProsePara, m: Mention) -> bool:
    """The two sentences qualify their figures differently (累计 vs 当年, 不含技工学校 …)."""
    return _scope_words(here.para.text, pos) != _scope_words(there.para.text, m.start)


def severity_for(rule: Rule, *found: Found | None) -> str:
    """The rule's severity when every input came from nearby in the same scope; else a warning."""
    if all(f is not None and f.where in NEAR and not f.scope_differs for f in found):
        return rule.severity
    return "warning" if rule.severity == "error" else rule.severity
