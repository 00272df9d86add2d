"""Section-number grammar of Chinese quality reports: is this line a heading?

Reports number their sections in a handful of ways (``1.3教师队伍``,
``3.4.1 职业教育``, ``1. 基本情况``, ``1、规模和结构``, ``一、基本情况``,
``（一）促进…``, ``（1）…``, ``第五部分  社会贡献``, ``案例一：``, ``案例 1 获嘉县…``).
The same prefixes also start list items and prose paragraphs, so a line is a
heading only when it is short, has no sentence-ending punctuation, no tab
(table rows and table-of-contents lines have tabs) and its title does not start
like a quantity (``4.51万人…``) or read like an institution's name (list items
``1.新密市职教中心`` in tables).

Levels: ``1``/``第X部分``/``第X章``/``一、`` → 1; ``1.3``/``（一）``/``1、``/
``案例`` → 2; ``3.4.1``/``（1）`` → 3 (one more per extra dotted part).
"""

from __future__ import annotations

import re
from dataclasses import dataclass

from vetlint.document import Heading, Location

MAX_HEADING_CHARS = 40
MAX_CASE_HEADING_CHARS = 60

_CN_NUM = "一二三四五六七八九十百零〇两"
_SPACE = " \t\u3000\u00a0"

# Titles that begin like a quantity: "4.51万人", "3.5亿元" are numbers, not sections.
_QUANTITY_START = re.compile(r"^[万亿千百个元所名项次%％倍年月日岁号]")
# List items inside tables name schools and bodies, section titles do not.
_INSTITUTION_END = re.compile(
    r"(学校|中心|学院|大学|中专|中专部|公司|集团|工作室|医院|幼儿园|委员会)$"
)
_SENTENCE_END = re.compile(r"[。！？!?；;]")
_PAGE_REF = re.compile(r"(-\s*\d+\s*-|…{2,}|\.{4,}|·{4,})\s*\d*\s*$")


@dataclass(frozen=True, slots=True)
class HeadingMatch:
    """A recognised heading: ``1.3教师队伍`` → number ``1.3``, title ``教师队伍``, level 2."""

    number: str
    title: str
    level: int
    text: str  # the heading as printed, stripped
    key: str  # section key for the blocks below it, e.g. ``1.3教师队伍``


def section_key(prefix: str, title: str) -> str:
    """``("1.3", "教师队伍")`` → ``1.3教师队伍``; ``("第五部分", "社会贡献")`` → ``第五部分 社会贡献``.

    ``prefix`` is the number with its printed separator (``1.``, ``一、``, ``（一）``).
    """
    title = " ".join(title.split())
    if not title:
        return prefix
    if prefix.startswith(("第", "案例")):
        return f"{prefix} {title}"
    return f"{prefix}{title}"


_PATTERNS: list[tuple[re.Pattern[str], str]] = [
    # 第五部分  社会贡献 / 第4部分 校企合作 / 第二章 …
    (re.compile(rf"^(第[{_CN_NUM}\d]+(?:部分|章|篇))[\s:：、.]*(.*)$"), "part"),
    # 案例一：… / 案例 1 获嘉县… / 案例二:…
    (re.compile(rf"^(案例\s*[{_CN_NUM}\d]+)\s*[:：、.]?\s*(.*)$"), "case"),
    # 一、基本情况
    (re.compile(rf"^([{_CN_NUM}]+)\s*[、.．]\s*(.*)$"), "cn"),
    # （一）促进… / (一)
    (re.compile(rf"^[（(]\s*([{_CN_NUM}]+)\s*[）)]\s*(.*)$"), "cn_paren"),
    # （1）办学规模…
    (re.compile(r"^[（(]\s*(\d{1,2})\s*[）)]\s*(.*)$"), "arabic_paren"),
    # 1.3教师队伍 / 3.4.1 职业教育 (two or more parts, no trailing separator needed)
    (re.compile(r"^(\d{1,2}(?:[.．]\d{1,2}){1,3})(?![\d.．%％])[.．、]?\s*(.*)$"), "dotted"),
    # 1. 基本情况 / 1.基本情况 / 1、规模和结构
    (re.compile(r"^(\d{1,2})\s*([.．、])(?!\d)\s*(.*)$"), "single"),
]


def _dotted_level(number: str) -> int:
    return number.replace("．", ".").count(".") + 1


def match_heading(line: str) -> HeadingMatch | None:
    """The heading on ``line``, or None when it is prose, a list item, a caption or a TOC line."""
    if "\t" in line or "\n" in line:
        return None
    text = line.strip(_SPACE)
    if not text or len(text) > MAX_CASE_HEADING_CHARS:
        return None
    if _SENTENCE_END.search(text) or _PAGE_REF.search(text):
        return None
    for pattern, kind in _PATTERNS:
        m = pattern.match(text)
        if m is None:
            continue
        if kind == "single":
            number, sep, title = m.group(1), m.group(2), m.group(3)
        else:
            number, title = m.group(1), m.group(2)
            sep = ""
        number = re.sub(r"\s+", " ", number)
        title = title.strip(_SPACE)
        limit = MAX_CASE_HEADING_CHARS if kind == "case" else MAX_HEADING_CHARS
        if len(text) > limit:
            return None
        if kind not in ("case", "part") and not title:
            return None
        if title and kind in ("dotted", "single", "arabic_paren") and (
            _QUANTITY_START.match(title) or title[0].isdigit()
        ):
            return None
        if kind in ("single", "dotted", "cn") and _INSTITUTION_END.search(title):
            return None
        if kind == "single" and not title:
            return None
        level = {
            "part": 1,
            "case": 2,
            "cn": 1,
            "cn_paren": 2,
            "arabic_paren": 3,
        }.get(kind)
        if kind == "dotted":
            level = _dotted_level(number)
            number = number.replace("．", ".")
        elif kind == "single":
            level = 2 if sep == "、" else 1
        elif kind == "case":
            number = number.replace(" ", "")
        assert level is not None
        title = title.rstrip("：:").strip(_SPACE)
        prefix = {
            "single": f"{number}{sep}",
            "cn": f"{number}、",
            "cn_paren": f"（{number}）",
            "arabic_paren": f"（{number}）",
        }.get(kind, number)
        return HeadingMatch(
            number=number, title=title, level=level, text=text, key=section_key(prefix, title)
        )
    return None


def make_heading(text: str, level: int, location: Location) -> Heading:
    """A Heading with the report's own numbering (``1.3``, ``一、``) split off."""
    match = match_heading(text)
    if match is not None:
        return Heading(text=text, number=match.number, title=match.title, level=level,
                       location=location)
    return Heading(text=text, number=None, title=" ".join(text.split()), level=level,
                   location=location)
