"""Worker processes: one report at a time each, under a memory cap, replaced when they die.

A worker is forked from the parent once the rule packs are loaded, lowers its own data
limit (``RLIMIT_DATA``: heap and anonymous memory, not shared libraries; ``RLIMIT_AS``
where that is missing) to ``Settings.max_memory``, then checks the paths the parent sends
over a pipe, one at a time. A report that needs more memory gets a ``MemoryError`` in
the worker instead of the machine's out-of-memory killer, and becomes that report's
``too-large`` error.

The parent always knows which report each worker holds, so a worker that dies (a crash
in a C library, a kill) costs that one report: it gets the error, a fresh worker takes
the dead one's place, the batch keeps its parallelism, and no report is checked twice.
A worker still busy ``GRACE_SECONDS`` after its report's time limit (stuck in C code
the SIGALRM limit cannot interrupt) is killed and its report gets ``timeout``.
"""

from __future__ import annotations

import multiprocessing
import os
import signal
import sys
import time
from collections import deque
from collections.abc import Callable
from dataclasses import dataclass
from multiprocessing.connection import Connection, wait
from typing import Any, Generic, TypeVar

from vetlint.errors import ReadError, VetlintError, memory_error
from vetlint.settings import Settings

try:
    import resource
except ImportError:  # pragma: no cover - Windows
    resource = None  # type: ignore[assignment]

EXIT_OUT_OF_MEMORY = 75  # a worker that ran out of memory outside a report's own handling
GRACE_SECONDS = 10.0
NEAR_CAP = 0.8
MB = 1024 * 1024

T = TypeVar("T")
Task = Callable[[str, Settings], T]
Failed = Callable[[str, dict[str, str]], T]


def available() -> bool:
    """Whether reports can be checked in forked workers (POSIX with ``fork``)."""
    return os.name == "posix" and "fork" in multiprocessing.get_all_start_methods()


def limit_memory(limit: int | None) -> bool:
    """Cap this process's data size at ``limit`` bytes; whether a cap is now in force."""
    if not limit or resource is None:
        return False
    for name in ("RLIMIT_DATA", "RLIMIT_AS"):
        which = getattr(resource, name, None)
        if which is None:
            continue
        _, hard = resource.getrlimit(which)
        soft = limit if hard == resource.RLIM_INFINITY else min(limit, hard)
        try:
            resource.setrlimit(which, (soft, hard))
            return True
        except (ValueError, OSError):  # pragma: no cover - a platform that refuses it
            continue
    return False  # pragma: no cover


def limit_in_force() -> int | None:
    """The data (or address-space) limit of this process in bytes, None when unlimited."""
    if resource is None:
        return None
    for name in ("RLIMIT_DATA", "RLIMIT_AS"):
        which = getattr(resource, name, None)
        if which is not None:
            soft, _ = resource.getrlimit(which)
            if soft != resource.RLIM_INFINITY:
                return soft
    return None


def near_cap() -> bool:
    """Whether this process came close to its memory cap: its peak resident size reached
    ``NEAR_CAP`` of the limit in force. A library that cannot allocate does not always say
    so (zlib's "insufficient memory" is a ``zlib.error``, a PDF then looks corrupt), so an
    error that came with such a peak is the cap's doing, and the worker is replaced."""
    limit = limit_in_force()
    if not limit or resource is None:
        return False
    peak = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss
    peak *= 1 if sys.platform == "darwin" else 1024  # bytes on macOS, KiB elsewhere
    return peak >= NEAR_CAP * limit


def _death(exitcode: int | None, settings: Settings) -> dict[str, str]:
    """Why a worker ended without answering, as its report's error."""
    if exitcode == EXIT_OUT_OF_MEMORY:
        return memory_error(settings.max_memory).to_dict()
    if exitcode is not None and exitcode < 0:
        try:
            name = signal.Signals(-exitcode).name
        except ValueError:
            name = f"signal {-exitcode}"
        why = (
            "it was killed (usually the system running out of memory)"
            if name == "SIGKILL"
            else f"it crashed ({name}) in a library it uses"
        )
        if settings.max_memory and name != "SIGKILL":
            why += f"; a library that cannot get memory under the {settings.max_memory // MB} MB limit can crash this way"
    else:
        why = f"it exited with status {exitcode}"
    return {
        "code": "worker-died",
        "message": f"the process checking this report ended: {why}; the other reports were checked",
    }


def _serve(conn: Connection, settings: Settings, task: Task) -> None:
    """A worker's life: cap memory, then check what the parent sends until told to stop."""
    signal.signal(signal.SIGINT, signal.SIG_IGN)  # the parent handles Ctrl-C and ends us
    limit_memory(settings.max_memory)
    while True:
        try:
            job = conn.recv()
        except (EOFError, OSError):
            return
        if job is None:
            return
        index, path = job
        try:
            answer: tuple[str, Any, bool] = ("done", task(path, settings), near_cap())
        except MemoryError:
            os._exit(EXIT_OUT_OF_MEMORY)  # nothing left to build a message with: the parent says it
        except VetlintError as exc:  # a usage or rule-pack error: the parent raises it
            answer = ("raise", exc, False)
        except Exception as exc:  # a bug in the task: one line for its path, not a dead worker
            answer = ("raise", ReadError(f"vetlint failed on this file ({type(exc).__name__}: {exc})",
                                         code="internal-error"), False)
        try:
            conn.send((index, answer))
        except MemoryError:
            os._exit(EXIT_OUT_OF_MEMORY)
        except OSError:  # the parent is gone
            return


@dataclass(slots=True)
class _Worker:
    process: Any  # multiprocessing.Process
    conn: Connection
    index: int | None = None
    started: float = 0.0


class Pool(Generic[T]):
    """``size`` workers running ``task(path, settings)`` for each path; see the module
    docstring. ``failed(path, error)`` stands for the result of a path whose worker died
    or overran (it may raise instead).
    """

    def __init__(self, size: int, settings: Settings, task: Task[T], failed: Failed[T]) -> None:
        self.size = size
        self.settings = settings
        self.task = task
        self.failed = failed
        self.context = multiprocessing.get_context("fork")
        self.workers: list[_Worker] = []

    def run(self, paths: list[str], advance: Callable[[str], None]) -> list[T]:
        """Results in the order of ``paths``; each path handled exactly once."""
        results: dict[int, T] = {}
        todo = deque(enumerate(paths))
        try:
            for _ in range(min(self.size, len(paths))):
                self._give(self._spawn(), todo)
            while any(w.index is not None for w in self.workers):
                for worker, index, (kind, value, worn) in self._outcomes():
                    if kind == "raise":
                        raise value
                    if kind == "done" and worn:  # it came near its memory cap: a fresh one
                        results[index] = value
                        self._retire(worker)
                        if todo:
                            self._give(self._spawn(), todo)
                    elif kind == "done":
                        results[index] = value
                        self._give(worker, todo)
                    else:  # the worker is gone: its path gets the error, a new worker its place
                        self._retire(worker)
                        results[index] = self.failed(paths[index], value)
                        if todo:
                            self._give(self._spawn(), todo)
                    advance(paths[index])
        finally:
            for worker in list(self.workers):
                self._retire(worker)
        return [results[i] for i in range(len(paths))]

    def _spawn(self) -> _Worker:
        parent, child = self.context.Pipe()
        process = self.context.Process(target=_serve, args=(child, self.settings, self.task), daemon=True)
        sys.stdout.flush()
        sys.stderr.flush()
        process.start()
        child.close()
        worker = _Worker(process, parent)
        self.workers.append(worker)
        return worker

    def _retire(self, worker: _Worker) -> None:
        """Stop a worker: ask an idle one to leave, kill a busy or dead one."""
        if worker.index is None and worker.process.is_alive():
            try:
                worker.conn.send(None)
                worker.process.join(5)
            except OSError:
                pass
        if worker.process.is_alive():
            worker.process.kill()
        worker.process.join()
        worker.conn.close()
        self.workers.remove(worker)

    def _give(self, worker: _Worker, todo: deque[tuple[int, str]]) -> None:
        """The next report to ``worker``, or nothing (it stays idle)."""
        worker.index = None
        if not todo:
            return
        index, path = todo[0]
        try:
            worker.conn.send((index, path))
        except OSError:  # it died idle: the report never started, a fresh worker takes it
            self._retire(worker)
            worker = self._spawn()
            worker.conn.send((index, path))
        todo.popleft()
        worker.index = index
        worker.started = time.monotonic()

    def _outcomes(self) -> list[tuple[_Worker, int, tuple[str, Any, bool]]]:
        """Wait until a busy worker answers, dies or overruns its time; for each, the index
        of its path and the outcome: ``("done", result, worn)``, ``("raise", exception, _)``
        or ``("failed", error, _)``; ``worn``: the worker came near its memory cap."""
        busy = [w for w in self.workers if w.index is not None]
        limit = self.settings.timeout
        wait_for = None
        if limit:
            deadline = min(w.started for w in busy) + limit + GRACE_SECONDS
            wait_for = max(0.0, deadline - time.monotonic())
        ready = set(wait([w.conn for w in busy] + [w.process.sentinel for w in busy], wait_for))
        now = time.monotonic()
        out: list[tuple[_Worker, int, tuple[str, Any, bool]]] = []
        for w in busy:
            index = w.index
            assert index is not None
            if w.conn in ready:
                try:
                    _, answer = w.conn.recv()
                    out.append((w, index, answer))
                    continue
                except (EOFError, OSError):
                    pass  # it died before answering
            elif w.process.sentinel not in ready:
                if limit and now - w.started >= limit + GRACE_SECONDS:
                    out.append((w, index, ("failed", {
                        "code": "timeout",
                        "message": f"checking took longer than {limit:g} s and did not stop at "
                        "the limit, so its process was ended (raise the limit with --timeout)",
                    }, True)))
                continue
            w.process.join()
            out.append((w, index, ("failed", _death(w.process.exitcode, self.settings), True)))
        return out
