"""The unit registry: built from rules/units.txt only."""

from __future__ import annotations

from pathlib import Path

import pytest

from vetlint.errors import RulePackError
from vetlint.units import (
    canonical,
    compatible,
    convert,
    lexicon,
    quantity,
    registry,
    rules_dir,
    unit_dimension,
)


def test_rules_dir_holds_units_file() -> None:
    assert (rules_dir() / "units.txt").is_file()


@pytest.mark.parametrize(
    ("word", "name"),
    [
        ("人", "person"),
        ("名", "person"),
        ("人次", "person_time"),
        ("所", "school"),
        ("个", "item"),
        ("项", "project"),
        ("册", "volume"),
        ("元", "yuan"),
        ("平方米", "square_meter"),
        ("亩", "mu"),
        ("门", "course"),
        ("节", "lesson"),
        ("台", "machine"),
        ("家", "organization"),
        ("场", "event"),
        ("期", "batch"),
        ("课时", "class_hour"),
        ("学时", "class_hour"),
        ("次", "occurrence"),
        ("Mbps", "mbps"),
        ("%", "percent"),
        ("个百分点", "percentage_point"),
        ("person", "person"),
    ],
)
def test_canonical(word: str, name: str) -> None:
    assert canonical(word) == name


def test_unknown_word() -> None:
    assert canonical("学校") is None


@pytest.mark.parametrize(
    ("name", "dimension"),
    [
        ("person", "count"),
        ("school", "count"),
        ("yuan", "money"),
        ("square_meter", "area"),
        ("mu", "area"),
        ("percent", "ratio"),
        ("percentage_point", "ratio"),
        ("class_hour", "time"),
        (None, "number"),
        ("nonsense", "other"),
    ],
)
def test_unit_dimension(name: str | None, dimension: str) -> None:
    assert unit_dimension(name) == dimension


def test_prefixes_are_the_chinese_multipliers() -> None:
    prefixes = lexicon().prefixes
    assert prefixes["万"] == 1e4 and prefixes["亿"] == 1e8


def test_registry_converts_with_our_definitions_only() -> None:
    ureg = registry()
    assert registry() is ureg  # cached
    assert convert(3, "mu", "square_meter") == pytest.approx(2000)
    assert quantity(4.51, "万person").to("person").magnitude == pytest.approx(45100)
    assert quantity(2, "percent").to("").magnitude == pytest.approx(0.02)
    assert "meter" in ureg and "second" not in ureg  # pint's defaults were not loaded
    assert compatible("yuan", "yuan")
    assert compatible("mu", "square_meter")
    assert not compatible("person", "school")
    assert not compatible("person", None)
    assert quantity(12000, "yuan/person").to("yuan/person").magnitude == 12000


def test_bad_definitions_file_is_a_rule_pack_error(tmp_path: Path) -> None:
    bad = tmp_path / "units.txt"
    bad.write_text("this is not a unit\n", encoding="utf-8")
    with pytest.raises(RulePackError):
        lexicon(str(bad))
    with pytest.raises(RulePackError):
        lexicon(str(tmp_path / "missing.txt"))
