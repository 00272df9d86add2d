"""The relations sentences state, built from the shapes the matcher found.

A shape says where the parts of a relation stand; its builder here decides which figures
take part and fetches what the sentence names but does not print:

* ``breakdown``: the total is the nearest count of the parts' unit family before 其中 (or
  the population a ``专任教师中，…`` clause names); the list is complete unless it ends in 等,
  opens with 包括/如, or its parts belong to different facets of one population (专业课 and
  双师型 teachers overlap) — then the parts only stay within the total;
* ``parts-total`` (…，共计16项) and ``count-total`` (三项合计7.63亿元: the last three amounts);
* ``share``: the part is the figure before 占 (or the sentence's count of what 占 speaks of),
  the whole the figure of the base 占 names: in the sentence, else the report's figure of
  that indicator with the part's scope and period (``占全省的15.3%``: the same indicator for
  the whole region);
* ``change``: the figure changed is the nearest level figure of the same unit family before
  the comparison; last year's figure is the one in brackets, or the report's figure of the
  same indicator and scope for the year before (a table's year column, a dated sentence);
* ``formula``/``per-head``: 生师比, rates and 生均 figures by their definition, inputs from the
  sentence first, then the paragraph, then the report;
* ``product``: an amount per person times the people it is paid to;
* ``list-count``: a stated count against the names listed;
* ``distribution``: shares of one scale (满意, 基本满意 …) that must total 100%.
"""

from __future__ import annotations

import re
from collections.abc import Callable, Sequence
from dataclasses import dataclass, field, replace
from typing import TYPE_CHECKING

from vetlint.expr import ExprError, Expression
from vetlint.extract.figures import Figure, Period, Scope
from vetlint.extract.lexicon import Lexicon
from vetlint.extract.periods import shift
from vetlint.extract.prose import Sentence
from vetlint.extract.relations import (
    Bound,
    Change,
    Distribution,
    ListCount,
    PerStudent,
    Product,
    Quotient,
    Relations,
    Share,
    Sum,
)
from vetlint.extract.resolve import Resolver, formula_names
from vetlint.extract.shapes import Match

if TYPE_CHECKING:  # pragma: no cover
    from vetlint.extract.analysis import Analysis

LEVEL = ("level", "count")
_ETC_AFTER = re.compile(r"^[^，,。；;、\d]{0,6}(?<![高中初平同均对相])等(?!级|次|奖)")
_OPEN_LIST = re.compile(r"(?:包括|如|比如|例如|主要有|主要包括|涉及)\s*$")
_MULTI_YEAR = re.compile(r"[两二三四五六七八九十\d]+年(?:来|以来|间)|近年来|多年来|先后")
_CLASSIFIER_UNITS = ("item", "school", "project", "organization", "course", "number", "batch", "class_group")


@dataclass(slots=True)
class Builder:
    """Builds the relations of one analysis, sentence by sentence."""

    analysis: Analysis
    out: Relations
    resolver: Resolver = field(init=False)
    _seen: set[tuple] = field(default_factory=set)

    def __post_init__(self) -> None:
        self.resolver = Resolver(self.analysis)

    # helpers ----------------------------------------------------------------------------
    def text_of(self, sentence: Sentence) -> str:
        return self.analysis.paragraphs[sentence.block].text

    def figures(self, sentence: Sentence) -> list[Figure]:
        return self.analysis.sentence_figures(sentence)

    def paragraph_figures(self, sentence: Sentence) -> list[Figure]:
        return self.analysis.paragraphs[sentence.block].figures

    def once(self, key: tuple) -> bool:
        if key in self._seen:
            return False
        self._seen.add(key)
        return True


_GENERIC_COUNT = ("number", "item")  # a bare figure, or 个: a classifier that counts anything


def _compatible(a: Figure, b: Figure) -> bool:
    if a.kind != "quantity" or b.kind != "quantity":
        return False
    if a.dim == b.dim or "number" in (a.dim, b.dim):
        return True
    counts = ("item", "project", "school", "organization", "course", "batch", "class_group", "machine")
    return (a.dim in _GENERIC_COUNT and b.dim in counts) or (b.dim in _GENERIC_COUNT and a.dim in counts)


def _same_family(figs: Sequence[Figure]) -> bool:
    dims = {f.dim for f in figs} - {"number"}
    return len(dims) <= 1 and all(f.kind == "quantity" for f in figs)


def _level(f: Figure) -> bool:
    """A count or amount of its own (not a change, a share, a one-sided bound such as 以上, or a
    Chinese numeral: 三个梯度 is a word more often than a figure to add up)."""
    return (f.role in LEVEL and f.kind == "quantity" and f.number.qualifier not in _ONE_SIDED
            and any(ch.isdigit() for ch in f.text))


_ONE_SIDED = ("at_least", "more_than", "less_than", "at_most")
_ETC = re.compile(r"(?<![高中初平同均对相一二三四五六七八九十])等(?!级|次|奖)")


def _before(figs: Sequence[Figure], pos: int, test: Callable[[Figure], bool]) -> Figure | None:
    return next((f for f in reversed(figs) if f.end <= pos and test(f)), None)


# --- parts of a whole --------------------------------------------------------------------------


def build_breakdown(b: Builder, sentence: Sentence, m: Match) -> None:
    """A total and the parts its 其中 list names, one breakdown per unit family in the list
    (``…6805.03万元，惠及80632人次；…923.325万元，惠及9234人次``: the money and the people)."""
    parts = [p for p in m.figures.get("parts", []) if _level(p)]
    if not parts:
        return
    depth = parts[0].depth
    parts = [p for p in parts if p.depth == depth]
    text = b.text_of(sentence)
    for k in range(1, len(parts)):
        if re.search(r"共|合计|总计|累计", text[parts[k - 1].end : parts[k].start]):
            parts = parts[:k]  # 共评出…: a new total starts, the list has ended
            break
    groups: list[list[Figure]] = []
    for p in parts:
        group = next((g for g in groups if _compatible(g[0], p) or _total_for(g[0], p) or _total_for(p, g[0])), None)
        if group is None:
            groups.append([p])
        else:
            group.append(p)
    stated_total = (m.figures.get("total") or [None])[0]
    for group in groups:
        family = _family(b, group)
        total = _breakdown_total(b, sentence, m, family, stated_total)
        if total is not None:
            _emit_breakdown(b, sentence, m, total, family)


def _breakdown_total(b: Builder, sentence: Sentence, m: Match, family: list[Figure], stated: Figure | None) -> Figure | None:
    figs = b.figures(sentence)
    if m.shape.params.get("population"):
        who = sentence.population
        if not who:
            return None
        found = b.resolver.by_name(who, family[0], prefer_prose=True)
        if found is None and "的" in who:  # 直接就业的毕业生中: the graduates who are 直接就业
            found = b.resolver.by_name(who.split("的", 1)[0], family[0], prefer_prose=True)
        return found
    if m.shape.params.get("total_before"):
        # 其中 opens the sentence: the total is the last count of the sentence before
        before = [s for s in b.analysis.sentences if s.block == sentence.block and s.end <= sentence.start]
        prev = b.figures(before[-1]) if before else []
        return next((f for f in reversed(prev) if _level(f) and f.depth == 0 and _total_for(f, family[0])), None)
    if stated is not None and _total_for(stated, family[0]):
        return stated
    depth = family[0].depth - 1 if m.shape.id == "breakdown-in-brackets" else family[0].depth
    return _before(figs, family[0].start, lambda f: _level(f) and _total_for(f, family[0]) and f.depth == max(0, depth))


def _total_for(total: Figure, part: Figure) -> bool:
    """Can ``part`` be a part of ``total``? The same unit family (a person among 人次 too)."""
    return _compatible(total, part) or (total.dim == "person_time" and part.dim == "person")


def _emit_breakdown(b: Builder, sentence: Sentence, m: Match, total: Figure, family: list[Figure]) -> None:
    text = b.text_of(sentence)
    near = not m.shape.params.get("population")
    if total.id in {p.id for p in family} or "均" in total.label or "每" in total.label:
        return
    if any(p.interval.low > total.interval.high for p in family) and m.shape.id == "breakdown-in-brackets":
        return  # a part larger than the whole: the brackets say something else
    if len(family) == 1:
        if family[0].dim == total.dim and b.once(("bound", family[0].id, total.id)):
            b.out.bounds.append(Bound(family[0], total, "prose", m.shape.id))
        return
    after = text[family[-1].end : family[-1].end + 8]
    marker = text[max(0, family[0].start - 8) : family[0].start]
    lex = b.analysis.lexicon
    facets = {lex.facet_of(p.label) for p in family}
    overlapping = len(facets) > 1 and None not in facets
    open_ended = bool(_ETC_AFTER.match(after)) or any(_ETC.search(p.label) for p in family) or bool(_OPEN_LIST.search(marker))
    worded = _all_of_it(b, text, m, family)
    exhaustive = not open_ended and not overlapping
    if b.once(("sum", total.id, tuple(p.id for p in family))):
        b.out.sums.append(Sum(total, tuple(family), exhaustive, "prose", m.shape.id,
                              overlapping=overlapping, worded=worded, near=near))


def _family(b: Builder, parts: list[Figure]) -> list[Figure]:
    """The parts of one list: the same unit family as the first, up to a figure that names
    another indicator (``其中男生1800人，女生1615人，教职工236人``: 教职工 ends it)."""
    out = [parts[0]]
    lex = b.analysis.lexicon
    first = lex.indicator(parts[0].indicator)
    for p in parts[1:]:
        ind = lex.indicator(p.indicator)
        if ind is not None and (first is None or ind.id != first.id) and not p.scope.qualifiers:
            break
        out.append(p)
    return out


def _all_of_it(b: Builder, text: str, m: Match, parts: list[Figure]) -> bool:
    """分别为/合计 among the parts, or labels that complete a partition (公办 and 民办)."""
    region = text[m.start : parts[-1].end]
    if re.search(r"分别为|分别是|分别有|合计|共计|总计", region):
        return True
    labels = [p.label for p in parts]
    lex = b.analysis.lexicon
    if lex.partition_of(labels) is not None:
        return True
    return bool(re.search(r"第?一[、，,和及与]\s*(?:第)?二[、，,和及与]\s*(?:第)?三(?:次)?产业|一等奖.*二等奖.*三等奖", region))


def build_parts_total(b: Builder, sentence: Sentence, m: Match) -> None:
    parts = [p for p in m.figures.get("parts", []) if _level(p)]
    total = (m.figures.get("total") or [None])[0]
    if total is None or len(parts) < 2 or not _level(total):
        return
    parts = [p for p in parts if _compatible(p, total)]
    if m.shape.params.get("partition"):
        parts = _partition_suffix(b.analysis.lexicon, parts)
    if len(parts) < 2 or (b.analysis.lexicon.facet_of(parts[0].label) and len({b.analysis.lexicon.facet_of(p.label) for p in parts}) > 1):
        return
    if not total.label:  # 合计2000人: named by the parts' population, else by its total word
        population = b.analysis.lexicon.split_population(parts[0].label)[0]
        total = total.with_label(population or b.text_of(sentence)[parts[-1].end : total.start].strip("，,、；; "))
    if b.once(("sum", total.id, tuple(p.id for p in parts))):
        b.out.sums.append(Sum(total, tuple(parts), True, "prose", m.shape.id, worded=True))


def _partition_suffix(lex: Lexicon, parts: list[Figure]) -> list[Figure]:
    """The last figures of ``parts`` that name every member of one lexicon partition (男生…，女生…)."""
    for k in range(2, len(parts) + 1):
        if lex.partition_of([p.label for p in parts[-k:]]) is not None:
            return parts[-k:]
    return []


def build_count_total(b: Builder, sentence: Sentence, m: Match) -> None:
    """三项合计7.63亿元: the total of the last N amounts of its unit before it."""
    count = (m.figures.get("count") or [None])[0]
    total = (m.figures.get("total") or [None])[0]
    if count is None or total is None or not _level(total) or not float(count.value).is_integer():
        return
    k = int(count.value)
    if not 2 <= k <= 12:
        return
    earlier = [f for f in b.paragraph_figures(sentence) if f.end <= count.start and _level(f) and f.depth == 0
               and f.kind == "quantity" and (f.dim == total.dim or f.unit == total.unit)]
    if len(earlier) < k:
        return
    parts = earlier[-k:]
    if b.once(("sum", total.id, tuple(p.id for p in parts))):
        b.out.sums.append(Sum(total, tuple(parts), True, "prose", m.shape.id, worded=True))


# --- shares -----------------------------------------------------------------------------------


def build_share(b: Builder, sentence: Sentence, m: Match) -> None:
    share = (m.figures.get("share") or [None])[0]
    if share is None or share.role != "share" or share.depth > 0:
        return
    figs = b.figures(sentence)
    base = share.base
    part = (m.figures.get("part") or [None])[0]
    text = b.text_of(sentence)
    marker = text.rfind("占", sentence.start, share.start)
    if part is None or not _level(part):
        part = _before(figs, marker if marker >= 0 else share.start, lambda f: _level(f) and f.depth == 0)
    subject = _share_subject(text, marker, sentence.start)
    lex = b.analysis.lexicon
    subject = lex.strip_end("qualifier.approx", lex.strip_end("label.tail", subject))
    subject = lex.strip_start("label.lead", subject)
    if len(subject) < 2:
        subject = ""
    if subject and part is not None and not _names(b, part, subject):
        named = next((f for f in reversed(figs) if f.end <= marker and _level(f) and _names(b, f, subject)), None)
        part = named or b.resolver.by_name(subject, share)
    whole = _whole(b, sentence, share, part, base)
    if part is None or whole is None or whole.id == part.id or not _compatible(part, whole):
        return
    part, whole = b.resolver.precise(part), b.resolver.precise(whole)
    if re.search(r"\d\s+$", text[max(0, part.start - 3) : part.start]):
        return  # 1682 41人: digits split by a stray space (the garbled-number rule says so)
    if b.once(("share", share.id)):
        near = whole.sentence is not None and whole.block == share.block
        b.out.shares.append(Share(share, part, whole, "prose", m.shape.id, whole_name=base, near=near))


def _share_subject(text: str, marker: int, start: int) -> str:
    """The words right before 占 in its clause (``民办学校数占…`` → 民办学校数)."""
    if marker < 0:
        return ""
    i = marker
    while i > start and text[i - 1] not in "，,。；;：:、（）()":
        i -= 1
    words = re.sub(r"[“”\"\s]", "", text[i:marker])
    return "" if re.search(r"\d", words) else words


def _names(b: Builder, fig: Figure, name: str) -> bool:
    """Does ``name`` (words of a sentence) name ``fig``: its indicator, and its sector?"""
    ident = b.resolver.indicator_of(name)
    if b.analysis.lexicon.indicator(ident) is not None:
        named = fig.indicator == ident  # 专任教师: the indicator, not a subgroup of it
    else:
        named = fig.indicator == ident or fig.label.endswith(name) or name.endswith(fig.label)
    if not named:
        return False
    lex = b.analysis.lexicon
    said = set(b.resolver.reading_of(name).qualifiers)
    if any(q not in said and (lex.facet_value(q) or any(q in ms for ms in lex.partitions)) for q in fig.scope.qualifiers):
        return False  # 高级职称的专业课教师434人 is not 专业课教师
    sector = _sector_of(b, name)
    return sector == fig.scope.sector or (sector is None and fig.scope.sector is None)


def _sector_of(b: Builder, words: str) -> str | None:
    hits = b.analysis.lexicon.sectors_in(words)
    if not hits:
        return None
    sector = b.analysis.lexicon.sector_of_word(words[hits[-1][0] : hits[-1][1]])
    return None if sector in b.analysis.report.own_sectors else sector


def _whole(b: Builder, sentence: Sentence, share: Figure, part: Figure | None, base: str | None) -> Figure | None:
    """The whole a share is of: the base it names (in the sentence, else in the report), the
    whole region (``占全省的``), or the population the sentence speaks of (``专任教师中，…占``)."""
    if part is None:
        return None
    figs = b.figures(sentence)
    lex = b.analysis.lexicon
    if base and (lex.is_word("scope.region", base) or lex.is_word("scope.institution", base)):
        scope = Scope(None, None, part.scope.sector, ())
        found = b.analysis.index.find([part.indicator], scope, part.period)
        found = [f for f in found if f.id != part.id and f.role in LEVEL]
        return min(found, key=lambda f: b.resolver._rank(f, part, None)) if found else None
    name = base or sentence.population or ""
    if name:
        inside = next((f for f in reversed(figs) if f.end <= share.start and f.id != part.id and _level(f)
                       and _names(b, f, name)), None)
        if inside is not None:
            return inside
        reading = b.resolver.reading_of(name)
        sector = reading.sector if reading.sector is not None else part.scope.sector
        like = Figure(**{**_fields(part), "scope": Scope(part.scope.region, part.scope.institution, sector, reading.qualifiers)})
        return b.resolver.find([reading.indicator], like)
    # 占46.8%: the total the clause before names (全省高中阶段教育招生30.26万人，中职招生占46.8%)
    prev = _before(figs, part.start if part.sentence == share.sentence else share.start,
                   lambda f: _level(f) and f.id != part.id and _compatible(f, part) and f.value >= part.value)
    return prev


def _fields(fig: Figure) -> dict:
    return {name: getattr(fig, name) for name in fig.__dataclass_fields__}


def build_shares_each(b: Builder, sentence: Sentence, m: Match) -> None:
    """…486人，…402人，分别占专任教师的57.3%和专业课教师的82.7%: in order, each with its base."""
    parts = [p for p in m.figures.get("parts", []) if _level(p)]
    shares = [s for s in m.figures.get("shares", []) if s.kind in ("percent", "permille")]
    if len(parts) != len(shares) or len(parts) < 2:
        return
    for part, share in zip(parts, shares, strict=True):
        whole = _whole(b, sentence, share, part, share.base) if share.base else None
        if whole is not None and _compatible(part, whole) and b.once(("share", share.id)):
            b.out.shares.append(Share(share, part, whole, "prose", m.shape.id, whole_name=share.base))


def build_population_share(b: Builder, sentence: Sentence, m: Match) -> None:
    """75%的毕业生在当地就业: the part is a count of what they do, the whole the population."""
    share = (m.figures.get("share") or [None])[0]
    if share is None or share.depth > 0:
        return
    text = b.text_of(sentence)
    rest = text[share.end : sentence.end]
    if not rest.startswith("的"):
        return
    lex = b.analysis.lexicon
    who = next((rest[1 : 1 + k] for k in range(10, 1, -1)
                if (hit := lex.match_indicator(rest[1 : 1 + k])) is not None and not hit.head), None)
    if who is None:
        return
    tail = re.match(r"[^，,。；;：:、（(\d]{2,16}", rest[1 + len(who) :])
    if tail is None:
        return
    what = re.sub(r"^(都|均|已|已经|能够|能|可以|选择|愿意|留在|留|在|到|进入|实现|获得|取得)+", "", tail.group())
    if len(what) < 2:
        return
    whole = b.resolver.by_name(who, share)
    part = next((f for f in b.paragraph_figures(sentence) if _level(f) and what in f.label and f.dim == "person"), None)
    if whole is None or part is None or not _compatible(part, whole):
        return
    if b.once(("share", share.id)):
        b.out.shares.append(Share(share, part, whole, "prose", m.shape.id, whole_name=who, near=False))


# --- changes ----------------------------------------------------------------------------------


def _verb(fig: Figure) -> str | None:
    return next((n.split(":", 1)[1] for n in fig.notes if n.startswith("verb:")), None)


def _direction(fig: Figure) -> int | None:
    for note in fig.notes:
        if note.startswith("direction:"):
            return int(note.split(":")[1])
    return None


def build_change(b: Builder, sentence: Sentence, m: Match) -> None:
    stated = next((m.figures[k][0] for k in ("delta", "rate", "points", "times") if m.figures.get(k)), None)
    if stated is None or stated.depth > 0:
        return
    figs = b.figures(sentence)
    text = b.text_of(sentence)
    previous = (m.figures.get("previous") or [None])[0]
    if previous is None:
        floor = _clause_start(text, stated.start, sentence.start) - 30
        previous = next((f for f in reversed(figs) if f.role == "previous" and f.end <= stated.start and f.start >= floor), None)
    subject = _subject(figs, stated, previous)
    if subject is None:
        return
    reading = {"C": "absolute", "G": "relative", "D": "points", "T": "times"}.get(_symbol_of(stated), "absolute")
    if stated.kind == "percent" and subject.kind == "percent" and reading == "relative":
        reading = "either"
    old, old_from, near = previous, None, True
    if stated.value < 0 and _direction(stated) not in (None, 0):
        if b.once(("change", stated.id)):  # 增加-120人: the words and the sign disagree
            b.out.changes.append(Change(stated, None, subject, reading, "prose", m.shape.id,
                                        direction=_direction(stated), verb=_verb(stated), label=subject.label))
        return
    if old is None:
        old, old_from = _last_year(b, subject, stated, text)
        near = old is not None and (old.block == stated.block or old_from == "table-line")
        if old is None:
            delta = _delta_before(figs, stated, subject)
            if delta is not None and reading == "relative":
                old, old_from = None, None
                if b.once(("change", stated.id)):
                    b.out.changes.append(Change(stated, None, subject, "relative", "prose", m.shape.id,
                                                direction=_direction(stated), label=subject.label,
                                                verb=_verb(stated), old_from="delta:" + str(delta.id)))
            return
    if old is not None and not _change_compatible(subject, old):
        return
    span = _MULTI_YEAR.search(text, _segment_start(text, stated.start, sentence.start), stated.start)
    if b.once(("change", stated.id)):
        b.out.changes.append(Change(stated, old, subject, reading, "prose", m.shape.id,
                                    direction=_direction(stated), label=subject.label, verb=_verb(stated),
                                    span=span.group() if span else None, old_from=old_from, near=near))


def _symbol_of(fig: Figure) -> str:
    from vetlint.extract.shapes import figure_symbol

    return figure_symbol(fig)


def _clause_start(text: str, pos: int, floor: int) -> int:
    i = pos
    while i > floor and text[i - 1] not in "，,。；;：:":
        i -= 1
    return i


def _segment_start(text: str, pos: int, floor: int) -> int:
    i = pos
    while i > floor and text[i - 1] not in "。；;！？":
        i -= 1
    return i


def _subject(figs: Sequence[Figure], stated: Figure, previous: Figure | None) -> Figure | None:
    """The figure a change is of: the nearest level figure before it that it can compare."""
    limit = previous.start if previous is not None else stated.start
    for f in reversed(figs):
        if f.end > limit or f.depth > 0 or f.id == stated.id:
            continue
        if f.role not in ("level", "count", "rate", "share", "ratio", "per_capita"):
            continue
        if stated.kind == "points":
            if f.kind in ("percent", "permille"):
                return f
            continue
        if stated.kind in ("percent", "permille") and stated.role in ("growth", "times"):
            if f.kind in ("quantity", "percent", "ratio"):
                return f
            continue
        if stated.kind == "quantity" and f.kind == "quantity" and (f.dim == stated.dim or "number" in (f.dim, stated.dim)):
            return f
    return None


def _change_compatible(subject: Figure, old: Figure) -> bool:
    if subject.kind != old.kind:
        return False
    return subject.kind != "quantity" or subject.dim == old.dim or "number" in (subject.dim, old.dim)


def _delta_before(figs: Sequence[Figure], stated: Figure, subject: Figure) -> Figure | None:
    """The absolute change a growth rate goes with: between the subject and the rate
    (比上年增加5481人，增长4.0%), or the very next figure (增长4.0%，比上年增加115人)."""
    before = next((f for f in reversed(figs) if f.end <= stated.start and f.role == "change" and f.kind == "quantity"
                   and f.start > subject.end), None)
    if before is not None:
        return before
    after = next((f for f in figs if f.start >= stated.end), None)
    if after is not None and after.role == "change" and after.kind == "quantity" and after.depth == stated.depth \
            and _change_compatible(subject, after):
        return after
    return None


def _last_year(b: Builder, subject: Figure, stated: Figure, text: str) -> tuple[Figure | None, str | None]:
    """Last year's figure of what changed, when the sentence does not print it: the report's
    figure of the same indicator and scope for the year before (compared year when named)."""
    year = subject.period.year
    compared = re.search(r"(?:较|比|与)\s*((?:19|20)\d{2})\s*年", text[max(0, stated.start - 16) : stated.start])
    target = compared.group(1) if compared else shift(year, -1)
    if target is None:
        rows = _same_row_last_year(b, subject, None)
        return (rows[0], "table-line") if rows else (None, None)
    like = Figure(**{**_fields(subject), "period": Period(target)})
    found = b.analysis.index.find([subject.indicator], subject.scope, Period(target))
    found = [f for f in found if f.id != subject.id and f.role in ("level", "count", "rate", "share", "ratio", "previous")]
    if not found:
        prev = [f for f in b.analysis.figures if f.role == "previous" and f.indicator == subject.indicator
                and f.scope.key() == subject.scope.key() and f.period.year == target]
        found = prev
    if not found:
        rows = _same_row_last_year(b, subject, target)
        if rows:
            return rows[0], "table-line"
    if not found:
        # 毕业生平均月收入 in a sentence, 月收入 in the table: one name ends the other
        ind = subject.indicator
        near = [f for f in b.analysis.figures if f.cell is not None and f.period.year == target
                and f.scope.key() == subject.scope.key() and f.kind == subject.kind and len(f.indicator) >= 3
                and f.role in ("level", "rate", "share", "ratio") and f.dim == subject.dim
                and (ind.endswith(f.indicator) or f.indicator.endswith(ind))]
        found = near if len({f.indicator for f in near}) == 1 else []
    if not found:
        return None, None
    best = min(found, key=lambda f: b.resolver._rank(f, like, None))
    if best.cell is not None:
        agrees = _current_agrees(b, best, subject)
        if agrees is False:
            return None, None  # the line states another current figure: another indicator or scope
        return best, "table-line" if agrees else "table"
    return best, "prose"


def _current_agrees(b: Builder, old: Figure, subject: Figure) -> bool | None:
    """Does the table line of last year's figure state this year's figure as the sentence does?
    None when it prints no figure for this year."""
    assert old.cell is not None
    view = b.analysis.tables[old.cell.table]
    line = [f for f in view.cells.values() if f.cell is not None and f.period.year == subject.period.year
            and f.kind == subject.kind and (f.cell.row == old.cell.row if f.cell.col != old.cell.col else False)]
    if not line:
        return None
    return any(f.interval.intersects(subject.interval) for f in line)


def _same_row_last_year(b: Builder, subject: Figure, target: str | None) -> list[Figure]:
    """A table line that states the sentence's figure for its year (under words that share a
    name with it) gives last year's figure in the same line: ``具有研究生及以上学历的专任教师
    801人`` and 表1-6 ``研究生及以上学历专任教师数 | 1165 | 801``."""
    words = re.sub(r"[的“”\s]|具有|数$", "", subject.label + (subject.indicator or ""))
    rows = []
    for view in b.analysis.tables:
        for fig in view.cells.values():
            if subject.period.year is not None and fig.period.year != subject.period.year:
                continue
            if fig.kind != subject.kind or fig.dim not in (subject.dim, "number"):
                continue
            if not fig.exact or not subject.interval.intersects(fig.interval) or fig.scope.key() != subject.scope.key():
                continue
            name = re.sub(r"[的“”\s]|具有|数$", "", fig.label.split(" / ")[0])
            if len(_common(name, words)) < 4:
                continue
            want = target or shift(fig.period.year, -1)
            prev = [c for c in view.cells.values() if c.cell and fig.cell and c.cell.row == fig.cell.row
                    and c.period.year == want and c.kind == fig.kind]
            rows.extend(prev)
    return rows if len(rows) == 1 else []


def _common(a: str, b: str) -> str:
    """The longest run of characters ``a`` and ``b`` share."""
    best = ""
    for i in range(len(a)):
        for j in range(i + len(best) + 1, len(a) + 1):
            if a[i:j] in b:
                best = a[i:j]
            else:
                break
    return best


def build_transition(b: Builder, sentence: Sentence, m: Match) -> None:
    before = [f for f in m.figures.get("before", []) if _level(f)]
    after = [f for f in m.figures.get("after", []) if _level(f)]
    if not before or len(before) != len(after):
        return
    figs = b.figures(sentence)
    for x, y in zip(before, after, strict=True):
        if not _compatible(x, y):
            return
    text = b.text_of(sentence)
    for x, y in zip(before, after, strict=True):
        thing = y.after or x.after or y.label
        # 专业数削减17%: a relative change of the thing later in the sentence or the next ones
        for f in [g for g in b.paragraph_figures(sentence) if g.start > y.end and g.role == "growth"]:
            words = f.label
            if thing and (thing in words or words.endswith(thing.rstrip("数")) or thing.startswith(words.rstrip("数"))):
                span = _MULTI_YEAR.search(text, _segment_start(text, f.start, 0), f.start)
                if b.once(("change", f.id)):
                    b.out.changes.append(Change(f, x, y, "relative", "prose", m.shape.id, direction=_direction(f),
                                                label=thing, span=span.group() if span else None))
                break
        else:
            nxt = next((g for g in figs if g.start > y.end and g.role == "growth" and not g.label
                        and len(text[y.end : g.start]) <= 10), None)
            if nxt is not None and b.once(("change", nxt.id)):
                b.out.changes.append(Change(nxt, x, y, "relative", "prose", m.shape.id, direction=_direction(nxt), label=thing))


# --- formulas ---------------------------------------------------------------------------------


def build_formula(b: Builder, sentence: Sentence, m: Match) -> None:
    value = (m.figures.get("value") or [None])[0]
    if value is None or value.depth > 0 or value.role not in ("ratio", "rate", "level", "share"):
        return
    ind = b.analysis.lexicon.indicator(value.indicator)
    if ind is None or not ind.formulas:
        return
    # 按全日制在校生计算，…之比为18.1:1: the basis names which students; the inputs have no basis
    basis = next((q[1:] for q in value.scope.qualifiers if q.startswith("按")), None)
    like = value
    if basis is not None:
        scope = value.scope
        like = replace(value, scope=replace(scope, qualifiers=tuple(q for q in scope.qualifiers if not q.startswith("按"))))
    used = {f.id for q in b.out.quotients if q.stated.indicator == value.indicator and q.stated.block == value.block
            for f in q.inputs}
    found: list[Quotient] = []
    for formula in ind.formulas:
        try:
            expression = Expression.parse(formula)
        except ExprError:
            continue
        names = formula_names(formula, expression)
        inputs: list[Figure] = []
        near = True
        for name in names:
            ident = name
            if basis and name in ("students", "fte_students"):
                ident = b.resolver.indicator_of(basis)
            fig = _near_input(b, sentence, like, ident)
            if fig is None:
                fig = b.resolver.find([ident], like)
                # a table line states its scope; another paragraph may speak of another one
                near = near and fig is not None and (fig.block == value.block or fig.cell is not None)
            if fig is None or fig.id in used:
                break  # …551名…533名，取证率为96.7%；…30名同学全部取证，取证率为100%: each rate its own counts
            inputs.append(fig)
        else:
            found.append(Quotient(value, tuple(inputs), names, formula, "prose", m.shape.id, near=near))
    if found and b.once(("formula", value.id)):
        first, *rest = found
        slips = _slips(b, sentence, value, ind.slips)
        b.out.quotients.append(replace(first, alternatives=tuple((q.formula, q.names, q.inputs) for q in rest),
                                       slips=slips))


def _slips(b: Builder, sentence: Sentence, value: Figure, texts: Sequence[str]) -> tuple[tuple[str, tuple[str, ...], tuple[Figure, ...]], ...]:
    """Wrong definitions whose inputs the report prints (生师比 on 教职工), to name the slip."""
    out = []
    for text in texts:
        try:
            expression = Expression.parse(text)
        except ExprError:
            continue
        names = formula_names(text, expression)
        inputs = [_near_input(b, sentence, value, n) or b.resolver.find([n], value) for n in names]
        if all(i is not None for i in inputs):
            out.append((text, names, tuple(i for i in inputs if i is not None)))
    return tuple(out)


def _near_input(b: Builder, sentence: Sentence, like: Figure, ident: str) -> Figure | None:
    """An input in the same sentence (then paragraph) with the figure's scope and period."""
    for figs in (b.figures(sentence), b.paragraph_figures(sentence)):
        for f in reversed(figs):
            if f.indicator == ident and f.role in LEVEL and f.depth == 0 and f.scope.key() == like.scope.key() \
                    and f.period.key() == like.period.key() and not f.approximate:
                return f
    return None


def build_per_head(b: Builder, sentence: Sentence, m: Match) -> None:
    """生均X = X ÷ students; 人均60天 = the days ÷ the people of the sentence."""
    value = (m.figures.get("value") or [None])[0]
    if value is None or value.depth > 0:
        return
    if _per_student(b, value):
        _pair_with_total(b, sentence, value, m.shape.id)
    if value.label.startswith("生均"):
        q = b.resolver.quotient(value, origin="prose")
        if q is not None and b.once(("formula", value.id)):
            b.out.quotients.append(Quotient(q.stated, q.inputs, q.names, q.formula, "prose", m.shape.id,
                                            near=all(i.block == value.block for i in q.inputs)))
        return
    figs = b.paragraph_figures(sentence)
    total_dim = "person_time" if value.unit == "occurrence" else value.dim
    parts = {p.id for s in b.out.sums for p in s.parts if s.origin == "prose"}
    total = _before(figs, value.start, lambda f: _level(f) and f.dim == total_dim and f.depth == 0 and f.id not in parts)
    people = _before(figs, value.start, lambda f: _level(f) and f.dim == "person" and f.depth == 0)
    if total is None or people is None or total.id == people.id:
        return
    if b.once(("formula", value.id)):
        b.out.quotients.append(Quotient(value, (total, people), ("total", "people"), "total / people", "prose",
                                        m.shape.id, near=True))


def _per_student(b: Builder, fig: Figure) -> bool:
    """A figure per student (生均…), not per head of anything (人均60天) nor a grant (每生每年)."""
    return fig.kind == "quantity" and fig.dim not in ("person", "percent") and bool(
        b.analysis.lexicon.starts("per_capita.student", fig.label))


def _pair_with_total(b: Builder, sentence: Sentence, each: Figure, shape: str) -> None:
    """生均校园用地面积58.28平方米 after 校园占地面积291万平方米: the total of the same unit right
    before it in its ；-segment (or the figure its name names)."""
    text = b.text_of(sentence)
    segment = _segment_start(text, each.start, sentence.start)
    figs = b.paragraph_figures(sentence)
    total = _before(figs, each.start, lambda f: f.start >= segment and _level(f) and f.depth == 0
                    and f.dim == each.dim and f.unit == each.unit and not _per_student(b, f))
    if total is not None and _divides(b, each, total) and b.once(("per-student", each.id)):
        b.out.per_student.append(PerStudent(each, total, "prose", shape))


def _divides(b: Builder, each: Figure, total: Figure) -> bool:
    """Does the per-student figure name the total (生均校园用地面积 of 校园占地面积, a bare 生均
    of whatever came before), not another amount (生均教育事业费 after 总投入)?"""
    name = b.analysis.lexicon.strip_start("per_capita.student", each.label)
    if len(name) < 2:
        return True
    if b.resolver.indicator_of(name) == total.indicator:
        return True
    return name[-2:] == total.label[-2:]


# --- amounts ----------------------------------------------------------------------------------


def build_product(b: Builder, sentence: Sentence, m: Match) -> None:
    """每生每年2000元 … 下达资金1.37亿元: the amount is the standard times the people before it.

    The people are the count nearest before the standard, or the list it ends (春季学期3204人、
    秋季学期3389人 for a 每学期 standard); the other counts of the sentence are other readings,
    and a check holds when one of them does."""
    standard = (m.figures.get("standard") or [None])[0]
    amount = (m.figures.get("amount") or [None])[0]
    if standard is None or amount is None or amount.dim != "yuan" or standard.dim != "yuan" or not _level(amount):
        return
    text = b.text_of(sentence)
    segment = _segment_start(text, standard.start, sentence.start)
    people = [f for f in b.figures(sentence) if segment <= f.start and f.end <= standard.start and _level(f)
              and f.depth == 0 and f.dim in ("person", "person_time")]
    if not people:
        return
    runs = _runs(text, people)
    options: list[tuple[Figure, ...]] = []
    per_term = "学期" in text[max(0, standard.start - 8) : standard.start]
    nearest_run = runs[-1]
    if per_term:
        longer = [r for r in runs if len(r) >= 2]
        if longer:
            options.append(tuple(longer[-1]))
    if len(nearest_run) >= 2:
        options.append(tuple(nearest_run))
    options.append((people[-1],))
    for f in reversed(people[:-1]):
        options.append((f,))
    options = list(dict.fromkeys(options))
    if b.once(("product", amount.id)):
        b.out.products.append(Product(amount, options[0], standard, "prose", m.shape.id, alternatives=tuple(options[1:])))


_AMOUNT_WORDS = re.compile(r"金额|资金|奖励|补助|资助|发放|计|共")


def build_product_elsewhere(b: Builder, sentence: Sentence, m: Match) -> None:
    """获得国家奖学金的学生有56人，奖励金额33.6万元: the standard (每人6000元) was given before,
    for the same programme, earlier in the paragraph."""
    count = (m.figures.get("count") or [None])[0]
    amount = (m.figures.get("amount") or [None])[0]
    if count is None or amount is None or not _level(count) or not _level(amount):
        return
    if count.dim != "person" or amount.dim != "yuan" or not _AMOUNT_WORDS.search(amount.label or ""):
        return
    text = b.text_of(sentence)
    segment = text[_segment_start(text, count.start, sentence.start) : amount.end]
    if any(f.role == "standard" for f in b.figures(sentence) if f.start < amount.start):
        return  # the standard is in this sentence: the in-sentence shape reads it
    standards = [f for f in b.paragraph_figures(sentence) if f.role == "standard" and f.end <= count.start and f.dim == "yuan"]
    if not standards:
        return
    standard = standards[-1]
    before = text[max(0, standard.start - 30) : standard.start]
    programme = re.findall(r"[\u4e00-\u9fff]{0,6}(?:奖学金|助学金|免学费|补助|资助)", before)
    if programme and not any(p[-3:] in segment for p in programme):
        return
    if b.once(("product", amount.id)):
        b.out.products.append(Product(amount, (count,), standard, "prose", m.shape.id))


def _runs(text: str, figs: list[Figure]) -> list[list[Figure]]:
    """Figures in lists: neighbours with only words and 、/和/及 between them share a run."""
    runs: list[list[Figure]] = []
    for f in figs:
        if runs:
            gap = text[runs[-1][-1].end : f.start]
            if not re.search(r"[，,；;。：:]", gap) and len(gap) <= 12:
                runs[-1].append(f)
                continue
        runs.append([f])
    return runs


# --- lists ------------------------------------------------------------------------------------


def build_list_count(b: Builder, sentence: Sentence, m: Match) -> None:
    count = (m.figures.get("count") or [None])[0]
    if count is None or count.kind != "quantity" or not float(count.value).is_integer() or count.approximate:
        return
    if count.unit not in _CLASSIFIER_UNITS or count.value < 2 or count.value > 60:
        return
    listed = m.texts.get("items", "")
    text = b.text_of(sentence)
    before = m.shape.id == "list-then-count"
    if before:
        # the items end right before the count: 老挝、柬埔寨、泰国、孟加拉国4个国家
        end = count.start
        if text[count.end : count.end + 1] in ("等", "、", "，", ","):
            return  # 深汕比亚迪二期等一批项目: the figure ends a name (a phase), it counts nothing
        glued = count.start > 0 and "\u4e00" <= text[count.start - 1] <= "\u9fff"
        if glued and b.analysis.lexicon.is_word("list.name_classifiers", text[count.end - 1 : count.end]):
            return  # 东部两江三期工程: a phase of the last name
        start = end
        while start > sentence.start and text[start - 1] not in "，,。；;：:（(”」』":
            start -= 1
        listed = text[start:end]
    else:
        tail = text[m.end : sentence.end]
        if not re.match(r"\s*[，,。；;！？!?）)]", tail) and m.end >= len(text.rstrip()) - 1:
            return  # the list runs off the end of the paragraph: it may go on elsewhere
    if before:
        listed = re.sub(r"^.*(?:的|来自|包括|共有|现有|拥有|有|与|和|同)", "", listed.split("、", 1)[0]) + (
            "、" + listed.split("、", 1)[1] if "、" in listed else "")
    items, open_ended = _items(listed)
    if before:
        if len(items) + 3 < int(count.value) and not open_ended:
            return  # 省级品牌示范专业、特色专业40个: categories of what is counted, not its names
        open_ended = open_ended or text[:count.start].rstrip().endswith("等")
        if items and (b.analysis.lexicon.has("label.action", items[-1]) or b.analysis.lexicon.has("counts.other", items[-1])):
            return  # …参加了技能类31项: the count follows a verb, not the names
    if len(items) < 2 or any(len(i) < 2 for i in items):
        return  # 省、市级名师工作室: a compound, not a list of names
    if b.once(("count", count.id)):
        b.out.counts.append(ListCount(count, tuple(items), open_ended, "prose", m.shape.id))


def _items(text: str) -> tuple[list[str], bool]:
    """The names of a list (、 between items, 和/及 before the last); 等 ends an open list."""
    body = re.split(r"[，,。；;]", text, maxsplit=1)[0].strip()
    etc = re.search(r"(?<![高中初平同均对相])等(?:[\u4e00-\u9fff]{0,4})$", body)
    open_ended = etc is not None
    if etc is not None:
        body = body[: etc.start()].strip()
    pieces = [p.strip(" “”\"") for p in body.split("、")]
    if pieces and re.search(r"(?<!以)[和及]", pieces[-1]):
        last = pieces.pop()
        pieces.extend(x for x in re.split(r"以及|[和及]", last, maxsplit=1) if x.strip())
    items = [p for p in pieces if p and not re.search(r"\d", p) and len(p) <= 30]
    return items, open_ended


def build_split(b: Builder, sentence: Sentence, m: Match) -> None:
    """职普比50.84：49.16: a split of one whole whose two terms total 100."""
    value = (m.figures.get("value") or [None])[0]
    if value is None or not value.number.terms or len(value.number.terms) != 2:
        return
    names = b.analysis.lexicon.names_of("vocational_general_ratio")
    if not any(n in value.label for n in names) or abs(sum(value.number.terms) - 100) > 5:
        return
    if b.once(("distribution", value.id)):
        b.out.distributions.append(Distribution((value,), "prose", m.shape.id))


def build_excess(b: Builder, sentence: Sentence, m: Match) -> None:
    """招生任务为5.8万人…新生7.6万人，超额完成招生任务的31.03%: (actual − target) ÷ target."""
    rate = (m.figures.get("rate") or [None])[0]
    if rate is None or rate.kind != "percent":
        return
    earlier = [f for f in b.figures(sentence) if f.end <= rate.start and _level(f) and f.depth == 0]
    targets = [f for f in earlier if re.search(r"任务|计划|目标|指标", f.label)]
    if not targets:
        return
    target = targets[-1]
    actual = next((f for f in reversed(earlier) if f.start > target.end and _compatible(f, target)), None)
    if actual is not None and b.once(("change", rate.id)):
        b.out.changes.append(Change(rate, target, actual, "relative", "prose", m.shape.id, label="超额完成"))


# --- distributions ----------------------------------------------------------------------------

_SCALES = ("scale.satisfaction", "scale.grade", "scale.sector")


def build_distribution(b: Builder, sentence: Sentence, m: Match) -> None:
    items = [f for f in m.figures.get("items", []) if f.kind in ("percent", "permille") and f.depth == 0]
    if len(items) < 2:
        return
    lex = b.analysis.lexicon
    text = b.text_of(sentence)
    for scale in _SCALES:
        words = lex.words(scale)
        named = []
        floor = sentence.start
        for f in items:
            before = text[floor : f.start]
            named.append(None if lex.has("scale.rate", before) else _scale_word(before, f.label, words))
            floor = f.end
        picked = [f for f, w in zip(items, named, strict=True) if w is not None]
        if len(picked) >= 2 and len({w for w in named if w}) == len(picked):
            members = {w for w in named if w}
            complete = _scale_complete(lex, scale, members)
            if complete and b.once(("distribution", tuple(f.id for f in picked))):
                name = "、".join(w for w in named if w)
                b.out.distributions.append(Distribution(tuple(picked), "prose", m.shape.id, name=name))
                _scale_rate(b, sentence, list(zip(picked, [w for w in named if w], strict=True)))
            return


def _scale_rate(b: Builder, sentence: Sentence, levels: list[tuple[Figure, str]]) -> None:
    """满意度（含基本满意）为98.3% after the shares of each level: the sum of the levels that
    count as satisfied (``scale.satisfied``; ``scale.satisfied_basic`` only when the words say
    含…). When the words leave 基本满意 open, nothing is judged."""
    lex = b.analysis.lexicon
    text = b.text_of(sentence)
    last = levels[-1][0]
    rate = next((f for f in b.figures(sentence) if f.start > last.end and f.kind == "percent" and f.depth == 0), None)
    if rate is None:
        return
    words = text[last.end : rate.start]
    if not lex.has("scale.rate", words):
        return
    basic = lex.words("scale.satisfied_basic")
    said = any(f"含{w}" in words or f"包括{w}" in words for w in basic)
    if any(w in basic for _, w in levels) and not said:
        return
    parts = tuple(f for f, w in levels if lex.is_word("scale.satisfied", w) or (said and w in basic))
    if len(parts) >= 2 and b.once(("sum", rate.id, tuple(p.id for p in parts))):
        name = lex.regex("scale.rate").search(words)
        b.out.sums.append(Sum(rate.with_label(name.group() if name else rate.label), parts, True, "prose",
                              "scale-rate", worded=True))


def _scale_word(before: str, label: str, words: Sequence[str]) -> str | None:
    """The level of a scale a share is of: its label's last word (非常满意的比例), else the
    last level named before it (评价“非常满意”的占48.9%)."""
    core = re.sub(r"(的|为|占|比例|人数|率)+$", "", label.replace("“", "").replace("”", ""))
    hit = next((w for w in words if core.endswith(w) or core == w), None)
    if hit is not None:
        return hit
    found = [(m.end(), len(w), w) for w in words for m in re.finditer(re.escape(w), before)]
    return max(found)[2] if found else None


def _scale_complete(lex, scale: str, members: set[str]) -> bool:
    """A scale whose every level the sentence names (满意 … 不满意; 第一/二/三产业)."""
    return len(members) >= 2 and (scale != "scale.sector" or len(members) == 3)


BUILDERS: dict[str, Callable[[Builder, Sentence, Match], None]] = {
    "breakdown": build_breakdown,
    "parts-total": build_parts_total,
    "count-total": build_count_total,
    "share": build_share,
    "shares-each": build_shares_each,
    "population-share": build_population_share,
    "change": build_change,
    "transition": build_transition,
    "formula": build_formula,
    "per-head": build_per_head,
    "product": build_product,
    "product-elsewhere": build_product_elsewhere,
    "list-count": build_list_count,
    "distribution": build_distribution,
    "split": build_split,
    "excess": build_excess,
}


def prose_relations(analysis: Analysis) -> Relations:
    """The relations every sentence of ``analysis`` states, by the shapes found in it."""
    out = Relations()
    builder = Builder(analysis, out)
    shapes = analysis.shapes
    if shapes is None:
        return out
    for sentence in analysis.sentences:
        if not sentence.figures:
            continue
        text = builder.text_of(sentence)
        figs = builder.figures(sentence)
        for m in shapes.match(text, sentence.start, sentence.end, figs):
            build = BUILDERS.get(m.shape.relation)
            if build is not None:
                build(builder, sentence, m)
    return out
