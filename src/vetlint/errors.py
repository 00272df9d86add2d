"""Errors that reach the user as one clear line, never as a traceback."""

from __future__ import annotations


class VetlintError(Exception):
    """Base class: ``code`` is stable (used in JSON output), ``message`` is for people."""

    code = "vetlint-error"

    def __init__(self, message: str, *, code: str | None = None) -> None:
        super().__init__(message)
        self.message = message
        if code is not None:
            self.code = code

    def to_dict(self) -> dict[str, str]:
        return {"code": self.code, "message": self.message}

    def __reduce__(self) -> tuple[object, ...]:
        """Pickled with its code (a worker process sends its errors to the parent)."""
        return (type(self), (self.message,), {"code": self.code})


class ReadError(VetlintError):
    """A report could not be read (empty, corrupt, encrypted, wrong format, too large...)."""

    code = "read-error"


class UsageError(VetlintError):
    """Bad command-line arguments or configuration."""

    code = "usage-error"


class RulePackError(VetlintError):
    """A rule pack could not be loaded; the message names the file and line."""

    code = "rule-pack-error"


def memory_error(limit: int | None) -> ReadError:
    """A report whose check needed more than the ``limit`` bytes one report may use."""
    if limit:
        return ReadError(
            f"this report needs more than the {limit // (1024 * 1024)} MB of memory one report "
            "may use (raise the limit with --max-memory or max-memory in the configuration)",
            code="too-large",
        )
    return ReadError("this report needs more memory than there is", code="too-large")
