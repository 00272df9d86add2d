"""Word paragraph styles, resolved once per document.

A paragraph names its style by id (``w:pStyle``); what the reader needs of it
(its name, an outline level, a numbering) may sit on the style or on any style it
is based on. Looking that up per paragraph through python-docx scanned every
style of the document twice per paragraph (98–149 ms of a 112–182 ms read); here
each style's chain is followed once, bounded against loops, and remembered for
the document being read.
"""

from __future__ import annotations

from dataclasses import dataclass

W = "http://schemas.openxmlformats.org/wordprocessingml/2006/main"
MAX_STYLE_DEPTH = 20  # a hostile file may chain styles in a loop

_STYLE, _NAME, _BASED_ON = f"{{{W}}}style", f"{{{W}}}name", f"{{{W}}}basedOn"
_PPR, _PSTYLE = f"{{{W}}}pPr", f"{{{W}}}pStyle"
_NUMPR, _NUMID, _ILVL = f"{{{W}}}numPr", f"{{{W}}}numId", f"{{{W}}}ilvl"
_OUTLINE = f"{{{W}}}outlineLvl"
_VAL, _TYPE, _ID, _DEFAULT = f"{{{W}}}val", f"{{{W}}}type", f"{{{W}}}styleId", f"{{{W}}}default"


def val(element, *path: str) -> str | None:
    """``w:val`` of the element at ``path`` (Clark names) under ``element``."""
    node = element
    for tag in path:
        node = node.find(tag)
        if node is None:
            return None
    return node.get(_VAL)


def outline_level(element) -> int | None:
    """``w:pPr/w:outlineLvl`` of a paragraph or style, 1-based (Word's 0 is level 1)."""
    value = val(element, _PPR, _OUTLINE)
    if value is None:
        return None
    try:
        level = int(value)
    except ValueError:
        return None
    return level + 1 if 0 <= level < 9 else None


def num_pr(element) -> tuple[str | None, str | None]:
    """``(numId, ilvl)`` written on a paragraph or style (either may be missing)."""
    ppr = element.find(_PPR)
    node = ppr.find(_NUMPR) if ppr is not None else None
    if node is None:
        return None, None
    return val(node, _NUMID), val(node, _ILVL)


@dataclass(frozen=True, slots=True)
class Style:
    """What a paragraph style means to the reader, its base styles included."""

    id: str
    name: str | None
    outline_level: int | None  # the first outline level along the chain
    numbering: tuple[tuple[str | None, str | None], ...]  # numPr along the chain, nearest first


_NO_STYLE = Style("", None, None, ())


class Styles:
    """The paragraph styles of one document (``word/styles.xml``)."""

    def __init__(self, root) -> None:
        self._elements: dict[str, object] = {}
        self._resolved: dict[str, Style] = {}
        self.default_id: str | None = None
        if root is None:
            return
        for style in root.iter(_STYLE):
            if style.get(_TYPE, "paragraph") != "paragraph":
                continue
            style_id = style.get(_ID) or ""
            self._elements.setdefault(style_id, style)
            if style.get(_DEFAULT) in ("1", "true", "on") and self.default_id is None:
                self.default_id = style_id

    def of(self, p) -> Style:
        """The style of paragraph ``p`` (the document's default one when it names none)."""
        ppr = p.find(_PPR)
        node = ppr.find(_PSTYLE) if ppr is not None else None
        style_id = node.get(_VAL) if node is not None else None
        if style_id not in self._elements:
            style_id = self.default_id
        if style_id is None:
            return _NO_STYLE
        found = self._resolved.get(style_id)
        if found is None:
            found = self._resolved[style_id] = self._resolve(style_id)
        return found

    def _resolve(self, style_id: str) -> Style:
        name: str | None = None
        level: int | None = None
        numbering: list[tuple[str | None, str | None]] = []
        seen: set[str] = set()
        current: str | None = style_id
        for _ in range(MAX_STYLE_DEPTH):
            element = self._elements.get(current or "")
            if element is None or current in seen:
                break
            seen.add(current or "")
            if name is None:
                name = val(element, _NAME)
            if level is None:
                level = outline_level(element)
            numbering.append(num_pr(element))
            current = val(element, _BASED_ON)
        return Style(style_id, name, level, tuple(numbering))
