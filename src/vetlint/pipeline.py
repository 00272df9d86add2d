"""One report through the stages: read, analyse, check (and last year's report, read once).

``read`` → ``Document`` (readers), ``extract`` → the document and its one analysis,
``check`` / ``check_data`` / ``check_document`` → a ``ReportResult``. A read error is
returned in the result, never raised. ``vetlint.api`` re-exports these beside the batch
calls; ``vetlint.batch`` runs them in its workers (and imports nothing above this module).
"""


from __future__ import annotations

import time
from collections.abc import Callable
from dataclasses import dataclass
from functools import partial
from pathlib import Path
from typing import Any

from vetlint.baseline import apply_waivers
from vetlint.checks import Check, ReportResult
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
    from vetlint.extract.analysis import analyse_with

    settings = settings or Settings()
    doc = read(path, settings)
    return Extraction(doc, analyse_with(doc, settings.rule_dirs))


def check_document(
    doc: Document, settings: Settings | None = None, data: bytes | None = None
) -> ReportResult:
    """Check a document already read; ``data`` is its file's bytes when not on disk (stdin).

    With ``include_passed`` the result also counts the figures no relation reads
    (``unjudged``: what ``vetlint extract --unparsed`` lists)."""
    from vetlint.engine.runner import run
    from vetlint.extract.analysis import analyse_with

    settings = settings or Settings()
    analysis = analyse_with(doc, settings.rule_dirs)  # a broken lexicon or shapes file raises here
    last_year = partial(_last_years_analysis, settings.previous, settings) if settings.previous else None
    checks = run(doc, settings, analysis, last_year)
    attach_source_lines(doc, checks, data, settings.max_bytes)
    result = ReportResult(path=doc.path, format=doc.format, language=doc.language, checks=checks)
    if settings.keep_documents:  # the HTML page draws the text: read once, here
        result.document = doc
    if settings.include_passed:
        from vetlint.extract.silence import unparsed

        result.unjudged = sum(len(u.figures) for u in unparsed(analysis))
    return result


@dataclass(frozen=True, slots=True)
class Previous:
    """Last year's report (``check --previous``), read and analysed."""

    document: Document
    analysis: Any  # vetlint.extract.analysis.Analysis


_PREVIOUS_KEPT = 4
_previous: dict[tuple[Any, ...], Previous] = {}


def load_previous(path: str, settings: Settings) -> Previous:
    """Last year's report, read and analysed once per (path, size, mtime, limits, language)
    in a process, however many reports of a batch are compared against it.

    Raises ``ReadError`` (naming the file) when it cannot be read.
    """
    from vetlint.extract.analysis import analyse_with

    try:
        stat = Path(path).stat()
    except OSError:
        raise ReadError(f"{path}: no such file", code="not-found") from None
    dirs = tuple(settings.rule_dirs)
    key = (str(Path(path).resolve()), stat.st_size, stat.st_mtime_ns, settings.max_bytes,
           settings.max_text_bytes, dirs)
    hit = _previous.get(key)
    if hit is not None:
        return hit
    try:
        doc = read(path, settings)
    except ReadError as exc:
        raise ReadError(f"{path}: {exc.message}", code=exc.code) from None
    loaded = Previous(doc, analyse_with(doc, dirs))
    if len(_previous) >= _PREVIOUS_KEPT:
        _previous.pop(next(iter(_previous)))
    _previous[key] = loaded
    return loaded


def _last_years_analysis(path: str, settings: Settings) -> Any:
    return load_previous(path, settings).analysis


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
