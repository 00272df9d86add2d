"""``vetlint rules``: one row per rule (code, name, severity, pack) as a rich table, sorted
by code; ``vetlint explain``: a rule's Markdown documentation rendered by rich."""

from __future__ import annotations

import io
from typing import Any

from rich.table import Table
from rich.text import Text

from vetlint.render.console import STYLES, make_console, strip_lines
from vetlint.render.escape import guard_output
from vetlint.settings import Settings


def render_rules(settings: Settings, *, color: bool = False, width: int | None = None) -> str:
    from vetlint.engine.docs import list_rules

    rules: list[Any] = list(list_rules(settings))
    table = Table(show_edge=False, pad_edge=False)
    for header in ("code", "name", "severity", "pack"):
        table.add_column(header, no_wrap=header != "name")
    for rule in rules:
        severity = str(rule.severity)
        table.add_row(
            Text(rule.code),
            Text(rule.name),
            Text(severity, style=STYLES.get(severity, "") if color else ""),
            Text(str(rule.pack)),
        )
    buf = io.StringIO()
    console = make_console(color, width or 120, buf)
    console.print(table)
    console.print(f"{len(rules)} rules")
    return guard_output(strip_lines(buf.getvalue()), keep_ansi=color)


def render_markdown(markdown: str, *, color: bool = False, width: int | None = None) -> str:
    """Markdown for a terminal: headings, lists, tables and code blocks laid out by rich."""
    from rich.markdown import Markdown

    buf = io.StringIO()
    console = make_console(color, width or 80, buf)
    console.print(Markdown(markdown, code_theme="ansi_dark", hyperlinks=False))
    return guard_output(strip_lines(buf.getvalue()).rstrip("\n") + "\n", keep_ansi=color)
