"""GitHub Actions workflow commands, plus a Markdown job summary.

GitHub shows at most 10 annotations of each type per step, so a summary
annotation comes first and the full list goes to the job summary
(``$GITHUB_STEP_SUMMARY``, written by the CLI from ``step_summary``).
"""

from __future__ import annotations

from typing import Any

from vetlint.baseline import reported
from vetlint.checks import Check, ReportResult
from vetlint.render import (
    SEVERITIES,
    lang_of,
    message_with_suggestion,
    severity_counts,
    words,
)
from vetlint.render.escape import ESCAPES, defuse, safe
from vetlint.render.json import summary
from vetlint.settings import Settings

COMMANDS = {"error": "error", "warning": "warning", "info": "notice"}
SHOWN_PER_TYPE = 10


# The runner reads stdout line by line and obeys any line that starts with ``::``, so a
# report's text must never end a line (CR, LF: percent-escaped, as the runner decodes them)
# nor carry other controls (ESC, NEL and the rest of C0/C1) or bidi overrides that make
# the annotation read differently from what it says: those become visible escapes, as in
# the console (the runner decodes only %25 %0D %0A %3A %2C, so ``\x1b`` stays as written).
_DATA = ESCAPES | {ord("%"): "%25", ord("\r"): "%0D", ord("\n"): "%0A"}
_PROPERTY = _DATA | {ord(":"): "%3A", ord(","): "%2C"}


def escape_data(text: str) -> str:
    """Text after ``::`` of a workflow command: one line, nothing hidden, no legacy
    ``##[`` command inside it."""
    return defuse(text.translate(_DATA))


def escape_property(text: str) -> str:
    """A property value (``file=``, ``title=``): also no ``:`` or ``,`` that would end it."""
    return defuse(text.translate(_PROPERTY))


def annotation(check: Check, path: str, lang: str) -> str:
    loc = check.location
    props = [f"file={escape_property(path)}"]
    if loc.line:
        props.append(f"line={loc.line}")
        if loc.column:
            props.append(f"col={loc.column}")
        if loc.end_line:
            props.append(f"endLine={loc.end_line}")
        if loc.end_column and (loc.end_line in (None, loc.line)):
            props.append(f"endColumn={loc.end_column}")
    props.append(f"title={escape_property(f'{check.rule} {check.name}')}")
    message = message_with_suggestion(check, lang)
    where = loc.short()
    if where and not loc.line:
        message += f" ({where})"
    return f"::{COMMANDS.get(check.severity, 'warning')} {','.join(props)}::{escape_data(message)}"


def _summary_line(results: list[ReportResult]) -> str:
    s = summary(results)
    text = (
        f"vetlint: {s['errors']} error(s), {s['warnings']} warning(s), {s['infos']} info(s) "
        f"in {s['reports']} report(s)"
    )
    if s["unreadable"]:
        text += f", {s['unreadable']} unreadable"
    counts = {"error": s["errors"], "warning": s["warnings"], "info": s["infos"]}
    if any(n > SHOWN_PER_TYPE for n in counts.values()):
        text += f"; GitHub shows {SHOWN_PER_TYPE} annotations of each type, see the job summary for all"
    return text


def render(results: list[ReportResult], settings: Settings, **_: Any) -> str:
    lines = [f"::notice title=vetlint summary::{escape_data(_summary_line(results))}"]
    for result in results:
        if result.error is not None:
            msg = f"{result.error['code']}: {result.error['message']}"
            lines.append(
                f"::error file={escape_property(result.path)},title=unreadable report::{escape_data(msg)}"
            )
            continue
        lang = lang_of(result, settings.lang)
        lines.extend(annotation(c, result.path, lang) for c in reported(result))
    return "\n".join(lines) + "\n"


_LINE_ENDS = {ord("\r"): " ", ord("\n"): " "}


def _cell(text: str | None) -> str:
    """A Markdown table cell: one line, no column break, controls and bidi shown."""
    return safe((text or "").translate(_LINE_ENDS)).replace("|", "\\|")


def step_summary(results: list[ReportResult], settings: Settings) -> str:
    """Markdown for ``$GITHUB_STEP_SUMMARY``: a table per run and every finding."""
    s = summary(results)
    out = [
        "## vetlint",
        "",
        f"{s['reports']} report(s): **{s['errors']}** error(s), **{s['warnings']}** warning(s), "
        f"**{s['infos']}** info(s), {s['unreadable']} unreadable.",
        "",
        "| file | checks | errors | warnings | infos | status |",
        "| --- | ---: | ---: | ---: | ---: | --- |",
    ]
    for r in results:
        counts = severity_counts([r])
        status = f"unreadable: {r.error['message']}" if r.error else ("findings" if any(counts.values()) else "ok")
        out.append(
            f"| `{_cell(r.path)}` | {r.n_checks} | "
            + " | ".join(str(counts[sev]) for sev in SEVERITIES)
            + f" | {_cell(status)} |"
        )
    for r in results:
        shown = reported(r)
        if not shown:
            continue
        lang = lang_of(r, settings.lang)
        w = words(lang)
        out += [
            "",
            f"### `{_cell(r.path)}`",
            "",
            f"| | rule | where | {w['stated']} | {w['expected']} | message |",
            "| --- | --- | --- | --- | --- | --- |",
        ]
        for c in shown:
            out.append(
                f"| {c.severity} | {c.rule} {_cell(c.name)} | {_cell(c.location.short())} | "
                f"{_cell(c.stated.text if c.stated else '')} | "
                f"{_cell(c.expected.text if c.expected else '')} | {_cell(c.text(lang))} |"
            )
    return "\n".join(out) + "\n"
