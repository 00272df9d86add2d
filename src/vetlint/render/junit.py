"""JUnit XML for GitLab, Jenkins and other CI test-report views.

One testsuite per report, one testcase per check: a failed check is a
``<failure>``, a waived or baselined one is ``<skipped>``, a report that could
not be read is a single testcase with an ``<error>``.
"""

from __future__ import annotations

import xml.etree.ElementTree as ET
from typing import Any

from vetlint.checks import Check, ReportResult
from vetlint.render import lang_of, words
from vetlint.render.escape import one_line, safe
from vetlint.settings import Settings


def _details(check: Check, lang: str) -> str:
    w = words(lang)
    lines = [check.text(lang), f"{check.location.short() or '-'}"]
    if check.stated:
        lines.append(f"{w['stated']}: {check.stated.text}")
    if check.expected:
        lines.append(f"{w['expected']}: {check.expected.text}")
    for fig in check.inputs:
        lines.append(f"{w['inputs']}: {fig.label + ' ' if fig.label else ''}{fig.text} ({fig.location.short()})")
    if check.suggestion:
        lines.append(f"{w['suggestion']}: {check.suggestion}")
    lines.append(f"fingerprint: {check.fingerprint}")
    return safe("\n".join(lines))


def _testcase(parent: ET.Element, check: Check, result: ReportResult, lang: str) -> str:
    """Add one testcase; returns ``pass``, ``skipped`` or ``failure``."""
    where = check.location.short()
    case = ET.SubElement(
        parent,
        "testcase",
        {
            "classname": f"vetlint.{one_line(check.rule)}",
            "name": one_line(f"{check.rule} {check.name}" + (f" @ {where}" if where else "")),
            "file": one_line(result.path),
        },
    )
    if check.location.line:
        case.set("line", str(check.location.line))
    if check.passed:
        return "pass"
    skipped = "waiver" in check.extra or check.extra.get("baseline_state") == "unchanged"
    if skipped:
        reason = check.extra.get("waiver", {}).get("reason") or "baseline"
        ET.SubElement(case, "skipped", {"message": one_line(reason)})
        return "skipped"
    failure = ET.SubElement(case, "failure", {"type": check.severity, "message": one_line(check.text(lang))})
    failure.text = _details(check, lang)
    return "failure"


def render(results: list[ReportResult], settings: Settings, **_: Any) -> str:
    root = ET.Element("testsuites", {"name": "vetlint"})
    totals = {"tests": 0, "failures": 0, "errors": 0, "skipped": 0}
    for result in results:
        suite = ET.SubElement(
            root, "testsuite", {"name": one_line(result.path), "time": f"{result.seconds:.3f}"}
        )
        counts = {"tests": 0, "failures": 0, "errors": 0, "skipped": 0}
        if result.error is not None:
            case = ET.SubElement(suite, "testcase", {"classname": "vetlint.read", "name": "read report", "file": one_line(result.path)})
            message = one_line(result.error["message"])
            err = ET.SubElement(case, "error", {"type": one_line(result.error["code"]), "message": message})
            err.text = message
            counts["tests"] = counts["errors"] = 1
        else:
            lang = lang_of(result, settings.lang)
            for check in result.checks:
                counts["tests"] += 1
                outcome = _testcase(suite, check, result, lang)
                if outcome == "skipped":
                    counts["skipped"] += 1
                elif outcome == "failure":
                    counts["failures"] += 1
        for key, n in counts.items():
            suite.set(key, str(n))
            totals[key] += n
    for key, n in totals.items():
        root.set(key, str(n))
    ET.indent(root)
    return '<?xml version="1.0" encoding="UTF-8"?>\n' + ET.tostring(root, encoding="unicode") + "\n"
