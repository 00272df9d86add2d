"""The one period resolver: which year (学年, 届) a figure belongs to, and over what span.

Rules a reader can predict, so a check can say why two figures were compared:

1. A figure in brackets right after a comparison (``比上年（97.3%）``, ``较2019年（1.05）``)
   belongs to the compared period; ``上年``/``去年`` is the current period minus one.
2. A change (``较上年增加29人``) belongs to the current period of its sentence.
3. Otherwise the nearest period expression before the figure in its sentence, comparison
   targets skipped (``较2019年提高0.92%`` is this year's change, not a 2019 figure).
4. Otherwise the paragraph's period (its first period that is not a comparison target), then
   the section heading's, then the report's (the first year of its title lines).

A cumulative word (累计, 先后, 近三年, 2019年以来) before the figure in its sentence makes
the span ``cumulative`` until an explicit year resets it; a date (``8月31日``) makes it
``date``. Periods are strings: ``"2020"``, ``"2022-2023"``.
"""

from __future__ import annotations

import re
from collections.abc import Iterable
from dataclasses import dataclass

from vetlint.extract.figures import Period
from vetlint.extract.lexicon import Lexicon
from vetlint.numbers import normalize

_YEAR_EXPR = re.compile(
    r"(?P<y1>(?:19|20)\d{2})\s*(?:年\s*)?(?:[-—–~至到]\s*(?P<y2>(?:19|20)\d{2}))?\s*"
    r"(?P<tail>学年度?|年度|年|届|级)"
)
_SINCE = re.compile(r"\s*(?:年)?\s*(?:以来|来)")
_HEADER_PERIOD = re.compile(
    r"^\s*(?P<y1>(?:19|20)\d{2})\s*(?:年\s*)?(?:[-—–~至]\s*(?P<y2>(?:19|20)\d{2}))?\s*"
    r"(?:学年度?|年度|年|级|届)?\s*(?:[（(][^）)]*[）)])?\s*$"
)
# an English date or fiscal year as a column header: January 3, 2020 · As of Dec. 31, 2019 · FY2019
_DATE_HEADER = re.compile(
    r"^\s*(?:(?:as\s+of|at|years?\s+ended|for\s+the\s+years?\s+ended)\s+)?"
    r"(?:(?:jan|feb|mar|apr|may|jun|jul|aug|sep|sept|oct|nov|dec)[a-z]*\.?\s*\d{1,2},?\s*"
    r"|(?:fy|fiscal(?:\s+year)?)\s*'?)(?P<y1>(?:19|20)\d{2})\s*$",
    re.IGNORECASE,
)
_COMPARE_TAIL = re.compile(r"(?:较|比|与|同比|相比|对比|低于|高于|超过|不及|和)\s*$")
TITLE_BLOCKS = 8


@dataclass(frozen=True, slots=True)
class PeriodMention:
    """A period expression in a text: where it is and what it names."""

    start: int
    end: int
    year: str | None  # None for a relative word (上年) or a span word (累计)
    relative: int | None  # -1 for 上年, 0 for 今年/当年, None for an absolute year
    comparison: bool  # preceded by 较/比/与: a comparison target, not the figure's period
    cumulative: bool = False  # 累计, 先后, 2019年以来
    date: str | None = None  # 8月31日


def years(y1: str, y2: str | None) -> str:
    return f"{y1}-{y2}" if y2 and y2 != y1 else y1


def shift(period: str | None, by: int) -> str | None:
    """``shift("2020", -1)`` → ``"2019"``; ``"2022-2023"`` shifts both ends."""
    if period is None:
        return None
    try:
        return "-".join(str(int(p) + by) for p in period.split("-"))
    except ValueError:
        return None


def last_year(period: str | None) -> int | None:
    """``"2022-2023"`` → 2023."""
    if not period:
        return None
    try:
        return int(period.split("-")[-1])
    except ValueError:
        return None


def find_periods(text: str, lexicon: Lexicon) -> list[PeriodMention]:
    """Every period expression in ``text`` (years, 学年, 届, 上年, 累计, dates), in order."""
    t = normalize(text)
    out: list[PeriodMention] = []
    taken: list[tuple[int, int]] = []
    for m in _YEAR_EXPR.finditer(t):
        comparison = bool(_COMPARE_TAIL.search(t[max(0, m.start() - 4) : m.start()]))
        since = _SINCE.match(t, m.end()) if m.group("tail") == "年" else None
        end = since.end() if since else m.end()
        out.append(
            PeriodMention(m.start(), end, years(m.group("y1"), m.group("y2")), None,
                          comparison, cumulative=since is not None)
        )
        taken.append((m.start(), end))
    for name, relative in (("period.previous", -1), ("period.current", 0)):
        for m in lexicon.regex(name).finditer(t):
            if _inside(m.start(), taken):
                continue
            comparison = bool(_COMPARE_TAIL.search(t[max(0, m.start() - 3) : m.start()]))
            out.append(PeriodMention(m.start(), m.end(), None, relative, comparison))
            taken.append((m.start(), m.end()))
    for m in lexicon.regex("period.cumulative").finditer(t):
        if not _inside(m.start(), taken):
            out.append(PeriodMention(m.start(), m.end(), None, None, False, cumulative=True))
    for m in lexicon.regex("period.date").finditer(t):
        if not _inside(m.start(), taken):
            out.append(PeriodMention(m.start(), m.end(), None, None, False, date=m.group()))
    out.sort(key=lambda p: p.start)
    return out


def _inside(pos: int, spans: list[tuple[int, int]]) -> bool:
    return any(a <= pos < b for a, b in spans)


def resolve(mention: PeriodMention, current: str | None) -> str | None:
    if mention.year is not None:
        return mention.year
    if mention.relative is None:
        return None
    return shift(current, mention.relative)


def paragraph_period(mentions: Iterable[PeriodMention], default: str | None) -> str | None:
    """Rule 4: the first period of a paragraph that is not a comparison target."""
    for m in mentions:
        if m.comparison or m.cumulative or m.date:
            continue
        resolved = resolve(m, default)
        if resolved is not None:
            return resolved
    return default


def figure_period(
    text: str,
    start: int,
    *,
    sentence_start: int,
    mentions: list[PeriodMention],
    paragraph: str | None,
    previous: bool = False,
) -> Period:
    """The period of the figure at ``text[start:]`` (rules 1–3; ``paragraph`` is rule 4's)."""
    if previous:
        opening = text[:start].rstrip()
        if opening.endswith(("（", "(")):
            before = len(opening[:-1].rstrip())
            for m in mentions:
                if m.end == before and (m.comparison or m.relative == -1) and m.year:
                    return Period(m.year)
        return Period(shift(paragraph, -1))
    year: str | None = None
    span = "year"
    date: str | None = None
    if _topic_span(text, mentions, start):
        span = "cumulative"  # 这五年，…。城镇新增就业124.27万人: the paragraph sums the years
    for m in mentions:
        if m.start >= start or m.start < sentence_start:
            continue
        if m.comparison:
            continue
        if m.cumulative:
            span = "cumulative"
            if m.year is not None:
                year = None
            continue
        if m.date:
            date, span = m.date, "date"
            continue
        resolved = resolve(m, paragraph)
        if resolved is not None:
            year = resolved
            if m.year is not None and span == "cumulative":
                span = "year"  # 近三年…，其中2021年456.5万元
    return Period(year or paragraph, span, date)  # type: ignore[arg-type]


def _topic_span(text: str, mentions: list[PeriodMention], start: int) -> bool:
    """A sentence before ``start`` opened with a counted span of years as the topic of what
    follows (``这五年，``, ``“十三五”期间，``), and no sentence since opened with a year of its
    own; ``近年来，`` opens this year's figures as often as not."""
    topic = False
    for m in mentions:
        if m.start >= start:
            break
        if m.comparison or not _opens_sentence(text, m.start):
            continue
        if m.cumulative and m.year is None:
            counted = re.search(r"[一二两三四五六七八九十\d]", text[m.start : m.end]) is not None
            if counted and text[m.end : m.end + 1] in ("，", ",", "：", ":"):
                topic = True
        elif m.year is not None:
            topic = False
    return topic


def _opens_sentence(text: str, pos: int) -> bool:
    i = pos - 1
    while i >= 0 and text[i] in " 　“”\"":  # look back past blanks and quotes, copying nothing
        i -= 1
    return i < 0 or text[i] in "。！？!?；;\n"


def header_period(label: str | None) -> str | None:
    """A table header that names a period (``2019年``, ``2019``, ``2022-2023学年``, ``2023届``)."""
    if not label:
        return None
    for part in reversed(label.split(" / ")):
        m = _HEADER_PERIOD.match(normalize(part)) or _DATE_HEADER.match(part)
        if m:
            return years(m.group("y1"), m.groupdict().get("y2"))
    return None


def document_period(texts: Iterable[str]) -> str | None:
    """Rule 4's last resort: the first year in the first title lines of a report."""
    for i, text in enumerate(texts):
        if i >= TITLE_BLOCKS:
            break
        for m in _YEAR_EXPR.finditer(normalize(text)):
            return years(m.group("y1"), m.group("y2"))
    return None
