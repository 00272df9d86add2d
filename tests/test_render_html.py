"""``--format html``: a self-contained page with the text, highlights and findings."""

from __future__ import annotations

import re
from pathlib import Path

import pytest

from vetlint.api import read
from vetlint.checks import Check, Expected, Figure, ReportResult
from vetlint.document import Document, Location, Paragraph, Table
from vetlint.render.html import esc, render
from vetlint.settings import Settings

ROOT = Path(__file__).resolve().parents[1]
ZZ_TXT = ROOT / "fixtures" / "reports" / "zhengzhou-2020-secondary-vet-quality.txt"
ZZ_DOCX = ROOT / "fixtures" / "derived" / "zhengzhou-2020-tables.docx"


def find_figure(doc: Document, context: str, figure: str, *, cell: bool = False) -> Figure:
    """The figure inside the first paragraph or cell containing ``context``, located as a
    reader's source map locates it (what the fact extractor does)."""
    for block in doc.blocks:
        if isinstance(block, Paragraph) and not cell and context in block.text:
            start = block.text.index(context) + context.index(figure)
            return Figure(figure, None, block.smap.locate(start, start + len(figure)))
        if isinstance(block, Table) and cell:
            for _r, _c, c in block.iter_cells():
                if context in c.text and c.smap is not None:
                    start = c.text.index(context) + context.index(figure)
                    return Figure(figure, None, c.smap.locate(start, start + len(figure)))
    raise AssertionError(f"{context!r} not found")


def make_checks(doc: Document) -> list[Check]:
    def check(rule, stated, severity="error", **kw):
        return Check(rule=rule, name="test-rule", severity=severity, passed=False,
                     message={"zh": f"{rule} 说明", "en": f"{rule} says"},
                     location=stated.location if stated else kw.pop("location"), stated=stated,
                     **kw)

    growth = find_figure(doc, "6.7%", "6.7%", cell=True)
    inputs = [find_figure(doc, "10139", "10139", cell=True)]
    share = find_figure(doc, "占教职工数的75.1%", "75.1%")
    ratio = find_figure(doc, "生师比21.7:1", "21.7:1")
    checks = [
        check("VL101", growth, inputs=inputs, expected=Expected(-0.067, -0.0675, -0.0665, "-6.7%")),
        check("VL201", share, severity="warning"),
        check("VL301", ratio, severity="info"),
        check("VL102", growth, severity="warning"),
        check("VL900", None, severity="info", location=Location(section="附录")),
    ]
    ok = check("VL100", share)
    ok.passed = True
    return [*checks, ok]


@pytest.fixture(scope="module")
def txt_page() -> tuple[str, ReportResult]:
    doc = read(ZZ_TXT)
    result = ReportResult(str(ZZ_TXT), "text", "zh", checks=make_checks(doc))
    return render([result], Settings(), documents={str(ZZ_TXT): doc}), result


def marks(page: str) -> list[tuple[str, str]]:
    """(attributes, text) of each highlight."""
    return re.findall(r'<mark class="vl-mark[^"]*"([^>]*)>([^<]*)</mark>', page)


def test_figures_highlighted_by_severity(txt_page) -> None:
    page, _ = txt_page
    found = {text: attrs for attrs, text in marks(page)}
    assert set(found) == {"6.7%", "75.1%", "21.7:1", "10139"}
    assert re.search(r'class="vl-mark sev-error" data-judged="r0-f0 r0-f\d"[^>]*>6\.7%<', page)
    assert re.search(r'class="vl-mark sev-warning" data-judged="r0-f\d">75\.1%<', page)
    assert re.search(r'class="vl-mark sev-info" data-judged="r0-f\d">21\.7:1<', page)
    assert re.search(r'class="vl-mark vl-input-only" data-inputs="r0-f0">10139<', page)
    # the whole text is on the page, not only the figures
    assert "坚持育人为本" in page and "表1-6" in page


def test_finding_list_and_filters(txt_page) -> None:
    page, result = txt_page
    items = re.findall(r'<li class="vl-finding sev-(\w+)" id="(r0-f\d+)"', page)
    assert len(items) == len(result.findings) == 5
    assert [s for s, _ in items] == ["error", "warning", "warning", "info", "info"]
    assert "未能在正文中定位此项" in page  # VL900 has no place
    assert page.count('data-filter-severity="') == 3
    for rule in ("VL101", "VL102", "VL201", "VL301", "VL900"):
        assert f'<option value="{rule}">' in page
    assert "VL100" not in page  # passed checks are not findings
    assert 'id="index"' not in page  # one report: no index


def test_self_contained_no_outside_address(txt_page, tmp_path: Path) -> None:
    page, _ = txt_page
    assert not re.search(r"https?://|//[a-z0-9.-]+\.[a-z]{2,}/", page, re.IGNORECASE)
    assert not re.search(r"""\b(?:src|href)\s*=\s*["'](?!#)""", page)
    assert "@import" not in page and "url(" not in page
    assert "Content-Security-Policy" in page and "default-src 'none'" in page
    # a report quoting an address does not make the page name one
    assert esc("见 https://example.org/a") == "见 https&#58;//example.org/a"


def test_docx_and_batch_index(tmp_path: Path) -> None:
    doc_txt, doc_docx = read(ZZ_TXT), read(ZZ_DOCX)
    r1 = ReportResult(str(ZZ_TXT), "text", "zh", checks=make_checks(doc_txt))
    r2 = ReportResult(str(ZZ_DOCX), "docx", "zh", checks=make_checks(doc_docx))
    bad = ReportResult("missing.docx", "docx", "zh",
                       error={"code": "not-found", "message": "no such file"})
    page = render([r1, r2, bad], Settings(lang="en"))  # documents re-read from disk
    assert 'id="index"' in page and page.count('href="#report-') == 3
    assert "no such file" in page and "unreadable" in page
    texts = [text for _, text in marks(page)]
    assert texts.count("6.7%") == 2 and texts.count("21.7:1") == 2
    assert 'data-judged="r1-f0' in page  # the docx report's figures are highlighted too
    assert "[VL" not in page and "stated" in page  # English words with --lang en


def test_empty_batch_renders() -> None:
    page = render([], Settings())
    assert page.startswith("<!DOCTYPE html>") and "data-ready" in page  # set by the script


def test_cli_format_html(tmp_path: Path, capsys) -> None:
    from vetlint.cli import main

    out = tmp_path / "report.html"
    with pytest.raises(SystemExit) as info:
        main(["check", str(ZZ_TXT), "--format", "html", "-o", str(out), "--fail-on", "never"])
    assert info.value.code == 0
    page = out.read_text(encoding="utf-8")
    assert page.startswith("<!DOCTYPE html>") and 'class="vl-finding' in page
    assert re.search(r'<mark class="vl-mark sev-\w+" data-judged=', page)
    assert not re.search(r"https?://", page)


def test_cli_html_reads_each_report_once(tmp_path: Path, monkeypatch: pytest.MonkeyPatch, capsys) -> None:
    """The page draws the Document the check read (kept with its result), not a second read."""
    from vetlint.cli import main
    from vetlint.render import html as html_render

    def no_second_read(*_: object) -> None:
        raise AssertionError("the HTML renderer read the report again")

    monkeypatch.setattr(html_render, "_read", no_second_read)
    out = tmp_path / "report.html"
    with pytest.raises(SystemExit) as info:
        main(["check", str(ZZ_TXT), "--format", "html", "-j", "1", "-o", str(out), "--fail-on", "never"])
    assert info.value.code == 0
    assert re.search(r'<mark class="vl-mark sev-\w+" data-judged=', out.read_text(encoding="utf-8"))


@pytest.mark.parametrize("name", [
    "reports/zhengzhou-2020-secondary-vet-quality.txt",
    "reports/quzhou-2020-secondary-vet-quality.txt",
    "derived/zhengzhou-2020-tables.xlsx",
    "derived/zhengzhou-2020-tables.pdf",
    "derived/zhengzhou-2020-tables.md",
])
def test_real_findings_highlight_exactly_their_figure(name: str) -> None:
    """With the whole pipeline, each finding's highlight covers its figure's text."""
    import html as htmllib

    from vetlint.api import check

    result = check(ROOT / "fixtures" / name)
    assert result.findings
    page = render([result], Settings())
    covered: dict[str, str] = {}
    for ids, text in re.findall(r'<mark class="vl-mark sev[^"]*" data-judged="([^"]+)"[^>]*>'
                                r"([^<]*)</mark>", page):
        for fid in ids.split():
            covered[fid] = covered.get(fid, "") + htmllib.unescape(text)
    for n, finding in enumerate(result.findings):
        fig = finding.stated or finding.blame
        if fig is None or fig.location.line is None:
            continue
        fid = f"r0-f{n}"
        if fid not in covered:  # a figure that is not in a cell or paragraph: its table
            assert re.search(rf'class="vl-table-wrap vl-table-judged[^"]*" data-judged="[^"]*'
                             rf'\b{fid}\b', page), (finding.rule, fig)
            continue
        assert covered[fid] == fig.text, (finding.rule, fig)


def test_addresses_quoted_by_a_report_are_not_links(tmp_path: Path) -> None:
    report = tmp_path / "url.txt"
    report.write_text("2020年在校生12000人，详见https://www.example.edu.cn/zl/2020.html。\n",
                      encoding="utf-8")
    doc = read(report)
    share = find_figure(doc, "在校生12000人", "12000人")
    check = Check(rule="VL201", name="t", severity="error", passed=False,
                  message={"zh": "说明 https://x.org", "en": "see http://x.org"},
                  location=share.location, stated=share)
    page = render([ReportResult(str(report), "text", "zh", checks=[check])], Settings())
    assert "example.edu.cn" in page and "12000人</mark>" in page
    assert not re.search(r"https?://", page)
