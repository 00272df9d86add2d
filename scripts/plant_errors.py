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
    python scripts/plant_errors.py --prose --misses   # the prose part (below)

Prose part (``--prose``): every figure of the prose that takes part in a
relation the report states *and that holds* — a checked prose relation that
passed (其中 breakdown, 占…的p% share, 生师比/就业率-style rate, 较上年/由A调整为B
change, amount, distribution, the same figure stated twice) — is a target;
figures of relations that already fail, and standards (thresholds) the report
does not state, are not. One slip at a time, at the figure's line/column:

- ``breakdown``/``share``/``ratio``/``amount``/``distribution``: one digit of the
  figure changed (its second significant digit, else its first, by one);
- ``change``: the verb before the change flipped (增加↔减少, 提高↔下降, …);
- ``repeat``: the later mention of a figure stated twice changed by one digit.

A plant is *reported at the figure* when a new failing check's location,
stated figure or blame covers the planted span; *collateral* counts new
failing checks that touch neither the span nor anything else the plant moved.
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
    kinds: list[str] = field(default_factory=list)  # kinds of the checks that cover the cell


def _key(fig_or_loc: Figure | object) -> CellKey:
    loc = getattr(fig_or_loc, "location", fig_or_loc)  # a figure of a check, or its location
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
        checks = run(doc, settings)
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
        after = run(doc2, settings)
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
            kinds=sorted({c.kind or c.rule for c in base_checks if t.key in involved(c)}),
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


# ---------------------------------------------------------------- prose plants

_FLIP = {
    "增加": "减少", "减少": "增加", "提高": "下降", "提升": "下降", "上升": "下降",
    "增长": "下降", "下降": "提高", "降低": "提高", "削减": "增加", "减": "增", "增": "减",
}
_PROSE_KIND = {  # kinds of the prose rules (pack vet-cn) → what a planted slip changes
    "sum": "breakdown",
    "share": "share",
    "formula": "ratio",
    "change": "change",
    "product": "amount",
    "distribution": "distribution",
    "cross-reference": "repeat",
}
Span = tuple[int, int, int]  # line, first column, last column (1-based, inclusive)


@dataclass(slots=True)
class ProseTarget:
    span: Span
    category: str
    rule: str
    text: str
    checks: list[Check] = field(default_factory=list)  # the passed relations it is in


@dataclass(slots=True)
class ProseCase:
    path: str
    line: int
    column: int
    category: str
    rule: str
    before: str
    after: str
    found: bool = False  # a new failing check names the planted figure (at, blamed or input)
    at_figure: bool = False  # ... located at it, stating it or blaming it
    visible: bool = True
    collateral: int = 0
    messages: list[str] = field(default_factory=list)


def _span(fig: Figure | None) -> Span | None:
    loc = fig.location if fig is not None else None
    if loc is None or loc.line is None or loc.column is None or loc.end_column is None:
        return None
    if loc.end_line not in (None, loc.line):
        return None
    return (loc.line, loc.column, loc.end_column)


def _covers(span: Span | None, target: Span) -> bool:
    return span is not None and span[0] == target[0] and span[1] <= target[2] and target[1] <= span[2]


def _check_spans(check: Check, *, inputs: bool) -> list[Span]:
    figs = [check.stated, check.blame] + (list(check.inputs) if inputs else [])
    spans = [_span(f) for f in figs]
    loc = check.location
    if loc.line is not None and loc.column is not None:
        spans.append((loc.line, loc.column, loc.end_column or loc.column))
    return [s for s in spans if s is not None]


def _at(check: Check, target: Span, *, inputs: bool = False) -> bool:
    return any(_covers(s, target) for s in _check_spans(check, inputs=inputs))


def _verb_span(line: str, span: Span) -> Span | None:
    """The change verb just before a change figure (``提升0.2个百分点`` → 提升)."""
    start = span[1] - 1
    window = line[max(0, start - 8) : start]
    for size in (2, 1):
        for i in range(len(window) - size, -1, -1):
            if window[i : i + size] in _FLIP and not re.search(r"\d", window[i + size :]):
                col = start - len(window) + i + 1
                return (span[0], col, span[2])
    return None


def prose_targets(checks: list[Check], lines: list[str]) -> list[ProseTarget]:
    """Figures of prose relations that hold; not those of relations that already fail."""
    failing = [c for c in checks if not c.passed and c.severity != "info"]
    out: dict[tuple[int, int], ProseTarget] = {}
    for c in checks:
        category = _PROSE_KIND.get(c.kind or "") if c.pack == "vet-cn" else None
        if not c.passed or category is None:
            continue
        if category == "breakdown":
            figs = list(c.inputs)
        elif category == "repeat":  # the later of the two mentions
            both = [f for f in [c.stated, *c.inputs] if _span(f) is not None]
            figs = [max(both, key=lambda f: _span(f))] if len(both) >= 2 else []
        else:
            figs = [c.stated] if c.stated is not None else []
        for fig in figs:
            span = _span(fig)
            if span is None or span[0] > len(lines):
                continue
            line = lines[span[0] - 1]
            if line[span[1] - 1 : span[2]] != fig.text or not _NUM.search(fig.text):
                continue
            if category == "change":
                span = _verb_span(line, span)
                if span is None:
                    continue
            if any(_at(f, span, inputs=True) for f in failing):
                continue
            target = out.setdefault(
                (span[0], span[1]), ProseTarget(span, category, c.rule, line[span[1] - 1 : span[2]])
            )
            target.checks.append(c)
    return sorted(out.values(), key=lambda t: t.span)


def prose_visible(target: ProseTarget, new: str) -> bool:
    """Could arithmetic see the plant? Only a 其中 part can hide.

    Parts that add up to their total (within printed precision) state that they
    make it up, so any change of one shows; parts that fall short of the total
    (a partial 其中 list) only show a change that lifts their sum above it. Shares, rates, changes and
    repeated figures move by a whole digit of printed precision: visible.
    """
    from vetlint.numbers import parse_number

    if target.category != "breakdown":
        return True
    old, planted = parse_number(target.text), parse_number(new)
    if old is None or planted is None:
        return True
    delta = planted.value - old.value
    for c in target.checks:
        if c.extra.get("bound") and c.inputs:  # 其中 one part ≤ its whole: only a rise above it shows
            whole = parse_number(c.inputs[0].text)
            if whole is not None and planted.low > whole.high:
                return True
            continue
        e, st = c.expected, c.stated
        if e is None or e.low is None or e.high is None or st is None:
            return True
        total = parse_number(st.text)
        if total is None:
            return True
        low, high = e.low + delta, e.high + delta
        # judged by the figures, not by vetlint's reading of the wording: parts
        # that add up to their total state that they make it up
        exhaustive = e.low <= total.high and total.low <= e.high
        if low > total.high or (exhaustive and high < total.low):
            return True
    return False


def prose_mutate(text: str, category: str) -> str | None:
    """One slip, same length: a flipped verb, or one digit of the figure off by one."""
    if category == "change":
        for size in (2, 1):
            if text[:size] in _FLIP:
                return _FLIP[text[:size]] + text[size:]
        return None
    m = _NUM.search(text)
    if m is None:
        return None
    digits = [m.start() + i for i, ch in enumerate(m.group(0)) if ch.isdigit()]
    significant = [i for i in digits if text[i] != "0" or any(text[j] != "0" for j in digits if j < i)]
    if not significant:
        return None
    i = significant[1] if len(significant) >= 2 else significant[0]
    d = int(text[i])
    new = d - 1 if d == 9 or (d > 1 and i == significant[0]) else d + 1
    return text[:i] + str(new) + text[i + 1 :]


def _prose_run(raw: bytes, path: Path, settings: Settings) -> list[Check]:
    return run(read_bytes(raw, str(path)), settings)


def evaluate_prose(files: list[Path], *, settings: Settings | None = None) -> list[ProseCase]:
    """Plant each prose slip in a copy of the report and check the copy in-process."""
    settings = settings or Settings()
    cases: list[ProseCase] = []
    for path in files:
        raw = path.read_bytes().decode("utf-8")
        lines = raw.split("\n")
        base = _prose_run(raw.encode("utf-8"), path, settings)
        base_failed = {c.fingerprint for c in base if not c.passed}
        for t in prose_targets(base, lines):
            new = prose_mutate(t.text, t.category)
            if new is None or new == t.text:
                continue
            line, col, end = t.span
            copy = list(lines)
            copy[line - 1] = copy[line - 1][: col - 1] + new + copy[line - 1][end:]
            after = _prose_run("\n".join(copy).encode("utf-8"), path, settings)
            fresh = [
                c for c in after
                if not c.passed and c.severity != "info" and c.fingerprint not in base_failed
            ]
            at = [c for c in fresh if _at(c, t.span)]
            used = [c for c in fresh if _at(c, t.span, inputs=True)]
            cases.append(
                ProseCase(
                    path=path.name, line=line, column=col, category=t.category, rule=t.rule,
                    before=t.text, after=new, found=bool(used), at_figure=bool(at),
                    visible=bool(used) or prose_visible(t, new),
                    collateral=len(fresh) - len(used),
                    messages=[c.text("en") for c in fresh][:3],
                )
            )
    return cases


def prose_summary(cases: list[ProseCase]) -> dict[str, object]:
    n = len(cases)
    visible = [c for c in cases if c.visible]
    per: dict[str, dict[str, int]] = {}
    for c in cases:
        d = per.setdefault(c.category, {"cases": 0, "visible": 0, "found": 0, "at_figure": 0})
        d["cases"] += 1
        d["visible"] += c.visible
        d["found"] += c.found
        d["at_figure"] += c.at_figure
    return {
        "cases": n,
        "visible": len(visible),
        "recall": sum(c.found for c in cases) / n if n else 0.0,
        "recall_visible": sum(c.found for c in visible) / len(visible) if visible else 0.0,
        "at_figure_visible": sum(c.at_figure for c in visible) / len(visible) if visible else 0.0,
        "collateral_cases": sum(1 for c in cases if c.collateral),
        "per_category": dict(sorted(per.items())),
    }


def _main_prose(files: list[Path], args: argparse.Namespace, started: float) -> int:
    cases = evaluate_prose(files)
    stats = prose_summary(cases)
    stats["seconds"] = round(time.perf_counter() - started, 2)
    if args.json:
        print(json.dumps({"summary": stats, "cases": [asdict(c) for c in cases]}, ensure_ascii=False, indent=2))
        return 0
    print(
        f"{stats['cases']} prose plants (visible {stats['visible']}): "
        f"reported {stats['recall_visible']:.1%} of the visible ({stats['recall']:.1%} of all), "
        f"located at/blaming the figure {stats['at_figure_visible']:.1%}, "
        f"plants with collateral {stats['collateral_cases']}, {stats['seconds']}s"
    )
    for cat, v in stats["per_category"].items():  # type: ignore[union-attr]
        print(f"  {cat:<13} found {v['found']}/{v['visible']} visible ({v['cases']} plants), at the figure {v['at_figure']}")
    if args.misses:
        for c in cases:
            if (c.visible and not c.found) or c.collateral:
                flag = "MISS" if not c.found else "COLL"
                print(f"  {flag} {c.path}:{c.line}:{c.column} {c.category} {c.rule}: {c.before} → {c.after} {c.messages}")
    return 0


def main(argv: list[str] | None = None) -> int:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("files", nargs="*", type=Path, help="reports (default: fixtures/reports/*.txt)")
    ap.add_argument(
        "--sample", type=int, default=None, help="check a deterministic random sample of plants"
    )
    ap.add_argument("--seed", type=int, default=7)
    ap.add_argument("--json", action="store_true", help="print every case as JSON")
    ap.add_argument("--misses", action="store_true", help="list plants that were not reported")
    ap.add_argument("--prose", action="store_true", help="plant into prose figures instead of tables")
    args = ap.parse_args(argv)
    started = time.perf_counter()
    if args.prose:
        return _main_prose(args.files or DEFAULT_FILES, args, started)
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
