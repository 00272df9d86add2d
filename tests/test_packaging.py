"""The wheel ships the rule packs, so an installed vetlint works outside the checkout."""

from __future__ import annotations

import subprocess
import sys
import zipfile
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[1]


@pytest.fixture(scope="module")
def wheel(tmp_path_factory: pytest.TempPathFactory) -> Path:
    pytest.importorskip("hatchling")
    out = tmp_path_factory.mktemp("wheel")
    subprocess.run(
        [sys.executable, "-m", "pip", "wheel", "--no-deps", "--no-build-isolation", "-q",
         "-w", str(out), str(ROOT)],
        check=True,
        capture_output=True,
    )
    return next(out.glob("vetlint-*.whl"))


def test_wheel_contains_every_rule_pack(wheel: Path) -> None:
    names = set(zipfile.ZipFile(wheel).namelist())
    shipped = sorted(p.name for p in (ROOT / "rules").iterdir() if p.is_file())
    assert shipped, "the rules/ folder is empty"
    for name in shipped:
        assert f"vetlint/packs/{name}" in names


def test_wheel_has_console_script(wheel: Path) -> None:
    with zipfile.ZipFile(wheel) as zf:
        entry = next(n for n in zf.namelist() if n.endswith("entry_points.txt"))
        assert "vetlint = vetlint.cli:main" in zf.read(entry).decode()


def test_wheel_ships_the_rule_pages(wheel: Path) -> None:
    names = set(zipfile.ZipFile(wheel).namelist())
    pages = sorted(p.name for p in (ROOT / "docs" / "rules").glob("*.md"))
    assert "VL101.md" in pages
    assert {f"vetlint/docs/rules/{name}" for name in pages} <= names
