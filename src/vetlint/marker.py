"""How vetlint marks the Word files it writes, so a batch never checks them as reports.

``vetlint annotate`` writes a copy of the author's .docx with comments; checked again
inside a folder it would double every count. The copy carries a custom document
property (File → Info → Properties → Custom in Word) named ``MARKER``, which
survives renaming; ``is_vetlint_copy`` finds it by reading at most a small part of
the ZIP, without parsing any XML.
"""

from __future__ import annotations

import zipfile
from pathlib import Path

MARKER = "vetlint-annotated"
CUSTOM_PART = "docProps/custom.xml"
MAX_PART = 256 * 1024  # a custom-properties part is a few hundred bytes
# the suffix `vetlint annotate` writes by default (batches also skip it by name)
ANNOTATED_SUFFIX = ".checked.docx"


def is_vetlint_copy(path: str | Path) -> bool:
    """Whether ``path`` is a .docx that ``vetlint annotate`` wrote."""
    p = Path(path)
    if p.name.lower().endswith(ANNOTATED_SUFFIX):
        return True
    if p.suffix.lower() != ".docx":
        return False
    try:
        with zipfile.ZipFile(p) as zf:
            info = zf.getinfo(CUSTOM_PART)
            if info.file_size > MAX_PART:
                return False
            with zf.open(info) as fh:
                data = fh.read(MAX_PART)
    except (KeyError, OSError, zipfile.BadZipFile, RuntimeError, ValueError, EOFError):
        return False
    return f'name="{MARKER}"'.encode() in data
