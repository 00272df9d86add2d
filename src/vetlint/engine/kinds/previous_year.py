"""Figures for earlier years against last year's report (``check --previous FILE``).

A kind like the others so that VL501 is selected, ignored, re-graded,
baselined and waived through the normal path. Last year's report is named
by ``Settings.previous``; without it the kind checks nothing. That report
is read and analysed (in this run's language) once per path and file version
in each process, however many reports of a batch are compared against it; the
pairing itself is ``vetlint.previous.compare``, on the two analyses.
"""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path
from typing import Any

from vetlint.checks import Check
from vetlint.engine.context import Context, render
from vetlint.engine.kinds import COMMON_PLACEHOLDERS, KindSpec
from vetlint.engine.packs import Rule
from vetlint.errors import ReadError

PARAMS: dict[str, Any] = {"type": "map", "keys": {}}
PLACEHOLDERS = COMMON_PLACEHOLDERS | {"period", "previous", "previous_place", "place"}

_CACHE_SIZE = 4


@dataclass(frozen=True, slots=True)
class _Previous:
    document: Any  # vetlint.document.Document
    analysis: Any  # vetlint.extract.analysis.Analysis


_cache: dict[tuple[Any, ...], _Previous] = {}


def load_previous(
    path: str, max_bytes: int, max_text_bytes: int | None = None, rule_dirs: tuple[str, ...] = ()
) -> _Previous:
    """Last year's report, read and analysed once per (path, size, mtime, limits, language).

    Raises ``ReadError`` (naming the file) when it cannot be read.
    """
    from vetlint.extract.analysis import analyse_with
    from vetlint.readers import read_path

    try:
        stat = Path(path).stat()
    except OSError:
        raise ReadError(f"{path}: no such file", code="not-found") from None
    key = (str(Path(path).resolve()), stat.st_size, stat.st_mtime_ns, max_bytes, max_text_bytes,
           rule_dirs)
    hit = _cache.get(key)
    if hit is not None:
        return hit
    limits = {"max_text_bytes": max_text_bytes} if max_text_bytes is not None else {}
    try:
        doc = read_path(path, max_bytes=max_bytes, **limits)
    except ReadError as exc:
        raise ReadError(f"{path}: {exc.message}", code=exc.code) from None
    loaded = _Previous(doc, analyse_with(doc, rule_dirs))
    if len(_cache) >= _CACHE_SIZE:
        _cache.pop(next(iter(_cache)))
    _cache[key] = loaded
    return loaded


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
    from vetlint.previous import compare

    if not ctx.settings.previous:
        return []
    try:
        prev = load_previous(ctx.settings.previous, ctx.settings.max_bytes, ctx.settings.max_text_bytes,
                             tuple(ctx.settings.rule_dirs))
    except ReadError as exc:
        return [_unreadable(rule, exc)]
    checks = compare(ctx.analysis, prev.analysis)
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
