"""Rule selectors are validated like ruff's: a typo is exit 2 with the closest names, never a
green run of nothing; codes are case-insensitive everywhere."""

from __future__ import annotations

import json
from pathlib import Path

import pytest
from clirun import run

ROOT = Path(__file__).resolve().parents[1]
REPORT = ROOT / "fixtures" / "derived" / "zhengzhou-2020-tables.md"


def rules_run(args: list[str], capsys: pytest.CaptureFixture[str]) -> set[str]:
    status, out, _ = run(["check", str(REPORT), "--format", "json", "--include-passed", *args], capsys)
    assert status in (0, 1)
    report = json.loads(out)["reports"][0]
    return {c["rule"] for c in report["findings"] + report["passed"]}


@pytest.mark.parametrize(
    ("args", "where", "suggestion"),
    [
        (["--select", "nonsense"], "--select", "did you mean"),
        (["--select", "VL1O1"], "--select", "did you mean VL101"),
        (["--ignore", "VL9"], "--ignore", "did you mean"),
        (["--select", "VL101,cor"], "--select", "core"),
        (["--ignore", "table-growth-rat"], "--ignore", "table-growth-rate"),
    ],
)
def test_unknown_selector_is_exit_2_with_the_closest_names(
    args: list[str], where: str, suggestion: str, capsys: pytest.CaptureFixture[str]
) -> None:
    status, out, err = run(["check", str(REPORT), *args], capsys)
    assert status == 2 and out == ""
    assert err.startswith(f"vetlint: error: {where}: ") and err.count("\n") == 1
    assert suggestion in err, err


def test_codes_are_case_insensitive(capsys: pytest.CaptureFixture[str]) -> None:
    assert rules_run(["--select", "vl101"], capsys) == {"VL101"}
    upper = rules_run(["--select", "VL1"], capsys)
    assert rules_run(["--select", "vl1"], capsys) == upper and upper and all(c.startswith("VL1") for c in upper)
    assert "VL101" not in rules_run(["--ignore", "vl101"], capsys)
    assert rules_run(["--select", "CORE"], capsys) == rules_run(["--select", "core"], capsys)


@pytest.mark.parametrize(
    ("toml", "needle"),
    [
        ('select = ["VL1", "Vl4x"]\n', "'select': 'Vl4x' is not a known rule code"),
        ('ignore = ["standards"]\n', "did you mean standards-cn"),
        ('[severity]\nVL99 = "warning"\n', "'severity': 'VL99'"),
        ('[[waivers]]\nfingerprint = "abc"\nrule = "VL10"\n', "waivers'[1].rule: 'VL10' is not a known rule"),
    ],
)
def test_configuration_selectors_are_validated(
    toml: str, needle: str, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    cfg = tmp_path / "vetlint.toml"
    cfg.write_text(toml, "utf-8")
    status, _, err = run(["check", "--config", str(cfg), str(REPORT)], capsys)
    assert status == 2 and str(cfg) in err and needle in err, err


def test_lower_case_severity_key_applies(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    cfg = tmp_path / "vetlint.toml"
    cfg.write_text('[severity]\nvl101 = "info"\n', "utf-8")
    status, out, _ = run(["check", "--config", str(cfg), str(REPORT), "--select", "VL101", "--format", "json"], capsys)
    findings = json.loads(out)["reports"][0]["findings"]
    assert findings and {f["severity"] for f in findings} == {"info"} and status == 0


def _fingerprint(rule: str, capsys: pytest.CaptureFixture[str]) -> str:
    _, out, _ = run(["check", str(REPORT), "--format", "json", "--select", rule], capsys)
    return json.loads(out)["reports"][0]["findings"][0]["fingerprint"]


def test_waiver_rule_is_case_insensitive_and_must_match(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    fp = _fingerprint("VL101", capsys)
    cfg = tmp_path / "vetlint.toml"
    cfg.write_text(f'[[waivers]]\nfingerprint = "{fp}"\nrule = "vl101"\n', "utf-8")
    _, out, _ = run(["check", "--config", str(cfg), str(REPORT), "--format", "json", "--select", "VL101"], capsys)
    report = json.loads(out)["reports"][0]
    assert fp not in {f["fingerprint"] for f in report["findings"] if f["rule"] == "VL101"}
    # the same fingerprint under another rule waives nothing, and is reported as unused
    cfg.write_text(f'[[waivers]]\nfingerprint = "{fp}"\nrule = "VL102"\n', "utf-8")
    _, out, _ = run(["check", "--config", str(cfg), str(REPORT), "--format", "json", "--select", "VL101,VL000"], capsys)
    rules = [f["rule"] for f in json.loads(out)["reports"][0]["findings"]]
    assert "VL000" in rules and "VL101" in rules


def test_vl000_is_documented_selectable_and_its_example_is_real(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    """The failing example of `explain VL000` (a stale waiver) reports VL000; `--ignore vl000` silences it."""
    status, out, _ = run(["explain", "vl000", "--lang", "en"], capsys)
    assert status == 0 and "VL000" in out and "unused-waiver" in out
    from vetlint.engine.builtin import UNUSED_WAIVER

    example = UNUSED_WAIVER.docs.fail.split("```toml\n", 1)[1].split("```", 1)[0]
    cfg = tmp_path / "vetlint.toml"
    cfg.write_text(example, "utf-8")
    _, out, _ = run(["check", "--config", str(cfg), str(REPORT), "--format", "json"], capsys)
    assert "VL000" in {f["rule"] for r in json.loads(out)["reports"] for f in r["findings"]}
    _, out, _ = run(["check", "--config", str(cfg), str(REPORT), "--format", "json", "--ignore", "vl000"], capsys)
    assert "VL000" not in {f["rule"] for r in json.loads(out)["reports"] for f in r["findings"]}


def test_api_validates_selectors_too() -> None:
    import vetlint
    from vetlint.errors import UsageError
    from vetlint.settings import Settings

    with pytest.raises(UsageError, match="did you mean"):
        vetlint.check(REPORT, Settings(select=["VL9"]))
    assert {c.rule for c in vetlint.check(REPORT, Settings(select=["vl101"])).checks} == {"VL101"}


def test_explain_suggests_the_closest_rule(capsys: pytest.CaptureFixture[str]) -> None:
    status, _, err = run(["explain", "VL1O1"], capsys)
    assert status == 2 and "did you mean VL101" in err
