"""The labels Word draws for numbered paragraphs (``1.1``, ``一、``, ``（二）``).

The label is not in the paragraph's text: Word computes it from ``numbering.xml``
while laying out. The .docx reader asks for it on headings only, so section
numbers read the same as in the PDF of the same file.
"""

from __future__ import annotations

import re

from vetlint.readers.wordstyles import Style, W, num_pr, val

_ABSTRACT, _LVL, _NUM = f"{{{W}}}abstractNum", f"{{{W}}}lvl", f"{{{W}}}num"
_ABSTRACT_ID, _NUM_ID, _ILVL_ATTR = f"{{{W}}}abstractNumId", f"{{{W}}}numId", f"{{{W}}}ilvl"
_START, _FMT, _TEXT, _SUFF = f"{{{W}}}start", f"{{{W}}}numFmt", f"{{{W}}}lvlText", f"{{{W}}}suff"
_LEGAL, _PSTYLE, _PPR = f"{{{W}}}isLgl", f"{{{W}}}pStyle", f"{{{W}}}pPr"

_CN_DIGITS = "零一二三四五六七八九"
_CHINESE_FORMATS = ("chineseCounting", "chineseCountingThousand", "ideographTraditional",
                    "japaneseCounting", "chineseLegalSimplified", "taiwaneseCounting")


def chinese_number(n: int) -> str:
    """1 → 一, 10 → 十, 12 → 十二, 20 → 二十, 105 → 一百零五 (enough for section numbers)."""
    if n <= 0 or n >= 1000:
        return str(n)
    hundreds, rest = divmod(n, 100)
    tens, ones = divmod(rest, 10)
    out = f"{_CN_DIGITS[hundreds]}百" if hundreds else ""
    if tens:
        out += ("" if tens == 1 and not hundreds else _CN_DIGITS[tens]) + "十"
    elif hundreds and ones:
        out += "零"
    if ones:
        out += _CN_DIGITS[ones]
    return out


def roman(n: int) -> str:
    out = ""
    for value, letters in ((1000, "M"), (900, "CM"), (500, "D"), (400, "CD"), (100, "C"),
                           (90, "XC"), (50, "L"), (40, "XL"), (10, "X"), (9, "IX"), (5, "V"),
                           (4, "IV"), (1, "I")):
        while n >= value:
            out, n = out + letters, n - value
    return out


def format_number(n: int, fmt: str) -> str:
    """``n`` in Word's number format ``fmt`` (``decimal``, ``chineseCounting``, ``upperRoman`` …)."""
    if fmt in _CHINESE_FORMATS:
        return chinese_number(n)
    if fmt in ("upperLetter", "lowerLetter"):
        letter = chr(ord("A") + (n - 1) % 26) * ((n - 1) // 26 + 1)
        return letter if fmt == "upperLetter" else letter.lower()
    if fmt in ("upperRoman", "lowerRoman"):
        return roman(n) if fmt == "upperRoman" else roman(n).lower()
    if fmt == "decimalEnclosedCircle" and 1 <= n <= 20:
        return chr(0x2460 + n - 1)
    if fmt == "decimalZero":
        return f"{n:02d}"
    return str(n)


def paragraph_numbering(p, style: Style) -> tuple[str | None, int | None]:
    """``(numId, ilvl)`` from the paragraph, else from its style chain.

    ``ilvl`` None with a numId: the level is the one linked to the paragraph's style.
    """
    num_id: str | None = None
    ilvl: int | None = None
    for found_id, found_ilvl in (num_pr(p), *style.numbering):
        num_id = num_id or found_id
        if ilvl is None and found_ilvl is not None:
            try:
                ilvl = int(found_ilvl or "0")
            except ValueError:
                ilvl = 0
        if num_id is not None:
            break
    if num_id is None or num_id == "0":  # numId 0 switches numbering off
        return None, None
    return num_id, ilvl


class Numbering:
    """Counters of one document's numbered lists, advanced paragraph by paragraph."""

    def __init__(self, root) -> None:
        self.levels: dict[str, dict[int, tuple[int, str, str, str]]] = {}
        self.abstract_of: dict[str, str] = {}
        self.counters: dict[str, list[int]] = {}
        self.level_of_style: dict[tuple[str, str], int] = {}  # a level linked to a style
        if root is None:
            return
        for abstract in root.iterchildren(_ABSTRACT):
            levels: dict[int, tuple[int, str, str, str]] = {}
            abstract_id = abstract.get(_ABSTRACT_ID, "")
            for lvl in abstract.iterchildren(_LVL):
                try:
                    ilvl = int(lvl.get(_ILVL_ATTR, "0"))
                    start = int(val(lvl, _START) or "1")
                except ValueError:
                    continue
                suffix = val(lvl, _SUFF) or "tab"
                if lvl.find(_LEGAL) is not None:  # "legal" style: every number decimal
                    suffix += "+legal"
                levels[ilvl] = (start, val(lvl, _FMT) or "decimal", val(lvl, _TEXT) or "", suffix)
                style_id = val(lvl, _PSTYLE)
                if style_id:
                    self.level_of_style[(abstract_id, style_id)] = ilvl
            self.levels[abstract_id] = levels
        for num in root.iterchildren(_NUM):
            self.abstract_of[num.get(_NUM_ID, "")] = val(num, _ABSTRACT_ID) or ""

    def label(self, p, style: Style) -> str:
        """The label of paragraph ``p`` (counting it), or ``""`` when it is not numbered."""
        num_id, ilvl = paragraph_numbering(p, style)
        abstract = self.abstract_of.get(num_id or "")
        levels = self.levels.get(abstract or "")
        if ilvl is None and num_id is not None:
            own = val(p, _PPR, _PSTYLE) or ""
            ilvl = self.level_of_style.get((abstract or "", own), 0)
        if not levels or ilvl is None or ilvl not in levels:
            return ""
        counters = self.counters.setdefault(abstract or "", [0] * 10)
        ilvl = min(ilvl, 9)
        for k in range(ilvl):  # a level used before its parents starts them at 1
            if counters[k] == 0:
                counters[k] = levels.get(k, (1,))[0]
        counters[ilvl] = counters[ilvl] + 1 if counters[ilvl] else levels[ilvl][0]
        for k in range(ilvl + 1, len(counters)):
            counters[k] = 0
        _, fmt, text, suffix = levels[ilvl]
        if fmt in ("bullet", "none"):
            return ""

        legal = suffix.endswith("+legal")
        suffix = suffix.removesuffix("+legal")

        def level_text(m: re.Match[str]) -> str:
            k = int(m.group(1)) - 1
            k_fmt = "decimal" if legal else levels.get(k, (1, "decimal", "", ""))[1]
            return format_number(counters[k] if 0 <= k < len(counters) else 0, k_fmt)

        label = re.sub(r"%([1-9])", level_text, text)
        if not label:
            return ""
        if suffix == "nothing" or re.search(r"[、．：:）)]$", label):
            return label
        return label + " "
