"""Many reports at once: expand paths, check them in parallel, keep input order.

Every input ends up in the results, checked or with its read error; one bad
file never stops the others. A missing path given explicitly (or a glob or
folder with no reports) is a usage error: the command cannot do what was asked.
"""

from __future__ import annotations

import glob
import os
import signal
import sys
import threading
from collections.abc import Callable, Iterable, Iterator
from concurrent.futures import ProcessPoolExecutor
from concurrent.futures.process import BrokenProcessPool
from contextlib import contextmanager
from pathlib import Path

from vetlint.checks import ReportResult
from vetlint.errors import ReadError, RulePackError, UsageError
from vetlint.marker import is_vetlint_copy
from vetlint.readers import FORMATS, format_of
from vetlint.settings import Settings

_GLOB_CHARS = set("*?[")


def expand_inputs(paths: Iterable[str], skipped: list[str] | None = None) -> list[str]:
    """Files as given, folders recursed for supported extensions (sorted), globs expanded.

    Duplicates are dropped (first occurrence wins). A file given explicitly is
    kept whatever its extension, so an unsupported one becomes a read error.
    Folders and globs leave out the commented copies ``vetlint annotate`` wrote
    (they would count every finding twice); those go to ``skipped``.
    """
    out: list[str] = []
    seen: set[str] = set()

    def add(p: str, found: bool = True) -> None:
        key = os.path.normpath(p)
        if key in seen:
            return
        seen.add(key)
        if found and is_vetlint_copy(p):
            if skipped is not None:
                skipped.append(p)
            return
        out.append(p)

    for raw in paths:
        p = Path(raw)
        if p.is_dir():
            found = _reports_in(p)
            if not found:
                raise UsageError(f"{raw}: no reports found in this folder")
            before = len(out)
            for f in found:
                add(f)
            if len(out) == before and all(is_vetlint_copy(f) for f in found):
                raise UsageError(f"{raw}: no reports in this folder, only copies written by "
                                 "vetlint annotate")
        elif p.exists():
            add(raw, found=False)  # named on purpose: checked whatever it is
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
        and seconds > 0
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
