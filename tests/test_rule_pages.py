"""docs/rules/: one page per rule, generated from the packs and kept in sync; SARIF links to
them; `vetlint explain` renders the same Markdown for a terminal."""

from __future__ import annotations

import json
import shutil
from pathlib import Path
from urllib.parse import unquote, urlparse

import pytest
from clirun import run

from vetlint.engine.docs import expected_pages, explain, shipped_rules, stale_pages

ROOT = Path(__file__).resolve().parents[1]
PAGES = ROOT / "docs" / "rules"


def test_pages_are_in_sync_with_the_packs() -> None:
    assert stale_pages(PAGES) == [], "run scripts/make_rule_pages.py"


def test_a_stale_missing_or_left_over_page_is_found(tmp_path: Path) -> None:
    folder = tmp_path / "rules"
    shutil.copytree(PAGES, folder)
    assert stale_pages(folder) == []
    page = folder / "VL101.md"
    page.write_text(page.read_text("utf-8").replace("10139", "10193"), "utf-8")
    (folder / "VL102.md").unlink()
    (folder / "VL999.md").write_text("# a rule that no longer exists\n", "utf-8")
    assert stale_pages(folder) == ["VL101.md", "VL102.md", "VL999.md"]


def test_every_rule_has_a_page_with_examples_and_parameters() -> None:
    rules = shipped_rules()
    pages = expected_pages()
    index = pages["README.md"]
    for rule in rules:
        page = pages[f"{rule.code}.md"]
        assert page.startswith(f"# {rule.code} {rule.name}\n")
        for heading in ("## What it checks", "## Why it matters", "## Failing example",
                        "## Passing example", "## Parameters", "### 检查内容", "### 不通过的例子"):
            assert heading in page, (rule.code, heading)
        assert rule.docs.fail.strip().splitlines()[0] in page
        assert f"[{rule.code}]({rule.code}.md)" in index
    growth = pages["VL101.md"]
    assert "| `exclude` | strlist | [\"增长点\"] |" in growth  # the kind's parameters, this rule's value


def _sarif(args: list[str], capsys: pytest.CaptureFixture[str]) -> dict:
    _, out, _ = run(["check", str(ROOT / "fixtures" / "reports"), "--format", "sarif", *args], capsys)
    return json.loads(out)


def test_sarif_help_uri_resolves_to_the_rule_page(capsys: pytest.CaptureFixture[str]) -> None:
    rules = _sarif([], capsys)["runs"][0]["tool"]["driver"]["rules"]
    assert len(rules) > 5
    for rule in rules:
        uri = urlparse(rule["helpUri"])
        assert uri.scheme == "file"
        path = Path(unquote(uri.path))
        assert path == PAGES / f"{rule['id']}.md" and path.is_file()
        assert path.read_text("utf-8").startswith(f"# {rule['id']} {rule['name']}")


def test_sarif_help_uri_follows_docs_url(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    cfg = tmp_path / "vetlint.toml"
    base = "https://example.org/vetlint/blob/main/docs/rules"
    cfg.write_text(f'docs-url = "{base}/"\n', "utf-8")
    driver = _sarif(["--config", str(cfg)], capsys)["runs"][0]["tool"]["driver"]
    assert {r["helpUri"] for r in driver["rules"]} == {f"{base}/{r['id']}.md" for r in driver["rules"]}
    cfg.write_text('docs-url = "docs/rules"\n', "utf-8")
    status, _, err = run(["check", "--config", str(cfg), str(ROOT / "fixtures" / "reports")], capsys)
    assert status == 2 and "'docs-url'" in err


def test_explain_renders_markdown_for_the_terminal(capsys: pytest.CaptureFixture[str]) -> None:
    status, rendered, _ = run(["explain", "VL101", "--lang", "en"], capsys)
    source = explain("VL101", "en")
    assert status == 0 and source.startswith("# VL101") and "```" in source
    assert "VL101 table-growth-rate" in rendered and "What it checks" in rendered
    assert "```" not in rendered and "\n## " not in rendered and not rendered.startswith("#")
    assert max(len(line) for line in rendered.splitlines()) <= 80
    status, raw, _ = run(["explain", "VL101", "--lang", "en", "--format", "markdown"], capsys)
    assert raw == source + ("" if source.endswith("\n") else "\n")
