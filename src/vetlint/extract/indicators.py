"""What a label measures: an indicator of the lexicon, or the label itself, and its narrowing.

``在校生数``, ``年末在校生`` and ``在校生（人）`` are the indicator ``students``; ``民办学校在校生``
is ``students`` narrowed to 民办 (a partition member); ``高中阶段教育招生`` is ``enrolment`` of
another sector, which the scope says; a label no indicator names stays itself, cleaned of
layout (brackets holding units, quotes, spaces, 其中：), so that two tables or sentences that
print the same words still meet.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

from vetlint.extract.lexicon import Lexicon
from vetlint.extract.memo import Memo
from vetlint.extract.scopes import ScopeReader
from vetlint.numbers import Number

_SPACES = re.compile(r"\s+")
_QUOTES = str.maketrans("", "", "“”\"'‘’*《》")
_BRACKETED = re.compile(r"[（(]([^（）()]*)[）)]")
_PARTIAL_LEAD = re.compile(r"^(?:其中|#|含)[：:]?")
_UNITISH = re.compile(r"^(?:单位[:：]?)?(?:万|亿|千)?(?:人次|人日|人|名|个|所|元|项|册|%|％|平方米|课时|门|台|件|次|期|家|倍|:1|：1)$")


@dataclass(frozen=True, slots=True)
class Reading:
    """A label's indicator (lexicon id or cleaned label), qualifiers and sector word, if any."""

    indicator: str
    qualifiers: tuple[str, ...] = ()
    sector: str | None = None
    subgroup: bool = False  # a qualifier the lexicon cannot name narrows it (具有本科学历的…)


class IndicatorReader:
    def __init__(self, lexicon: Lexicon, scopes: ScopeReader) -> None:
        self.lex = lexicon
        self.scopes = scopes
        self._readings = Memo(self._read)  # a report repeats its labels in every row
        self._facet_values = Memo(lexicon.facet_value)  # and the parts of its labels
        self._member_order: dict[str, int] = {}  # partition members, first place first
        for m in (m for ms in lexicon.partitions for m in ms):
            self._member_order.setdefault(m, len(self._member_order))

    def clean(self, label: str) -> str:
        text = _SPACES.sub("", label.translate(_QUOTES))
        text = _BRACKETED.sub(lambda m: "" if _UNITISH.match(m.group(1).strip()) else m.group(0), text)
        return _PARTIAL_LEAD.sub("", text)

    def oriented(self, n: Number, label: str) -> Number:
        """A ratio as its indicator defines it: a name printed the other way round
        (``ratio.reversed``: 师生比1:25) with its smaller term first reads 25:1."""
        if n.kind != "ratio" or not n.terms or len(n.terms) != 2 or n.terms[0] >= n.terms[1]:
            return n
        if not any(w in label for w in self.lex.words("ratio.reversed")):
            return n
        return n.reversed_ratio()

    def read(self, label: str) -> Reading:
        """The reading of one label (parts joined with `` / `` are read as one name); read once
        per reader, since the lexicon and the report's scopes it reads with never change."""
        return self._readings[label]

    def _read(self, label: str) -> Reading:
        parts = [self.clean(p) for p in label.split(" / ")]
        parts = [p for p in parts if p and not self.lex.is_word("table.total", p) and not self.lex.is_word("table.subtotal", p)
                 and not self.lex.is_word("label.period_only", p)]
        qualifiers: list[str] = []
        named: list[str] = []
        for p in parts:
            member = self._member(p)
            if member is not None and len(parts) > 1:
                qualifiers.append(member)
            elif not self.lex.is_word("label.generic", p) or not named:
                named.append(p)
        if not named:
            return Reading("/".join(parts), tuple(qualifiers))
        core = self._structure_of(named[-1])
        match = self.lex.match_indicator(core)
        if match is None and len(named) > 1:
            match = self.lex.match_indicator(named[-2] + core)
        if match is None:
            return Reading("/".join(named), tuple(qualifiers))
        head = self._own_area(match.head)
        named_scope = self.scopes.name_at_start(head) if head else None
        if named_scope and len(named_scope) == len(head):
            head = ""  # 启航职业技术学校专任教师: the scope says whose; the indicator is 专任教师
        if match.name.startswith("在") and re.search(r"[中上内]", match.name[3:]) and len(head) <= 4:
            head = ""  # 学生在国（境）外技能大赛中获奖: who did it, before where; not a narrower group
        if not head:
            return Reading(match.indicator.id, tuple(qualifiers))
        members = [m for ms in self.lex.partitions for m in ms if head.startswith(m) or head.endswith(m)]
        if members:
            return Reading(match.indicator.id, tuple(qualifiers + members[:1]))
        sector_hits = self.lex.sectors_in(head)
        if sector_hits:
            rest = head[: sector_hits[0][0]] + head[sector_hits[-1][1] :]
            rest = self.lex.strip_start("label.lead", rest)
            if not rest or self.lex.is_word("scope.region", rest):
                sector = self.scopes.sector(head[sector_hits[-1][0] : sector_hits[-1][1]])
                return Reading(match.indicator.id, tuple(qualifiers), sector)
        lead = self.lex.strip_start("label.lead", head)
        if not lead or self.lex.is_word("scope.region", lead) or self.lex.is_word("scope.institution", lead):
            return Reading(match.indicator.id, tuple(qualifiers))
        category = self._facet_values[lead]
        if category is not None:  # 具有高级职称的专业课教师: 专业课教师 of one category
            return Reading(match.indicator.id, tuple([*qualifiers, category]))
        if "的" in head or self.lex.ends_with("label.subgroup", head) or self.lex.starts("label.subgroup", head):
            return Reading("/".join(named), tuple(qualifiers), subgroup=True)
        return Reading("/".join(named), tuple(qualifiers))

    def _own_area(self, head: str) -> str:
        """A head that begins with the report's own area names no subgroup (郑州市中等职业学校教职工)."""
        region = getattr(getattr(self.scopes, "report", None), "region", None)
        if region:
            for name in (region, region[:-1]):
                if len(name) >= 2 and head.startswith(name):
                    return head[len(name) :]
        return head

    def _structure_of(self, name: str) -> str:
        """``专业课教师职称结构`` → 专业课教师: a distribution over a facet names its population."""
        core = self.lex.strip_end("table.structure", name)
        if not core or core == name:
            return name
        for facet in sorted(self.lex.facets, key=len, reverse=True):
            if core.endswith(facet) and len(core) > len(facet):
                return core[: -len(facet)]
        return core

    def _member(self, part: str) -> str | None:
        """A partition member (公办) or a category of a facet (高级职称) that a label part names:
        the first member (in the lexicon's order) that starts the part and leaves at most
        two characters."""
        order = self._member_order
        named = [part[:k] for k in range(len(part), max(len(part) - 3, -1), -1) if part[:k] in order]
        if named:
            return min(named, key=order.__getitem__)
        return self._facet_values[part]
