"""vetlint: a consistency checker for structured reports.

The public API is imported lazily so that ``vetlint --help`` stays fast.
"""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

__version__ = "0.1.0"

__all__ = ["__version__", "check", "extract"]

if TYPE_CHECKING:  # pragma: no cover
    from vetlint.api import check, extract


def __getattr__(name: str) -> Any:
    if name in ("check", "extract"):
        from vetlint import api

        return getattr(api, name)
    raise AttributeError(name)
