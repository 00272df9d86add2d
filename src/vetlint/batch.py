"""Many reports at once: expand paths, check them in parallel, keep input order.

Every input ends up in the results, checked or with its read error; one bad
file never stops the others. A missing path given explicitly (or a glob or
folder with no reports) is a usage error: the command cannot do what was asked.
"""

from __future__ import annotations

import glob
import os
import sys
from collections.abc import Callable, Iterable
from concurrent.futures import ProcessPoolExecutor
from concurrent.futures.process import BrokenProcessPool
from pathlib import Path

from vetlint.checks import ReportResult
from vetlint.errors import ReadError, RulePackError, UsageError, VetlintError
from vetlint.readers import FORMATS, format_of
from vetlint.settings import Settings

_GLOB_CHARS = set("*?[")


def expand_inputs(paths: Iterable[str]) -> list[str]:
    """Files as given, folders recursed for supported extensions (sorted), globs expanded.

    Duplicates are dropped (first occurrence wins). A file given explicitly is
    kept whatever its extension, so an unsupported one becomes a read error.
    """
    out: list[str] = []
    seen: set[str] = set()

    def add(p: str) -> None:
        key = os.path.normpath(p)
        if key not in seen:
            seen.add(key)
            out.append(p)

    for raw in paths:
        p = Path(raw)
        if p.is_dir():
            found = _reports_in(p)
            if not found:
                raise UsageError(f"{raw}: no reports found in this folder")
            for f in found:
                add(f)
        elif p.exists():
            add(raw)
        elif _GLOB_CHARS & set(raw):
            matches = sorted(glob.glob(raw, recursive=True))
            files = [m for m in matches if Path(m).is_file()]
            for m in matches:
                if Path(m).is_dir():
                    files.extend(_reports_in(Path(m)))
            if not files:
                raise UsageError(f"{raw}: no files match this pattern")
            for f in files:
                add(f)
        else:
            raise UsageError(f"{raw}: no such file or directory")
    return out


def _reports_in(folder: Path) -> list[str]:
    found = [
        str(f)
        for f in folder.rglob("*")
        if f.is_file()
        and f.suffix.lower() in FORMATS
        and not any(part.startswith(".") for part in f.relative_to(folder).parts)
    ]
    return sorted(found)


def check_one(path: str, settings: Settings) -> ReportResult:
    """``api.check`` that never raises for one file's sake (a rule-pack error still does)."""
    from vetlint import api

    try:
        return api.check(path, settings)
    except (RulePackError, UsageError):
        raise
    except ReadError as exc:  # pragma: no cover - api.check returns these already
        return _failed(path, settings, exc.to_dict())
    except Exception as exc:  # an engine bug on one report must not stop the batch
        return _failed(
            path,
            settings,
            {"code": "internal-error", "message": f"vetlint failed on this report ({type(exc).__name__}: {exc})"},
        )


def _failed(path: str, settings: Settings, error: dict[str, str]) -> ReportResult:
    return ReportResult(path=path, format=format_of(path), language=settings.lang or "zh", error=error)


def default_jobs() -> int:
    return os.cpu_count() or 1


def run_batch(
    paths: list[str],
    settings: Settings,
    *,
    jobs: int | None = None,
    progress: bool | None = None,
) -> list[ReportResult]:
    """Check ``paths`` with ``jobs`` worker processes; results in input order.

    ``progress`` None shows a bar on stderr when it is a terminal and there is
    more than one report.
    """
    jobs = max(1, jobs or default_jobs())
    if progress is None:
        progress = len(paths) > 1 and sys.stderr.isatty()
    with _Progress(len(paths), progress) as advance:
        if jobs == 1 or len(paths) < 2:
            results = []
            for p in paths:
                results.append(check_one(p, settings))
                advance(p)
            return results
        workers = min(jobs, len(paths))
        chunk = max(1, min(8, len(paths) // (workers * 4)))
        # The platform's default start method: on Linux workers fork from this
        # process and inherit its loaded rule packs and unit registry.
        try:
            with ProcessPoolExecutor(max_workers=workers) as pool:
                results = []
                outcomes = pool.map(check_one, paths, [settings] * len(paths), chunksize=chunk)
                for p, result in zip(paths, outcomes, strict=True):
                    results.append(result)
                    advance(p)
                return results
        except BrokenProcessPool:
            raise VetlintError(
                "a worker process died (out of memory?); try fewer --jobs", code="worker-died"
            ) from None


class _Progress:
    """A rich progress bar on stderr, or nothing; imported only when shown."""

    def __init__(self, total: int, show: bool) -> None:
        self.total = total
        self.show = show
        self._bar = None
        self._task = None

    def __enter__(self) -> Callable[[str], None]:
        if not self.show:
            return lambda _path: None
        from rich.console import Console
        from rich.progress import BarColumn, MofNCompleteColumn, Progress, TextColumn

        self._bar = Progress(
            TextColumn("vetlint"),
            BarColumn(),
            MofNCompleteColumn(),
            TextColumn("{task.description}"),
            console=Console(stderr=True),
            transient=True,
            auto_refresh=False,  # no refresh thread: worker processes may fork from this one
        )
        self._bar.__enter__()
        self._task = self._bar.add_task("", total=self.total)
        bar, task = self._bar, self._task

        def advance(path: str) -> None:
            bar.update(task, advance=1, description=Path(path).name)
            bar.refresh()

        return advance

    def __exit__(self, *exc: object) -> None:
        if self._bar is not None:
            self._bar.__exit__(None, None, None)
