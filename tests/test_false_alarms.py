"""Error-level findings on the real reports are the hand-verified slips (bench/known_slips.yaml).

Anything else at error level is a false alarm: at most one per seed, none at all on the
government work reports (which state few relations and contain no known slip).
"""

from __future__ import annotations

from functools import cache
from pathlib import Path

import pytest
import yaml

from vetlint.api import check
from vetlint.settings import Settings

ROOT = Path(__file__).resolve().parents[1]
SEEDS = sorted((ROOT / "fixtures" / "reports").glob("*.txt"))
GOV = sorted((ROOT / "fixtures" / "corpus").glob("gov_work_report_2026_*.txt"))
KNOWN = yaml.safe_load((ROOT / "bench" / "known_slips.yaml").read_text(encoding="utf-8"))

Key = tuple[str, int | None, str | None]


@cache
def errors(path: Path) -> frozenset[Key]:
    result = check(path, Settings())
    assert result.error is None, result.error
    return frozenset(
        (c.rule, c.location.line, c.stated.text if c.stated else None)
        for c in result.findings
        if c.severity == "error"
    )


def known(path: Path) -> set[Key]:
    return {(s["rule"], s["line"], s["stated"]) for s in KNOWN[path.name] or []}


def test_every_seed_has_a_verified_list() -> None:
    assert {p.name for p in SEEDS} == set(KNOWN)
    for slips in KNOWN.values():
        for s in slips or []:
            assert s["why"].strip() and s["rule"].startswith("VL") and s["line"] > 0


@pytest.mark.parametrize("path", SEEDS, ids=lambda p: p.stem)
def test_known_slips_are_found(path: Path) -> None:
    missing = known(path) - errors(path)
    assert not missing, f"known slips not reported at error level: {sorted(missing)}"


@pytest.mark.parametrize("path", SEEDS, ids=lambda p: p.stem)
def test_at_most_one_false_alarm_per_seed(path: Path) -> None:
    extra = errors(path) - known(path)
    assert len(extra) <= 1, f"error-level findings not in bench/known_slips.yaml: {sorted(extra)}"


@pytest.mark.parametrize("path", GOV, ids=lambda p: p.stem)
def test_no_error_on_government_work_reports(path: Path) -> None:
    assert errors(path) == frozenset()
