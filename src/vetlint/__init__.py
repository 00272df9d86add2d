"""vetlint: a consistency checker for structured reports.

    >>> import vetlint
    >>> result = vetlint.check("report.docx")
    >>> vetlint.extract("report.pdf").document.tables[0].frame()

The public API is imported lazily so that ``vetlint --help`` stays fast.
``vetlint.extract`` is both the API function and the name of a subpackage; the
package module below keeps the function whatever gets imported (the import
system would otherwise bind the subpackage over it after the first check).
"""

from __future__ import annotations

import sys
import types
from typing import TYPE_CHECKING, Any

__version__ = "0.1.0"

API = ("check", "check_many", "extract", "read", "to_frame")
__all__ = ["__version__", "check", "check_many", "extract", "read", "to_frame"]

if TYPE_CHECKING:  # pragma: no cover
    from vetlint.api import check, check_many, extract, read, to_frame


class _Package(types.ModuleType):
    """The ``vetlint`` module: an API name is never rebound to a subpackage of that name."""

    def __setattr__(self, name: str, value: Any) -> None:
        if name in API and isinstance(value, types.ModuleType):
            return  # ``import vetlint.extract.analysis`` binding the subpackage: keep the function
        super().__setattr__(name, value)


def __getattr__(name: str) -> Any:
    if name in API:
        from vetlint import api

        return getattr(api, name)
    raise AttributeError(f"module 'vetlint' has no attribute {name!r}")


def __dir__() -> list[str]:
    return sorted({*globals(), *API})


sys.modules[__name__].__class__ = _Package
