"""Baselines and waivers on hand-built results (the end-to-end round trip is in test_cli.py)."""

from __future__ import annotations

import json
from pathlib import Path

import pytest
from conftest_render import en_result, zh_result

from vetlint.baseline import apply_waivers, fails, load_baseline, reported, write_baseline
from vetlint.errors import UsageError
from vetlint.settings import Waiver


def test_write_then_load_marks_everything_unchanged(tmp_path: Path) -> None:
    path = tmp_path / "baseline.json"
    assert write_baseline([zh_result(), en_result()], path) == 4
    data = json.loads(path.read_text("utf-8"))
    assert data["version"] == 1 and {e["rule"] for e in data["findings"]} == {"VL101", "VL120", "VL105", "VL130"}
    results = [zh_result(), en_result()]
    load_baseline(path).apply(results)
    assert all(c.extra["baseline_state"] == "unchanged" for r in results for c in r.findings)
    assert not any(reported(r) for r in results)
    assert not fails(results, "info")


def test_changed_figure_is_new(tmp_path: Path) -> None:
    path = tmp_path / "baseline.json"
    write_baseline([zh_result()], path)
    result = zh_result()
    growth = next(c for c in result.checks if c.rule == "VL101")
    growth.inputs[1].text = "1000"  # an input figure was edited
    load_baseline(path).apply([result])
    assert [c.rule for c in reported(result)] == ["VL101"]
    assert fails([result], "error")


def test_moved_report_matches_by_file_name(tmp_path: Path) -> None:
    path = tmp_path / "baseline.json"
    write_baseline([zh_result()], path)
    moved = zh_result()
    moved.path = "elsewhere/zhengzhou-2020.txt"
    load_baseline(path).apply([moved])
    assert reported(moved) == []


def test_duplicate_fingerprints_count_one_by_one(tmp_path: Path) -> None:
    path = tmp_path / "baseline.json"
    write_baseline([zh_result()], path)
    doubled = zh_result()
    doubled.checks.append(next(c for c in zh_result().checks if c.rule == "VL120"))
    load_baseline(path).apply([doubled])
    assert [c.rule for c in reported(doubled)] == ["VL120"]


@pytest.mark.parametrize("text", ["not json", '{"findings": []}', '{"version": 1, "findings": [{"rule": "x"}]}'])
def test_bad_baseline_is_a_usage_error(tmp_path: Path, text: str) -> None:
    path = tmp_path / "b.json"
    path.write_text(text, "utf-8")
    with pytest.raises(UsageError, match=str(path)):
        load_baseline(path)


def test_waiver_silences_one_finding_and_unused_waiver_is_reported(tmp_path: Path) -> None:
    cfg = tmp_path / "vetlint.toml"
    result = zh_result()
    growth = next(c for c in result.checks if c.rule == "VL101")
    cfg.write_text(f'[[waivers]]\nfingerprint = "{growth.fingerprint}"\n\n[[waivers]]\nfingerprint = "deadbeef"\nreason = "old"\n', "utf-8")
    waivers = [Waiver(growth.fingerprint, "known"), Waiver("deadbeef", "old")]
    unused = apply_waivers([result], waivers, str(cfg))
    assert [w.fingerprint for w in unused] == ["deadbeef"]
    shown = reported(result)
    assert "VL101" not in [c.rule for c in shown]
    vl000 = next(c for c in shown if c.rule == "VL000")
    assert vl000.severity == "info" and vl000.name == "unused-waiver"
    assert f"{cfg}:5" in vl000.text("en")
    assert fails([result], "warning") and not fails([result], "error")


def test_waiver_lapses_when_its_figures_change() -> None:
    fp = next(c for c in zh_result().checks if c.rule == "VL101").fingerprint
    edited = zh_result()
    growth = next(c for c in edited.checks if c.rule == "VL101")
    growth.stated.text = "8.4%"
    unused = apply_waivers([edited], [Waiver(fp, "known")], None)
    assert unused and "VL101" in [c.rule for c in reported(edited)]
    assert "VL000" in [c.rule for c in reported(edited)]
