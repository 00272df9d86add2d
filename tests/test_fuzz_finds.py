"""What the fuzz run (bench/fuzz.py) found, each fixed and kept fixed."""

from __future__ import annotations

import math
import time

from vetlint.engine.kinds.per_capita_consistency import last_run
from vetlint.numbers import find_numbers


def test_a_figure_with_hundreds_of_trailing_zeros_is_no_internal_error() -> None:
    """A repeated chunk of zeros once raised OverflowError in the significant-digit unit."""
    numbers = find_numbers("共有1" + "0" * 400 + "所，在校生4.51万人。")
    assert numbers and not any(math.isnan(n.value) for n in numbers)
    assert [n.value for n in numbers][-1] == 45100


def test_the_last_clause_of_a_long_paragraph_is_found_in_linear_time() -> None:
    """Searching ``[^，…]*$`` forwards restarted at every character: 20 s for one 28 KB
    mutated report whose text had no Chinese punctuation left."""
    assert last_run("2020年，全市学校 共有57所") == "共有57所"
    assert last_run("全市共有学校，") == ""
    started = time.process_time()
    assert last_run("学校" * 100_000 + "，有57所") == "有57所"
    assert time.process_time() - started < 1  # a hang guard; the quadratic search took minutes


def test_a_run_of_brackets_before_figures_is_scanned_once() -> None:
    """``[bookmark: …]`` artefacts were removed with a regex that restarted at every ``[``:
    one 25 KB CSV cell of ``[`` with figures after it took over a minute (a timeout)."""
    text = "序" + "[" * 20_000 + " 1、学校 57所 4.51万人 " * 20
    started = time.process_time()
    values = [n.value for n in find_numbers(text)]
    assert time.process_time() - started < 2  # a hang guard
    assert 57 in values and 45100 in values
    assert [n.value for n in find_numbers("[bookmark: a] 1.3教师队伍 共有57所")] == [57]
