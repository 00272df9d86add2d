"""What the fuzz run (bench/fuzz.py) found, each fixed and kept fixed."""

from __future__ import annotations

import math
import time

from vetlint.numbers import find_numbers


def test_a_figure_with_hundreds_of_trailing_zeros_is_no_internal_error() -> None:
    """A repeated chunk of zeros once raised OverflowError in the significant-digit unit."""
    numbers = find_numbers("共有1" + "0" * 400 + "所，在校生4.51万人。")
    assert numbers and not any(math.isnan(n.value) for n in numbers)
    assert [n.value for n in numbers][-1] == 45100


def test_a_per_student_figure_after_a_long_clause_is_paired_in_linear_time() -> None:
    """Finding the clause a 生均 figure belongs to once searched ``[^，…]*$`` forwards, restarting
    at every character: 20 s for one 28 KB mutated report whose text had no Chinese
    punctuation left. The per-student pairs now come from the analysis
    (``extract.prose_relations``); a clause of 200,000 characters must stay cheap there too."""
    from vetlint.extract.analysis import analyse
    from vetlint.readers import read_bytes

    def pairs(text: str) -> list[tuple[str, str]]:
        relations = analyse(read_bytes(text.encode(), "r.txt")).relations
        return [(p.each.text, p.total.text) for p in relations.per_student]

    assert pairs("全市学校校园占地面积291万平方米，生均58.28平方米。") == [("58.28平方米", "291万平方米")]
    started = time.process_time()
    long = "全市学校" + "校园" * 100_000 + "占地面积291万平方米 生均58.28平方米"
    assert pairs(long) == [("58.28平方米", "291万平方米")]
    assert time.process_time() - started < 5  # a hang guard; the quadratic search took minutes


def test_a_run_of_brackets_before_figures_is_scanned_once() -> None:
    """``[bookmark: …]`` artefacts were removed with a regex that restarted at every ``[``:
    one 25 KB CSV cell of ``[`` with figures after it took over a minute (a timeout)."""
    text = "序" + "[" * 20_000 + " 1、学校 57所 4.51万人 " * 20
    started = time.process_time()
    values = [n.value for n in find_numbers(text)]
    assert time.process_time() - started < 2  # a hang guard
    assert 57 in values and 45100 in values
    assert [n.value for n in find_numbers("[bookmark: a] 1.3教师队伍 共有57所")] == [57]
