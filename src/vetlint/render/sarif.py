"""SARIF 2.1.0 for code-scanning tools (GitHub code scanning, VS Code SARIF viewer).

One run; rules carry help text; each result has a physical location (region
line/column in Unicode code points), the inputs as related locations, a
``partialFingerprints`` entry from the check's fingerprint, ``baselineState``
when a baseline was used, and a suppression when a waiver silenced it.
Unreadable reports become tool execution notifications.
"""

from __future__ import annotations

import json
from collections.abc import Callable
from pathlib import Path
from typing import Any
from urllib.parse import quote

from vetlint import __version__
from vetlint.checks import Check, Figure, ReportResult
from vetlint.document import Location
from vetlint.render import lang_of, message_with_suggestion
from vetlint.render.json import dumps, finite
from vetlint.settings import Settings

SARIF_SCHEMA = "https://json.schemastore.org/sarif-2.1.0.json"
LEVELS = {"error": "error", "warning": "warning", "info": "note"}
FINGERPRINT_KEY = "vetlintFingerprint/v1"


def uri_of(path: str) -> str:
    """A relative path stays relative (GitHub resolves it against the repository)."""
    p = Path(path)
    if p.is_absolute():
        return p.as_uri()
    return quote(p.as_posix())


def _region(loc: Location) -> dict[str, int] | None:
    if loc.line is None or loc.line < 1:
        return None
    region = {"startLine": loc.line}
    if loc.column:
        region["startColumn"] = loc.column
    if loc.end_line:
        region["endLine"] = loc.end_line
    if loc.end_column:
        # SARIF end columns are exclusive; ours are inclusive
        region["endColumn"] = loc.end_column + 1
    return region


def _location(path: str, loc: Location, message: str | None = None) -> dict[str, Any]:
    physical: dict[str, Any] = {"artifactLocation": {"uri": uri_of(path)}}
    region = _region(loc)
    if region:
        physical["region"] = region
    out: dict[str, Any] = {"physicalLocation": physical}
    logical = [
        {"name": name, "kind": kind}
        for name, kind in ((loc.section, "module"), (loc.table, "member"))
        if name
    ]
    if logical:
        out["logicalLocations"] = logical
    if message:
        out["message"] = {"text": message}
    return out


def _figure_note(fig: Figure) -> str:
    return f"{fig.label}: {fig.text}" if fig.label else fig.text


def _rule_help(check: Check, lang: str, settings: Settings) -> str:
    """The rule's documentation from the engine when it has some, else what the check says."""
    try:
        from vetlint.engine.docs import explain

        text = explain(check.rule, lang, settings)
    except Exception:  # no docs for this rule (VL000, a user pack): fall back to the check
        text = None
    if isinstance(text, str) and text.strip():
        return text
    parts = [f"{check.rule} {check.name}"]
    if check.kind:
        parts.append(f"kind: {check.kind}")
    if check.pack:
        parts.append(f"pack: {check.pack}")
    return " — ".join(parts)


def _result(check: Check, path: str, lang: str, rule_index: int) -> dict[str, Any]:
    message = message_with_suggestion(check, lang)
    res: dict[str, Any] = {
        "ruleId": check.rule,
        "ruleIndex": rule_index,
        "level": LEVELS.get(check.severity, "warning"),
        "message": {"text": message},
        "locations": [_location(path, check.location)],
        "partialFingerprints": {FINGERPRINT_KEY: check.fingerprint},
        "properties": {
            "severity": check.severity,
            "stated": check.stated.text if check.stated else None,
            "expected": check.expected.text if check.expected else None,
            "suggestion": check.suggestion,
        },
    }
    related = [
        {"id": i, **_location(path, fig.location, _figure_note(fig))}
        for i, fig in enumerate(check.inputs)
    ]
    if related:
        res["relatedLocations"] = related
    if "baseline_state" in check.extra:
        res["baselineState"] = check.extra["baseline_state"]
    if "waiver" in check.extra:
        w = check.extra["waiver"]
        sup: dict[str, Any] = {"kind": "external", "status": "accepted"}
        if w.get("reason"):
            sup["justification"] = w["reason"]
        res["suppressions"] = [sup]
    return res


def to_data(
    results: list[ReportResult],
    settings: Settings,
    emit: Callable[[dict[str, Any]], None] | None = None,
) -> dict[str, Any]:
    """The SARIF log; with ``emit``, each result goes there instead of into the log."""
    rules: list[dict[str, Any]] = []
    index: dict[str, int] = {}
    sarif_results: list[dict[str, Any]] = []
    notifications: list[dict[str, Any]] = []
    artifacts: list[dict[str, Any]] = []
    for result in results:
        lang = lang_of(result, settings.lang)
        artifacts.append({"location": {"uri": uri_of(result.path)}})
        if result.error is not None:
            notifications.append(
                {
                    "level": "error",
                    "message": {"text": f"{result.path}: {result.error['message']}"},
                    "descriptor": {"id": result.error["code"]},
                    "locations": [_location(result.path, Location())],
                }
            )
            continue
        for check in result.findings:
            if check.rule not in index:
                index[check.rule] = len(rules)
                rules.append(_rule(check, lang, settings))
            item = _result(check, result.path, lang, index[check.rule])
            if emit is None:
                sarif_results.append(item)
            else:
                emit(item)
    driver: dict[str, Any] = {"name": "vetlint", "version": __version__, "semanticVersion": __version__}
    if settings.docs_url:  # vetlint is not on PyPI: the only page worth linking is the docs
        driver["informationUri"] = settings.docs_url
    driver["rules"] = rules
    run: dict[str, Any] = {
        "tool": {"driver": driver},
        "artifacts": artifacts,
        "columnKind": "unicodeCodePoints",
        "invocations": [
            {
                "executionSuccessful": not notifications,
                "toolExecutionNotifications": notifications,
            }
        ],
        "results": sarif_results,
    }
    return {"$schema": SARIF_SCHEMA, "version": "2.1.0", "runs": [run]}


def _summary(help_text: str) -> str:
    """The first line of prose in the rule's Markdown documentation."""
    for line in help_text.splitlines():
        if line.strip() and not line.lstrip().startswith("#"):
            return line.strip()
    return ""


def _rule(check: Check, lang: str, settings: Settings) -> dict[str, Any]:
    from vetlint.engine.docs import page_uri

    help_text = _rule_help(check, lang, settings)
    rule: dict[str, Any] = {
        "id": check.rule,
        "name": check.name,
        "shortDescription": {"text": check.name},
        "fullDescription": {"text": _summary(help_text) or check.name},
        "help": {"text": help_text, "markdown": help_text},
        "defaultConfiguration": {"level": LEVELS.get(check.severity, "warning")},
        "properties": {"pack": check.pack, "kind": check.kind, "tags": ["consistency"]},
    }
    uri = page_uri(check.rule, settings.docs_url)  # docs/rules/VLxxx.md
    if uri is not None:
        rule["helpUri"] = uri
    return rule


def render(results: list[ReportResult], settings: Settings, **_: Any) -> str:
    """``dumps(to_data(...))``, but each result is written to text as it is made, so a
    batch of thousands never holds every result's dict at once."""
    items: list[str] = []

    def emit(item: dict[str, Any]) -> None:
        text = json.dumps(finite(item), ensure_ascii=False, indent=2, allow_nan=False)
        items.append("\n".join("        " + line for line in text.split("\n")))

    text = dumps(to_data(results, settings, emit))
    if not items:
        return text
    empty = '"results": []'
    at = text.rindex(empty)  # the run's last key: everything after it closes the log
    return text[:at] + '"results": [\n' + ",\n".join(items) + "\n      ]" + text[at + len(empty) :]
