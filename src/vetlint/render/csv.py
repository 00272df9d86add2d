"""CSV: one row per reported finding (or per check with --include-passed), for spreadsheets.

UTF-8 with a byte-order mark, so Excel on a Chinese Windows opens it as UTF-8 instead of
GBK mojibake. Interval ends are printed at the expected value's printed precision plus one
digit (``-0.0500``, not ``-0.05000000000000071``).
"""

from __future__ import annotations

import csv
import io
import re
from typing import Any

from vetlint.baseline import reported
from vetlint.checks import Check, ReportResult
from vetlint.engine.fmt import printed
from vetlint.render import lang_of
from vetlint.render.escape import one_line
from vetlint.settings import Settings

BOM = "\ufeff"

COLUMNS = [
    "path", "rule", "name", "severity", "passed", "message", "line", "column", "page",
    "table", "row", "col", "section", "stated", "expected", "expected_low", "expected_high",
    "inputs", "suggestion", "fingerprint", "error",
]


# A spreadsheet runs a cell that starts with = + @ (or - when it is not a plain number) as a
# formula (``=HYPERLINK(...)``, ``-1+cmd|...``): such a text cell gets a leading apostrophe,
# which Excel and LibreOffice show as "text, not a formula". Negative figures stay as written.
_PLAIN_NUMBER = re.compile(r"-[\d.,]+%?")


def cell(value: Any) -> Any:
    """A CSV field: text on one line, escaped like every other output, never a formula."""
    if not isinstance(value, str):
        return value
    text = one_line(value)
    if text[:1] in ("=", "+", "@") or (text[:1] == "-" and not _PLAIN_NUMBER.fullmatch(text)):
        return "'" + text
    return text


def _row(result: ReportResult, check: Check, lang: str) -> dict[str, Any]:
    loc = check.location
    exp = check.expected
    return {
        "path": result.path,
        "rule": check.rule,
        "name": check.name,
        "severity": check.severity,
        "passed": "true" if check.passed else "false",
        "message": check.text(lang),
        "line": loc.line,
        "column": loc.column,
        "page": loc.page,
        "table": loc.table,
        "row": loc.row,
        "col": loc.col,
        "section": loc.section,
        "stated": check.stated.text if check.stated else None,
        "expected": exp.text if exp else None,
        "expected_low": printed(exp.low, exp.text) if exp else None,
        "expected_high": printed(exp.high, exp.text) if exp else None,
        "inputs": "; ".join(f"{f.text}@{f.location.short()}" for f in check.inputs),
        "suggestion": check.suggestion,
        "fingerprint": check.fingerprint,
        "error": None,
    }


def render(results: list[ReportResult], settings: Settings, **_: Any) -> str:
    buf = io.StringIO()
    buf.write(BOM)
    writer = csv.DictWriter(buf, fieldnames=COLUMNS, lineterminator="\n")
    writer.writeheader()
    for result in results:
        if result.error is not None:
            error = f"{result.error['code']}: {result.error['message']}"
            writer.writerow({"path": cell(result.path), "error": cell(error)})
            continue
        lang = lang_of(result, settings.lang)
        rows = [*reported(result), *(result.passed if settings.include_passed else [])]
        for check in rows:
            writer.writerow({k: cell(v) for k, v in _row(result, check, lang).items()})
    return buf.getvalue()
