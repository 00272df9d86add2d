"""Bytes of a plain-text report → str, whatever Chinese encoding it was saved in.

Reports arrive as UTF-8 (with or without BOM), UTF-16 (Windows "Unicode"
saves, always with a BOM) or GB18030/GBK (older Chinese Windows). Strict
decoders are tried in that order, so a file that decodes cleanly as UTF-8 is
never misread as GBK; charset-normalizer only guesses when all of them fail.
Newlines become ``\\n`` and nothing else changes, so line/column positions in
the result are those of the source.
"""

from __future__ import annotations

import codecs
import re

from vetlint.errors import ReadError

__all__ = ["decode", "detect_encoding"]

# Characters that do not occur in real text: C0/C1 controls other than
# tab/newline/form feed, and the replacement character of a lossy decode.
_JUNK = re.compile(r"[\x00-\x08\x0b\x0e-\x1f\x7f-\x9f\ufffd]")
_MAX_JUNK_SHARE = 0.02
_NOT_TEXT = "not a text file (binary content or an unknown encoding)"


def _normalise(text: str) -> str:
    if text.startswith("\ufeff"):
        text = text[1:]
    return text.replace("\r\n", "\n").replace("\r", "\n")


def _looks_like_text(text: str) -> bool:
    if not text:
        return True
    junk = len(_JUNK.findall(text))
    return junk <= max(1, int(len(text) * _MAX_JUNK_SHARE)) and "\x00" not in text


def _utf16_without_bom(data: bytes) -> str | None:
    """UTF-16 saved without a BOM: every other byte of ASCII/CJK text is NUL-heavy."""
    if len(data) < 4 or len(data) % 2:
        return None
    even = data[0::2].count(0)
    odd = data[1::2].count(0)
    half = len(data) // 2
    for encoding, nuls in (("utf-16-le", odd), ("utf-16-be", even)):
        if nuls >= half * 0.3:
            try:
                text = data.decode(encoding)
            except UnicodeDecodeError:
                continue
            if _looks_like_text(text):
                return text
    return None


def _mostly_utf8(data: bytes) -> str | None:
    """UTF-8 with a few bytes of another encoding pasted in (a GBK phrase): the UTF-8
    reading with U+FFFD for the stray bytes, rather than GB18030 mojibake of the
    whole file. A real GBK file breaks UTF-8 at nearly every character."""
    text = data.decode("utf-8", errors="replace")
    bad = text.count("\ufffd")
    good = len(text) - len(text.encode("ascii", "ignore")) - bad  # non-ASCII, decoded
    return text if good >= 20 * bad else None


def detect_encoding(data: bytes) -> str:
    """The encoding ``decode`` would use for ``data`` (for ``Document.meta``)."""
    return _decode(data)[1]


def decode(data: bytes) -> str:
    """Decode a text report; ``ReadError`` when the bytes are not text."""
    return _decode(data)[0]


def _decode(data: bytes) -> tuple[str, str]:
    if data.startswith(codecs.BOM_UTF8):
        try:
            return _normalise(data[3:].decode("utf-8")), "utf-8-sig"
        except UnicodeDecodeError:
            pass
    for bom, encoding in ((codecs.BOM_UTF16_LE, "utf-16-le"), (codecs.BOM_UTF16_BE, "utf-16-be")):
        if data.startswith(bom):
            try:
                text = data[2:].decode(encoding)
            except UnicodeDecodeError:
                raise ReadError(
                    f"the file starts with a {encoding.upper()} byte-order mark but is not valid "
                    f"{encoding.upper()} text",
                    code="bad-encoding",
                ) from None
            if not _looks_like_text(text):
                raise ReadError(_NOT_TEXT, code="not-text")
            return _normalise(text), encoding
    if b"\x00" in data:
        text16 = _utf16_without_bom(data)
        if text16 is not None:
            return _normalise(text16), "utf-16"
        if data.count(0) > max(2, len(data) // 1000):
            raise ReadError(_NOT_TEXT, code="not-text")
        # A few stray NULs from a broken export: spaces keep every column where it was.
        data = data.replace(b"\x00", b" ")
    for encoding, attempt in (
        ("utf-8", lambda: data.decode("utf-8")),
        ("utf-8", lambda: _mostly_utf8(data)),
        ("gb18030", lambda: data.decode("gb18030")),
    ):
        try:
            text = attempt()
        except UnicodeDecodeError:
            continue
        if text is not None and _looks_like_text(text):
            return _normalise(text), encoding
    guessed = _guess(data)
    if guessed is not None:
        return guessed
    raise ReadError(_NOT_TEXT, code="not-text")


def _guess(data: bytes) -> tuple[str, str] | None:
    try:
        from charset_normalizer import from_bytes
    except ImportError:  # pragma: no cover - a declared dependency
        return None
    best = from_bytes(data).best()
    if best is None or best.encoding is None:
        return None
    text = str(best)
    if not _looks_like_text(text):
        return None
    return _normalise(text), best.encoding
