"""One PDF page as geometry: characters with their boxes, ruling lines, images (pypdfium2).

PDFium interprets the page once, in C; this module asks it for every character's
code point, origin, font size and advance, and for every path that draws an
axis-parallel line or rectangle. Nothing here depends on the font's metrics: a
character's box is built from its baseline and its nominal size (``top`` 0.85
size above the baseline, ``bottom`` 0.15 below), so a line of text has the same
box in WenQuanYi Zen Hei, Noto Sans CJK or SimSun, and lines group by baseline.

Characters PDFium invents (spaces and line breaks it guesses from gaps) are left
out: the reader measures gaps itself. A character printed twice a hair apart (fake
bold) is kept once; characters drawn at an angle (diagonal watermarks) are left
out. The page is refused before any Python object is built for its characters
when it has more than ``MAX_CHARS`` of them or more than ``MAX_OBJECTS`` objects.
"""

from __future__ import annotations

import ctypes
import math
from dataclasses import dataclass, field
from itertools import pairwise

from vetlint.errors import ReadError

MAX_CHARS = 100_000
MAX_OBJECTS = 100_000  # page objects (text runs, paths, images), forms included
MAX_RULE_OBJECTS = 5_000  # paths: above this, no table detection on the page
MAX_RULES = 5_000  # lines they draw: likewise (finding tables is quadratic in them)
MAX_FORM_DEPTH = 8
ASCENT, DESCENT = 0.85, 0.15  # of the font size, above and below the baseline
RULE_THICKNESS = 2.5  # a filled rectangle thinner than this is a drawn line


@dataclass(slots=True)
class Char:
    """A character as printed: ``top``/``bottom`` from the baseline and the font size."""

    text: str
    x0: float
    x1: float
    top: float
    bottom: float
    size: float
    baseline: float


@dataclass(slots=True)
class Rule:
    """An axis-parallel line (or a rectangle's side): horizontal when ``top == bottom``."""

    x0: float
    top: float
    x1: float
    bottom: float

    @property
    def horizontal(self) -> bool:
        return self.bottom - self.top <= self.x1 - self.x0


@dataclass(slots=True)
class PageContent:
    number: int
    width: float
    height: float
    chars: list[Char] = field(default_factory=list)
    rules: list[Rule] = field(default_factory=list)
    shapes: list[tuple[float, float, float, float]] = field(default_factory=list)  # painted areas
    images: int = 0
    unmapped: int = 0  # characters whose font gives no Unicode
    too_many_rules: bool = False


def read_page(page, number: int) -> PageContent:
    """Characters, rules and images of a ``pypdfium2.PdfPage``."""
    import pypdfium2.raw as pdfium_c

    left, bottom, right, top = page.get_mediabox()
    out = PageContent(number, right - left, top - bottom)
    _objects(page, pdfium_c, out, left, top)
    textpage = page.get_textpage()
    try:
        count = textpage.count_chars()
        if count > MAX_CHARS:
            raise ReadError(f"page {number} has {count} characters (limit {MAX_CHARS})",
                            code="too-large")
        out.chars, out.unmapped = _chars(textpage.raw, count, pdfium_c, left, top)
    finally:
        textpage.close()
    return out


UNMAPPED_SAMPLE = 2_000  # characters per page asked whether their font maps them


def _codes(tp, count: int, c) -> list[int]:
    """The code point of every character of the page, in one call when PDFium's text is
    one UTF-16 unit per character (no character beyond the BMP), else one by one."""
    buffer = (ctypes.c_ushort * (count + 1))()
    written = c.FPDFText_GetText(tp, 0, count, buffer)
    units = list(buffer[: max(written - 1, 0)])
    if len(units) == count and not any(0xD800 <= u <= 0xDFFF for u in units):
        return units
    return [c.FPDFText_GetUnicode(tp, k) for k in range(count)]


def _chars(tp, count: int, c, left: float, top: float) -> tuple[list[Char], int]:
    x, y = ctypes.c_double(), ctypes.c_double()
    box = c.FS_RECTF()
    px, py, pbox = ctypes.byref(x), ctypes.byref(y), ctypes.byref(box)
    is_generated, origin = c.FPDFText_IsGenerated, c.FPDFText_GetCharOrigin
    font_size, loose = c.FPDFText_GetFontSize, c.FPDFText_GetLooseCharBox
    angle, unmapped_error = c.FPDFText_GetCharAngle, c.FPDFText_HasUnicodeMapError
    out: list[Char] = []
    seen: dict[tuple[str, int, int], float] = {}  # (text, baseline, whole x) → x0
    unmapped = asked = 0
    last_y = math.nan
    for k, code in enumerate(_codes(tp, count, c)):
        if code in (0, 10, 13, 0xFFFE, 0xFFFF) or 0xD800 <= code <= 0xDFFF:
            continue
        if code in (32, 0xA0) and is_generated(tp, k):
            continue  # a space PDFium guessed from a gap: the reader measures gaps itself
        if asked < UNMAPPED_SAMPLE:
            asked += 1
            unmapped += unmapped_error(tp, k) == 1
        origin(tp, k, px, py)
        if y.value != last_y:  # a new line, or text at an angle (it climbs as it goes)
            last_y = y.value
            rotation = angle(tp, k)
            if rotation > 0.05 and abs(rotation - 2 * math.pi) > 0.05:
                continue  # drawn at an angle: a watermark, not a line of the text
        text = chr(code)
        size = font_size(tp, k) or 10.0
        loose(tp, k, pbox)
        baseline = top - y.value
        x0 = x.value - left
        cell = int(x0)
        line = round(baseline)
        twin = seen.get((text, line, cell))
        if twin is None:
            twin = seen.get((text, line, cell - 1))
            if twin is None:
                twin = seen.get((text, line, cell + 1))
        if twin is not None and abs(x0 - twin) <= 1.0:
            continue  # fake bold: the same character again, a hair to the side
        seen[(text, line, cell)] = x0
        out.append(Char(text, x0, max(box.right - left, x0), baseline - ASCENT * size,
                        baseline + DESCENT * size, size, baseline))
    if asked:
        unmapped = round(unmapped * max(len(out), asked) / asked)  # the sample, scaled
    return out, unmapped


# ---------------------------------------------------------------- objects


def _objects(page, c, out: PageContent, left: float, top: float) -> None:
    """Rules and images of the page, forms entered (their matrices composed)."""
    count = c.FPDFPage_CountObjects(page.raw)
    if count > MAX_OBJECTS:
        raise ReadError(f"page {out.number} draws {count} objects (limit {MAX_OBJECTS})",
                        code="too-large")
    budget = [MAX_OBJECTS]
    paths: list[tuple[object, tuple[float, ...]]] = []
    identity = (1.0, 0.0, 0.0, 1.0, 0.0, 0.0)
    stack = [(c.FPDFPage_GetObject(page.raw, i), identity, 0) for i in range(count)]
    matrix = c.FS_MATRIX()
    while stack:
        obj, outer, depth = stack.pop()
        budget[0] -= 1
        if budget[0] < 0:
            raise ReadError(f"page {out.number} draws over {MAX_OBJECTS} objects",
                            code="too-large")
        kind = c.FPDFPageObj_GetType(obj)
        if kind == c.FPDF_PAGEOBJ_IMAGE:
            out.images += 1
        elif kind == c.FPDF_PAGEOBJ_PATH:
            if len(paths) < MAX_RULE_OBJECTS:
                c.FPDFPageObj_GetMatrix(obj, ctypes.byref(matrix))
                own = (matrix.a, matrix.b, matrix.c, matrix.d, matrix.e, matrix.f)
                paths.append((obj, _compose(own, outer)))
            else:
                out.too_many_rules = True
        elif kind == c.FPDF_PAGEOBJ_FORM and depth < MAX_FORM_DEPTH:
            c.FPDFPageObj_GetMatrix(obj, ctypes.byref(matrix))
            own = (matrix.a, matrix.b, matrix.c, matrix.d, matrix.e, matrix.f)
            inner = _compose(own, outer)
            n = c.FPDFFormObj_CountObjects(obj)
            stack.extend((c.FPDFFormObj_GetObject(obj, i), inner, depth + 1) for i in range(n))
    if out.too_many_rules:
        return
    for obj, m in paths:
        rules, shape = _rules_of(obj, m, c, left, top)
        out.rules.extend(rules)
        if shape is not None:
            out.shapes.append(shape)
        if len(out.rules) > MAX_RULES:
            out.rules, out.shapes, out.too_many_rules = [], [], True
            return


def _compose(inner: tuple[float, ...], outer: tuple[float, ...]) -> tuple[float, ...]:
    """The matrix applying ``inner`` first, then ``outer`` (PDF row-vector convention)."""
    a, b, cc, d, e, f = inner
    A, B, C, D, E, F = outer
    return (a * A + b * C, a * B + b * D, cc * A + d * C, cc * B + d * D,
            e * A + f * C + E, e * B + f * D + F)


def _rules_of(obj, m: tuple[float, ...], c, left: float, top: float
              ) -> tuple[list[Rule], tuple[float, float, float, float] | None]:
    """Axis-parallel lines of one path: its line segments, and the sides of rectangles
    (a filled rectangle thinner than a few points is one line along its middle); and the
    box of the area it paints, when it fills more than a line (a bar, a pie's wedge, a
    chart's background) or draws curves."""
    fill, stroke = ctypes.c_int(), ctypes.c_int()
    c.FPDFPath_GetDrawMode(obj, ctypes.byref(fill), ctypes.byref(stroke))
    if not fill.value and not stroke.value:
        return [], None  # an invisible path
    x, y = ctypes.c_float(), ctypes.c_float()
    a, b, cc, d, e, f = m
    subpaths: list[list[tuple[float, float]]] = []
    current: list[tuple[float, float]] = []
    curved = False
    all_x: list[float] = []
    all_y: list[float] = []
    for i in range(c.FPDFPath_CountSegments(obj)):
        seg = c.FPDFPath_GetPathSegment(obj, i)
        c.FPDFPathSegment_GetPoint(seg, ctypes.byref(x), ctypes.byref(y))
        px = a * x.value + cc * y.value + e - left
        py = top - (b * x.value + d * y.value + f)
        all_x.append(px)
        all_y.append(py)
        kind = c.FPDFPathSegment_GetType(seg)
        if kind == c.FPDF_SEGMENT_MOVETO or not current:
            if len(current) > 1:
                subpaths.append(current)
            current = [(px, py)]
        elif kind == c.FPDF_SEGMENT_LINETO:
            current.append((px, py))
        else:  # a curve: not a rule; keep its end as the current point
            curved = True
            if len(current) > 1:
                subpaths.append(current)
            current = [(px, py)]
            continue
        if c.FPDFPathSegment_GetClose(seg) and len(current) > 1:
            current.append(current[0])
            subpaths.append(current)
            current = []
    if len(current) > 1:
        subpaths.append(current)
    out: list[Rule] = []
    for points in subpaths:
        xs = [p[0] for p in points]
        ys = [p[1] for p in points]
        width, height = max(xs) - min(xs), max(ys) - min(ys)
        if fill.value and len(points) >= 4 and min(width, height) < RULE_THICKNESS:
            if width >= height:
                mid = (min(ys) + max(ys)) / 2
                out.append(Rule(min(xs), mid, max(xs), mid))
            else:
                mid = (min(xs) + max(xs)) / 2
                out.append(Rule(mid, min(ys), mid, max(ys)))
            continue
        for (x0, y0), (x1, y1) in pairwise(points):
            if abs(y1 - y0) < 0.5 and abs(x1 - x0) >= 1.0:
                out.append(Rule(min(x0, x1), y0, max(x0, x1), y0))
            elif abs(x1 - x0) < 0.5 and abs(y1 - y0) >= 1.0:
                out.append(Rule(x0, min(y0, y1), x0, max(y0, y1)))
    shape = None
    if all_x:
        box = (min(all_x), min(all_y), max(all_x), max(all_y))
        painted = fill.value and min(box[2] - box[0], box[3] - box[1]) >= RULE_THICKNESS
        if painted or (curved and max(box[2] - box[0], box[3] - box[1]) >= RULE_THICKNESS):
            shape = box
    return out, shape
