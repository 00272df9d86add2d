"""Safety checks for OOXML (.docx/.xlsx) packages before any parser sees them.

A report is untrusted input. A ZIP can declare gigabytes that inflate from a
few kilobytes (a zip bomb), hold thousands of members, or carry XML with a
DTD whose entities expand exponentially or read local files. OOXML never
needs a DTD, so any part that declares one is refused outright, whatever the
XML parser's own settings. Everything here reads only the ZIP directory and
the first bytes of each XML part.
"""

from __future__ import annotations

import io
import re
import zipfile
from dataclasses import dataclass

from vetlint.errors import ReadError


@dataclass(frozen=True, slots=True)
class ZipLimits:
    """What a real report package stays far below."""

    max_members: int = 5000
    max_total_bytes: int = 200 * 1024 * 1024  # all members, uncompressed
    max_member_bytes: int = 100 * 1024 * 1024
    max_ratio: float = 200.0  # uncompressed / compressed, for members over ratio_floor
    ratio_floor: int = 1024 * 1024
    xml_prefix_bytes: int = 64 * 1024  # how much of each XML part is scanned for a DTD


LIMITS = ZipLimits()

_DTD = re.compile(rb"<!\s*(?:DOCTYPE|ENTITY)", re.IGNORECASE)


def open_package(data: bytes, kind: str, limits: ZipLimits = LIMITS) -> zipfile.ZipFile:
    """Open ``data`` as a ZIP after checking it is whole and not a bomb.

    ``kind`` (``.docx``, ``.xlsx``) only names the format in messages.
    """
    try:
        zf = zipfile.ZipFile(io.BytesIO(data))
        infos = zf.infolist()
    except (zipfile.BadZipFile, zipfile.LargeZipFile, ValueError, EOFError, OSError):
        raise ReadError(
            f"not a valid {kind} (corrupt or truncated ZIP)", code="corrupt"
        ) from None
    check_members(infos, kind, limits)
    return zf


def check_members(infos: list[zipfile.ZipInfo], kind: str, limits: ZipLimits = LIMITS) -> None:
    """Refuse packages whose directory promises more than a report can need."""
    if len(infos) > limits.max_members:
        raise ReadError(
            f"refusing {kind}: {len(infos)} ZIP members (limit {limits.max_members})",
            code="unsafe-file",
        )
    total = 0
    for info in infos:
        if info.flag_bits & 0x1:
            raise ReadError(f"the {kind} is encrypted (password-protected)", code="encrypted")
        size = info.file_size
        total += size
        ratio = size / max(info.compress_size, 1)
        if size > limits.max_member_bytes or (
            size > limits.ratio_floor and ratio > limits.max_ratio
        ):
            raise ReadError(
                f"refusing {kind}: member {info.filename!r} inflates to "
                f"{size / 1048576:.0f} MB ({ratio:.0f}:1 compression; possible zip bomb)",
                code="unsafe-file",
            )
    if total > limits.max_total_bytes:
        raise ReadError(
            f"refusing {kind}: contents inflate to {total / 1048576:.0f} MB "
            f"(limit {limits.max_total_bytes / 1048576:.0f} MB; possible zip bomb)",
            code="unsafe-file",
        )


def refuse_dtd(zf: zipfile.ZipFile, kind: str, limits: ZipLimits = LIMITS) -> None:
    """Refuse any XML part that declares a DOCTYPE or ENTITY (XXE, billion laughs)."""
    for info in zf.infolist():
        name = info.filename.lower()
        if not name.endswith((".xml", ".rels", ".vml")):
            continue
        try:
            with zf.open(info) as fh:
                head = fh.read(limits.xml_prefix_bytes)
        except (zipfile.BadZipFile, EOFError, OSError, ValueError, NotImplementedError):
            raise ReadError(
                f"not a valid {kind} (corrupt or truncated ZIP)", code="corrupt"
            ) from None
        if _DTD.search(head):
            raise ReadError(
                f"refusing {kind}: {info.filename} declares a DTD/entities "
                "(not used by Office; possible XML attack)",
                code="unsafe-file",
            )


def check_package(data: bytes, kind: str, required: str, limits: ZipLimits = LIMITS) -> None:
    """All the checks, plus the one part that makes the file a ``kind`` at all."""
    with open_package(data, kind, limits) as zf:
        if required not in zf.namelist():
            raise ReadError(
                f"not a valid {kind} (the ZIP has no {required})", code="wrong-format"
            )
        refuse_dtd(zf, kind, limits)
