"""The HTML report in a real browser: headless Chromium runs the page's script.

Skipped when Chromium is not installed (CI may lack it); the static checks
of the page are in test_render_html.py and always run.
"""

from __future__ import annotations

import re
import shutil
import subprocess
from pathlib import Path

import pytest
from test_render_html import ZZ_DOCX, ZZ_TXT, make_checks

from vetlint.api import read
from vetlint.checks import ReportResult
from vetlint.render.html import render
from vetlint.settings import Settings

CHROMIUM = shutil.which("chromium") or shutil.which("chromium-browser")
pytestmark = pytest.mark.skipif(CHROMIUM is None, reason="Chromium is not installed")


def dump_dom(page: Path, tmp_path: Path, fragment: str = "") -> str:
    run = subprocess.run(
        [CHROMIUM, "--headless", "--no-sandbox", "--disable-gpu",
         "--disable-background-networking", f"--user-data-dir={tmp_path / 'profile'}",
         "--virtual-time-budget=3000", "--dump-dom", page.resolve().as_uri() + fragment],
        capture_output=True, text=True, timeout=90, check=True,
    )
    return run.stdout


@pytest.fixture(scope="module")
def page(tmp_path_factory) -> Path:
    tmp = tmp_path_factory.mktemp("html")
    results = []
    for path in (ZZ_TXT, ZZ_DOCX):
        doc = read(path)
        results.append(ReportResult(str(path), doc.format, "zh", checks=make_checks(doc)))
    out = tmp / "report.html"
    out.write_text(render(results, Settings()), encoding="utf-8")
    return out


def test_script_runs_and_dom_has_highlights_and_findings(page: Path, tmp_path: Path) -> None:
    dom = dump_dom(page, tmp_path)
    root = re.search(r"<html[^>]*>", dom).group(0)
    assert 'data-ready="1"' in root  # the script ran to its end
    assert 'data-shown="10"' in root  # all 5 + 5 findings pass the default filters
    assert len(re.findall(r'<li class="vl-finding', dom)) == 10
    judged = re.findall(r'<mark class="vl-mark sev-(\w+)[^"]*" data-judged="([^"]+)"', dom)
    assert len(judged) == 6  # 3 figures in each of the two reports
    assert 'href="#report-1"' in dom  # the batch index


def test_fragment_selects_a_finding_and_its_figure(page: Path, tmp_path: Path) -> None:
    dom = dump_dom(page, tmp_path, "#r1-f0")
    li = re.search(r'<li class="([^"]*)" id="r1-f0"', dom).group(1)
    assert "vl-active" in li
    flashed = re.findall(r'<mark class="([^"]*vl-flash[^"]*)"[^>]*>([^<]*)<', dom)
    assert [text for _, text in flashed] == ["6.7%"]
    related = re.findall(r'<mark class="[^"]*vl-related[^"]*"[^>]*>([^<]*)<', dom)
    assert related == ["10139"]  # the finding's input is outlined
