"""The number grammar of Chinese (and English) reports.

One parser for every quantity a report prints: ``12,325``, ``１２３``,
``4.51万人``, ``3.43亿元``, ``98.26%``, ``0.2个百分点``, ``16.22 : 1``,
``3000余人``, ``近2000人``, ``15-20个``. ``find_numbers`` scans prose and
returns only quantities: years, dates, ordinals, table/figure/document numbers,
section numbers, list markers and codes (``1+X``, ``O2O``, ``CCTV-7``) are
skipped, because a false quantity causes false alarms while a missed one only
costs a check. ``parse_number`` reads one table cell or token.

Intervals come from printed precision (``5.3万`` → [52 500, 53 500]) and are
widened or made one-sided by qualifiers:

* 余/多 (``over``): from the value up to the next unit of the last significant
  digit: ``3000余`` → [3000, 4000], ``1350多`` → [1350, 1360].
* 约/大约/左右 (``approx``): ± max(5 % of the value, half a printed unit).
* 近/将近/接近 (``nearly``): [value − 5 %, value].
* 以上/不少于/不低于/至少 (``at_least``) and 超过/逾/多于/高于 (``more_than``):
  [value, +inf).
* 不足/不到/少于/低于 (``less_than``) and 以下/以内/不超过/最多 (``at_most``):
  (−inf, value].
* a range ``15-20个`` (``range``): [low end, high end] with printed precision,
  value the midpoint.

Values are in base units; ``scale`` is the factor from the printed mantissa to
the value (万 → 1e4, % → 0.01, 万元 → 1e4), ``decimals`` the mantissa's printed
decimals. Full-width digits and punctuation are read as their ASCII forms;
offsets always refer to the text as given.
"""

from __future__ import annotations

import math
import re
from dataclasses import dataclass, replace
from typing import Literal

from vetlint.intervals import Interval
from vetlint.units import lexicon

NumberKind = Literal["quantity", "percent", "permille", "points", "ratio"]
Qualifier = Literal[
    "approx", "nearly", "over", "at_least", "more_than", "less_than", "at_most", "range"
]

APPROX_MARGIN = 0.05  # 约/左右: ± 5 % (or the printed precision when wider)
NEARLY_MARGIN = 0.05  # 近: up to 5 % below the stated value


@dataclass(frozen=True, slots=True)
class Number:
    """A quantity as printed.

    ``value`` is in base units: ``4.51万人`` → 45100 (unit ``person``),
    ``98.26%`` → 0.9826, ``0.2个百分点`` → 0.002 (kind ``points``),
    ``15：1`` → 15 (kind ``ratio``, ``terms`` (15, 1)). ``low``/``high`` are the
    interval that the printed precision implies, widened or made one-sided by
    a qualifier (约, 近, 余, 以上, 不足 …). ``start``/``end`` are offsets in the
    text it was found in. A range (qualifier ``range``, ``15-20个``) keeps its
    ends in ``low``/``high`` and its midpoint in ``value``; ``terms`` is only
    for ratios. ``unit`` is the canonical unit name from
    rules/units.txt (``percent``/``permille``/``percentage_point`` for the
    fraction kinds, ``yuan/person`` for per-capita units), ``unit_text`` the
    printed multiplier and unit (``万人``).
    """

    text: str
    value: float
    low: float
    high: float
    kind: NumberKind = "quantity"
    unit: str | None = None
    unit_text: str | None = None
    qualifier: Qualifier | None = None
    decimals: int = 0
    scale: float = 1.0
    start: int = 0
    end: int = 0
    terms: tuple[float, ...] | None = None
    term_decimals: tuple[int, ...] | None = None

    @property
    def interval(self) -> Interval:
        return Interval(self.low, self.high)

    @property
    def exact(self) -> bool:
        return self.qualifier is None

    @property
    def is_range(self) -> bool:
        return self.qualifier == "range"

    def reversed_ratio(self) -> Number:
        """``1:25`` as ``25:1``: the same two terms the other way round (a 1 stays exact)."""
        if self.kind != "ratio" or not self.terms or len(self.terms) != 2 or self.terms[0] == 0:
            return self
        a, b = self.terms
        da, db = self.term_decimals or (0, 0)
        top = Interval.point(b) if b == 1 else Interval.printed(b, db)
        bottom = Interval.point(a) if a == 1 else Interval.printed(a, da)
        iv = top / bottom
        return replace(self, value=b / a, low=iv.low, high=iv.high, terms=(b, a), term_decimals=(db, da))


# --- text normalisation -----------------------------------------------------
# One character for one character, so offsets in the normalised text are
# offsets in the original.
_FULLWIDTH = {chr(0xFF10 + i): str(i) for i in range(10)}
_FULLWIDTH.update(
    {
        "％": "%",
        "﹪": "%",
        "：": ":",
        "﹕": ":",
        "．": ".",
        "－": "-",
        "−": "-",
        "～": "~",
        "〜": "~",
        "＋": "+",
        "（": "(",
        "）": ")",
        "［": "[",
        "］": "]",
        "\u3000": " ",
        "\u00a0": " ",
    }
)
_NORMALIZE = str.maketrans(_FULLWIDTH)
_FULLWIDTH_CHARS = re.compile("[" + re.escape("".join(_FULLWIDTH)) + "]")


def normalize(text: str) -> str:
    """Full-width digits/punctuation → ASCII, same length as ``text``.

    ``str.translate`` looks up every character of a Chinese text: a paragraph, which holds
    only a few full-width ones, has them replaced where found instead; a label or a cell
    is short enough for the one pass."""
    if text.isascii():
        return text  # every character replaced is outside ASCII
    if len(text) <= 32:
        return text.translate(_NORMALIZE)
    return _FULLWIDTH_CHARS.sub(_ascii_of, text)


def _ascii_of(m: re.Match[str]) -> str:
    return _FULLWIDTH[m.group()]


# --- the grammar ------------------------------------------------------------
_LEX = lexicon()
_PREFIXES = dict(sorted(_LEX.prefixes.items(), key=lambda kv: -len(kv[0])))
_FRACTION_KINDS: dict[str, NumberKind] = {
    "percent": "percent",
    "permille": "permille",
    "percentage_point": "points",
}
_FRACTION_SCALE = {"percent": 0.01, "permille": 0.001, "percentage_point": 0.01}
_PER = {
    "生": "person",
    "人": "person",
    "名": "person",
    "年": "year",
    "天": "day",
    "次": "occurrence",
}


def _unit_alternation(aliases: list[str]) -> str:
    parts = []
    for alias in sorted(aliases, key=len, reverse=True):
        pat = re.escape(alias)
        if alias[-1].isascii() and alias[-1].isalpha():
            pat += r"(?![A-Za-z])"
        parts.append(pat)
    return "|".join(parts)


_SP = r"[ ]?"
_NUM = r"\d{1,3}(?:,\d{3})+(?:\.\d+)?|\d+(?:\.\d+|\.(?=[ ]?(?:亿|万)))?"
_PRE = {
    "约为": "approx",
    "大约": "approx",
    "约": "approx",
    "将近": "nearly",
    "接近": "nearly",
    "近": "nearly",
    "超过": "more_than",
    "逾": "more_than",
    "多于": "more_than",
    "高于": "more_than",
    "不足": "less_than",
    "不到": "less_than",
    "少于": "less_than",
    "低于": "less_than",
    "不少于": "at_least",
    "不低于": "at_least",
    "至少": "at_least",
    "不超过": "at_most",
    "不高于": "at_most",
    "不大于": "at_most",
    "不小于": "at_least",
    "最多": "at_most",
    "≥": "at_least",
    "≤": "at_most",
    "＞": "more_than",
    "＜": "less_than",
}
_POST = {
    "左右": "approx",
    "以上": "at_least",
    "及以上": "at_least",
    "以下": "at_most",
    "以内": "at_most",
    "及以下": "at_most",
    "余": "over",
    "多": "over",
}


def _alt(words: object) -> str:
    return "|".join(re.escape(w) for w in sorted(words, key=len, reverse=True))  # type: ignore[arg-type]


_FIRST = "".join(sorted({w[0] for w in (*_PRE, "附", "图", "专", "案", "表", "第", "T", "F")}))
_PATTERN = rf"""
(?=[0-9〔\[(A-Za-z_+\-{_FIRST}])  # cheap guard: only where a match can start
(?:
(?P<skip>
    [〔\[(]\s*\d{{4}}\s*[〕\])]\s*\d+\s*号                 # 〔2020〕670号
  | \d{{4}}[-/.]\d{{1,2}}[-/.]\d{{1,2}}(?:[ T]+\d{{1,2}}:\d{{2}}(?::\d{{2}})?)?  # 2017-12-26 17:35:14
  | (?<![\d:])(?:[01]?\d|2[0-3]):[0-5]\d:[0-5]\d(?![\d:])      # 17:35:14, a time of day
  | \[\s*\d{{1,3}}(?:\s*[,，-]\s*\d{{1,3}})*\s*\]            # [3], [1,2]: a note or reference marker
  | (?:附表|附图|附件|图表|专栏|案例|(?<![代发])表|(?<![意试])图|Table|Figure|Fig\.)\s*\d+(?:\s*[-.]\s*\d+)*
  | 第\s*\d+                                           # 第6, 第4部分
  | (?<![\w-])-[ ]?\d+[ ]?-(?![\w-])                     # page number - 1 -
  | \(\s*\d{{1,2}}\s*\)                                  # (1) list marker
  | \d+(?:\.\d+){{2,}}                                    # 3.4.1 section number
  | \d+(?:[ ]?\+[ ]?(?:\d+|[A-Za-z]+))+                  # 1+X, 3+2, 6+1
  | (?<![A-Za-z_])[A-Za-z_]+(?:[ ]?\+[ ]?\d+|-?\d+[A-Za-z0-9_]*)  # X+1, O2O, CCTV-7, i5
)
|
(?P<q>
  (?:(?P<pre>{_alt(_PRE)}){_SP})?
  (?P<sign>[-+])?
  (?P<a>{_NUM})
  (?:
      (?P<ratio>(?:{_SP}:{_SP}(?:{_NUM}))+)
    | (?P<apct>%)?{_SP}(?P<sep>[-~—–至到]){_SP}(?P<b>{_NUM})
  )?
  (?:{_SP}(?P<over0>余|多))?
  (?:{_SP}(?P<mult>{_alt(_PREFIXES)}))?
  (?P<over>余|多)?
  (?:{_SP}(?P<unit>{_unit_alternation(list(_LEX.aliases))})(?:/(?P<per>{_alt(_PER)}))?)?
  (?:{_SP}(?P<post>{_alt(_POST)}))?
)
)
"""
_RX = re.compile(_PATTERN, re.VERBOSE)

_CJK = re.compile(r"[\u3400-\u9fff]")
_DATE_FOLLOW = ("月", "日", "号", "届", "级", "时", "点", "等", "星", "版", "代", "楼")
_YEAR_FOLLOW = ("级", "度", "月", "底", "初", "末", "秋", "春", "夏", "冬", "代")


@dataclass(frozen=True, slots=True)
class _Mantissa:
    value: float
    decimals: int
    text: str

    @property
    def interval(self) -> Interval:
        return Interval.printed(self.value, self.decimals)

    @property
    def sig_unit(self) -> float:
        """One unit of the last significant digit (3000 → 1000, 1350 → 10, 5.3 → 0.1)."""
        if self.decimals > 0:
            return 10.0 ** (-self.decimals)
        digits = self.text.replace(",", "").rstrip(".")
        stripped = digits.rstrip("0")
        if not stripped:
            return 1.0
        return 10.0 ** min(len(digits) - len(stripped), 300)  # 1 and 400 zeros: no OverflowError


def _mantissa(text: str) -> _Mantissa:
    plain = text.replace(",", "")
    decimals = len(plain.split(".", 1)[1]) if "." in plain else 0
    return _Mantissa(float(plain.rstrip(".") or "0"), decimals, text)


def _line_start_prefix(t: str, pos: int) -> bool:
    """True when only whitespace and ``[bookmark: …]`` artefacts precede ``pos`` on its line.

    A scan rather than a regex substitution of ``\\[[^\\]\\n]*\\]``: that restarts at every ``[``
    of a run of them and took minutes on a cell of 20,000 ``[`` with figures after it (found
    by fuzzing).
    """
    i = t.rfind("\n", 0, pos) + 1
    while i < pos:
        if t[i].isspace():
            i += 1
        elif t[i] == "[":
            close = t.find("]", i + 1, pos)
            if close < 0:
                return False
            i = close + 1
        else:
            return False
    return True


def _is_year(m: _Mantissa) -> bool:
    return (
        m.decimals == 0
        and "," not in m.text
        and not m.text.endswith(".")
        and 1900 <= m.value <= 2100
    )


def _next_char(t: str, pos: int) -> str:
    while pos < len(t) and t[pos] == " ":
        pos += 1
    return t[pos] if pos < len(t) else ""


def _skip(t: str, match: re.Match[str]) -> bool:
    """The judgement calls that decide a match is not a quantity."""
    g = match.group
    a = g("a")
    unit_text = g("unit")
    unit = _LEX.aliases.get(unit_text) if unit_text else None
    end = match.end()
    before = t[match.start() - 1] if match.start() > 0 else ""
    after = t[end] if end < len(t) else ""
    nxt = _next_char(t, end)
    plain = not (
        unit or g("mult") or g("ratio") or g("apct") or g("over") or g("over0") or g("post")
    )

    if before.isascii() and (before.isalpha() or before == "_"):
        return True  # tail of a code: i5, TOP10
    if before == "+" or (before == "-" and match.start() > 1 and t[match.start() - 2].isalnum()):
        return True
    if after.isascii() and after.isalpha():
        return True  # 3D打印, 5G
    if nxt == "+" and _next_char(t, t.index("+", end) + 1).isalnum():
        return True
    if len(a) > 1 and a[0] == "0" and a[1].isdigit():
        return True  # 020 (O2O), phone numbers, codes
    m_a = _mantissa(a)
    if g("ratio"):
        terms = re.split(r"\s*:\s*", g("ratio").strip(" :"))
        # 9:00 is a time of day, not a ratio
        return len(terms[0]) == 2 and terms[0].startswith("0") and m_a.value <= 24
    if g("b") is not None and _is_year(m_a) and _is_year(_mantissa(g("b"))):
        return True  # 2018—2020年, 2022-2023 学年
    if _is_year(m_a) and not g("sign") and not g("mult") and (plain or unit == "year"):
        return True  # 2020年, a bare 2025
    if unit == "year" and nxt in _YEAR_FOLLOW:
        return True
    if plain:
        if t[end:].lstrip(" ").startswith(_DATE_FOLLOW):
            return True
        if (
            after == "."
            or (
                after == "、"
                and (_line_start_prefix(t, match.start()) or (before and before in "。；;:，, "))
            )
        ) and m_a.decimals == 0:
            return True  # list marker 1. / 1、
        if _line_start_prefix(t, match.start()) and (
            _CJK.match(nxt) or nxt in (".", "、") if nxt else False
        ):
            return True  # section number at line start: 1.3教师队伍
        if before and before in "《“\"'":
            return True  # a name or title: 《798半日游》, “5”
        if m_a.decimals and (before == "化" or nxt == "版"):
            return True  # 教育信息化2.0
        if m_a.decimals == 0 and len(a) >= 9 and "," not in a:
            return True  # an ID, not a count
    return False


def _qualified(
    value: float, printed: Interval, qualifier: Qualifier | None, sig_unit: float
) -> tuple[float, float]:
    """The interval a qualifier makes of a printed figure (see the module docstring)."""
    if qualifier == "over":
        return value, value + sig_unit
    if qualifier == "approx":
        pad = max(abs(value) * APPROX_MARGIN, printed.width / 2)
        return value - pad, value + pad
    if qualifier == "nearly":
        return value - abs(value) * NEARLY_MARGIN, value
    if qualifier in ("at_least", "more_than"):
        return value, math.inf
    if qualifier in ("less_than", "at_most"):
        return -math.inf, value
    return printed.low, printed.high


def _build(t: str, text: str, match: re.Match[str], offset: int = 0) -> Number | None:
    g = match.group
    m_a = _mantissa(g("a"))
    negative = g("sign") == "-"
    sign = -1.0 if negative else 1.0
    unit_text = g("unit")
    unit = _LEX.aliases.get(unit_text) if unit_text else None
    if g("apct") and unit is None:
        unit, unit_text = "percent", None
    scale = _PREFIXES[g("mult")] if g("mult") else 1.0
    kind: NumberKind = "quantity"
    if unit in _FRACTION_KINDS:
        kind = _FRACTION_KINDS[unit]
        scale *= _FRACTION_SCALE[unit]
    if unit and g("per"):
        unit = f"{unit}/{_PER[g('per')]}"
    per = "/" + g("per") if g("per") else ""
    printed_unit = "".join(p for p in (g("mult"), g("unit")) if p) + per or None
    if g("apct") and not g("unit"):
        printed_unit = "%"

    start, end = match.start(), match.end()
    text_out = text[start:end].strip()
    qualifier: Qualifier | None = None
    if g("pre"):
        qualifier = _PRE[g("pre")]  # type: ignore[assignment]
    if g("over") or g("over0"):
        qualifier = "over"
    if g("post"):
        qualifier = _POST[g("post").strip()]  # type: ignore[assignment]

    if g("ratio"):
        raw_terms = [g("a"), *re.split(r"\s*:\s*", g("ratio").strip().lstrip(":").strip())]
        mans = [_mantissa(x) for x in raw_terms]
        if any(x.value == 0 for x in mans[1:2]):
            return None
        ivs = [Interval.point(x.value) if x.text == "1" else x.interval for x in mans]
        iv = ivs[0] / ivs[1]
        value = mans[0].value / mans[1].value
        return Number(
            text=text_out,
            value=value,
            low=iv.low,
            high=iv.high,
            kind="ratio",
            qualifier=qualifier,
            decimals=max(x.decimals for x in mans),
            start=start + offset,
            end=end + offset,
            terms=tuple(x.value for x in mans),
            term_decimals=tuple(x.decimals for x in mans),
        )

    if g("b") is not None:
        m_b = _mantissa(g("b"))
        lo_iv = m_a.interval * scale * sign
        hi_iv = m_b.interval * scale
        low, high = min(lo_iv.low, hi_iv.low), max(lo_iv.high, hi_iv.high)
        a_val, b_val = sign * m_a.value * scale, m_b.value * scale
        return Number(
            text=text_out,
            value=(a_val + b_val) / 2,
            low=low,
            high=high,
            kind=kind,
            unit=unit,
            unit_text=printed_unit,
            qualifier="range",
            decimals=max(m_a.decimals, m_b.decimals),
            scale=scale,
            start=start + offset,
            end=end + offset,
        )

    value = sign * m_a.value * scale
    iv = Interval.printed(sign * m_a.value, m_a.decimals, scale)
    low, high = _qualified(value, iv, qualifier, m_a.sig_unit * scale)
    return Number(
        text=text_out,
        value=value,
        low=low,
        high=high,
        kind=kind,
        unit=unit,
        unit_text=printed_unit,
        qualifier=qualifier,
        decimals=m_a.decimals,
        scale=scale,
        start=start + offset,
        end=end + offset,
    )


def find_numbers(text: str) -> list[Number]:
    """Every quantity in a prose string, in order, with offsets into ``text``."""
    t = normalize(text)
    out: list[Number] = []
    for match in _RX.finditer(t):
        if match.group("skip") is not None or _skip(t, match):
            continue
        number = _build(t, text, match)
        if number is not None:
            out.append(_trim(number, text))
    out.extend(find_chinese_numbers(text))
    out.sort(key=lambda n: n.start)
    return out


def _trim(number: Number, text: str) -> Number:
    """Keep ``start``/``end`` on the printed figure, without surrounding spaces."""
    start, end = number.start, number.end
    while start < end and text[start].isspace():
        start += 1
    while end > start and text[end - 1].isspace():
        end -= 1
    if (start, end) == (number.start, number.end):
        return number
    return replace(number, start=start, end=end, text=text[start:end])


_ACCOUNTING_NEGATIVE = re.compile(r"^\((?P<body>[^()]+)\)$")


def parse_number(text: str) -> Number | None:
    """One table cell or token as a Number, or None when it is not a number.

    Accepts everything ``find_numbers`` reads plus forms only a cell has: a
    bare year-like value (``2019`` in a data cell), accounting negatives
    ``(194)``. Offsets are relative to ``text``.
    """
    if not text or len(text) > 200:
        return None
    t = normalize(text)
    lead = len(t) - len(t.lstrip())
    body = t.strip()
    negative = False
    acc = _ACCOUNTING_NEGATIVE.match(body)
    if acc and not acc.group("body").strip().startswith("-"):
        inner = acc.group("body")
        lead += 1 + (len(inner) - len(inner.lstrip()))
        body = inner.strip()
        negative = True
    match = _RX.fullmatch(body)
    if match is None or match.group("q") is None:
        return None
    if match.group("unit") == "年" and _is_year(_mantissa(match.group("a"))):
        return None  # a year header, not a figure
    number = _build(body, text[lead : lead + len(body)], match, offset=lead)
    if number is None:
        return None
    if negative and number.kind != "ratio":
        number = replace(
            number,
            value=-number.value,
            low=-number.high,
            high=-number.low,
            text=text.strip(),
            start=lead - 1,
            end=lead + len(body) + 1,
            terms=tuple(-x for x in number.terms) if number.terms else None,
        )
    return number


# --- Chinese-numeral counts -------------------------------------------------
# 两所, 三批, 十余次: real counts. Only runs written as a well-formed numeral of
# value >= 2 directly followed by a count unit; never after 第 (ordinal), and
# 一 alone is an article (一批, 一个), not a count.
_CN_DIGITS = {
    "零": 0,
    "〇": 0,
    "一": 1,
    "二": 2,
    "两": 2,
    "三": 3,
    "四": 4,
    "五": 5,
    "六": 6,
    "七": 7,
    "八": 8,
    "九": 9,
}
_CN_UNITS = {"十": 10, "百": 100, "千": 1000}
_CN_COUNT_UNITS = "所个人名项家次批场门期位类条支"
_CN_RX = re.compile(
    rf"(?P<pre>{_alt(_PRE)})?"
    r"(?<![第届“「《零〇一二两三四五六七八九十百千万])"
    rf"(?P<cn>[零〇一二两三四五六七八九十百千]+)(?P<over>余|多)?(?P<unit>[{_CN_COUNT_UNITS}])"
    r"(?!一|产业|全会|体)"  # 五个一批, 三次产业, 九次全会, 五位一体: names, not counts
)
# what every count of _CN_RX ends in: most paragraphs have none, and scanning for it is
# cheaper than trying _CN_RX's optional lead words at every character
_CN_TAIL = re.compile(rf"[零〇一二两三四五六七八九十百千](?:余|多)?[{_CN_COUNT_UNITS}]")


def chinese_numeral(run: str) -> int | None:
    """Value of a well-formed Chinese numeral below 10 000, or None (``十三五`` → None)."""
    total, digit, last_unit, zero = 0, None, 10**5, False
    for ch in run:
        if ch in _CN_DIGITS:
            if digit is not None:
                return None
            digit = _CN_DIGITS[ch]
            if digit == 0:
                if zero or not total:
                    return None
                zero, digit = True, None
        elif ch in _CN_UNITS:
            unit = _CN_UNITS[ch]
            if unit >= last_unit:
                return None
            if digit is None:
                if total or unit != 10:
                    return None
                digit = 1
            if digit == 0:
                return None
            total += digit * unit
            digit, last_unit = None, unit
        else:
            return None
    if digit:
        if last_unit <= 10 or last_unit == 10**5 or zero:
            total += digit
        else:
            return None  # 两百五 style shorthands: ambiguous, skip
    return total


def find_chinese_numbers(text: str) -> list[Number]:
    """Counts written in Chinese numerals (两所, 三批, 十余次)."""
    out: list[Number] = []
    if _CN_TAIL.search(text) is None:
        return out
    for match in _CN_RX.finditer(text):
        run = match.group("cn")
        value = chinese_numeral(run)
        if value is None or value < 2:
            continue
        unit_text = match.group("unit")
        unit = _LEX.aliases.get(unit_text)
        qualifier: Qualifier | None = _PRE.get(match.group("pre") or "")  # type: ignore[assignment]
        if match.group("over"):
            qualifier = "over"
        sig = _mantissa(str(value)).sig_unit
        low, high = _qualified(float(value), Interval.printed(value, 0), qualifier, sig)
        out.append(
            Number(
                text=match.group(0),
                value=float(value),
                low=low,
                high=high,
                unit=unit,
                unit_text=unit_text,
                qualifier=qualifier,
                start=match.start(),
                end=match.end(),
            )
        )
    return out


# --- garbled figures --------------------------------------------------------
# Digit groups split by a stray space before a unit (1682 41人, 69 25.88册) and a decimal
# point with nothing after it before a multiplier or unit (291.万平方米).
# each begins with a look-ahead at a digit: the same matches, but the regex engine skips to
# the digits instead of trying the look-behind at every character
_SPLIT_DIGITS = re.compile(
    r"(?=\d)(?<![\d.．,，])(\d{1,6}) (?:\s*)(\d{1,2}|\d{4,}|\d+\.\d+)(?=\s*(?:万|亿)?(?:人次|人|名|个|所|册|元|项|%|％))"
)
_DANGLING_POINT = re.compile(r"(?=\d)(?<![\d.])\d+\.(?=\s*(?:万|亿|千)|\s*(?:人|元|平方米|册|个|所)(?!\d))")


def find_garbled(text: str) -> list[tuple[int, int, str, bool]]:
    """``(start, end, text, split)`` of digit groups split by a stray space (``split``) or
    with a dangling decimal point. ``find_numbers`` still returns them as printed."""
    out = []
    for rx, split in ((_SPLIT_DIGITS, True), (_DANGLING_POINT, False)):
        for m in rx.finditer(text):
            line_start = text.rfind("\n", 0, m.start()) + 1
            if text[line_start : m.start()].rstrip().endswith(("表", "图", "第")):
                continue
            out.append((m.start(), m.end(), m.group(0), split))
    return sorted(out)


# --- units printed elsewhere (table headers) ------------------------------------


def parse_unit_text(unit_text: str) -> tuple[float, str | None] | None:
    """``万元`` → (1e4, "yuan"), ``%`` → (0.01, "percent"), ``万`` → (1e4, None).

    None when the text is not a unit this registry knows.
    """
    t = normalize(unit_text).strip().removeprefix("单位").strip(" :")
    if not t:
        return None
    if t in _LEX.aliases:
        name = _LEX.aliases[t]
        return _FRACTION_SCALE.get(name, 1.0), name
    for prefix, factor in _PREFIXES.items():
        if t.startswith(prefix):
            rest = t[len(prefix) :]
            if not rest:
                return factor, None
            if rest in _LEX.aliases and _LEX.aliases[rest] not in _FRACTION_SCALE:
                return factor, _LEX.aliases[rest]
    return None


def with_unit(number: Number, unit_text: str) -> Number:
    """A bare figure read in the unit its header prints (``2255.55`` under ``万元``).

    Figures that already print a unit, a multiplier or a ratio are returned as
    they are, and so is any figure when ``unit_text`` is not a known unit.
    """
    parsed = parse_unit_text(unit_text)
    if (
        parsed is None
        or number.unit is not None
        or number.scale != 1.0
        or number.kind != "quantity"
        or number.terms is not None
    ):
        return number
    factor, name = parsed
    kind: NumberKind = _FRACTION_KINDS.get(name or "", "quantity")
    return replace(
        number,
        value=number.value * factor,
        low=number.low * factor,
        high=number.high * factor,
        kind=kind,
        unit=name,
        unit_text=unit_text.strip(),
        scale=factor,
    )
