"""Charts drawn in Word or Excel, read from the data they cache (DrawingML ``c:chartSpace``).

A chart part (``word/charts/chartN.xml``, ``xl/charts/chartN.xml``) keeps, besides the
drawing instructions, the figures it was drawn from: each series' name, the
categories, the values with their number format, and whether data labels are
printed. These become a chart table (``Table.kind == "chart"``) laid out as the
text export of the same chart gives it: categories as rows, one column per series,
and, where the chart prints data labels in another form than the cached value
(``0.117`` labelled ``11.7%``), a ``数据标签`` column with the labels as printed.
Nothing is read from the embedded workbook: the cache is what the reader sees.
"""

from __future__ import annotations

from dataclasses import dataclass, field

from vetlint.readers.numfmt import format_number
from vetlint.readers.ooxml import Budget

C = "http://schemas.openxmlformats.org/drawingml/2006/chart"
A = "http://schemas.openxmlformats.org/drawingml/2006/main"
CHART_REF = f"{{{C}}}chart"  # the element a drawing uses to point at its chart part
MAX_POINTS = 10_000  # per series; a chart with more is no chart a reader can look at
MAX_SERIES = 200
CHART_BUDGET = Budget(16 * 1024 * 1024)  # a chart part's XML; what it yields is bounded above

_PLOT, _CHART, _TITLE = f"{{{C}}}plotArea", f"{{{C}}}chart", f"{{{C}}}title"
_SER, _TX, _V, _PT = f"{{{C}}}ser", f"{{{C}}}tx", f"{{{C}}}v", f"{{{C}}}pt"
_CAT, _VAL, _XVAL, _YVAL = f"{{{C}}}cat", f"{{{C}}}val", f"{{{C}}}xVal", f"{{{C}}}yVal"
_LVL, _FORMAT = f"{{{C}}}lvl", f"{{{C}}}formatCode"
_DLBLS, _SHOW_VAL, _DELETE = f"{{{C}}}dLbls", f"{{{C}}}showVal", f"{{{C}}}delete"
_NUMFMT, _AUTO_DELETED = f"{{{C}}}numFmt", f"{{{C}}}autoTitleDeleted"
_A_T = f"{{{A}}}t"
_A_P = f"{{{A}}}p"
_CACHES = ("strCache", "numCache", "strLit", "numLit", "multiLvlStrCache")


@dataclass(slots=True)
class Series:
    name: str
    values: list[str]
    format_code: str | None = None
    labels: bool = False  # data labels printed with the values


@dataclass(slots=True)
class Chart:
    """A chart's cached data: ``categories[i]`` labels ``series[k].values[i]``."""

    title: str | None
    categories: list[str]
    series: list[Series] = field(default_factory=list)

    def grid(self) -> list[list[str]]:
        """Header row, then one row per category: the chart as a table of texts."""
        if not self.series:
            return []
        single = len(self.series) == 1
        header = [""]
        for s in self.series:
            header.append(s.name or (self.title if single else "") or "数值")
        label_columns: list[tuple[int, str]] = []
        for k, s in enumerate(self.series):
            if s.labels and any(_label(v, s.format_code) != v for v in s.values if v):
                label_columns.append((k, "数据标签" if single else f"{header[k + 1]} 数据标签"))
        header += [name for _, name in label_columns]
        rows = [header]
        n = max(len(self.categories), *(len(s.values) for s in self.series))
        for i in range(n):
            row = [self.categories[i] if i < len(self.categories) else ""]
            row += [s.values[i] if i < len(s.values) else "" for s in self.series]
            for k, _ in label_columns:
                s = self.series[k]
                value = s.values[i] if i < len(s.values) else ""
                row.append(_label(value, s.format_code) if value else "")
            rows.append(row)
        return rows


def _label(value: str, format_code: str | None) -> str:
    """A value as its data label prints it."""
    if not format_code or format_code.strip().lower() == "general":
        return value
    try:
        return format_number(float(value), format_code)
    except ValueError:
        return value


def _number_text(text: str) -> str:
    """A cached value as the chart's author typed it: float noise (``0.11700000000000001``)
    rounded off at 15 significant digits, anything else kept."""
    text = text.strip()
    digits = sum(ch.isdigit() for ch in text)
    if digits <= 15:
        return text
    try:
        return format(float(text), ".15g")
    except ValueError:
        return text


def _rich_text(element) -> str:
    paragraphs = ["".join(t.text or "" for t in p.iter(_A_T)) for p in element.iter(_A_P)]
    text = "".join(paragraphs) if paragraphs else "".join(t.text or "" for t in element.iter(_A_T))
    return " ".join(text.split())


def _cache(element):
    """The cache (or literal) under a ``c:tx``/``c:cat``/``c:val`` element."""
    for child in element.iter():
        if isinstance(child.tag, str) and child.tag.rsplit("}", 1)[-1] in _CACHES:
            return child
    return None


def _points(cache) -> list[str]:
    """Values of a cache by their ``idx`` (gaps left empty)."""
    out: dict[int, str] = {}
    for pt in cache.iterchildren(_PT):
        try:
            idx = int(pt.get("idx", "-1"))
        except ValueError:
            continue
        v = pt.find(_V)
        if 0 <= idx < MAX_POINTS and v is not None:
            out[idx] = " ".join((v.text or "").split())
    if not out:
        return []
    return [out.get(i, "") for i in range(max(out) + 1)]


def _categories(element) -> list[str]:
    cache = _cache(element)
    if cache is None:
        return []
    levels = list(cache.iterchildren(_LVL))
    if not levels:
        return _points(cache)
    # Multi-level categories: the first level is the innermost; an outer label covers
    # the inner ones from its index on.
    inner = _points(levels[0])
    outer_levels = [_points(level) for level in levels[1:]]
    out: list[str] = []
    for i, label in enumerate(inner):
        parts = []
        for outer in reversed(outer_levels):
            group = next((outer[j] for j in range(min(i, len(outer) - 1), -1, -1) if outer[j]), "")
            if group:
                parts.append(group)
        out.append(" / ".join([*parts, label]) if parts else label)
    return out


def _shows_values(dlbls) -> bool | None:
    if dlbls is None:
        return None
    delete = dlbls.find(_DELETE)
    if delete is not None and delete.get("val", "1") in ("1", "true"):
        return False
    show = dlbls.find(_SHOW_VAL)
    return show is not None and show.get("val", "1") in ("1", "true")


def _series(ser, group_labels: bool | None) -> Series | None:
    tx = ser.find(_TX)
    name = ""
    if tx is not None:
        cache = _cache(tx)
        if cache is not None:
            name = " ".join(_points(cache))
        else:
            v = tx.find(_V)
            name = (v.text or "") if v is not None else ""
    values_element = ser.find(_VAL)
    if values_element is None:
        values_element = ser.find(_YVAL)
    cache = _cache(values_element) if values_element is not None else None
    if cache is None:
        return None
    code = cache.find(_FORMAT)
    format_code = code.text if code is not None else None
    dlbls = ser.find(_DLBLS)
    labels = _shows_values(dlbls)
    if labels is None:
        labels = bool(group_labels)
    if dlbls is not None:
        fmt = dlbls.find(_NUMFMT)
        if fmt is not None and fmt.get("sourceLinked") in ("0", "false") and fmt.get("formatCode"):
            format_code = fmt.get("formatCode")
    return Series(" ".join(name.split()), [_number_text(v) for v in _points(cache)],
                  format_code, labels)


def read_chart(root) -> Chart | None:
    """The cached data of a ``c:chartSpace`` element; None when it caches no values."""
    chart = root.find(_CHART)
    if chart is None:
        return None
    plot = chart.find(_PLOT)
    if plot is None:
        return None
    series: list[Series] = []
    categories: list[str] = []
    for group in plot:
        if not isinstance(group.tag, str) or not group.tag.endswith("Chart"):
            continue
        group_labels = _shows_values(group.find(_DLBLS))
        for ser in group.iterchildren(_SER):
            found = _series(ser, group_labels)
            if found is None or not any(found.values):
                continue
            series.append(found)
            if not categories:
                cat = ser.find(_CAT)
                if cat is None:
                    cat = ser.find(_XVAL)
                categories = _categories(cat) if cat is not None else []
            if len(series) >= MAX_SERIES:
                break
    if not series:
        return None
    return Chart(_title(chart, series), categories, series)


def _title(chart, series: list[Series]) -> str | None:
    title = chart.find(_TITLE)
    if title is None:
        return None
    tx = title.find(_TX)
    if tx is not None:
        cache = _cache(tx)
        text = " ".join(_points(cache)) if cache is not None else _rich_text(tx)
        return text or None
    deleted = chart.find(_AUTO_DELETED)
    if deleted is not None and deleted.get("val", "1") in ("1", "true"):
        return None
    # A title element without text: Word shows the one series' name.
    return series[0].name or None if len(series) == 1 else None
