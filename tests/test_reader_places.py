"""Findings in the reader's units and places: what the expected value should print as, in
the stated figure's unit and precision; 个百分点 for point differences; Word comments and
the HTML page citing places a reader can find; annotated copies a batch leaves alone."""

from __future__ import annotations

import re
import shutil
from pathlib import Path

import docx
import pytest
from clirun import run
from test_annotate import anchored_texts

import vetlint
from vetlint.annotate import annotate, comment_lines
from vetlint.api import check_data
from vetlint.engine import fmt
from vetlint.marker import MARKER, is_vetlint_copy
from vetlint.render.places import Places
from vetlint.settings import Settings

ROOT = Path(__file__).resolve().parents[1]
REPORTS = ROOT / "fixtures" / "reports"
WORD = sorted((ROOT / "fixtures" / "rendered").glob("*.docx")) + sorted((ROOT / "fixtures" / "derived").glob("*.docx"))
# a place as line:col (what a Word user cannot find): "(5:163)", "95:2 表1-3 r2 c5", "1443:29 T14"
LINE_COL = re.compile(r"[（(]\d+:\d+[）) ]|\b\d+:\d+ (?:表|T\d|p\.)|\br\d+ c\d+\b")


# ------------------------------------------------------------------ units


def test_chart_against_table_is_said_in_the_tables_unit() -> None:
    result = vetlint.check(REPORTS / "zhengzhou-2020-secondary-vet-quality.txt", Settings(select=["VL421"]))
    # 5.3万 against 53907: it holds only if the author truncated (an info note), said in 万人
    finding = next(c for c in result.findings if c.stated and c.stated.text == "5.3")
    assert finding.expected is not None and finding.expected.text == "5.4万人"
    assert "5.3万人 只在作者截断" in finding.text("zh") and "53907人" in finding.text("zh")
    assert "四舍五入应为 5.4万人" in finding.text("zh")


def test_chart_against_table_disagreement_restates_the_chart() -> None:
    text = ("表1：办学规模\n\n| 年度 | 毕业生人数（万人） |\n| --- | --- |\n| 2020 | 5.6 |\n\n"
            "图1：毕业生情况\n\n| 年份 | 毕业人数 |\n| --- | --- |\n| 2020年 | 53907 |\n")
    result = check_data(text.encode("utf-8"), "example.md", Settings(select=["VL421"]))
    (finding,) = result.findings
    assert "此处为 5.6万人，另一处为 53907人（即 5.4万人）" in finding.text("zh")
    assert "53907人 (i.e. 5.4万人)" in finding.text("en")


def test_percentage_point_change_says_points() -> None:
    result = vetlint.check(REPORTS / "quzhou-2020-secondary-vet-quality.txt", Settings(select=["VL101"]))
    finding = next(c for c in result.findings if c.stated and c.stated.text == "-8.58%")
    assert "应为 -8.85个百分点（58.88% → 50.03%）" in finding.text("zh")
    assert "-8.85 percentage points" in finding.text("en")
    assert finding.expected is not None and finding.expected.text == "-8.85个百分点"
    assert finding.suggestion == "-8.58% → -8.85%"  # the fix keeps the cell's own style


def test_relative_growth_keeps_percent() -> None:
    result = vetlint.check(REPORTS / "zhengzhou-2020-secondary-vet-quality.txt", Settings(select=["VL101"]))
    finding = next(c for c in result.findings if c.stated and c.stated.text == "6.7%")
    assert "增长率应为 -6.7%（10139 → 9456）" in finding.text("zh") and "百分点" not in finding.text("zh")


@pytest.mark.parametrize(
    ("like", "value", "low", "high", "expected"),
    [
        ("1.6%", 0.016001, 0.0158505, 0.0161524, "[1.59%, 1.62%]"),
        ("28.9:1", 28.873, 28.8028, 28.9437, "[28.80:1, 28.94:1]"),
        ("5349人", 5349, 5348.5, 5349.5, "[5348.5人, 5349.5人]"),
        ("-6.0%", -0.0595463, -0.0595463, -0.0595463, "(-5.955%)"),
    ],
)
def test_intervals_are_shown_in_the_printed_unit(like: str, value: float, low: float, high: float, expected: str) -> None:
    assert fmt.interval_text(like, value, low, high) == expected


def test_in_units_and_points() -> None:
    assert fmt.in_units(53907, 1e4, 1, fmt.unit_text("person", 1e4)) == "5.4万人"
    assert fmt.in_units(202214, 1e4, 1, "万人") == "20.2万人"
    assert fmt.as_points("-8.85%", "zh") == "-8.85个百分点"
    assert fmt.as_points("2.0％", "en") == "2.0 percentage points"
    assert fmt.printed(-0.05000000000000071, "-5.0%") == "-0.0500"


# ------------------------------------------------------------------ places


def test_places_count_rows_as_the_table_shows_them_and_paragraphs_in_their_section() -> None:
    doc = vetlint.read(ROOT / "fixtures" / "rendered" / "zhengzhou-2020-secondary-vet-quality.docx")
    places = Places.of(doc, "zh")
    table = next(t for t in doc.tables if t.id == "表1-6")
    growth = table.rows[0][4].location  # 教职工总数, 增长率: the first body row under one header row
    assert places.place(growth) == "表1-6 第2行第5列"
    prose = next(p for p in doc.paragraphs if "生师比21.7:1" in p.text)
    assert places.place(prose.location) == "「1.3教师队伍」第1段"
    assert Places.of(doc, "en").place(growth) == "表1-6, row 2, column 5"
    text = vetlint.read(REPORTS / "zhengzhou-2020-secondary-vet-quality.txt")  # chart data: T14
    chart = next(t for t in text.tables if t.id == "T14")
    assert Places.of(text, "zh").place(chart.rows[0][1].location) == f"第14个表格（图表数据） 第{len(chart.header) + 1}行第2列"


@pytest.fixture(scope="module")
def annotated(tmp_path_factory: pytest.TempPathFactory) -> list[tuple[Path, list, dict[int, str], list[str]]]:
    out = []
    folder = tmp_path_factory.mktemp("annotated")
    for src in WORD:
        result = vetlint.check(src)
        target = folder / f"{src.stem}.checked.docx"
        annotate(src, result, target)
        comments = {c.comment_id: c.text for c in docx.Document(str(target)).comments}
        out.append((target, result.findings, anchored_texts(target), [comments[i] for i in sorted(comments)]))
    return out


def test_every_comment_is_anchored_on_its_figure(annotated) -> None:
    total = 0
    for target, findings, anchors, comments in annotated:
        assert len(comments) == len(findings) + 1, target.name  # + the summary comment
        for n, finding in enumerate(findings, start=1):
            # on the figure it judges, or (a chart's value has no run) another figure of it
            figures = [f for f in (finding.stated, finding.blame, *finding.inputs) if f is not None]
            assert any(f.text in anchors[n] for f in figures), (target.name, finding.rule, anchors[n][:40])
            total += 1
    assert total >= 30


def test_no_comment_cites_a_line_and_column(annotated) -> None:
    cited = 0
    for target, findings, _, comments in annotated:
        for finding, text in zip(findings, comments[1:], strict=True):
            assert not LINE_COL.search(text), (target.name, finding.rule, text)
            for fig in [finding.stated, *finding.inputs]:
                short = fig.location.short() if fig else ""
                assert not (short and short in text and ":" in short), (finding.rule, short, text)
            assert "表 表" not in text
            cited += "第" in text and ("行" in text or "段" in text)
    assert cited >= 20  # places are there, said as a Word user finds them


def test_a_located_message_is_rewritten_for_word_readers() -> None:
    """VL421's message lists its cells as line:col in the text file; the comment says rows."""
    src = ROOT / "fixtures" / "rendered" / "zhengzhou-2020-secondary-vet-quality.docx"
    result = vetlint.check(src, Settings(select=["VL421"]))
    places = Places.of(vetlint.read(src), "zh")
    for finding in result.findings:
        assert LINE_COL.search(finding.text("zh"))  # the console keeps them (they are right there)
        text = "\n".join(comment_lines(finding, "zh", places))
        assert not LINE_COL.search(text) and "第" in text, text


def test_html_cites_places_not_line_and_column(capsys: pytest.CaptureFixture[str]) -> None:
    src = ROOT / "fixtures" / "rendered" / "zhengzhou-2020-secondary-vet-quality.docx"
    _, page, _ = run(["check", str(src), "--format", "html"], capsys)
    findings = re.findall(r'<li class="vl-finding.*?</li>', page, re.DOTALL)
    assert findings and "表1-6 第2行第3列" in page
    for item in findings:
        assert not LINE_COL.search(item), item[:300]


# ------------------------------------------------------------------ annotate and batches


def test_annotate_exits_0_once_written_and_marks_the_copy(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    src = tmp_path / "report.docx"
    shutil.copy(WORD[-1], src)
    status, _, err = run(["annotate", str(src)], capsys)
    target = tmp_path / "report.checked.docx"
    assert status == 0 and f"wrote {target}" in err and is_vetlint_copy(target)
    assert not is_vetlint_copy(src)
    renamed = tmp_path / "copy.docx"
    shutil.copy(target, renamed)
    assert is_vetlint_copy(renamed)  # the document property, not the name
    status, _, _ = run(["annotate", str(src), "-o", str(tmp_path / "again.docx"), "--fail-on", "error"], capsys)
    assert status == 1  # asked for: the findings count
    # annotating an annotated copy keeps one marker property
    run(["annotate", str(renamed), "-o", str(tmp_path / "twice.docx")], capsys)
    import zipfile

    custom = zipfile.ZipFile(tmp_path / "twice.docx").read("docProps/custom.xml").decode()
    assert custom.count(f'name="{MARKER}"') == 1


def test_a_batch_skips_copies_vetlint_wrote(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    folder = tmp_path / "reports"
    folder.mkdir()
    shutil.copy(WORD[-1], folder / "report.docx")
    _, before, _ = run(["check", str(folder), "--statistics", "-f", "json"], capsys)
    run(["annotate", str(folder / "report.docx")], capsys)
    shutil.copy(folder / "report.checked.docx", folder / "renamed.docx")
    status, after, err = run(["check", str(folder), "--statistics", "-f", "json"], capsys)
    assert after == before  # the same counts: the copies were not checked again
    assert "skipped 2 commented copy(ies)" in err
    # named explicitly, a copy is checked like any report
    status, out, _ = run(["check", str(folder / "renamed.docx"), "-f", "json"], capsys)
    assert '"findings": [' in out and status == 1
    only = tmp_path / "only"
    only.mkdir()
    shutil.copy(folder / "renamed.docx", only / "x.docx")
    status, _, err = run(["check", str(only)], capsys)
    assert status == 2 and "only copies written by vetlint annotate" in err
