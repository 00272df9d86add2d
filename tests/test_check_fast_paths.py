"""The fast paths of the in-process check (issue 6, second round) answer exactly as the code
they replaced: each test runs the old form next to the new one, on the seeds and on
hand-written or random cases."""

from __future__ import annotations

import random
from pathlib import Path

import pytest

from vetlint.api import read
from vetlint.document import Location, SourceMap
from vetlint.engine.context import render
from vetlint.readers import text as text_reader
from vetlint.readers.tablebuild import RawCell, _span, _strip_cell

ROOT = Path(__file__).resolve().parents[1]
SEEDS = sorted((ROOT / "fixtures" / "reports").glob("*.txt"))
LARGEST = ROOT / "fixtures" / "reports" / "zhengzhou-2020-secondary-vet-quality.txt"




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
