"""The README as a new user meets it: its commands and its Python snippet, run as written."""

from __future__ import annotations

import json
import re
import shutil
import subprocess
import sys
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[1]
README = (ROOT / "README.md").read_text("utf-8")


def section(title: str, text: str = README) -> str:
    start = text.index(f"\n{title}\n")
    level = title.split(" ", 1)[0]
    rest = text[start + len(title) + 2 :]
    nxt = re.search(rf"^#{{1,{len(level)}}} ", rest, re.MULTILINE)
    return rest[: nxt.start()] if nxt else rest


def blocks(text: str, lang: str) -> list[str]:
    return [m.group(1) for m in re.finditer(rf"^```{lang}\n(.*?)^```$", text, re.DOTALL | re.MULTILINE)]


def quick_start_commands(text: str = README) -> list[str]:
    return [b.strip() for b in blocks(section("## Quick start", text), "sh")]


def test_quick_start_installs_into_a_virtual_environment_first() -> None:
    """PEP 668: a system Python refuses `pip install`; both commands make a venv before pip."""
    commands = quick_start_commands()
    assert len(commands) == 2
    for command in commands:
        assert "\n" not in command, "one line each"
        steps = [s.strip() for s in command.split("&&")]
        assert steps[0] == "python3 -m venv .venv" and steps[1] == ". .venv/bin/activate", steps
        assert not any("python3 -m pip" in s or s.startswith("sudo") for s in steps), steps
    assert commands[0].endswith("vetlint check fixtures/reports/zhengzhou-2020-secondary-vet-quality.txt")
    assert commands[1].endswith("python -m pytest")
    # the exit status is explained right there, next to the command that ends with 1
    prose = section("## Quick start")
    assert "exit\nstatus 1" in prose or "exit status 1" in prose
    assert "2 means vetlint could not run" in prose


def test_ci_runs_the_readme_test_command_as_written(tmp_path: Path) -> None:
    proc = subprocess.run(["bash", str(ROOT / ".ci" / "run"), "--print"], capture_output=True, text=True, check=True)
    assert proc.stdout.strip() == quick_start_commands()[1]
    # a README that lost its test command fails CI instead of running nothing
    (tmp_path / ".ci").mkdir()
    shutil.copy(ROOT / ".ci" / "run", tmp_path / ".ci" / "run")
    (tmp_path / "README.md").write_text(README.replace("python -m pytest", "").split("## Quick start")[0], "utf-8")
    proc = subprocess.run(["bash", str(tmp_path / ".ci" / "run")], capture_output=True, text=True)
    assert proc.returncode == 1 and "no test command found" in proc.stderr


def test_ci_treats_no_tests_collected_as_failure(tmp_path: Path) -> None:
    (tmp_path / ".ci").mkdir()
    shutil.copy(ROOT / ".ci" / "run", tmp_path / ".ci" / "run")
    (tmp_path / "README.md").write_text("## Quick start\n\n```sh\ntrue\n```\n\n```sh\nexit 5\n```\n", "utf-8")
    proc = subprocess.run(["bash", str(tmp_path / ".ci" / "run")], capture_output=True, text=True)
    assert proc.returncode == 1 and "collected no tests" in proc.stderr
    (tmp_path / "README.md").write_text("## Quick start\n\n```sh\ntrue\n```\n\n```sh\ntrue && true\n```\n", "utf-8")
    assert subprocess.run(["bash", str(tmp_path / ".ci" / "run")], capture_output=True).returncode == 0


# ------------------------------------------------------------------ the Python API snippet

SNIPPET = blocks(section("### Python API"), "python")[0]

# What the snippet's names must hold once it has run (printed as JSON by the subprocess).
PROBE = """
import json, vetlint
print(json.dumps({
    "extract_is_function": callable(vetlint.extract),
    "error": result.error,
    "findings": len(result.findings),
    "frame_rows": len(result.to_frame()),
    "checks": result.n_checks,
    "dtypes": {str(k): str(v) for k, v in table.frame().dtypes.items()},
    "growth": table.frame()["公办 / 增幅"].tolist(),
    "printed": table.frame(text=True)["公办 / 增幅"].tolist(),
    "batch_rows": len(vetlint.to_frame(results)),
    "batch_paths": sorted({r.path for r in results}),
}))
"""


def run_python(code: str) -> dict:
    proc = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, cwd=ROOT)
    assert proc.returncode == 0, proc.stderr[-2000:]
    return json.loads(proc.stdout.strip().splitlines()[-1])


def check_probe(out: dict) -> None:
    assert out["extract_is_function"]
    assert out["error"] is None and out["findings"] > 0
    assert out["frame_rows"] == out["checks"]
    assert out["dtypes"]["学校总数（所）"] == "int64" and out["dtypes"]["公办 / 增幅"] == "float64"
    assert out["growth"] == [0.0, 0.055]
    assert out["printed"] == ["0", "5.5%"]
    assert len(out["batch_paths"]) >= 6 and out["batch_rows"] > len(out["batch_paths"])


def test_python_api_snippet_runs_as_written() -> None:
    assert "vetlint.check(" in SNIPPET and "vetlint.extract(" in SNIPPET
    check_probe(run_python(SNIPPET + PROBE))


def test_python_api_snippet_runs_in_another_order() -> None:
    """`vetlint.extract` once was the subpackage after any check: every order must work."""
    paragraphs = [p for p in SNIPPET.split("\n\n") if p.strip()]
    head, rest = paragraphs[0], paragraphs[1:]  # `import vetlint` first, the rest reversed
    check_probe(run_python("\n\n".join([head, *reversed(rest)]) + PROBE))


def test_extract_stays_the_function_after_importing_the_subpackage() -> None:
    code = (
        "import vetlint, vetlint.extract.analysis\n"
        "from vetlint.extract import relations\n"
        "from vetlint import extract\n"
        "print(callable(vetlint.extract), callable(extract), relations.__name__)"
    )
    proc = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True)
    assert proc.stdout.split() == ["True", "True", "vetlint.extract.relations"]


@pytest.mark.parametrize("name", ["nonsense", "extract_facts"])
def test_unknown_top_level_names_are_attribute_errors(name: str) -> None:
    import vetlint

    with pytest.raises(AttributeError):
        getattr(vetlint, name)
