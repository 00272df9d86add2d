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
from vetlint.extract.bounds import start_before
from vetlint.extract.legacy_periods import header_period

Role = Literal["change", "previous"]

_DELIMS = "，,。；;：:、！？!?\n（(）)\t"
_ARTEFACT = re.compile(r"\[[^\]\n]*\]")
_PERIOD_WORDS = re.compile(
    r"(?:19|20)\d{2}\s*(?:年\s*)?(?:[-—–~至到]\s*(?:19|20)\d{2}\s*)?(?:学年度?|年度|年|届|级)?"
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
_FILLERS = (
    "共有", "现有", "拥有", "共计", "合计", "总计", "累计", "达到了", "达到", "分别为",
    "分别是", "分别达", "其中", "包括", "提高到", "提高至", "增加到", "增加至", "下降到",
    "下降至", "上升到", "上升至", "调整为", "调整到",
)  # fmt: skip
_ACTIONS = (
    "获得", "荣获", "获", "选派", "组织", "招收", "招录", "录取", "推荐", "涉及", "参与",
    "举办", "开展", "提供", "输送", "新增", "设立", "建立", "建成", "引进", "聘请", "招聘",
    "遴选", "评选", "培养", "培训", "开设", "完成", "服务", "接待", "投入", "发放", "资助",
    "惠及", "覆盖", "入选", "认定", "申报", "申请", "选拔", "派出", "吸引", "汇集", "汇总",
    "推出", "授予", "承办", "编写", "开发", "建设",
)  # fmt: skip


def _alternation(words: tuple[str, ...]) -> re.Pattern[str]:
    return re.compile("|".join(sorted(words, key=len, reverse=True)))


_SPLIT = _alternation(_FILLERS)
_ACTION = _alternation(_ACTIONS)
_TRAILING = re.compile(
    r"(?:分别为|分别是|分别|达到了|达到|总数为|总数是|为|是|有|达|约|近|共|了|计|将|已|在|的)+$"
)
_LEADING = re.compile(
    r"^(?:其中|另有|另外|此外|同时|以及|全市|全省|全县|全区|全国|我市|本市|该市|全校|该校|我校"
    r"|由原来|原来|共|和|及|与|并|且|还|又|均|都|已|由|为)+"
)
_INSTITUTION = re.compile(
    r"^.*?(?:中等职业学校|中职学校|职业学校|职业院校|高职院校|中职|学校|院校)"
)
_SHARE_TAIL = re.compile(r"(?:的比例|的比重|总人数|总数|总量|总额|比例|比重|(?<=[生师工])数)$")
_GENERIC = ("人次", "人数", "数量", "规模", "总数", "总量", "总额", "金额", "资金", "经费")
_AFTER_STOP = re.compile(r"[与和及的在将进对被参开获向从，,。；;：:、（(\s\d０-９]")
_QUOTES = str.maketrans("", "", "“”\"'‘’《》「」")
MAX_LABEL = 20


@dataclass(frozen=True, slots=True)
class ProseLabel:
    label: str | None
    base: str | None = None  # the base of a share (占Y的p%)
    role: Role | None = None


def clause_start(text: str, start: int, floor: int = 0) -> int:
    """Start of the clause that ends at ``start`` (never before ``floor``)."""
    return max(start_before(text, start, _DELIMS), floor)


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


def _clause(text: str, start: int, floor: int) -> tuple[str, bool]:
    """The cleaned clause before ``start``; a parenthetical right before it is skipped.

    ``老年大学（学堂）8所`` → ``老年大学``. The flag says the number is itself
    inside parentheses.
    """
    before = text[:start].rstrip()
    inside = before.endswith(("（", "("))
    cut = clause_start(text, start, floor)
    clause = _clean(text[cut:start])
    if not clause and cut > floor and text[cut - 1] in "）)":
        depth, i = 0, cut - 1
        while i >= floor:
            if text[i] in "）)":
                depth += 1
            elif text[i] in "（(":
                depth -= 1
                if depth == 0:
                    break
            i -= 1
        if i > floor:
            clause = _clean(text[clause_start(text, i, floor) : i])
    return clause, inside


def prose_label(
    text: str, start: int, end: int, floor: int = 0, kind: str | None = None
) -> ProseLabel:
    """Label of the number at ``text[start:end]``; ``floor`` is the previous number's end."""
    clause, inside = _clause(text, start, floor)
    if inside and _COMPARE.search(text[max(floor, start - 12) : start]):
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
    if role is None and kind == "points" and _DIFFERENCE.search(clause):
        role = "change"  # 高于全省5.76个百分点: a difference, not a level
    return ProseLabel(_noun_phrase(body, text, end), role=role)


_DIFFERENCE = re.compile(r"高于|低于|超出|超过|提高|提升|增加|上升|下降|降低|减少")


def _noun_phrase(clause: str, text: str, end: int) -> str | None:
    """Rules 5–6 of the module docstring."""
    pieces = _SPLIT.split(clause)
    label = _tidy(pieces[-1])
    if len(label) < 2:
        after = _after_noun(text, end)
        if after:
            return after
        label = next((t for p in reversed(pieces[:-1]) if len(t := _tidy(p)) >= 2), "")
    parts = _ACTION.split(label)
    if len(parts) > 1:
        tail = _tidy(parts[-1])
        if len(tail) >= 2 and tail not in _GENERIC:
            label = tail
        elif after := _after_noun(text, end):
            return after
    if "的" in label:
        tail = _tidy(label.rsplit("的", 1)[1])
        if len(tail) >= 2:
            label = tail
    m = _INSTITUTION.match(label)
    if m and len(label) - m.end() >= 2:
        label = _tidy(label[m.end() :])
    return label if len(label) >= 2 else _after_noun(text, end)


# --- tables -------------------------------------------------------------------

_SERIAL = re.compile(r"^\s*(?:序号|编号|No\.?|#|排名|名次|排序)\s*$", re.IGNORECASE)


def is_serial_column(label: str) -> bool:
    """``序号``/``编号``/``排名`` columns hold positions, not quantities."""
    return bool(_SERIAL.match(label.split(" / ")[-1]))


_SERIAL_VALUE = re.compile(r"^\s*[（(]?\d{1,3}[）)．.、]?\s*$")


@dataclass(frozen=True, slots=True)
class CellLabel:
    label: str | None
    row_label: str | None
    col_label: str | None
    row_period: str | None = None  # a row header that is a period (2019年)


def cell_label(table: Table, r: int, c: int) -> CellLabel:
    """Row label and column label of a body cell, and the label they make.

    Serial numbers (``3``) are dropped from the row label and a period row
    header (``2019年``) is taken out as ``row_period``. When the column header
    is a period the row names the indicator, when the row header is one the
    column does; otherwise both do (``生均教学仪器设备值（万元） / 增长情况%``).
    """
    parts = table.row_label(r).split(" / ") if table.label_columns else []
    parts = [p.strip() for p in parts if p.strip() and not _SERIAL_VALUE.match(p)]
    row_period = None
    kept = []
    for part in parts:
        period = header_period(part)
        if period is not None and row_period is None:
            row_period = period
        else:
            kept.append(part)
    row_label = " / ".join(kept) or None
    col = (table.columns[c].strip() if c < len(table.columns) else "") or None
    if c < table.label_columns:
        label = row_label or col
    elif col is None or header_period(col) is not None:
        label = row_label
    elif row_label is None:
        label = col
    else:
        label = f"{row_label} / {col}"
    return CellLabel(label, row_label, col, row_period)
