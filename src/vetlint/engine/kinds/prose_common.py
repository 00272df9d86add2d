"""What every prose kind shares: the relations of each paragraph, found once per
document, and the search for a figure a sentence names but does not print
(``占专任教师总数的47%`` needs 专任教师 from elsewhere: same sentence, same
paragraph, same section, then the whole report, tables included).

Not a kind itself (no ``SPEC``): a helper module for the ``prose_*`` kinds.
"""

from __future__ import annotations

import re
from collections.abc import Sequence
from dataclasses import dataclass, field
from functools import lru_cache
from typing import Literal

from vetlint.checks import Figure
from vetlint.document import Document, Location, Paragraph
from vetlint.engine.context import Context
from vetlint.engine.packs import Rule
from vetlint.extract.relations import (
    Mention,
    Relations,
    extract_relations,
    counts_label,
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

    @property
    def interval(self) -> Interval:
        return Interval(self.number.low, self.number.high)


@dataclass(slots=True)
class Analysis:
    paras: list[ProsePara] = field(default_factory=list)
    table_facts: list[TableFact] = field(default_factory=list)


_CACHE: dict[int, tuple[Document, Analysis]] = {}


def analyse(ctx: Context) -> Analysis:
    """Relations of every paragraph of ``ctx.doc``, computed once per document."""
    key = id(ctx.doc)
    hit = _CACHE.get(key)
    if hit is not None and hit[0] is ctx.doc:
        return hit[1]
    from vetlint.numbers import find_numbers

    out = Analysis()
    for i, block in enumerate(ctx.doc.blocks):
        if not isinstance(block, Paragraph) or block.role in ("furniture", "unit"):
            continue
        if not any(ch.isdigit() for ch in block.text):
            continue
        try:
            numbers = find_numbers(block.text)
        except Exception:  # a parser bug must not stop the other checks
            continue
        out.paras.append(ProsePara(i, block, extract_relations(block.text, numbers)))
    out.table_facts = _table_facts(ctx)
    if len(_CACHE) > 8:
        _CACHE.clear()
    _CACHE[key] = (ctx.doc, out)
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
                        out.append(TableFact(label, n, grid.figure(r, c, label), grid.table.section))
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
                        out.append(TableFact(label, n, grid.figure(r, c, label), grid.table.section))
        except Exception:  # an odd table shape: its figures are simply not offered
            continue
    return out


def _table_label(label: str) -> str:
    label = re.sub(r"[（(][^）)]*[）)]", "", label)
    return re.sub(r"\s+", "", label)


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

    def named(m: Mention) -> bool:
        if m in exclude or not m.is_quantity or m.is_change or m.depth > 0:
            return False
        if m.dim not in dims:
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

    ms = here.relations.mentions
    sent = next((m.sentence for m in ms if m.start <= pos < m.end or m.start >= pos), None)
    if sent is None and ms:
        sent = ms[-1].sentence
    same = [m for m in ms if m.sentence == sent and ok(m)]
    if same:
        before = [m for m in same if m.start < pos]
        m = before[-1] if before else same[0]
        return Found(m.number, here.figure(m), "sentence", m)
    para = [m for m in ms if ok(m)]
    if para:
        before = [m for m in para if m.start < pos]
        m = before[-1] if before else para[0]
        return Found(m.number, here.figure(m), "paragraph", m)
    ordered = sorted(
        (p for p in analysis.paras if p is not here),
        key=lambda p: (p.section != here.section, abs(p.index - here.index)),
    )
    for p in ordered:
        if p.section != here.section:
            break
        hits = [m for m in p.relations.mentions if ok(m, p)]
        if hits:
            return Found(hits[0].number, p.figure(hits[0]), "section", hits[0])
    for fact in analysis.table_facts:
        if fact.section == here.section and _fact_ok(fact, names, dims):
            return Found(fact.number, fact.figure, "table")
    for p in ordered:
        hits = [m for m in p.relations.mentions if ok(m, p)]
        if hits:
            return Found(hits[0].number, p.figure(hits[0]), "document", hits[0])
    for fact in analysis.table_facts:
        if _fact_ok(fact, names, dims):
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
    from vetlint.engine.packs import parse_pack

    try:
        with open(source, encoding="utf-8") as fh:
            pack = parse_pack(fh.read(), source)
    except (OSError, ValueError):
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


def fig(n: Number, location: Location, label: str | None = None) -> Figure:
    return Figure(n.text, n.value, location, n.low, n.high, label)


def interval(n: Number) -> Interval:
    return Interval(n.low, n.high)


def severity_for(rule: Rule, *found: Found | None) -> str:
    """The rule's severity when every input came from nearby; a warning otherwise."""
    if all(f is not None and f.where in NEAR for f in found):
        return rule.severity
    return "warning" if rule.severity == "error" else rule.severity
