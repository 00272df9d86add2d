"""The one sentence splitter: sentences, their ；-segments and their clauses, by offsets.

A sentence ends at 。！？!? or a line break; a segment also at ；; a clause also at ，,：:、
(outside parentheses, a figure's aside ``（含技工学校）`` belongs to its clause). Everything
is offsets into one paragraph's text, computed once per paragraph.
"""

from __future__ import annotations

import re
from bisect import bisect_right
from dataclasses import dataclass, field

SENTENCE_END = "。！？!?\n"
SEGMENT_END = SENTENCE_END + "；;"
CLAUSE_END = SEGMENT_END + "，,：:"
OPEN, CLOSE = "（(【", "）)】"
_PAREN = re.compile("[" + re.escape(OPEN + CLOSE) + "]")
_CLAUSE_MARKS = re.compile("[" + re.escape(CLAUSE_END) + "]")


@dataclass(frozen=True, slots=True)
class Span:
    start: int
    end: int  # exclusive; includes the closing mark


@dataclass(frozen=True, slots=True)
class Layout:
    """Sentences, segments and clauses of one text, and the bracket depth at each place."""

    text: str
    sentences: tuple[Span, ...]
    segments: tuple[Span, ...]
    clauses: tuple[Span, ...]
    depths: tuple[int, ...]
    # where each span starts: bisected as plain ints, asked for every figure and clause
    starts: tuple[tuple[int, ...], tuple[int, ...], tuple[int, ...]] = field(repr=False, compare=False)

    def sentence_at(self, pos: int) -> int:
        return _index(self.starts[0], pos)

    def segment_at(self, pos: int) -> int:
        return _index(self.starts[1], pos)

    def clause_at(self, pos: int) -> int:
        return _index(self.starts[2], pos)

    def depth_at(self, pos: int) -> int:
        return self.depths[pos] if 0 <= pos < len(self.depths) else 0


def _index(starts: tuple[int, ...], pos: int) -> int:
    return max(0, bisect_right(starts, pos) - 1)


def depths(text: str) -> tuple[int, ...]:
    """Bracket depth at each character (an opening bracket counts inside, a closing one outside)."""
    out = [0] * len(text)
    depth = 0
    prev = 0
    for m in _PAREN.finditer(text):
        i = m.start()
        if depth:
            out[prev:i] = [depth] * (i - prev)
        depth = depth + 1 if text[i] in OPEN else max(0, depth - 1)
        out[i] = depth
        prev = i + 1
    if depth:
        out[prev:] = [depth] * (len(text) - prev)
    return tuple(out)


def _splits(text: str, depth: tuple[int, ...]) -> tuple[tuple[Span, ...], tuple[Span, ...], tuple[Span, ...]]:
    """Sentences, segments and clauses in one pass over the clause marks (the other marks
    are among them); segments and clauses end only at marks outside brackets, sentences at
    every sentence end."""
    cuts: tuple[list[int], list[int], list[int]] = ([], [], [])
    for m in _CLAUSE_MARKS.finditer(text):  # the marks found by the regex engine, not char by char
        i = m.start()
        ch = text[i]
        ends_sentence = ch in SENTENCE_END
        if ends_sentence:
            cuts[0].append(i + 1)
        if depth[i] == 0 or ends_sentence:
            cuts[2].append(i + 1)
            if ch in SEGMENT_END:
                cuts[1].append(i + 1)
    return _spans(cuts[0], len(text)), _spans(cuts[1], len(text)), _spans(cuts[2], len(text))


def _spans(cuts: list[int], size: int) -> tuple[Span, ...]:
    """Spans ending at each cut, and one for the rest of the text (if any)."""
    spans: list[Span] = []
    start = 0
    for cut in cuts:
        spans.append(Span(start, cut))
        start = cut
    if start < size:
        spans.append(Span(start, size))
    return tuple(spans) or (Span(0, size),)


def layout(text: str) -> Layout:
    """The sentences, segments and clauses of ``text``."""
    d = depths(text)
    sentences, segments, clauses = _splits(text, d)
    starts = (_starts(sentences), _starts(segments), _starts(clauses))
    return Layout(text, sentences, segments, clauses, d, starts)


def _starts(spans: tuple[Span, ...]) -> tuple[int, ...]:
    return tuple([span.start for span in spans])


def strip_brackets(text: str) -> str:
    """``老年大学（学堂）`` → ``老年大学``: bracketed asides removed."""
    if _PAREN.search(text) is None:
        return text  # most texts have no aside: no walk character by character
    out: list[str] = []
    depth = 0
    for ch in text:
        if ch in OPEN:
            depth += 1
        elif ch in CLOSE:
            depth = max(0, depth - 1)
        elif depth == 0:
            out.append(ch)
    return "".join(out)
