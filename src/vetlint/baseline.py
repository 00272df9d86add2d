"""Baselines and waivers: what a team has already seen stays quiet until it changes.

Both work on ``Check.fingerprint``, which covers the rule and the figures a
check judged (texts and labels, not line numbers): editing elsewhere keeps a
finding quiet, editing one of its figures brings it back.

They only mark checks (``extra["baseline_state"]`` = ``new``/``unchanged``,
``extra["waiver"]``); ``reported`` gives what a renderer shows and what the
exit status counts.
"""

from __future__ import annotations

import json
from collections import Counter
from dataclasses import dataclass, field
from pathlib import Path

from vetlint.checks import SEVERITY_RANK, Check, Figure, ReportResult
from vetlint.document import Location
from vetlint.errors import ReadError, UsageError
from vetlint.files import read_text_limited, write_text
from vetlint.settings import Waiver

BASELINE_VERSION = 1
UNUSED_WAIVER_RULE = "VL000"
# A baseline lists findings, a few hundred bytes each: 32 MB is ~100,000 of them.
MAX_BASELINE_BYTES = 32 * 1024 * 1024


def reported(result: ReportResult) -> list[Check]:
    """Findings to show: failed checks not waived and not already in the baseline."""
    return [
        c
        for c in result.findings
        if "waiver" not in c.extra and c.extra.get("baseline_state") != "unchanged"
    ]


def fails(results: list[ReportResult], fail_on: str) -> bool:
    """Whether any reported finding reaches the ``fail_on`` severity."""
    threshold = SEVERITY_RANK.get(fail_on, 99)
    return any(
        SEVERITY_RANK.get(c.severity, 0) >= threshold for r in results for c in reported(r)
    )


# --- baselines ---------------------------------------------------------------


@dataclass(slots=True)
class Baseline:
    """Fingerprints of known findings, counted per report path."""

    by_path: dict[str, Counter[str]] = field(default_factory=dict)

    def known_for(self, path: str) -> Counter[str]:
        """The path's entry, else the entry with the same file name (a moved or copied report)."""
        key = _key(path)
        if key in self.by_path:
            return Counter(self.by_path[key])
        name = Path(key).name
        for other, counts in self.by_path.items():
            if Path(other).name == name:
                return Counter(counts)
        return Counter()

    def apply(self, results: list[ReportResult]) -> None:
        """Mark each finding ``new`` or ``unchanged`` (duplicates count one by one)."""
        for result in results:
            known = self.known_for(result.path)
            for check in result.findings:
                fp = check.fingerprint
                if known[fp] > 0:
                    known[fp] -= 1
                    check.extra["baseline_state"] = "unchanged"
                else:
                    check.extra["baseline_state"] = "new"


def _key(path: str) -> str:
    return Path(path).as_posix()


def write_baseline(results: list[ReportResult], path: str | Path) -> int:
    """Record every current finding (waived ones too); returns how many were written."""
    entries = []
    for result in results:
        for c in result.findings:
            if c.rule == UNUSED_WAIVER_RULE:
                continue
            entries.append(
                {
                    "path": _key(result.path),
                    "fingerprint": c.fingerprint,
                    "rule": c.rule,
                    "stated": c.stated.text if c.stated else None,
                    "message": c.text("en"),
                }
            )
    data = {"tool": "vetlint", "version": BASELINE_VERSION, "findings": entries}
    try:
        write_text(path, json.dumps(data, ensure_ascii=False, indent=2) + "\n")
    except OSError as exc:
        raise UsageError(f"{path}: cannot write baseline ({exc.strerror or exc})") from None
    return len(entries)


def load_baseline(path: str | Path) -> Baseline:
    """Read a baseline ``--baseline`` names (never one found on disk by itself)."""
    p = Path(path)
    try:
        data = json.loads(read_text_limited(p, MAX_BASELINE_BYTES))
    except ReadError as exc:
        if exc.code == "not-found":
            raise UsageError(f"{p}: baseline file not found") from None
        raise UsageError(f"{p}: cannot read the baseline ({exc.message})") from None
    except (UnicodeDecodeError, json.JSONDecodeError) as exc:
        raise UsageError(f"{p}: not a vetlint baseline ({exc})") from None
    except RecursionError:
        raise UsageError(f"{p}: not a vetlint baseline (nested too deeply)") from None
    if not isinstance(data, dict) or not isinstance(data.get("findings"), list):
        raise UsageError(f"{p}: not a vetlint baseline (no 'findings' list)")
    if data.get("version") != BASELINE_VERSION:
        raise UsageError(f"{p}: baseline version {data.get('version')!r} is not supported")
    baseline = Baseline()
    for i, entry in enumerate(data["findings"]):
        if not isinstance(entry, dict) or not isinstance(entry.get("fingerprint"), str):
            raise UsageError(f"{p}: findings[{i}] has no fingerprint")
        counts = baseline.by_path.setdefault(_key(str(entry.get("path", ""))), Counter())
        counts[entry["fingerprint"]] += 1
    return baseline


# --- waivers -----------------------------------------------------------------


def apply_waivers(
    results: list[ReportResult],
    waivers: list[Waiver],
    config_path: str | None = None,
    *,
    report_unused: bool = True,
) -> list[Waiver]:
    """Mark waived findings; report each waiver that matched nothing as a VL000 check.

    Waivers are global (a fingerprint is specific enough), so an unused one
    belongs to no report in particular: it is attached to the first report
    that was read (or the first report) and points at the waiver's line in
    the configuration file. Returns the unused waivers.
    """
    if not waivers:
        return []
    by_fp = {w.fingerprint: w for w in waivers}
    used: set[str] = set()
    for result in results:
        for c in result.findings:
            w = by_fp.get(c.fingerprint)
            if w is not None and (w.rule is None or w.rule.strip().upper() == c.rule.upper()
                                  or w.rule.strip().lower() == c.name):
                c.extra["waiver"] = {"reason": w.reason, "who": w.who}
                used.add(w.fingerprint)
    unused = [w for w in waivers if w.fingerprint not in used]
    if unused and results and report_unused:
        target = next((r for r in results if r.error is None), results[0])
        text = _read(config_path)
        for w in unused:
            target.checks.append(_unused_check(w, config_path, _line_of(text, w.fingerprint)))
    return unused


def _read(path: str | None) -> str:
    if not path:
        return ""
    from vetlint.config import MAX_CONFIG_BYTES

    try:
        return read_text_limited(path, MAX_CONFIG_BYTES)
    except (ReadError, UnicodeDecodeError):
        return ""


def _line_of(text: str, needle: str) -> int | None:
    for number, line in enumerate(text.splitlines(), start=1):
        if needle in line:
            return number
    return None


def _unused_check(w: Waiver, config_path: str | None, line: int | None) -> Check:
    where = f"{config_path}:{line}" if config_path and line else (config_path or "configuration")
    return Check(
        rule=UNUSED_WAIVER_RULE,
        name="unused-waiver",
        severity="info",
        passed=False,
        message={
            "zh": f"豁免 {w.fingerprint} 未匹配任何问题（{where}）：所涉数字已改动或问题已修复，可删除该豁免",
            "en": f"waiver {w.fingerprint} matches no finding ({where}): its figures changed "
            "or the finding was fixed; remove the waiver",
        },
        location=Location(),
        stated=Figure(text=w.fingerprint, value=None, location=Location(), label="waiver"),
        pack="vetlint",
        kind="waiver",
        extra={"config": config_path, "config_line": line, "waiver_fingerprint": w.fingerprint},
    )
