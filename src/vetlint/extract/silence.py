"""Silence made visible: what the report states that no relation reads.

A check can only judge the relations extraction found. A sentence with a change verb and two
figures that matches no sentence shape, or a 增长率 column the table reader did not pair with
its years, is judged by nothing, and says so nowhere. ``unparsed`` lists them, so that a new
phrasing or layout shows up as a backlog (``vetlint extract --unparsed``) instead of nothing:

* a sentence with two or more figures and a relation word (a change verb, 其中, 合计, 占,
  分别为, 生均 …) where a figure whose role derives it from others (a change, growth, share,
  per-head figure, multiple or count), or every figure when only the words say a relation,
  is used by no relation;
* a table cell of a derived line (a 增长/增减/占比/合计 column, a 合计/小计 row) that no
  relation uses.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import TYPE_CHECKING, Literal

from vetlint.document import Location
from vetlint.extract.figures import Figure

if TYPE_CHECKING:  # pragma: no cover
    from vetlint.extract.analysis import Analysis
    from vetlint.extract.prose import Sentence
    from vetlint.extract.tables import Column, Row, TableView

# roles a figure has only because it is computed from other figures
DERIVED_ROLES = frozenset({"change", "growth", "points", "share", "times", "count", "per_capita", "ratio"})
# lexicon classes whose words say the sentence states a relation
RELATION_WORDS = (
    "change.up", "change.down", "change.flat", "change.became", "change.times_of", "change.points",
    "marker.breakdown", "marker.enumerate", "marker.total", "marker.share", "marker.per_person",
    "per_capita", "table.partial",
)
DERIVED_COLUMNS = frozenset({"total", "subtotal", "share", "growth", "difference", "points", "change",
                             "ratio", "per_capita"})
DERIVED_ROWS = frozenset({"total", "subtotal", "change", "share"})


@dataclass(frozen=True, slots=True)
class Unparsed:
    """A sentence or a table line whose derived figures no relation reads."""

    where: Literal["sentence", "table"]
    location: Location
    text: str  # the sentence, or the table line's label
    figures: tuple[Figure, ...]  # the figures no relation uses
    reason: str  # the word or line role that says a relation is stated

    def to_dict(self) -> dict[str, object]:
        return {
            "where": self.where,
            "text": self.text,
            "reason": self.reason,
            "figures": [{"text": f.text, "role": f.role, "location": f.location.to_dict()} for f in self.figures],
            "location": self.location.to_dict(),
        }


def unparsed(analysis: Analysis) -> list[Unparsed]:
    """Every sentence and table line that states more than the relations read, in reading order."""
    used = analysis.relations.figures()
    out = [u for s in analysis.sentences if (u := _sentence(analysis, s, used)) is not None]
    for view in analysis.tables:
        out.extend(_table(view, used))
    return sorted(out, key=lambda u: (u.location.line or 0, u.location.column or 0))


def _sentence(analysis: Analysis, sentence: Sentence, used: set[int]) -> Unparsed | None:
    figures = [f for f in analysis.sentence_figures(sentence) if f.role != "standard"]
    if len(figures) < 2:
        return None
    word = _relation_word(analysis, sentence.text)
    if word is None:
        return None
    derived = [f for f in figures if f.role in DERIVED_ROLES]
    if derived:
        missed = [f for f in derived if f.id not in used]
    else:  # 其中 / 合计 / 分别为 with levels only: a breakdown nothing read
        missed = figures if not any(f.id in used for f in figures) else []
    if not missed:
        return None
    return Unparsed("sentence", missed[0].location, sentence.text.strip(), tuple(missed), word)


def _relation_word(analysis: Analysis, text: str) -> str | None:
    """The first class of relation words in ``text``; one-character words (共, 计) only
    where they stand alone as a marker of their own (占)."""
    lex = analysis.lexicon
    for name in RELATION_WORDS:
        for m in lex.regex(name).finditer(text):
            if len(m.group(0)) >= 2 or name == "marker.share":
                return name
    return None


def _table(view: TableView, used: set[int]) -> list[Unparsed]:
    """One entry per derived column and per derived row with cells no relation uses."""
    columns = {c.index: c for c in view.columns}
    rows = {r.index: r for r in view.rows}
    lines: dict[Column | Row, list[Figure]] = {}
    for (r, c), fig in sorted(view.cells.items()):
        if fig.id in used:
            continue
        col, row = columns.get(c), rows.get(r)
        if col is not None and col.role in DERIVED_COLUMNS:
            lines.setdefault(col, []).append(fig)
        elif row is not None and row.role in DERIVED_ROWS:
            lines.setdefault(row, []).append(fig)
    caption = view.table.caption or view.table.id
    return [Unparsed("table", figs[0].location, f"{caption}: {line.label}", tuple(figs), line.role)
            for line, figs in lines.items()]
