"""What a figure measures: the indicator label of a number in prose or a table.

Prose (no word segmentation; rules a reviewer can predict):

1. The clause: text before the number back to the nearest clause delimiter
   (，。；：、 parentheses, line break) or the end of the previous number.
2. Period words (``2020年``, ``当年``) and artefacts are removed.
3. A share ``占Y(的)p%`` is labelled ``占Y`` and its base is ``Y`` without a
   trailing 总数/比例/比重 (``占专任教师总数的47%`` → ``占专任教师总数``, base
   ``专任教师``).
4. A change (``较上年增加29人``, ``提高0.92%``) or a comparison value
   (``比上年（97.3%）``) has no label of its own: ``role`` says which, and the
   fact extractor gives it the label of the figure it refers to.
5. Otherwise the clause is cut at the last verb that introduces a figure
   (共有, 现有, 达到, 分别为, 获得 …), filler at its end (为, 是, 有, 达, 约, 共, 了)
   and scope words at its start (全市, 其中, 另有 …) are stripped, and a leading
   institution (``中职学校在校生数`` → ``在校生数``) is dropped.
6. When nothing is left (``全市共有11所中职学校``), the noun right after the
   unit is the label (``中职学校``).
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from typing import Literal

from vetlint.document import Table
from vetlint.extract.periods import header_period

Role = Literal["change", "previous"]

_DELIMS = "，,。；;：:、！？!?\n（(）)\t"
_ARTEFACT = re.compile(r"\[[^\]\n]*\]")
_PERIOD_WORDS = re.compile(
    r"(?:19|20)\d{2}\s*(?:年\s*)?(?:[-—–~至到]\s*(?:19|20)\d{2}\s*)?(?:学年度?|年度|年)?"
    r"|\d{1,2}\s*月(?:份)?|上半年|下半年|上一?年度?|去年|今年|本年度?|当年|同期|近年来|近\s*\d+\s*年"
)
_COMPARE = re.compile(
    r"(?:较|同比|相比|环比|对比|比(?=上|去|同期|前|\d)|与(?=上|去|同期|前|\d))(?:上一?年度?|去年|同期)?"
)
_CHANGE_VERBS = (
    "增加了", "增加", "增长了", "增长", "提高了", "提高", "提升了", "提升", "上升了", "上升",
    "减少了", "减少", "下降了", "下降", "降低了", "降低", "削减", "缩减", "新增", "增幅",
    "降幅", "增至", "降至", "扩大", "回落", "多", "少",
)  # fmt: skip
_SPLIT = re.compile(
    r"共有|现有|拥有|共计|合计|总计|累计|达到了|达到|分别为|分别是|分别达|其中|包括|获得|荣获|获"
    r"|提高到|提高至|增加到|增加至|下降到|下降至|上升到|上升至|调整为|调整到"
)
_TRAILING = re.compile(
    r"(?:分别为|分别是|分别|达到了|达到|总数为|总数是|为|是|有|达|约|近|共|了|计|均|将|已|在|的)+$"
)
_LEADING = re.compile(
    r"^(?:其中|另有|另外|此外|同时|以及|全市|全省|全县|全区|全国|我市|本市|该市|全校|该校|我校"
    r"|共|和|及|与|并|且|还|又|均|都|已)+"
)
_INSTITUTION = re.compile(
    r"^.*?(?:中等职业学校|中职学校|职业学校|职业院校|高职院校|中职|学校|院校)"
)
_SHARE_TAIL = re.compile(r"(?:的比例|的比重|总数|总量|总额|总人数|比例|比重|人数)$")
_AFTER_STOP = re.compile(r"[与和及的在将进对被参开获共向从，,。；;：:、（(\s]")
_QUOTES = str.maketrans("", "", "“”\"'‘’《》「」")
MAX_LABEL = 20


@dataclass(frozen=True, slots=True)
class ProseLabel:
    label: str | None
    base: str | None = None  # the base of a share (占Y的p%)
    role: Role | None = None


def clause_start(text: str, start: int, floor: int = 0) -> int:
    """Start of the clause that ends at ``start`` (never before ``floor``)."""
    cut = max(text.rfind(ch, 0, start) for ch in _DELIMS) + 1
    return max(cut, floor)


def _clean(raw: str) -> str:
    s = _ARTEFACT.sub("", raw)
    s = _PERIOD_WORDS.sub("", s)
    return s.translate(_QUOTES).replace(" ", "").replace("\u3000", "")


def _tidy(s: str) -> str:
    prev = None
    while prev != s:
        prev = s
        s = _TRAILING.sub("", s)
        s = _LEADING.sub("", s)
    return s[-MAX_LABEL:]


def _after_noun(text: str, end: int) -> str | None:
    tail = text[end : end + 12]
    stop = _AFTER_STOP.search(tail)
    noun = _clean(tail[: stop.start()] if stop else tail)[:8]
    noun = _tidy(noun)
    return noun if len(noun) >= 2 else None


def prose_label(text: str, start: int, end: int, floor: int = 0) -> ProseLabel:
    """Label of the number at ``text[start:end]``; ``floor`` is the previous number's end."""
    inside = text[:start].rstrip().endswith(("（", "("))
    raw = text[clause_start(text, start, floor) : start]
    clause = _clean(raw)
    if inside and _COMPARE.search(text[max(0, start - 12) : start]):
        return ProseLabel(None, role="previous")
    share_at = clause.rfind("占")
    if share_at != -1 and not clause[share_at + 1 :].startswith(("地", "用", "有")):
        obj = clause[share_at + 1 :].removesuffix("的")
        if obj in ("比", "比例", "比重"):
            return ProseLabel("占" + obj)
        obj = _TRAILING.sub("", obj)
        if obj:
            base = _SHARE_TAIL.sub("", obj) or obj
            return ProseLabel(("占" + obj)[-MAX_LABEL:], base=base)
    role: Role | None = None
    compare = _COMPARE.search(clause)
    body = _COMPARE.sub("", clause) if compare else clause
    for verb in _CHANGE_VERBS:
        if body.endswith(verb) and (compare or len(verb) > 1):
            body, role = body[: -len(verb)], "change"
            break
    label = _noun_phrase(body)
    if label is None and role is None:
        label = _after_noun(text, end)
    return ProseLabel(label, role=role)


def _noun_phrase(clause: str) -> str | None:
    pieces = _SPLIT.split(clause)
    label = _tidy(pieces[-1])
    if len(label) == 1 and len(pieces) > 1:
        label = _tidy("".join(pieces[-2:]))
    m = _INSTITUTION.match(label)
    if m and len(label) - m.end() >= 2:
        label = _tidy(label[m.end() :])
    return label if len(label) >= 2 else None


# --- tables -------------------------------------------------------------------

_SERIAL = re.compile(r"^\s*(?:序号|编号|No\.?|#|排名|名次|排序)\s*$", re.IGNORECASE)


def is_serial_column(label: str) -> bool:
    """``序号``/``编号``/``排名`` columns hold positions, not quantities."""
    return bool(_SERIAL.match(label.split(" / ")[-1]))


@dataclass(frozen=True, slots=True)
class CellLabel:
    label: str | None
    row_label: str | None
    col_label: str | None


def cell_label(table: Table, r: int, c: int) -> CellLabel:
    """Row label and column label of a body cell, and the label they make.

    When the column header is a period (``2019年``) the row names the
    indicator; otherwise both do (``生均教学仪器设备值（万元） / 增长情况%``).
    """
    row_label = table.row_label(r).strip() or None if table.label_columns else None
    col_label = table.columns[c].strip() if c < len(table.columns) else ""
    col = col_label or None
    if c < table.label_columns:
        label = col if row_label is None else row_label
    elif col is None or header_period(col) is not None:
        label = row_label
    elif row_label is None:
        label = col
    else:
        label = f"{row_label} / {col}"
    return CellLabel(label, row_label, col)
