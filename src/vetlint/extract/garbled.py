"""Numbers a typesetting slip broke: ``1682 41人`` (a stray space), ``291.万`` (no decimals).

The number grammar finds them (``numbers.find_garbled``); here each becomes a
``GarbledNumber`` at its place, with the digits that were meant when a share right after it
shows them: ``具有本科以上学历教师有1682 41人，占专任教师总数的86.7%`` with 专任教师 1941
gives 1682 (1682 ÷ 1941 = 86.66%), so 41 is stray.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from typing import TYPE_CHECKING

from vetlint.document import Location
from vetlint.extract.figures import Figure
from vetlint.intervals import Interval
from vetlint.numbers import find_garbled

if TYPE_CHECKING:  # pragma: no cover
    from vetlint.extract.analysis import Analysis
    from vetlint.extract.resolve import Resolver

SHARE_AFTER = 30  # characters between the broken number and the share that explains it


@dataclass(frozen=True, slots=True)
class GarbledNumber:
    """A broken number as printed, where it is, and the digits its share says were meant."""

    text: str
    location: Location
    block: int
    start: int
    end: int
    fix: str | None = None
    share: Figure | None = None  # the share that gives the fix


def garbled_numbers(analysis: Analysis, resolver: Resolver) -> list[GarbledNumber]:
    out: list[GarbledNumber] = []
    for block, reading in analysis.paragraphs.items():
        for start, end, text, split in find_garbled(reading.text):
            fix, share = (None, None)
            if split:
                fix, share = _fix(analysis, resolver, reading.figures, start, end, text)
            out.append(GarbledNumber(text, reading.locate(start, end), block, start, end, fix, share))
    return out


def _fix(analysis: Analysis, resolver: Resolver, figures: list[Figure], start: int, end: int,
         text: str) -> tuple[str | None, Figure | None]:
    share = next((f for f in figures if f.role == "share" and f.kind == "percent" and end <= f.start <= end + SHARE_AFTER), None)
    if share is None:
        return None, None
    bases: list[Interval] = []
    if share.base:
        found = resolver.find([resolver.indicator_of(share.base)], share)
        if found is not None and found.value > 0:
            bases.append(found.interval)
    # the base the sentence names may itself be misprinted (专业教师 for 专任教师): a count nearby
    bases += [f.interval for f in figures if f.dim == "person" and f.role == "level" and f.value > 0
              and not start <= f.start < end]
    for base in bases:
        fix = digits_that_fit(text, base, share.interval)
        if fix:
            return fix, share
    return None, share


def digits_that_fit(text: str, base: Interval, share: Interval) -> str | None:
    """Digits of ``text`` that fit the share of ``base``: a group before or after the stray
    space, or a prefix of the digits run together."""
    digits = re.findall(r"\d+", text)
    if not digits:
        return None
    candidates: list[str] = []
    if len(digits) > 1 and "." not in text:
        candidates.extend(digits)
    whole = "".join(digits) if "." not in text else ""
    if whole:
        candidates.extend(whole[:k] for k in range(len(whole) - 1, 0, -1))
    for cand in candidates:
        if (Interval.printed(float(cand), 0) / base).intersects(share):
            return cand
    return None
