"""Every rule of every shipped pack fails on its failing example and passes on its passing one.

The examples are small report snippets in the YAML (a Markdown table or a few
lines of prose); they go through the real pipeline: reader, facts, engine.
"""

from __future__ import annotations

import pytest

from vetlint.engine.docs import all_rules
from vetlint.engine.packs import Rule
from vetlint.engine.runner import run
from vetlint.readers import read_bytes
from vetlint.settings import Settings

RULES = all_rules()


def _facts(doc: object) -> list:
    try:
        from vetlint.extract.facts import extract_facts
    except ImportError:  # facts are optional input for the table kinds
        return []
    return extract_facts(doc)


def _run(rule: Rule, text: str) -> list:
    doc = read_bytes(text.encode("utf-8"), "example.md")
    return [c for c in run(doc, _facts(doc), Settings(select=[rule.code])) if c.rule == rule.code]


def test_every_pack_ships_rules() -> None:
    assert {r.pack for r in RULES} >= {"core"}
    assert len({r.code for r in RULES}) == len(RULES)


@pytest.mark.parametrize("rule", RULES, ids=[r.code for r in RULES])
def test_failing_example_fails(rule: Rule) -> None:
    checks = _run(rule, rule.docs.fail)
    failed = [c for c in checks if not c.passed and c.severity != "info"]
    assert failed, (
        f"{rule.code} did not fail on its failing example: {[c.message['en'] for c in checks]}"
    )
    for c in failed:
        assert c.message["zh"] and c.message["en"] and "{" not in c.message["en"]
        assert c.location.line is not None


@pytest.mark.parametrize("rule", RULES, ids=[r.code for r in RULES])
def test_passing_example_passes(rule: Rule) -> None:
    checks = _run(rule, rule.docs.passing)
    if rule.kind.startswith("table-") or rule.kind == "list-count":
        assert checks, f"{rule.code} ran no check on its passing example"
    assert all(c.passed for c in checks), [c.message["en"] for c in checks if not c.passed]
