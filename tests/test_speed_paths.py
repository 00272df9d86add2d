"""The fast paths of the check (issue 6) give the same answers as the slow ones they replace."""

from __future__ import annotations

import random
import time
from pathlib import Path

import pytest
import yaml

from vetlint import yamlsafe
from vetlint.document import Location, SourceMap
from vetlint.errors import RulePackError
from vetlint.extract import bounds
from vetlint.extract.facts import numbers_in
from vetlint.extract.legacy_labels import clause_start
from vetlint.extract.legacy_periods import sentence_bounds
from vetlint.extract.legacy_relations import (
    SENTENCE_END,
    _depths,
    _sentence_bounds,
    label_matches,
    sentence_spans,
)
from vetlint.numbers import find_numbers

ROOT = Path(__file__).resolve().parents[1]
SEED = ROOT / "fixtures" / "reports" / "zhengzhou-2020-secondary-vet-quality.txt"


def _slow_sentence_bounds(text: str, pos: int) -> tuple[int, int]:
    start = pos
    while start > 0 and text[start - 1] not in SENTENCE_END:
        start -= 1
    end = pos
    while end < len(text) and text[end] not in SENTENCE_END:
        end += 1
    return start, end


def _texts() -> list[str]:
    rng = random.Random(6)
    alphabet = "ab1，。！？!?；;\n、：（）()"
    out = ["", "。", "abc", "。。", "a。b", "\n\n"]
    out += ["".join(rng.choice(alphabet) for _ in range(rng.randint(1, 40))) for _ in range(200)]
    out += SEED.read_text(encoding="utf-8").splitlines()[:200]
    return out


def test_sentence_bounds_match_the_character_walk():
    for text in _texts():
        for pos in range(len(text) + 1):
            assert _sentence_bounds(text, pos) == _slow_sentence_bounds(text, pos), (text, pos)


def test_period_sentence_bounds_and_clause_start_match_rfind():
    ends = "。！？!?；;\n"
    delims = "，,。；;：:、！？!?\n（(）)\t"
    for text in _texts():
        for pos in range(len(text) + 1):
            start = max(text.rfind(ch, 0, pos) for ch in ends) + 1
            found = [i for ch in ends if (i := text.find(ch, pos)) != -1]
            assert sentence_bounds(text, pos) == (start, min(found) + 1 if found else len(text))
            cut = max(text.rfind(ch, 0, pos) for ch in delims) + 1
            assert clause_start(text, pos, 2) == max(cut, 2)


def test_bounds_helpers_on_a_hand_case():
    text = "ab。cd！ef"
    assert [bounds.start_before(text, p, "。！") for p in (0, 2, 3, 6, 8)] == [0, 0, 3, 6, 6]
    assert [bounds.first_at(text, p, "。！") for p in (0, 3, 6)] == [2, 5, -1]


def test_sentence_bounds_are_not_quadratic_on_one_long_sentence():
    text = "1，" * 20_000  # 40,000 characters, no sentence end
    t0 = time.perf_counter()
    for pos in range(0, len(text), 2):
        _sentence_bounds(text, pos)
    assert time.perf_counter() - t0 < 2.0  # the character walk takes minutes


def test_label_matches_accepts_lists_and_tuples_alike():
    names = ["专任教师", "专任教师数"]
    assert label_matches("郑州市专任教师", names)
    assert label_matches("郑州市专任教师", tuple(names))
    assert not label_matches("具有本科学历的专任教师", names)
    assert not label_matches("对口就业", ["就业人数"])
    assert label_matches("中职学校教职工", ["教职工"])
    assert not label_matches("x", ["数"])  # a name that is only a suffix names nothing


def test_numbers_in_matches_find_numbers_and_returns_a_fresh_list():
    text = "全市共有学校40所，在校生13.2万人，比上年增长5.3%。"
    first = numbers_in(text)
    assert first == find_numbers(text)
    first.clear()
    assert numbers_in(text) == find_numbers(text)


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


def _slow_depths(text: str) -> list[int]:
    depth = 0
    out = []
    for ch in text:
        if ch in "（(":
            depth += 1
            out.append(depth)
            continue
        out.append(depth)
        if ch in "）)":
            depth = max(0, depth - 1)
            out[-1] = depth
    return out


def _slow_spans(text: str) -> list[tuple[int, int]]:
    spans, start = [], 0
    for i, ch in enumerate(text):
        if ch in SENTENCE_END:
            spans.append((start, i + 1))
            start = i + 1
    if start < len(text):
        spans.append((start, len(text)))
    return spans


def test_depths_and_sentence_spans_match_the_character_walk():
    extra = ["((a)b)c）)", "（（", "）a（b", "a(b(c)d)e"]
    for text in _texts() + extra:
        assert _depths(text) == _slow_depths(text), text
        assert sentence_spans(text) == _slow_spans(text), text
