"""A small deterministic sample of planted errors (scripts/plant_errors.py) is caught at its cell."""

from __future__ import annotations

import importlib.util
import random
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]


def _load():  # scripts/ is not a package: load the script as a module
    spec = importlib.util.spec_from_file_location(
        "plant_errors", ROOT / "scripts" / "plant_errors.py"
    )
    assert spec and spec.loader
    module = importlib.util.module_from_spec(spec)
    sys.modules[spec.name] = module  # dataclasses look their module up while executing
    spec.loader.exec_module(module)
    return module


plant = _load()
SEEDS = [
    ROOT / "fixtures/reports/zhengzhou-2020-secondary-vet-quality.txt",
    ROOT / "fixtures/reports/quzhou-2020-secondary-vet-quality.txt",
]


def test_mutations_are_the_three_slips() -> None:
    rng = random.Random(1)
    assert plant.mutate("6.7%", "sign", rng) == "-6.7%"
    assert plant.mutate("-5.1%", "sign", rng) == "5.1%"
    assert plant.mutate("（3所）", "sign", rng) is None  # not a figure on its own
    assert plant.mutate("10139", "transpose", rng) in {"01139", "11039", "10319", "10193"}
    assert plant.mutate("1111", "transpose", rng) is None
    moved = plant.mutate("34251.8", "units", rng)
    assert moved is not None and round(abs(float(moved) - 34251.8), 1) in {0.2, 0.3, 0.4, 0.5}
    assert plant.mutate("0.04 : 1", "units", rng) is not None


def test_planted_sample_recall_and_no_collateral() -> None:
    cases = plant.evaluate(SEEDS, sample=16, seed=11)
    stats = plant.summary(cases)
    assert stats["cases"] >= 12
    assert stats["collateral_mean"] == 0
    visible = [c for c in cases if c.visible]
    missed = [
        (c.table, c.row, c.col, c.mutation, c.before, c.after) for c in visible if not c.found
    ]
    assert stats["recall_visible"] >= 0.9, missed
    # a planted derived cell (a growth rate, a total, a share) is reported at that very cell
    assert stats["at_cell"] > 0.25
