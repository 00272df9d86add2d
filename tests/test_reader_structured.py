"""Structured reports: Document → extract dict → JSON/YAML → Document, and clear errors."""

from __future__ import annotations

import json
from pathlib import Path

import pytest
import yaml

from vetlint.document import Heading, Paragraph, Table
from vetlint.errors import ReadError
from vetlint.readers import read_bytes, read_path
from vetlint.readers.structured import document_to_dict

ROOT = Path(__file__).resolve().parents[1]
SOURCES = [
    ROOT / "fixtures" / "reports" / "zhengzhou-2020-secondary-vet-quality.txt",
    ROOT / "fixtures" / "derived" / "zhengzhou-2020-tables.md",
    ROOT / "fixtures" / "derived" / "zhengzhou-2020-tables.html",
    ROOT / "fixtures" / "derived" / "zhengzhou-2020-tables.xlsx",
]


def as_json(data: dict) -> bytes:
    return json.dumps(data, ensure_ascii=False).encode("utf-8")


@pytest.mark.parametrize("source", SOURCES, ids=lambda p: p.suffix)
def test_round_trip_keeps_blocks_texts_and_locations(source: Path) -> None:
    doc = read_path(source)
    data = document_to_dict(doc)
    back = read_bytes(as_json(data), "extract.json")
    assert back.format == "json" and back.meta["source_path"] == str(source)
    assert back.meta["source_format"] == doc.format and back.language == doc.language
    assert [type(b) for b in back.blocks] == [type(b) for b in doc.blocks]
    for a, b in zip(doc.blocks, back.blocks, strict=True):
        assert a.location == b.location
        if isinstance(a, Table):
            assert isinstance(b, Table)
            assert (a.id, a.columns, a.header, a.texts(), a.label_columns, a.unit, a.notes) == (
                b.id, b.columns, b.header, b.texts(), b.label_columns, b.unit, b.notes)
            assert a.frame().equals(b.frame())
            for (_, _, ca), (_, _, cb) in zip(a.iter_cells(), b.iter_cells(), strict=True):
                assert ca.location == cb.location
        elif isinstance(a, Paragraph):
            assert isinstance(b, Paragraph)
            assert (a.text, a.role, a.section) == (b.text, b.role, b.section)
            for i in range(0, len(a.text), 7):  # every prose position survives
                assert a.smap.locate(i, i + 1) == b.smap.locate(i, i + 1)
        else:
            assert isinstance(a, Heading) and isinstance(b, Heading)
            assert (a.text, a.number, a.title, a.level) == (b.text, b.number, b.title, b.level)
    assert document_to_dict(back) == data


def test_yaml_is_the_same_shape() -> None:
    data = document_to_dict(read_path(SOURCES[1]))
    back = read_bytes(yaml.safe_dump(data, allow_unicode=True).encode("utf-8"), "extract.yaml")
    assert back.format == "yaml"
    assert document_to_dict(back) == data


def test_hand_corrected_cell_is_what_gets_checked() -> None:
    data = document_to_dict(read_path(SOURCES[2]))
    table = next(t for t in data["tables"] if t["id"] == "表1-6")
    assert table["rows"][0][4] == "6.7%"
    table["rows"][0][4] = "-6.7%"
    back = read_bytes(as_json(data), "fixed.json")
    fixed = next(t for t in back.tables if t.id == "表1-6")
    assert fixed.rows[0][4].text == "-6.7%"
    assert fixed.rows[0][4].location.line == next(
        t for t in read_path(SOURCES[2]).tables if t.id == "表1-6").rows[0][4].location.line


def test_minimal_contract_shape_reads() -> None:
    data = {
        "path": "r.txt", "format": "text", "language": "zh",
        "sections": [{"number": "1.3", "title": "教师队伍", "location": {"line": 150}}],
        "tables": [{
            "caption": "表1-6：教师（单位：人）", "unit": "人", "location": {"line": 160, "end_line": 236},
            "columns": ["序号", "项目", "2019年", "2020年", "增长率"],
            "rows": [["1", "教职工总数", 1200, "1100", "8.3%"]],
        }],
        "paragraphs": [{"text": "专任教师1712人", "location": {"line": 155, "column": 1}, "section": "1.3教师队伍"}],
        "numbers": [{"text": "1712人", "value": 1712}],
    }
    doc = read_bytes(as_json(data), "min.json")
    assert [type(b).__name__ for b in doc.blocks] == ["Heading", "Paragraph", "Table"]
    table = doc.tables[0]
    assert table.texts() == [["1", "教职工总数", "1200", "1100", "8.3%"]]
    assert table.rows[0][2].location.table == table.id and table.rows[0][2].location.col == 3
    para = doc.paragraphs[0]
    assert para.smap.locate(4, 8).line == 155 and para.smap.locate(4, 8).column == 5


@pytest.mark.parametrize(
    ("text", "where"),
    [
        ("[1, 2]", "$: expected an object"),
        ('{"report": 1}', "not a vetlint extract"),
        ('{"tables": {}}', "$.tables: expected a list"),
        ('{"tables": [{"rows": []}]}', "$.tables[0].columns: missing"),
        ('{"tables": [{"columns": ["a", "b"], "rows": [["1"]]}]}', "$.tables[0].rows[0]: has 1 cells"),
        ('{"tables": [{"columns": ["a"], "rows": [[true]]}]}', "$.tables[0].rows[0][0]: expected a string"),
        ('{"tables": [{"columns": ["a"], "rows": [], "location": {"line": "x"}}]}',
         "$.tables[0].location.line: expected an integer"),
        ('{"tables": [{"columns": ["a"], "rows": [], "label_columns": 5}]}',
         "$.tables[0].label_columns: must be between"),
        ('{"paragraphs": [{"location": {}}]}', "$.paragraphs[0].text: missing"),
        ('{"paragraphs": [{"text": "x", "segments": [[0, 1]]}]}', "$.paragraphs[0].segments[0]"),
        ('{"tables": [', "invalid JSON at line 1"),
    ],
)
def test_bad_structure_names_the_json_path(text: str, where: str) -> None:
    with pytest.raises(ReadError) as exc:
        read_bytes(text.encode(), "bad.json")
    assert where in exc.value.message and "\n" not in exc.value.message


def test_unsafe_or_broken_yaml_is_refused() -> None:
    with pytest.raises(ReadError, match="invalid YAML"):
        read_bytes(b"tables: !!python/object/apply:os.system ['echo hi']\n", "evil.yaml")
    with pytest.raises(ReadError, match="invalid YAML at line 3"):
        read_bytes(b"tables:\n  - [unclosed\n", "broken.yml")
