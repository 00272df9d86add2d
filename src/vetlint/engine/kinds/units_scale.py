"""Scale factors of the unit words tables print beside labels (``（万元）``, ``单位`` columns)."""

from __future__ import annotations

import re

from vetlint.engine.grid import Grid

_SCALES = (
    ("亿", 1e8),
    ("千万", 1e7),
    ("百万", 1e6),
    ("十万", 1e5),
    ("万", 1e4),
    ("千", 1e3),
    ("百", 1e2),
)
_PAREN = re.compile(r"[（(]([^）)]*)[）)]")


def scale_of(unit: str) -> float:
    unit = unit.replace("单位", "").strip(" ：:")
    for word, factor in _SCALES:
        if unit.startswith(word):
            return factor
    return 1.0


def row_scale(grid: Grid, r: int) -> float:
    """The factor a row's plain numbers carry: from its unit cell or its label's parentheses."""
    if grid.unit_col is not None:
        text = grid.text(r, grid.unit_col)
        if text:
            return scale_of(text)
    m = _PAREN.search(grid.row_label(r))
    return scale_of(m.group(1)) if m else 1.0
