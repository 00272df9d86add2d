"""A tiny schema language for the YAML data files (rule packs, the lexicon), written as data, and its validator.

A schema is a dict: ``{"type": "map", "keys": {...}, "required": [...]}``,
``{"type": "list", "items": {...}}``, ``{"type": "str", "enum": [...],
"pattern": "..."}``, ``{"type": "number"}``, ``{"type": "int"}``,
``{"type": "bool"}``, ``{"type": "strlist"}`` (a string or a list of strings),
``{"type": "text"}`` (a string, or ``{zh: ..., en: ...}``),
``{"type": "any"}``. Unknown keys in a map are errors (typos must not pass
silently). Errors carry the line of the offending value.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from typing import Any

from vetlint.yamlsafe import LineDict, LineList

Schema = dict[str, Any]


@dataclass(frozen=True, slots=True)
class SchemaIssue:
    line: int
    path: str
    message: str


def validate(value: Any, schema: Schema, *, line: int = 0, path: str = "") -> list[SchemaIssue]:
    """Every way ``value`` breaks ``schema`` (empty list when it fits)."""
    kind = schema.get("type", "any")
    issues: list[SchemaIssue] = []
    where = path or "(top)"
    if kind == "any":
        return issues
    if kind == "map":
        if not isinstance(value, dict):
            return [SchemaIssue(line, where, f"expected a mapping, got {_name(value)}")]
        keys: dict[str, Schema] = schema.get("keys", {})
        extra = schema.get("values")
        for req in schema.get("required", []):
            if req not in value:
                issues.append(SchemaIssue(_line(value, None, line), where, f"missing key '{req}'"))
        for key, item in value.items():
            sub = keys.get(key, extra)
            key_line = _line(value, key, line)
            if sub is None:
                known = ", ".join(sorted(keys))
                issues.append(SchemaIssue(key_line, where, f"unknown key '{key}' (known: {known})"))
                continue
            issues.extend(validate(item, sub, line=key_line, path=f"{path}.{key}" if path else key))
        return issues
    if kind == "list":
        if not isinstance(value, list):
            return [SchemaIssue(line, where, f"expected a list, got {_name(value)}")]
        if "min" in schema and len(value) < schema["min"]:
            issues.append(SchemaIssue(line, where, f"needs at least {schema['min']} item(s)"))
        items = schema.get("items", {"type": "any"})
        for i, item in enumerate(value):
            item_line = value.line_of(i) if isinstance(value, LineList) else line
            issues.extend(validate(item, items, line=item_line, path=f"{where}[{i}]"))
        return issues
    if kind == "text":  # one string, or the same text per language
        if isinstance(value, str):
            return issues
        if (
            isinstance(value, dict)
            and value
            and all(k in ("zh", "en") and isinstance(v, str) for k, v in value.items())
        ):
            return issues
        return [
            SchemaIssue(line, where, f"expected text or {{zh: ..., en: ...}}, got {_name(value)}")
        ]
    if kind == "strlist":
        if isinstance(value, str):
            return issues
        if isinstance(value, list) and all(isinstance(v, str) for v in value):
            return issues
        return [
            SchemaIssue(line, where, f"expected a string or a list of strings, got {_name(value)}")
        ]
    checks = {
        "str": lambda v: isinstance(v, str),
        "int": lambda v: isinstance(v, int) and not isinstance(v, bool),
        "number": lambda v: isinstance(v, int | float) and not isinstance(v, bool),
        "bool": lambda v: isinstance(v, bool),
    }
    test = checks.get(kind)
    if test is None:  # pragma: no cover - a bug in a schema, not in a pack
        raise ValueError(f"unknown schema type {kind!r}")
    if not test(value):
        return [SchemaIssue(line, where, f"expected {kind}, got {_name(value)}")]
    if "enum" in schema and value not in schema["enum"]:
        options = ", ".join(str(o) for o in schema["enum"])
        return [SchemaIssue(line, where, f"'{value}' is not one of: {options}")]
    if "pattern" in schema and not re.fullmatch(schema["pattern"], value):
        return [SchemaIssue(line, where, f"'{value}' does not match {schema['pattern']}")]
    if "minimum" in schema and value < schema["minimum"]:
        return [SchemaIssue(line, where, f"{value} is below the minimum {schema['minimum']}")]
    return issues


def _line(container: Any, key: str | None, default: int) -> int:
    if isinstance(container, LineDict):
        return container.line_of(key) if key is not None else container.line
    return default


def _name(value: Any) -> str:
    if value is None:
        return "nothing"
    if isinstance(value, dict):
        return "a mapping"
    if isinstance(value, list):
        return "a list"
    return f"{type(value).__name__} {value!r}"
