"""Figures for earlier years against last year's report (``check --previous FILE``).

A kind like the others so that VL501 is selected, ignored, re-graded,
baselined and waived through the normal path. Last year's report is named
by ``Settings.previous``; without it the kind checks nothing. The pipeline
reads and analyses that report (once per file version in each process) and
the context hands its analysis over (``Context.previous``); the pairing itself
is ``engine.previous.compare``, on the two analyses.
"""

from __future__ import annotations

from pathlib import Path
from typing import Any

from vetlint.checks import Check
from vetlint.engine.context import Context, render
from vetlint.engine.kinds import COMMON_PLACEHOLDERS, KindSpec
from vetlint.engine.packs import Rule
from vetlint.errors import ReadError

PARAMS: dict[str, Any] = {"type": "map", "keys": {}}
PLACEHOLDERS = COMMON_PLACEHOLDERS | {"period", "previous", "previous_place", "place"}

def _unreadable(rule: Rule, exc: ReadError) -> Check:
    from vetlint.document import Location

    return Check(
        rule=rule.code, name=rule.name, severity=rule.severity,  # type: ignore[arg-type]
        passed=False,
        message={
            "zh": f"无法读取上年报告，未能核对往年数字：{exc.message}",
            "en": f"last year's report could not be read, so earlier years were not compared: {exc.message}",
        },
        location=Location(), pack=rule.pack, kind=rule.kind,
        extra={"previous_error": exc.message},
    )


def run(ctx: Context, rule: Rule) -> list[Check]:
    from vetlint.engine.previous import compare

    if not ctx.settings.previous:
        return []
    try:
        previous = ctx.previous
    except ReadError as exc:
        return [_unreadable(rule, exc)]
    if previous is None:
        return []
    checks = compare(ctx.analysis, previous)
    for check in checks:
        previous = check.extra.get("previous", {})
        stated, expected = check.stated, check.expected
        values = {
            "label": (stated.label if stated else None) or "",
            "stated": stated.text if stated else "",
            "expected": expected.text if expected and expected.text else "",
            "inputs": expected.text if expected and expected.text else "",
            "period": str(check.extra.get("period", "")),
            "previous": Path(previous.get("path", "")).name,
            "previous_place": _place(previous.get("location") or {}),
            "place": check.location.short() or "?",
            "table": check.location.table or "",
        }
        template = rule.message if not check.passed else (rule.pass_message or rule.message)
        check.message = render(template, values)
        check.rule, check.name, check.pack, check.kind = rule.code, rule.name, rule.pack, rule.kind
        check.severity = rule.severity  # type: ignore[assignment]
    return checks


def _place(loc: dict[str, Any]) -> str:
    from vetlint.document import Location

    return Location.from_dict(loc).short() or "?"


SPEC = KindSpec(
    name="previous-year",
    summary="figures for earlier years against last year's report (--previous)",
    params=PARAMS,
    run=run,
    placeholders=PLACEHOLDERS,
)
