"""Write the findings into a copy of the author's Word file as Word comments.

Authors fix reports in Word and reviewers send them back with comments, so
``vetlint annotate`` puts each finding where they already work: a comment
anchored on the very figure it judges, plus one comment at the top with the
counts. The copy keeps every character and every run property of the
original; only run boundaries move (a run is split at the figure's first and
last character so the comment covers exactly the figure).

Findings locate figures in ``Document.text`` (line/column, one line per
non-empty body paragraph, one tab-joined line per table row). To turn a line
back into Word XML this module walks the file with the docx reader's own
walker and records which paragraph or table row wrote each line; a column is
then mapped through the reader's text cleaning (whitespace folding, cell
paragraphs joined) back to a character of ``paragraph.text``, and that
character to its run. When a figure cannot be placed exactly (the text moved,
the location has no column), the comment falls back to the whole paragraph or
cell, and to the top of the document when even that is unknown: every
finding gets exactly one comment.
"""

from __future__ import annotations

import io
import re
from copy import deepcopy
from dataclasses import dataclass, field
from pathlib import Path

from docx.oxml.ns import qn
from docx.text.paragraph import Paragraph as DocxParagraph
from docx.text.run import Run

from vetlint import __version__
from vetlint.checks import Check, Figure, ReportResult
from vetlint.document import Location
from vetlint.errors import ReadError, UsageError
from vetlint.files import read_limited
from vetlint.marker import CUSTOM_PART, MARKER
from vetlint.readers import DEFAULT_MAX_BYTES, ooxml, read_bytes
from vetlint.readers import docx as docx_reader
from vetlint.render import lang_of, words
from vetlint.render.escape import one_line
from vetlint.render.places import Places

AUTHOR = "vetlint"
INITIALS = "VL"

_W_R, _W_RPR = qn("w:r"), qn("w:rPr")
_XML_SPACE = "{http://www.w3.org/XML/1998/namespace}space"
_FOLD = re.compile(r"[\t\r\n\v\f\u00a0]+")  # what the docx reader folds into one space


@dataclass(slots=True)
class AnnotateSummary:
    """What ``annotate`` did: comments written and how many landed exactly on a figure."""

    output: str
    findings: int
    comments: int  # findings + the summary comment
    exact: int  # anchored on exactly the figure's characters
    fallback: int  # anchored on the whole paragraph/cell or the top of the document


# --------------------------------------------------------------- text map


@dataclass(slots=True)
class _Piece:
    """One Word paragraph's contribution to a line of ``Document.text``.

    ``start`` is where the paragraph's cleaned text begins in the line and
    ``raw_of`` maps each cleaned character to its index in ``paragraph.text``.
    """

    paragraph: DocxParagraph
    start: int
    cleaned: str
    raw_of: list[int]


@dataclass(slots=True)
class _Line:
    text: str
    pieces: list[_Piece] = field(default_factory=list)
    word_row: int | None = None  # a table row's number in its Word table (header rows count)


def _clean_map(raw: str) -> tuple[str, list[int]]:
    """The reader's ``_clean`` (fold control whitespace, strip) with an index map."""
    chars: list[str] = []
    index: list[int] = []
    pos = 0
    for m in _FOLD.finditer(raw):
        for i in range(pos, m.start()):
            chars.append(raw[i])
            index.append(i)
        chars.append(" ")
        index.append(m.start())
        pos = m.end()
    for i in range(pos, len(raw)):
        chars.append(raw[i])
        index.append(i)
    text = "".join(chars)
    lead = len(text) - len(text.lstrip())
    keep = len(text.rstrip())
    return text[lead:keep], index[lead:keep]


def _text_of(node) -> str:
    """The text the docx reader reads from ``node`` (tracked insertions in, deletions out)."""
    return docx_reader.paragraph_text([node])


def _paragraph_piece(para: DocxParagraph, start: int) -> _Piece:
    cleaned, raw_of = _clean_map(docx_reader.paragraph_text(para._p))
    return _Piece(para, start, cleaned, raw_of)


def _cell_pieces(tc, body, cell_text: str, start: int) -> list[_Piece]:
    """One piece per non-empty cell paragraph, found in order in the cell's printed text.

    Searching instead of re-joining keeps this right whatever separator the
    reader puts between a cell's paragraphs.
    """
    pieces: list[_Piece] = []
    cursor = 0
    for p in docx_reader._body_children(tc):
        if p.tag != qn("w:p"):
            continue
        piece = _paragraph_piece(DocxParagraph(p, body), 0)
        if not piece.cleaned:
            continue
        found = cell_text.find(piece.cleaned, cursor)
        if found < 0:
            continue
        piece.start = start + found
        cursor = found + len(piece.cleaned)
        pieces.append(piece)
    return pieces


def _row_slots(tr, width: int) -> list:
    """The ``w:tc`` behind each grid column of a row (None for spans and gaps)."""
    slots: list = [None] * docx_reader._int_prop(tr, "w:trPr/w:gridBefore", 0)
    for tc in docx_reader._cells(tr):
        span = max(docx_reader._int_prop(tc, "w:tcPr/w:gridSpan", 1), 1)
        vmerge = tc.find(f"{qn('w:tcPr')}/{qn('w:vMerge')}")
        continued = vmerge is not None and vmerge.get(docx_reader._W_VAL) in (None, "continue")
        slots.append(None if continued else tc)
        slots.extend([None] * (span - 1))
    return slots + [None] * max(0, width - len(slots))


class _Recorder(docx_reader._Walker):
    """The docx reader's walker, noting which Word element wrote each text line."""

    def __init__(self, doc) -> None:
        super().__init__(docx_reader.WordSource.of_python_docx(doc))
        self.doc = doc
        self.lines: list[_Line] = []
        self.paragraph_index: dict[int, DocxParagraph] = {}

    def chart_line(self, text: str) -> int:
        self.lines.append(_Line(text))  # a chart's data: no run of the file to comment on
        return super().chart_line(text)

    def paragraph(self, p) -> None:
        para = DocxParagraph(p, self.doc._body)
        index = self.n_paragraphs
        before = len(self.text.lines)
        super().paragraph(p)
        self.paragraph_index[index] = para
        if len(self.text.lines) > before:
            line = self.text.lines[-1]
            piece = _paragraph_piece(para, 0)
            # a numbered heading's line starts with the label Word draws (1.1, 一、)
            piece.start = (len(line) - len(piece.cleaned) if line.endswith(piece.cleaned)
                           else line.find(piece.cleaned))
            self.lines.append(_Line(line, [piece] if piece.start >= 0 else []))

    def table(self, tbl) -> None:
        before = len(self.text.lines)
        super().table(tbl)
        new = self.text.lines[before:]
        body = self.doc._body
        for number, (tr, line) in enumerate(zip(docx_reader._rows(tbl), new, strict=False), start=1):
            texts = line.split("\t")
            record = _Line(line, word_row=number)
            column = 0
            for cell_text, tc in zip(texts, _row_slots(tr, len(texts)), strict=False):
                if tc is not None and cell_text:
                    record.pieces.extend(_cell_pieces(tc, body, cell_text, column))
                column += len(cell_text) + 1
            self.lines.append(record)


# --------------------------------------------------------------- runs


def _runs_in(element) -> list:
    """The ``w:r`` elements whose text the reader reads, in order (through hyperlinks,
    tracked insertions, fields and content controls; not deletions or text boxes)."""
    out = []
    for child in element:
        if child.tag == _W_R:
            out.append(child)
        elif isinstance(child.tag, str) and _text_of(child):
            out.extend(_runs_in(child))
    return out


def _run_spans(para: DocxParagraph) -> list[tuple[object, int, int]]:
    """``(w:r, start, end)`` for each run, offsets into the paragraph's text."""
    spans = []
    pos = 0
    for r in _runs_in(para._p):
        n = len(_text_of(r))
        spans.append((r, pos, pos + n))
        pos += n
    return spans


def _keep_part(r, lo: int, hi: int | None) -> None:
    """Drop every character of run ``r`` outside ``[lo, hi)``; formatting stays."""
    pos = 0
    for child in list(r):
        if child.tag == _W_RPR:
            continue
        n = len(_text_of(child))
        end = pos + n
        if n == 0:
            inside = pos >= lo and (hi is None or pos < hi)
            if not inside:
                r.remove(child)
        elif end <= lo or (hi is not None and pos >= hi):
            r.remove(child)
        elif pos < lo or (hi is not None and end > hi):
            # only w:t holds more than one character
            a, b = max(lo, pos) - pos, (min(hi, end) if hi is not None else end) - pos
            child.text = (child.text or "")[a:b]
            child.set(_XML_SPACE, "preserve")
        pos = end


def _split_run(r, k: int):
    """Split run ``r`` before its ``k``-th character; returns the new right-hand run."""
    right = deepcopy(r)
    _keep_part(r, 0, k)
    _keep_part(right, k, None)
    r.addnext(right)
    return right


def _runs_for(para: DocxParagraph, start: int, end: int) -> list[Run]:
    """The runs covering exactly ``paragraph.text[start:end]``, splitting at the edges."""
    for r, a, b in _run_spans(para):
        if a < start < b:
            _split_run(r, start - a)
            break
    for r, a, b in _run_spans(para):
        if a < end < b:
            _split_run(r, end - a)
            break
    return [Run(r, para) for r, a, b in _run_spans(para) if a >= start and b <= end and b > a]


def _runs_read_whole(para: DocxParagraph) -> bool:
    """The runs hold exactly the paragraph's text (else offsets cannot be trusted)."""
    return "".join(_text_of(r) for r in _runs_in(para._p)) == docx_reader.paragraph_text(para._p)


def _all_runs(para: DocxParagraph) -> list[Run]:
    return [Run(r, para) for r, a, b in _run_spans(para) if b > a]


# --------------------------------------------------------------- placing


@dataclass(slots=True)
class _Placer:
    lines: list[_Line]
    paragraphs: dict[int, DocxParagraph]

    def search(self, loc: Location, text: str) -> list[Run] | None:
        """The figure found by its text on its line or the lines just before it, when it is
        not at its column: a table's location is its first row, and the figure a duplicate
        caption (``表3-6：…``), the paragraph above."""
        if loc.line is None:
            return None
        for line_no in (loc.line, loc.line - 1, loc.line - 2, loc.line - 3, loc.line + 1):
            if 1 <= line_no <= len(self.lines):
                column = self.lines[line_no - 1].text.find(text)
                if column >= 0:
                    found = Location(line=line_no, column=column + 1, end_line=line_no,
                                     end_column=column + len(text))
                    runs = self.exact(found, text)
                    if runs:
                        return runs
        return None

    def exact(self, loc: Location, text: str | None) -> list[Run] | None:
        """Runs holding exactly the figure at ``loc`` (checked against ``text``)."""
        if loc.line is None or loc.column is None or not 1 <= loc.line <= len(self.lines):
            return None
        line = self.lines[loc.line - 1]
        start = loc.column - 1
        if loc.end_column is not None and (loc.end_line in (None, loc.line)):
            end = loc.end_column
        elif text:
            end = start + len(text)
        else:
            return None
        if text and line.text[start:end] != text:
            found = line.text.find(text, max(0, start - 2))
            if found < 0 or found > start + 2:
                return None
            start, end = found, found + len(text)
        for piece in line.pieces:
            a = start - piece.start
            b = end - piece.start
            if 0 <= a < b <= len(piece.cleaned):
                if not _runs_read_whole(piece.paragraph):
                    return None
                raw_a, raw_b = piece.raw_of[a], piece.raw_of[b - 1] + 1
                runs = _runs_for(piece.paragraph, raw_a, raw_b)
                covered = "".join(_text_of(r._r) for r in runs)
                if runs and covered.strip() == line.text[start:end].strip():
                    return runs
                return None
        return None

    def near(self, loc: Location) -> list[Run] | None:
        """The whole paragraph (or first cell paragraph) at ``loc``."""
        if loc.line is not None and 1 <= loc.line <= len(self.lines):
            line = self.lines[loc.line - 1]
            column = (loc.column or 1) - 1
            pieces = [p for p in line.pieces if p.start <= column] or line.pieces
            for piece in reversed(pieces):
                runs = _all_runs(piece.paragraph)
                if runs:
                    return runs
        if loc.paragraph is not None and loc.paragraph in self.paragraphs:
            runs = _all_runs(self.paragraphs[loc.paragraph])
            if runs:
                return runs
        return None

    def top(self) -> list[Run] | None:
        for line in self.lines:
            for piece in line.pieces:
                runs = _all_runs(piece.paragraph)
                if runs:
                    return runs
        return None


def _target(check: Check) -> tuple[Location, str | None]:
    fig: Figure | None = check.stated or check.blame
    if fig is not None and fig.location.line is not None:
        return fig.location, fig.text
    return check.location, None


# --------------------------------------------------------------- comment text


def comment_lines(check: Check, lang: str, places: Places | None = None) -> list[str]:
    """The comment for one finding: rule, message, stated, expected, inputs, note; every
    place said as a Word user finds it (``表1-6 第2行第5列``, ``「1.3教师队伍」第3段``),
    never as a line and column of a text the reader never saw."""
    places = places or Places(lang=lang)
    w = words(lang)
    sep = "：" if lang == "zh" else ": "
    head = f"[{check.rule} {check.name}] {w.get(check.severity, check.severity)}{sep}"
    lines = [head + places.rewrite(check.text(lang), check),
             *(f"{key}{sep}{value}" for key, value in places.finding_rows(check))]
    return [one_line(line) for line in lines]  # Word comments: XML-legal, nothing hidden


def summary_line(result: ReportResult, lang: str) -> str:
    n = len(result.findings)
    counts = {s: result.count(s) for s in ("error", "warning", "info")}
    if lang == "zh":
        return (f"vetlint：{result.n_checks} 项检查，发现 {n} 项问题（错误 {counts['error']}，"
                f"警告 {counts['warning']}，提示 {counts['info']}），每项问题在所涉数字处另有批注。")
    return (f"vetlint: {result.n_checks} checks, {n} finding(s) ({counts['error']} errors, "
            f"{counts['warning']} warnings, {counts['info']} infos); each finding is a comment "
            "on the figure it concerns.")


# --------------------------------------------------------------- marking the copy

_CUSTOM_NS = "http://schemas.openxmlformats.org/officeDocument/2006/custom-properties"
_VT_NS = "http://schemas.openxmlformats.org/officeDocument/2006/docPropsVTypes"
_FMTID = "{D5CDD505-2E9C-101B-9397-08002B2CF9AE}"  # the one every custom property uses


_EMPTY_PROPERTIES = f'<Properties xmlns="{_CUSTOM_NS}" xmlns:vt="{_VT_NS}"/>'


def mark_as_vetlint_copy(document, value: str) -> None:
    """Add the custom document property ``marker.MARKER`` (kept by Word, visible under
    File → Info → Properties), creating ``docProps/custom.xml`` when the file has none.
    Parsed with python-docx's own parser (no entities, no network)."""
    from docx.opc.constants import CONTENT_TYPE as CT
    from docx.opc.constants import RELATIONSHIP_TYPE as RT
    from docx.opc.oxml import parse_xml, serialize_part_xml
    from docx.opc.packuri import PackURI
    from docx.opc.part import Part

    package = document.part.package
    part = next((rel.target_part for rel in package.rels.values()
                 if rel.reltype == RT.CUSTOM_PROPERTIES and not rel.is_external), None)
    root = parse_xml(part.blob if part is not None else _EMPTY_PROPERTIES)
    props = [el for el in root if el.tag == f"{{{_CUSTOM_NS}}}property"]
    for el in props:
        if el.get("name") == MARKER:
            root.remove(el)
    pids = [int(el.get("pid", "1")) for el in props if (el.get("pid") or "").isdigit()]
    prop = root.makeelement(f"{{{_CUSTOM_NS}}}property",
                            {"fmtid": _FMTID, "pid": str(max([1, *pids]) + 1), "name": MARKER})
    text = prop.makeelement(f"{{{_VT_NS}}}lpwstr", {})
    text.text = value
    prop.append(text)
    root.append(prop)
    blob = serialize_part_xml(root)
    if part is not None:
        part._blob = blob  # a generic Part keeps its bytes here
    else:
        part = Part(PackURI(f"/{CUSTOM_PART}"), CT.OFC_CUSTOM_PROPERTIES, blob, package)
        package.relate_to(part, RT.CUSTOM_PROPERTIES)


# --------------------------------------------------------------- entry point


def check_paths(source: str | Path, output: str | Path) -> None:
    """Refuse what ``annotate`` cannot do before any checking starts (``UsageError``)."""
    src, dst = Path(source), Path(output)
    if src.suffix.lower() != ".docx":
        raise UsageError(f"annotate needs a .docx file, not '{src.suffix or src.name}' "
                         "(use `vetlint check --format html` for other formats)")
    if dst.exists() and src.exists() and dst.resolve() == src.resolve():
        raise UsageError("the output would overwrite the original; choose another -o file")


def annotate(
    source: str | Path,
    result: ReportResult,
    output: str | Path,
    *,
    lang: str | None = None,
    author: str = AUTHOR,
    max_bytes: int = DEFAULT_MAX_BYTES,
) -> AnnotateSummary:
    """Write ``output``: a copy of ``source`` (.docx) with one comment per finding.

    ``result`` is ``vetlint.api.check(source)``; the source file is only read.
    Raises ``ReadError`` for a file that is not a readable .docx and
    ``UsageError`` when ``output`` would overwrite ``source``.
    """
    import docx

    src, dst = Path(source), Path(output)
    check_paths(src, dst)
    if result.error is not None:
        raise ReadError(f"{src}: {result.error.get('message', 'cannot read the report')}",
                        code=result.error.get("code", "read-error"))
    data = read_limited(src, max_bytes)
    ooxml.check_package(data, ".docx", "word/document.xml")
    try:
        document = docx.Document(io.BytesIO(data))
    except Exception as exc:  # python-docx raises KeyError/ValueError/lxml errors on bad parts
        raise ReadError(f"not a valid .docx ({type(exc).__name__}: {str(exc)[:200]})",
                        code="corrupt") from None
    recorder = _Recorder(document)
    recorder.walk(document.element.body)
    recorder.finish()
    placer = _Placer(recorder.lines, recorder.paragraph_index)
    lang = lang_of(result, lang)
    places = Places.of(read_bytes(data, str(src)), lang)
    places.word_rows = {n: ln.word_row for n, ln in enumerate(recorder.lines, start=1) if ln.word_row}

    findings = result.findings
    exact = fallback = 0
    top = placer.top()
    if top is None:
        raise ReadError("the .docx has no text to anchor comments on", code="no-text")
    document.add_comment(top, summary_line(result, lang), author=author, initials=INITIALS)
    for check in findings:
        loc, text = _target(check)
        runs = placer.exact(loc, text) or (placer.search(loc, text) if text else None)
        for other in check.inputs if not runs else ():
            # a chart's data has no run to comment on: another figure of the finding in the text
            runs = placer.exact(other.location, other.text)
            if runs:
                break
        if runs:
            exact += 1
        else:
            fallback += 1
            runs = placer.near(loc) or placer.near(check.location) or placer.top()
        lines = comment_lines(check, lang, places)
        comment = document.add_comment(runs, lines[0], author=author, initials=INITIALS)
        for extra in lines[1:]:
            comment.add_paragraph(extra)
    mark_as_vetlint_copy(document, f"vetlint {__version__}: {len(findings)} finding(s) as comments")
    try:
        dst.parent.mkdir(parents=True, exist_ok=True)
        document.save(str(dst))
    except OSError as exc:
        raise UsageError(f"cannot write {dst}: {exc.strerror or exc}") from None
    return AnnotateSummary(str(dst), len(findings), len(findings) + 1, exact, fallback)
