"""Findings for people: grouped by file and section, the source line with the figure marked.

Rich does the layout, so CJK text keeps its alignment (a Han character is two
cells wide). No colour unless asked for (the CLI asks when stdout is a
terminal and NO_COLOR is not set); without colour a caret line marks the figure.
"""

from __future__ import annotations

import io
import re
from typing import Any

from rich.cells import cell_len
from rich.console import Console
from rich.padding import Padding
from rich.table import Table
from rich.text import Text

from vetlint.baseline import reported
from vetlint.checks import Check, Figure, ReportResult
from vetlint.engine.fmt import interval_text
from vetlint.render import SEVERITIES, lang_of, read_error_line, severity_counts, words
from vetlint.render.escape import guard_output, one_line, visible
from vetlint.render.json import summary
from vetlint.settings import Settings

STYLES = {"error": "bold red", "warning": "bold yellow", "info": "bold cyan"}
TAB = "    "

def _num(x: float | None) -> str:
    if x is None:
        return "?"
    return f"{x:.6g}"


def _interval(like: str, value: float | None, low: float | None, high: float | None) -> str:
    """The interval in the figure's printed units (``[5.45%, 5.55%]``)."""
    return interval_text(like, value, low, high) if like else f"[{_num(low)}, {_num(high)}]"


def _where(result: ReportResult, check: Check, lang: str) -> tuple[str, str]:
    """(``path:line:col``, ``第3页  表1-6 行1 列5``): the place in the file and in the report."""
    loc = check.location
    w = words(lang)
    path = one_line(result.path)
    here = f"{path}:{loc.line}:{loc.column or 1}" if loc.line is not None else path
    parts = []
    if loc.page is not None:
        parts.append(w["page"].format(loc.page))
    if loc.table:
        cell = one_line(loc.table)
        if loc.row is not None:
            cell += f" {w['row']}{loc.row}"
        if loc.col is not None:
            cell += f" {w['col']}{loc.col}"
        parts.append(cell)
    return here, "  ".join(parts)


def _keep_left(text: str, cells: int) -> str:
    out, used = [], 0
    for ch in text:
        used += cell_len(ch)
        if used > cells:
            break
        out.append(ch)
    return "".join(out)


def _keep_right(text: str, cells: int) -> str:
    return _keep_left(text[::-1], cells)[::-1]


def source_excerpt(
    line: str, column: int | None, end_column: int | None, budget: int = 90
) -> tuple[str, int, int]:
    """The line with tabs expanded, cut to ``budget`` cells around the figure.

    Returns (text, start, end) with the figure at ``text[start:end]``; a cut
    side is marked with an ellipsis. Cutting by cells, not characters, keeps
    a Chinese line (two cells a character) from wrapping under its caret line.
    """
    start = max(0, (column or 1) - 1)
    end = max(start + 1, end_column or start + 1)
    before, figure, after = (
        visible(part.replace("\t", TAB))
        for part in (line[:start], line[start:end], line[end:].rstrip())
    )
    if cell_len(before + figure + after) > budget:
        figure = _keep_left(figure, max(1, budget - 2))
        room = max(0, budget - cell_len(figure) - 2)  # two ellipses
        left = min(cell_len(before), room // 2)
        right = room - left
        if cell_len(after) < right:  # a short tail gives its room to the head
            left = min(cell_len(before), room - cell_len(after))
        if cell_len(before) > left:
            before = "…" + _keep_right(before, left)
        if cell_len(after) > right:
            after = _keep_left(after, right) + "…"
    text = before + figure + after
    return text, len(before), len(before) + len(figure)


def _source(check: Check, width: int) -> list[Text]:
    line = check.extra.get("source")
    loc = check.location
    if not isinstance(line, str) or loc.line is None:
        return []
    gutter = f"{loc.line} │ "
    end = loc.end_column if loc.end_line in (None, loc.line) else None
    text, s, e = source_excerpt(line, loc.column, end, budget=max(20, width - 4 - cell_len(gutter) - 1))
    if not text.strip():
        return []
    out = Text()
    out.append(gutter, style="dim")
    styled = Text(text)
    if e > s and s < len(text):
        styled.stylize(f"{STYLES.get(check.severity, 'bold')} underline", s, min(e, len(text)))
    out.append_text(styled)
    caret = Text()
    caret.append(" " * (cell_len(gutter) - 2) + "│ ", style="dim")
    caret.append(" " * cell_len(text[:s]) + "^" * max(1, cell_len(text[s:e])), style=STYLES.get(check.severity, ""))
    return [out, caret]


def _fig(fig: Figure, with_interval: bool) -> str:
    text = fig.text
    if fig.label:
        text = f"{fig.label} {text}"
    if with_interval and fig.low is not None and fig.high is not None:
        text += f" {_interval(fig.text, fig.value, fig.low, fig.high)}"
    return text


def wrap_atoms(pieces: list[tuple[str, bool]], width: int) -> list[str]:
    """Lay ``(text, breakable)`` pieces on lines of ``width`` cells.

    A breakable piece (a label, Chinese text) may be split anywhere; an unbreakable one
    (a place such as ``(166:2 表1-6 r1 c3)``) moves whole to the next line, and is
    printed whole even when longer than a line: a place is never cut.
    """
    width = max(width, 10)
    lines: list[str] = [""]
    for text, breakable in pieces:
        if not text:
            continue
        used = cell_len(lines[-1])
        if used + cell_len(text) <= width:
            lines[-1] += text
            continue
        if not breakable:
            if lines[-1].strip():
                lines.append("")
            lines[-1] += text.lstrip()
            continue
        for token in _TOKENS.findall(text):  # words and numbers whole, Han characters one by one
            if cell_len(lines[-1]) + cell_len(token) > width and lines[-1].strip():
                lines.append("")
                if token.isspace():
                    continue
            while cell_len(token) > width:  # a word longer than a line: split it
                head = _keep_left(token, width - cell_len(lines[-1]))
                lines[-1] += head
                lines.append("")
                token = token[len(head):]
            lines[-1] += token
    return [line.rstrip() for line in lines]


_TOKENS = re.compile(r"\s+|[^\s\u2e80-\u9fff\uf900-\ufaff\uff00-\uffef\u3000-\u303f]+|.")


def _placed(figs: list[tuple[Figure, str]], sep: str = " · ") -> list[tuple[str, bool]]:
    """Figures with their places, as pieces for ``wrap_atoms``: ``label text`` may wrap,
    `` (place)`` stays whole."""
    pieces: list[tuple[str, bool]] = []
    for i, (fig, tail) in enumerate(figs):
        if i:
            pieces.append((sep, True))
        pieces.append((one_line(_fig(fig, False)), True))
        pieces.append((" " + one_line(f"({fig.location.short() or '-'})"), False))
        if tail:
            pieces.append((one_line(tail), True))
    return pieces


def _details(check: Check, lang: str, width: int = 100) -> Table:
    """Stated, expected, inputs with their places, blame, note, suggestion (as plain text:
    figures and labels may hold brackets that rich would read as markup). ``width`` is
    what the grid may use; places are never split across lines."""
    w = words(lang)
    key_width = max(cell_len(w[k]) for k in ("stated", "expected", "inputs", "blame", "note", "suggestion"))
    room = max(20, width - key_width - 1)
    grid = Table.grid(padding=(0, 1))
    grid.add_column(style="dim", no_wrap=True)
    grid.add_column(no_wrap=True, overflow="ignore")

    def row(key: str, value: str | list[tuple[str, bool]]) -> None:
        pieces = [(one_line(value), True)] if isinstance(value, str) else value
        grid.add_row(Text(w[key]), Text("\n".join(wrap_atoms(pieces, room))))

    rounding = check.note is not None
    if check.stated:
        row("stated", _fig(check.stated, rounding))
    if check.expected:
        exp = check.expected.text or _num(check.expected.value)
        if rounding:
            exp += f" {_interval(check.expected.text, check.expected.value, check.expected.low, check.expected.high)}"
        row("expected", exp)
    if check.inputs:
        row("inputs", _placed([(f, "") for f in check.inputs]))
    if check.blame and check.blame.text != (check.stated.text if check.stated else None):
        why = check.extra.get("blame_reason")
        reason = (why.get(lang) or why.get("en")) if isinstance(why, dict) else None
        row("blame", _placed([(check.blame, f": {reason}" if reason else "")]))
    note = (check.note.get(lang) or check.note.get("en")) if check.note else None
    if note and note != check.text(lang):
        row("note", note)
    if check.suggestion:
        row("suggestion", check.suggestion)
    return grid


def _finding(console: Console, result: ReportResult, check: Check, lang: str, color: bool) -> None:
    head = Text("  ")
    label = words(lang).get(check.severity, check.severity)
    head.append(label + " " * max(0, 7 - cell_len(label)), style=STYLES.get(check.severity, ""))
    head.append(f" {check.rule} ", style="bold")
    head.append(one_line(check.name), style="dim")
    here, inside = _where(result, check, lang)
    style = "cyan" if color else ""
    whole = f"{here}  {inside}" if inside else here
    if cell_len(head.plain) + 2 + cell_len(whole) <= console.width:
        head.append("  ")
        head.append(whole, style=style)
        console.print(head, soft_wrap=True)
    else:  # path:line:col on a line of its own, whole (never cut), clickable in terminals
        if inside and cell_len(head.plain) + 2 + cell_len(inside) <= console.width:
            head.append("  ")
            head.append(inside, style=style)
            inside = ""
        console.print(head, soft_wrap=True)
        console.print(Text("    " + (f"{here}  {inside}" if inside else here), style=style), soft_wrap=True)
    console.print(Padding(Text(one_line(check.text(lang))), (0, 0, 0, 4)))
    for line in _source(check, console.width):
        console.print(Text("    ") + line, soft_wrap=True)
    details = _details(check, lang, console.width - 4)
    if details.row_count:
        console.print(Padding(details, (0, 0, 0, 4)))


def _groups(checks: list[Check]) -> list[tuple[str | None, list[Check]]]:
    """Sections in document order (by their first finding), findings most severe first within."""
    groups: dict[str | None, list[Check]] = {}
    first: dict[str | None, int] = {}
    for c in checks:
        key = c.location.section
        groups.setdefault(key, []).append(c)
        line = c.location.line if c.location.line is not None else 10**9
        first[key] = min(first.get(key, 10**9), line)
    return sorted(groups.items(), key=lambda kv: first[kv[0]])


def _report(console: Console, result: ReportResult, settings: Settings, color: bool, quiet: bool = False) -> None:
    lang = lang_of(result, settings.lang)
    w = words(lang)
    shown = reported(result)
    if quiet and result.error is None and not shown:
        return  # --quiet: findings and nothing else
    title = Text(one_line(result.path), style="bold underline" if color else "")
    if result.error is not None:
        title.append(f"  {w['unreadable']}: ", style="bold red")
        title.append(one_line(read_error_line(result.error, lang)))
        console.print(title)
        console.print()
        return
    if not quiet:
        title.append("  " + w["counts"].format(len(shown), result.n_checks), style="dim")
    console.print(title)
    if not shown:
        console.print(Text(f"  {w['no_findings']}", style="green"))
    for section, checks in _groups(shown):
        if section:
            console.print(Text(one_line(f" {w['section']} {section}"), style="bold magenta" if color else ""))
        for check in checks:
            _finding(console, result, check, lang, color)
    if settings.include_passed and result.passed:
        console.print(Text(f" {w['passed']} ({len(result.passed)})", style="bold green" if color else ""))
        for check in result.passed:
            line = f"✓ {check.rule} {check.name}  {check.location.short()}  {check.text(lang)}"
            console.print(Padding(Text(one_line(line)), (0, 0, 0, 2)))
    if settings.include_passed and result.unjudged:
        console.print(Text("  " + w["unjudged"].format(result.unjudged), style="dim"))
    hidden = len(result.findings) - len(shown)
    if hidden and any(c.extra.get("baseline_state") == "unchanged" for c in result.findings):
        console.print(Text("  " + w["baseline"].format(hidden), style="dim"))
    console.print()


def shorten_left(text: str, cells: int) -> str:
    """``…/zhengzhou-2020-secondary-vet-quality.txt``: a name cut at its start, where
    names in a batch are alike, so the end that tells them apart stays."""
    if cell_len(text) <= cells:
        return text
    return "…" + _keep_right(text, max(1, cells - 1))


def summary_table(results: list[ReportResult], lang: str, width: int = 100) -> Table:
    """One row per report: checks, errors, warnings, infos, or why it could not be read.
    File names that do not fit lose their start, never their end."""
    w = words(lang)
    table = Table(show_edge=False, pad_edge=False)
    rows = []
    for r in results:
        counts = severity_counts([r])
        rows.append([one_line(r.path), str(r.n_checks), *(str(counts[s]) for s in SEVERITIES),
                     r.error["code"] if r.error else ""])
    heads = [w["file"], w["checks"], w["error"], w["warning"], w["info"], w["unreadable"]]
    widths = [max(cell_len(row[i]) for row in [heads, *rows]) for i in range(len(heads))]
    room = width - sum(widths[1:]) - 3 * (len(heads) - 1)  # " │ " between columns
    table.add_column(w["file"], no_wrap=True, overflow="ignore")
    for key in ("checks", "error", "warning", "info"):
        table.add_column(w[key], justify="right", no_wrap=True)
    table.add_column(w["unreadable"], no_wrap=True)
    for row in rows:
        table.add_row(Text(shorten_left(row[0], max(12, room))), *row[1:5], Text(row[5]))
    return table


def summary_line(results: list[ReportResult], lang: str) -> str:
    s = summary(results)
    w = words(lang)
    text = w["summary"].format(
        reports=s["reports"],
        checks=s["checks"],
        passed=s["passed"],
        findings=s["errors"] + s["warnings"] + s["infos"],
        errors=s["errors"],
        warnings=s["warnings"],
        infos=s["infos"],
    )
    if s["unreadable"]:
        text += w["unreadable_n"].format(s["unreadable"])
    return text


def strip_lines(text: str) -> str:
    """Drop the padding rich leaves at line ends (it only adds noise to files and snapshots)."""
    return "\n".join(line.rstrip() for line in text.split("\n"))


def make_console(color: bool, width: int | None, file: Any) -> Console:
    return Console(
        file=file,
        force_terminal=color,
        no_color=not color,
        color_system="standard" if color else None,
        width=width or 100,
        highlight=False,
        emoji=False,
        soft_wrap=False,
        legacy_windows=False,
    )


def render(
    results: list[ReportResult],
    settings: Settings,
    *,
    color: bool = False,
    width: int | None = None,
    quiet: bool = False,
    **_: Any,
) -> str:
    buf = io.StringIO()
    console = make_console(color, width, buf)
    for result in results:
        _report(console, result, settings, color, quiet)
    if quiet:
        return guard_output(strip_lines(buf.getvalue()), keep_ansi=color)
    lang = settings.lang or (results[0].language if results else "en")
    lang = lang if lang in ("zh", "en") else "en"
    if len(results) > 1:
        console.print(summary_table(results, lang, console.width))
    s = summary(results)
    bad = s["errors"] or s["unreadable"]
    style = ("bold red" if bad else "bold green") if color else ""
    console.print(Text(summary_line(results, lang), style=style))
    return guard_output(strip_lines(buf.getvalue()), keep_ansi=color)
