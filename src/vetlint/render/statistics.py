"""``--statistics``: how many reported findings each rule has, like ``ruff --statistics``.

Most frequent first; a table for people, a JSON list for tools.
"""

from __future__ import annotations

import json
from collections import Counter
from dataclasses import dataclass, field

from vetlint.baseline import reported
from vetlint.checks import ReportResult
from vetlint.render import SEVERITIES
from vetlint.render.escape import guard_output, one_line


@dataclass(slots=True)
class RuleCount:
    code: str
    name: str
    count: int = 0
    severities: Counter[str] = field(default_factory=Counter)


def rule_counts(results: list[ReportResult]) -> list[RuleCount]:
    """Reported findings per rule (waived and baselined ones left out), most first."""
    counts: dict[str, RuleCount] = {}
    for result in results:
        for check in reported(result):
            entry = counts.setdefault(check.rule, RuleCount(check.rule, check.name))
            entry.count += 1
            entry.severities[check.severity] += 1
    return sorted(counts.values(), key=lambda e: (-e.count, e.code))


def _severity(entry: RuleCount) -> str:
    return ", ".join(f"{s} {entry.severities[s]}" if len(entry.severities) > 1 else s
                     for s in SEVERITIES if entry.severities[s])


def render_text(results: list[ReportResult]) -> str:
    entries = rule_counts(results)
    if not entries:
        return ""
    width = max(len(str(e.count)) for e in entries)
    name_width = max(len(one_line(e.name)) for e in entries)
    return guard_output("".join(
        f"{e.count:>{width}}  {one_line(e.code)}  {one_line(e.name):<{name_width}}  {_severity(e)}".rstrip() + "\n"
        for e in entries
    ))


def render_json(results: list[ReportResult]) -> str:
    data = [
        {"code": e.code, "name": e.name, "count": e.count,
         "severities": {s: e.severities[s] for s in SEVERITIES if e.severities[s]}}
        for e in rule_counts(results)
    ]
    return json.dumps(data, ensure_ascii=False, indent=2) + "\n"
