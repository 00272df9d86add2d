"""``vetlint annotate``: findings as Word comments on a copy of the author's .docx."""

from __future__ import annotations

import hashlib
import shutil
import subprocess
from pathlib import Path

import docx
import pytest
from docx.oxml.ns import qn

from vetlint.annotate import annotate, comment_lines
from vetlint.api import read
from vetlint.checks import Check, Expected, Figure, ReportResult
from vetlint.document import Location
from vetlint.errors import ReadError, UsageError

ROOT = Path(__file__).resolve().parents[1]
ZZ_DOCX = ROOT / "fixtures" / "derived" / "zhengzhou-2020-tables.docx"


# ------------------------------------------------------------------ helpers


def _line_of(text: str, needle: str) -> tuple[int, int]:
    """(line, column) of the first ``needle`` in ``Document.text``, 1-based."""
    for i, line in enumerate(text.splitlines(), start=1):
        col = line.find(needle)
        if col >= 0:
            return i, col + 1
    raise AssertionError(f"{needle!r} not in the document text")


def _figure(doc_text: str, context: str, figure: str, **loc) -> Figure:
    line, col = _line_of(doc_text, context)
    col += context.index(figure)
    location = Location(line=line, column=col, end_line=line, end_column=col + len(figure) - 1,
                        **loc)
    return Figure(text=figure, value=None, location=location)


def _check(rule: str, stated: Figure | None, severity: str = "error", **kw) -> Check:
    return Check(
        rule=rule, name="test-rule", severity=severity, passed=False,
        message={"zh": f"{rule} 中文说明", "en": f"{rule} explanation"},
        location=stated.location if stated else kw.pop("location", Location()),
        stated=stated, **kw,
    )


def anchored_texts(path: Path) -> dict[int, str]:
    """Comment id → the document text between its range start and end."""
    body = docx.Document(str(path)).element.body
    start_tag, end_tag = qn("w:commentRangeStart"), qn("w:commentRangeEnd")
    text_tags = {qn("w:t"): None, qn("w:tab"): "\t"}
    open_ids: list[int] = []
    out: dict[int, str] = {}
    for el in body.iter():
        if el.tag == start_tag:
            cid = int(el.get(qn("w:id")))
            open_ids.append(cid)
            out[cid] = ""
        elif el.tag == end_tag:
            open_ids.remove(int(el.get(qn("w:id"))))
        elif el.tag in text_tags:
            piece = el.text or "" if el.tag == qn("w:t") else text_tags[el.tag]
            for cid in open_ids:
                out[cid] += piece
    return out


def all_texts(path: Path) -> list[str]:
    d = docx.Document(str(path))
    out = [p.text for p in d.paragraphs]
    for table in d.tables:
        for row in table.rows:
            out.extend(cell.text for cell in row.cells)
    return out


@pytest.fixture(scope="module")
def zz_text() -> str:
    doc = read(ZZ_DOCX)
    assert doc.text is not None
    return doc.text


@pytest.fixture()
def hand_result(zz_text: str) -> ReportResult:
    growth = _figure(zz_text, "9456\t6.7%", "6.7%", table="表1-6", row=1, col=5)
    inputs = [
        _figure(zz_text, "10139\t9456", "10139", table="表1-6", row=1, col=3),
        _figure(zz_text, "10139\t9456", "9456", table="表1-6", row=1, col=4),
    ]
    prose = _figure(zz_text, "占专任教师总数的11.3%", "11.3%", paragraph=None)
    ratio = _figure(zz_text, "生师比21.7:1", "21.7:1")
    total = _figure(zz_text, "发放资金3.43亿元", "3.43亿元")
    checks = [
        _check("VL101", growth, inputs=inputs,
               expected=Expected(-0.0674, -0.06746, -0.06736, "-6.7%")),
        _check("VL201", prose, severity="warning",
               expected=Expected(0.113, 0.1127, 0.1129, "11.3%")),
        _check("VL301", ratio, severity="info"),
        _check("VL401", total),
        _check("VL102", growth, severity="warning"),  # a second finding on the same figure
        # no figure, only a paragraph: falls back to the paragraph
        _check("VL901", None, location=Location(line=_line_of(zz_text, "从专业课教师职称")[0])),
        _check("VL902", None, location=Location()),  # nowhere: the top of the document
    ]
    passed = _check("VL100", growth)
    passed.passed = True
    return ReportResult(path=str(ZZ_DOCX), format="docx", language="zh", checks=[*checks, passed])


# ------------------------------------------------------------------ tests


def test_one_comment_per_finding_anchored_on_the_figure(tmp_path: Path, hand_result) -> None:
    out = tmp_path / "zz.checked.docx"
    summary = annotate(ZZ_DOCX, hand_result, out)
    assert summary.findings == 7 and summary.comments == 8
    assert summary.exact == 5 and summary.fallback == 2

    checked = docx.Document(str(out))
    comments = list(checked.comments)
    assert len(comments) == 8
    first = comments[0]
    assert "7 项问题" in first.text and "错误 4" in first.text and "警告 2" in first.text
    assert all(c.author == "vetlint" for c in comments)

    anchored = anchored_texts(out)
    by_rule = {}
    for c in comments[1:]:
        by_rule[c.text.split()[0].strip("[")] = anchored[c.comment_id]
    assert by_rule["VL101"] == "6.7%"
    assert by_rule["VL102"] == "6.7%"
    assert by_rule["VL201"] == "11.3%"
    assert by_rule["VL301"] == "21.7:1"
    assert by_rule["VL401"] == "3.43亿元"
    assert by_rule["VL901"].startswith("从专业课教师职称结构来看")
    assert anchored[comments[0].comment_id] == by_rule["VL902"]  # both at the top
    # the comment lists the inputs and the expected value
    vl101 = next(c for c in comments if c.text.startswith("[VL101"))
    assert "10139" in vl101.text and "9456" in vl101.text and "应为：-6.7%" in vl101.text


def test_text_is_unchanged_and_original_untouched(tmp_path: Path, hand_result) -> None:
    before = hashlib.sha256(ZZ_DOCX.read_bytes()).hexdigest()
    out = tmp_path / "out.docx"
    annotate(ZZ_DOCX, hand_result, out)
    assert hashlib.sha256(ZZ_DOCX.read_bytes()).hexdigest() == before
    assert all_texts(out) == all_texts(ZZ_DOCX)
    # the vetlint reader sees the same text, so locations stay valid on the copy
    assert read(out).text == read(ZZ_DOCX).text


def test_split_runs_keep_their_formatting(tmp_path: Path, zz_text: str) -> None:
    src = tmp_path / "fmt.docx"
    d = docx.Document()
    p = d.add_paragraph()
    p.add_run("专任教师")
    bold = p.add_run("7100人，占比75.1%")
    bold.bold = True
    p.add_run("。")
    q = d.add_paragraph()  # a figure typed in three runs, with a tab folded by the reader
    for i, piece in enumerate(("\t学校数量5", "7", "所，生师比16.2", "2:1")):
        q.add_run(piece).italic = i % 2 == 1
    d.save(str(src))
    text = read(src).text or ""
    stated = _figure(text, "75.1%", "75.1%")
    spread = _figure(text, "生师比16.22:1", "16.22:1")
    count = _figure(text, "学校数量57所", "57所")
    result = ReportResult(str(src), "docx", "zh", checks=[
        _check("VL201", stated), _check("VL202", spread), _check("VL203", count)])
    out = tmp_path / "fmt.checked.docx"
    assert annotate(src, result, out).exact == 3
    para = docx.Document(str(out)).paragraphs[0]
    assert para.text == "专任教师7100人，占比75.1%。"
    runs = [(r.text, bool(r.bold)) for r in para.runs if r.text]
    assert runs == [("专任教师", False), ("7100人，占比", True), ("75.1%", True), ("。", False)]
    anchored = anchored_texts(out)
    assert sorted(anchored.values()) == ["16.22:1", "57所", "75.1%", "专任教师7100人，占比75.1%。"]
    second = docx.Document(str(out)).paragraphs[1]
    assert second.text == "\t学校数量57所，生师比16.22:1"
    assert [(r.text, bool(r.italic)) for r in second.runs if r.text] == [
        ("\t学校数量", False), ("5", False), ("7", True), ("所", False), ("，生师比", False),
        ("16.2", False), ("2:1", True)]


def test_english_comments(hand_result) -> None:
    lines = comment_lines(hand_result.checks[0], "en")
    assert lines[0].startswith("[VL101 test-rule] error: VL101 explanation")
    assert any(line.startswith("expected: -6.7%") for line in lines)
    assert any(line.startswith("inputs: ") and "表1-6" in line for line in lines)


def test_refuses_bad_input(tmp_path: Path, hand_result) -> None:
    with pytest.raises(UsageError):
        annotate(ZZ_DOCX, hand_result, ZZ_DOCX)
    with pytest.raises(UsageError):
        annotate(ROOT / "fixtures/reports/quzhou-2020-secondary-vet-quality.txt", hand_result,
                 tmp_path / "x.docx")
    junk = tmp_path / "junk.docx"
    junk.write_bytes(b"PK\x03\x04 not really a zip")
    with pytest.raises(ReadError):
        annotate(junk, ReportResult(str(junk), "docx", "zh"), tmp_path / "y.docx")
    failed = ReportResult(str(junk), "docx", "zh", error={"code": "corrupt", "message": "bad"})
    with pytest.raises(ReadError, match="bad"):
        annotate(junk, failed, tmp_path / "z.docx")


@pytest.mark.skipif(shutil.which("soffice") is None, reason="LibreOffice is not installed")
def test_libreoffice_converts_the_annotated_copy(tmp_path: Path, hand_result) -> None:
    out = tmp_path / "lo.docx"
    annotate(ZZ_DOCX, hand_result, out)
    subprocess.run(
        ["soffice", f"-env:UserInstallation=file://{tmp_path}/profile", "--headless",
         "--convert-to", "pdf", "--outdir", str(tmp_path), str(out)],
        check=True, capture_output=True, timeout=180,
    )
    pdf = tmp_path / "lo.pdf"
    assert pdf.exists() and pdf.read_bytes().startswith(b"%PDF-")


def run_cli(args: list[str], capsys: pytest.CaptureFixture[str]) -> tuple[int, str, str]:
    from vetlint.cli import main

    with pytest.raises(SystemExit) as info:
        main(args)
    out, err = capsys.readouterr()
    return int(info.value.code or 0), out, err


def test_cli_annotate_with_real_findings(tmp_path: Path, capsys) -> None:
    """The whole pipeline: every real finding becomes a comment on its own figure."""
    from vetlint.api import check

    src = tmp_path / "report.docx"
    shutil.copy(ZZ_DOCX, src)
    code, _, err = run_cli(["annotate", str(src), "--fail-on", "never"], capsys)
    out = tmp_path / "report.checked.docx"
    assert code == 0 and str(out) in err
    findings = check(src).findings
    assert findings  # the seed's own slips (e.g. 6.7% for a fall)
    comments = list(docx.Document(str(out)).comments)
    assert len(comments) == len(findings) + 1
    anchored = anchored_texts(out)
    for finding, comment in zip(findings, comments[1:], strict=True):
        assert comment.text.startswith(f"[{finding.rule} ")
        assert anchored[comment.comment_id] == finding.stated.text
    assert all_texts(out) == all_texts(src)


def test_cli_annotate_errors_are_one_line(tmp_path: Path, capsys) -> None:
    code, _, err = run_cli(["annotate", str(ROOT / "fixtures/bad/truncated.docx"),
                            "-o", str(tmp_path / "x.docx")], capsys)
    assert code == 2 and err.startswith("vetlint: error:") and err.count("\n") == 1
    assert not (tmp_path / "x.docx").exists()


def test_figures_in_tracked_insertions_and_hyperlinks(tmp_path: Path) -> None:
    """Runs the reader reads through w:ins and w:hyperlink are anchored too; w:del is skipped."""
    from docx.oxml import parse_xml
    from docx.oxml.ns import nsdecls

    src = tmp_path / "tracked.docx"
    d = docx.Document()
    p = d.add_paragraph()
    p.add_run("在校生")
    p._p.append(parse_xml(
        f'<w:del {nsdecls("w")} w:id="1" w:author="a"><w:r><w:delText>9999</w:delText></w:r></w:del>'))
    p._p.append(parse_xml(
        f'<w:ins {nsdecls("w")} w:id="2" w:author="a"><w:r><w:t>2.78万人</w:t></w:r></w:ins>'))
    p.add_run("，详见")
    p._p.append(parse_xml(
        f'<w:hyperlink {nsdecls("w")} w:anchor="t1"><w:r><w:t xml:space="preserve">表1（12所）</w:t>'
        "</w:r></w:hyperlink>"))
    d.save(str(src))
    text = read(src).text or ""
    assert text.splitlines()[0] == "在校生2.78万人，详见表1（12所）"
    checks = [_check("VL201", _figure(text, "在校生2.78万人", "2.78万人")),
              _check("VL202", _figure(text, "（12所）", "12所"))]
    out = tmp_path / "tracked.checked.docx"
    assert annotate(src, ReportResult(str(src), "docx", "zh", checks=checks), out).exact == 2
    anchored = list(anchored_texts(out).values())
    assert anchored[1:] == ["2.78万人", "12所"]  # comment 0 is the summary at the top
    assert read(out).text == read(src).text
