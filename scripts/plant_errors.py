"""Planted-error evaluation: how many slips planted in real tables does vetlint catch?

For every numeric table cell that some check covers in the unmodified report,
plant one error at a time in a copy of the report text, exactly at that cell:
a flipped sign, two transposed digits, or a value off by a few units in its
last printed place. Then read and check the copy in-process and record

- recall: the planted error is reported by a new failing check located at the
  planted cell, blaming it, or using it as an input;
- at_cell: the new failing check is located at, or blames, the planted cell;
- collateral: new failing checks that do not involve the planted cell at all.

Some plants cannot be seen by any arithmetic: a base figure nudged by a unit
or two when the growth rate beside it still rounds the same. Such a plant
changes no relation beyond the printed precision; the script counts it as
``invisible`` (judged with exact arithmetic on the planted figures, not by
vetlint) and reports recall over the visible ones as well as over all.

    python scripts/plant_errors.py                 # every seed report, every plant
    python scripts/plant_errors.py --sample 40     # a deterministic random sample
    python scripts/plant_errors.py --json
"""

from __future__ import annotations

import argparse
import json
import random
import re
import sys
import time
from dataclasses import asdict, dataclass, field, replace
from pathlib import Path

from vetlint.checks import Check, Figure
from vetlint.document import Document
from vetlint.engine.runner import run
from vetlint.readers import read_bytes
from vetlint.settings import Settings

ROOT = Path(__file__).resolve().parents[1]
DEFAULT_FILES = sorted((ROOT / "fixtures" / "reports").glob("*.txt"))
MUTATIONS = ("sign", "transpose", "units")
_NUM = re.compile(r"[-−]?\d[\d,]*(?:\.\d+)?")

CellKey = tuple[str | None, int | None, int | None]


@dataclass(slots=True)
class Target:
    key: CellKey
    line: int
    column: int
    end_column: int
    text: str


@dataclass(slots=True)
class Case:
    path: str
    table: str | None
    row: int | None
    col: int | None
    mutation: str
    before: str
    after: str
    found: bool = False
    at_cell: bool = False
    visible: bool = True
    collateral: int = 0
    messages: list[str] = field(default_factory=list)


def _key(fig_or_loc: Figure | object) -> CellKey:
    loc = fig_or_loc.location if isinstance(fig_or_loc, Figure) else fig_or_loc
    return (loc.table, loc.row, loc.col)  # type: ignore[attr-defined]


def involved(check: Check) -> set[CellKey]:
    keys = {_key(check.location)}
    if check.stated is not None:
        keys.add(_key(check.stated))
    keys.update(_key(f) for f in check.inputs)
    return keys


def targets(doc: Document, checks: list[Check], lines: list[str]) -> list[Target]:
    """Numeric cells some check covers, whose text sits on one source line."""
    covered: dict[CellKey, Figure] = {}
    already = set().union(
        *[involved(c) for c in checks if not c.passed and c.severity != "info"] or [set()]
    )
    for c in checks:
        for fig in ([c.stated] if c.stated else []) + list(c.inputs):
            if fig.value is not None and fig.location.table is not None:
                covered.setdefault(_key(fig), fig)
    out: list[Target] = []
    for table in doc.tables:
        for row in table.rows:
            for cell in row:
                loc = cell.location
                key = (loc.table, loc.row, loc.col)
                if (
                    key not in covered
                    or key in already
                    or loc.line is None
                    or loc.column is None
                    or loc.end_column is None
                ):
                    continue
                if loc.end_line not in (None, loc.line) or loc.line > len(lines):
                    continue
                text = lines[loc.line - 1][loc.column - 1 : loc.end_column]
                if text != cell.text.strip() or not _NUM.search(text):
                    continue
                out.append(Target(key, loc.line, loc.column, loc.end_column, text))
    return out


def mutate(text: str, mutation: str, rng: random.Random) -> str | None:
    m = _NUM.search(text)
    if not m:
        return None
    num = m.group(0)
    if mutation == "sign":
        # a sign slip happens to a figure, not inside words or a ratio
        if _NUM.fullmatch(num) is None or not re.fullmatch(r"[-−]?[\d,.]+\s*[%％]?", text):
            return None
        if float(num.replace(",", "").replace("−", "-")) == 0:
            return None
        new = num[1:] if num[0] in "-−" else "-" + num
    elif mutation == "transpose":
        spots = [
            i
            for i in range(len(num) - 1)
            if num[i].isdigit() and num[i + 1].isdigit() and num[i] != num[i + 1]
        ]
        if not spots:
            return None
        i = rng.choice(spots)
        new = num[:i] + num[i + 1] + num[i] + num[i + 2 :]
    else:
        body = num.replace(",", "")
        negative = body.startswith(("-", "−"))
        body = body.lstrip("-−")
        decimals = len(body.split(".")[1]) if "." in body else 0
        units = int(body.replace(".", ""))
        step = rng.choice((2, 3, 4, 5))
        units = units + step if units < 10 or rng.random() < 0.5 else units - step
        digits = str(units).rjust(decimals + 1, "0")
        new = digits if decimals == 0 else f"{digits[:-decimals]}.{digits[-decimals:]}"
        if negative:
            new = "-" + new
    if new == num:
        return None
    return text[: m.start()] + new + text[m.end() :]


def _replace(lines: list[str], t: Target, new: str) -> bytes:
    copy = list(lines)
    line = copy[t.line - 1]
    copy[t.line - 1] = line[: t.column - 1] + new + line[t.end_column :]
    return "\n".join(copy).encode("utf-8")


def _scaled(
    low: float, high: float, kind: str | None, reading: str | None, i: int, old: float, new: float
) -> tuple[float, float]:
    """Move a relation's computed interval as the planted input moves it."""
    if kind in ("table-total", "table-sum-100") or (
        kind == "table-growth" and reading != "relative"
    ):
        delta = (new - old) if (kind != "table-growth" or i == 1) else (old - new)
        return low + delta, high + delta
    if kind == "table-growth":  # relative growth: (1 + g) scales with new/old
        f = new / old if i == 1 else old / new
    else:  # shares, per-capita and formulas: numerator first, denominators after
        f = new / old if i == 0 else old / new
    a, b = (1 + low) * f - 1, (1 + high) * f - 1
    if kind != "table-growth":
        a, b = low * f, high * f
    return min(a, b), max(a, b)


def _visible(before_checks: list[Check], key: CellKey, after: str) -> bool:
    """Could any arithmetic see the plant? An oracle independent of the check kinds.

    Each relation that covered the cell is moved by the plant: a changed stated
    figure is compared with what its (unchanged) inputs allow; a changed input
    moves the computed interval (sum: + delta; growth: × new/old; share: × or ÷).
    A plant that leaves every relation within printed precision is invisible.
    """
    from vetlint.numbers import parse_number

    planted = parse_number(after)
    if planted is None:
        return True
    for c in before_checks:
        if c.stated is not None and _key(c.stated) == key and c.stated.value and planted.value:
            factor = c.stated.value / (parse_number(c.stated.text) or planted).value
            if abs(factor - 1) > 1e-9:  # the column header scales the printed figure (增长情况%)
                planted = replace(
                    planted,
                    value=planted.value * factor,
                    low=planted.low * factor,
                    high=planted.high * factor,
                )
            break
    for c in before_checks:
        if c.expected is None or c.expected.low is None or c.expected.high is None:
            continue
        target = c.extra.get("target")
        if c.stated is not None and _key(c.stated) == key and target is None:
            if not (planted.low <= c.expected.high and c.expected.low <= planted.high):
                return True
            continue
        for i, fig in enumerate(c.inputs):
            if _key(fig) != key or fig.value in (None, 0):
                continue
            low, high = _scaled(
                c.expected.low,
                c.expected.high,
                c.kind,
                c.extra.get("reading"),
                i,
                fig.value,
                planted.value,
            )
            if target is not None:
                if not (low <= target <= high):
                    return True
            elif (
                c.stated is not None
                and c.stated.low is not None
                and c.stated.high is not None
                and not (low <= c.stated.high and c.stated.low <= high)
            ):
                return True
    return False


def evaluate(
    files: list[Path], *, sample: int | None = None, seed: int = 7, settings: Settings | None = None
) -> list[Case]:
    settings = settings or Settings(select=["core"])
    rng = random.Random(seed)
    plan: list[tuple[Path, str, list[str], Document, list[Check], Target, str]] = []
    for path in files:
        raw = path.read_bytes().decode("utf-8")
        lines = raw.split("\n")
        doc = read_bytes(raw.encode("utf-8"), str(path))
        checks = run(doc, [], settings)
        for t in targets(doc, checks, lines):
            for mutation in MUTATIONS:
                plan.append((path, raw, lines, doc, checks, t, mutation))
    if sample is not None and sample < len(plan):
        plan = rng.sample(plan, sample)
    cases: list[Case] = []
    for path, _raw, lines, _doc, base_checks, t, mutation in plan:
        new = mutate(t.text, mutation, rng)
        if new is None:
            continue
        doc2 = read_bytes(_replace(lines, t, new), str(path))
        after = run(doc2, [], settings)
        new_fail = [c for c in after if not c.passed and c.severity != "info"]
        base = {c.fingerprint for c in base_checks if not c.passed}
        fresh = [c for c in new_fail if c.fingerprint not in base]
        hit = [c for c in fresh if t.key in involved(c)]
        at_cell = [
            c
            for c in hit
            if _key(c.location) == t.key or (c.blame is not None and _key(c.blame) == t.key)
        ]
        case = Case(
            path=path.name,
            table=t.key[0],
            row=t.key[1],
            col=t.key[2],
            mutation=mutation,
            before=t.text,
            after=new,
            found=bool(hit),
            at_cell=bool(at_cell),
            collateral=len(fresh) - len(hit),
            messages=[c.text("en") for c in fresh][:3],
        )
        case.visible = case.found or _visible(base_checks, t.key, new)
        cases.append(case)
    return cases


def summary(cases: list[Case]) -> dict[str, float]:
    n = len(cases)
    visible = [c for c in cases if c.visible]
    return {
        "cases": n,
        "recall": sum(c.found for c in cases) / n if n else 0.0,
        "visible": len(visible),
        "recall_visible": sum(c.found for c in visible) / len(visible) if visible else 0.0,
        "at_cell": sum(c.at_cell for c in cases) / n if n else 0.0,
        "collateral_mean": sum(c.collateral for c in cases) / n if n else 0.0,
    }


def main(argv: list[str] | None = None) -> int:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("files", nargs="*", type=Path, help="reports (default: fixtures/reports/*.txt)")
    ap.add_argument(
        "--sample", type=int, default=None, help="check a deterministic random sample of plants"
    )
    ap.add_argument("--seed", type=int, default=7)
    ap.add_argument("--json", action="store_true", help="print every case as JSON")
    ap.add_argument("--misses", action="store_true", help="list plants that were not reported")
    args = ap.parse_args(argv)
    started = time.perf_counter()
    cases = evaluate(args.files or DEFAULT_FILES, sample=args.sample, seed=args.seed)
    stats = summary(cases)
    stats["seconds"] = round(time.perf_counter() - started, 2)
    if args.json:
        print(
            json.dumps(
                {"summary": stats, "cases": [asdict(c) for c in cases]},
                ensure_ascii=False,
                indent=2,
            )
        )
        return 0
    print(
        f"{stats['cases']} plants: recall {stats['recall']:.1%} "
        f"(visible {stats['visible']}: {stats['recall_visible']:.1%}), "
        f"at the planted cell {stats['at_cell']:.1%}, "
        f"collateral {stats['collateral_mean']:.2f} per plant, {stats['seconds']}s"
    )
    if args.misses:
        for c in cases:
            if not c.found or c.collateral:
                flag = "MISS" if not c.found else "COLL"
                print(
                    f"  {flag} {c.path} {c.table} r{c.row} c{c.col} {c.mutation}: {c.before} → {c.after} visible={c.visible} {c.messages}"
                )
    return 0


if __name__ == "__main__":
    sys.exit(main())
