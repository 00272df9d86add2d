"""``--format html``: one self-contained page a reviewer can open and click through.

The page shows each report's text and tables with every judged figure
highlighted by severity, the findings in a side list (click one to reach its
figure, click a figure to reach its finding), filters by severity and rule,
and, for a batch, an index table across reports. Everything is inline (CSS
and JS from ``render/assets/``, system fonts); a Content-Security-Policy
forbids every fetch, and no outside address appears in the file, even one
quoted by the report itself (``://`` is written as ``&#58;//``).

The renderer needs the text as well as the findings. ``vetlint check --format html``
keeps each report's Document with its result (``Settings.keep_documents``: read once,
in the worker that checked it); ``render`` also takes ``documents`` (path → Document)
from a caller that has them, and reads a report again only when neither has it.

Figures are placed by inverting the readers' source maps: every character of
a paragraph, heading or cell is indexed by the (line, column) it came from,
and a finding's (line, column)–(end_line, end_column) is looked up there.
"""

from __future__ import annotations

import html
import re
from collections import defaultdict
from collections.abc import Mapping
from dataclasses import dataclass, field
from importlib import resources
from itertools import pairwise
from typing import Any

from vetlint.checks import Check, Figure, ReportResult
from vetlint.document import Cell, Document, Heading, Location, Paragraph, Table
from vetlint.render import lang_of, words
from vetlint.render.escape import safe
from vetlint.render.places import Places
from vetlint.settings import Settings

SEVERITIES = ("error", "warning", "info")
_CSP = ("default-src 'none'; style-src 'unsafe-inline'; script-src 'unsafe-inline'; "
        "img-src data:; base-uri 'none'; form-action 'none'")

_TEXT = {
    "zh": {"title": "vetlint 检查报告", "index": "报告一览", "all_rules": "全部规则",
           "rule": "规则", "findings": "问题", "unplaced": "未能在正文中定位此项",
           "no_text": "无法显示正文", "filter": "筛选", "status": "状态", "ok": "通过",
           "summary": "{checks} 项检查，{passed} 项通过；发现 {findings} 项问题（错误 {errors}，"
                      "警告 {warnings}，提示 {infos}）"},
    "en": {"title": "vetlint report", "index": "Reports", "all_rules": "all rules",
           "rule": "rule", "findings": "findings", "unplaced": "not placed in the text",
           "no_text": "text not available", "filter": "filter", "status": "status", "ok": "ok",
           "summary": "{checks} checks, {passed} passed; {findings} finding(s) ({errors} errors, "
                      "{warnings} warnings, {infos} infos)"},
}


def esc(text: str | None) -> str:
    """HTML-escape, show controls and bidi marks as escapes (``render.escape``), and break
    ``scheme://`` so the page names no outside address."""
    return html.escape(safe(text), quote=True).replace("://", "&#58;//")


def _asset(name: str) -> str:
    return resources.files("vetlint.render").joinpath("assets", name).read_text(encoding="utf-8")


# ------------------------------------------------------------------ placing


@dataclass(slots=True)
class _Span:
    start: int
    end: int  # exclusive
    finding: str
    severity: str
    judged: bool  # the figure the finding judges (else one of its inputs)


@dataclass(slots=True)
class _Index:
    """(line, column) → (block key, offset) for every character the reader kept."""

    points: dict[tuple[int, int], tuple[str, int]] = field(default_factory=dict)
    lines: dict[int, list[str]] = field(default_factory=lambda: defaultdict(list))
    cells: dict[tuple[str, int, int], str] = field(default_factory=dict)
    tables: dict[str, str] = field(default_factory=dict)  # table id -> block key
    lengths: dict[str, int] = field(default_factory=dict)
    texts: dict[str, str] = field(default_factory=dict)
    spans: dict[str, list[_Span]] = field(default_factory=lambda: defaultdict(list))
    whole: dict[str, list[_Span]] = field(default_factory=lambda: defaultdict(list))

    def add(self, key: str, text: str, point) -> None:
        self.lengths[key] = len(text)
        self.texts[key] = text
        seen_lines: set[int] = set()
        for i in range(len(text)):
            line, column = point(i)
            if line is None:
                return
            self.points.setdefault((line, column), (key, i))
            if line not in seen_lines:
                seen_lines.add(line)
                self.lines[line].append(key)

    def place(self, loc: Location, text: str | None) -> tuple[str, int, int] | None:
        """Block key and [start, end) of the figure at ``loc``; None when not found.

        A table cell named by table/row/col wins over line/column (spreadsheet
        locations use line/column for the sheet's row and column); within the
        block, the span is checked against the figure's text.
        """
        point = self._point(loc, text)
        if loc.table is not None and loc.row is not None and loc.col is not None:
            key = self.cells.get((loc.table, loc.row, loc.col))
            if key is not None:
                if point is not None and point[0] == key:
                    return self._verified(key, point[1], point[2], text)
                found = self.texts[key].find(text) if text else -1
                if found >= 0:
                    return key, found, found + len(text or "")
                return key, 0, self.lengths[key]
        if point is not None:
            return self._verified(*point, text)
        if loc.line is not None and self.lines.get(loc.line):
            key = self.lines[loc.line][0]
            return key, 0, self.lengths[key]
        if loc.table is not None and loc.table in self.tables:
            return self.tables[loc.table], 0, 0  # the table as a whole (its caption)
        return None

    def _point(self, loc: Location, text: str | None) -> tuple[str, int, int] | None:
        if loc.line is None or loc.column is None:
            return None
        start = self.points.get((loc.line, loc.column))
        if start is None:
            return None
        if loc.end_column is not None:
            end = self.points.get((loc.end_line or loc.line, loc.end_column))
        elif text:
            end = (start[0], start[1] + len(text) - 1)
        else:
            end = None
        if end is None or end[0] != start[0] or end[1] < start[1]:
            return None
        return start[0], start[1], end[1] + 1

    def _verified(self, key: str, a: int, b: int, text: str | None) -> tuple[str, int, int]:
        """``[a, b)`` unless the figure's text sits elsewhere in the block (then the nearest)."""
        block = self.texts[key]
        if not text or block[a:b] == text or text not in block:
            return key, a, b
        starts = [m.start() for m in re.finditer(re.escape(text), block)]
        best = min(starts, key=lambda s: abs(s - a))
        return key, best, best + len(text)


def _simple_point(loc: Location):
    def point(i: int) -> tuple[int | None, int]:
        return loc.line, (loc.column or 1) + i

    return point


def _index_document(doc: Document, prefix: str) -> _Index:
    index = _Index()
    for b, block in enumerate(doc.blocks):
        if isinstance(block, Paragraph):
            index.add(f"{prefix}b{b}", block.text, block.smap.point)
        elif isinstance(block, Heading):
            index.add(f"{prefix}b{b}", block.text, _simple_point(block.location))
        elif isinstance(block, Table):
            index.tables[block.id] = f"{prefix}b{b}"
            for r, c, cell in block.iter_cells():
                if not cell.text:
                    continue
                key = f"{prefix}b{b}r{r}c{c}"
                index.cells[(block.id, r + 1, c + 1)] = key
                point = cell.smap.point if cell.smap is not None else _simple_point(cell.location)
                index.add(key, cell.text, point)
    return index


def _figure_of(check: Check) -> tuple[Location, str | None]:
    fig: Figure | None = check.stated or check.blame
    if fig is not None and (fig.location.line is not None or fig.location.table is not None):
        return fig.location, fig.text
    return check.location, None


# ------------------------------------------------------------------ drawing


def _marked(text: str, spans: list[_Span]) -> str:
    """``text`` with ``<mark>`` around each covered stretch (overlaps split)."""
    if not spans:
        return esc(text)
    cuts = sorted({0, len(text), *(s.start for s in spans), *(s.end for s in spans)})
    out: list[str] = []
    for a, b in pairwise(cuts):
        if a >= b:
            continue
        piece = esc(text[a:b])
        over = [s for s in spans if s.start <= a and s.end >= b]
        if not over:
            out.append(piece)
            continue
        judged = [s for s in over if s.judged]
        inputs = [s for s in over if not s.judged]
        attrs: list[str] = []
        classes = ["vl-mark"]
        if judged:
            worst = min(judged, key=lambda s: SEVERITIES.index(s.severity)
                        if s.severity in SEVERITIES else 9)
            classes.append(f"sev-{worst.severity}")
            ids = " ".join(dict.fromkeys(s.finding for s in judged))
            attrs.append(f'data-judged="{ids}"')
        else:
            classes.append("vl-input-only")
        if inputs:
            attrs.append(f'data-inputs="{" ".join(dict.fromkeys(s.finding for s in inputs))}"')
        out.append(f'<mark class="{" ".join(classes)}" {" ".join(attrs)}>{piece}</mark>')
    return "".join(out).replace("://", "&#58;//")  # a cut may fall inside an address


def _block_text(index: _Index, key: str, text: str) -> str:
    return _marked(text, index.spans.get(key, []))


def _table_html(
    table: Table, b: int, prefix: str, index: _Index, captioned: bool, drawn: set[str]
) -> str:
    whole = [s for s in index.spans.get(f"{prefix}b{b}", []) if s.judged]
    if whole:
        worst = min(whole, key=lambda s: SEVERITIES.index(s.severity)
                    if s.severity in SEVERITIES else 9)
        ids = " ".join(dict.fromkeys(s.finding for s in whole))
        parts = [f'<div class="vl-table-wrap vl-table-judged sev-{worst.severity}" '
                 f'data-judged="{ids}">']
    else:
        parts = ['<div class="vl-table-wrap">']
    if not captioned and (table.caption or table.unit):
        caption = table.caption or table.id
        if table.unit and table.unit not in caption:
            caption += f"（{table.unit}）"
        parts.append(f'<p class="caption">{esc(caption)}</p>')
    parts.append(f'<table data-table="{esc(table.id)}">')
    if table.header:
        parts.append("<thead>")
        for row in table.header:
            parts.append("<tr>" + "".join(f"<th>{esc(t)}</th>" for t in row) + "</tr>")
        parts.append("</thead>")
    parts.append("<tbody>")
    for r, row in enumerate(table.rows):
        cells = []
        for c, cell in enumerate(row):
            cells.append(_cell_html(cell, f"{prefix}b{b}r{r}c{c}", index, c < table.label_columns))
        parts.append("<tr>" + "".join(cells) + "</tr>")
    parts.append("</tbody></table>")
    for note in table.notes:
        if note.strip() in drawn:
            continue  # also a paragraph of its own
        parts.append(f'<p class="note">{esc(note)}</p>')
    parts.append("</div>")
    return "".join(parts)


def _cell_html(cell: Cell, key: str, index: _Index, label: bool) -> str:
    tag = "th" if label else "td"
    if not cell.text:
        return f"<{tag}></{tag}>"
    return f'<{tag} id="{key}">{_block_text(index, key, cell.text)}</{tag}>'


def _document_html(doc: Document, prefix: str, index: _Index) -> str:
    parts: list[str] = []
    paragraphs = {p.text.strip() for p in doc.paragraphs}
    for b, block in enumerate(doc.blocks):
        key = f"{prefix}b{b}"
        if isinstance(block, Heading):
            level = min(max(block.level, 1), 4)
            parts.append(f'<h3 class="lvl-{level}" id="{key}">'
                         f"{_block_text(index, key, block.text)}</h3>")
        elif isinstance(block, Paragraph):
            parts.append(f'<p class="{block.role}" id="{key}">'
                         f"{_block_text(index, key, block.text)}</p>")
        elif isinstance(block, Table):
            parts.append(_table_html(block, b, prefix, index, _caption_before(doc, b),
                                     paragraphs))
    return "\n".join(parts)


def _caption_before(doc: Document, b: int) -> bool:
    """True when the table's caption is already drawn as the paragraph(s) before it."""
    table = doc.blocks[b]
    caption = table.caption.strip() if isinstance(table, Table) and table.caption else None
    for prev in doc.blocks[max(0, b - 2) : b]:
        if isinstance(prev, Paragraph) and caption and prev.text.strip() in caption:
            return True
    return False


def _finding_html(check: Check, fid: str, lang: str, placed: bool, places: Places) -> str:
    w = words(lang)
    sev = check.severity
    where = places.place(check.location)
    if check.location.section and check.location.section not in where:
        where = f"{check.location.section} · {where}" if where else check.location.section
    rows = places.finding_rows(check)
    dl = "".join(f"<dt>{esc(k)}</dt><dd>{esc(v)}</dd>" for k, v in rows)
    unplaced = "" if placed else f'<div class="vl-unplaced">{esc(_TEXT[lang]["unplaced"])}</div>'
    return (
        f'<li class="vl-finding sev-{esc(sev)}" id="{fid}" tabindex="0" data-finding="{fid}" '
        f'data-severity="{esc(sev)}" data-rule="{esc(check.rule)}">'
        f'<div class="vl-head"><span class="vl-badge">{esc(w.get(sev, sev))}</span>'
        f"<code>{esc(check.rule)}</code> <span>{esc(check.name)}</span>"
        f'<span class="vl-where">{esc(where)}</span></div>'
        f'<div class="vl-msg">{esc(places.rewrite(check.text(lang), check))}</div>'
        f"{'<dl>' + dl + '</dl>' if dl else ''}{unplaced}</li>"
    )


def _summary(result: ReportResult, lang: str) -> str:
    counts = {s: result.count(s) for s in SEVERITIES}
    return _TEXT[lang]["summary"].format(checks=result.n_checks, passed=result.n_passed,
                               findings=len(result.findings), errors=counts["error"],
                               warnings=counts["warning"], infos=counts["info"])


def _report_html(i: int, result: ReportResult, doc: Document | None, lang: str) -> str:
    prefix = f"r{i}-"
    head = f'<h2>{esc(result.path)}</h2>'
    if result.error is not None:
        message = result.error.get("message", "")
        return (f'<section class="vl-report" id="report-{i}" data-path="{esc(result.path)}">'
                f'{head}<p class="vl-error">{esc(words(lang)["unreadable"])}: {esc(message)}</p>'
                "</section>")
    index = _index_document(doc, prefix) if doc is not None else _Index()
    places = Places.of(doc, lang)
    items: list[str] = []
    for n, check in enumerate(result.findings):
        fid = f"{prefix}f{n}"
        loc, text = _figure_of(check)
        place = index.place(loc, text) if doc is not None else None
        if place is not None:
            key, a, b = place
            index.spans[key].append(_Span(a, b, fid, check.severity, True))
            # inputs from another document (last year's report) are not in this text
            for fig in [] if "previous" in check.extra else check.inputs:
                where = index.place(fig.location, fig.text)
                if where is not None:
                    index.spans[where[0]].append(_Span(where[1], where[2], fid, check.severity,
                                                       False))
        items.append(_finding_html(check, fid, lang, place is not None, places))
    body = (_document_html(doc, prefix, index) if doc is not None
            else f'<p class="vl-error">{esc(_TEXT[lang]["no_text"])}</p>')
    findings = "".join(items) or f"<li>{esc(words(lang)['no_findings'])}</li>"
    return (
        f'<section class="vl-report" id="report-{i}" data-path="{esc(result.path)}">{head}'
        f'<p class="vl-summary">{esc(_summary(result, lang))}</p>'
        f'<div class="vl-layout"><article class="vl-doc">{body}</article>'
        f'<aside class="vl-findings"><ol>{findings}</ol></aside></div></section>'
    )


def _index_html(results: list[ReportResult], lang: str) -> str:
    w, t = words(lang), _TEXT[lang]
    head = "".join(f"<th>{esc(h)}</th>" for h in (
        w["file"], w["checks"], w["passed"], w["error"], w["warning"], w["info"], t["status"]))
    rows = []
    for i, r in enumerate(results):
        if r.error is not None:
            status = f'<span class="vl-error">{esc(w["unreadable"])}</span>'
        else:
            status = esc(t["ok"]) if not r.findings else str(len(r.findings))
        rows.append(
            f'<tr><td><a href="#report-{i}">{esc(r.path)}</a></td><td>{r.n_checks}</td>'
            f"<td>{r.n_passed}</td><td>{r.count('error')}</td><td>{r.count('warning')}</td>"
            f"<td>{r.count('info')}</td><td>{status}</td></tr>")
    return (f'<section class="vl-index" id="index"><h2>{esc(t["index"])}</h2>'
            f"<table><thead><tr>{head}</tr></thead><tbody>{''.join(rows)}</tbody></table></section>")


def _filters_html(results: list[ReportResult], lang: str) -> str:
    w, t = words(lang), _TEXT[lang]
    boxes = "".join(
        f'<label><input type="checkbox" checked data-filter-severity="{s}"> '
        f'<span class="vl-badge sev-{s}">{esc(w[s])}</span> '
        f"{sum(r.count(s) for r in results)}</label>" for s in SEVERITIES)
    rules = sorted({c.rule for r in results for c in r.findings})
    options = "".join(f'<option value="{esc(code)}">{esc(code)}</option>' for code in rules)
    return (f'<div class="vl-filters">{boxes}<label>{esc(t["rule"])} '
            f'<select id="vl-filter-rule"><option value="">{esc(t["all_rules"])}</option>'
            f"{options}</select></label></div>")


def _read(result: ReportResult, settings: Settings) -> Document | None:
    from vetlint.api import read
    from vetlint.errors import ReadError

    try:
        return read(result.path, settings)
    except ReadError:
        return None


def render(
    results: list[ReportResult],
    settings: Settings,
    *,
    documents: Mapping[str, Document] | None = None,
    lang: str | None = None,
    **_: Any,
) -> str:
    """The whole page. ``documents`` maps ``result.path`` to its Document (else re-read)."""
    page_lang = lang or settings.lang or (results[0].language if results else "zh")
    page_lang = page_lang if page_lang in _TEXT else "en"
    t = _TEXT[page_lang]
    sections = []
    for i, result in enumerate(results):
        doc = None
        if result.error is None:
            doc = (documents or {}).get(result.path) or result.document or _read(result, settings)
        sections.append(_report_html(i, result, doc, lang_of(result, lang or settings.lang)))
    index = _index_html(results, page_lang) if len(results) > 1 else ""
    total = sum(len(r.findings) for r in results)
    title = t["title"] if len(results) != 1 else f"{t['title']} · {results[0].path}"
    return (
        "<!DOCTYPE html>\n"
        f'<html lang="{page_lang}" data-findings="{total}"><head><meta charset="utf-8">'
        f'<meta http-equiv="Content-Security-Policy" content="{_CSP}">'
        '<meta name="viewport" content="width=device-width, initial-scale=1">'
        f"<title>{esc(title)}</title><style>{_asset('report.css')}</style></head><body>"
        f'<header class="vl-top"><h1>{esc(t["title"])}</h1>'
        f"{_filters_html(results, page_lang)}</header>"
        f"{index}{''.join(sections)}"
        f"<script>{_asset('report.js')}</script></body></html>\n"
    )
