"""The hostile-input table in the README: every case of scripts/hostile_inputs.py through
``vetlint check`` with the default limits, one at a time, timed and measured from outside.

    python bench/hostile.py            # prints the Markdown table
"""

from __future__ import annotations

import importlib.util
import sys
import tempfile
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
spec = importlib.util.spec_from_file_location("hostile_inputs", ROOT / "scripts" / "hostile_inputs.py")
assert spec and spec.loader
hostile = importlib.util.module_from_spec(spec)
sys.modules["hostile_inputs"] = hostile
spec.loader.exec_module(hostile)


def outcome_text(case: hostile.Case, outcome: hostile.Outcome, folder: Path) -> str:
    codes = sorted({c for c in outcome.codes if c})
    if codes:
        return ", ".join(f"`{c}`" for c in codes) + (f": {case.note}" if case.note else "")
    if outcome.status == 2 and outcome.stderr.startswith("vetlint: "):
        line = outcome.stderr.strip().splitlines()[-1].removeprefix("vetlint: error: ")
        line = line.replace(f"{folder}/", "").replace(str(hostile.ROOT) + "/", "")
        return line[:64] + ("…" if len(line) > 64 else "")
    return case.note or "checked"


def main() -> int:
    print("| input | exit | outcome | seconds | peak RSS MB |")
    print("| --- | ---: | --- | ---: | ---: |")
    with tempfile.TemporaryDirectory() as tmp:
        for i, (name, build) in enumerate(hostile.CASES.items()):
            folder = Path(tmp) / f"{i:02d}"
            folder.mkdir()
            case = build(folder)
            out = hostile.run_case(case)
            ok = out.status in case.exits and (not case.codes or all(c in case.codes for c in out.codes))
            mark = "" if ok else " **unexpected**"
            label = name.replace("|", "\\|")
            print(f"| {label} | {out.status} | {outcome_text(case, out, folder)}{mark} | "
                  f"{out.seconds:.1f} | {out.peak_mb:.0f} |", flush=True)
    return 0


if __name__ == "__main__":
    sys.exit(main())
