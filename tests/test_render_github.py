"""GitHub workflow commands: escaping, one annotation per finding, a summary first."""

from __future__ import annotations

from conftest_render import growth_check, sample_results, zh_result

from vetlint.checks import ReportResult
from vetlint.render import render
from vetlint.render.github import annotation, escape_data, escape_property, step_summary
from vetlint.settings import Settings


def test_annotations_one_per_finding_with_summary_first() -> None:
    out = render("github", sample_results(), Settings()).splitlines()
    assert out[0].startswith("::notice title=vetlint summary::vetlint: 2 error(s), 1 warning(s), 1 info(s) in 3 report(s), 1 unreadable")
    body = out[1:]
    assert sum(line.startswith("::error file=reports/zhengzhou-2020.txt,") for line in body) == 1
    assert sum(line.startswith("::warning ") for line in body) == 1
    assert sum(line.startswith("::notice ") for line in body) == 1
    assert any(line.startswith("::error file=reports/broken.docx,title=unreadable report::wrong-format") for line in body)
    growth = next(line for line in body if "VL101" in line)
    assert growth.startswith("::error file=reports/zhengzhou-2020.txt,line=212,col=2,endLine=212,endColumn=5,title=VL101 table-growth-rate::")
    assert growth.endswith("报告写作 8.3%25（建议：-8.3%25）")  # % escaped as %25


def test_escaping_follows_the_workflow_command_rules() -> None:
    assert escape_data("50%\nnext\r") == "50%25%0Anext%0D"
    assert escape_property("a:b,c") == "a%3Ab%2Cc"
    check = growth_check()
    check.message = {"en": "line one\nline two 100%"}
    line = annotation(check, "dir/a,b:c.txt", "en")
    assert "file=dir/a%2Cb%3Ac.txt," in line
    assert line.count("\n") == 0 and "line one%0Aline two 100%25" in line


def test_summary_mentions_the_ten_annotation_limit_when_exceeded() -> None:
    many = ReportResult("r.txt", "text", "en", checks=[growth_check() for _ in range(12)])
    for i, c in enumerate(many.checks):
        c.stated.text = f"{i}.3%"  # distinct findings
    first = render("github", [many], Settings()).splitlines()[0]
    assert "GitHub shows 10 annotations of each type" in first


def test_step_summary_is_markdown_with_every_finding() -> None:
    md = step_summary(sample_results(), Settings(lang="en"))
    assert md.startswith("## vetlint")
    assert "| `reports/broken.docx` | 0 | 0 | 0 | 0 | unreadable: not a .docx file" in md
    assert md.count("| error | VL101") == 1 and "| warning | VL120" in md
    assert render("github", [zh_result()], Settings()).count("\n") == 4
