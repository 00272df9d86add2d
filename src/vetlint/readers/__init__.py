"""Readers: bytes in, Document out. One module per format; this module picks one.

Every reader module exposes ``read(data: bytes, path: str) -> Document`` and
raises ``ReadError`` for input it cannot read. ``read_path`` adds what every
format needs: a size limit, a clear error for empty or mislabelled files, and
a guarantee that no exception other than ``ReadError`` escapes.
"""

from __future__ import annotations

import importlib
import os
from dataclasses import replace
from pathlib import Path

from vetlint.document import Document, Table
from vetlint.errors import ReadError

DEFAULT_MAX_BYTES = 50 * 1024 * 1024
# Plain-text formats get a lower limit: every byte of them is text for the later stages,
# and checking time grows faster than the size (measured on 2 cores: 1 MB of report text
# ~6 s, 2 MB ~11 s, 5 MB ~51 s). Real reports as text are at most about 1 MB, and
# Word-exported HTML carries markup, so 2 MB leaves room without letting one file take
# minutes. .docx/.xlsx/.pdf keep DEFAULT_MAX_BYTES: their text is bounded by MAX_TEXT_RATIO.
DEFAULT_MAX_TEXT_BYTES = 2 * 1024 * 1024
# Characters of text a file may read as, per byte of it (and at least MIN_TEXT_LIMIT):
# a report's text is a few times its compressed size, never a hundred times. More is
# a file built to expand (cells sharing one long string, YAML aliases) that would keep
# every later stage busy for hours.
MAX_TEXT_RATIO = 100
MIN_TEXT_LIMIT = 2_000_000

FORMATS: dict[str, str] = {
    ".txt": "text",
    ".text": "text",
    ".md": "markdown",
    ".markdown": "markdown",
    ".html": "html",
    ".htm": "html",
    ".csv": "sheet",
    ".tsv": "sheet",
    ".xlsx": "sheet",
    ".xlsm": "sheet",
    ".docx": "docx",
    ".pdf": "pdf",
    ".json": "structured",
    ".yaml": "structured",
    ".yml": "structured",
}

_ZIP_FORMATS = {".docx", ".xlsx", ".xlsm"}
_ZIP_MAGIC = b"PK\x03\x04"
# An OLE compound file: what Office writes for an encrypted .docx/.xlsx, and for the
# legacy .doc/.xls formats (often renamed to the new extension).
_OLE_MAGIC = b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1"


def supported_extensions() -> list[str]:
    return sorted(FORMATS)


def format_of(path: str | Path) -> str | None:
    return FORMATS.get(Path(path).suffix.lower())


def read_bytes(data: bytes, path: str) -> Document:
    """Read ``data`` as the format its name says; only ``ReadError`` escapes."""
    suffix = Path(path).suffix.lower()
    name = FORMATS.get(suffix)
    if name is None:
        if suffix in (".doc", ".xls"):
            raise ReadError(
                f"legacy {suffix} files are not supported: save it as {suffix}x "
                f"/ 不支持旧版 {suffix} 格式，请另存为 {suffix}x",
                code="unsupported-format",
            )
        known = ", ".join(supported_extensions())
        raise ReadError(
            f"unsupported file type '{suffix or '(none)'}' (supported: {known})",
            code="unsupported-format",
        )
    if not data.strip():
        raise ReadError("the file is empty", code="empty-file")
    if suffix in _ZIP_FORMATS and data.startswith(_OLE_MAGIC):
        raise ReadError(
            f"not a readable {suffix} file: it is encrypted, or a legacy .doc/.xls file: "
            "save it as .docx/.xlsx (without a password) / 文件已加密或为旧版 .doc/.xls 格式，"
            "请另存为 .docx/.xlsx（不设密码）",
            code="wrong-format",
        )
    if suffix in _ZIP_FORMATS and not data.startswith(_ZIP_MAGIC):
        raise ReadError(f"not a {suffix} file (it is not a ZIP/OOXML package)", code="wrong-format")
    if suffix == ".pdf" and b"%PDF-" not in data[:1024]:
        raise ReadError("not a PDF file (no %PDF- header)", code="wrong-format")
    from vetlint.readers import budgets

    budgets.before_parsing(name, data)
    module = importlib.import_module(f"vetlint.readers.{name}")
    try:
        doc = unique_table_ids(module.read(data, path))
        _check_expansion(doc, len(data))
        budgets.after_reading(doc)
        return doc
    except ReadError as exc:
        if _ran_out_of_memory(exc):  # a reader's "corrupt" that was really the memory cap
            raise MemoryError from None
        raise
    except MemoryError:
        raise  # the caller knows the limit that was hit (``api.check``, the workers)
    except RecursionError:
        raise ReadError("the file is nested too deeply to read", code="malformed") from None
    except Exception as exc:  # a reader bug or a malformed file: never a traceback
        raise ReadError(
            f"could not read the file ({type(exc).__name__}: {exc})", code="malformed"
        ) from exc


def _ran_out_of_memory(exc: BaseException) -> bool:
    """Whether a ``MemoryError`` is behind ``exc``: as its context or cause, or wrapped as
    the first argument of a library's own exception (pdfplumber's ``PdfminerException``)."""
    seen: set[int] = set()
    todo: list[object] = [exc]
    while todo:
        e = todo.pop()
        if not isinstance(e, BaseException) or id(e) in seen or len(seen) > 20:
            continue
        if isinstance(e, MemoryError):
            return True
        seen.add(id(e))
        todo += [e.__context__, e.__cause__, *(e.args[:1] if e.args else [])]
    return False


def unique_table_ids(doc: Document) -> Document:
    """Give a table numbered like an earlier one (two 表3-6) the id ``表3-6#2``.

    The printed number stays in the caption; the id must be unique so that
    findings, baselines and cross-format comparisons can name the table.
    Applied to every format, so the same report gets the same ids.
    """
    seen: dict[str, int] = {}
    for i, block in enumerate(doc.blocks):
        if not isinstance(block, Table):
            continue
        base = block.id.split("#", 1)[0]
        seen[base] = seen.get(base, 0) + 1
        wanted = base if seen[base] == 1 else f"{base}#{seen[base]}"
        if block.id != wanted:
            doc.blocks[i] = _renamed(block, wanted)
    return doc


def _renamed(table: Table, new_id: str) -> Table:
    rows = [
        [replace(c, location=replace(c.location, table=new_id)) for c in row] for row in table.rows
    ]
    return replace(table, id=new_id, rows=rows, location=replace(table.location, table=new_id))


def text_limit(size: int) -> int:
    """How many characters of text a file of ``size`` bytes may read as."""
    return max(MIN_TEXT_LIMIT, MAX_TEXT_RATIO * size)


def expansion_error(size: int, limit: int) -> ReadError:
    """The error for a file whose text passes ``limit`` (readers may raise it early)."""
    return ReadError(
        f"refusing the file: its {size / 1024:.0f} KB expand to over {limit:,} characters "
        "of text (the same text referenced again and again)",
        code="unsafe-file",
    )


def _check_expansion(doc: Document, size: int) -> None:
    """Refuse a document whose text is out of all proportion to its file."""
    limit = text_limit(size)
    total = len(doc.text or "")
    for block in doc.blocks:
        if isinstance(block, Table):
            total += sum(len(c.text) for row in block.rows for c in row)
        else:
            total += len(block.text)
        if total > limit:
            raise expansion_error(size, limit)


def is_container(suffix: str, head: bytes) -> bool:
    """Whether a file is a binary container (.docx/.xlsx/.pdf) by its name *and* its bytes.

    Anything else is read as text, whatever its name says (a .xlsx that is really a
    CSV, a .pdf that is an HTML page), so the text-size limit is the one that applies.
    """
    suffix = suffix.lower()
    if suffix in _ZIP_FORMATS:
        return head.startswith(_ZIP_MAGIC)
    return suffix == ".pdf" and b"%PDF-" in head[:1024]


def _megabytes(n: int) -> str:
    return f"{round(n / 1048576, 3):g}"


def _file_size(n: int) -> str:
    return f"{n / 1048576:.1f} MB" if n >= 1048576 else f"{n / 1024:.0f} KB"


def size_error(
    size: int, max_bytes: int, max_text_bytes: int, *, container: bool
) -> ReadError | None:
    """The error for a file of ``size`` bytes over its limit, naming the option that raises it."""
    if container or max_bytes <= max_text_bytes:
        if size <= max_bytes:
            return None
        return ReadError(
            f"the file is {_file_size(size)}, over the {_megabytes(max_bytes)} MB limit "
            "(raise it with --max-size or max-size in the configuration) / "
            f"文件大小 {_file_size(size)}，超过 {_megabytes(max_bytes)} MB 的上限"
            "（可用 --max-size 或配置项 max-size 调高）",
            code="too-large",
        )
    if size <= max_text_bytes:
        return None
    return ReadError(
        f"the file is {_file_size(size)} of text, over the {_megabytes(max_text_bytes)} MB "
        "limit for text formats (raise it with --max-text-size or max-text-size in the "
        f"configuration) / 文本文件大小 {_file_size(size)}，超过文本格式 "
        f"{_megabytes(max_text_bytes)} MB 的上限（可用 --max-text-size 或配置项 max-text-size 调高）",
        code="too-large",
    )


def read_path(
    path: str | Path,
    *,
    max_bytes: int = DEFAULT_MAX_BYTES,
    max_text_bytes: int = DEFAULT_MAX_TEXT_BYTES,
) -> Document:
    """Read a report from disk; refuse it unread when over its size limit.

    ``max_bytes`` bounds every file; ``max_text_bytes`` also bounds whatever is not a
    binary container (decided from the first bytes, see ``is_container``). The size the
    file reports is not trusted: at most the limit plus one byte is read
    (``vetlint.files``), and a FIFO, device or socket is refused by its type.
    """
    from vetlint.files import open_regular, read_at_most

    fd = open_regular(path)
    try:
        size = os.fstat(fd).st_size
        head = read_at_most(fd, 1024)
        container = is_container(Path(path).suffix, head)
        limit = max_bytes if container else min(max_bytes, max_text_bytes)
        error = size_error(size, max_bytes, max_text_bytes, container=container)
        if error is not None:
            raise error
        data = head
        if len(head) == 1024:
            data += read_at_most(fd, limit + 1 - len(head))
    except OSError as exc:
        raise ReadError(f"cannot read the file: {exc.strerror or exc}", code="io-error") from None
    finally:
        os.close(fd)
    if len(data) > limit:  # it said it was smaller: a file that grew, or a special file
        error = size_error(len(data), max_bytes, max_text_bytes, container=container)
        raise error or ReadError("the file is over the size limit", code="too-large")
    return read_bytes(data, str(path))
