"""The same real table read from .txt and from every derived format gives the same Table.

Every file ``fixtures/derived/<report>-tables.<ext>`` is compared with the seed
report it was built from, so .docx/.pdf fixtures (and any format added later)
are included as soon as they exist. A derived table is matched to the seed's
table by caption (the seed numbers two tables 表3-6, so ids alone are not
enough); columns, cell texts and DataFrames must be equal.
"""

from __future__ import annotations

import re
from functools import cache
from pathlib import Path

import pytest

from vetlint.document import Document, Table
from vetlint.readers import read_path

ROOT = Path(__file__).resolve().parents[1]
DERIVED = ROOT / "fixtures" / "derived"
REPORTS = ROOT / "fixtures" / "reports"
SEEDS = {
    "zhengzhou-2020": "zhengzhou-2020-secondary-vet-quality.txt",
    "quzhou-2020": "quzhou-2020-secondary-vet-quality.txt",
}
# Tables every full-format Zhengzhou fixture carries (the CSV holds one simple table).
ZHENGZHOU_TABLES = {"表1-1", "表1-6", "表3-6", "表6-1"}
FORMATS = {".md", ".html", ".xlsx", ".csv", ".docx", ".pdf"}

DERIVED_FILES = sorted(
    p for p in DERIVED.glob("*-tables.*")
    if p.suffix in FORMATS and p.name.rsplit("-tables", 1)[0] in SEEDS
)


@cache
def read(path: Path) -> Document:
    return read_path(path)


def _norm(text: str | None) -> str:
    return re.sub(r"\s+", "", text or "")


def base_id(table_id: str) -> str:
    return table_id.split("#")[0]


def seed_match(seed: Document, table: Table) -> Table | None:
    """The seed's table with the same caption (or the only one with the same id)."""
    if _norm(table.caption):
        same = [t for t in seed.tables if _norm(t.caption) == _norm(table.caption)]
        if len(same) == 1:
            return same[0]
    same_id = [t for t in seed.tables if base_id(t.id) == base_id(table.id)]
    return same_id[0] if len(same_id) == 1 else None


def test_there_are_derived_fixtures_for_each_text_format() -> None:
    suffixes = {p.suffix for p in DERIVED_FILES}
    assert {".md", ".html", ".xlsx", ".csv"} <= suffixes


@pytest.mark.parametrize("path", DERIVED_FILES, ids=lambda p: p.name)
def test_tables_equal_to_the_seed_text(path: Path) -> None:
    seed = read(REPORTS / SEEDS[path.name.rsplit("-tables", 1)[0]])
    doc = read(path)
    compared: set[str] = set()
    for table in doc.tables:
        original = seed_match(seed, table)
        if original is None:
            continue
        assert table.columns == original.columns, (path.name, table.id)
        assert table.texts() == original.texts(), (path.name, table.id)
        assert table.frame().equals(original.frame()), (path.name, table.id)
        assert table.label_columns == original.label_columns, (path.name, table.id)
        assert [table.row_label(r) for r in range(table.n_rows)] == [
            original.row_label(r) for r in range(original.n_rows)
        ]
        compared.add(base_id(table.id))
    assert compared, f"{path.name}: no table matched the seed report"
    if path.name.startswith("zhengzhou") and path.suffix != ".csv":
        assert compared >= ZHENGZHOU_TABLES, (path.name, compared)
    if path.suffix == ".csv":
        assert compared == {"表1-6"}


@pytest.mark.parametrize(
    "path", [p for p in DERIVED_FILES if p.suffix in {".md", ".html"}], ids=lambda p: p.name
)
def test_prose_and_sections_survive(path: Path) -> None:
    """Paragraphs written from the seed read back with the same text and section."""
    seed = read(REPORTS / SEEDS[path.name.rsplit("-tables", 1)[0]])
    seed_paras = {p.text: p for p in seed.paragraphs if p.role == "body"}
    doc = read(path)
    body = [p for p in doc.paragraphs if p.role == "body"]
    assert body
    for para in body:
        assert para.text in seed_paras, para.text[:30]
        assert para.section == seed_paras[para.text].section, para.text[:30]
