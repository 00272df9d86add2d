"""Structural budgets: files under every size limit whose shape alone would take minutes
(a 100,000-row table, tables nested 20,000 deep, a line of 500,000 cells, a million
figures, a 500-page PDF, 100,000 rules) are refused within seconds as ``too-large``,
and reports just inside each budget are still read."""

from __future__ import annotations

import time
from pathlib import Path

import pytest
from clirun import run as cli

from vetlint.engine import packs
from vetlint.errors import ReadError, RulePackError
from vetlint.readers import budgets, read_bytes

ROOT = Path(__file__).resolve().parents[1]
SEED = ROOT / "fixtures" / "reports" / "xuchang-2019-secondary-vet-quality.txt"


def refused(data: bytes, name: str, needle: str) -> None:
    started = time.monotonic()
    with pytest.raises(ReadError, match=needle) as info:
        read_bytes(data, name)
    assert info.value.code == "too-large"
    assert time.monotonic() - started < 5


def md_table(rows: int, cols: int = 2) -> bytes:
    head = "|" + "|".join(f"c{j}" for j in range(cols)) + "|\n|" + "-|" * cols + "\n"
    return (head + "".join(f"|x{i}|" + "1|" * (cols - 1) + "\n" for i in range(rows))).encode()


def nested(depth: int) -> bytes:
    return ("<html><body>" + "<table><tr><td>" * depth + "57所" + "</td></tr></table>" * depth
            + "</body></html>").encode()


def test_a_line_of_half_a_million_tab_cells() -> None:
    refused(b"\t1" * 500_000, "line.txt", "500,000 table cells")
    refused(("学校" + "\t1" * 1500 + "\n").encode() * 3, "wide.txt", "1,500 cells in one line")
    read_bytes(("学校" + "\t1" * 900 + "\n").encode() * 3, "ok.txt")


def test_a_100000_row_markdown_table() -> None:
    refused(md_table(100_000), "rows.md", "table cells")
    read_bytes(md_table(5_000), "ok.md")


def test_tables_nested_20000_deep() -> None:
    refused(nested(20_000), "nested.html", "levels of tables nested")
    refused(b"| a |\n|---|\n| x |\n" + nested(100), "nested.md", "levels of tables nested")
    doc = read_bytes(nested(budgets.MAX_TABLE_DEPTH), "ok.html")
    assert doc.blocks


def test_unclosed_tables_count_as_nested() -> None:
    refused(b"<table><tr><td>" * 500, "open.html", "nested")


def test_too_many_html_rows_and_cells() -> None:
    row = "<tr><td>1</td><td>2</td><td>3</td><td>4</td><td>5</td></tr>"
    refused(("<table>" + row * 45_000 + "</table>").encode(), "cells.html", "table cells")


def test_a_million_figures_in_prose() -> None:
    refused(b"1 " * 200_000, "figures.txt", "200,000 figures")
    refused(("共有1所，" * 160_000).encode("utf-16"), "figures16.txt", "figures")


def test_the_budgets_leave_the_seeds_far_inside() -> None:
    for path in sorted((ROOT / "fixtures" / "reports").glob("*.txt")):
        budgets.after_reading(read_bytes(path.read_bytes(), path.name))
        budgets.before_parsing("text", path.read_bytes())


def test_a_pdf_over_the_page_budget_is_refused_before_its_pages_are_read(tmp_path: Path) -> None:
    pdfium = pytest.importorskip("pypdfium2")
    pdf = pdfium.PdfDocument.new()
    for _ in range(budgets.MAX_PAGES + 1):
        pdf.new_page(595, 842)
    path = tmp_path / "pages.pdf"
    pdf.save(str(path))
    refused(path.read_bytes(), "pages.pdf", f"{budgets.MAX_PAGES + 1} pages")


def test_a_quantity_stated_thousands_of_times_is_judged_in_linear_time() -> None:
    """Cross-references compare every pair of places with one key (and look for the odd one
    out among them): 2,000 repetitions of one sentence took 30 s, 4,000 two minutes. A key is
    judged on its first ``crossrefs.MAX_PLACES`` places."""
    from vetlint.api import check_data
    from vetlint.engine.kinds import crossrefs

    text = "".join(f"全市中职学校在校生{1000 + i}人。" for i in range(4000))
    started = time.process_time()
    result = check_data(text.encode(), "repeated.txt")
    assert time.process_time() - started < 15  # a hang guard: about 1 s
    assert result.error is None
    (finding,) = [c for c in result.findings if c.rule == "VL419"]
    assert len(finding.inputs) == crossrefs.MAX_PLACES - 1  # the first places, in reading order


def rule_pack(n: int, prefix: str = "BUD") -> str:
    rules = "".join(
        f"""  - code: {prefix}{i:04d}
    name: r{i}
    kind: formula
    severity: error
    params: {{origin: prose, indicators: [student_teacher_ratio]}}
    message: {{zh: "{{expected}}", en: "{{expected}}"}}
    docs: {{summary: s, what: w, why: y, fail: f, pass: p}}
"""
        for i in range(n)
    )
    return f"pack:\n  name: {prefix.lower()}\n  version: '1'\n  description: d\nrules:\n{rules}"


def test_too_many_rules_in_one_pack(tmp_path: Path) -> None:
    (tmp_path / "big.yaml").write_text(rule_pack(packs.MAX_RULES + 1), "utf-8")
    started = time.monotonic()
    with pytest.raises(RulePackError, match=f"{packs.MAX_RULES + 1:,} rules in one pack"):
        packs.load_packs([str(tmp_path)])
    assert time.monotonic() - started < 10


def test_too_many_rules_and_packs_together(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(packs, "MAX_RULES", 60)  # the packaged 42 and two packs of 15
    for k in range(2):
        (tmp_path / f"p{k}.yaml").write_text(rule_pack(15, f"BU{chr(65 + k)}"), "utf-8")
    with pytest.raises(RulePackError, match="over 60 rules together"):
        packs.load_packs([str(tmp_path)])
    monkeypatch.setattr(packs, "MAX_PACK_FILES", 5)
    with pytest.raises(RulePackError, match="more than 5 rule packs"):
        packs.load_packs([str(tmp_path)])


def test_pack_loading_is_under_the_time_limit(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    (tmp_path / "slow.yaml").write_text(rule_pack(1500), "utf-8")
    code, _, err = cli(["check", str(SEED), "--rules", str(tmp_path), "--timeout", "0.05"], capsys)
    assert code == 2 and "loading the rule packs took longer than 0.05 s" in err
