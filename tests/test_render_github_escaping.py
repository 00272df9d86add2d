"""The github format under hostile report text: one command per line, nothing injected or hidden.

The runner obeys any stdout line that starts with ``::``; a report's labels, a file name
or a read error must never start one, nor hide what an annotation says (bidi overrides,
C0/C1 controls).
"""

from __future__ import annotations

import re
from pathlib import Path

import pytest
from conftest_render import growth_check

from vetlint import api
from vetlint.checks import ReportResult
from vetlint.cli import main
from vetlint.render import render
from vetlint.render.github import annotation, escape_data, escape_property, step_summary
from vetlint.settings import Settings

INJECTIONS = ("::add-mask::", "::set-output", "::error::", "::stop-commands::", "::warning file=")
# Every character that could end a line, drive a terminal or reorder the text around it.
HIDDEN = re.compile("[\x00-\x08\x0b-\x1f\x7f-\x9f\u061c\u200e\u200f\u202a-\u202e\u2066-\u2069\u2028\u2029]")
COMMAND = re.compile(r"^::(error|warning|notice) [^\n]*::")

HOSTILE_LABEL = (
    "教职工\u0085::add-mask::秘密\u2028::set-output name=a::b%0A::error::伪造,:"
    "\u202e数总\u202c\u2066x\u2069"
)


def hostile_report(path: Path) -> Path:
    """A small report whose table row label (and prose) carry line breaks and commands."""
    body = (
        "一、办学规模\n\n"
        "表1-6 2019—2020年教师基本情况（单位：人）\n\n"
        "\t项目\n\t2019年\n\t2020年\n\t增长率\n\n"
        f"\t{HOSTILE_LABEL}\n\t10139\n\t9456\n\t6.7%\n\n"  # the sign is wrong: a finding
        "\t专任教师数\n\t7480\n\t7100\n\t-5.1%\n\n"
        f"2020年，全市{HOSTILE_LABEL}为9456人。\n"
    )
    path.write_text(body, encoding="utf-8")
    return path


def assert_safe(output: str, commands: int) -> None:
    lines = output.split("\n")
    assert lines[-1] == "" and len(lines) - 1 == commands  # one command per line, no more
    for line in lines[:-1]:
        assert COMMAND.match(line), line
        assert not HIDDEN.search(line), line  # no CR, no NEL, no bidi: nothing ends or reorders it
        properties = line.split("::", 2)[1]
        assert "::" not in properties and "\n" not in properties
        for injected in INJECTIONS:  # present only as text inside a command, never at a start
            assert not line.startswith(injected)


def test_a_hostile_label_cannot_start_a_command(tmp_path: Path) -> None:
    result = api.check(hostile_report(tmp_path / "r.txt"))
    failed = [c for c in result.checks if not c.passed]
    assert result.error is None and failed
    assert any("::add-mask::" in c.text("zh") for c in failed)  # the label reaches the message
    out = render("github", [result], Settings())
    assert_safe(out, 1 + len(failed))
    growth = next(line for line in out.splitlines() if "VL101" in line)
    # the text reader cuts NEL and U+2028 out; the command words stay inert text in the message
    assert "\x85" not in growth and "\u2028" not in growth
    assert "::add-mask::" in growth and not growth.startswith("::add-mask")
    assert "b%250A::error::" in growth  # a literal %0A stays text: the runner decodes %25 first


def test_a_file_name_with_a_newline_stays_one_property(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    path = hostile_report(tmp_path / "a\n::add-mask::x,y:z\u202e.txt")
    broken = tmp_path / "b\r::warning::z.docx"
    broken.write_bytes(b"not a zip\x1b[2J")
    with pytest.raises(SystemExit) as info:
        main(["check", "--format", "github", str(path), str(broken)])
    out = capsys.readouterr().out
    assert info.value.code == 1
    assert_safe(out, len(out.splitlines()))
    assert "a%0A%3A%3Aadd-mask%3A%3Ax%2Cy%3Az\\u202e.txt," in out
    assert "file=" + str(tmp_path).replace(":", "%3A").replace(",", "%2C") + "/b%0D%3A%3Awarning" in out


@pytest.mark.parametrize(
    ("raw", "shown"),
    [
        ("\x1b[2J", "\\x1b[2J"),
        ("a\x00b\x07c\x08", "a\\x00b\\x07c\\x08"),
        ("\x85\x9b", "\\x85\\x9b"),  # C1: NEL and CSI
        ("\x7f", "\\x7f"),
        ("\u202e12\u202c", "\\u202e12\\u202c"),
        ("\u2066x\u2069\u200f", "\\u2066x\\u2069\\u200f"),
        ("\u2028\u2029", "\\u2028\\u2029"),
        ("50%\r\n", "50%25%0D%0A"),
        ("tab\tkept", "tab\tkept"),
        ("报告写作 8.3%", "报告写作 8.3%25"),
    ],
)
def test_escape_data(raw: str, shown: str) -> None:
    assert escape_data(raw) == shown


def test_escape_property_also_ends_nothing() -> None:
    assert escape_property("a:b,c\n\u202e%") == "a%3Ab%2Cc%0A\\u202e%25"
    assert escape_property("%3A") == "%253A"  # an already-escaped look-alike stays literal


def test_annotation_title_and_message_of_a_hostile_check() -> None:
    check = growth_check()
    check.name = "x,title=y::z"
    check.message = {"en": "ok\r::add-mask::secret\n::error::fake \u202eevil"}
    line = annotation(check, "r.txt", "en")
    assert line.count("::") == 2 + line.split("::", 2)[2].count("::")  # no extra separators in properties
    assert "title=VL101 x%2Ctitle=y%3A%3Az::" in line
    assert "ok%0D::add-mask::secret%0A::error::fake \\u202eevil" in line
    assert not HIDDEN.search(line)


def test_step_summary_cells_show_controls_and_bidi() -> None:
    check = growth_check()
    check.message = {"zh": "a|b\r\nc\u202ed\x1b", "en": "a|b\r\nc\u202ed\x1b"}
    md = step_summary([ReportResult("r\u202e.txt", "text", "zh", checks=[check])], Settings())
    assert not HIDDEN.search(md)
    assert "a\\|b  c\\u202ed\\x1b" in md and "`r\\u202e.txt`" in md
