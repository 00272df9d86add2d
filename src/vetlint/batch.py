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
from contextlib import contextmanager
from pathlib import Path
from typing import Any, Generic, TypeVar

from vetlint import workers
from vetlint.checks import ReportResult
from vetlint.errors import ReadError, RulePackError, UsageError, memory_error
from vetlint.inputs import Expansion, expand, expand_inputs
from vetlint.readers import format_of
from vetlint.settings import Settings

T = TypeVar("T")

__all__ = [
    "Expansion", "check_one", "expand", "expand_inputs", "run_batch", "run_data", "run_expansion",
    "run_isolated", "time_limit",
]


RETRY_SECONDS = 0.05


class ReportTimeout(BaseException):
    """Raised by the time limit; a BaseException so no ``except Exception`` swallows it."""


@contextmanager
def time_limit(seconds: float | None) -> Iterator[None]:
    """Interrupt the work inside after ``seconds`` (SIGALRM; main thread on POSIX only).

    The regex engine and pure-Python parsing check for signals, so a file built to
    make them crawl is stopped; elsewhere (Windows, a thread) there is no limit. The
    signal can land in code that swallows what it raises (a weakref finalizer or
    ``__del__`` run by the garbage collector): so once expired, it fires again every
    ``RETRY_SECONDS`` until the work inside has stopped.
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
        signal.setitimer(signal.ITIMER_REAL, RETRY_SECONDS)  # in case this one is swallowed
        raise ReportTimeout

    previous = signal.signal(signal.SIGALRM, expire)
    signal.setitimer(signal.ITIMER_REAL, float(seconds))  # type: ignore[arg-type]
    try:
        yield
    finally:
        signal.setitimer(signal.ITIMER_REAL, 0)
        signal.signal(signal.SIGALRM, previous)


def check_one(path: str, settings: Settings, data: bytes | None = None) -> ReportResult:
    """``pipeline.check`` that never raises for one file's sake (a rule-pack error still does;
    so does ``MemoryError``, which the worker running it turns into the report's error).
    With ``data`` (a report read from stdin), ``pipeline.check_data`` of it, named ``path``."""
    from vetlint import pipeline

    limit = settings.timeout
    try:
        with time_limit(limit):
            result = pipeline.check(path, settings) if data is None else pipeline.check_data(data, path, settings)
        if result.error and result.error["code"] in _MAYBE_MEMORY and workers.near_cap():
            result.error = memory_error(workers.limit_in_force()).to_dict()
        if not (settings.keep_passed or settings.include_passed):
            result.drop_passed()
        return result
    except ReportTimeout:
        return _failed(path, settings, {
            "code": "timeout",
            "message": f"checking took longer than {limit:g} s, so it was stopped "
                       "(raise the limit with --timeout)",
        })
    except (RulePackError, UsageError, MemoryError):
        raise
    except ReadError as exc:  # pragma: no cover - pipeline.check returns these already
        return _failed(path, settings, exc.to_dict())
    except Exception as exc:  # an engine bug on one report must not stop the batch
        return _failed(
            path,
            settings,
            {"code": "internal-error", "message": f"vetlint failed on this report ({type(exc).__name__}: {exc})"},
        )


# What a library says when it could not allocate but did not raise MemoryError.
_MAYBE_MEMORY = ("corrupt", "malformed", "no-text")


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

    Even a single report is checked in a worker (``vetlint.workers``), under the memory
    cap and out of harm's way; only where processes cannot be forked is it checked here.
    ``progress`` None shows a bar on stderr when it is a terminal and there is more than
    one report.
    """
    jobs = max(1, jobs or default_jobs())
    if progress is None:
        progress = len(paths) > 1 and sys.stderr.isatty()
    with _Progress(len(paths), progress) as advance:
        if not workers.available():
            return [_in_process(p, settings, advance) for p in paths]
        pool = workers.Pool(min(jobs, len(paths)), settings, check_one,
                            lambda path, error: _failed(path, settings, error))
        return pool.run(paths, advance)


def run_isolated(task: Callable[[str, Settings], T], path: str, settings: Settings) -> T:
    """``task(path, settings)`` for one file in a worker, under the memory cap and the
    time limit (``vetlint extract``); here where workers cannot be forked. A timeout, a
    memory overrun or a dead worker raises ``ReadError``."""
    bounded = _Bounded(task)
    if not workers.available():
        return bounded(path, settings)
    return workers.Pool(1, settings, bounded, _raise).run([path], lambda _path: None)[0]


class _Bounded(Generic[T]):
    """A task under ``settings.timeout``: an overrun is a ``ReadError`` (``timeout``)."""

    def __init__(self, task: Callable[[str, Settings], T]) -> None:
        self.task = task

    def __call__(self, path: str, settings: Settings) -> T:
        try:
            with time_limit(settings.timeout):
                return self.task(path, settings)
        except ReportTimeout:
            raise ReadError(
                f"reading took longer than {settings.timeout:g} s, so it was stopped "
                "(raise the limit with --timeout)", code="timeout",
            ) from None


def _raise(path: str, error: dict[str, str]) -> Any:
    raise ReadError(error["message"], code=error["code"])


def _in_process(
    path: str, settings: Settings, advance: Callable[[str], None], data: bytes | None = None
) -> ReportResult:
    out_of_memory = False
    try:
        result = check_one(path, settings, data)
    except MemoryError:
        out_of_memory = True  # built after the handler: by then the memory is free again
    if out_of_memory:
        result = _failed(path, settings, memory_error(settings.max_memory).to_dict())
    advance(path)
    return result


def run_data(data: bytes, name: str, settings: Settings) -> ReportResult:
    """Check a report held in memory (``vetlint check -``) as ``run_batch`` checks a file:
    in a worker, under the memory cap and the time limit."""
    if not workers.available():
        return _in_process(name, settings, lambda _path: None, data)
    pool = workers.Pool(1, settings, _DataTask(data), lambda path, error: _failed(path, settings, error))
    return pool.run([name], lambda _path: None)[0]


class _DataTask:
    """``check_one`` of bytes already read, for a worker (forked: the bytes come along)."""

    def __init__(self, data: bytes) -> None:
        self.data = data

    def __call__(self, path: str, settings: Settings) -> ReportResult:
        return check_one(path, settings, self.data)


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

        from vetlint.render.escape import one_line

        def advance(path: str) -> None:
            bar.update(task, advance=1, description=one_line(Path(path).name))
            bar.refresh()

        return advance

    def __exit__(self, *exc: object) -> None:
        if self._bar is not None:
            self._bar.__exit__(None, None, None)
