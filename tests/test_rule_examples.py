"""Every rule of every shipped pack fails on its failing example and passes on its passing one.

The examples are small report snippets in the YAML (a Markdown table or a few
lines of prose); they go through the real pipeline: reader, analysis, engine.
A failing example must produce a failed check of that rule whatever the
rule's severity (the standards pack is ``info`` by default, so a reviewer can
raise it with a severity override). Rules of the ``previous-year`` kind compare
against last year's report: their examples run with ``Settings.previous`` set
to the report quoted in the rule's ``fail_note``.
"""

from __future__ import annotations

from pathlib import Path

import pytest

from vetlint.engine.builtin import BUILTIN_PACK
from vetlint.engine.docs import all_rules
from vetlint.engine.packs import Rule
from vetlint.pipeline import check_document
from vetlint.readers import read_bytes
from vetlint.settings import Settings

RULES = [r for r in all_rules() if r.pack != BUILTIN_PACK]  # VL000: tests/test_selectors.py

# last year's report for the previous-year examples (quoted in VL501's fail_note)
LAST_YEAR = "2020年郑州市中等职业教育质量年度报告\n\n全市专任教师7100人。\n"


def _run(rule: Rule, text: str, tmp_path: Path) -> list:
    settings = Settings(select=[rule.code])
    if rule.kind == "previous-year":
        last = tmp_path / "last-year.md"
        last.write_text(LAST_YEAR, encoding="utf-8")
        settings.previous = str(last)
    doc = read_bytes(text.encode("utf-8"), "example.md")
    return [c for c in check_document(doc, settings).checks if c.rule == rule.code]


def test_every_pack_ships_rules() -> None:
    assert {r.pack for r in RULES} >= {"core", "vet-cn", "standards-cn", "previous"}
    assert len({r.code for r in RULES}) == len(RULES)


@pytest.mark.parametrize("rule", RULES, ids=[r.code for r in RULES])
def test_failing_example_fails(rule: Rule, tmp_path: Path) -> None:
    checks = _run(rule, rule.docs.fail, tmp_path)
    failed = [c for c in checks if not c.passed and "internal_error" not in c.extra]
    assert failed, (
        f"{rule.code} did not fail on its failing example: {[c.message['en'] for c in checks]}"
    )
    for c in failed:
        assert c.message["zh"] and c.message["en"] and "{" not in c.message["en"]
        assert "{" not in c.message["zh"]
        assert c.location.line is not None


@pytest.mark.parametrize("rule", RULES, ids=[r.code for r in RULES])
def test_passing_example_passes(rule: Rule, tmp_path: Path) -> None:
    checks = _run(rule, rule.docs.passing, tmp_path)
    if rule.kind.startswith("table-") or rule.kind in ("list-count", "previous-year"):
        assert checks, f"{rule.code} ran no check on its passing example"
    assert all(c.passed for c in checks), [c.message["en"] for c in checks if not c.passed]


@pytest.mark.parametrize("lang", ["zh", "en"])
def test_docs_read_in_both_languages(lang: str) -> None:
    """``vetlint explain CODE --lang en|zh`` reads in the language asked for."""
    han = ("\u4e00", "\u9fff")
    for rule in RULES:
        for part in ("summary", "what", "why"):
            text = rule.docs.text(part, lang)
            assert text.strip(), (rule.code, part)
            letters = [ch for ch in text if ch.isalpha()]
            chinese = sum(han[0] <= ch <= han[1] for ch in letters)
            if lang == "zh":
                assert chinese >= len(letters) / 3, (rule.code, part, text)
            else:
                assert chinese <= len(letters) / 3, (rule.code, part, text)
