"""Table notes that say how to read a table: formulas and which change cells are which.

``注：生师比＝折合在校生数÷（专任教师数＋校外兼职教师数×0.5）`` defines a column or row by the
others; ``对口就业率＝对口就业人数÷直接就业人数`` does too. ``末行毕业生数、平均起薪为增长率，其余为
百分点`` says which cells of a change row are relative growth and which are points;
``百分比指标的“增减”为百分点`` that a difference of percentages is in points. Formulas are kept
in the safe expression grammar (``vetlint.expr``), never evaluated as code.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

from vetlint.expr import ExprError, Expression

_FORMULA = re.compile(
    r"(?P<name>[\u4e00-\u9fff“”\"A-Za-z（）()]{2,24}?)\s*[＝=]\s*(?P<expr>[^；;。，,：:]+?)(?=[；;。，,]|$)"
)
_OPS = str.maketrans({"÷": "/", "×": "*", "＋": "+", "－": "-", "—": "-", "（": "(", "）": ")", "＊": "*", "／": "/"})
_QUOTES = str.maketrans("", "", "“”\"'‘’")
_GROWTH_CELLS = re.compile(r"(?P<names>[^，,；;。：:]{2,40}?)为(?:增长率|增幅|增速)")
_POINTS_REST = re.compile(r"其余(?:为|是)?(?:百分点|个百分点)")
_POINTS_ALL = re.compile(r"(?:百分比|比例|比率|率)(?:指标)?的?[“\"]?(?:增减|变化|增长)[”\"]?(?:为|是|均为)(?:百分点|个百分点)")


@dataclass(frozen=True, slots=True)
class NoteFormula:
    """``name`` = ``expression`` over the names it uses (printed words of the table)."""

    name: str
    text: str
    expression: Expression
    names: tuple[str, ...]


@dataclass(frozen=True, slots=True)
class ChangeNote:
    """Which cells of a change line are growth rates (by name); the rest are points."""

    growth: tuple[str, ...]
    rest_points: bool
    percent_points: bool  # a difference of percentages is in points


def formulas(text: str) -> list[NoteFormula]:
    """Every ``A＝B÷C`` a note states, in the expression grammar."""
    out: list[NoteFormula] = []
    clean = text.translate(_QUOTES)
    for m in _FORMULA.finditer(clean):
        name = re.sub(r"^(?:注|说明|备注)[：:]?", "", m.group("name")).strip()
        body = m.group("expr").translate(_OPS).strip()
        if not re.search(r"[/*+\-]", body):
            continue
        try:
            expression = Expression.parse(body)
        except ExprError:
            continue
        names = tuple(dict.fromkeys(n for n in re.findall(r"[A-Za-z_\u4e00-\u9fff][\w\u4e00-\u9fff]*", body) if n in expression.names))
        if names:
            out.append(NoteFormula(name, m.group(0), expression, names))
    return out


def change_note(text: str) -> ChangeNote | None:
    growth: list[str] = []
    m = _GROWTH_CELLS.search(text)
    if m:
        names = re.sub(r"^.*?(?:末行|最后一行|末列|最后一列|该行|其中)", "", m.group("names"))
        growth = [n.strip(" “”\"") for n in re.split(r"[、和及与]", names) if n.strip()]
    rest = bool(_POINTS_REST.search(text))
    percent = bool(_POINTS_ALL.search(text.translate(_QUOTES)))
    if not growth and not rest and not percent:
        return None
    return ChangeNote(tuple(growth), rest, percent)
