"""The fast paths of the in-process check (issue 6, second round) answer exactly as the code
they replaced: each test runs the old form next to the new one, on the seeds and on
hand-written or random cases."""

from __future__ import annotations

import random
from dataclasses import replace
from pathlib import Path

import pytest

from vetlint.api import read
from vetlint.document import Location, SourceMap
from vetlint.engine.context import Context, render
from vetlint.engine.grid import Grid, matches, parse_cell, year_of
from vetlint.engine.kinds import prose_common
from vetlint.engine.kinds.prose_common import (
    Found,
    _differs,
    _fact_ok,
    analyse,
    resolve,
)
from vetlint.extract import facts
from vetlint.extract.legacy_relations import (
    Mention,
    counts_label,
    label_matches,
    period_at,
    scope_at,
)
from vetlint.readers import text as text_reader
from vetlint.readers.tablebuild import RawCell, _span, _strip_cell
from vetlint.settings import Settings

ROOT = Path(__file__).resolve().parents[1]
SEEDS = sorted((ROOT / "fixtures" / "reports").glob("*.txt"))
LARGEST = ROOT / "fixtures" / "reports" / "zhengzhou-2020-secondary-vet-quality.txt"


@pytest.fixture(scope="module")
def seed_contexts() -> list[Context]:
    return [Context(doc=read(p), facts=[], settings=Settings()) for p in SEEDS]


# --- reader -----------------------------------------------------------------------


def _old_row_cells(clean: str) -> list[tuple[int, int]]:
    spans, start = [], 0
    for k, ch in enumerate(clean + "\t"):
        if ch == "\t":
            spans.append((start, k))
            start = k + 1
    return spans


def test_tab_split_matches_the_character_walk():
    rng = random.Random(6)
    texts = ["", "\t", "\t\t", "a", "a\t", "\ta", "a\tb\t\tc"]
    texts += ["".join(rng.choice("ab \t") for _ in range(rng.randint(0, 30))) for _ in range(300)]
    for text in texts:
        line = text_reader._Line(1, text, text, range(1, len(text) + 1))
        assert text_reader._row_cells_b(line) == _old_row_cells(text), repr(text)


def _old_strip(raw: RawCell) -> str:
    """The text the old ``_strip_cell`` returned (the raw cell itself when nothing changed)."""
    text = raw.text.replace("\r\n", "\n").replace("\r", "\n")
    stripped = "\n".join(line.strip() for line in text.split("\n")).strip("\n")
    return raw.text if stripped == text else stripped


@pytest.mark.parametrize(
    "text", ["", " ", "58", " 58 ", "\u300058\u3000", "a\nb", "\n a \n\n", "x\r\ny", "\r", "a \r"]
)
def test_strip_cell_fast_path_keeps_the_text_and_the_map(text):
    raw = RawCell(text, Location(line=3, column=2), SourceMap(((0, 3, 2),)))
    out = _strip_cell(raw)
    assert out.text == _old_strip(raw)
    assert (out is raw) == (out.text == raw.text)


def test_spans_match_point_and_locate():
    rng = random.Random(7)
    base = Location(page=2, paragraph=5, table="表1", row=1, col=2, section="1.1")
    for _ in range(300):
        n = rng.randint(1, 4)
        offsets = sorted(rng.sample(range(0, 40), n))
        offsets[0] = rng.choice([0, offsets[0]])
        smap = SourceMap(tuple((o, rng.randint(1, 99), rng.randint(1, 80)) for o in offsets), base)
        length = rng.randint(1, 50)
        assert _span(smap, length) == (*smap.point(0), *smap.point(length - 1))
        start = rng.randint(0, 45)
        end = rng.randint(start, 50)
        loc = smap.locate(start, end)
        assert facts._span(smap, start, end) == (loc.line, loc.column, loc.end_line, loc.end_column)


def test_the_seeds_read_to_the_same_cell_locations_as_point_gives():
    for path in SEEDS:
        for table in read(path).tables:
            for row in table.rows:
                for cell in row:
                    if cell.smap is not None and cell.text:
                        expected = (*cell.smap.point(0), *cell.smap.point(len(cell.text) - 1))
                        got = (cell.location.line, cell.location.column,
                               cell.location.end_line, cell.location.end_column)
                        assert got == expected


# --- grid -------------------------------------------------------------------------


def _old_location(grid: Grid, r: int, c: int) -> Location:
    loc = grid.cell(r, c).location
    changes: dict[str, object] = {}
    if loc.table is None:
        changes["table"] = grid.table.id
    if loc.row is None:
        changes["row"] = r
    if loc.col is None:
        changes["col"] = c
    if loc.section is None and grid.table.section:
        changes["section"] = grid.table.section
    return replace(loc, **changes) if changes else loc


def _old_numeric_col(grid: Grid, c: int) -> bool:
    if c < grid.label_cols or c in grid.serial_cols:
        return False
    filled = [r for r in range(grid.n_rows) if grid.table.rows[r][c].text.strip()]
    if not filled:
        return False
    hits = sum(1 for r in filled if grid.num(r, c) is not None)
    return hits >= max(1, len(filled) // 2)


def test_grid_answers_like_the_per_call_code(seed_contexts):
    for ctx in seed_contexts:
        for grid in ctx.grids():
            for c in range(grid.n_cols):
                label = grid.table.columns[c]
                assert grid.leaf(c) == label.split(" / ")[-1].strip()
                assert grid.col_year(c) == (year_of(grid.leaf(c)) or year_of(label))
                assert grid.numeric_col(c) == _old_numeric_col(grid, c)
                for r in range(grid.n_rows):
                    assert grid.text(r, c) == grid.table.rows[r][c].text.strip()
                    assert grid.location(r, c) == _old_location(grid, r, c)
                    assert grid.exact(r, c) == grid._is_exact(r, c)


def test_grid_outside_the_table_is_empty(seed_contexts):
    grid = seed_contexts[0].grids()[0]
    assert grid.num(grid.n_rows, 0) is None and grid.num(0, grid.n_cols + 3) is None
    assert grid.leaf(grid.n_cols) == "" and grid.col_label(grid.n_cols) == ""
    assert grid.percent_column(grid.n_cols) is False


def test_matches_is_a_case_insensitive_substring_test():
    for label, words in [("合计 Total", ["total"]), ("小计", ("合计", "总计")), ("x", []), ("ABC", ["", "z"])]:
        old = any(w.lower() in label.lower() for w in words)
        assert matches(label, words) == old == matches(label, list(words))


def test_parse_cell_memo_returns_equal_numbers():
    for text in ["1,234", " (194) ", "$ 12.5", "12.3%", "人数", "", "2019年"]:
        first, again = parse_cell(text), parse_cell(text)
        assert first == again


# --- context ----------------------------------------------------------------------


def test_render_fills_per_language_and_plain_values():
    templates = {"zh": "{label}：{why}（{n}）", "en": "{label}: {why} ({n})", "fr": "{missing}"}
    values = {"label": "在校生", "why": {"zh": "不符", "en": "mismatch"}, "n": "3"}
    assert render(templates, values) == {
        "zh": "在校生：不符（3）",
        "en": "在校生: mismatch (3)",
        "fr": "{missing}",
    }
    assert values["why"] == {"zh": "不符", "en": "mismatch"}  # the caller's dict is untouched


# --- resolve ----------------------------------------------------------------------


def _old_resolve(analysis, names, here, pos, *, dims=("person",), exclude=(), use_after=False):
    """``resolve`` before the per-analysis index (one sort of every paragraph per call)."""
    if not names:
        return None
    period = period_at(here.para.text, pos)
    scope = scope_at(here.para.text, pos)

    def named(m: Mention) -> bool:
        if m in exclude or not m.is_quantity or m.is_change or m.depth > 0:
            return False
        if m.dim not in dims:
            return False
        if label_matches(m.label, names) and counts_label(m):
            return True
        return use_after and bool(m.after) and any(m.after.endswith(n) for n in names)

    def ok(m: Mention, p=here) -> bool:
        if not named(m):
            return False
        if period is not None:
            other = period_at(p.para.text, m.start)
            if other is not None and other != period:
                return False
        if scope is not None:
            other_scope = scope_at(p.para.text, m.start)
            if other_scope is not None and other_scope != scope:
                return False
        return True

    ms = here.relations.mentions
    sent = next((m.sentence for m in ms if m.start <= pos < m.end or m.start >= pos), None)
    if sent is None and ms:
        sent = ms[-1].sentence
    same = [m for m in ms if m.sentence == sent and ok(m)]
    if same:
        before = [m for m in same if m.start < pos]
        m = before[-1] if before else same[0]
        return Found(m.number, here.figure(m), "sentence", m)
    para = [m for m in ms if ok(m)]
    if para:
        before = [m for m in para if m.start < pos]
        m = before[-1] if before else para[0]
        return Found(m.number, here.figure(m), "paragraph", m)
    ordered = sorted(
        (p for p in analysis.paras if p is not here),
        key=lambda p: (p.section != here.section, abs(p.index - here.index)),
    )
    for p in ordered:
        if p.section != here.section:
            break
        hits = [m for m in p.relations.mentions if ok(m, p)]
        if hits:
            return Found(hits[0].number, p.figure(hits[0]), "section", hits[0], _differs(here, pos, p, hits[0]))
    facts_ = sorted(
        (f for f in analysis.table_facts if _fact_ok(f, names, dims)),
        key=lambda f: (f.number.high - f.number.low) / max(abs(f.number.value), 1e-9),
    )
    for fact in facts_:
        if fact.section == here.section:
            return Found(fact.number, fact.figure, "table")
    for p in ordered:
        hits = [m for m in p.relations.mentions if ok(m, p)]
        if hits:
            return Found(hits[0].number, p.figure(hits[0]), "document", hits[0], _differs(here, pos, p, hits[0]))
    for fact in facts_:
        return Found(fact.number, fact.figure, "table")
    return None


_NAMES = [("专任教师",), ("在校生", "在校生数"), ("毕业生",), ("教职工",), ("学校",), ("招生",)]


def test_resolve_finds_what_the_old_resolve_found(seed_contexts):
    asked = 0
    for ctx in seed_contexts[:3]:
        analysis = analyse(ctx)
        for here in analysis.paras[::3]:
            for m in here.relations.mentions[:4]:
                for names in _NAMES:
                    for kwargs in ({}, {"exclude": (m,), "use_after": True}, {"dims": ("person", "所")}):
                        new = resolve(analysis, names, here, m.start, **kwargs)
                        old = _old_resolve(analysis, names, here, m.start, **kwargs)
                        assert new == old, (here.para.text[:40], names, kwargs)
                        asked += 1
    assert asked > 500


def test_resolve_index_follows_a_new_analysis(seed_contexts):
    ctx = seed_contexts[1]
    first = analyse(ctx)
    prose_common._CACHE.clear()
    second = analyse(ctx)  # a fresh Analysis of the same document
    assert second is not first
    here = second.paras[0]
    pos = here.relations.mentions[0].start if here.relations.mentions else 0
    assert resolve(second, ("专任教师",), here, pos) == _old_resolve(second, ("专任教师",), here, pos)
