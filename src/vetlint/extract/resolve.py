"""Finding the figures a formula needs: the same scope and period, the nearest first.

A 生师比 needs the students and teachers of the same place and year; a 生均 figure its total
and the students it is per; a rate its definition's counts. Each input is looked up by key
in the index (indicator, scope, period), and among figures that state it the nearest wins:
the same table line, the same table, the same sentence, then any other; among equals the one
printed most precisely (``389,822`` before ``38.98万``). A name the lexicon does not know is
looked up by its printed words.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import replace
from typing import TYPE_CHECKING

from vetlint.expr import ExprError, Expression
from vetlint.extract.figures import Figure
from vetlint.extract.indicators import IndicatorReader, Reading
from vetlint.extract.relations import Origin, Quotient

if TYPE_CHECKING:  # pragma: no cover
    from vetlint.extract.analysis import Analysis

COUNT_DIMS = ("person", "person_time", "school", "item", "number")
STUDENT_IDS = ("fte_students", "students")


class Resolver:
    def __init__(self, analysis: Analysis) -> None:
        self.analysis = analysis
        self.lex = analysis.lexicon
        self._reader: IndicatorReader | None = None

    def _rank(self, fig: Figure, like: Figure, prefer_table: int | None, prefer_prose: bool = False) -> tuple[float, float]:
        near: float = 4
        if fig.cell is not None and like.cell is not None and fig.cell.table == like.cell.table:
            near = 0 if fig.cell.row == like.cell.row or fig.cell.col == like.cell.col else 1
        elif (fig.cell is not None and prefer_table is not None and fig.cell.table == prefer_table) or (fig.sentence is not None and fig.sentence == like.sentence):
            near = 1
        elif fig.cell is not None or fig.block == like.block:
            near = 2
        else:
            near = 3
        if prefer_prose and fig.cell is None and near > 1:
            near = 1.5  # a population the text names: said in the text before any table
        n = fig.number
        width = 0.0 if fig.exact else (n.high - n.low) / max(abs(n.value), 1e-9)
        return (near, width)

    def find(
        self,
        indicators: Sequence[str],
        like: Figure,
        *,
        dims: Sequence[str] | None = None,
        prefer_table: int | None = None,
        exclude: Sequence[Figure] = (),
        prefer_prose: bool = False,
    ) -> Figure | None:
        """The nearest figure of one of ``indicators`` with ``like``'s scope and period."""
        if dims is None:
            declared = {ind.dim for i in indicators if (ind := self.lex.indicator(i)) is not None and ind.dim}
            dims = tuple(declared | {"number"}) if declared else None
        found = [
            f for f in self.analysis.index.find(indicators, like.scope, like.period, dims)
            if f.id != like.id and all(f.id != e.id for e in exclude) and f.role in ("level", "count")
            and not f.approximate and "each" not in f.notes  # one of 分别是A、B、C: a category's
        ]
        if not found:
            return None
        return min(found, key=lambda f: self._rank(f, like, prefer_table, prefer_prose))

    def precise(self, fig: Figure) -> Figure:
        """The most precisely printed figure that states the same as ``fig`` (``389,822``
        for ``38.98万``), when they agree; else ``fig`` itself."""
        if fig.exact or fig.role not in ("level", "count"):
            return fig
        same = [f for f in self.analysis.index.same(fig) if f.exact and not f.approximate and fig.interval.intersects(f.interval)]
        return same[0] if same else fig

    def reading_of(self, name: str) -> Reading:
        """What a printed name stands for: indicator, and the sector or subgroup it names."""
        if self._reader is None:  # one reader for all names: it remembers what it read
            from vetlint.extract.scopes import ScopeReader

            self._reader = IndicatorReader(self.lex, ScopeReader(self.lex, self.analysis.report))
        return self._reader.read(name)

    def indicator_of(self, name: str) -> str:
        """The indicator a printed name stands for (an id, or the cleaned words)."""
        return self.reading_of(name).indicator

    def by_name(self, name: str, like: Figure, *, prefer_table: int | None = None,
                prefer_prose: bool = False) -> Figure | None:
        ident = self.indicator_of(name)
        return self.find([ident], like, prefer_table=prefer_table, prefer_prose=prefer_prose)

    def _same_words(self, name: str, like: Figure) -> Figure | None:
        """A total the lexicon does not know, printed in the same table line under nearly the
        same words (``生均设备值`` over ``设备总值``: 总 aside)."""
        if like.cell is None:
            return None
        key = name.replace("总", "")
        view = self.analysis.tables[like.cell.table]
        for fig in view.cells.values():
            if fig.id == like.id or fig.role != "level" or fig.period.key() != like.period.key():
                continue
            words = fig.label.split(" / ")[0]
            if words.replace("总", "") == key or words.replace("总", "").endswith(key):
                return fig
        return None

    def _named_before(self, name: str, like: Figure) -> Figure | None:
        """全年公用经费支出1093.6万元，生均公用经费3520元: the nearest figure before it in its
        paragraph whose label begins with the name, of its period."""
        if like.cell is not None:
            return None
        found = [f for f in self.analysis.figures if f.block == like.block and f.end <= like.start
                 and f.role == "level" and f.depth == 0 and f.period.key() == like.period.key()
                 and f.label.startswith(name)]
        return found[-1] if found else None

    def students(self, like: Figure, *, prefer_table: int | None = None) -> Figure | None:
        """The students a per-student figure is per: 折合在校生 when the report prints them."""
        for ident in STUDENT_IDS:
            found = self.find([ident], like, dims=("person",), prefer_table=prefer_table)
            if found is not None:
                return found
        return None

    def quotient(self, fig: Figure, *, origin: Origin, prefer_table: int | None = None) -> Quotient | None:
        """``fig`` as a formula over figures of the report, when its inputs can be found."""
        if fig.role == "per_capita":
            return self._per_capita(fig, origin, prefer_table)
        ind = self.lex.indicator(fig.indicator)
        if ind is None:
            return None
        for text in ind.formulas:
            try:
                expression = Expression.parse(text)
            except ExprError:
                continue
            names = formula_names(text, expression)
            inputs = [self.find([n], fig, prefer_table=prefer_table) for n in names]
            if all(i is not None for i in inputs):
                return Quotient(fig, tuple(i for i in inputs if i is not None), names, text, origin,
                                f"{origin}-definition")
        return None

    def per_capita_total(self, fig: Figure, *, prefer_table: int | None = None) -> Figure | None:
        """The total a per-head figure divides (生均占地面积 → 占地面积), of its unit family."""
        name = fig.label.split(" / ")[0] if fig.cell is not None else fig.label
        for prefix in self.lex.words("per_capita"):
            if name.startswith(prefix):
                name = name[len(prefix) :]
                break
        else:
            return None
        if len(name) < 2:
            return None
        total = (self.by_name(name, fig, prefer_table=prefer_table) or self._same_words(name, fig)
                 or self._named_before(name, fig))
        if total is None or total.dim == "person" or total.id == fig.id:
            return None
        if fig.dim not in (total.dim, "number") and total.dim != "number":
            return None
        return total

    def _per_capita(self, fig: Figure, origin: Origin, prefer_table: int | None) -> Quotient | None:
        """生均X = X ÷ students; ``按中职在校生计算`` (a basis qualifier) names the students, and
        the total is the plain figure's."""
        basis = next((q[1:] for q in fig.scope.qualifiers if q.startswith("按")), None)
        if basis is not None:
            plain = replace(fig, scope=replace(fig.scope, qualifiers=tuple(
                q for q in fig.scope.qualifiers if not q.startswith("按"))))
            total = self.per_capita_total(plain, prefer_table=prefer_table)
            students = self.by_name(basis, plain, prefer_table=prefer_table) if total is not None else None
            if students is not None and students.dim != "person":
                students = None
        else:
            total = self.per_capita_total(fig, prefer_table=prefer_table)
            students = self.students(fig, prefer_table=prefer_table) if total is not None else None
        if total is None or students is None or total.id == students.id:
            return None
        return Quotient(fig, (total, students), ("total", "students"), "total / students", origin,
                        f"{origin}-per-capita")


def formula_names(text: str, expression: Expression) -> tuple[str, ...]:
    """The names of a formula in the order it writes them."""
    import re

    found = [m.group() for m in re.finditer(r"[A-Za-z_\u4e00-\u9fff][\w\u4e00-\u9fff]*", text)]
    return tuple(dict.fromkeys(n for n in found if n in expression.names))
