"""OOXML (.docx/.xlsx) packages: safety checks before any parser, then bounded part parsing.

A report is untrusted input. A ZIP can declare gigabytes that inflate from a
few kilobytes (a zip bomb), hold thousands of members, or carry XML with a
DTD whose entities expand exponentially or read local files. OOXML never
needs a DTD, so any member that declares one is refused outright, whatever
its name and wherever in it the declaration stands (every member that is XML
by its first bytes is scanned whole, as it inflates, in bounded chunks).

``Package`` then gives the readers what they need of the package: content
types, relationships and parts parsed as XML with a byte budget and element
budgets checked while the part streams in, so a part built to be huge is
refused before its tree fills memory.
"""

from __future__ import annotations

import codecs
import io
import posixpath
import re
import zipfile
import zlib
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass

from lxml import etree

from vetlint.errors import ReadError


@dataclass(frozen=True, slots=True)
class ZipLimits:
    """What a real report package stays far below."""

    max_members: int = 5000
    max_total_bytes: int = 200 * 1024 * 1024  # all members, uncompressed
    max_member_bytes: int = 100 * 1024 * 1024
    max_ratio: float = 200.0  # uncompressed / compressed, for members over ratio_floor
    ratio_floor: int = 1024 * 1024


LIMITS = ZipLimits()
CHUNK = 1 << 20
# Whitespace between "<!" and the keyword is not XML, but a lenient parser might take it.
_DTD = re.compile(rb"<!\s{0,64}(?:DOCTYPE|ENTITY)", re.IGNORECASE)
_OVERLAP = 80  # bytes kept between chunks so a declaration split by a chunk edge is seen
_XML_START = re.compile(rb"^(?:\xef\xbb\xbf)?[ \t\r\n]*<")
_UTF16 = ((codecs.BOM_UTF16_LE, "utf-16-le"), (codecs.BOM_UTF16_BE, "utf-16-be"),
          (b"<\x00", "utf-16-le"), (b"\x00<", "utf-16-be"))

NS_REL = "http://schemas.openxmlformats.org/package/2006/relationships"
NS_CT = "http://schemas.openxmlformats.org/package/2006/content-types"
NS_R = "http://schemas.openxmlformats.org/officeDocument/2006/relationships"
REL_OFFICE_DOCUMENT = f"{NS_R}/officeDocument"
_RELATIONSHIP = f"{{{NS_REL}}}Relationship"


def _corrupt(kind: str) -> ReadError:
    return ReadError(f"not a valid {kind} (corrupt or truncated ZIP)", code="corrupt")


def open_package(data: bytes, kind: str, limits: ZipLimits = LIMITS) -> zipfile.ZipFile:
    """Open ``data`` as a ZIP after checking it is whole and not a bomb.

    ``kind`` (``.docx``, ``.xlsx``) only names the format in messages.
    """
    try:
        zf = zipfile.ZipFile(io.BytesIO(data))
        infos = zf.infolist()
    except (zipfile.BadZipFile, zipfile.LargeZipFile, ValueError, EOFError, OSError):
        raise _corrupt(kind) from None
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


def _declares_dtd(fh) -> tuple[bool, bytes | None]:
    """Whether the XML member read from ``fh`` declares a DTD or entities anywhere, and
    the member's bytes when they came in one chunk (so they need not inflate again).

    A member that does not start like XML (a picture, an embedded binary) is left
    alone: no XML parser would read it. UTF-16 XML is decoded before the search.
    """
    first = fh.read(CHUNK)
    whole = first if len(first) < CHUNK else None
    decoder = None
    for mark, encoding in _UTF16:
        if first.startswith(mark):
            decoder = codecs.getincrementaldecoder(encoding)(errors="replace")
            break
    if decoder is None and not _XML_START.match(first[:4096]):
        return False, None
    tail = b""
    chunk = first
    while chunk:
        if decoder is not None:
            chunk = decoder.decode(chunk).encode("utf-8")
        window = tail + chunk
        if _DTD.search(window):
            return True, None
        tail = window[-_OVERLAP:]
        chunk = fh.read(CHUNK) if whole is None else b""
    return False, whole


def refuse_dtd(zf: zipfile.ZipFile, kind: str, keep: dict[str, bytes] | None = None) -> None:
    """Refuse any member that declares a DOCTYPE or ENTITY (XXE, billion laughs).

    ``keep`` collects the small XML members as read, for parsing them without
    inflating them a second time.
    """
    for info in zf.infolist():
        if info.is_dir():
            continue
        try:
            with zf.open(info) as fh:
                found, whole = _declares_dtd(fh)
        except (zipfile.BadZipFile, EOFError, OSError, ValueError, NotImplementedError,
                zlib.error):
            raise _corrupt(kind) from None
        if found:
            raise ReadError(
                f"refusing {kind}: {info.filename} declares a DTD/entities "
                "(not used by Office; possible XML attack)",
                code="unsafe-file",
            )
        if keep is not None and whole is not None:
            keep[info.filename] = whole


def check_package(data: bytes, kind: str, required: str, limits: ZipLimits = LIMITS) -> None:
    """All the checks, plus the one part that makes the file a ``kind`` at all."""
    with open_package(data, kind, limits) as zf:
        _require(zf, kind, required)
        refuse_dtd(zf, kind)


def _require(zf: zipfile.ZipFile, kind: str, required: str) -> None:
    if required not in zf.namelist():
        raise ReadError(f"not a valid {kind} (the ZIP has no {required})", code="wrong-format")


def safe_parser() -> etree.XMLParser:
    """An XML parser that resolves nothing and fetches nothing (the DTD scan comes first)."""
    return etree.XMLParser(resolve_entities=False, no_network=True, load_dtd=False,
                           huge_tree=False)


def parse_bytes(data: bytes) -> etree._Element | None:
    """A small part already in memory (from another library's package); None if broken."""
    if _DTD.search(data):
        return None
    try:
        return etree.fromstring(data, safe_parser())
    except etree.XMLSyntaxError:
        return None


@dataclass(frozen=True, slots=True)
class Budget:
    """How much of one part may be parsed: bytes, and elements of the named tags."""

    max_bytes: int
    max_elements: int = 0  # 0: not counted
    tags: tuple[str, ...] = ()
    what: str = "elements"  # names the counted elements in the message


class Package:
    """A checked OOXML package: parts by name, their content types and relationships."""

    def __init__(self, data: bytes, kind: str, required: str = "[Content_Types].xml",
                 limits: ZipLimits = LIMITS) -> None:
        self.kind = kind
        self.zf = open_package(data, kind, limits)
        _require(self.zf, kind, required)
        self._kept: dict[str, bytes] = {}  # small XML members, as the DTD scan read them
        refuse_dtd(self.zf, kind, self._kept)
        self.names = set(self.zf.namelist())
        self._types: tuple[dict[str, str], dict[str, str]] | None = None

    def close(self) -> None:
        self.zf.close()

    def __enter__(self) -> Package:
        return self

    def __exit__(self, *exc: object) -> None:
        self.close()

    # -- content types and relationships -----------------------------------------
    def content_type(self, part: str) -> str | None:
        """The content type of ``part`` (a name without the leading ``/``)."""
        if self._types is None:
            overrides: dict[str, str] = {}
            defaults: dict[str, str] = {}
            root = self.xml("[Content_Types].xml", Budget(4 << 20))
            for child in root:
                if child.tag == f"{{{NS_CT}}}Override":
                    overrides[(child.get("PartName") or "").lstrip("/").lower()] = (
                        child.get("ContentType") or "")
                elif child.tag == f"{{{NS_CT}}}Default":
                    defaults[(child.get("Extension") or "").lower()] = child.get("ContentType") or ""
            self._types = (overrides, defaults)
        overrides, defaults = self._types
        found = overrides.get(part.lower())
        if found is None:
            found = defaults.get(posixpath.splitext(part)[1].lstrip(".").lower())
        return found

    def rels(self, part: str) -> dict[str, tuple[str, str]]:
        """``rId`` → (relationship type, target part name) of ``part`` ("" for the package)."""
        folder, name = posixpath.split(part)
        rels_name = posixpath.join(folder, "_rels", f"{name}.rels")
        if rels_name not in self.names:
            return {}
        out: dict[str, tuple[str, str]] = {}
        for rel in self.xml(rels_name, Budget(4 << 20)).iter(_RELATIONSHIP):
            if rel.get("TargetMode") == "External":
                continue
            target = rel.get("Target") or ""
            if target.startswith("/"):
                resolved = target.lstrip("/")
            else:
                resolved = posixpath.normpath(posixpath.join(folder, target))
            out[rel.get("Id") or ""] = (rel.get("Type") or "", resolved)
        return out

    def main_part(self) -> str | None:
        """The part the package's officeDocument relationship points at."""
        for rel_type, target in self.rels("").values():
            if rel_type == REL_OFFICE_DOCUMENT or rel_type.endswith("/officeDocument"):
                return target
        return None

    def related(self, part: str, rel_type: str) -> list[str]:
        """Targets of ``part``'s relationships of ``rel_type`` (its last path segment)."""
        return [target for kind, target in self.rels(part).values()
                if kind.rsplit("/", 1)[-1] == rel_type and target in self.names]

    # -- parts -----------------------------------------------------------------
    def xml(self, part: str, budget: Budget) -> etree._Element:
        """Parse ``part`` as it inflates; refuse it once it passes ``budget``."""
        parser: etree.XMLPullParser | etree.XMLParser
        if budget.max_elements:
            parser = etree.XMLPullParser(events=("end",), tag=budget.tags,
                                         resolve_entities=False, no_network=True,
                                         load_dtd=False, huge_tree=False)
        else:
            parser = safe_parser()
        fed = counted = 0
        kept = self._kept.get(part)
        with reading(self.kind, part), (
                io.BytesIO(kept) if kept is not None else self.zf.open(part)) as fh:
            while chunk := fh.read(CHUNK):
                fed += len(chunk)
                if fed > budget.max_bytes:
                    raise ReadError(
                        f"the {self.kind} is too large to read: {part} is over "
                        f"{budget.max_bytes // 1048576} MB of XML", code="too-large")
                parser.feed(chunk)
                if budget.max_elements:
                    counted += sum(1 for _ in parser.read_events())  # type: ignore[union-attr]
                    if counted > budget.max_elements:
                        raise ReadError(
                            f"the {self.kind} is too large to read: {part} has over "
                            f"{budget.max_elements:,} {budget.what}", code="too-large")
            return parser.close()
        raise AssertionError("unreachable")  # pragma: no cover (reading() re-raises)


@contextmanager
def reading(kind: str, part: str) -> Iterator[None]:
    """Turn what parsing a part can raise into one clear ``ReadError``."""
    try:
        yield
    except KeyError:
        raise ReadError(f"not a valid {kind} (the package has no {part})",
                        code="corrupt") from None
    except etree.XMLSyntaxError as exc:
        raise ReadError(f"not a valid {kind} ({part} is not well-formed XML: "
                        f"{str(exc)[:120]})", code="corrupt") from None
    except (zipfile.BadZipFile, EOFError, OSError, zlib.error):
        raise _corrupt(kind) from None
