"""Slips planted in the prose figures of real reports (scripts/plant_errors.py --prose)
are reported, and plant nothing elsewhere."""

from __future__ import annotations

from functools import cache

from test_planted import ROOT, plant

SEEDS = [
    ROOT / "fixtures/reports/zhengzhou-2020-secondary-vet-quality.txt",
    ROOT / "fixtures/reports/quzhou-2020-secondary-vet-quality.txt",
]


@cache
def cases() -> tuple:
    return tuple(plant.evaluate_prose(SEEDS))


def test_prose_mutations_keep_length_and_change_one_thing() -> None:
    assert plant.prose_mutate("47.2%", "share") == "48.2%"
    assert plant.prose_mutate("9所", "breakdown") == "8所"
    assert plant.prose_mutate("0.2个百分点", "ratio") == "0.1个百分点"
    assert plant.prose_mutate("21.7:1", "ratio") == "22.7:1"
    assert plant.prose_mutate("提升0.2个百分点", "change") == "下降0.2个百分点"
    assert plant.prose_mutate("减少364人", "change") == "增加364人"
    assert plant.prose_mutate("没有数字", "share") is None


def test_verb_span_reaches_back_to_the_verb() -> None:
    line = "毕业生就业率97.5%，比上年（97.3%）提升0.2个百分点。"
    col = line.index("0.2") + 1
    span = plant._verb_span(line, (1, col, col + len("0.2个百分点") - 1))
    assert span is not None and line[span[1] - 1 : span[2]] == "提升0.2个百分点"


def test_targets_are_relations_the_report_states() -> None:
    got = cases()
    assert {c.category for c in got} >= {"breakdown", "share", "change", "repeat"}
    # a threshold (a standard the report does not state) is never a target
    assert all(not c.rule.startswith("VL43") for c in got)


def test_prose_recall_and_no_collateral() -> None:
    got = cases()
    stats = plant.prose_summary(list(got))
    missed = [(c.path, c.line, c.column, c.before, c.after) for c in got if c.visible and not c.found]
    assert stats["recall_visible"] >= 0.9, missed
    assert stats["collateral_cases"] == 0, [c.messages for c in got if c.collateral]
    # a changed share or rate is reported at the very figure
    direct = [c for c in got if c.category in ("share", "ratio", "change")]
    assert direct and all(c.at_figure for c in direct)


def test_a_partial_list_hides_a_shrinking_part() -> None:
    got = cases()
    hidden = [c for c in got if not c.visible]
    assert hidden and all(c.category == "breakdown" and not c.found for c in hidden)
