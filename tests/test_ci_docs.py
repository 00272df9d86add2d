"""docs/ci.md and action.yml, run as a CI runner would run them: the steps in a shell.

The composite action installs vetlint from this repository (GITHUB_ACTION_PATH) into a
virtual environment and checks reports; the GitLab job does the same with pip. The install
really runs (about half a minute, once for the module): it is what a user's first CI run does.
"""

from __future__ import annotations

import json
import os
import re
import shutil
import subprocess
import xml.etree.ElementTree as ET
from pathlib import Path

import pytest
import yaml

ROOT = Path(__file__).resolve().parents[1]
ACTION = yaml.safe_load((ROOT / "action.yml").read_text("utf-8"))
CI_DOC = (ROOT / "docs" / "ci.md").read_text("utf-8")
BLOCKS = [yaml.safe_load(b) for b in re.findall(r"^```yaml\n(.*?)^```$", CI_DOC, re.DOTALL | re.MULTILINE)]
SEEDS = ["zhengzhou-2020-secondary-vet-quality.txt", "quzhou-2020-secondary-vet-quality.txt"]


def workflow_step() -> dict:
    """The step of the documented workflow that uses this repository's action."""
    workflow = next(b for b in BLOCKS if isinstance(b, dict) and "jobs" in b)
    steps = workflow["jobs"]["vetlint"]["steps"]
    return next(s for s in steps if str(s.get("uses", "")).startswith("OWNER/vetlint@"))


def inputs_for(given: dict) -> dict[str, str]:
    defaults = {name: str(spec.get("default", "")) for name, spec in ACTION["inputs"].items()}
    unknown = set(given) - set(defaults)
    assert not unknown, f"the docs pass inputs the action does not have: {unknown}"
    return {**defaults, **{k: str(v) for k, v in given.items()}}


def run_step(step: dict, inputs: dict[str, str], env: dict[str, str], cwd: Path) -> subprocess.CompletedProcess[str]:
    """One composite step as the runner runs it: `${{ inputs.x }}` in its env, bash -eo pipefail."""
    assert step["shell"] == "bash"
    step_env = {key: re.sub(r"\$\{\{\s*inputs\.([\w-]+)\s*\}\}", lambda m: inputs[m.group(1)], str(value))
                for key, value in (step.get("env") or {}).items()}
    assert "${{" not in step["run"], "expressions belong in env, not in the script (injection)"
    return subprocess.run(["bash", "--noprofile", "--norc", "-eo", "pipefail", "-c", step["run"]],
                          env={**env, **step_env}, cwd=cwd, capture_output=True, text=True, timeout=600)


@pytest.fixture(scope="module")
def runner(tmp_path_factory: pytest.TempPathFactory) -> tuple[Path, dict[str, str]]:
    """A workspace with reports/ and the action installed by its own first step."""
    work = tmp_path_factory.mktemp("workspace")
    (work / "reports").mkdir()
    for name in SEEDS:
        shutil.copy(ROOT / "fixtures" / "reports" / name, work / "reports" / name)
    temp = tmp_path_factory.mktemp("runner-temp")
    env = {"PATH": os.environ["PATH"], "HOME": os.environ.get("HOME", str(temp)), "RUNNER_TEMP": str(temp),
           "GITHUB_ACTION_PATH": str(ROOT), "GITHUB_STEP_SUMMARY": str(temp / "summary.md"), "CI": "true"}
    install = ACTION["runs"]["steps"][0]
    done = run_step(install, inputs_for({}), env, work)
    assert done.returncode == 0, done.stderr[-2000:]
    assert done.stdout.strip().endswith("vetlint 0.1.0")
    return work, env


def test_action_is_composite_and_installs_into_its_own_venv() -> None:
    assert ACTION["runs"]["using"] == "composite"
    install = ACTION["runs"]["steps"][0]["run"]
    assert "-m venv" in install and "pip install" in install and "$GITHUB_ACTION_PATH" in install
    assert "pip install vetlint" not in CI_DOC  # not a published package


def test_documented_workflow_runs_sarif_and_annotations(runner) -> None:
    work, env = runner
    inputs = inputs_for(workflow_step()["with"])
    sarif_step, check_step = ACTION["runs"]["steps"][1:]
    done = run_step(sarif_step, inputs, env, work)
    assert done.returncode == 0, done.stderr  # findings must not stop the upload
    sarif = json.loads((work / inputs["sarif"]).read_text("utf-8"))
    results = sarif["runs"][0]["results"]
    assert results and {r["locations"][0]["physicalLocation"]["artifactLocation"]["uri"] for r in results} \
        == {f"reports/{n}" for n in SEEDS}
    assert all(r.get("helpUri") for r in sarif["runs"][0]["tool"]["driver"]["rules"])
    done = run_step(check_step, inputs, env, work)
    assert done.returncode == 1  # the seeds' real slips fail the job
    assert "::error file=reports/zhengzhou-2020-secondary-vet-quality.txt" in done.stdout
    assert Path(env["GITHUB_STEP_SUMMARY"]).read_text("utf-8").startswith("## vetlint")


def test_fail_on_never_passes_and_a_missing_folder_fails(runner) -> None:
    work, env = runner
    sarif_step, check_step = ACTION["runs"]["steps"][1:]
    assert run_step(check_step, inputs_for({"paths": "reports/", "fail-on": "never"}), env, work).returncode == 0
    missing = run_step(sarif_step, inputs_for({"paths": "no-such-folder/", "sarif": "x.sarif"}), env, work)
    assert missing.returncode == 2 and "no-such-folder" in missing.stderr
    two = run_step(check_step, inputs_for({"paths": "reports/zhengzhou-2020-secondary-vet-quality.txt "
                                           "reports/quzhou-2020-secondary-vet-quality.txt",
                                           "args": "--select VL101 --lang en"}), env, work)
    assert two.returncode == 1 and "VL101" in two.stdout and "VL4" not in two.stdout


def test_gitlab_job_runs_as_written(runner, tmp_path: Path) -> None:
    """The job's script in a shell. Its two install lines (a venv, pip install from the
    repository) are the action's install step, already run by ``runner``: the rest runs
    in that environment, as written."""
    job = next(b for b in BLOCKS if isinstance(b, dict) and "vetlint" in b and "script" in b["vetlint"])["vetlint"]
    setup, install, *rest = job["script"]
    assert setup == "python3 -m venv .vetlint && . .vetlint/bin/activate"
    assert install == 'pip install "$VETLINT_SOURCE"' and job["variables"]["VETLINT_SOURCE"].startswith("git+")
    _, env = runner
    (tmp_path / "reports").mkdir()
    for name in SEEDS:
        shutil.copy(ROOT / "fixtures" / "reports" / name, tmp_path / "reports" / name)
    venv = Path(env["RUNNER_TEMP"]) / "vetlint-venv"
    script = "\n".join([f". {venv}/bin/activate", *rest])
    done = subprocess.run(["bash", "-e", "-c", script], env=env, cwd=tmp_path, capture_output=True,
                          text=True, timeout=600)
    assert done.returncode == 1, done.stderr[-2000:]  # findings: the job fails, the report is kept
    junit = ET.parse(tmp_path / job["artifacts"]["reports"]["junit"]).getroot()
    assert int(junit.get("failures", "0")) > 0 and int(junit.get("tests", "0")) > 100
