"""The pipeline in a few lines, for the CLI and for people working in notebooks.

    >>> import vetlint
    >>> result = vetlint.check("report.docx")
    >>> result.findings            # failed checks, most severe first
    >>> result.to_frame()          # a pandas DataFrame, one row per check
"""

from __future__ import annotations

import time
from dataclasses import dataclass
from pathlib import Path

from vetlint.checks import ReportResult
from vetlint.document import Document
from vetlint.errors import ReadError
from vetlint.readers import format_of, read_path
from vetlint.settings import Settings


@dataclass(slots=True)
class Extraction:
    document: Document
    facts: list  # list[vetlint.extract.facts.Fact]


def read(path: str | Path, settings: Settings | None = None) -> Document:
    settings = settings or Settings()
    return read_path(path, max_bytes=settings.max_bytes)


def extract(path: str | Path, settings: Settings | None = None) -> Extraction:
    from vetlint.extract.facts import extract_facts

    doc = read(path, settings)
    return Extraction(doc, extract_facts(doc))


def check_document(doc: Document, settings: Settings | None = None) -> ReportResult:
    from vetlint.engine.runner import run
    from vetlint.extract.facts import extract_facts

    settings = settings or Settings()
    checks = run(doc, extract_facts(doc), settings)
    return ReportResult(path=doc.path, format=doc.format, language=doc.language, checks=checks)


def check(path: str | Path, settings: Settings | None = None) -> ReportResult:
    """Read and check one report; a read error is returned in the result, not raised."""
    settings = settings or Settings()
    started = time.perf_counter()
    try:
        doc = read(path, settings)
    except ReadError as exc:
        return ReportResult(
            path=str(path),
            format=format_of(path),
            language=settings.lang or "zh",
            error=exc.to_dict(),
            seconds=time.perf_counter() - started,
        )
    result = check_document(doc, settings)
    result.seconds = time.perf_counter() - started
    return result
