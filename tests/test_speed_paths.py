"""The fast paths of the check (issue 6) give the same answers as the slow ones they replace."""

from __future__ import annotations

import time
from pathlib import Path

import pytest
import yaml

from vetlint import yamlsafe
from vetlint.document import Location, SourceMap
from vetlint.errors import RulePackError

ROOT = Path(__file__).resolve().parents[1]
SEED = ROOT / "fixtures" / "reports" / "zhengzhou-2020-secondary-vet-quality.txt"


















def test_locate_keeps_every_field_of_the_base():
    base = Location(page=3, paragraph=7, table="表1", row=2, col=4, section="1.1")
    smap = SourceMap(((0, 10, 5),), base)
    loc = smap.locate(1, 4)
    assert (loc.line, loc.column, loc.end_line, loc.end_column) == (10, 6, 10, 8)
    assert (loc.page, loc.paragraph, loc.table, loc.row, loc.col, loc.section) == (
        3,
        7,
        "表1",
        2,
        4,
        "1.1",
    )


def test_yaml_loader_keeps_line_numbers_and_refuses_tags():
    doc = yamlsafe.load("a: 1\nb:\n  - x\n  - y\n", "t.yaml")
    assert doc == {"a": 1, "b": ["x", "y"]}
    assert doc.line_of("b") == 2 and doc["b"].line_of(1) == 4
    with pytest.raises(RulePackError, match=r"t\.yaml:1: .*tag"):
        yamlsafe.load("a: !!python/object:os.system x\n", "t.yaml")
    with pytest.raises(RulePackError, match=r"t\.yaml:2: invalid YAML"):
        yamlsafe.load("a: [1\nb: :\n", "t.yaml")


def test_alias_count_is_the_number_of_alias_uses():
    text = "a: &x [1, 2]\nb: *x\nc: *x\nd: &y {k: *x}\ne: *y\n"
    events = sum(isinstance(ev, yaml.AliasEvent) for ev in yaml.parse(text, Loader=yaml.SafeLoader))
    assert yamlsafe._count_aliases(yaml.compose(text, Loader=yaml.SafeLoader)) == events == 4


def test_an_alias_bomb_is_refused_before_it_is_expanded():
    lines = ["a0: &a0 [x, x, x, x, x, x, x, x, x]"]
    lines += [f"a{i}: &a{i} [" + ", ".join([f"*a{i - 1}"] * 9) + "]" for i in range(1, 12)]
    t0 = time.perf_counter()
    with pytest.raises(RulePackError, match="too many YAML aliases"):
        yamlsafe.load("\n".join(lines) + "\n", "bomb.yaml")
    assert time.perf_counter() - t0 < 2.0






