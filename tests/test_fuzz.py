"""Fuzzing: the number parser, the text reader and the whole pipeline on mutated seeds.

Property tests run derandomized (the same examples on every run, so CI is
repeatable) with small example counts: the whole file takes a few seconds.
"""

from __future__ import annotations

import itertools
import math
import random
from pathlib import Path

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from vetlint import api
from vetlint.document import Paragraph, Table
from vetlint.errors import ReadError
from vetlint.numbers import find_numbers, parse_number
from vetlint.readers import read_bytes

SEEDS = sorted((Path(__file__).resolve().parents[1] / "fixtures" / "reports").glob("*.txt"))

FAST = settings(
    max_examples=150,
    deadline=None,
    derandomize=True,
    database=None,
    suppress_health_check=[HealthCheck.too_slow],
)

# Characters reports are made of: digits (ASCII and full-width), separators, units,
# qualifiers, Chinese numerals, brackets and the words around numbers.
REPORT_CHARS = (
    "0123456789０１２３４５６７８９.．,，、%％‰:：-—–~～+＋/ \t\u3000"
    "万亿千百十元人所个名项次年月日号第表图约近余多以上下不足超过左右个百分点"
    "一二三四五六七八九十零〇两（）()《》“”。；！？在校生专任教师增长下降比例占"
    "\u202e\u200b\ufeffx"
)
report_text = st.text(alphabet=REPORT_CHARS, max_size=120)


def assert_sane(numbers, text: str) -> None:
    for n in numbers:
        assert 0 <= n.start < n.end <= len(text), n
        assert not math.isnan(n.value), n
        if not (math.isinf(n.low) or math.isinf(n.high)):
            assert n.low <= n.high, n
        if n.qualifier is None and n.kind != "ratio":
            assert n.low <= n.value <= n.high or math.isclose(n.low, n.high), n


# ------------------------------------------------------------------ numbers


@FAST
@given(st.text(max_size=200))
def test_find_numbers_never_raises_on_any_text(text):
    assert_sane(find_numbers(text), text)


@FAST
@given(report_text)
def test_find_numbers_never_raises_on_report_like_text(text):
    assert_sane(find_numbers(text), text)


@FAST
@given(report_text)
def test_parse_number_never_raises(text):
    n = parse_number(text)
    if n is not None:
        assert not math.isnan(n.value)


def _full_width(s: str) -> str:
    return s.translate(str.maketrans("0123456789.%", "０１２３４５６７８９．％"))


@FAST
@given(st.integers(min_value=0, max_value=10**12), st.booleans(), st.booleans())
def test_integers_round_trip(value, grouped, wide):
    text = f"{value:,}" if grouped else str(value)
    if wide:
        text = _full_width(text)
    n = parse_number(text)
    assert n is not None and n.value == value and n.decimals == 0
    assert n.low <= value <= n.high


@FAST
@given(
    st.decimals(min_value=0, max_value=10**7, places=3, allow_nan=False, allow_infinity=False),
    st.integers(min_value=1, max_value=3),
)
def test_decimals_round_trip_with_their_printed_precision(value, places):
    text = f"{value:.{places}f}"
    n = parse_number(text)
    assert n is not None
    assert math.isclose(n.value, float(text), rel_tol=1e-12, abs_tol=1e-12)
    assert n.decimals == places
    half = 0.5 * 10**-places
    # the ends are floats: at 8388608.001 each is good to a few ulps, so the width is too
    assert math.isclose(n.high - n.low, 2 * half, rel_tol=1e-6, abs_tol=4 * math.ulp(float(text)))


@FAST
@given(
    st.decimals(min_value=0, max_value=1000, places=2, allow_nan=False, allow_infinity=False),
    st.sampled_from(["%", "％"]),
)
def test_percentages_round_trip_as_fractions(value, sign):
    text = f"{value:.2f}{sign}"
    n = parse_number(text)
    assert n is not None and n.kind == "percent"
    assert math.isclose(n.value, float(value) / 100, rel_tol=1e-9, abs_tol=1e-12)


@FAST
@given(
    st.decimals(min_value=1, max_value=9999, places=2, allow_nan=False, allow_infinity=False),
    st.sampled_from([("万人", 1e4), ("亿元", 1e8), ("万元", 1e4), ("人", 1.0)]),
)
def test_scaled_amounts_in_prose_round_trip_in_base_units(value, unit):
    suffix, factor = unit
    printed = f"{value:.2f}"
    text = f"全市中职学校在校生{printed}{suffix}，比上年有所增长。"
    found = [n for n in find_numbers(text) if n.text.startswith(printed)]
    assert len(found) == 1
    assert math.isclose(found[0].value, float(printed) * factor, rel_tol=1e-9)
    assert text[found[0].start : found[0].end].startswith(printed)


# -------------------------------------------------------------- text reader


def _read_only_read_errors(data: bytes, name: str = "x.txt"):
    try:
        return read_bytes(data, name)
    except ReadError as exc:
        assert exc.message and "\n" not in exc.message
        return None


@FAST
@given(st.binary(max_size=3000))
def test_text_reader_on_arbitrary_bytes(data):
    _read_only_read_errors(data)


cell = st.one_of(
    st.sampled_from(["学校", "合计", "在校生数", "增长率", "", " ", "—", "公办", "民办", "2020年"]),
    st.decimals(
        min_value=-1000, max_value=100000, places=2, allow_nan=False, allow_infinity=False
    ).map(str),
    st.text(alphabet=REPORT_CHARS, max_size=12),
)
row = st.lists(cell, min_size=1, max_size=6)


@st.composite
def table_like(draw) -> str:
    """Text in the shapes reports take: captions, both table layouts, headings, prose."""
    parts: list[str] = []
    for _ in range(draw(st.integers(1, 6))):
        shape = draw(st.sampled_from(["a", "b", "caption", "heading", "prose", "blank", "chart"]))
        rows = draw(st.lists(row, min_size=1, max_size=5))
        if shape == "a":
            parts.append("\n\n".join("\n".join("\t" + c for c in r) for r in rows))
        elif shape == "b":
            parts.append("\n".join("\t".join(r) for r in rows))
        elif shape == "chart":
            parts.append("\n".join("\t".join(r) + "\t" for r in rows))
        elif shape == "caption":
            parts.append(f"表{draw(st.integers(1, 9))}-{draw(st.integers(1, 9))} " + rows[0][0])
        elif shape == "heading":
            parts.append(
                draw(st.sampled_from(["一、", "（二）", "1.3", "第五部分", "案例一"])) + "概况"
            )
        elif shape == "prose":
            parts.append(draw(report_text))
        else:
            parts.append("")
    sep = draw(st.sampled_from(["\n", "\n\n", "\r\n"]))
    return sep.join(parts)


@FAST
@given(table_like())
def test_text_reader_on_table_like_text(text):
    data = text.encode("utf-8")
    doc = _read_only_read_errors(data)
    if doc is None:
        return
    n_lines = text.replace("\r\n", "\n").count("\n") + 1
    for block in doc.blocks:
        if isinstance(block, Table):
            for r in block.rows:
                assert len(r) == len(block.columns)
                for c in r:
                    assert c.location.line is None or 1 <= c.location.line <= n_lines
        elif isinstance(block, Paragraph):
            loc = block.smap.locate(0, len(block.text))
            assert 1 <= loc.line <= n_lines


# --------------------------------------------------------- whole pipeline


def _mutate(data: bytes, rng: random.Random) -> bytes:
    buf = bytearray(data)
    for _ in range(rng.randint(1, 12)):
        op = rng.choice(["flip", "insert", "delete", "dup", "tab", "newline"])
        pos = rng.randrange(len(buf)) if buf else 0
        if op == "flip" and buf:
            buf[pos] ^= 1 << rng.randrange(8)
        elif op == "insert":
            buf[pos:pos] = rng.randbytes(rng.randint(1, 8))
        elif op == "delete" and buf:
            del buf[pos : pos + rng.randint(1, 64)]
        elif op == "dup" and buf:
            buf[pos:pos] = buf[pos : pos + rng.randint(1, 200)]
        elif op == "tab":
            buf[pos:pos] = b"\t"
        else:
            buf[pos:pos] = b"\n"
    return bytes(buf)


def _window(data: bytes, rng: random.Random, size: int = 5000) -> bytes:
    """A slice of whole lines, so each case is small enough to check in milliseconds."""
    if len(data) <= size:
        return data
    start = data.rfind(b"\n", 0, rng.randrange(len(data) - size)) + 1
    end = data.find(b"\n", start + size)
    return data[start : end if end != -1 else len(data)]


CASES = 200

# Kind bugs the runner turns into "internal error" checks (the rule silently does not
# run): any of them fails the case.
def assert_no_internal_errors(result, case) -> None:
    for c in result.checks:
        detail = c.extra.get("internal_error")
        if detail is not None:
            pytest.fail(f"case {case}: rule {c.rule} crashed: {detail}")


def test_structure_row_is_not_an_internal_error(tmp_path):
    """A structure *row* (性别结构 | 53.94% | 46.06%) is a line of its own with its name (an
    earlier reading appended the line but not its name and raised)."""
    path = tmp_path / "structure.md"
    path.write_text(
        "表1 学生构成\n\n| 项目 | 男生 | 女生 |\n| --- | --- | --- |\n"
        "| 性别结构 | 53.94% | 46.06% |\n| 人数 | 100 | 90 |\n",
        encoding="utf-8",
    )
    result = api.check(path)
    crashed = [c.extra["internal_error"] for c in result.checks if "internal_error" in c.extra]
    assert crashed == []


def test_structure_row_that_misses_100_is_reported(tmp_path):
    """Once the row line has a name, VL104 really runs on it and flags a bad split."""
    path = tmp_path / "structure.md"
    path.write_text(
        "表1 学生构成\n\n| 项目 | 男生 | 女生 |\n| --- | --- | --- |\n"
        "| 性别结构 | 53.94% | 36.06% |\n| 人数 | 100 | 90 |\n",
        encoding="utf-8",
    )
    result = api.check(path)
    vl104 = [c for c in result.checks if c.rule == "VL104"]
    assert vl104 and not vl104[0].passed
    assert vl104[0].stated.label == "性别结构"


@pytest.mark.parametrize("batch", range(4))
def test_mutated_seeds_never_crash_the_pipeline(tmp_path, batch):
    seeds = [p.read_bytes() for p in SEEDS]
    per_batch = CASES // 4
    for case in range(batch * per_batch, (batch + 1) * per_batch):
        rng = random.Random(case)
        data = _mutate(_window(seeds[case % len(seeds)], rng), rng)
        path = tmp_path / f"case{case}.txt"
        path.write_bytes(data)
        try:
            result = api.check(path)
        except Exception as exc:  # pragma: no cover - the failure message
            pytest.fail(f"case {case}: {type(exc).__name__}: {exc}")
        if result.error is not None:
            assert result.error["code"] in {"not-text", "empty-file", "bad-encoding"}, case
        assert_no_internal_errors(result, case)


DERIVED = sorted((Path(__file__).resolve().parents[1] / "fixtures" / "derived").iterdir())


@pytest.mark.parametrize("source", DERIVED, ids=lambda p: p.name)
def test_mutated_derived_formats_never_crash_the_pipeline(tmp_path, source):
    """.docx/.pdf/.xlsx/.html/.md/.csv copies of a seed, mutated: an error or a reading."""
    data = source.read_bytes()
    for case in range(6):
        rng = random.Random(f"{source.name}{case}")
        path = tmp_path / f"case{case}{source.suffix}"
        path.write_bytes(_mutate(data, rng))
        try:
            result = api.check(path)
        except Exception as exc:  # pragma: no cover - the failure message
            pytest.fail(f"{source.name} case {case}: {type(exc).__name__}: {exc}")
        if result.error is not None:
            assert result.error["message"] and "\n" not in result.error["message"]
        assert_no_internal_errors(result, f"{source.name} {case}")


@FAST
@given(st.text(alphabet="0123456789.。，, 万人学校在", max_size=2000), st.integers(8, 200))
def test_long_lines_are_cut_into_whole_pieces(text, limit):
    from vetlint.readers.text import _pieces

    pieces = _pieces(text, limit)
    assert "".join(text[a:b] for a, b in pieces) == text
    assert all(0 < b - a <= limit for a, b in pieces) or text == ""
    for (_, end), (start, _) in itertools.pairwise(pieces):
        window = text[end - limit // 8 : end]
        if not all(ch.isdigit() for ch in window):  # a cut inside digits only when forced
            assert not (text[end - 1].isdigit() and text[start].isdigit())
