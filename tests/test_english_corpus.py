"""English financial tables (TAT-QA contexts): totals, $ change and % change hold; no false alarms."""

from __future__ import annotations

from functools import cache

from vetlint.checks import Check
from vetlint.engine.runner import run
from vetlint.readers import read_path
from vetlint.settings import Settings

CORPUS = "fixtures/corpus/tatqa_dev_30_contexts_with_totals.md"


@cache
def checks() -> tuple[Check, ...]:
    return tuple(run(read_path(CORPUS), Settings(select=["core"])))


def test_many_relations_are_checked() -> None:
    got = checks()
    assert sum(1 for c in got if c.rule == "VL102") >= 40  # Total rows and columns
    assert sum(1 for c in got if c.rule == "VL101") >= 10  # $ CHANGE / % CHANGE
    tables = {c.location.table for c in got}
    assert len(tables) >= 12


def test_no_false_alarms_on_correct_tables() -> None:
    alarms = [c for c in checks() if not c.passed and c.severity != "info"]
    assert alarms == [], [c.message["en"] for c in alarms]


def test_parenthesised_negatives_and_currency_are_read() -> None:
    total = next(
        c for c in checks() if c.rule == "VL102" and c.stated and c.stated.text == "$530,061"
    )
    assert total.passed and [f.text for f in total.inputs] == [
        "$300,853",
        "90,795",
        "78,062",
        "60,351",
    ]
    negative = [
        c for c in checks() if c.rule == "VL102" and any(f.text.startswith("(") for f in c.inputs)
    ]
    assert negative and all(c.passed for c in negative)


def test_rounded_shares_that_only_truncation_explains_are_notes() -> None:
    notes = [c for c in checks() if not c.passed and c.severity == "info"]
    assert all("truncat" in c.message["en"] for c in notes)
