"""``vetlint extract``: what vetlint read, for authors, reviewers and reader tests.

``json`` follows the extract contract (``document_to_dict`` plus a
``numbers`` list: every figure of the analysis the checks judge) and is checked against
``vetlint/schemas/extract-output.schema.json``; ``yaml`` is the same data as YAML; ``text`` is the text that
locations refer to; ``console`` draws sections, tables and numbers.
"""

from __future__ import annotations

import io
from typing import Any

from rich.table import Table as RichTable
from rich.text import Text

from vetlint.document import Document, Heading, Table
from vetlint.render.console import make_console, strip_lines
from vetlint.render.escape import guard_output, visible
from vetlint.render.json import dumps, finite


def extract_data(doc: Document, figures: list[Any]) -> dict[str, Any]:
    """The contract's shape, ``numbers`` being each figure as the analysis read it
    (``Figure.describe``: value, interval, indicator, scope, period, role, place)."""
    from vetlint.readers.structured import document_to_dict

    data = document_to_dict(doc)
    data["numbers"] = [f.describe() for f in figures]
    return data


def dump_yaml(data: dict[str, Any]) -> str:
    """The JSON structure as YAML (block style, Chinese kept readable); the structured
    reader reads it back like the JSON."""
    import yaml

    return yaml.safe_dump(finite(data), allow_unicode=True, sort_keys=False, width=100)


def document_text(lines: list[str]) -> str:
    """The text locations refer to (``pipeline.source_lines``: ``Document.text`` for
    .docx/.pdf, else the source file), as one string."""
    return "\n".join(lines) + ("\n" if lines else "")


def _text(text: str, style: str = "") -> Text:
    """Report text for the terminal: controls and bidi overrides shown, never obeyed."""
    return Text(visible(text), style=style)


def _table(table: Table) -> RichTable:
    title = table.caption or table.id
    if table.unit:
        title += f"  ({table.unit})"
    out = RichTable(title=_text(title), title_justify="left", show_lines=False)
    for label in table.columns or [""] * max((len(r) for r in table.rows), default=0):
        out.add_column(_text(label), overflow="fold")
    for row in table.rows:
        out.add_row(*(_text(c.text) for c in row))
    return out


def _numbers(figures: list[Any]) -> RichTable:
    out = RichTable(title="numbers", title_justify="left")
    for header in ("text", "value", "unit", "indicator", "role", "scope", "period", "where"):
        short = header in ("value", "unit", "role", "period", "where")  # never wrapped
        out.add_column(header, overflow="fold", no_wrap=short, max_width=16 if header == "text" else None)
    for f in figures:
        indicator = f.indicator if f.indicator == f.label else f"{f.indicator} ({f.label})"
        out.add_row(
            _text(f.text),
            f"{f.value:.6g}",
            _text(f.unit or ""),
            _text(indicator),
            f.role,
            _text(f.scope.label()),
            _text(f.period.label()),
            f.location.short(),
        )
    return out


def render_console(doc: Document, figures: list[Any], *, color: bool = False, width: int | None = None) -> str:
    buf = io.StringIO()
    console = make_console(color, width or 120, buf)
    console.print(_text(f"{doc.path}  ({doc.format}, {doc.language})", style="bold" if color else ""))
    for block in doc.blocks:
        if isinstance(block, Heading):
            indent = "  " * max(0, block.level - 1)
            console.print(_text(f"{indent}§ {block.text}  [{block.location.short()}]", style="bold magenta" if color else ""))
        elif isinstance(block, Table):
            console.print(_table(block))
    console.print(_numbers(figures))
    return guard_output(strip_lines(buf.getvalue()), keep_ansi=color)


def unparsed_data(doc: Document, items: list[Any]) -> dict[str, Any]:
    """``--unparsed`` as data: the report and what no relation reads."""
    return {"path": doc.path, "format": doc.format, "language": doc.language,
            "unparsed": [u.to_dict() for u in items]}


def render_unparsed(doc: Document, items: list[Any], *, color: bool = False, width: int | None = None) -> str:
    buf = io.StringIO()
    console = make_console(color, width or 120, buf)
    figures = sum(len(u.figures) for u in items)
    console.print(_text(f"{doc.path}: {len(items)} place(s), {figures} figure(s) no check judges",
                        style="bold" if color else ""))
    out = RichTable(show_header=True, show_lines=False)
    for header in ("where", "says", "not judged", "text"):
        out.add_column(header, overflow="fold", no_wrap=header in ("where", "says"))
    for u in items:
        out.add_row(u.location.short(), u.reason, _text("  ".join(f"{f.text} ({f.role})" for f in u.figures)),
                    _text(u.text))
    if items:
        console.print(out)
    return guard_output(strip_lines(buf.getvalue()), keep_ansi=color)


def render_extract(extraction: Any, fmt: str, *, color: bool = False, unparsed: bool = False) -> str:
    """``vetlint extract`` of one ``pipeline.Extraction`` in ``fmt`` (console, json, yaml)."""
    if unparsed:
        from vetlint.extract.silence import unparsed as find_unparsed

        items = find_unparsed(extraction.analysis)
        if fmt == "json":
            return dumps(unparsed_data(extraction.document, items))
        if fmt == "yaml":
            return dump_yaml(unparsed_data(extraction.document, items))
        return render_unparsed(extraction.document, items, color=color)
    if fmt == "json":
        return dumps(extract_data(extraction.document, extraction.figures))
    if fmt == "yaml":
        return dump_yaml(extract_data(extraction.document, extraction.figures))
    return render_console(extraction.document, extraction.figures, color=color)
