"""The pipeline in a few lines, for the CLI and for people working in notebooks.

    >>> import vetlint
    >>> result = vetlint.check("report.docx")
    >>> result.findings            # failed checks, most severe first
    >>> result.to_frame()          # a pandas DataFrame, one row per check
    >>> vetlint.to_frame(vetlint.check_many(["reports/"]))   # a whole batch
"""

from __future__ import annotations

from pathlib import Path
from typing import Any

from vetlint.baseline import Baseline, apply_waivers, load_baseline
from vetlint.checks import ReportResult, results_frame
from vetlint.pipeline import (
    Extraction,
    attach_source_lines,
    check,
    check_data,
    check_document,
    extract,
    read,
    source_lines,
)
from vetlint.settings import Settings

__all__ = [
    "Extraction", "attach_source_lines", "check", "check_data", "check_document", "check_many",
    "extract", "read", "review", "source_lines", "to_frame",
]


def check_many(
    paths: list[str | Path],
    settings: Settings | None = None,
    *,
    jobs: int | None = None,
    baseline: str | Path | None = None,
    progress: bool | None = False,
    follow_symlinks: bool = False,
) -> list[ReportResult]:
    """Check files, folders and globs (in parallel with ``jobs`` workers), in input order.

    Waivers apply across the whole run (one that matches nothing anywhere is
    reported once, VL000); ``baseline`` marks findings new or unchanged. A link in a
    folder that points outside it is not followed unless ``follow_symlinks``.
    Raises ``UsageError`` for a path that does not exist or a bad baseline.
    """
    from vetlint.batch import expand, run_expansion

    settings = settings or Settings()
    inputs = expand([str(p) for p in paths], follow_symlinks=follow_symlinks)
    known = load_baseline(baseline) if baseline is not None else None
    results = run_expansion(inputs, settings, jobs=jobs, progress=progress)
    review(results, settings, known)
    return results


def to_frame(results: list[ReportResult], lang: str | None = None) -> Any:
    """One pandas DataFrame for a batch: a row per check, a row per unreadable report."""
    return results_frame(results, lang)


def review(results: list[ReportResult], settings: Settings, known: Baseline | None = None) -> None:
    """Apply waivers and the baseline once every check of the run is in ``results``."""
    from vetlint.engine.builtin import UNUSED_WAIVER
    from vetlint.engine.selectors import is_selected

    report_unused = is_selected(UNUSED_WAIVER, settings)  # `--ignore VL000` silences them
    apply_waivers(results, settings.waivers, settings.config_path, report_unused=report_unused)
    if known is not None:
        known.apply(results)
