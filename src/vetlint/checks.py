"""What the rule engine produces and every renderer consumes.

A Check is one relation that was tested (or one standalone problem that was
found): the rule, whether it held, the stated figure, what the inputs imply,
the inputs with their places, and a message in Chinese and English.
"""

from __future__ import annotations

import hashlib
from dataclasses import dataclass, field
from typing import Any, Literal

from vetlint.document import Location

Severity = Literal["error", "warning", "info"]
SEVERITY_RANK: dict[str, int] = {"error": 3, "warning": 2, "info": 1, "never": 99}


@dataclass(slots=True)
class Figure:
    """A figure from the report: the stated one a check judges, or one of its inputs."""

    text: str
    value: float | None
    location: Location
    low: float | None = None
    high: float | None = None
    label: str | None = None

    def to_dict(self, *, full: bool = True) -> dict[str, Any]:
        d: dict[str, Any] = {"text": self.text, "value": self.value}
        if full:
            d["low"] = self.low
            d["high"] = self.high
        if self.label is not None:
            d["label"] = self.label
        d["location"] = self.location.to_dict()
        return d


@dataclass(slots=True)
class Expected:
    """What the inputs imply: a value, its interval, and how it would be printed."""

    value: float | None
    low: float | None
    high: float | None
    text: str

    def to_dict(self) -> dict[str, Any]:
        return {"value": self.value, "low": self.low, "high": self.high, "text": self.text}


@dataclass(slots=True)
class Check:
    rule: str
    name: str
    severity: Severity
    passed: bool
    message: dict[str, str]  # {"zh": ..., "en": ...}
    location: Location
    stated: Figure | None = None
    expected: Expected | None = None
    inputs: list[Figure] = field(default_factory=list)
    suggestion: str | None = None
    pack: str | None = None
    kind: str | None = None
    note: dict[str, str] | None = None  # e.g. why rounding decided it
    blame: Figure | None = None  # the one figure the evidence points to, when there is one
    extra: dict[str, Any] = field(default_factory=dict)

    def text(self, lang: str) -> str:
        return self.message.get(lang) or self.message.get("en") or next(iter(self.message.values()))

    @property
    def fingerprint(self) -> str:
        """Stable across runs and edits elsewhere: rule + figure texts + labels."""
        parts = [self.rule]
        for fig in ([self.stated] if self.stated else []) + list(self.inputs):
            parts.append(f"{fig.label or ''}={fig.text}")
        if self.location.table:
            parts.append(f"table={self.location.table}")
        digest = hashlib.sha256("\x1f".join(parts).encode("utf-8", "surrogatepass")).hexdigest()
        return digest[:20]

    def to_dict(self, lang: str = "zh") -> dict[str, Any]:
        return {
            "rule": self.rule,
            "name": self.name,
            "severity": self.severity,
            "passed": self.passed,
            "message": self.text(lang),
            "messages": dict(self.message),
            "location": self.location.to_dict(),
            "stated": self.stated.to_dict() if self.stated else None,
            "expected": self.expected.to_dict() if self.expected else None,
            "inputs": [f.to_dict(full=False) for f in self.inputs],
            "suggestion": self.suggestion,
            "note": (self.note.get(lang) or self.note.get("en")) if self.note else None,
            "blame": self.blame.to_dict(full=False) if self.blame else None,
            "pack": self.pack,
            "kind": self.kind,
            "fingerprint": self.fingerprint,
        }


def sort_findings(checks: list[Check]) -> list[Check]:
    """Most severe first, then document order."""

    def key(c: Check) -> tuple[int, int, int, int]:
        loc = c.location
        return (
            -SEVERITY_RANK.get(c.severity, 0),
            loc.line if loc.line is not None else 10**9,
            loc.column or 0,
            (loc.row or 0) * 1000 + (loc.col or 0),
        )

    return sorted(checks, key=key)


@dataclass(slots=True)
class ReportResult:
    """The outcome for one input file: its checks, or the error that stopped reading it."""

    path: str
    format: str | None
    language: str
    checks: list[Check] = field(default_factory=list)
    error: dict[str, str] | None = None
    seconds: float = 0.0
    dropped_passed: int = 0  # passed checks not kept (a batch that shows only findings)
    unjudged: int | None = None  # figures no relation reads (counted with --include-passed)
    document: Any = field(default=None, compare=False, repr=False)  # its Document, when kept

    @property
    def n_checks(self) -> int:
        return len(self.checks) + self.dropped_passed

    @property
    def n_passed(self) -> int:
        return len(self.passed) + self.dropped_passed

    def drop_passed(self) -> None:
        """Keep only the findings and count the rest: a batch of thousands stays small."""
        kept = [c for c in self.checks if not c.passed]
        self.dropped_passed += len(self.checks) - len(kept)
        self.checks = kept

    @property
    def findings(self) -> list[Check]:
        return sort_findings([c for c in self.checks if not c.passed])

    @property
    def passed(self) -> list[Check]:
        return [c for c in self.checks if c.passed]

    def count(self, severity: str) -> int:
        return sum(1 for c in self.checks if not c.passed and c.severity == severity)

    def to_frame(self, lang: str | None = None) -> Any:
        """One row per check (failed and passed) as a pandas DataFrame."""
        return result_frame(self, lang)


FRAME_COLUMNS = [
    "path", "rule", "name", "severity", "passed", "message", "line", "column", "page",
    "table", "row", "col", "section", "stated", "expected", "suggestion", "fingerprint", "error",
]


def _frame_rows(result: ReportResult, lang: str) -> list[dict[str, Any]]:
    if result.error is not None:
        return [{"path": result.path, "error": f"{result.error['code']}: {result.error['message']}"}]
    rows = []
    for c in result.checks:
        loc = c.location
        rows.append(
            {
                "path": result.path,
                "rule": c.rule,
                "name": c.name,
                "severity": c.severity,
                "passed": c.passed,
                "message": c.text(lang),
                "line": loc.line,
                "column": loc.column,
                "page": loc.page,
                "table": loc.table,
                "row": loc.row,
                "col": loc.col,
                "section": loc.section,
                "stated": c.stated.text if c.stated else None,
                "expected": c.expected.text if c.expected else None,
                "suggestion": c.suggestion,
                "fingerprint": c.fingerprint,
                "error": None,
            }
        )
    return rows


def result_frame(result: ReportResult, lang: str | None = None) -> Any:
    """One row per check (failed and passed) as a pandas DataFrame."""
    return results_frame([result], lang)


def results_frame(results: list[ReportResult], lang: str | None = None) -> Any:
    """Rows of every report in ``results`` (an unreadable one as a row with its error)."""
    import pandas as pd

    rows = [row for r in results for row in _frame_rows(r, lang or r.language)]
    return pd.DataFrame(rows, columns=FRAME_COLUMNS)
