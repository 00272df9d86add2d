"""Many reports at once: check them in parallel, keep input order.

Every input ends up in the results, checked or with its read error; one bad
file never stops the others. A missing path given explicitly (or a glob or
folder with no reports) is a usage error: the command cannot do what was asked.
"""

from __future__ import annotations

import math
import os
import signal
import sys
import threading
from collections.abc import Callable, Iterator
from concurrent.futures import ProcessPoolExecutor
from concurrent.futures.process import BrokenProcessPool
from contextlib import contextmanager
from pathlib import Path

from vetlint.checks import ReportResult
from vetlint.errors import ReadError, RulePackError, UsageError
from vetlint.inputs import Expansion, expand, expand_inputs
from vetlint.readers import format_of
from vetlint.settings import Settings

__all__ = ["Expansion", "check_one", "expand", "expand_inputs", "run_batch", "run_expansion", "time_limit"]


class ReportTimeout(BaseException):
    """Raised by the time limit; a BaseException so no ``except Exception`` swallows it."""


@contextmanager
def time_limit(seconds: float | None) -> Iterator[None]:
    """Interrupt the work inside after ``seconds`` (SIGALRM; main thread on POSIX only).

    The regex engine and pure-Python parsing check for signals, so a file built to
    make them crawl is stopped; elsewhere (Windows, a thread) there is no limit.
    """
    usable = (
        seconds
        and 0 < seconds < math.inf  # inf: no limit (setitimer would overflow)
        and hasattr(signal, "setitimer")
        and threading.current_thread() is threading.main_thread()
    )
    if not usable:
        yield
        return

    def expire(_signum: int, _frame: object) -> None:
        raise ReportTimeout

    previous = signal.signal(signal.SIGALRM, expire)
    signal.setitimer(signal.ITIMER_REAL, float(seconds))  # type: ignore[arg-type]
    try:
        yield
    finally:
        signal.setitimer(signal.ITIMER_REAL, 0)
        signal.signal(signal.SIGALRM, previous)


def check_one(path: str, settings: Settings) -> ReportResult:
    """``api.check`` that never raises for one file's sake (a rule-pack error still does)."""
    from vetlint import api

    limit = settings.timeout
    try:
        with time_limit(limit):
            result = api.check(path, settings)
        if not (settings.keep_passed or settings.include_passed):
            result.drop_passed()
        return result
    except ReportTimeout:
        return _failed(path, settings, {
            "code": "timeout",
            "message": f"checking took longer than {limit:g} s, so it was stopped "
                       "(raise the limit with --timeout)",
        })
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
        done: list[ReportResult] = []
        try:
            _pooled(paths, settings, workers, chunk, done, advance)
            return done
        except BrokenProcessPool:
            # a worker died (killed for memory, a crash in a C library): keep what is
            # done, then check the rest one by one so only the culprit is lost
            for p in paths[len(done) :]:
                done.append(_isolated(p, settings))
                advance(p)
            return done


def run_expansion(
    expansion: Expansion,
    settings: Settings,
    *,
    jobs: int | None = None,
    progress: bool | None = None,
) -> list[ReportResult]:
    """``run_batch`` over what ``expand`` found; a path it refused (a link out of the
    folder given) keeps its place with its error, unread."""
    checked = iter(run_batch(expansion.files, settings, jobs=jobs, progress=progress))
    return [
        _failed(p, settings, expansion.refused[p]) if p in expansion.refused else next(checked)
        for p in expansion.paths
    ]


def _pooled(
    paths: list[str], settings: Settings, workers: int, chunk: int,
    done: list[ReportResult], advance: Callable[[str], None],
) -> None:
    # The platform's default start method: on Linux workers fork from this
    # process and inherit its loaded rule packs and unit registry.
    with ProcessPoolExecutor(max_workers=workers) as pool:
        outcomes = pool.map(check_one, paths, [settings] * len(paths), chunksize=chunk)
        for p, result in zip(paths, outcomes, strict=True):
            done.append(result)
            advance(p)


def _isolated(path: str, settings: Settings) -> ReportResult:
    """One report in a process of its own: if that process dies, only this report is lost."""
    try:
        with ProcessPoolExecutor(max_workers=1) as pool:
            return pool.submit(check_one, path, settings).result()
    except BrokenProcessPool:
        return _failed(path, settings, {
            "code": "worker-died",
            "message": "the process checking this report died (out of memory, or a crash "
                       "in a library it uses); the other reports were checked",
        })


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
