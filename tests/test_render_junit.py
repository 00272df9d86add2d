"""JUnit XML: one testcase per check, failures for failed checks, errors for unreadable reports."""

from __future__ import annotations

import xml.etree.ElementTree as ET

from conftest_render import sample_results, zh_result

from vetlint.baseline import apply_waivers
from vetlint.render import render
from vetlint.settings import Settings, Waiver

INT_ATTRS = ("tests", "failures", "errors", "skipped")


def validate(root: ET.Element) -> None:
    """The structure GitLab and Jenkins read (the common JUnit XSD, checked by hand)."""
    assert root.tag == "testsuites"
    for suite in root:
        assert suite.tag == "testsuite" and suite.get("name")
        for attr in INT_ATTRS:
            assert suite.get(attr, "").isdigit()
        cases = list(suite)
        assert all(c.tag == "testcase" and c.get("name") and c.get("classname") for c in cases)
        assert int(suite.get("tests")) == len(cases)
        for tag, attr in (("failure", "failures"), ("error", "errors"), ("skipped", "skipped")):
            assert int(suite.get(attr)) == sum(1 for c in cases if c.find(tag) is not None)
        for c in cases:
            assert len([ch for ch in c if ch.tag in ("failure", "error", "skipped")]) <= 1
    for attr in INT_ATTRS:
        assert int(root.get(attr)) == sum(int(s.get(attr)) for s in root)


def test_junit_one_testcase_per_check() -> None:
    xml = render("junit", sample_results(), Settings())
    assert xml.startswith('<?xml version="1.0" encoding="UTF-8"?>')
    root = ET.fromstring(xml.split("\n", 1)[1])
    validate(root)
    zh, _en, broken = list(root)
    assert zh.get("tests") == "4" and zh.get("failures") == "3"
    failure = next(c for c in zh if c.get("classname") == "vetlint.VL101").find("failure")
    assert failure.get("type") == "error" and failure.get("message").startswith("增长率应为")
    assert "报告值: 8.3%" in failure.text and "应为: -8.3%" in failure.text
    assert broken.get("errors") == "1" and broken.find("testcase/error").get("type") == "wrong-format"
    assert root.get("tests") == "6"


def test_waived_checks_are_skipped() -> None:
    result = zh_result()
    growth = next(c for c in result.checks if c.rule == "VL101")
    apply_waivers([result], [Waiver(growth.fingerprint, "known slip", "qa")])
    root = ET.fromstring(render("junit", [result], Settings()).split("\n", 1)[1])
    validate(root)
    case = next(c for c in root[0] if c.get("classname") == "vetlint.VL101")
    assert case.find("skipped").get("message") == "known slip"
    assert root[0].get("failures") == "2"
