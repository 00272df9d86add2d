"""Rule packs: loading, validation errors with file:line, safety limits, extra folders, docs."""

from __future__ import annotations

from pathlib import Path

import pytest

from vetlint.engine.docs import explain, list_rules
from vetlint.engine.packs import load_pack, load_packs, parse_pack
from vetlint.engine.runner import run
from vetlint.errors import RulePackError, UsageError
from vetlint.readers import read_bytes
from vetlint.settings import Settings

GOOD = """\
pack:
  name: extra
  version: "0.1"
  description: a pack written by a user
rules:
  - code: XT901
    name: staff-per-teacher
    kind: formula
    severity: warning
    params:
      indicators: [staff_per_teacher]
    message:
      zh: "{table}「{label}」应为 {expected}，报告写作 {stated}"
      en: "{table} '{label}' should be {expected}; the report says {stated}"
    docs:
      summary: staff per full-time teacher
      what: the ratio row equals staff ÷ teachers
      why: an example of a rule written in YAML only
      fail: |
        | 项目 | 2020年 |
        | --- | --- |
        | 教职工总数 | 9456 |
        | 专任教师数 | 7100 |
        | 教职工与专任教师比 | 1.45 |
      pass: |
        | 项目 | 2020年 |
        | --- | --- |
        | 教职工总数 | 9456 |
        | 专任教师数 | 7100 |
        | 教职工与专任教师比 | 1.33 |
"""

# The indicator the rule judges, defined in the folder's own lexicon: its names and formula.
LEXICON = """\
lexicon:
  indicators:
    - id: staff_per_teacher
      zh: 教职工与专任教师比
      en: staff per full-time teacher
      dim: ratio
      formulas: ["staff / full_time_teachers"]
"""


def _write(tmp_path: Path, text: str, name: str = "extra.yaml") -> Path:
    path = tmp_path / name
    path.write_text(text, encoding="utf-8")
    return path


def test_core_pack_loads_with_metadata_and_docs() -> None:
    packs = {p.name: p for p in load_packs()}
    core = packs["core"]
    assert core.version and core.description
    codes = {r.code for r in core.rules}
    assert {"VL101", "VL102", "VL103", "VL104", "VL105", "VL106", "VL107"} <= codes
    for rule in core.rules:
        assert rule.docs.fail.strip() and rule.docs.passing.strip()
        assert set(rule.message) == {"zh", "en"}


def test_pack_from_extra_folder_is_loaded_and_runs(tmp_path: Path) -> None:
    _write(tmp_path, GOOD)
    _write(tmp_path, LEXICON, "extra.lexicon.yaml")
    settings = Settings(rule_dirs=[str(tmp_path)], select=["XT901"])
    rule = parse_pack(GOOD, "extra.yaml").rules[0]
    doc = read_bytes(rule.docs.fail.encode(), "example.md")
    checks = run(doc, settings)
    assert [c.rule for c in checks] == ["XT901"]
    assert not checks[0].passed and checks[0].severity == "warning"
    assert checks[0].expected is not None and checks[0].expected.text == "1.33"
    doc = read_bytes(rule.docs.passing.encode(), "example.md")
    assert [c.passed for c in run(doc, settings)] == [True]


@pytest.mark.parametrize(
    ("old", "new", "message"),
    [
        (
            "kind: formula",
            "kind: formual",
            r"extra.yaml:8: rule XT901: unknown kind 'formual'",
        ),
        (
            "severity: warning",
            "severity: fatal",
            r"extra.yaml:9: rule XT901: .*'fatal' is not one of",
        ),
        ("code: XT901", "code: nine", r"extra.yaml:6: .*does not match"),
        (
            "    params:\n",
            "    parms: {}\n    params:\n",
            r"extra.yaml:10: rule XT901: .*unknown key 'parms'",
        ),
        (
            "{expected}，报告",
            "{expectd}，报告",
            r"extra.yaml:13: rule XT901: message.zh: unknown placeholder \{expectd\}",
        ),
        (
            "      summary: staff per full-time teacher\n",
            "",
            r"extra.yaml:\d+: rule XT901: .*missing key 'summary'",
        ),
        ('  version: "0.1"\n', "", r"extra.yaml:2: .*missing key 'version'"),
    ],
)
def test_broken_pack_names_file_and_line(tmp_path: Path, old: str, new: str, message: str) -> None:
    assert old in GOOD
    path = _write(tmp_path, GOOD.replace(old, new, 1))
    with pytest.raises(RulePackError, match=message):
        load_pack(path)
    with pytest.raises(RulePackError):
        run(
            read_bytes(b"| a | b |\n| --- | --- |\n| 1 | 2 |\n", "x.md"),
            Settings(rule_dirs=[str(tmp_path)]),
        )


@pytest.mark.parametrize(
    ("old", "new", "message"),
    [
        ('"staff / full_time_teachers"', '"staff / pupils"', r"extra.lexicon.yaml:3: indicator 'staff_per_teacher': formulas: 'pupils' is not an indicator id"),
        ('"staff / full_time_teachers"', '"staff ** 2"', r"extra.lexicon.yaml:3: indicator 'staff_per_teacher': formulas: unexpected"),
        ("      zh: 教职工与专任教师比\n", "", r"extra.lexicon.yaml:3: new indicator 'staff_per_teacher' needs zh"),
    ],
)
def test_broken_lexicon_formula_names_file_and_line(tmp_path: Path, old: str, new: str, message: str) -> None:
    from vetlint.extract.lexicon import load_lexicon

    assert old in LEXICON
    _write(tmp_path, LEXICON.replace(old, new, 1), "extra.lexicon.yaml")
    with pytest.raises(RulePackError, match=message):
        load_lexicon([str(tmp_path)])


def test_invalid_yaml_and_duplicates(tmp_path: Path) -> None:
    with pytest.raises(RulePackError, match=r"bad.yaml:\d+: invalid YAML"):
        load_pack(_write(tmp_path, "pack: [unclosed\n", "bad.yaml"))
    twice = GOOD + GOOD[GOOD.index("  - code: XT901") :]
    with pytest.raises(RulePackError, match=r"rule XT901: duplicate rule code"):
        parse_pack(twice, "twice.yaml")
    clash = GOOD.replace("code: XT901", "code: VL101").replace("name: extra", "name: clash")
    folder = tmp_path / "clash"
    folder.mkdir()
    _write(folder, clash)
    with pytest.raises(RulePackError, match="already defined"):
        load_packs([str(folder)])
    with pytest.raises(RulePackError, match="does not exist"):
        load_packs([str(tmp_path / "missing")])


def test_packs_never_run_code() -> None:
    evil = "pack: !!python/object/apply:os.system ['echo hacked']\nrules: []\n"
    with pytest.raises(
        RulePackError,
        match=r"evil.yaml:1: YAML tag 'tag:yaml.org,2002:python/object/apply:os.system'",
    ):
        parse_pack(evil, "evil.yaml")
    with pytest.raises(RulePackError, match="not allowed"):
        parse_pack("pack: !custom {}\nrules: []\n", "tag.yaml")


def test_billion_laughs_is_refused() -> None:
    lines = ['a0: &a0 ["lol","lol","lol","lol","lol","lol","lol","lol","lol"]']
    for i in range(1, 9):
        refs = ",".join([f"*a{i - 1}"] * 9)
        lines.append(f"a{i}: &a{i} [{refs}]")
    with pytest.raises(RulePackError, match="too many YAML aliases"):
        parse_pack("\n".join(lines) + "\n", "lol.yaml")
    few = (
        "x: &x [1, 2]\ny: [*x, *x, *x, *x, *x, *x, *x, *x, *x, *x, *x, *x, *x, *x, *x, *x, *x, *x]\n"
        * 1
    )
    nested = few + "".join(f"z{i}: [*x, *x, *x]\n" for i in range(30))
    with pytest.raises(RulePackError, match="aliases"):
        parse_pack(nested, "alias.yaml")


def test_select_ignore_and_severity_overrides(tmp_path: Path) -> None:
    infos = {
        i.code: i
        for i in list_rules(
            Settings(ignore=["VL105"], severity={"VL10": "warning", "VL101": "info"})
        )
    }
    assert infos["VL101"].severity == "info"
    assert infos["VL102"].severity == "warning"
    assert not infos["VL105"].enabled and infos["VL102"].enabled
    assert infos["VL101"].pack == "core" and infos["VL101"].kind == "change"
    text = "| 项目 | 2019年 | 2020年 | 增长率 |\n| --- | --- | --- | --- |\n| 教职工总数 | 10139 | 9456 | 6.7% |\n"
    doc = read_bytes(text.encode(), "t.md")
    checks = run(doc, Settings(select=["VL101"], severity={"VL101": "warning"}))
    assert [(c.rule, c.severity, c.passed) for c in checks] == [("VL101", "warning", False)]
    assert run(doc, Settings(select=["VL101"], severity={"VL101": "never"})) == []
    assert run(doc, Settings(select=["core"], ignore=["VL101"])) == [] or all(
        c.rule != "VL101" for c in run(doc, Settings(select=["core"], ignore=["VL101"]))
    )


def test_explain_shows_both_examples_in_both_languages() -> None:
    en = explain("VL101", "en")
    assert en.startswith("# VL101 table-growth-rate")
    assert "Failing example" in en and "Passing example" in en and "10139" in en
    zh = explain("vl101", "zh")
    assert "不通过的例子" in zh and "通过的例子" in zh
    assert "table-growth-rate" in explain("table-growth-rate")
    with pytest.raises(UsageError, match="no rule 'VL999'"):
        explain("VL999")


def test_the_lexicon_maps_labels_to_indicators() -> None:
    """The lexicon is the one vocabulary: what the packs once listed is found there."""
    from vetlint.extract.lexicon import default_lexicon

    lex = default_lexicon()

    def found(label: str) -> str | None:
        match = lex.match_indicator(label)
        return match.indicator.id if match is not None and not match.head else None

    assert found("生师比") == "student_teacher_ratio" and found("专任教师数") == "full_time_teachers"
    assert found("在校生数") == "students" and found("校园面积") is None


def test_a_pack_with_a_vocabulary_is_told_where_indicators_live(tmp_path: Path) -> None:
    pack = _write(tmp_path, GOOD.replace("rules:", "vocabulary:\n  - id: x\n    zh: 某\n    en: x\nrules:", 1))
    with pytest.raises(RulePackError, match=r"extra.yaml:\d+: vocabulary: .*lexicon.yaml"):
        load_pack(pack)


def test_a_crashing_kind_becomes_an_info_finding(monkeypatch: pytest.MonkeyPatch) -> None:
    from vetlint.engine import kinds

    spec = kinds.get_kind("sum")
    assert spec is not None

    def boom(ctx: object, rule: object) -> list:
        raise ValueError("bad table")

    monkeypatch.setitem(
        kinds.registry(), "sum", type(spec)(spec.name, spec.summary, spec.params, boom)
    )
    doc = read_bytes(
        "| 项目 | 人数 |\n| --- | --- |\n| 男 | 1 |\n| 女 | 2 |\n| 合计 | 3 |\n".encode(), "t.md"
    )
    [c] = run(doc, Settings(select=["VL102"]))
    assert (c.severity, c.passed) == ("info", False)
    assert "ValueError: bad table" in c.message["en"]
