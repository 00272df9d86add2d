"""Reading a file named by a user or found in a folder: regular files only, never unbounded.

Every file vetlint reads from disk (reports, ``--previous``, baselines, configuration,
rule packs) comes through here. The size a file reports is not trusted: ``/dev/zero``
and ``/proc`` files say 0 bytes, a file can grow while it is read. So at most
``limit + 1`` bytes are ever read, and anything that is not a regular file (a FIFO
that would block, a device that never ends, a socket) is refused by its type before
a byte is read.
"""

from __future__ import annotations

import os
import stat
from pathlib import Path

from vetlint.errors import ReadError

_CHUNK = 1 << 20
_OPEN_FLAGS = (
    os.O_RDONLY
    | getattr(os, "O_NONBLOCK", 0)  # a file swapped for a FIFO after the check cannot block open()
    | getattr(os, "O_NOCTTY", 0)
    | getattr(os, "O_CLOEXEC", 0)
    | getattr(os, "O_BINARY", 0)
)

_KINDS = (
    (stat.S_ISDIR, "a directory"),
    (stat.S_ISFIFO, "a named pipe (FIFO)"),
    (stat.S_ISCHR, "a character device"),
    (stat.S_ISBLK, "a block device"),
    (stat.S_ISSOCK, "a socket"),
)


class FileTooLarge(ReadError):
    """More than ``limit`` bytes; ``size`` is the size the file reports, when it is larger."""

    code = "too-large"

    def __init__(self, limit: int, size: int | None) -> None:
        shown = f"{size:,} bytes" if size is not None else "larger"
        super().__init__(f"the file is {shown}, over the limit of {limit:,} bytes", code="too-large")
        self.limit = limit
        self.size = size

    def __reduce__(self) -> tuple[object, ...]:
        return (type(self), (self.limit, self.size))


def kind_of(mode: int) -> str | None:
    """What a non-regular file is ("a named pipe (FIFO)", …); None for a regular file."""
    if stat.S_ISREG(mode):
        return None
    return next((name for test, name in _KINDS if test(mode)), "not a regular file")


def _refuse(kind: str) -> ReadError:
    return ReadError(f"is {kind}, not a regular file; it was not read", code="not-a-file")


def open_regular(path: str | Path) -> int:
    """An open descriptor on ``path`` after checking, before and after opening, that it
    is a regular file. Raises ``ReadError`` (``not-found``, ``not-a-file``, ``io-error``)."""
    try:
        kind = kind_of(os.stat(path).st_mode)
    except FileNotFoundError:
        raise ReadError("no such file", code="not-found") from None
    except OSError as exc:
        raise ReadError(f"cannot open the file: {exc.strerror or exc}", code="io-error") from None
    except ValueError:  # a NUL byte in the name
        raise ReadError("not a valid file name", code="not-found") from None
    if kind is not None:
        raise _refuse(kind)
    try:
        fd = os.open(path, _OPEN_FLAGS)
    except OSError as exc:
        raise ReadError(f"cannot open the file: {exc.strerror or exc}", code="io-error") from None
    kind = kind_of(os.fstat(fd).st_mode)
    if kind is not None:  # swapped between the check and the open
        os.close(fd)
        raise _refuse(kind)
    return fd


def read_at_most(fd: int, n: int) -> bytes:
    """Up to ``n`` bytes from ``fd`` (fewer only at the end of the file)."""
    parts: list[bytes] = []
    left = n
    while left > 0:
        try:
            chunk = os.read(fd, min(left, _CHUNK))
        except BlockingIOError:  # pragma: no cover - only a non-regular file blocks
            break
        if not chunk:
            break
        parts.append(chunk)
        left -= len(chunk)
    return b"".join(parts)


def read_limited(path: str | Path, limit: int) -> bytes:
    """The bytes of a regular file of at most ``limit`` bytes; ``FileTooLarge`` beyond.

    A file whose reported size is over the limit is refused unread; one that reports
    less but keeps giving bytes is refused after ``limit + 1`` of them.
    """
    fd = open_regular(path)
    try:
        size = os.fstat(fd).st_size
        if size > limit:
            raise FileTooLarge(limit, size)
        try:
            data = read_at_most(fd, limit + 1)
        except OSError as exc:
            raise ReadError(f"cannot read the file: {exc.strerror or exc}", code="io-error") from None
    finally:
        os.close(fd)
    if len(data) > limit:
        raise FileTooLarge(limit, None)
    return data


def read_text_limited(path: str | Path, limit: int) -> str:
    """``read_limited`` decoded as UTF-8 (a BOM is dropped); ``UnicodeDecodeError`` when not."""
    return read_limited(path, limit).decode("utf-8-sig")


def utf8_text(text: str) -> str:
    """``text`` that encodes as UTF-8: a lone surrogate (a file name that is not UTF-8,
    a ``\\ud800`` in a JSON report) becomes the six characters ``\\udcff``, which inside a
    JSON string is the same escape again."""
    try:
        text.encode("utf-8")
    except UnicodeEncodeError:
        return text.encode("utf-8", "backslashreplace").decode("utf-8")
    return text


def write_text(path: str | Path, text: str, *, append: bool = False) -> None:
    """Write (or append) UTF-8 text; ``OSError`` for a place that cannot be written."""
    with open(path, "a" if append else "w", encoding="utf-8", newline="") as fh:
        fh.write(utf8_text(text))
