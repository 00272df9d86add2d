"""One line per finding, like ruff's concise output: for CI logs, editors and ``grep``.

``path:line:col: CODE [severity] message (suggestion)`` (the severity in English, for
``grep``), then the summary line
(left out with ``quiet``). An unreadable report is one line with its error.
"""

from __future__ import annotations

from typing import Any

from vetlint.baseline import reported
from vetlint.checks import Check, ReportResult
from vetlint.render import lang_of, message_with_suggestion, read_error_line, words
from vetlint.render.console import summary_line
from vetlint.render.escape import guard_output, one_line
from vetlint.settings import Settings


def place(result: ReportResult, check: Check) -> str:
    """``path:line:col`` (``path`` alone when the finding has no line), plus the page."""
    loc = check.location
    where = one_line(result.path)
    if loc.line is not None:
        where += f":{loc.line}:{loc.column or 1}"
    if loc.page is not None:
        where += f": p.{loc.page}"
    return where


def finding_line(result: ReportResult, check: Check, lang: str) -> str:
    text = message_with_suggestion(check, lang).replace("\n", " ")
    return f"{place(result, check)}: {one_line(check.rule)} [{check.severity}] {one_line(text)}"


def render(results: list[ReportResult], settings: Settings, *, quiet: bool = False, **_: Any) -> str:
    lines: list[str] = []
    for result in results:
        lang = lang_of(result, settings.lang)
        if result.error is not None:
            lines.append(f"{one_line(result.path)}: {words(lang)['unreadable']}: "
                         f"{one_line(read_error_line(result.error, lang))}")
            continue
        lines.extend(finding_line(result, c, lang) for c in reported(result))
    if not quiet:
        lang = settings.lang or (results[0].language if results else "en")
        lines.append(summary_line(results, lang if lang in ("zh", "en") else "en"))
    return guard_output("".join(line + "\n" for line in lines))
