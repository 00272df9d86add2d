"""Guess a report's language from its script, so findings speak it by default."""

from __future__ import annotations

import re

_CJK = re.compile(r"[\u3400-\u9fff]+")  # runs: counted by their lengths, not one string per character
_LATIN = re.compile(r"[A-Za-z]+")


def detect_language(text: str, sample: int = 20000) -> str:
    """``"zh"`` when Han characters outnumber Latin letters a third, else ``"en"``."""
    chunk = text[:sample]
    han = sum(map(len, _CJK.findall(chunk)))
    latin = sum(map(len, _LATIN.findall(chunk)))
    if han == 0 and latin == 0:
        return "zh"
    return "zh" if han * 3 >= latin else "en"
