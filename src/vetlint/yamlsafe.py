"""Loading rule-pack YAML safely while remembering where every value came from.

Rule packs are data, never code: only the standard tags are accepted (no
``!!python/...``), the document size and the number of aliases are capped (no
billion laughs), and every mapping remembers the line of each key so that a
validation error can say ``rules/x.yaml:12``.
"""

from __future__ import annotations

from typing import Any

import yaml
from yaml.nodes import MappingNode, Node, ScalarNode, SequenceNode

from vetlint.errors import RulePackError

MAX_BYTES = 2 * 1024 * 1024
MAX_ALIASES = 64
MAX_NODES = 200_000

_ALLOWED_TAGS = {
    "tag:yaml.org,2002:map",
    "tag:yaml.org,2002:seq",
    "tag:yaml.org,2002:str",
    "tag:yaml.org,2002:int",
    "tag:yaml.org,2002:float",
    "tag:yaml.org,2002:bool",
    "tag:yaml.org,2002:null",
}


class LineDict(dict):
    """A mapping that knows its own line and the line of each key (1-based)."""

    line: int = 0
    key_lines: dict[str, int]

    def line_of(self, key: str) -> int:
        return self.key_lines.get(key, self.line)


class LineList(list):
    line: int = 0
    item_lines: list[int]

    def line_of(self, index: int) -> int:
        if 0 <= index < len(self.item_lines):
            return self.item_lines[index]
        return self.line


# libyaml parses the packs ~15x faster than the pure-Python scanner (every CLI
# run loads them); the nodes it composes carry the same start marks.
_LOADER: Any = getattr(yaml, "CSafeLoader", None) or yaml.SafeLoader


def load(text: str, source: str) -> Any:
    """Parse ``text`` (one YAML document) into LineDict/LineList/scalars."""
    if len(text.encode("utf-8")) > MAX_BYTES:
        raise RulePackError(f"{source}: rule pack is larger than {MAX_BYTES // 1024} KB")
    try:
        node = yaml.compose(text, Loader=_LOADER)
    except yaml.MarkedYAMLError as exc:
        mark = exc.problem_mark or exc.context_mark
        line = mark.line + 1 if mark else 0
        raise RulePackError(f"{source}:{line}: invalid YAML: {exc.problem or exc}") from None
    except yaml.YAMLError as exc:
        raise RulePackError(f"{source}: invalid YAML: {exc}") from None
    if node is None:
        return None
    aliases = _count_aliases(node)
    if aliases > MAX_ALIASES:
        raise RulePackError(f"{source}: too many YAML aliases ({aliases} > {MAX_ALIASES})")
    counter = [0]
    return _build(node, source, counter, set(), yaml.SafeLoader(""))


def _count_aliases(root: Node) -> int:
    """Count alias uses in the composed tree: every reference to a node seen before.

    The walk never descends into a node twice, so it is linear in the document
    even for alias bombs and recursive aliases.
    """
    seen: set[int] = set()
    aliases = 0
    stack = [root]
    while stack:
        node = stack.pop()
        if id(node) in seen:
            aliases += 1
            continue
        seen.add(id(node))
        if isinstance(node, SequenceNode):
            stack.extend(node.value)
        elif isinstance(node, MappingNode):
            for key_node, value_node in node.value:
                stack.append(key_node)
                stack.append(value_node)
    return aliases


def _build(
    node: Node, source: str, counter: list[int], active: set[int], loader: yaml.SafeLoader
) -> Any:
    counter[0] += 1
    line = node.start_mark.line + 1
    if counter[0] > MAX_NODES:
        raise RulePackError(f"{source}:{line}: rule pack expands to too many values")
    if node.tag not in _ALLOWED_TAGS:
        raise RulePackError(f"{source}:{line}: YAML tag '{node.tag}' is not allowed in rule packs")
    if id(node) in active:
        raise RulePackError(f"{source}:{line}: recursive YAML alias")
    if isinstance(node, ScalarNode):
        return loader.construct_object(node, deep=True)
    active = active | {id(node)}
    if isinstance(node, SequenceNode):
        out = LineList(_build(item, source, counter, active, loader) for item in node.value)
        out.line = line
        out.item_lines = [item.start_mark.line + 1 for item in node.value]
        return out
    if isinstance(node, MappingNode):
        d = LineDict()
        d.line = line
        d.key_lines = {}
        for key_node, value_node in node.value:
            if key_node.tag == "tag:yaml.org,2002:merge":
                raise RulePackError(
                    f"{source}:{key_node.start_mark.line + 1}: YAML merge keys are not allowed"
                )
            key = _build(key_node, source, counter, active, loader)
            if not isinstance(key, str | int | float | bool):
                raise RulePackError(
                    f"{source}:{key_node.start_mark.line + 1}: mapping keys must be plain scalars"
                )
            key = str(key)
            if key in d:
                raise RulePackError(
                    f"{source}:{key_node.start_mark.line + 1}: duplicate key '{key}'"
                )
            d[key] = _build(value_node, source, counter, active, loader)
            d.key_lines[key] = key_node.start_mark.line + 1
        return d
    raise RulePackError(f"{source}:{line}: unsupported YAML node")  # pragma: no cover
