"""The JSON output: the contract in /docs (tool, reports, summary), one document on stdout.

Field names are a promise to outside tools: add, never rename or drop. The
shape is checked against ``vetlint/schemas/check-output.schema.json``.
"""

from __future__ import annotations

import json
import math
from typing import Any

from vetlint import __version__
from vetlint.baseline import reported
from vetlint.checks import Check, ReportResult
from vetlint.render import lang_of, severity_counts
from vetlint.settings import Settings


def check_dict(check: Check, lang: str) -> dict[str, Any]:
    """One CHECK as the contract shows it, plus baseline/waiver marks when present."""
    d = check.to_dict(lang)
    if "baseline_state" in check.extra:
        d["baseline_state"] = check.extra["baseline_state"]
    if "waiver" in check.extra:
        d["waiver"] = check.extra["waiver"]
    return d


def report_dict(result: ReportResult, settings: Settings) -> dict[str, Any]:
    speak = lang_of(result, settings.lang)
    shown = reported(result)
    failed = result.findings
    d: dict[str, Any] = {
        "path": result.path,
        "format": result.format,
        "language": result.language,
        "error": result.error,
        "stats": {
            "checks": result.n_checks,
            "passed": result.n_passed,
            "failed": len(failed),
            "reported": len(shown),
            "waived": sum(1 for c in failed if "waiver" in c.extra),
            "baseline_unchanged": sum(
                1 for c in failed if c.extra.get("baseline_state") == "unchanged"
            ),
            "seconds": round(result.seconds, 3),
        },
        "findings": [check_dict(c, speak) for c in shown],
    }
    if settings.include_passed:
        d["passed"] = [check_dict(c, speak) for c in result.passed]
        if result.unjudged is not None:  # `vetlint extract --unparsed` lists them
            d["stats"]["unjudged"] = result.unjudged
    return d


def summary(results: list[ReportResult]) -> dict[str, int]:
    counts = severity_counts(results)
    return {
        "reports": len(results),
        "errors": counts["error"],
        "warnings": counts["warning"],
        "infos": counts["info"],
        "unreadable": sum(1 for r in results if r.error is not None),
        "checks": sum(r.n_checks for r in results),
        "passed": sum(r.n_passed for r in results),
    }


def to_data(results: list[ReportResult], settings: Settings) -> dict[str, Any]:
    return {
        "tool": {"name": "vetlint", "version": __version__},
        "reports": [report_dict(r, settings) for r in results],
        "summary": summary(results),
    }


def finite(obj: Any) -> Any:
    """Replace infinite or NaN floats (one-sided intervals: ``98%以上``) with null.

    JSON has no infinity; ``null`` in ``low``/``high`` means "unbounded on that side".
    """
    if isinstance(obj, float):
        return obj if math.isfinite(obj) else None
    if isinstance(obj, dict):
        return {k: finite(v) for k, v in obj.items()}
    if isinstance(obj, list | tuple):
        return [finite(v) for v in obj]
    return obj


def dumps(data: Any) -> str:
    """Strict JSON (no NaN/Infinity), UTF-8 text kept readable."""
    return json.dumps(finite(data), ensure_ascii=False, indent=2, allow_nan=False) + "\n"


def render(results: list[ReportResult], settings: Settings, **_: Any) -> str:
    """``dumps(to_data(...))`` written one report at a time: a batch of thousands never
    holds the whole tree of dicts at once, only its text."""
    if not results:
        return dumps(to_data(results, settings))
    head = dumps({"tool": {"name": "vetlint", "version": __version__}})
    parts = [head[: head.rindex("}")].rstrip() + ',\n  "reports": [\n']
    for i, r in enumerate(results):
        text = json.dumps(finite(report_dict(r, settings)), ensure_ascii=False, indent=2, allow_nan=False)
        parts.append(("" if i == 0 else ",\n") + "\n".join("    " + line for line in text.split("\n")))
    tail = json.dumps({"summary": summary(results)}, ensure_ascii=False, indent=2)
    parts.append("\n  ],\n" + tail[tail.index("\n") + 1 :] + "\n")
    return "".join(parts)
