"""The numbered captions of a report (``表3-6：…``, ``图2 …``), read once, in order.

A .docx or .pdf keeps a table's caption paragraph beside the table that takes it as its
caption: it is one caption. A table of contents repeats captions with page numbers: its
entries keep their titles, so the check can tell a listing from a clash.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

from vetlint.document import Document, Location, Paragraph, Table

_CAPTION = re.compile(r"^\s*(表|图)\s*(\d+(?:\s*[-－—.．]\s*\d+)*)\s*[：:、\s]?\s*(.*)$")
_PAGE_NUMBER = re.compile(r"\s*[-－—]?\s*\d+\s*[-－—]?\s*$")
_TITLE_NOISE = re.compile(r"[\s\-－—.．…·]")
MAX_CAPTION = 80


@dataclass(frozen=True, slots=True)
class Caption:
    """One numbered caption: ``表`` or ``图``, its number (``3-6``), its title as compared
    (spaces and dots out) and as printed, and where it stands."""

    kind: str
    number: str
    title: str
    shown: str
    location: Location

    @property
    def label(self) -> str:
        return f"{self.kind}{self.number}"


def captions(doc: Document) -> list[Caption]:
    out: list[Caption] = []
    seen: set[tuple[int | None, int | None]] = set()
    blocks = doc.blocks
    for i, block in enumerate(blocks):
        if isinstance(block, Table):
            text, loc = block.caption or "", block.location
        elif isinstance(block, Paragraph):
            text, loc = block.text, block.location
            after = blocks[i + 1] if i + 1 < len(blocks) else None
            if isinstance(after, Table) and " ".join(text.split()) == (after.caption or ""):
                continue  # the table takes this paragraph as its caption: count it once
        else:
            continue
        m = _CAPTION.match(text)
        if not m or (loc.line, loc.page) in seen or len(text) > MAX_CAPTION:
            continue
        title = _TITLE_NOISE.sub("", _PAGE_NUMBER.sub("", m.group(3)))
        if not title:
            continue
        seen.add((loc.line, loc.page))
        number = re.sub(r"\s|[－—．]", lambda x: {"－": "-", "—": "-", "．": "."}.get(x.group(0), ""), m.group(2))
        out.append(Caption(m.group(1), number, title, " ".join(m.group(3).split()),
                           loc.with_(section=getattr(block, "section", None))))
    return out
