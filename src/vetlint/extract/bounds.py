"""Sentence and clause boundaries found once per text, then looked up by bisection.

The extractors ask "where does the sentence (or clause) around this figure
start and end?" for every figure of a paragraph. Scanning back and forth from
each figure is quadratic on dense text; the positions of the delimiters are
computed once per (text, delimiter set) and each question is a ``bisect``.
"""

from __future__ import annotations

import re
from bisect import bisect_left
from functools import lru_cache


def sentence_marks(text: str, chars: str) -> tuple[int, ...]:
    """Sorted positions of every character of ``chars`` in ``text`` (cached)."""
    return _marks(text, chars)


@lru_cache(maxsize=256)
def _marks(text: str, chars: str) -> tuple[int, ...]:
    """Sorted positions of every character of ``chars`` in ``text``."""
    pattern = "[" + re.escape(chars) + "]"
    return tuple(m.start() for m in re.finditer(pattern, text))


def start_before(text: str, pos: int, chars: str) -> int:
    """Index just after the last ``chars`` character before ``pos`` (0 if none)."""
    marks = _marks(text, chars)
    k = bisect_left(marks, pos)
    return marks[k - 1] + 1 if k else 0


def first_at(text: str, pos: int, chars: str) -> int:
    """Index of the first ``chars`` character at or after ``pos`` (-1 if none)."""
    marks = _marks(text, chars)
    k = bisect_left(marks, pos)
    return marks[k] if k < len(marks) else -1
