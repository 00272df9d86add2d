"""Printing an expected value the way the report prints the stated one.

If the report says ``6.7%`` the expected value reads ``-6.7%``; ``58.33％``
gives ``52.94％``; ``0.04 : 1`` gives ``-0.04 : 1``; ``35.6`` in a ``增长情况%``
column gives ``35.6``. The numeric part of the stated text is replaced, the
rest (signs, %, spaces, ``: 1``) kept.
"""

from __future__ import annotations

import math
import re

_NUM = re.compile(r"[-+−–]?\s*\d[\d,，]*(?:[.．]\d+)?")
# accounting negatives: ``(194)``, ``$(19,045)``, ``(8.4%)``
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
    body = re.sub(r"[\s,，]", "", m.group(0)).replace("．", ".").replace("−", "-").replace("–", "-")
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
