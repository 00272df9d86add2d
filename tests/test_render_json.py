"""JSON output: the contract's shape, validated against the schema shipped in the package."""

from __future__ import annotations

import json

import jsonschema
import pytest
from conftest_render import sample_results, zh_result

from vetlint.baseline import Baseline, apply_waivers
from vetlint.render import render
from vetlint.schemas import load_schema
from vetlint.settings import Settings, Waiver


def validate(data: dict) -> None:
    jsonschema.Draft202012Validator(load_schema("check-output")).validate(data)


def test_schema_is_itself_valid() -> None:
    jsonschema.Draft202012Validator.check_schema(load_schema("check-output"))
    jsonschema.Draft202012Validator.check_schema(load_schema("extract-output"))


def test_json_follows_the_contract() -> None:
    data = json.loads(render("json", sample_results(), Settings()))
    validate(data)
    assert data["tool"]["name"] == "vetlint"
    assert [r["path"] for r in data["reports"]] == [
        "reports/zhengzhou-2020.txt", "reports/annual-report.md", "reports/broken.docx",
    ]
    zh, en, broken = data["reports"]
    assert zh["error"] is None and zh["stats"] == {**zh["stats"], "checks": 4, "passed": 1, "failed": 3}
    assert [f["rule"] for f in zh["findings"]] == ["VL101", "VL120", "VL105"]  # most severe first
    assert "passed" not in zh
    growth = zh["findings"][0]
    assert growth["message"].startswith("增长率应为")  # the report's language
    assert growth["stated"] == {
        "text": "8.3%", "value": 0.083, "low": 0.0825, "high": 0.0835, "label": "教职工总数 增长率",
        "location": growth["location"],
    }
    assert growth["expected"]["text"] == "-8.3%"
    assert [i["text"] for i in growth["inputs"]] == ["1200", "1100"]
    assert growth["location"]["table"] == "表1-6" and growth["location"]["line"] == 212
    assert len(growth["fingerprint"]) == 20
    assert en["findings"][0]["message"] == "the same figure is stated as 1,210 and 1,201"
    assert broken["error"] == {"code": "wrong-format", "message": "not a .docx file (it is not a ZIP/OOXML package)"}
    assert broken["findings"] == []
    assert data["summary"] == {**data["summary"], "reports": 3, "errors": 2, "warnings": 1, "infos": 1}
    assert data["summary"]["unreadable"] == 1


def test_lang_flag_overrides_report_language() -> None:
    data = json.loads(render("json", [zh_result()], Settings(lang="en")))
    validate(data)
    assert data["reports"][0]["findings"][0]["message"].startswith("growth rate should be")


def test_include_passed_adds_passed_list() -> None:
    data = json.loads(render("json", [zh_result()], Settings(include_passed=True)))
    validate(data)
    assert [c["rule"] for c in data["reports"][0]["passed"]] == ["VL110"]
    assert data["reports"][0]["passed"][0]["passed"] is True


def test_baseline_and_waivers_hide_findings_and_are_counted() -> None:
    result = zh_result()
    growth = next(c for c in result.checks if c.rule == "VL101")
    sum_check = next(c for c in result.checks if c.rule == "VL120")
    apply_waivers([result], [Waiver(growth.fingerprint, "accepted", "qa")])
    baseline = Baseline()
    baseline.by_path[result.path] = __import__("collections").Counter([sum_check.fingerprint])
    baseline.apply([result])
    data = json.loads(render("json", [result], Settings()))
    validate(data)
    report = data["reports"][0]
    assert [f["rule"] for f in report["findings"]] == ["VL105"]
    assert report["findings"][0]["baseline_state"] == "new"
    assert report["stats"]["waived"] == 1 and report["stats"]["baseline_unchanged"] == 1
    assert data["summary"]["errors"] == 0


@pytest.mark.parametrize("bad", [{"tool": {"name": "vetlint"}}, {"reports": [], "summary": {}}])
def test_schema_rejects_broken_documents(bad: dict) -> None:
    with pytest.raises(jsonschema.ValidationError):
        validate(bad)


@pytest.mark.parametrize("include_passed", [False, True])
def test_report_by_report_output_is_the_document_json_dumps_writes(include_passed: bool) -> None:
    from pathlib import Path

    from vetlint.api import check
    from vetlint.render.json import dumps, to_data
    from vetlint.render.json import render as render_json

    seed = Path(__file__).resolve().parents[1] / "fixtures" / "reports" / "quzhou-2020-secondary-vet-quality.txt"
    settings = Settings(include_passed=include_passed)
    for results in (sample_results(), sample_results()[:1], [check(seed)], []):
        assert render_json(results, settings) == dumps(to_data(results, settings))
