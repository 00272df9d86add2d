"""Places said the way a reader of the original document finds them.

Line and column locate a figure in the file vetlint read (for .docx/.pdf: in the
text ``vetlint extract --format text`` prints), which a reader in Word or on the
HTML page never sees. There they find ``表1-6 第2行第5列`` (the row counted with
the header rows, as the table shows), ``「1.3教师队伍」第3段`` (the paragraph of
text counted within its section) or a heading. ``Places`` builds that from the
Document, and ``rewrite`` swaps the ``line:col`` places that messages quote for
these.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field

from vetlint.checks import Check, Figure
from vetlint.document import Document, Heading, Location, Paragraph, Table
from vetlint.engine.fmt import interval_text
from vetlint.render import words

_WORDS = {
    "zh": {"row_col": "{table} 第{row}行第{col}列", "row": "{table} 第{row}行", "col": "{table} 第{col}列",
           "nth_table": "第{n}个表格", "nth_chart": "第{n}个表格（图表数据）", "nth_copy": "{table}（第{n}个）",
           "para": "「{section}」第{n}段", "para_top": "第{n}段", "heading": "标题「{text}」",
           "section": "「{section}」", "page": "第{page}页"},
    "en": {"row_col": "{table}, row {row}, column {col}", "row": "{table}, row {row}",
           "col": "{table}, column {col}", "nth_table": "table {n} of the document",
           "nth_chart": "table {n} of the document (chart data)", "nth_copy": "{table} (the {n}th)",
           "para": "'{section}', paragraph {n}", "para_top": "paragraph {n}", "heading": "heading '{text}'",
           "section": "'{section}'", "page": "page {page}"},
}
_T_ID = re.compile(r"^T(\d+)$")


@dataclass(slots=True)
class Places:
    """Line → what is there, for one document; ``lang`` picks the words."""

    lang: str = "zh"
    paragraphs: dict[int, tuple[str | None, int]] = field(default_factory=dict)  # line → (section, n)
    headings: dict[int, str] = field(default_factory=dict)  # line → heading text
    tables: dict[str, tuple[int, str]] = field(default_factory=dict)  # id → (header rows, kind)
    word_rows: dict[int, int] = field(default_factory=dict)  # line → row in the Word table

    @classmethod
    def of(cls, doc: Document | None, lang: str = "zh") -> Places:
        places = cls(lang=lang if lang in _WORDS else "en")
        if doc is None:
            return places
        section: str | None = None
        n = 0
        for block in doc.blocks:
            if isinstance(block, Heading):
                section, n = block.text, 0
                if block.location.line is not None:
                    places.headings[block.location.line] = block.text
            elif isinstance(block, Paragraph):
                if block.role != "body":
                    continue
                n += 1
                loc = block.location
                for line in range(loc.line or 0, (loc.end_line or loc.line or 0) + 1):
                    if line:
                        places.paragraphs.setdefault(line, (section, n))
            elif isinstance(block, Table):
                places.tables[block.id] = (len(block.header), block.kind)
        return places

    def table_name(self, table_id: str) -> str:
        w = _WORDS[self.lang]
        base, _, copy = table_id.partition("#")
        m = _T_ID.match(base)
        if m:
            kind = self.tables.get(table_id, (0, "table"))[1]
            return w["nth_chart" if kind == "chart" else "nth_table"].format(n=m.group(1))
        return w["nth_copy"].format(table=base, n=copy) if copy else base

    def place(self, loc: Location) -> str:
        """``表1-6 第2行第5列``, ``「1.3教师队伍」第3段``, ``标题「…」``, the page, or ''."""
        w = _WORDS[self.lang]
        if loc.table is not None:
            name = self.table_name(loc.table)
            header = self.tables.get(loc.table, (0, "table"))[0]
            row = None
            if loc.row is not None:  # counted as the table shows it: header rows first
                row = self.word_rows.get(loc.line or 0) or header + loc.row
            if row is not None and loc.col is not None:
                return w["row_col"].format(table=name, row=row, col=loc.col)
            if row is not None:
                return w["row"].format(table=name, row=row)
            if loc.col is not None:
                return w["col"].format(table=name, col=loc.col)
            return name
        if loc.line is not None and loc.line in self.headings:
            return w["heading"].format(text=self.headings[loc.line])
        if loc.line is not None and loc.line in self.paragraphs:
            section, n = self.paragraphs[loc.line]
            return (w["para"] if section else w["para_top"]).format(section=section, n=n)
        if loc.page is not None:
            return w["page"].format(page=loc.page)
        if loc.section:
            return w["section"].format(section=loc.section)
        return ""

    def rewrite(self, text: str, check: Check) -> str:
        """``text`` with every ``line:col`` place of the check's figures said as a place."""
        figures: list[Figure] = [f for f in (check.stated, check.blame, *check.inputs) if f is not None]
        for loc in sorted({f.location for f in figures} | {check.location},
                          key=lambda lc: -len(lc.short())):  # longest first: 95:2 before 5:2
            short, said = loc.short(), self.place(loc)
            if short and said and short in text:  # not inside a longer number (15:2, 21.7:1)
                text = re.sub(rf"(?<![\d.:]){re.escape(short)}(?![\d])", lambda _m, s=said: s, text)
        return text

    def figure(self, fig: Figure) -> str:
        """``教职工总数 · 2019年 10139（表1-6 第2行第3列）``."""
        where = self.place(fig.location)
        text = f"{fig.label} {fig.text}" if fig.label else fig.text
        if not where:
            return text
        return f"{text}（{where}）" if self.lang == "zh" else f"{text} ({where})"

    def finding_rows(self, check: Check) -> list[tuple[str, str]]:
        """Stated, expected (with its interval), inputs, the figure to blame, suggestion and
        note, labelled in the reader's language, places said as the reader finds them."""
        w = words(self.lang)
        rows: list[tuple[str, str]] = []
        if check.stated is not None:
            rows.append((w["stated"], check.stated.text))
        exp = check.expected
        if exp is not None:
            text = exp.text
            if exp.low is not None and exp.high is not None and exp.low != exp.high:
                text += "  " + interval_text(exp.text, exp.value, exp.low, exp.high)
            rows.append((w["expected"], text))
        if check.inputs:
            rows.append((w["inputs"], ("；" if self.lang == "zh" else "; ").join(
                self.figure(f) for f in check.inputs)))
        blame = check.blame
        if blame is not None and (check.stated is None or
                                  (blame.text, blame.location) != (check.stated.text, check.stated.location)):
            rows.append((w["blame"], self.figure(blame)))
        if check.suggestion:
            rows.append((w["suggestion"], check.suggestion))
        note = (check.note.get(self.lang) or check.note.get("en")) if check.note else None
        if note and note != check.text(self.lang):
            rows.append((w["note"], self.rewrite(note, check)))
        return rows
