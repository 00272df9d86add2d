"""Rule packs are data: nothing in a pack can run code, and a bad pack is one clear error.

Each malicious pack sits in a tmp folder passed as ``Settings(rule_dirs=[...])``.
Its payload would create a marker file if it ever ran; the tests assert the
marker never appears and that the ``RulePackError`` names the file and line.
"""

from __future__ import annotations

import re
import time
from pathlib import Path

import pytest

from vetlint import api
from vetlint.engine.packs import load_packs
from vetlint.errors import RulePackError
from vetlint.expr import ExprError, Expression
from vetlint.extract.lexicon import load_lexicon
from vetlint.settings import Settings

REPORT = """表1 教师基本情况

| 项目 | 2020年 |
| --- | --- |
| 在校生数 | 27782 |
| 专任教师数 | 1712 |
| 生师比 | 16.32 : 1 |
"""


def pack_yaml(message: str = "{expected}") -> str:
    """A valid one-rule pack (the formula kind on 生师比), with the message to test."""
    return f"""\
pack:
  name: evil
  version: "1"
  description: a pack from a stranger
rules:
  - code: EVL001
    name: evil-ratio
    kind: formula
    severity: error
    params:
      indicators: [student_teacher_ratio]
    message:
      zh: "{message}"
      en: "{message}"
    docs:
      summary: s
      what: w
      why: y
      fail: f
      pass: p
"""


def lexicon_yaml(formula: str = "students / full_time_teachers") -> str:
    """A stranger's lexicon redefining 生师比 with ``formula`` (line 6)."""
    return f"""\
lexicon:
  indicators:
    - id: student_teacher_ratio
      zh: 生师比
      formulas:
        - {formula}
"""


LEXICON = "evil.lexicon.yaml"


@pytest.fixture
def marker(tmp_path: Path) -> Path:
    return tmp_path / "PWNED"


def write_pack(tmp_path: Path, text: str, name: str = "evil.yaml") -> Path:
    folder = tmp_path / "packs"
    folder.mkdir(exist_ok=True)
    path = folder / name
    path.write_text(text, encoding="utf-8")
    return path


def pack_error(path: Path, *, line: int | None = None, match: str = "") -> RulePackError:
    """Loading the packs (or lexicon) under ``path.parent`` fails fast with one clear line naming ``path``."""
    started = time.monotonic()
    with pytest.raises(RulePackError) as info:
        if path.name.endswith(".lexicon.yaml"):
            load_lexicon([str(path.parent)])
        else:
            load_packs([str(path.parent)])
    assert time.monotonic() - started < 5
    message = info.value.message
    assert "\n" not in message and "Traceback" not in message
    assert path.name in message
    if line is not None:
        assert re.search(rf"{re.escape(path.name)}:{line}:", message), message
    assert re.search(match, message), message
    return info.value


def test_the_template_pack_itself_loads(tmp_path):
    path = write_pack(tmp_path, pack_yaml())
    packs = load_packs([str(path.parent)])
    assert any(r.code == "EVL001" for p in packs for r in p.rules)


@pytest.mark.parametrize(
    ("formula", "match"),
    [
        ("__import__('os').system('touch {m}')", "unexpected character|unknown function"),
        ("students.__class__.__bases__", "unexpected character"),
        ("(lambda: students)()", "unexpected character|unexpected"),
        ("[t for t in (students, teachers)][0]", "unexpected character"),
        ('exec(\'open("{m}", "w")\')', "unexpected character|unknown function"),
        ("eval(students)", "unknown function"),
        ("getattr(students, 'x')", "unexpected character|unknown function"),
        ("students if teachers else 0", "unexpected"),
        ("students ** 99999999", "unexpected"),
        ("f'{{students}}'", "unexpected character"),
    ],
)
def test_code_in_a_formula_never_runs(tmp_path, marker, formula, match):
    formula = formula.replace("{m}", str(marker))
    quoted = "'" + formula.replace("'", "''") + "'"  # a YAML single-quoted scalar
    path = write_pack(tmp_path, lexicon_yaml(formula=quoted), LEXICON)
    # The line is that of the indicator the formula defines.
    pack_error(path, line=3, match=f"indicator 'student_teacher_ratio': formulas: ({match})")
    assert not marker.exists()


def test_expression_grammar_refuses_python_directly(marker):
    for text in (
        f"__import__('os').system('touch {marker}')",
        "().__class__.__mro__",
        "open",
        "a; b",
        "a if b else c",
    ):
        try:
            expr = Expression.parse(text)
        except ExprError:
            continue
        # A bare name parses as an input name and evaluates only from the given values.
        assert expr.names <= {"open", "a"}
        with pytest.raises(ExprError, match="no value"):
            expr.evaluate({})
    assert not marker.exists()


def test_deeply_nested_formula_is_an_error_not_a_crash(tmp_path):
    path = write_pack(
        tmp_path, lexicon_yaml(formula="(" * 100 + "students" + ")" * 100 + " / full_time_teachers"), LEXICON
    )
    pack_error(path, match="nested too deeply|longer than")


@pytest.mark.parametrize(
    "tag",
    [
        "!!python/object/apply:os.system ['touch {m}']",
        "!!python/object/apply:subprocess.call [['touch', '{m}']]",
        "!!python/name:os.system",
        "!!python/object/new:os.system ['touch {m}']",
        "!!python/module:os",
        "!custom {{cmd: 'touch {m}'}}",
    ],
)
def test_python_yaml_tags_are_refused(tmp_path, marker, tag):
    tag = tag.replace("{m}", str(marker)).replace("{{", "{").replace("}}", "}")
    text = pack_yaml().replace("description: a pack from a stranger", f"description: {tag}")
    path = write_pack(tmp_path, text)
    pack_error(path, line=4, match="tag .* is not allowed")
    assert not marker.exists()


def test_tag_in_a_formula_value_is_refused(tmp_path, marker):
    text = lexicon_yaml(formula=f"!!python/object/apply:os.system ['touch {marker}']")
    path = write_pack(tmp_path, text, LEXICON)
    pack_error(path, line=6, match="not allowed")
    assert not marker.exists()


def test_billion_laughs_is_refused_quickly(tmp_path):
    lines = ['a0: &a0 ["lol", "lol", "lol", "lol", "lol", "lol", "lol", "lol", "lol"]']
    for i in range(1, 10):
        refs = ", ".join([f"*a{i - 1}"] * 9)
        lines.append(f"a{i}: &a{i} [{refs}]")
    text = pack_yaml().replace("rules:\n", "\n".join(lines) + "\nrules:\n", 1)
    path = write_pack(tmp_path, text)
    pack_error(path, match="too many YAML aliases")


def test_alias_expansion_under_the_alias_cap_is_still_bounded(tmp_path):
    """7 levels of 9 aliases (63 aliases, under the cap) would expand to 9**7 = 4.8M values."""
    lines = ['a0: &a0 ["lol", "lol", "lol", "lol", "lol", "lol", "lol", "lol", "lol"]']
    for i in range(1, 8):
        refs = ", ".join([f"*a{i - 1}"] * 9)
        lines.append(f"a{i}: &a{i} [{refs}]")
    text = pack_yaml().replace("rules:\n", "\n".join(lines) + "\nrules:\n", 1)
    path = write_pack(tmp_path, text)
    pack_error(path, match="too many values|too many YAML aliases")


def test_recursive_alias_is_refused(tmp_path):
    text = pack_yaml().replace("rules:\n", "loop: &loop [*loop]\nrules:\n", 1)
    path = write_pack(tmp_path, text)
    pack_error(path, match="alias|YAML")


def test_huge_pack_is_refused_before_parsing(tmp_path):
    text = pack_yaml() + "# " + "x" * (3 * 1024 * 1024) + "\n"
    path = write_pack(tmp_path, text)
    pack_error(path, match="larger than")


def test_binary_pack_is_one_clear_error(tmp_path):
    folder = tmp_path / "packs"
    folder.mkdir()
    path = folder / "junk.yaml"
    path.write_bytes(b"\xff\xfe\x00\x01" * 100)
    pack_error(path, match="not UTF-8|invalid YAML")


def test_unknown_placeholders_and_attribute_access_in_messages(tmp_path):
    for message in ("{expected.__class__.__init__.__globals__}", "{0}", "{expected[0]}", "{env}"):
        path = write_pack(tmp_path, pack_yaml(message=message), name=f"m{len(message)}.yaml")
        pack_error(path, line=13, match="unknown placeholder")
        path.unlink()


def test_format_spec_in_a_message_cannot_allocate_gigabytes(tmp_path):
    for message in ("{stated:>999999999}", "{stated!r}", "{expected:{stated}}", "{stated!s:>9}"):
        path = write_pack(tmp_path, pack_yaml(message=message), name=f"f{len(message)}.yaml")
        pack_error(path, line=13, match="format specs and conversions are not allowed")
        path.unlink()


def test_malicious_pack_through_the_pipeline(tmp_path, marker):
    report = tmp_path / "report.md"
    report.write_text(REPORT, encoding="utf-8")
    write_pack(tmp_path, pack_yaml())
    write_pack(tmp_path, lexicon_yaml(formula=f"__import__('os').system('touch {marker}')"), LEXICON)
    with pytest.raises(RulePackError, match=r"evil\.lexicon\.yaml:3: indicator"):
        api.check(report, Settings(rule_dirs=[str(tmp_path / "packs")]))
    assert not marker.exists()


def test_a_stranger_pack_that_is_safe_runs_as_data(tmp_path):
    """The same pack with an honest formula is loaded and judges the table."""
    report = tmp_path / "report.md"
    report.write_text(REPORT, encoding="utf-8")
    write_pack(tmp_path, pack_yaml(message="{stated} → {expected}"))
    result = api.check(report, Settings(rule_dirs=[str(tmp_path / "packs")], select=["EVL001"]))
    assert result.error is None
    (finding,) = [c for c in result.checks if c.rule == "EVL001"]
    assert not finding.passed and "16.23" in finding.message["zh"]


# ------------------------------------------------------- terminal output


def test_escape_sequences_in_a_report_never_reach_the_terminal(tmp_path):
    import subprocess
    import sys

    path = tmp_path / "escape.txt"
    line = "2020年，全市中职学校共有57所，其中公办40所、民办18所。\x1b]0;PWNED\x07\x1b[2J\u202e"
    filler = "学校坚持立德树人，深化产教融合、校企合作，推进教师队伍建设和专业建设。\n" * 30
    path.write_text(line + "\n" + filler, encoding="utf-8")
    done = subprocess.run(
        [sys.executable, "-m", "vetlint", "check", str(path), "--format", "console"],
        capture_output=True,
        timeout=60,
        env={"NO_COLOR": "1", "PATH": "/usr/bin:/bin", "COLUMNS": "100"},  # the line's end shown
    )
    assert b"57" in done.stdout  # the finding on that line is printed
    assert b"\x1b" not in done.stdout and "\u202e".encode() not in done.stdout
    assert b"\\x1b]0;PWNED\\x07\\x1b[2J\\u202e" in done.stdout  # shown, not obeyed


def test_escaped_controls_keep_the_caret_under_the_figure():
    from rich.cells import cell_len

    from vetlint.render.console import source_excerpt, visible

    assert visible("a\x1b[2J\u202eb\x9b\tc\n") == "a\\x1b[2J\\u202eb\\x9b\tc\n"
    line = "\x1b[31m全市\u202e中职学校共有57所"
    column = line.index("57") + 1
    text, start, end = source_excerpt(line, column, column + 1)
    assert text[start:end] == "57"
    assert text.startswith("\\x1b[31m全市\\u202e") and "\x1b" not in text
    # the caret line is built from the cells before the figure: all countable now
    assert cell_len(text[:start]) == len("\\x1b[31m") + 4 + len("\\u202e") + 12
