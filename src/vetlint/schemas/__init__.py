"""JSON Schemas for vetlint's machine-readable outputs, shipped in the package."""

from __future__ import annotations

import json
from importlib import resources
from typing import Any

NAMES = ("check-output", "extract-output")


def load_schema(name: str) -> dict[str, Any]:
    """``load_schema("check-output")`` → the parsed JSON Schema."""
    if name not in NAMES:
        raise ValueError(f"unknown schema {name!r} (known: {', '.join(NAMES)})")
    text = resources.files(__package__).joinpath(f"{name}.schema.json").read_text("utf-8")
    return json.loads(text)
