"""What a report states about its own figures: the relations the checks judge.

Every relation keeps the figures it was built from, where it came from (``origin``: a table
or prose) and how it was found (``shape``: the table structure or sentence shape), and says
whether the words state it (``stated``: 其中, 合计, 占, 较上年, a 合计 row) or only the
layout suggests it (a column that adds up in every other row). Nothing here judges whether a
relation holds: the check kinds do that with interval arithmetic.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import TYPE_CHECKING, Literal

from vetlint.extract.figures import Figure

if TYPE_CHECKING:  # pragma: no cover
    from vetlint.extract.analysis import Analysis

Origin = Literal["table", "prose", "chart"]
Reading = Literal["relative", "absolute", "points", "either", "times", "ratio", "direction"]


@dataclass(frozen=True, slots=True)
class Sum:
    """``total`` is made of ``parts``: exactly (``exhaustive``) or at least (a partial 其中 list,
    categories that overlap: each part and, unless ``overlapping``, their sum stay within it)."""

    total: Figure
    parts: tuple[Figure, ...]
    exhaustive: bool
    origin: Origin
    shape: str
    stated: bool = True
    overlapping: bool = False
    worded: bool = False  # the words say the parts are all of it (分别为, 合计, 公办 and 民办)
    near: bool = True  # every figure stands in the same sentence or table


@dataclass(frozen=True, slots=True)
class Share:
    """``share`` = ``part`` ÷ ``whole``; ``candidates`` are other readings the layout allows."""

    share: Figure
    part: Figure | None
    whole: Figure | None
    origin: Origin
    shape: str
    stated: bool = True
    whole_name: str | None = None  # the base a sentence names when no figure was found
    extra_parts: tuple[Figure, ...] = ()  # (就业 + 升学) ÷ 毕业生
    near: bool = True  # part and whole stand in the same paragraph or table


@dataclass(frozen=True, slots=True)
class Change:
    """``stated`` is the change from ``old`` to ``new`` read as ``reading``.

    ``direction`` is the sign a word gives (增加 +1, 减少 −1, 持平 0) when the figure is
    printed without one; ``None`` when the figure carries its own sign (a table cell)."""

    stated: Figure
    old: Figure | None
    new: Figure | None
    reading: Reading
    origin: Origin
    shape: str
    direction: int | None = None
    verb: str | None = None
    stated_by_words: bool = True
    span_years: int = 1  # 两年来: the change may start from an older base
    label: str | None = None  # what changed (a table's row or column label)
    span: str | None = None  # 两年来 / 近三年: the change covers several years
    old_from: str | None = None  # where last year's figure came from when the sentence omits it
    near: bool = True


@dataclass(frozen=True, slots=True)
class Quotient:
    """``stated`` = ``formula`` over ``inputs`` (生师比, 生均, a rate by its definition)."""

    stated: Figure
    inputs: tuple[Figure, ...]
    names: tuple[str, ...]
    formula: str
    origin: Origin
    shape: str
    stated_formula: bool = False  # the report prints the formula (a table note)
    near: bool = True  # the inputs stand in the same paragraph or table
    # other definitions the report's figures allow (对口就业率 over 直接就业 or over 就业人数)
    alternatives: tuple[tuple[str, tuple[str, ...], tuple[Figure, ...]], ...] = ()
    # wrong definitions authors use, with their inputs: named when one explains a failure
    slips: tuple[tuple[str, tuple[str, ...], tuple[Figure, ...]], ...] = ()


@dataclass(frozen=True, slots=True)
class Product:
    """``amount`` = ``count`` × ``standard`` (资助金额 = 人数 × 每生标准)."""

    amount: Figure
    counts: tuple[Figure, ...]
    standard: Figure
    origin: Origin
    shape: str
    alternatives: tuple[tuple[Figure, ...], ...] = ()  # other counts the sentence allows


@dataclass(frozen=True, slots=True)
class ListCount:
    """``count`` names how many ``items`` are listed; ``open_ended`` when the list ends in 等."""

    count: Figure
    items: tuple[str, ...]
    open_ended: bool
    origin: Origin
    shape: str


@dataclass(frozen=True, slots=True)
class Bound:
    """``part`` is at most ``whole`` (a 其中 row, a subgroup, a class of graduates)."""

    part: Figure
    whole: Figure
    origin: Origin
    shape: str


@dataclass(frozen=True, slots=True)
class PerStudent:
    """``each`` is ``total`` per student (生均校园用地面积 of 校园占地面积): the pair implies a
    student count, whether or not the report prints one."""

    each: Figure
    total: Figure
    origin: Origin
    shape: str


@dataclass(frozen=True, slots=True)
class Distribution:
    """Shares of exclusive categories that must total 100%."""

    items: tuple[Figure, ...]
    origin: Origin
    shape: str
    total: Figure | None = None
    name: str = ""  # what is distributed (学历结构), when the table says


@dataclass(slots=True)
class Relations:
    """Every relation of one document, by kind."""

    sums: list[Sum] = field(default_factory=list)
    shares: list[Share] = field(default_factory=list)
    changes: list[Change] = field(default_factory=list)
    quotients: list[Quotient] = field(default_factory=list)
    products: list[Product] = field(default_factory=list)
    counts: list[ListCount] = field(default_factory=list)
    bounds: list[Bound] = field(default_factory=list)
    distributions: list[Distribution] = field(default_factory=list)
    per_student: list[PerStudent] = field(default_factory=list)

    def extend(self, other: Relations) -> None:
        for name in self.__slots__:  # type: ignore[attr-defined]
            getattr(self, name).extend(getattr(other, name))

    def figures(self) -> set[int]:
        """Ids of every figure some relation uses (for ``--unparsed``)."""
        out: set[int] = set()
        for r in self.sums:
            out.update(f.id for f in (r.total, *r.parts))
        for s in self.shares:
            out.update(f.id for f in (s.share, s.part, s.whole, *s.extra_parts) if f is not None)
        for c in self.changes:
            out.update(f.id for f in (c.stated, c.old, c.new) if f is not None)
            if (c.old_from or "").startswith("delta:"):  # last year's figure = new − this change
                out.add(int((c.old_from or "").split(":")[1]))
        for q in self.quotients:
            out.update(f.id for f in (q.stated, *q.inputs))
        for p in self.products:
            out.update((p.amount.id, p.standard.id, *(c.id for c in p.counts)))
        for lc in self.counts:
            out.add(lc.count.id)
        for b in self.bounds:
            out.update((b.part.id, b.whole.id))
        for d in self.distributions:
            out.update(f.id for f in d.items)
        for ps in self.per_student:
            out.update((ps.each.id, ps.total.id))
        return out


def find_relations(analysis: Analysis) -> Relations:
    """The relations of every table, note and sentence of ``analysis``."""
    from vetlint.extract.prose_relations import prose_relations
    from vetlint.extract.table_relations import table_relations

    out = Relations()
    for view in analysis.tables:
        out.extend(table_relations(analysis, view))
    out.counts.extend(ListCount(c.count, c.items, False, "table", c.shape) for c in analysis.table_counts)
    out.extend(prose_relations(analysis))
    return out
