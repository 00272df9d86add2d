"""Structured reports: the JSON that ``vetlint extract --format json`` writes (or the same as YAML).

A reviewer who finds a misread cell fixes it in the extract and checks that
file again, so both directions live here and round-trip:
:func:`document_to_dict` (Document → the extract shape, without ``numbers``,
which the extract command adds) and :func:`read` (that shape → Document).

Tables are rebuilt as they were written (columns, header rows, body rows,
label columns), not re-guessed from a grid: a hand-corrected extract must
mean exactly what it says. Locations keep pointing into the original report
(``path``/``format`` in the file name it; the Document's ``meta`` keeps them as
``source_path``/``source_format``). Fields beyond the contract (``index``,
``cells``, ``segments``, ``role``, ``level``) are optional on input; every
field is type-checked and a bad one is reported by its JSON path.
"""

from __future__ import annotations

import functools
import json
from pathlib import Path
from typing import Any

from vetlint.document import (
    Block,
    Cell,
    Document,
    Heading,
    Location,
    Paragraph,
    SourceMap,
    Table,
)
from vetlint.errors import ReadError
from vetlint.readers.encoding import decode
from vetlint.readers.language import detect_language

_INT_FIELDS = ("line", "column", "end_line", "end_column", "page", "paragraph", "row", "col")
_STR_FIELDS = ("table", "section")
_ROLES = ("body", "caption", "note", "unit", "furniture")


# -- Document → dict ---------------------------------------------------------------


def location_to_dict(loc: Location) -> dict[str, Any]:
    """A Location without its empty fields (the extract stays readable)."""
    return {k: v for k, v in loc.to_dict().items() if v is not None}


def document_to_dict(doc: Document) -> dict[str, Any]:
    """The extract shape of ``doc`` (see /work/shared/contract/json-output.md), minus ``numbers``."""
    sections: list[dict[str, Any]] = []
    tables: list[dict[str, Any]] = []
    paragraphs: list[dict[str, Any]] = []
    for index, block in enumerate(doc.blocks):
        if isinstance(block, Heading):
            sections.append({
                "number": block.number, "title": block.title, "text": block.text,
                "level": block.level, "location": location_to_dict(block.location),
                "index": index,
            })
        elif isinstance(block, Paragraph):
            paragraphs.append({
                "text": block.text, "location": location_to_dict(block.location),
                "section": block.section, "role": block.role,
                "segments": [list(s) for s in block.smap.segments], "index": index,
            })
        elif isinstance(block, Table):
            tables.append({
                "id": block.id, "caption": block.caption, "unit": block.unit,
                "location": location_to_dict(block.location), "section": block.section,
                "kind": block.kind, "columns": list(block.columns),
                "header": [list(r) for r in block.header],
                "label_columns": block.label_columns, "notes": list(block.notes),
                "rows": block.texts(),
                "cells": [[_cell_location(c) for c in row] for row in block.rows],
                "index": index,
            })
    out: dict[str, Any] = {
        "path": doc.meta.get("source_path", doc.path),
        "format": doc.meta.get("source_format", doc.format),
        "language": doc.language,
        "sections": sections,
        "tables": tables,
        "paragraphs": paragraphs,
    }
    if doc.text is not None:
        out["text"] = doc.text
    return out


def _cell_location(cell: Cell) -> dict[str, Any]:
    """Where a cell is in the source; table/row/col are implied by its place in ``rows``."""
    loc = location_to_dict(cell.location)
    for key in ("table", "row", "col", "section"):
        loc.pop(key, None)
    if cell.smap is not None and len(cell.smap.segments) > 1:
        loc["segments"] = [list(s) for s in cell.smap.segments]
    return loc


# -- dict → Document ---------------------------------------------------------------


def _fail(where: str, problem: str) -> ReadError:
    return ReadError(f"not a valid vetlint extract: {where}: {problem}", code="bad-structure")


def _type_name(value: Any) -> str:
    return {dict: "an object", list: "a list", str: "a string", bool: "a boolean",
            type(None): "null", int: "a number", float: "a number"}.get(type(value), type(value).__name__)


def _get(obj: dict[str, Any], key: str, where: str, kinds: tuple[type, ...], required: bool = False,
         what: str = "") -> Any:
    if key not in obj or obj[key] is None:
        if required:
            raise _fail(f"{where}.{key}", "missing")
        return None
    value = obj[key]
    if isinstance(value, bool) and bool not in kinds:
        raise _fail(f"{where}.{key}", f"expected {what or kinds[0].__name__}, got a boolean")
    if not isinstance(value, kinds):
        raise _fail(f"{where}.{key}", f"expected {what or kinds[0].__name__}, got {_type_name(value)}")
    return value


def _list(obj: dict[str, Any], key: str, where: str) -> list[Any]:
    return _get(obj, key, where, (list,), what="a list") or []


def _object(value: Any, where: str) -> dict[str, Any]:
    if not isinstance(value, dict):
        raise _fail(where, f"expected an object, got {_type_name(value)}")
    return value


def _location(value: Any, where: str) -> Location:
    if value is None:
        return Location()
    obj = _object(value, where)
    data: dict[str, Any] = {}
    for key in _INT_FIELDS:
        v = _get(obj, key, where, (int,), what="an integer")
        if v is not None:
            data[key] = v
    for key in _STR_FIELDS:
        v = _get(obj, key, where, (str,), what="a string")
        if v is not None:
            data[key] = v
    return Location(**data)


def _segments(value: Any, where: str) -> tuple[tuple[int, int, int], ...] | None:
    if value is None:
        return None
    if not isinstance(value, list):
        raise _fail(where, f"expected a list of [offset, line, column], got {_type_name(value)}")
    out: list[tuple[int, int, int]] = []
    for i, seg in enumerate(value):
        if (not isinstance(seg, list) or len(seg) != 3
                or not all(isinstance(x, int) and not isinstance(x, bool) for x in seg)):
            raise _fail(f"{where}[{i}]", "expected [offset, line, column] (three integers)")
        out.append((seg[0], seg[1], seg[2]))
    return tuple(sorted(out))


def _text(value: Any, where: str) -> str:
    """A cell as text; numbers a reviewer typed without quotes are accepted."""
    if value is None:
        return ""
    if isinstance(value, bool) or not isinstance(value, str | int | float):
        raise _fail(where, f"expected a string, got {_type_name(value)}")
    return value if isinstance(value, str) else str(value)


def _smap(loc: Location, segments: tuple[tuple[int, int, int], ...] | None) -> SourceMap:
    base = loc.with_(line=None, column=None, end_line=None, end_column=None)
    if segments:
        return SourceMap(segments, base)
    if loc.line is not None:
        return SourceMap.simple(loc.line, loc.column or 1, base)
    return SourceMap((), base)


def _section(obj: dict[str, Any], where: str) -> Heading:
    title = _get(obj, "title", where, (str,), what="a string") or ""
    number = _get(obj, "number", where, (str,), what="a string")
    text = _get(obj, "text", where, (str,), what="a string")
    if text is None:
        text = f"{number}{title}" if number else title
    level = _get(obj, "level", where, (int,), what="an integer") or 1
    return Heading(text=text, number=number, title=title, level=level,
                   location=_location(obj.get("location"), f"{where}.location"))


def _paragraph(obj: dict[str, Any], where: str) -> Paragraph:
    text = _get(obj, "text", where, (str,), required=True, what="a string")
    loc = _location(obj.get("location"), f"{where}.location")
    role = _get(obj, "role", where, (str,), what="a string") or "body"
    if role not in _ROLES:
        raise _fail(f"{where}.role", f"expected one of {', '.join(_ROLES)}, got {role!r}")
    segments = _segments(obj.get("segments"), f"{where}.segments")
    return Paragraph(text=text, smap=_smap(loc, segments),
                     section=_get(obj, "section", where, (str,), what="a string"),
                     role=role)


def _grid(value: list[Any], where: str, width: int) -> list[list[str]]:
    out: list[list[str]] = []
    for r, row in enumerate(value):
        if not isinstance(row, list):
            raise _fail(f"{where}[{r}]", f"expected a list of cells, got {_type_name(row)}")
        if len(row) != width:
            raise _fail(f"{where}[{r}]", f"has {len(row)} cells, the table has {width} columns")
        out.append([_text(v, f"{where}[{r}][{c}]") for c, v in enumerate(row)])
    return out


def _table(obj: dict[str, Any], where: str, n: int) -> Table:
    columns_raw = _get(obj, "columns", where, (list,), required=True, what="a list")
    columns = [_text(v, f"{where}.columns[{i}]") for i, v in enumerate(columns_raw)]
    width = len(columns)
    rows = _grid(_get(obj, "rows", where, (list,), required=True, what="a list"),
                 f"{where}.rows", width)
    header = _grid(_list(obj, "header", where), f"{where}.header", width) or [list(columns)]
    table_id = _get(obj, "id", where, (str,), what="a string") or f"table-{n + 1}"
    caption = _get(obj, "caption", where, (str,), what="a string")
    unit = _get(obj, "unit", where, (str,), what="a string")
    section = _get(obj, "section", where, (str,), what="a string")
    kind = _get(obj, "kind", where, (str,), what="a string") or "table"
    if kind not in ("table", "chart"):
        raise _fail(f"{where}.kind", f"expected 'table' or 'chart', got {kind!r}")
    label_columns = _get(obj, "label_columns", where, (int,), what="an integer")
    if label_columns is None:
        label_columns = 1 if width else 0
    if not 0 <= label_columns <= width:
        raise _fail(f"{where}.label_columns", f"must be between 0 and {width}")
    notes = [_text(v, f"{where}.notes[{i}]") for i, v in enumerate(_list(obj, "notes", where))]
    location = _location(obj.get("location"), f"{where}.location").with_(table=table_id)
    if section and location.section is None:
        location = location.with_(section=section)
    cells_raw = _list(obj, "cells", where)
    if cells_raw and len(cells_raw) != len(rows):
        raise _fail(f"{where}.cells", f"has {len(cells_raw)} rows, 'rows' has {len(rows)}")
    body: list[list[Cell]] = []
    for r, row in enumerate(rows):
        locs = cells_raw[r] if cells_raw else None
        if locs is not None and (not isinstance(locs, list) or len(locs) != width):
            raise _fail(f"{where}.cells[{r}]", f"expected a list of {width} locations")
        out: list[Cell] = []
        for c, text in enumerate(row):
            cw = f"{where}.cells[{r}][{c}]"
            raw = locs[c] if locs is not None else None
            segments = _segments(raw.get("segments"), f"{cw}.segments") if isinstance(raw, dict) else None
            loc = _location(raw, cw) if raw is not None else Location(line=location.line,
                                                                       page=location.page)
            loc = loc.with_(table=table_id, row=r + 1, col=c + 1, section=section)
            smap = SourceMap(segments, loc.with_(line=None, column=None, end_line=None,
                                                 end_column=None)) if segments else None
            out.append(Cell(text, loc, smap))
        body.append(out)
    return Table(id=table_id, columns=columns, rows=body, header=header, caption=caption,
                 unit=unit, notes=notes, location=location, section=section,
                 label_columns=label_columns, kind=kind)  # type: ignore[arg-type]


@functools.cache
def _no_alias_loader() -> type:
    """A SafeLoader that refuses aliases (``*name``) where it meets them.

    ``yaml.safe_load`` expands every alias into a copy, so a few KB of YAML can
    name one long text thousands of times; an extract never needs an alias.
    """
    import yaml

    class NoAliasLoader(yaml.SafeLoader):
        def compose_node(self, parent: Any, index: Any) -> Any:
            if self.check_event(yaml.AliasEvent):
                mark = self.peek_event().start_mark
                raise ReadError(
                    f"refusing the file: YAML alias at line {mark.line + 1} column "
                    f"{mark.column + 1} (aliases repeat text; write the value out instead)",
                    code="unsafe-file",
                )
            return super().compose_node(parent, index)

    return NoAliasLoader


def _parse(text: str, path: str) -> Any:
    if Path(path).suffix.lower() == ".json":
        try:
            return json.loads(text)
        except json.JSONDecodeError as exc:
            raise ReadError(f"invalid JSON at line {exc.lineno} column {exc.colno}: {exc.msg}",
                            code="malformed") from None
    import yaml

    try:
        return yaml.load(text, Loader=_no_alias_loader())  # a SafeLoader subclass
    except yaml.YAMLError as exc:
        mark = getattr(exc, "problem_mark", None)
        where = f" at line {mark.line + 1} column {mark.column + 1}" if mark else ""
        problem = getattr(exc, "problem", None) or "cannot parse"
        raise ReadError(f"invalid YAML{where}: {problem}", code="malformed") from None


def dict_to_document(data: Any, path: str) -> Document:
    """A Document from the extract shape; ReadError naming the JSON path of any bad field."""
    obj = _object(data, "$")
    if not any(k in obj for k in ("tables", "sections", "paragraphs")):
        raise ReadError(
            "not a vetlint extract (expected an object with 'tables', 'sections' or "
            "'paragraphs', as `vetlint extract --format json` writes)",
            code="bad-structure",
        )
    keyed: list[tuple[tuple[int, int, int, int], Block]] = []

    def key(item: dict[str, Any], block: Block, order: int, kind: int) -> tuple[int, int, int, int]:
        index = item.get("index")
        if isinstance(index, int) and not isinstance(index, bool):
            return (0, index, 0, 0)
        loc = block.location
        return (1, loc.page or 0, loc.line or 0, order * 3 + kind)

    for i, item in enumerate(_list(obj, "sections", "$")):
        block = _section(_object(item, f"$.sections[{i}]"), f"$.sections[{i}]")
        keyed.append((key(item, block, i, 0), block))
    for i, item in enumerate(_list(obj, "tables", "$")):
        block = _table(_object(item, f"$.tables[{i}]"), f"$.tables[{i}]", i)
        keyed.append((key(item, block, i, 1), block))
    for i, item in enumerate(_list(obj, "paragraphs", "$")):
        block = _paragraph(_object(item, f"$.paragraphs[{i}]"), f"$.paragraphs[{i}]")
        keyed.append((key(item, block, i, 2), block))
    keyed.sort(key=lambda kb: kb[0])
    blocks = [b for _, b in keyed]
    language = _get(obj, "language", "$", (str,), what="a string")
    text = _get(obj, "text", "$", (str,), what="a string")
    meta = {
        "source_path": _get(obj, "path", "$", (str,), what="a string") or path,
        "source_format": _get(obj, "format", "$", (str,), what="a string") or "structured",
    }
    if language is None:
        sample = "\n".join(b.text for b in blocks if isinstance(b, Paragraph | Heading))
        language = detect_language(sample)
    fmt = "yaml" if Path(path).suffix.lower() in (".yaml", ".yml") else "json"
    return Document(path=path, format=fmt, blocks=blocks, language=language, text=text, meta=meta)


def read(data: bytes, path: str) -> Document:
    text = decode(data)
    return dict_to_document(_parse(text, path), path)
