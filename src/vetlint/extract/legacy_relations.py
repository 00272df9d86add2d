"""Relations that Chinese report sentences state among their own numbers.

Pure functions over one paragraph's text and the ``Number``s found in it: a
``其中`` breakdown, a ``占…的p%`` share, a ``较上年增加d`` change, a ``由A调整为B``
transition and the ``削减p%`` that refers back to it, a per-person standard and
the amount paid, a list of percentages that must total 100%. Every relation
keeps the numbers it was built from (with their offsets), so a finding can
point at the exact figure. Nothing here judges whether a relation holds: the
prose check kinds do that with interval arithmetic.
"""

from __future__ import annotations

import re
from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass, field
from functools import lru_cache

from vetlint.extract.bounds import first_at, sentence_marks, start_before
from vetlint.numbers import Number

SENTENCE_END = "。！？!?\n"
_CLAUSE_DELIMS = "，,。；;：:、！？!?\n"
_OPEN, _CLOSE = "（(", "）)"
_PAREN = re.compile("[" + re.escape(_OPEN + _CLOSE) + "]")
_CHANGE_WORDS = re.compile(r"较|比上|比去|比20|同比|与上|与20|相比|环比")
_UP = ("增加", "增长", "提高", "上升", "提升", "新增", "扩大", "增至", "增到", "多")
_DOWN = ("减少", "下降", "降低", "削减", "缩减", "压减", "下滑", "回落", "减", "少")
_FLAT = ("持平",)
_LABEL_TRIM = re.compile(r"^(其中|另有|另外|以及|和|及|与|共有|共计|共|合计|总计|全部|均|都)+")
_LABEL_TAIL = re.compile(
    r"(分别为|分别是|分别|达到了|达到|达|为|是|有|约|近|共有|共计|共|合计|总计)+$"
)
_PERSON_UNITS = ("人次", "人", "名", "位")
_MEASURES = frozenset({"person", "元", "%", "pt", "ratio", "permille", "平方米", "亩", "册", ""})

PERSON = "person"


@dataclass(frozen=True, slots=True)
class Mention:
    """A number in a paragraph with the words around it.

    ``label`` is the text before the number in its clause (parenthetical asides
    dropped, leading 其中/共 and trailing 为/有/达到 trimmed); ``after`` is the
    noun right after its unit (``56个专业`` → ``专业``). ``dim`` groups units
    that add up (人/名/人次 → ``person``; 元; 所; 个 …); percentages are
    ``%``, points ``pt`` and ratios ``ratio``. ``depth`` is how many
    parentheses it sits in.
    """

    number: Number
    label: str
    after: str
    dim: str
    depth: int
    sentence: int
    raw: str = ""

    @property
    def start(self) -> int:
        return self.number.start

    @property
    def end(self) -> int:
        return self.number.end

    @property
    def is_quantity(self) -> bool:
        return self.number.kind == "quantity"

    @property
    def is_change(self) -> bool:
        return bool(_CHANGE_WORDS.search(self.label)) or _starts_with_verb(self.label)


@dataclass(frozen=True, slots=True)
class Breakdown:
    """``total`` split into ``parts``; ``exhaustive`` when the parts must sum to it."""

    total: Mention
    parts: tuple[Mention, ...]
    exhaustive: bool
    marker: int  # offset of 其中 (or of the opening parenthesis)


@dataclass(frozen=True, slots=True)
class Share:
    """``part`` is ``share`` of the base named ``base_label`` (``占Y的p%``)."""

    share: Mention
    base_label: str
    part: Mention | None
    base: Mention | None  # when the base is stated in the same sentence
    marker: int


@dataclass(frozen=True, slots=True)
class Change:
    """``较上年增加d``: ``direction`` +1/-1/0 from the verb; ``previous`` when printed."""

    delta: Mention
    direction: int
    verb: str
    subject: Mention | None
    previous: Mention | None


@dataclass(frozen=True, slots=True)
class Transition:
    """``由A调整为B``: one pair per counted thing (``56个专业 → 49个专业``)."""

    before: Mention
    after: Mention
    thing: str


@dataclass(frozen=True, slots=True)
class RelativeChange:
    """``专业数削减17%`` that refers back to a transition of the same thing."""

    delta: Mention
    direction: int
    verb: str
    thing: str
    transition: Transition


@dataclass(frozen=True, slots=True)
class Excess:
    """``招生任务为5.8万人 … 7.6万人，超额完成招生任务的31.03%``: (actual − target) ÷ target."""

    actual: Mention
    target: Mention
    excess: Mention


@dataclass(frozen=True, slots=True)
class Rate:
    """A named rate or ratio (``就业率98.26%``, ``生师比15：1``) for a definition."""

    value: Mention
    name: str
    definition: str


@dataclass(frozen=True, slots=True)
class Standard:
    """``奖励标准为每人6000元``: an amount per person for a programme."""

    amount: Mention
    programme: str


@dataclass(frozen=True, slots=True)
class Payment:
    """``获得国家奖学金的学生有56人，奖励金额33.6万元``."""

    count: Mention
    amount: Mention
    programme: str


@dataclass(frozen=True, slots=True)
class Distribution:
    """Percentages over exclusive categories that must total 100%."""

    items: tuple[Mention, ...]
    scale: str


@dataclass(slots=True)
class Relations:
    """Everything one paragraph states."""

    mentions: list[Mention] = field(default_factory=list)
    breakdowns: list[Breakdown] = field(default_factory=list)
    shares: list[Share] = field(default_factory=list)
    changes: list[Change] = field(default_factory=list)
    transitions: list[Transition] = field(default_factory=list)
    relative_changes: list[RelativeChange] = field(default_factory=list)
    excesses: list[Excess] = field(default_factory=list)
    standards: list[Standard] = field(default_factory=list)
    payments: list[Payment] = field(default_factory=list)
    distributions: list[Distribution] = field(default_factory=list)


# ---------------------------------------------------------------- mentions


def sentence_spans(text: str) -> list[tuple[int, int]]:
    """``(start, end)`` of each sentence; the end includes its 。."""
    spans: list[tuple[int, int]] = []
    start = 0
    for i in sentence_marks(text, SENTENCE_END):
        spans.append((start, i + 1))
        start = i + 1
    if start < len(text):
        spans.append((start, len(text)))
    return spans


def _depths(text: str) -> list[int]:
    """Bracket depth at each character (an opening bracket counts inside, a closing one outside).

    Only the brackets are visited; the runs between them are filled at C speed.
    """
    out = [0] * len(text)
    depth = 0
    prev = 0
    for m in _PAREN.finditer(text):
        i = m.start()
        if depth:
            out[prev:i] = [depth] * (i - prev)
        depth = depth + 1 if text[i] in _OPEN else max(0, depth - 1)
        out[i] = depth
        prev = i + 1
    if depth:
        out[prev:] = [depth] * (len(text) - prev)
    return out


def _strip_parens(s: str) -> str:
    out: list[str] = []
    depth = 0
    for ch in s:
        if ch in _OPEN:
            depth += 1
        elif ch in _CLOSE:
            depth = max(0, depth - 1)
        elif depth == 0:
            out.append(ch)
    return "".join(out)


def unit_dim(number: Number, text: str = "") -> str:
    """The dimension that decides which figures can be added together."""
    if number.kind == "percent":
        return "%"
    if number.kind == "points":
        return "pt"
    if number.kind in ("ratio", "permille"):
        return number.kind
    unit = number.unit_text or ""
    if not unit:
        tail = re.sub(r"^[^\d]*[\d.,，\s]+", "", number.text)
        unit = tail
    if not unit and text:
        m = re.match(r"\s*(?:万|亿)?(人次|人|名|位|个|所|元|项|节|册|家|门)", text[number.end :])
        unit = m.group(1) if m else ""
    unit = re.sub(r"^(余|多|万|亿|千|百)+", "", unit.strip())
    unit = re.sub(r"^(余|多)", "", unit)
    if number.unit in ("person", "people") or unit.startswith(_PERSON_UNITS):
        return PERSON
    if unit.endswith("元") or number.unit in ("yuan", "CNY"):
        return "元"
    return unit or (number.unit or "")


def _clean_label(raw: str) -> str:
    label = _strip_parens(raw)
    label = re.sub(r"[“”\"'‘’《》\s]", "", label)
    label = re.sub(r"^(\d{4}(年|学年|届)|\d{4}-\d{4}学年)", "", label)
    label = _LABEL_TRIM.sub("", label)
    label = _LABEL_TAIL.sub("", label)
    return label


def find_mentions(text: str, numbers: Iterable[Number]) -> list[Mention]:
    """Every number with its label, following noun, dimension and depth."""
    depths = _depths(text)
    spans = sentence_spans(text)
    nums = sorted(numbers, key=lambda n: n.start)
    out: list[Mention] = []
    prev_end = 0
    for idx, n in enumerate(nums):
        # label: back to a clause delimiter at the same depth or the previous number
        i = n.start
        d0 = depths[n.start] if n.start < len(depths) else 0
        while i > prev_end:
            ch = text[i - 1]
            if ch in _CLAUSE_DELIMS or (ch in _OPEN and depths[i - 1] <= d0):
                break
            i -= 1
        label = _clean_label(text[i : n.start])
        nxt = nums[idx + 1].start if idx + 1 < len(nums) else len(text)
        j = n.end
        while j < nxt and text[j] not in _CLAUSE_DELIMS + _OPEN + _CLOSE:
            j += 1
        after = re.sub(r"[“”\"\s]", "", text[n.end : j])
        after = re.sub(r"^(万|亿|千)?(人次|人|名|位|个|所|元|项|节|册|家|门|余)+", "", after)
        sent = next((k for k, (a, b) in enumerate(spans) if a <= n.start < b), len(spans) - 1)
        out.append(Mention(n, label, after, unit_dim(n, text), d0, sent, text[i : n.start]))
        prev_end = n.end
    return out


def _starts_with_verb(label: str) -> bool:
    return label.startswith(_UP + _DOWN + _FLAT)


def direction_of(verb_text: str) -> tuple[int, str] | None:
    """+1/-1/0 and the verb for the last change verb in ``verb_text``."""
    best: tuple[int, int, str] | None = None
    for sign, words in ((1, _UP), (-1, _DOWN), (0, _FLAT)):
        for w in words:
            k = verb_text.rfind(w)
            if k >= 0 and (best is None or k + len(w) > best[0]):
                best = (k + len(w), sign, w)
    if best is None:
        return None
    return best[1], best[2]


_YEAR = re.compile(r"(20\d\d)(?:\s*[-—–至]\s*(20\d\d))?\s*(?:年|届|学年|级)")
_CITY = re.compile(
    r"全市|我市|全省|我省|全区|全县|全州|全国"
    r"|[\u4e00-\u9fff]{2}[市县区]各?(?:中等职业学校|中职学校|职业学校|职业院校|中等职业教育|中职教育)"
)
# a proper school name starts with a place name: 获嘉县职业中等专业学校, 郑州市经济贸易学校
_SCHOOL = re.compile(
    r"([\u4e00-\u9fff]{2,4}?)[县市区][\u4e00-\u9fff]{0,10}?(?:学校|中心|学院|中专|职专|技校)"
)
_NOT_PLACE = re.compile(r"(全|各|本|该|我|省|的|中职|所有)$")


def period_at(text: str, pos: int) -> int | None:
    """The last year the sentence names before ``pos`` (``2022-2023学年`` → 2023)."""
    start, _ = _sentence_bounds(text, pos)
    year = None
    for m in _YEAR.finditer(text, start, pos):
        year = int(m.group(2) or m.group(1))
    return year


def scope_at(text: str, pos: int) -> str | None:
    """``city`` when the sentence speaks of 全市/我市, ``school`` when of one school."""
    start, end = _sentence_bounds(text, pos)
    sentence = text[start:end]
    if _CITY.search(sentence):
        return "city"
    if _named_school(text[start:pos]):
        return "school"
    first_end = _sentence_bounds(text, 0)[1]
    head = text[:first_end].lstrip()
    if not _CITY.search(head) and _named_school(head[:20]) and head.startswith(_named_school(head[:20]) or "-"):
        return "school"  # a paragraph about one school (案例)
    return None


def _named_school(text: str) -> str | None:
    """The first proper school name (获嘉县职业中等专业学校), not a generic one (高一级学校)."""
    for m in _SCHOOL.finditer(text):
        if not _NOT_PLACE.search(m.group(1)):
            return m.group(0)
    return None


# ---------------------------------------------------------------- indicators


def label_matches(label: str, names: Sequence[str]) -> bool:
    """True when ``label`` names exactly this indicator, not a subgroup of it.

    ``郑州市中等职业学校教职工`` names 教职工; ``具有本科学历的专任教师`` is a
    subgroup (a qualifier with 的), so it does not name 专任教师; nor does
    ``对口就业`` name 就业人数.
    """
    return _label_matches(label, names if isinstance(names, tuple) else tuple(names))


@lru_cache(maxsize=65536)
def _label_matches(label: str, names: tuple[str, ...]) -> bool:
    # Memoised: the prose checks ask the same (label, names) thousands of times.
    core = _SUFFIX.sub("", label)
    for name, base in _bases(names):
        if core == base or label == name:
            return True
        if label.endswith(name) and len(name) > len(base):
            head = label[: -len(name)]
        elif len(base) > 2 and core.endswith(base):
            head = core[: -len(base)]
        else:
            continue  # a short name (就业) inside a longer label names a subgroup
        if "的" in head or head.endswith(_SUBGROUP):
            continue
        return True
    return False


@lru_cache(maxsize=4096)
def _bases(names: tuple[str, ...]) -> tuple[tuple[str, str], ...]:
    """``(name, name without its count suffix)``, longest name first, empty bases dropped."""
    pairs = ((name, _SUFFIX.sub("", name)) for name in sorted(names, key=len, reverse=True))
    return tuple((name, base) for name, base in pairs if base)


_SUFFIX = re.compile(r"(总数|总人数|人数|数量|数)$")
_SUBGROUP = ("中", "非", "兼职", "专职", "专任", "对口", "直接", "异地", "本地", "灵活", "其他")


_COUNTS_OTHER = re.compile(
    r"^(参加|参与|获得|取得|考取|通过|升入|进入|被|选择|报名|留在|到|实现|完成)"
)


def counts_label(m: Mention) -> bool:
    """False for ``毕业生共有734人参加高考``: the figure counts what follows, not the label."""
    return not (m.after and _COUNTS_OTHER.match(m.after))


# ---------------------------------------------------------------- breakdowns

_NOT_EXHAUSTIVE_START = re.compile(r"^[，,：:\s]*(如|包括|主要有|主要包括|比如|例如)")
_ETC = re.compile(r"^[^，,。；;、\d]{0,6}等")


def _matching_close(text: str, open_at: int) -> int:
    depth = 0
    for k in range(open_at, len(text)):
        if text[k] in _OPEN:
            depth += 1
        elif text[k] in _CLOSE:
            depth -= 1
            if depth == 0:
                return k
    return len(text)


def _sentence_bounds(text: str, pos: int) -> tuple[int, int]:
    """The sentence around ``pos``: ``(start, index of its end mark or len)``."""
    end = first_at(text, pos, SENTENCE_END)
    return start_before(text, pos, SENTENCE_END), end if end != -1 else len(text)


def _collect_parts(
    text: str, ms: Sequence[Mention], start: int, end: int, depth: int
) -> tuple[list[Mention], bool]:
    """Items of a list between ``start`` and ``end`` at ``depth``; False when it broke off."""
    parts: list[Mention] = []
    for m in ms:
        if not start <= m.start < end or m.depth != depth:
            continue
        if not m.is_quantity or m.is_change or "占" in m.label or "均" in m.label:
            return parts, False
        if parts and re.search(r"共|合计|总计|累计", m.raw):
            return parts, False  # a new total starts
        parts.append(m)
    return parts, True


def _list_end_ok(text: str, parts: Sequence[Mention], end: int) -> bool:
    if not parts:
        return False
    tail = text[parts[-1].end : end]
    return not _ETC.match(tail) and not any("等" in p.label for p in parts)


def _total_before(ms: Sequence[Mention], pos: int, lo: int, dim: str, depth: int) -> Mention | None:
    for m in reversed(ms):
        if m.start >= pos or m.start < lo:
            continue
        if m.depth != depth or not m.is_quantity or m.is_change or m.dim != dim:
            continue
        if not re.search(r"\d", m.number.text):
            return None  # 三个梯度: a word, not a total to add up
        return m
    return None


def find_breakdowns(text: str, ms: Sequence[Mention]) -> list[Breakdown]:
    """``共N，其中A a、B b`` and ``N（A a，B b）`` lists, nested ones too."""
    out: list[Breakdown] = []
    depths = _depths(text)
    for hit in re.finditer("其中", text):
        at = hit.start()
        if (
            (at > 0
            and text[at - 1] not in _CLAUSE_DELIMS + _OPEN + " \t")
            or text[hit.end() : hit.end() + 1] == "的"
        ):
            continue  # 参与其中的…: not a breakdown marker
        depth = depths[at]
        if depth > 0:
            k = at
            while k > 0 and not (text[k - 1] in _OPEN and depths[k - 1] == depth):
                k -= 1
            open_at = k - 1
            end = _matching_close(text, open_at)
            lo = _sentence_bounds(text, open_at)[0]
            total_limit = open_at
        else:
            lo, end = _sentence_bounds(text, at)
            if not text[lo:at].strip(" ，,：:\t"):
                lo = _sentence_bounds(text, max(0, lo - 1))[0]  # 其中 opens a sentence
            total_limit = at
        parts, complete = _collect_parts(text, ms, hit.end(), end, depth)
        open_list = bool(_NOT_EXHAUSTIVE_START.match(text[hit.end() :]))
        groups: dict[str, tuple[Mention, list[Mention]]] = {}
        orphans: list[Mention] = []
        for dim in dict.fromkeys(p.dim for p in parts):
            group = [p for p in parts if p.dim == dim]
            total = _total_before(ms, total_limit, lo, dim, depth - 1 if depth > 0 else 0)
            if total is None:
                orphans.extend(group)
            else:
                groups[dim] = (total, group)
        # 15个项目，其中…2个，…3所: things counted with another classifier join the count
        counted = [d for d in groups if d not in _MEASURES]
        if orphans and len(counted) == 1 and all(o.dim not in _MEASURES for o in orphans):
            total, group = groups[counted[0]]
            groups[counted[0]] = (total, sorted(group + orphans, key=lambda m: m.start))
        for total, group in groups.values():
            if re.search(r"每|均", total.label):
                continue  # 每千人6.6批: a rate, not a total
            exhaustive = (
                complete and not open_list and len(group) >= 2 and _list_end_ok(text, group, end)
            )
            out.append(Breakdown(total, tuple(group), exhaustive, at))
    # N（A a，B b）: a parenthesis right after a figure that lists its parts
    for m in ms:
        k = m.end
        while k < len(text) and text[k] in " \t":
            k += 1
        if k >= len(text) or text[k] not in _OPEN or not m.is_quantity or m.is_change:
            continue
        inner = text[k + 1 : k + 5].lstrip()
        if inner.startswith(("其中", "比", "较", "同比", "占")):
            continue
        first = next((x for x in ms if x.start > k), None)
        lead = text[k + 1 : first.start if first else k + 1]
        if re.search(r"共|合计|总计|全省|全国|全市|总数", lead):
            continue  # 银牌3枚（河南省共7枚）: a larger total for comparison, not parts
        end = _matching_close(text, k)
        parts, complete = _collect_parts(text, ms, k + 1, end, m.depth + 1)
        group = [p for p in parts if p.dim == m.dim]
        if (
            not group
            or any(p.number.value > m.number.value for p in group)
            or re.search(r"每|均", m.label)
        ):
            continue  # a part larger than the whole: the parenthesis says something else
        sub = inner.startswith(("含", "包括", "包含"))
        exhaustive = complete and not sub and len(group) >= 2 and _list_end_ok(text, group, end)
        out.append(Breakdown(m, tuple(group), exhaustive, k))
    return out


# ---------------------------------------------------------------- shares

_SHARE = re.compile(r"占")
_BASE_TRIM = re.compile(r"(的|比例|比重|之比|份额|为|达到|达|约|近|超过|总数的|的比例)+$")


def find_shares(text: str, ms: Sequence[Mention]) -> list[Share]:
    """``A a人，占Y的p%`` and ``A占Y比例p%``."""
    out: list[Share] = []
    for hit in _SHARE.finditer(text):
        at = hit.start()
        pct = next((m for m in ms if m.start > at), None)
        if pct is None or pct.number.kind != "percent" or pct.start - at > 24:
            continue
        between = text[hit.end() : pct.start]
        if any(c in between for c in "。；;，,"):
            continue
        if between.startswith(("地", "用", "领", "据")):  # 占地面积, 占用 …
            continue
        base_label = _BASE_TRIM.sub("", _strip_parens(between)).strip()
        base_label = re.sub(r"^(全部|全体|学校|全市)", "", base_label) or base_label
        if not base_label or base_label.startswith("比"):
            continue
        s0, _ = _sentence_bounds(text, at)
        # the part: a figure whose label is the subject right before 占, else the figure before
        subject = _clean_label(_clause_before(text, at))
        part = None
        before = [m for m in ms if s0 <= m.start < at and m.is_quantity and not m.is_change]
        if subject:
            part = next((m for m in reversed(before) if m.label.endswith(subject)), None)
            if part is None:
                earlier = [m for m in ms if m.start < at and m.is_quantity and not m.is_change]
                part = next(
                    (m for m in reversed(earlier) if m.label and m.label.endswith(subject)), None
                )
        elif before and _adjacent(text, before[-1], at):
            part = before[-1]
        base = next(
            (m for m in reversed(before) if m is not part and label_matches(m.label, [base_label])),
            None,
        )
        out.append(Share(pct, base_label, part, base, at))
    out.extend(_shares_of_population(text, ms))
    return out


# ``75%的毕业生在当地就业``: p% of a population (Y) does something (X)
_POPULATION = re.compile(
    r"的(?P<y>(?:全市|全体|全部|中职学校|中等职业学校|学校)?"
    r"(?:毕业生|在校生|学生|专任教师|专业课教师|兼职教师|教职工|教师))"
    r"(?P<x>[^，,。；;：:、（(\d]{2,16})"
)
_PREDICATE_HEAD = re.compile(r"^(都|均|已|已经|能够|能|可以|选择|愿意|留在|留|在|到|进入|实现|获得|取得)+")


def _shares_of_population(text: str, ms: Sequence[Mention]) -> list[Share]:
    """``75%的毕业生在当地就业``: the part is a count labelled with what they do
    (``留在当地就业的2830人``) in the same paragraph; the base is found by the check."""
    out: list[Share] = []
    for m in ms:
        if m.number.kind != "percent" or m.depth > 0 or m.is_change:
            continue
        hit = _POPULATION.match(text, m.end)
        if hit is None:
            continue
        what = _PREDICATE_HEAD.sub("", hit.group("x")).rstrip("的")
        if len(what) < 2:
            continue
        part = next(
            (
                o for o in ms
                if o is not m and o.is_quantity and not o.is_change and o.dim == PERSON
                and o.depth == 0 and what in o.label
            ),
            None,
        )
        out.append(Share(m, hit.group("y"), part, None, m.start))
    return out


def _clause_before(text: str, at: int) -> str:
    i = at
    while i > 0 and text[i - 1] not in _CLAUSE_DELIMS:
        i -= 1
    seg = text[i:at]
    return "" if re.search(r"\d", seg) else seg


def _adjacent(text: str, m: Mention, at: int) -> bool:
    """Only delimiters, 约/共/均 and a parenthetical aside between figure and 占."""
    gap = _strip_parens(text[m.end : at])
    gap = re.sub(r"^(万|亿)?(人次|人|名|位|个|所|元|项|节|册|家|门|余)?", "", gap)
    # a change clause between figure and 占 (，较上一年减少了364人，) does not break the link
    gap = re.sub(r"[，,](较|比|与)[^，,。；;]*?(?=[，,]|$)", "", gap)
    return bool(re.fullmatch(r"[，,\s]*(约|大约|共|合计|分别)?", gap))


# ---------------------------------------------------------------- changes

_PREV = re.compile(r"(较|比|与)(上年|去年|上一年度?|上学年|20\d\d年?|同期)")


def find_changes(text: str, ms: Sequence[Mention]) -> list[Change]:
    """``较上年增加d``, ``比上年（97.3%）提升0.2个百分点``: delta, verb and the figures around."""
    out: list[Change] = []
    for idx, m in enumerate(ms):
        if m.depth > 0:
            continue
        # the clause before the delta (parenthetical figures kept for the previous value)
        i = m.start
        while i > 0 and text[i - 1] not in _CLAUSE_DELIMS:
            i -= 1
        clause = text[i : m.start]
        marker = _PREV.search(clause)
        if not marker:
            continue
        verb = direction_of(_strip_parens(clause[marker.end() :]))
        if verb is None:
            continue
        previous = next(
            (p for p in ms[:idx] if i + marker.start() <= p.start < m.start and p.depth > 0), None
        )
        s0, _ = _sentence_bounds(text, m.start)
        subject = None
        for p in reversed(ms[:idx]):
            if p.start < s0 or p is previous:
                continue
            if p.start >= i + marker.start() or p.is_change:
                continue
            if _compatible(p, m):
                subject = p
                break
        out.append(Change(m, verb[0], verb[1], subject, previous))
    return out


def _compatible(subject: Mention, delta: Mention) -> bool:
    if delta.number.kind == "points":
        return subject.number.kind == "percent"
    if delta.number.kind == "percent":
        return True
    return subject.is_quantity and subject.dim == delta.dim


_TRANSITION = re.compile(
    r"(由|从)(原来的?|原有的?)?(?P<a>[^。；;]{1,40}?)(调整为|调整到|压缩为|压缩到|减少到|减少至|"
    r"增加到|增加至|增长到|增长至|提高到|提高至|下降到|下降至|降至|降到|增至|变为|变成|发展到|扩大到|上升到|上升至)"
    r"(?P<b>[^。；;，,]{1,40})"
)


def find_transitions(text: str, ms: Sequence[Mention]) -> list[Transition]:
    """``由A调整为B``: pairs the figures of A and B in order, by the thing counted."""
    out: list[Transition] = []
    for hit in _TRANSITION.finditer(text):
        a = [m for m in ms if hit.start("a") <= m.start < hit.end("a") and m.is_quantity]
        b = [m for m in ms if hit.start("b") <= m.start < hit.end("b") and m.is_quantity]
        if not a or len(a) != len(b):
            continue
        for x, y in zip(a, b, strict=True):
            if x.dim != y.dim:
                break
            thing = _thing(y) or _thing(x)
            if len(a) > 1 and _thing(x) and _thing(y) and _thing(x) != _thing(y):
                break
            out.append(Transition(x, y, thing))
    return out


def _thing(m: Mention) -> str:
    return re.sub(r"(数|总数)$", "", m.after or m.label)


def find_relative_changes(
    text: str, ms: Sequence[Mention], transitions: Sequence[Transition]
) -> list[RelativeChange]:
    """``专业数削减17%``: a percentage change of a thing that a transition counted."""
    out: list[RelativeChange] = []
    if not transitions:
        return out
    for m in ms:
        if m.number.kind != "percent":
            continue
        verb = direction_of(m.label)
        if verb is None or _PREV.search(m.label):
            continue
        subject = m.label[: m.label.rfind(verb[1])]
        subject = re.sub(r"(数|总数|的)$", "", re.sub(r"^.*[，,]", "", subject))
        if not subject:
            # 从1000人增加到1200人，增长20%: the change of the transition just before
            near = [
                t for t in transitions
                if t.after.end <= m.start and t.after.sentence == m.sentence
                and len(text[t.after.end : m.start]) <= 10 and not re.search(r"\d", text[t.after.end : m.start])
            ]
            if len(near) == 1:
                out.append(RelativeChange(m, verb[0], verb[1], near[0].thing, near[0]))
            continue
        for t in transitions:
            if (
                t.thing
                and (subject.endswith(t.thing) or t.thing.endswith(subject))
                and (t.after.end <= m.start)
            ):
                close = [
                    u
                    for u in transitions
                    if u.thing and (subject.endswith(u.thing) or u.thing.endswith(subject))
                ]
                best = max(close, key=lambda u: len(u.thing))
                out.append(RelativeChange(m, verb[0], verb[1], best.thing, best))
                break
    return out


_EXCESS = re.compile(r"超额完成?(?P<what>[^，,。；;\d]{0,12}?)(?:的)?$")
_TARGET = re.compile(r"任务|计划|目标|指标")


def find_excesses(text: str, ms: Sequence[Mention]) -> list[Excess]:
    """``超额完成…任务的p%`` with the target and the actual figure stated before it."""
    out: list[Excess] = []
    for idx, m in enumerate(ms):
        if m.number.kind != "percent":
            continue
        hit = _EXCESS.search(m.raw)
        if not hit:
            continue
        what = hit.group("what")
        earlier = [p for p in ms[:idx] if p.is_quantity and not p.is_change and p.depth == 0]
        targets = [p for p in earlier if _TARGET.search(p.label) and (not what or _shares_word(p.label, what))]
        if not targets:
            continue
        target = targets[-1]
        actual = next(
            (p for p in reversed(earlier) if p is not target and p.dim == target.dim and p.start > target.start),
            None,
        )
        if actual is not None:
            out.append(Excess(actual, target, m))
    return out


def _shares_word(label: str, what: str) -> bool:
    """招生任务 in the label for 超额完成招生任务: any two-character piece in common."""
    return any(what[k : k + 2] in label for k in range(len(what) - 1))


# ---------------------------------------------------------------- amounts

_PER_PERSON = re.compile(r"每(人|生|名|位)(每年|每学期)?")


def find_standards(text: str, ms: Sequence[Mention], programmes: Sequence[str]) -> list[Standard]:
    """``奖励标准为每人6000元`` with the programme named in the same sentence."""
    out: list[Standard] = []
    for m in ms:
        if m.dim != "元" or not _PER_PERSON.search(text[max(0, m.start - 8) : m.start]):
            continue
        s0, s1 = _sentence_bounds(text, m.start)
        sentence = text[s0:s1]
        found = _nearest_programme(sentence, m.start - s0, programmes)
        if found:
            out.append(Standard(m, found))
    return out


def _nearest_programme(sentence: str, pos: int, programmes: Sequence[str]) -> str | None:
    best: tuple[int, str] | None = None
    for p in programmes:
        for hit in re.finditer(re.escape(p), sentence):
            dist = abs(hit.start() - pos)
            if best is None or dist < best[0] or (dist == best[0] and len(p) > len(best[1])):
                best = (dist, p)
    return best[1] if best else None


def find_payments(text: str, ms: Sequence[Mention], programmes: Sequence[str]) -> list[Payment]:
    """A head count (人, not 人次) and the amount paid, in one ；-segment naming a programme."""
    out: list[Payment] = []
    for idx, m in enumerate(ms):
        if m.dim != PERSON or not m.is_quantity or m.number.unit_text in ("人次",):
            continue
        if "人次" in text[m.end : m.end + 3] or "人次" in m.number.text:
            continue
        seg_start = max(text.rfind(c, 0, m.start) for c in "。；;\n") + 1
        seg_end = min(
            [k for k in (text.find(c, m.end) for c in "。；;\n") if k >= 0] or [len(text)]
        )
        programme = _nearest_programme(text[seg_start : m.start], m.start - seg_start, programmes)
        if not programme:
            continue
        amount = next(
            (a for a in ms[idx + 1 :] if a.start < seg_end and a.dim == "元" and a.is_quantity),
            None,
        )
        if amount is not None:
            out.append(Payment(m, amount, programme))
    return out


# ---------------------------------------------------------------- distributions


def find_distributions(
    text: str, ms: Sequence[Mention], scales: Mapping[str, Sequence[str]]
) -> list[Distribution]:
    """Percentages in one sentence whose labels all come from one exclusive scale."""
    out: list[Distribution] = []
    spans = sentence_spans(text)
    for k in range(len(spans)):
        pcts = [m for m in ms if m.sentence == k and m.number.kind == "percent"]
        if len(pcts) < 2:
            continue
        for scale, words in scales.items():
            ordered = sorted(words, key=len, reverse=True)
            items = [m for m in pcts if _scale_word(m.label, ordered)]
            if len(items) >= 2 and len({_scale_word(m.label, ordered) for m in items}) == len(
                items
            ):
                out.append(Distribution(tuple(items), scale))
                break
    return out


def _scale_word(label: str, words: Sequence[str]) -> str | None:
    core = re.sub(r"(的|为|占|比例|人数|率)+$", "", label)
    for w in words:
        if core.endswith(w):
            return w
    return None


# ---------------------------------------------------------------- all


def find_rates(ms: Sequence[Mention], definitions: Mapping[str, Sequence[str]]) -> list[Rate]:
    """Figures labelled with a defined rate's name (``就业率达到98.26%``)."""
    out: list[Rate] = []
    for m in ms:
        if m.number.kind not in ("percent", "ratio", "quantity") or m.is_change:
            continue
        if m.number.kind == "quantity" and m.number.unit_text:
            continue
        for def_id, names in definitions.items():
            hit = next(
                (n for n in sorted(names, key=len, reverse=True) if m.label.endswith(n)), None
            )
            if hit is None:
                continue
            head = m.label[: -len(hit)]
            if (
                "的" in head
                or (head.endswith(("对口", "初次"))
                and not hit.startswith(("对口", "初次")))
            ):
                continue
            out.append(Rate(m, hit, def_id))
            break
    return out


def extract_relations(
    text: str,
    numbers: Iterable[Number],
    *,
    programmes: Sequence[str] = (),
    scales: Mapping[str, Sequence[str]] | None = None,
) -> Relations:
    """All relations one paragraph states."""
    ms = find_mentions(text, numbers)
    transitions = find_transitions(text, ms)
    return Relations(
        mentions=ms,
        breakdowns=find_breakdowns(text, ms),
        shares=find_shares(text, ms),
        changes=find_changes(text, ms),
        transitions=transitions,
        relative_changes=find_relative_changes(text, ms, transitions),
        excesses=find_excesses(text, ms),
        standards=find_standards(text, ms, programmes),
        payments=find_payments(text, ms, programmes),
        distributions=find_distributions(text, ms, scales or {}),
    )
