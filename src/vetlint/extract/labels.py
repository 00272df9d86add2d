"""The one labeller: what a number in a sentence measures, and what it does there.

No word segmentation; rules a reviewer can predict, every word list from the lexicon:

1. The clause: the text before the number back to a clause mark (，。；：、 line break, an
   opening bracket) or the end of the previous number. An aside in brackets right before the
   number is skipped (``老年大学（学堂）8所`` → 老年大学).
2. Period words, artefacts (``[bookmark: …]``), quotes and spaces are removed.
3. A number in brackets right after a comparison (``比上年（97.3%）``) is last period's figure
   (role ``previous``); its label is its sentence's.
4. ``占Y(的)p%`` is a share labelled ``占Y`` with base ``Y`` (``占专任教师总数的47%`` → base
   专任教师).
5. A comparison (较上年, 比2019年) followed by a change verb is a change (``较上年增加29人``),
   so is a clause that ends in a change noun (``增幅4.0%``, ``降幅2.2%``) or a points figure
   after 高于/提高 (``高于全省5.76个百分点``). ``为上年的p%`` is a multiple (role ``times``).
6. Otherwise the clause is cut at the last verb that introduces a figure (共有, 现有, 达到 …),
   then at the last action (获得, 开展 …) when what follows names something, then after the
   last 的; filler at its end (为, 是, 有, 约) and lead words at its start (其中, 全市, 另有)
   are stripped.
7. When nothing is left (``全市共有11所中职学校``), the noun right after the unit is the label.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

from vetlint.extract.figures import Role
from vetlint.extract.lexicon import Lexicon
from vetlint.extract.memo import Memo
from vetlint.extract.sentences import CLOSE, OPEN

CLAUSE_MARKS = "，,。；;：:、！？!?\n\t" + OPEN + CLOSE
_ARTEFACT = re.compile(r"\[[^\]\n]*\]")
_PERIOD_WORDS = re.compile(
    r"(?:19|20)\d{2}\s*(?:年\s*)?(?:[-—–~至到]\s*(?:19|20)\d{2}\s*)?(?:学年度?|年度|年|届|级)?"
    r"|\d{1,2}\s*月(?:份|底|末|初)?(?:\d{1,2}日)?|上半年|下半年"
)
_QUOTES = str.maketrans("", "", "“”\"'‘’《》「」〈〉")
_AFTER_STOP = re.compile(r"[与和及的将对被为，,。；;：:、（(\s\d０-９]")
_UNIT_HEAD = re.compile(r"^(?:万|亿|千)?(?:人次|人日|人|名|位|个|所|元|项|节|册|家|门|余|多|期|场|次|批|类)+")
_DIFFERENCE = re.compile(r"高于|低于|超出|超过|提高|提升|增加|上升|下降|降低|减少|相差|差距")
MAX_LABEL = 24
_CLASSIFIERS = "名个所项家门位期场批类本册件台支条"
_COUNTED_STOP = re.compile(r"[的将对被为，,。；;：:、（(\s\d０-９]")


@dataclass(frozen=True, slots=True)
class ProseLabel:
    """A number's label and role; ``direction`` +1/-1/0 for a change, from its verb."""

    label: str
    role: Role = "level"
    base: str | None = None
    direction: int | None = None
    verb: str | None = None
    compared: bool = False  # the clause compares with another period
    qualified: str | None = None  # the label with what narrows it (具有研究生学历的专任教师)
    counted: bool = False  # 安排32名专业课教师: some of them, counted in passing, not the total


def _inner_aside(text: str, at: int, end: int) -> bool:
    """``国（境）外``, ``专（兼）职``: a bracket of one to three characters inside a word, closed
    before ``end``, is part of the name, not the start of an aside."""
    if text[at] in CLOSE:  # scanning backwards: the bracket's own opening decides
        at = next((i for i in range(at - 2, max(at - 5, -1), -1) if text[i] in OPEN), -1)
        if at < 0:
            return False
    if text[at] not in OPEN or at == 0 or not _is_cjk(text[at - 1]):
        return False
    close = next((i for i in range(at + 2, min(at + 5, end)) if text[i] in CLOSE), None)
    if close is None or close + 1 >= end or not _is_cjk(text[close + 1]):
        return False
    inner = text[at + 1 : close]
    return not any(ch in OPEN or ch.isdigit() for ch in inner) and not inner.startswith(("含", "包括", "不含", "即", "下同"))


def _is_cjk(ch: str) -> bool:
    return "\u4e00" <= ch <= "\u9fff"


class Labeller:
    """Labels numbers in one paragraph's (simplified) text with one lexicon."""

    def __init__(self, lexicon: Lexicon) -> None:
        self.lex = lexicon
        self._qualified: str | None = None
        self._after_count = False
        self._verb = lexicon.regex("label.verb")
        self._action = lexicon.regex("label.action")
        self._compare = re.compile(
            f"(?:{lexicon.regex('compare.previous').pattern})"
            r"|(?:较|比|与|同)\s*(?:19|20)\d{2}\s*(?:年|届|学年)?\s*(?:相比)?"
        )
        self._period_rel = lexicon.regex("period.previous", "period.current")
        self._tidied = Memo(self._tidy)  # label pieces repeat across a report's sentences
        self._cleaned = Memo(self._clean)

    # --- text helpers ------------------------------------------------------------------
    def clean(self, raw: str) -> str:
        return self._cleaned[raw]

    def _clean(self, raw: str) -> str:
        s = _ARTEFACT.sub("", raw)
        s = _PERIOD_WORDS.sub("", s)
        s = self._period_rel.sub("", s)
        return s.translate(_QUOTES).replace(" ", "").replace("\u3000", "")

    def tidy(self, s: str) -> str:
        return self._tidied[s]

    def _tidy(self, s: str) -> str:
        prev = None
        while prev != s:
            prev = s
            s = self.lex.strip_end("label.tail", s)
            s = self.lex.strip_start("label.lead", s)
        return s[-MAX_LABEL:]

    def after_noun(self, text: str, end: int) -> str:
        """The noun right after a figure's unit: ``56个专业`` → 专业."""
        tail = _UNIT_HEAD.sub("", text[end : end + 14].lstrip())
        stop = _AFTER_STOP.search(tail)
        noun = self.clean(tail[: stop.start()] if stop else tail)[:10]
        noun = self.tidy(noun)
        return noun if len(noun) >= 2 else ""

    def clause_before(self, text: str, start: int, floor: int) -> tuple[str, bool]:
        """The cleaned clause before ``start`` (an aside right before it skipped) and whether
        the number itself sits right inside an opening bracket."""
        before = text[:start].rstrip()
        inside = before.endswith(tuple(OPEN))
        cut = start
        while cut > floor and (text[cut - 1] not in CLAUSE_MARKS or _inner_aside(text, cut - 1, start)):
            cut -= 1
        clause = self.clean(text[cut:start])
        if not clause and cut > floor and text[cut - 1] in CLOSE:
            depth, i = 0, cut - 1
            while i >= floor:
                if text[i] in CLOSE:
                    depth += 1
                elif text[i] in OPEN:
                    depth -= 1
                    if depth == 0:
                        break
                i -= 1
            j = i
            while j > floor and text[j - 1] not in CLAUSE_MARKS:
                j -= 1
            if i > floor:
                clause = self.clean(text[j:i])
        return clause, inside

    # --- the label ---------------------------------------------------------------------
    def label(self, text: str, start: int, end: int, floor: int, kind: str) -> ProseLabel:
        """Label and role of the number at ``text[start:end]``; ``floor``: the previous number's end."""
        self._qualified = None
        # the clause runs on from a count (来自4个国家的留学生28名): what that count counts
        # describes every one of them
        self._after_count = floor > 0 and text[floor - 1] in _CLASSIFIERS and not any(
            ch in CLAUSE_MARKS for ch in text[floor:start])
        found = self._label(text, start, end, floor, kind)
        if self._qualified and found.qualified is None:
            from dataclasses import replace

            return replace(found, qualified=self._qualified)
        return found

    def _label(self, text: str, start: int, end: int, floor: int, kind: str) -> ProseLabel:
        clause, inside = self.clause_before(text, start, floor)
        recent = text[max(floor, start - 14) : start]
        if inside and (self._compare.search(recent) or self._period_rel.search(recent)):
            return ProseLabel("", "previous")
        share = self._share(clause)
        if share is not None:
            return share
        raw = text[max(0, start - 32) : start]  # 为上年（512.7万元）的: words clean() drops
        if self.lex.has("change.times_of", clause) or any(
                m.end() == len(raw) for m in self.lex.regex("change.times_of").finditer(raw)):
            body = self.lex.regex("change.times_of").split(clause)[0]
            return ProseLabel(self._noun_phrase(body, text, end), "times")
        compare = self._compare.search(clause)
        body = self._compare.sub("", clause) if compare else clause
        body = self.lex.strip_end("label.tail", body.rstrip("了")) or body
        for name, sign in (("change.rate_up", 1), ("change.rate_down", -1)):
            noun = self.lex.ends_with(name, body)
            if noun:
                return ProseLabel(self._noun_phrase(body[: -len(noun)], text, end), "growth",
                                  direction=sign, verb=noun, compared=bool(compare))
        for name, sign in (("change.up", 1), ("change.down", -1), ("change.flat", 0)):
            verb = self.lex.ends_with(name, body)
            if verb and (compare or len(verb) > 1):
                rest = body[: -len(verb)]
                if self.lex.ends_with("change.became", rest + verb):
                    break  # 增加到 / 提高至: a level, not a change
                return ProseLabel(self._noun_phrase(rest, text, end), _change_role(kind),
                                  direction=sign, verb=verb, compared=bool(compare))
        if kind == "points" and _DIFFERENCE.search(clause):
            return ProseLabel(self._noun_phrase(body, text, end), "points", compared=bool(compare))
        if kind == "quantity" and self._per_person(body):
            return ProseLabel(self._noun_phrase(body, text, end), "standard", compared=bool(compare))
        counted, acting = self.counted_noun(text, end)
        if counted:
            # 全市共有11所中职学校 states the total; 安排32名专业课教师… counts some, for what they did,
            # and so does 共有20所学校参与了…试点 (those that took part)
            headline = not acting and (not body or bool(self.lex.ends_with("label.verb", body))
                                       or self.lex.is_word("scope.region", body)
                                       or self.lex.is_word("scope.unit", body.strip()))
            before = self._noun_phrase(body, text, end) if body and not headline else ""
            if before == counted:
                before = ""  # 学校现开设10个专业: the words before name nothing; the noun after is the label
            return ProseLabel(counted, compared=bool(compare), qualified=(before + counted) if before else None,
                              counted=not headline)
        after = text[end : end + 6].lstrip()
        if self.lex.starts("counts.other", after):
            # 毕业生共有734人参加高考: the figure counts those who take part, not the label
            return ProseLabel(self._noun_phrase(body, text, end), compared=bool(compare), counted=True)
        return ProseLabel(self._noun_phrase(body, text, end), compared=bool(compare))

    def _per_person(self, body: str) -> bool:
        """每生每年2000元 / 标准为…: an amount per person, not a total."""
        if self.lex.ends_with("marker.per_person", body) or body.endswith("标准"):
            return True
        return bool(re.search(r"每(?:生|人|名|位)", body))

    def counted_noun(self, text: str, end: int) -> tuple[str, bool]:
        """``2748名在校生``, ``8个专业``: a classifier followed by the noun it counts, and
        whether an action follows the noun (``20所学校参与了…``: those that took part).

        Chinese puts what is counted after the classifier; the words before the number are
        then what was done (``安排32名专业课教师`` counts 专业课教师). Verbs and amounts are not
        counted nouns (``3000余人参加``, ``1260万元实施``).
        """
        if end < 1 or text[end - 1] not in _CLASSIFIERS:
            return "", False
        rest = text[end : end + 16]
        if not rest or rest[0] in CLAUSE_MARKS or (rest[0].isspace() and (len(rest) < 2 or rest[1] in CLAUSE_MARKS)):
            return "", False
        rest = rest.lstrip()
        if self.lex.starts("counts.other", rest) or self.lex.starts("label.action", rest):
            return "", False
        stop = _COUNTED_STOP.search(rest)
        noun = rest[: stop.start()] if stop else rest
        whole = self.tidy(self.clean(noun))
        match = self.lex.match_indicator(whole)
        if match is not None and not match.head:
            return whole, False  # 同学参与考核: a name of its own
        acting = False
        for cls in ("label.action", "counts.other"):
            hit = self.lex.regex(cls).search(noun)
            if hit and hit.start() >= 2:
                noun, acting = noun[: hit.start()], True
        hit = self.lex.regex("marker.per_person").search(noun)
        if hit and hit.start() >= 2:
            noun = noun[: hit.start()]
        noun = self.tidy(self.clean(noun))
        return (noun, acting) if len(noun) >= 2 and not self.lex.is_word("label.generic", noun) else ("", False)

    def _share(self, clause: str) -> ProseLabel | None:
        at = clause.rfind("占")
        if at == -1 or clause[at + 1 : at + 2] in ("地", "用", "有", "据", "领"):
            return None
        obj = clause[at + 1 :]
        obj = self.lex.strip_end("marker.share_tail", obj)
        obj = self.lex.strip_end("label.tail", obj)
        if not obj or obj in ("比", "比例", "比重"):
            return ProseLabel("占比", "share")
        base = self.lex.strip_start("label.lead", obj) or obj  # 占全省的: the whole region
        base = self.lex.strip_end("label.suffix", base) or base
        return ProseLabel(("占" + obj)[-MAX_LABEL:], "share", base=base or None)

    def _noun_phrase(self, clause: str, text: str, end: int) -> str:
        """Rules 6–7 of the module docstring."""
        pieces = self._verb.split(clause)
        label = self.tidy(pieces[-1])
        if len(label) < 2:
            after = self.after_noun(text, end)
            if after:
                return after
            label = next((t for p in reversed(pieces[:-1]) if len(t := self.tidy(p)) >= 2), "")
        acts = list(self._action.finditer(label))
        if acts and len(label) - acts[-1].start() >= 3:
            named = self.tidy(label[acts[-1].start() :])
            match = self.lex.match_indicator(named)
            if match is not None and not match.head:
                return named  # 招录学生: the action with its object names the indicator (招生)
        parts = self._action.split(label)
        if len(parts) > 1:
            tail = self.tidy(parts[-1])
            if len(tail) >= 2 and not self.lex.is_word("label.generic", tail):
                if not self.lex.ends_with("label.delivers", self.tidy(label[: len(label) - len(parts[-1])])):
                    # 新招聘专任教师, 横向技术服务到款额: the words before narrow it (为社会输送毕业生
                    # are all of them: delivering names no subgroup)
                    self._qualified = self._qualified or label
                label = tail
            elif after := self.after_noun(text, end):
                return after
        if "的" in label:
            head, tail = (self.tidy(p) for p in label.rsplit("的", 1))
            if len(tail) >= 2:
                if not (self._after_count and self.lex.is_word("label.origin", head)):
                    self._qualified = self._qualified or label
                label = tail
        population = self.population_split(label)
        if population is not None:
            label = population[1]
        if len(label) < 2 or self.lex.is_word("label.generic", label):
            after = self.after_noun(text, end)
            if after:
                return after if len(label) < 2 else label + after
        return label


    def population_split(self, label: str) -> tuple[str, str] | None:
        """``毕业生中升学`` → (毕业生, 升学): a part named after the population it belongs to."""
        for marker in self.lex.words("label.subject_of"):
            at = label.find(marker)
            while at > 0:
                who, what = label[:at], label[at + len(marker) :]
                if len(what) >= 2 and self.lex.match_indicator(who) is not None:
                    match = self.lex.match_indicator(who)
                    if match is not None and not match.head:
                        return who, what
                at = label.find(marker, at + 1)
        return None


def _change_role(kind: str) -> Role:
    if kind == "points":
        return "points"
    if kind in ("percent", "permille"):
        return "growth"
    return "change"
