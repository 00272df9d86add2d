"""How vetlint marks the Word files it writes, so a batch never checks them as reports.

``vetlint annotate`` writes a copy of the author's .docx with comments; checked again
inside a folder it would double every count. The copy carries a custom document
property (File → Info → Properties → Custom in Word) named ``MARKER``, which
survives renaming; ``is_vetlint_copy`` finds it by reading at most a small part of
the ZIP (a regular file only), without parsing any XML.
"""

from __future__ import annotations

import os
import zipfile
import zlib
from pathlib import Path

from vetlint.errors import ReadError
from vetlint.files import open_regular, read_at_most

MARKER = "vetlint-annotated"
CUSTOM_PART = "docProps/custom.xml"
MAX_PART = 256 * 1024  # a custom-properties part is a few hundred bytes
# the suffix `vetlint annotate` writes by default (batches also skip it by name)
ANNOTATED_SUFFIX = ".checked.docx"


# A copy vetlint wrote has the members of the .docx it came from: a real report holds tens
# to a few hundred. The central directory is checked before ``zipfile`` builds an entry for
# each member, so a folder holding a crafted archive costs the batch nothing.
MAX_MEMBERS = 5000  # ``readers.ooxml.LIMITS.max_members``
MAX_DIRECTORY = 4 * 1024 * 1024  # central directory bytes
_EOCD = b"PK\x05\x06"
_EOCD_SEARCH = 22 + 0xFFFF  # the record and the longest archive comment


def _directory_is_small(fd: int, size: int) -> bool:
    """Whether the archive's end record declares at most ``MAX_MEMBERS`` members in at
    most ``MAX_DIRECTORY`` bytes (a ZIP64 archive, never a .docx vetlint wrote, is not)."""
    start = max(0, size - _EOCD_SEARCH)
    os.lseek(fd, start, os.SEEK_SET)
    tail = read_at_most(fd, size - start)
    at = tail.rfind(_EOCD)
    if at < 0 or len(tail) < at + 22:
        return False
    entries = int.from_bytes(tail[at + 10 : at + 12], "little")
    directory = int.from_bytes(tail[at + 12 : at + 16], "little")
    return entries < 0xFFFF and entries <= MAX_MEMBERS and directory <= MAX_DIRECTORY


def is_vetlint_copy(path: str | Path) -> bool:
    """Whether ``path`` is a .docx that ``vetlint annotate`` wrote.

    Only a regular file is opened (``files.open_regular``: a FIFO or device named
    ``x.docx`` is never opened to block or to stream), and at most its end record, its
    central directory and ``MAX_PART`` bytes of one member are read."""
    p = Path(path)
    if p.name.lower().endswith(ANNOTATED_SUFFIX):
        return True
    if p.suffix.lower() != ".docx":
        return False
    try:
        fd = open_regular(p)
    except ReadError:
        return False
    try:
        if not _directory_is_small(fd, os.fstat(fd).st_size):
            return False
        os.lseek(fd, 0, os.SEEK_SET)
        with os.fdopen(os.dup(fd), "rb") as fh, zipfile.ZipFile(fh) as zf:
            info = zf.getinfo(CUSTOM_PART)
            if info.file_size > MAX_PART:
                return False
            with zf.open(info) as member:
                data = member.read(MAX_PART)
    except (KeyError, OSError, zipfile.BadZipFile, RuntimeError, ValueError, EOFError,
            NotImplementedError, zlib.error):
        return False
    finally:
        os.close(fd)
    return f'name="{MARKER}"'.encode() in data
