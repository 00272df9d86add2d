"""Measured detection quality: planted-error recall, collateral, false alarms, formats.

Prints one compact table the README can quote:

- recall per check kind for errors planted one at a time into the seeds' tables
  and prose (scripts/plant_errors.py), over the plants arithmetic can see, and
  the new failing checks each plant causes elsewhere (collateral);
- per report (seeds, fixtures/corpus/, the .docx/.pdf renderings in
  fixtures/rendered/): error and warning counts, and error-level false alarms:
  errors not among the hand-verified slips of bench/known_slips.yaml;
- for each rendering, whether its findings equal the .txt's.

    .venv/bin/python bench/quality.py            # about a minute on one core
    .venv/bin/python bench/quality.py --sample 200   # fewer table plants, faster
"""

from __future__ import annotations

import argparse
import importlib.util
import sys
import time
from pathlib import Path
from types import ModuleType
from typing import Any

import yaml

from vetlint.api import check, read
from vetlint.checks import ReportResult
from vetlint.settings import Settings

ROOT = Path(__file__).resolve().parents[1]
SEEDS = sorted((ROOT / "fixtures" / "reports").glob("*.txt"))
CORPUS = sorted(p for p in (ROOT / "fixtures" / "corpus").iterdir() if p.name != "README.md")
RENDERED = ROOT / "fixtures" / "rendered"
KNOWN = ROOT / "bench" / "known_slips.yaml"
COMMAND = ".venv/bin/python bench/quality.py"


def _plant() -> ModuleType:
    spec = importlib.util.spec_from_file_location("plant_errors", ROOT / "scripts" / "plant_errors.py")
    assert spec and spec.loader
    module = importlib.util.module_from_spec(spec)
    sys.modules[spec.name] = module
    spec.loader.exec_module(module)
    return module


def known_slips() -> dict[str, set[tuple[str, int, str]]]:
    data = yaml.safe_load(KNOWN.read_text(encoding="utf-8")) or {}
    return {name: {(s["rule"], s["line"], s["stated"]) for s in slips or []} for name, slips in data.items()}


def finding_keys(result: ReportResult, path: Path) -> set[tuple[Any, ...]]:
    """What a finding says, not where: rule, stated, expected, table/row/col; no chart data."""
    charts = {t.id for t in read(path).tables if t.kind == "chart"}
    out = set()
    for c in result.findings:
        if c.severity == "info":
            continue
        if any(f is not None and f.location.table in charts for f in [*c.inputs, c.stated]):
            continue
        loc = c.location
        out.add((c.rule, c.stated.text if c.stated else None, c.expected.text if c.expected else None,
                 loc.table, loc.row if loc.table else None, loc.col if loc.table else None))
    return out


def report_rows(known: dict[str, set[tuple[str, int, str]]]) -> list[tuple[str, int, int, str, str]]:
    """(report, errors, warnings, false alarms, same findings as .txt)."""
    rows = []
    settings = Settings()
    for path in [*SEEDS, *CORPUS]:
        r = check(path, settings)
        errors = {(c.rule, c.location.line, c.stated.text if c.stated else None)
                  for c in r.findings if c.severity == "error"}
        slips = known.get(path.name, set())
        false = len(errors - slips)
        rows.append((str(path.relative_to(ROOT / "fixtures")), r.count("error"), r.count("warning"),
                     f"{false}" + (f" (slips {len(errors & slips)}/{len(slips)})" if path in SEEDS else ""),
                     ""))
    for doc in sorted(RENDERED.glob("*.docx")) + sorted(RENDERED.glob("*.pdf")):
        txt = ROOT / "fixtures" / "reports" / f"{doc.stem.removesuffix('-noto')}.txt"  # -noto: another font
        r, base = check(doc, settings), check(txt, settings)
        mine, theirs = finding_keys(r, doc), finding_keys(base, txt)
        same = "yes" if mine == theirs else f"no: -{len(theirs - mine)} +{len(mine - theirs)}"
        errors = {(c.rule, c.stated.text if c.stated else None) for c in r.findings if c.severity == "error"}
        slips = {(rule, stated) for rule, _line, stated in known.get(txt.name, set())}
        rows.append((str(doc.relative_to(ROOT / "fixtures")), r.count("error"), r.count("warning"),
                     str(len(errors - slips)), same))
    return rows


def plant_rows(sample: int | None) -> tuple[list[tuple[str, str, int, int, int]], dict[str, Any]]:
    """(part, kind, plants, visible, found) per check kind, and the overall numbers."""
    plant = _plant()
    table = plant.evaluate(plant.DEFAULT_FILES, sample=sample)
    prose = plant.evaluate_prose(plant.DEFAULT_FILES)
    rows: list[tuple[str, str, int, int, int]] = []
    kinds: dict[str, list[int]] = {}
    for c in table:
        for k in c.kinds or ["?"]:
            v = kinds.setdefault(k, [0, 0, 0])
            v[0] += 1
            v[1] += c.visible
            v[2] += c.found and c.visible
    rows += [("table", k, *v) for k, v in sorted(kinds.items())]
    cats: dict[str, list[int]] = {}
    for c in prose:
        v = cats.setdefault(c.category, [0, 0, 0])
        v[0] += 1
        v[1] += c.visible
        v[2] += c.found and c.visible
    rows += [("prose", k, *v) for k, v in sorted(cats.items())]
    totals = {
        "table": plant.summary(table),
        "prose": plant.prose_summary(prose),
        "table_collateral": sum(1 for c in table if c.collateral),
        "prose_collateral": sum(1 for c in prose if c.collateral),
    }
    return rows, totals


def main(argv: list[str] | None = None) -> int:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--sample", type=int, default=None, help="table plants to sample (default: all)")
    args = ap.parse_args(argv)
    started = time.perf_counter()
    rows, totals = plant_rows(args.sample)
    print("Planted errors, one at a time (recall over plants arithmetic can see)")
    print(f"  {'part':<6}{'check kind':<20}{'plants':>7}{'visible':>9}{'reported':>9}{'recall':>9}")
    for part, kind, n, visible, found in rows:
        recall = f"{found / visible:.1%}" if visible else "-"
        print(f"  {part:<6}{kind:<20}{n:>7}{visible:>9}{found:>9}{recall:>9}")
    t, p = totals["table"], totals["prose"]
    print(f"  tables: {t['cases']} plants, reported {t['recall_visible']:.1%} of {t['visible']} visible "
          f"({t['recall']:.1%} of all); located at or blaming the planted cell {t['at_cell']:.1%}; "
          f"plants with collateral {totals['table_collateral']}")
    print(f"  prose:  {p['cases']} plants, reported at the planted figure {p['recall_visible']:.1%} of "
          f"{p['visible']} visible ({p['recall']:.1%} of all); located at or blaming it "
          f"{p['at_figure_visible']:.1%}; plants with collateral {totals['prose_collateral']}")
    print()
    print("Findings per report (false alarms: error-level findings not in bench/known_slips.yaml)")
    print(f"  {'report':<64}{'errors':>7}{'warn':>6}  {'false alarms':<22}{'= .txt'}")
    for name, errors, warnings, false, same in report_rows(known_slips()):
        print(f"  {name:<64}{errors:>7}{warnings:>6}  {false:<22}{same}")
    print()
    print(f"$ {COMMAND}{' --sample ' + str(args.sample) if args.sample else ''}"
          f"   # {time.perf_counter() - started:.0f}s")
    return 0


if __name__ == "__main__":
    sys.exit(main())
