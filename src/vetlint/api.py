"""The pipeline in a few lines, for the CLI and for people working in notebooks.

    >>> import vetlint
    >>> result = vetlint.check("report.docx")
    >>> result.findings            # failed checks, most severe first
    >>> result.to_frame()          # a pandas DataFrame, one row per check
    >>> vetlint.to_frame(vetlint.check_many(["reports/"]))   # a whole batch
"""

from __future__ import annotations

import time
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from vetlint.baseline import Baseline, apply_waivers, load_baseline
from vetlint.checks import Check, ReportResult, results_frame
from vetlint.document import Document
from vetlint.errors import ReadError, memory_error
from vetlint.readers import DEFAULT_MAX_BYTES, format_of, read_path
from vetlint.settings import Settings


@dataclass(slots=True)
class Extraction:
    """What vetlint read from one report: the document and its one analysis, the same the
    checks judge (``figures``: every quantity with its indicator, scope, period and role)."""

    document: Document
    analysis: Any  # vetlint.extract.analysis.Analysis

    @property
    def figures(self) -> list[Any]:
        return list(self.analysis.figures)


def read(path: str | Path, settings: Settings | None = None) -> Document:
    settings = settings or Settings()
    return read_path(path, max_bytes=settings.max_bytes, max_text_bytes=settings.max_text_bytes)


def extract(path: str | Path, settings: Settings | None = None) -> Extraction:
    from vetlint.engine.runner import load_language
    from vetlint.extract.analysis import analyse_with

    settings = settings or Settings()
    load_language(settings)  # a broken lexicon or shapes file stops here, as in ``check``
    doc = read(path, settings)
    return Extraction(doc, analyse_with(doc, settings.rule_dirs))


def check_document(
    doc: Document, settings: Settings | None = None, data: bytes | None = None
) -> ReportResult:
    """Check a document already read; ``data`` is its file's bytes when not on disk (stdin).

    With ``include_passed`` the result also counts the figures no relation reads
    (``unjudged``: what ``vetlint extract --unparsed`` lists)."""
    from vetlint.engine.runner import load_language, run
    from vetlint.extract.analysis import analyse_with

    settings = settings or Settings()
    load_language(settings)
    analysis = analyse_with(doc, settings.rule_dirs)
    checks = run(doc, settings, analysis)
    attach_source_lines(doc, checks, data, settings.max_bytes)
    result = ReportResult(path=doc.path, format=doc.format, language=doc.language, checks=checks)
    if settings.include_passed:
        from vetlint.extract.silence import unparsed

        result.unjudged = sum(len(u.figures) for u in unparsed(analysis))
    return result


def source_lines(doc: Document, data: bytes | None = None, limit: int = DEFAULT_MAX_BYTES) -> list[str]:
    """The lines that locations refer to: ``Document.text`` for .docx/.pdf, else the file
    (or ``data``) decoded as the readers decode it (lines split on ``\n`` only, as they
    count them), the file read again through the same bounded read (at most ``limit``
    bytes)."""
    from vetlint.files import read_limited
    from vetlint.readers.encoding import decode

    if doc.text is not None:
        return doc.text.split("\n")
    try:
        return decode(data if data is not None else read_limited(doc.path, limit)).split("\n")
    except ReadError:
        return []


def attach_source_lines(
    doc: Document, checks: list[Check], data: bytes | None = None, limit: int = DEFAULT_MAX_BYTES
) -> None:
    """Keep the source line of each failed check (``extra["source"]``) for the console.

    Results cross process boundaries in batches, so the line travels with the
    check rather than the renderer re-reading the file.
    """
    failed = [c for c in checks if not c.passed and c.location.line]
    if not failed:
        return
    lines = source_lines(doc, data, limit)
    for c in failed:
        line = c.location.line
        if line is not None and 1 <= line <= len(lines):
            c.extra.setdefault("source", lines[line - 1])


def check(path: str | Path, settings: Settings | None = None) -> ReportResult:
    """Read and check one report; a read error is returned in the result, not raised.

    Waivers in ``settings`` silence their findings; whether a waiver went
    unused is only known across a whole run (``check_many``).
    """
    settings = settings or Settings()
    return _checked(str(path), settings, lambda: (read(path, settings), None))


def check_data(data: bytes, name: str, settings: Settings | None = None) -> ReportResult:
    """``check`` for a report held in memory (``vetlint check -`` reads stdin): ``name``'s
    extension says the format, and it is the path findings show. Size limits apply."""
    from vetlint.readers import is_container, read_bytes, size_error

    settings = settings or Settings()

    def load() -> tuple[Document, bytes]:
        too_big = size_error(len(data), settings.max_bytes, settings.max_text_bytes,
                             container=is_container(Path(name).suffix, data[:1024]))
        if too_big is not None:
            raise too_big
        return read_bytes(data, name), data

    return _checked(name, settings, load)


def _checked(
    path: str, settings: Settings, load: Callable[[], tuple[Document, bytes | None]]
) -> ReportResult:
    started = time.perf_counter()
    error: ReadError | None = None
    out_of_memory = False
    try:
        doc, data = load()
        result = check_document(doc, settings, data)
    except ReadError as exc:
        error = exc
    except MemoryError:
        out_of_memory = True  # nothing allocated here: the memory is freed once this ends
    if out_of_memory:
        from vetlint.workers import limit_in_force

        error = memory_error(limit_in_force())
    if error is not None:
        return ReportResult(
            path=path,
            format=format_of(path),
            language=settings.lang or "zh",
            error=error.to_dict(),
            seconds=time.perf_counter() - started,
        )
    apply_waivers([result], settings.waivers, report_unused=False)
    result.seconds = time.perf_counter() - started
    return result


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
