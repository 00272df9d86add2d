"""Which period a figure belongs to: ``2020``, ``2022-2023``, ``2019``.

Simple and predictable on purpose (a checker must be able to explain why two
figures were compared):

1. A figure in parentheses right after a comparison (``比上年（97.3%）``,
   ``较2019年（1.05）``) belongs to the compared period; ``上年``/``去年`` is
   the current period minus one.
2. Otherwise the nearest period expression before the figure in its sentence,
   skipping comparison targets (``较2019年提高0.92%`` is a change over the
   current period, not a 2019 figure).
3. Otherwise the paragraph's period (its first period expression that is not
   a comparison target, anywhere in the paragraph).
4. Otherwise the document's period: the first year in the report's title lines.

Periods are strings: ``"2020"``, ``"2022-2023"`` (学年 or a span of years).
"""

from __future__ import annotations

import re
from collections.abc import Iterable
from dataclasses import dataclass

from vetlint.extract.bounds import first_at, start_before
from vetlint.numbers import normalize

_PERIOD = re.compile(
    r"(?P<y1>(?:19|20)\d{2})\s*(?:年\s*)?(?:[-—–~至到]\s*(?P<y2>(?:19|20)\d{2}))?\s*"
    r"(?P<tail>学年度?|年度|年|届)"
    r"|(?P<rel>上一?年度?|去年|前一年|上学年|今年|本年度?|当年|同期)"
)
_COMPARE_BEFORE = re.compile(r"(?:较|比|与|同比|相比|对比|低于|高于|超过|不及)\s*$")
_SENTENCE_END = "。！？!?；;\n"
_TITLE_BLOCKS = 8


@dataclass(frozen=True, slots=True)
class PeriodMention:
    """A period expression in a text: where it is and what it names."""

    start: int
    end: int
    period: str | None  # None for a relative word whose base is unknown
    relative: int | None  # -1 for 上年, 0 for 今年/当年, None for an absolute year
    comparison: bool  # preceded by 较/比/与: a comparison target


def period_of_years(y1: str, y2: str | None) -> str:
    return f"{y1}-{y2}" if y2 and y2 != y1 else y1


def find_periods(text: str) -> list[PeriodMention]:
    """Every period expression in ``text`` (years, 学年, 上年 …), in order."""
    t = normalize(text)
    out = []
    for m in _PERIOD.finditer(t):
        comparison = bool(_COMPARE_BEFORE.search(t[max(0, m.start() - 4) : m.start()]))
        if m.group("rel"):
            word = m.group("rel")
            relative = 0 if word in ("今年", "本年", "本年度", "当年") else -1
            if word == "同期":
                relative = -1
            out.append(PeriodMention(m.start(), m.end(), None, relative, comparison))
        else:
            period = period_of_years(m.group("y1"), m.group("y2"))
            out.append(PeriodMention(m.start(), m.end(), period, None, comparison))
    return out


def shift(period: str | None, years: int) -> str | None:
    """``shift("2020", -1)`` → ``"2019"``; ``"2022-2023"`` shifts both ends."""
    if period is None:
        return None
    try:
        parts = [str(int(p) + years) for p in period.split("-")]
    except ValueError:
        return None
    return "-".join(parts)


def _resolve(mention: PeriodMention, current: str | None) -> str | None:
    if mention.period is not None:
        return mention.period
    if mention.relative is None:
        return None
    return shift(current, mention.relative)


def paragraph_period(text: str, default: str | None) -> str | None:
    """Rule 3: the first non-comparison period of a paragraph, else ``default``."""
    for m in find_periods(text):
        if not m.comparison:
            resolved = _resolve(m, default)
            if resolved is not None:
                return resolved
    return default


def sentence_bounds(text: str, pos: int) -> tuple[int, int]:
    """The sentence (。！？； or line) around ``pos``."""
    end = first_at(text, pos, _SENTENCE_END)
    return start_before(text, pos, _SENTENCE_END), end + 1 if end != -1 else len(text)


def period_at(
    text: str,
    start: int,
    end: int,
    *,
    paragraph: str | None,
    mentions: list[PeriodMention] | None = None,
) -> str | None:
    """The period of the figure at ``text[start:end]`` (rules 1–3; ``paragraph`` is rule 3's)."""
    mentions = find_periods(text) if mentions is None else mentions
    t = text
    # rule 1: (97.3%) right after a comparison target
    opening = t[:start].rstrip()
    if opening.endswith(("（", "(")):
        before = len(opening[:-1].rstrip())
        for m in mentions:
            if m.end == before and (m.comparison or m.relative == -1):
                return _resolve(m, paragraph)
    s_start, _ = sentence_bounds(t, start)
    for m in reversed(mentions):
        if m.end > start or m.start < s_start:
            continue
        if m.comparison:
            continue
        resolved = _resolve(m, paragraph)
        if resolved is not None:
            return resolved
    return paragraph


def document_period(texts: Iterable[str]) -> str | None:
    """Rule 4: the first year in the first title lines of a report."""
    for i, text in enumerate(texts):
        if i >= _TITLE_BLOCKS:
            break
        for m in find_periods(text):
            if m.period is not None:
                return m.period
    return None


_HEADER_PERIOD = re.compile(
    r"^\s*(?P<y1>(?:19|20)\d{2})\s*(?:年\s*)?(?:[-—–~至]\s*(?P<y2>(?:19|20)\d{2}))?\s*"
    r"(?:学年度?|年度|年|级|届)?\s*(?:[（(][^）)]*[）)])?\s*$"
)


def header_period(label: str | None) -> str | None:
    """A table header that names a period (``2019年``, ``2019``, ``2022-2023学年``)."""
    if not label:
        return None
    for part in reversed(label.split(" / ")):
        m = _HEADER_PERIOD.match(normalize(part))
        if m:
            return period_of_years(m.group("y1"), m.group("y2"))
    return None
