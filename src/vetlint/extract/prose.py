"""Prose: every number of a paragraph as a Figure, with its sentence.

One pass per paragraph: numbers are found once (on the text with traditional characters read
as simplified), each is labelled (``labels``), given its role, its period (``periods``) and
its scope (``scopes``), and every sentence is recorded with the figures in it, so that
sentence shapes and checks work from the same reading ``vetlint extract`` shows.

Figures that continue a list (``降幅分别为2.2%、2.9%和3.8%``) share their label and role; a
change or last year's figure without words of its own takes the label of the figure it
refers to (the figure before it in the sentence); a bare 生均/人均 is completed the same way
(``仪器设备值22188万元，生均5546元``).
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field, replace

from vetlint.document import Location, Paragraph, SourceMap
from vetlint.extract.figures import Figure, Period, Role, Scope, dim_of
from vetlint.extract.indicators import IndicatorReader, Reading
from vetlint.extract.labels import Labeller, ProseLabel
from vetlint.extract.lexicon import Lexicon
from vetlint.extract.periods import PeriodMention, figure_period, find_periods, paragraph_period
from vetlint.extract.scopes import ScopeReader, Subject
from vetlint.extract.sentences import Layout, layout, strip_brackets
from vetlint.numbers import Number, find_numbers

# 均/都 before the figure's verb: a figure said of each of several (not 生均, 人均, 平均)
_EVERY = re.compile(r"(?<![生人校师班户平])(?:均|都)(?:已|在)?(?:超过|达到了|达到|达|为|是|在|保持在|高于|低于|不低于|不少于|不足)?\s*$")
_LIST_GAP = re.compile(r"^[\s、，,和及与以及或]*$")
_POPULATION = re.compile(r"^(?P<who>.{2,14}?)(?:中|里|当中)[，,]?$")
_EACH = re.compile(r"分别(?:为|是|有|达|占)?[^，,。；;]{0,6}$")
_DIGIT = re.compile(r"\d")
_INCLUDES_AFTER = re.compile(r"\s*[（(]\s*(?:含|包括|包含)([^）)]{1,16})[）)]")
_LISTED = re.compile(r"(?:[\u4e00-\u9fff“”]{2,12}、)+\Z")  # 国家助学金、免学费、 before a label
_YEARS_LEAD = re.compile(r"^(?:(?:19|20)\d{2}\s*(?:年|届|学年|年度)\s*)+")


@dataclass(frozen=True, slots=True)
class Sentence:
    """One sentence of a paragraph: its text, where it is, the ids of its figures."""

    index: int
    block: int
    start: int
    end: int
    text: str
    figures: tuple[int, ...]
    population: str | None = None  # ``专任教师中，…``: the population its parts belong to


@dataclass(frozen=True, slots=True)
class ProseContext:
    """What a paragraph's reading needs from the rest of the document."""

    lexicon: Lexicon
    labeller: Labeller
    scopes: ScopeReader
    indicators: IndicatorReader
    period: str | None  # the section's (else the report's) period


@dataclass(slots=True)
class ParagraphReading:
    """The figures and sentences of one paragraph (ids are assigned by the analysis)."""

    text: str
    layout: Layout
    figures: list[Figure] = field(default_factory=list)
    sentences: list[Sentence] = field(default_factory=list)
    paragraph: Paragraph | None = None  # what was read (its source map locates a span)

    def locate(self, start: int, end: int) -> Location:
        """Where ``text[start:end]`` is printed."""
        if self.paragraph is None:
            return Location()
        return _span_location(self.paragraph, start, end)


def read_paragraph(
    paragraph: Paragraph, block: int, ctx: ProseContext, *, first_id: int, first_sentence: int
) -> ParagraphReading:
    """Figures and sentences of ``paragraph``; ids start at ``first_id``/``first_sentence``."""
    original = paragraph.text
    text = ctx.lexicon.simplify(original)
    lay = layout(text)
    reading = ParagraphReading(text, lay, paragraph=paragraph)
    try:
        numbers = find_numbers(text)
    except Exception:  # a parser bug must not cost the other paragraphs
        numbers = []
    mentions = find_periods(text, ctx.lexicon)
    # a year the paragraph names only after its last figure (…，学院已将其列为2024年就业帮扶重点)
    # is a plan's, not the figures'
    last = numbers[-1].end if numbers else 0
    own_period = paragraph_period([m for m in mentions if m.start < last], ctx.period)
    by_sentence: dict[int, list[int]] = {}
    state = _SentenceState()
    floor = 0
    prev: tuple[Number, ProseLabel, int] | None = None
    prev_each = False
    for n in numbers:
        s_index = lay.sentence_at(n.start)
        if state.sentence != s_index:
            state = _SentenceState(s_index)
        pl = ctx.labeller.label(text, n.start, n.end, floor, n.kind)
        if prev is not None and lay.sentence_at(prev[0].start) == s_index and _LIST_GAP.match(text[prev[0].end : n.start]):
            if text[prev[0].end : n.start].strip() or dim_of(prev[0]) == dim_of(n) or pl.label:
                pl = _continue(prev[1], pl)
            else:  # 600分以上15人: those above a threshold, a group no name says
                pl = ProseLabel("", pl.role)
        label = pl.label
        singled = None
        if not label and pl.role == "level" and state.last_label:
            singled = _singled_out(text, n, lay, ctx.lexicon)
            if singled is not None:  # …落实率均超过95%；建筑工程专业群相对较低，为93.47%
                label = state.last_label
        if pl.role in ("previous", "change", "growth", "points") and not label:
            label = state.last_label or ""
        elif label in ctx.lexicon.words("per_capita") and state.last_label:
            label += state.last_label
        label = _enumerated(text[floor : n.start], label, ctx)
        reading_ = ctx.indicators.read(pl.qualified or label) if label else None
        if pl.role == "share" and pl.base and state.last_label:
            whole = ctx.indicators.read(pl.base).indicator
            last = state.last_reading
            named = ctx.lexicon.share_of(ctx.indicators.read(state.last_label).indicator, whole)
            if named is not None:
                reading_ = Reading(named)
            elif last is not None and last.indicator == whole and last.qualifiers and ctx.lexicon.indicator(whole) is not None:
                reading_ = last  # 高级职称的专业课教师…占专业课教师总数的11.7%: that category's share
        if reading_ is not None and n.kind == "percent" and pl.role == "level":
            reading_ = _as_share(reading_, ctx.lexicon)  # 兼职教师不足10%: their share
        scope = _scope(text, n, lay, ctx, state, label)
        if reading_ is not None and (reading_.qualifiers or reading_.sector):
            scope = Scope(scope.region, scope.institution, reading_.sector or scope.sector,
                          tuple(dict.fromkeys((*scope.qualifiers, *reading_.qualifiers))))
        if singled is not None:
            scope = replace(scope, qualifiers=tuple(dict.fromkeys((*scope.qualifiers, singled))))
        period = _period(text, n, lay, mentions, own_period, pl.role)
        n = ctx.indicators.oriented(n, pl.qualified or label)
        role = _role(pl, n, label, ctx.lexicon)
        fig = Figure(
            id=first_id + len(reading.figures),
            number=_printed(n, original),
            text=original[n.start : n.end],
            label=label,
            indicator=reading_.indicator if reading_ is not None else "",
            dim=dim_of(n),
            role=role,
            scope=scope,
            period=period,
            source="note" if paragraph.role == "note" else ("caption" if paragraph.role == "caption" else "prose"),
            location=_location(paragraph, n),
            block=block,
            sentence=first_sentence + s_index,
            start=n.start,
            end=n.end,
            depth=lay.depth_at(n.start),
            exact=_exact(n, role, label),
            base=pl.base,
            after=ctx.labeller.after_noun(text, n.end),
            notes=tuple(dict.fromkeys(_notes(pl, text, n.start) + (
                ("each",) if prev_each and prev is not None and _LIST_GAP.match(text[prev[0].end : n.start]) else ()))),
        )
        reading.figures.append(fig)
        by_sentence.setdefault(s_index, []).append(fig.id)
        if role == "level" and fig.depth == 0:
            state.last_reading = reading_ if label else None  # the part a share after it is of
            if label:
                state.last_label = label
        elif role == "rate" and fig.depth == 0 and label:
            state.last_label = label  # 落实率为95.9%；…为93.47%: what the sentence measures
        floor = n.end
        prev = (n, pl, fig.id)
        prev_each = "each" in fig.notes
    for k, span in enumerate(lay.sentences):
        body = text[span.start : span.end]
        reading.sentences.append(
            Sentence(first_sentence + k, block, span.start, span.end, body,
                     tuple(by_sentence.get(k, ())), _population(text, lay, span.start, span.end))
        )
    return reading


@dataclass(slots=True)
class _SentenceState:
    sentence: int = -1
    last_label: str | None = None
    last_reading: Reading | None = None
    subject: Subject | None = None
    subject_clause: int = -1


def _notes(pl: ProseLabel, text: str = "", start: int = 0) -> tuple[str, ...]:
    out = []
    if pl.counted:
        out.append("counted")
    if text and _EACH.search(text[max(0, start - 12) : start]):
        out.append("each")  # …分别是4334人、15557人: one figure of an enumeration
    elif text and _EVERY.search(text[max(0, start - 8) : start]):
        out.append("each")  # 三个专业群落实率均超过95%: said of each of several, not of the whole
    if pl.direction is not None:
        out.append(f"direction:{pl.direction}")
    if pl.verb:
        out.append(f"verb:{pl.verb}")
    return tuple(out)


def _singled_out(text: str, n: Number, lay: Layout, lexicon: Lexicon) -> str | None:
    """The group the clause before singles out (``建筑工程专业群相对较低，为93.47%``) when only a
    copula stands before the figure: the figure is that group's, of what the sentence measures."""
    c = lay.clause_at(n.start)
    clause = lay.clauses[c]
    if c == 0 or lay.sentence_at(lay.clauses[c - 1].start) != lay.sentence_at(n.start):
        return None
    if not lexicon.is_word("label.copula", text[clause.start : n.start].strip(" ，,")):
        return None
    prev = lay.clauses[c - 1]
    words = text[prev.start : prev.end].strip(" ，,；;")
    comparative = lexicon.ends_with("label.comparative", words)
    if not comparative:
        return None
    subject = lexicon.strip_start("label.lead", words[: -len(comparative)].strip()) or ""
    return subject if len(subject) >= 2 and not _DIGIT.search(subject) else None


def _as_share(reading: Reading, lexicon: Lexicon) -> Reading:
    """A percentage named by a count (兼职教师13.84%) is that count's share, when the lexicon
    defines exactly one share of it."""
    ind = lexicon.indicator(reading.indicator)
    if ind is None or ind.dim == "percent":
        return reading
    share = lexicon.share_of_part(ind.id)
    return replace(reading, indicator=share) if share is not None else reading


def _continue(prev: ProseLabel, here: ProseLabel) -> ProseLabel:
    """A figure right after another in a list (、 和 及) that has no words of its own."""
    if here.label and here.role == "level":
        return here
    return ProseLabel(here.label or prev.label, prev.role, prev.base, prev.direction, prev.verb, prev.compared)


def _printed(n: Number, original: str) -> Number:
    """The number with its text as printed (traditional characters kept)."""
    shown = original[n.start : n.end]
    if shown == n.text:
        return n
    from dataclasses import replace

    return replace(n, text=shown)


def _location(paragraph: Paragraph, n: Number) -> Location:
    return _span_location(paragraph, n.start, n.end)


def _span_location(paragraph: Paragraph, start: int, end: int) -> Location:
    smap: SourceMap = paragraph.smap
    line, column, end_line, end_column = smap.span(start, end)
    b = smap.base
    return Location(line, column, end_line, end_column, b.page, b.paragraph,
                    b.table, b.row, b.col, paragraph.section)


def _scope(text: str, n: Number, lay: Layout, ctx: ProseContext, state: _SentenceState, label: str) -> Scope:
    """Subject of this clause or an earlier one of the sentence; sector from the label's words.

    A subject carries to the clauses after it when it is the topic of its clause (a clause
    with no figure, or one where a verb such as 现有/共有 follows the name) or when it names an
    institution or a department (``启航职业技术学校专任教师41人，生师比16.3:1``); a place that
    only begins a figure's label (``河南省职业教育特色校13所``) names that figure alone.
    """
    reader = ctx.scopes
    sentence = lay.sentences[lay.sentence_at(n.start)]
    c_index = lay.clause_at(n.start)
    local: Subject | None = None
    for k in range(max(state.subject_clause + 1, lay.clause_at(sentence.start)), c_index + 1):
        clause = lay.clauses[k]
        end = min(clause.end, n.start if k == c_index else clause.end)
        subject = reader.subject(text[clause.start : end])
        if subject is not None:
            if subject.unit or subject.institution or _topic(text[clause.start : clause.end], ctx) or (
                    k != c_index and not _has_figure(text[clause.start : clause.end])):
                state.subject = subject
            elif k == c_index:
                local = subject
            else:
                local = None
        state.subject_clause = k if k < c_index else state.subject_clause
    subject = local or state.subject or Subject()
    clause = lay.clauses[c_index]
    before = text[clause.start : n.start]
    sector = reader.last_sector(before, subject.sector)
    qualifiers: list[str] = [subject.unit] if subject.unit else []
    flat = strip_brackets(text[sentence.start : n.start])  # the sentence so far, asides out
    included = _included_sector(flat, ctx) or _bracket_includes(text, n, ctx)
    if included:
        qualifiers.append("含" + included)
    basis = _basis(flat, ctx)
    if basis:
        qualifiers.append("按" + basis)
    return Scope(subject.region, subject.institution, sector, tuple(dict.fromkeys(qualifiers)))


def _topic(clause: str, ctx: ProseContext) -> bool:
    """A clause whose subject is followed by a verb of having or being (县职业教育中心现有…)."""
    return ctx.lexicon.has("scope.topic", clause)


def _has_figure(text: str) -> bool:
    return bool(_DIGIT.search(text))


def _included_sector(flat: str, ctx: ProseContext) -> str | None:
    """若计入技工学校…: the sentence adds a sector to the figures that follow (``flat``: the
    sentence before them, brackets out)."""
    found = list(ctx.lexicon.regex("scope.adds").finditer(flat))
    if not found:
        return None
    m = found[-1]
    rest = flat[m.end() : m.end() + 12]
    hits = ctx.lexicon.sectors_in(rest)
    if hits and hits[0][0] <= 1:
        return ctx.scopes.sector(rest[hits[0][0] : hits[0][1]])
    return None


def _enumerated(before: str, label: str, ctx: ProseContext) -> str:
    """发放国家助学金、免学费、国家奖学金375542人次: a figure after a list of names counts them
    all, so its label is the whole list (from after its verb), not the last name."""
    if not label or not before.rstrip().endswith(label):
        return label
    # the names listed right before the label, which ends the text (no pattern per label)
    m = _LISTED.search(before, 0, len(before.rstrip()) - len(label))
    if m is None:
        return label
    names = m.group() + label
    first = names.split("、", 1)[0]
    cut = max((h.end() for cls in ("label.verb", "label.action") for h in ctx.lexicon.regex(cls).finditer(first)), default=0)
    return names[cut:] if len(first) - cut >= 2 else names


def _basis(flat: str, ctx: ProseContext) -> str | None:
    """按全日制在校生计算，…之比为18.1:1: the sentence says how its figures are counted
    (``flat``: the sentence before its figure, brackets out)."""
    found = list(ctx.lexicon.regex("scope.basis").finditer(flat))
    if not found:
        return None
    m = found[-1]
    return next((g for g in m.groups() if g), None)


def _bracket_includes(text: str, n: Number, ctx: ProseContext) -> str | None:
    """``44.70万人（含技工学校）``: an aside right after a figure that widens it."""
    m = _INCLUDES_AFTER.match(text[n.end :])
    if m is None:
        return None
    hits = ctx.lexicon.sectors_in(m.group(1))
    if hits and hits[0][0] == 0:
        return ctx.scopes.sector(m.group(1)[hits[0][0] : hits[0][1]])
    return None


def _period(
    text: str, n: Number, lay: Layout, mentions: list[PeriodMention], own: str | None, role: Role
) -> Period:
    sentence = lay.sentences[lay.sentence_at(n.start)]
    return figure_period(
        text, n.start, sentence_start=sentence.start, mentions=mentions, paragraph=own,
        previous=role == "previous",
    )


def _role(pl: ProseLabel, n: Number, label: str, lexicon: Lexicon) -> Role:
    if pl.role != "level":
        return pl.role
    if n.kind == "ratio":
        return "ratio"
    if label.startswith("每"):
        return "standard"  # 每生奖励6000元: a set amount per person
    if label.startswith(lexicon.words("per_capita")):
        return "per_capita"
    if n.kind in ("percent", "permille") and label.endswith("率"):
        return "rate"
    return "level"


def _exact(n: Number, role: Role, label: str) -> bool:
    """A whole count printed to the unit is exact: nobody rounds a head count.

    Quotients printed as integers (生均, 平均, a ratio) and anything qualified are not.
    """
    if n.kind != "quantity" or n.decimals != 0 or n.scale != 1 or n.qualifier is not None:
        return False
    if n.value != int(n.value) or n.terms:
        return False
    if role not in ("level", "change", "previous", "count", "standard"):
        return False
    return "均" not in label and "每" not in label


def _population(text: str, lay: Layout, start: int, end: int) -> str | None:
    """``专任教师中，专业课教师…`` / ``毕业生中升学…``: the population of the sentence's parts."""
    for clause in lay.clauses:
        if clause.start < start or clause.start >= end:
            continue
        body = _YEARS_LEAD.sub("", text[clause.start : clause.end].strip())
        m = _POPULATION.match(body)
        if m and not _DIGIT.search(body):
            return m.group("who")
        break
    return None
