"""The hostile-input suite: every case of ``scripts/hostile_inputs.py`` through the real
command line, in a fresh process measured from outside.

Each input is generated at test time (small on disk). Each run must end with exit 0, 1
or 2 within 60 s, peak at most 500 MB resident (the largest process: vetlint or one of
its workers), give the expected error code, never print a traceback or "internal error",
and never show anything read from outside the folder it was given. The runs use a
300 MB memory cap and a 30 s time limit, so the inputs that only the cap stops take seconds,
not minutes (the README's table, ``bench/hostile.py``, runs them with the defaults); two run
at a time.
"""

from __future__ import annotations

import os
import re
import xml.etree.ElementTree as ET
from concurrent.futures import ThreadPoolExecutor
from pathlib import Path

import hostile_inputs as hostile
import pytest

pytestmark = pytest.mark.skipif(os.name != "posix" or not Path("/dev/zero").exists(), reason="POSIX")
# Small budgets keep the run short on a loaded 2-core box: what only the memory cap stops
# stops sooner, and nothing can come near the 60 s asserted below.
BUDGETS = ["--max-memory", "300", "--timeout", "30"]
MAX_SECONDS, MAX_MB = 60, 500


def runner_commands(text: str) -> list[str]:
    lines = re.split(r"\r\n|\r|\n", text)
    return [ln for ln in lines if ln.lstrip().startswith("::") or re.search(r"##(vso)?\[", ln, re.I)]


def budgets(case: hostile.Case) -> list[str]:
    """``BUDGETS``, but never over a case's own ``--timeout`` (``--timeout inf`` must be seen)."""
    return BUDGETS[:2] if "--timeout" in case.args else BUDGETS


@pytest.fixture(scope="module")
def outcomes(tmp_path_factory: pytest.TempPathFactory) -> dict[str, tuple[object, object]]:
    built = {}
    for i, (name, build) in enumerate(hostile.CASES.items()):
        folder = tmp_path_factory.mktemp(f"hostile{i:02d}")
        built[name] = build(folder)
    with ThreadPoolExecutor(max_workers=2) as pool:
        runs = {name: pool.submit(hostile.run_case, case, budgets(case)) for name, case in built.items()}
        return {name: (built[name], run.result()) for name, run in runs.items()}


@pytest.mark.parametrize("name", list(hostile.CASES))
def test_hostile_input(name: str, outcomes: dict[str, tuple[object, object]]) -> None:
    case, out = outcomes[name]
    assert out.status in case.exits, (out.status, out.stderr[-500:])
    assert out.seconds <= MAX_SECONDS, out.seconds
    assert out.peak_mb <= MAX_MB, out.peak_mb
    assert "Traceback" not in out.stderr and "internal error" not in out.stderr, out.stderr[-500:]
    if case.codes:
        assert out.codes and set(out.codes) <= set(case.codes), out.codes
    if out.status == 2 and not case.json:
        assert out.stderr.startswith("vetlint: error: ") and out.stderr.count("\n") == 1, out.stderr
    for secret in case.must_not_show:
        assert secret not in out.stdout and secret not in out.stderr
    if case.no_runner_commands:
        assert runner_commands(out.stdout) == [] and runner_commands(out.stderr) == []
    if "--format" in case.args and case.args[case.args.index("--format") + 1] == "junit":
        ET.fromstring(out.stdout)  # control characters in names did not break the XML
