"""Check kinds: the Python behind rules. One module per kind.

A kind module exposes ``SPEC = KindSpec(...)``: its name, a one-line summary,
the schema of its parameters (validated when a pack loads), the message
placeholders it fills, an optional ``prepare`` that rejects bad parameter
values early, and ``run(ctx, rule) -> list[Check]``. Rules in YAML pick a kind
by name; a new rule of an existing kind needs no Python. Every module of this
package that defines ``SPEC`` is registered (helpers without one are skipped).
"""

from __future__ import annotations

import importlib
import pkgutil
from collections.abc import Callable
from dataclasses import dataclass, field
from typing import TYPE_CHECKING, Any

if TYPE_CHECKING:  # pragma: no cover
    from vetlint.checks import Check
    from vetlint.engine.context import Context
    from vetlint.engine.packs import Rule

COMMON_PLACEHOLDERS = frozenset(
    {
        "table",
        "label",
        "stated",
        "expected",
        "inputs",
        "quantity",
        "reading",
        "diagnosis",
        "row",
        "col",
    }
)


def _no_prepare(params: dict[str, Any]) -> None:
    return None


@dataclass(frozen=True)
class KindSpec:
    name: str
    summary: str
    params: dict[str, Any]
    run: Callable[[Context, Rule], list[Check]]
    placeholders: frozenset[str] = COMMON_PLACEHOLDERS
    prepare: Callable[[dict[str, Any]], None] = field(default=_no_prepare)


_REGISTRY: dict[str, KindSpec] | None = None


def registry() -> dict[str, KindSpec]:
    global _REGISTRY
    if _REGISTRY is None:
        specs: dict[str, KindSpec] = {}
        for info in sorted(pkgutil.iter_modules(__path__), key=lambda m: m.name):
            module = importlib.import_module(f"{__name__}.{info.name}")
            spec = getattr(module, "SPEC", None)
            if isinstance(spec, KindSpec):
                specs[spec.name] = spec
        _REGISTRY = specs
    return _REGISTRY


def get_kind(name: str) -> KindSpec | None:
    return registry().get(name)


def kind_names() -> list[str]:
    return sorted(registry())
