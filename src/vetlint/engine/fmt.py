"""Printing an expected value the way the report prints the stated one.

If the report says ``6.7%`` the expected value reads ``-6.7%``; ``58.33％``
gives ``52.94％``; ``0.04 : 1`` gives ``-0.04 : 1``; ``35.6`` in a ``增长情况%``
column gives ``35.6``; a ratio printed one first (``1:20``) gives ``1:25``. The numeric
part of the stated text is replaced, the rest (signs, %, spaces, ``: 1``) kept.
"""

from __future__ import annotations

import math
import re

from vetlint import units

_NUM = re.compile(r"[-+−–]?\s*\d[\d,，]*(?:[.．]\d+)?")
_SEPARATORS = re.compile(r"[\s,，]")
# accounting negatives: ``(194)``, ``$(19,045)``, ``(8.4%)``
_ONE_FIRST = re.compile(r"^(?P<pre>\s*1\s*[:：]\s*)(?P<body>\d[\d,，]*(?:[.．]\d+)?)(?P<post>\s*)$")
_PARENS = re.compile(r"^(?P<pre>[^(]*)\(\s*(?P<body>[^()]*\d[^()]*?)\s*\)(?P<post>.*)$")


def _parenthesised(text: str) -> re.Match[str] | None:
    return _PARENS.match(text.strip())


def printed_decimals(text: str) -> int:
    """Digits after the decimal point of the first number in ``text``."""
    m = _NUM.search(text)
    if not m:
        return 0
    body = m.group(0).replace("．", ".")
    return len(body.split(".", 1)[1]) if "." in body else 0


def printed_value(text: str) -> float | None:
    """The first number in ``text`` as printed (no scaling; ``(194)`` is -194)."""
    paren = _parenthesised(text)
    if paren is not None:
        inner = printed_value(paren.group("body"))
        return -abs(inner) if inner is not None else None
    m = _NUM.search(text)
    if not m:
        return None
    body = _SEPARATORS.sub("", m.group(0)).replace("．", ".").replace("−", "-").replace("–", "-")
    try:
        return float(body)
    except ValueError:
        return None


def print_factor(text: str, value: float | None, default: float = 1.0) -> float:
    """How the printed figure relates to the base value (100 for ``5.5%`` → 0.055)."""
    shown = printed_value(text)
    if shown is None or value is None or value == 0 or shown == 0:
        if "%" in text or "％" in text:
            return 100.0
        if "‰" in text:
            return 1000.0
        return default
    factor = shown / value
    for nice in (1.0, 100.0, 1000.0, 0.01, 1e-4, 1e-8, 1e4, 1e8):
        if math.isclose(abs(factor), nice, rel_tol=1e-6):
            return nice
    return abs(factor)


def format_number(value: float, decimals: int) -> str:
    if math.isnan(value) or math.isinf(value):
        return "?"
    decimals = max(decimals, 0)
    text = f"{value:.{decimals}f}"
    if text.startswith("-") and float(text) == 0:
        text = text[1:]
    return text


def restyle(stated_text: str, value: float, factor: float, decimals: int | None = None) -> str:
    """``stated_text`` with its number replaced by ``value`` (base units × ``factor``)."""
    if decimals is None:
        decimals = printed_decimals(stated_text)
    one_first = _ONE_FIRST.match(stated_text)
    if one_first is not None:  # 师生比1:20: the value is the second term
        if decimals == printed_decimals(stated_text):
            decimals = printed_decimals(one_first.group("body"))
        return one_first.group("pre") + format_number(value * factor, decimals) + one_first.group("post")
    paren = _parenthesised(stated_text)
    if paren is not None:  # keep the accounting style: negative in parentheses
        inner = restyle(paren.group("body"), abs(value), abs(factor), decimals)
        body = f"({inner})" if value * factor < 0 else inner
        return paren.group("pre") + body + paren.group("post")
    new = format_number(value * factor, decimals)
    m = _NUM.search(stated_text)
    if not m:
        return new
    if "," in m.group(0) and new != "?":  # keep thousands separators
        new = f"{float(new):,.{max(decimals, 0)}f}"
    return stated_text[: m.start()] + new + stated_text[m.end() :]


def unit_swaps(text: str) -> list[tuple[str, float]]:
    """``86.4 亿元`` written for ``86.4 万元``: the text with each other of 万, 亿 and none (the
    one-word multipliers of ``rules/units.txt``), and the factor its value changes by (亿 → 万:
    1e-4)."""
    lex = units.lexicon()
    multipliers = {p: v for p, v in lex.prefixes.items() if len(p) == 1}
    m = re.search(rf"(?<=[\d\s])([{''.join(map(re.escape, multipliers))}])(?=[^\d\s]|$)", text) if multipliers else None
    if m is None:
        return []
    have = multipliers[m.group(1)]
    out = []
    for word in dict.fromkeys((lex.scale_word(1e4), lex.scale_word(1e8), "")):
        scale = multipliers.get(word, 1.0)
        if scale != have:
            out.append((text[: m.start()] + word + text[m.end() :], scale / have))
    return out


def transposition_fixes(text: str) -> list[str]:
    """Every text made by swapping two adjacent different digits of ``text``."""
    out: list[str] = []
    for i in range(len(text) - 1):
        a, b = text[i], text[i + 1]
        if a.isdigit() and b.isdigit() and a != b:
            out.append(text[:i] + b + a + text[i + 2 :])
    return out


def flip_sign(text: str) -> str:
    paren = _parenthesised(text)
    if paren is not None:
        return paren.group("pre") + paren.group("body") + paren.group("post")
    m = _NUM.search(text)
    if not m:
        return text
    num = m.group(0).lstrip()
    if num[0] in "-−–":
        new = num[1:].lstrip()
    elif num[0] == "+":
        new = "-" + num[1:].lstrip()
    else:
        new = "-" + num
    return text[: m.start()] + new + text[m.end() :]


# --- in the reader's units ----------------------------------------------------

def unit_text(unit: str | None, scale: float = 1.0) -> str:
    """How a report prints a multiplier and unit: ``person`` × 10⁴ → ``万人`` (the printed
    forms of ``rules/units.txt``)."""
    lex = units.lexicon()
    return lex.scale_word(scale) + lex.printed.get(unit or "", "")


def in_units(value: float, scale: float, decimals: int, unit: str = "") -> str:
    """``value`` (base units) at a stated figure's multiplier and precision: 53907 for a
    figure printed ``5.3`` in 万人 → ``5.4万人``."""
    return format_number(value / (scale or 1.0), decimals) + unit


POINTS = {"zh": "个百分点", "en": " percentage points"}


def as_points(percent_text: str, lang: str) -> str:
    """A difference of two percentages written with ``%`` said as what it is:
    ``-8.85%`` → ``-8.85个百分点`` (``-8.85 percentage points``)."""
    text = percent_text.strip()
    for sign in ("%", "％"):
        if text.endswith(sign):
            return text[: -len(sign)].rstrip() + POINTS.get(lang, POINTS["en"])
    return text


def points_expected(stated_text: str, stated_value: float | None, value: float) -> dict[str, str]:
    """The expected difference of two percentages, for a figure the report prints with
    ``%``: ``{"zh": "-8.85个百分点", "en": "-8.85 percentage points"}``."""
    as_percent = restyle(stated_text, value, print_factor(stated_text, stated_value, default=1.0))
    return {lang: as_points(as_percent, lang) for lang in POINTS}


def printed(value: float | None, like: str, extra: int = 1) -> str | None:
    """``value`` (base units) at the precision ``like`` prints it with, plus ``extra``
    digits (an interval's ends stay apart): -0.05000000000000071 beside ``-5.0%`` →
    ``-0.0500``; 5348.5 beside ``5349人`` → ``5348.5``. None, NaN and infinity give None."""
    if value is None or math.isnan(value) or math.isinf(value):
        return None
    shift = round(math.log10(scale_of(like, value)))
    return format_number(value, max(0, printed_decimals(like) + shift + extra))


def scale_of(like: str, value: float | None) -> float:
    """The power of ten between a value in base units and its printed text (100 for
    ``1.6%`` of 0.016001, 1e-4 for ``5.4万人`` of 53907), tolerant of the rounding."""
    if "%" in like or "％" in like:
        return 100.0
    shown = printed_value(like)
    if shown is None or not value or not shown:
        return 1.0
    return 10.0 ** round(math.log10(abs(shown / value)))


def interval_text(like: str, value: float | None, low: float | None, high: float | None) -> str:
    """An expected value's interval in the units it is printed in, one digit finer:
    ``[1.59%, 1.62%]`` beside ``1.6%`` (not ``[0.0158505, 0.0161524]``); an exact value
    two digits finer: ``(-5.955%)`` beside ``-6.0%``."""
    if low is None or high is None:
        return "[?, ?]"
    if math.isinf(low) or math.isinf(high):
        return ""  # a bound (不足10%) says its own interval
    factor = scale_of(like, value if value is not None else (low + high) / 2)
    point = low == high
    decimals = printed_decimals(like) + (2 if point else 1)
    ends = [restyle(like, v, factor, decimals) if not (math.isinf(v) or math.isnan(v)) else "?"
            for v in (low, high)]
    return f"({ends[0]})" if point else f"[{ends[0]}, {ends[1]}]"
