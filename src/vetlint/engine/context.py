"""What a check kind gets to work with, and how it turns a judgement into a Check.

Kinds compute intervals; this module turns "stated X, inputs imply Y, verdict
V" into a ``Check`` with the rule's messages filled in Chinese and English,
the expected value printed at the stated precision, a diagnosis of the likely
slip (wrong sign, transposed digits) and the figure to blame.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass, field
from typing import Any

from vetlint.checks import Check, Expected, Figure
from vetlint.document import Document, Location
from vetlint.engine import fmt
from vetlint.engine.packs import Rule
from vetlint.extract.analysis import Analysis, analyse_with
from vetlint.intervals import Interval, Tolerance, Verdict
from vetlint.settings import Settings

Text = str | dict[str, str]

DEFAULT_PASS = {
    "zh": "{table}「{label}」{stated} 与计算值 {expected} 一致（{inputs}）",
    "en": "{table} '{label}': {stated} agrees with {expected} ({inputs})",
}
TRUNCATION_NOTE = {
    "zh": "{table}「{label}」{stated} 只在作者截断（而非四舍五入）时成立：{inputs} 得 {exact}，四舍五入应为 {expected}",
    "en": "{table} '{label}': {stated} holds only if the author truncated instead of rounding: {inputs} gives {exact}, which rounds to {expected}",
}


@dataclass(slots=True)
class Context:
    doc: Document
    settings: Settings
    rules: tuple[Rule, ...] = ()  # every rule of this run's packs (a kind may weigh another's findings)
    last_year: Callable[[], Analysis] | None = None  # last year's report's analysis (--previous)
    _memo: dict[str, Any] = field(default_factory=dict)

    @property
    def analysis(self) -> Analysis:
        """The document's one analysis (figures, tables, relations), built on first use."""
        return self.memo("analysis", lambda: analyse_with(self.doc, self.settings.rule_dirs))

    @property
    def previous(self) -> Analysis | None:
        """Last year's report's analysis, made on first use (``check --previous``); the
        ``ReadError`` that stopped it is raised to the kind that asked."""
        if self.last_year is None:
            return None
        return self.memo("previous", self.last_year)

    def memo(self, key: str, build: Callable[[], Any]) -> Any:
        """What ``build`` makes from this document, made once per check run (kinds share it)."""
        if key not in self._memo:
            self._memo[key] = build()
        return self._memo[key]

    def tolerance(self, rule: Rule) -> Tolerance:
        p = rule.params
        return Tolerance(
            absolute=max(float(p.get("abs_tolerance", 0.0)), self.settings.abs_tolerance),
            relative=max(float(p.get("rel_tolerance", 0.0)), self.settings.rel_tolerance),
        )


def words(rule: Rule, key: str, default: list[str] | tuple[str, ...] = ()) -> list[str]:
    value = rule.params.get(key, default)
    if isinstance(value, str):
        return [value]
    return list(value or [])


def _pick(value: Text, lang: str) -> str:
    if isinstance(value, dict):
        return value.get(lang) or value.get("en") or ""
    return value


def render(templates: dict[str, str], values: dict[str, Text]) -> dict[str, str]:
    out: dict[str, str] = {}
    # Most values are plain strings: only the per-language ones are picked per language.
    per_lang = [k for k, v in values.items() if isinstance(v, dict)]
    for lang, template in templates.items():
        filled = dict(values)
        for k in per_lang:
            filled[k] = _pick(values[k], lang)
        try:
            out[lang] = template.format(**filled)
        except (KeyError, IndexError, ValueError):
            out[lang] = template
    return out


def expected_text(
    stated: Figure, computed: Interval, factor: float | None = None
) -> tuple[float, str]:
    """The expected value (interval middle) printed like the stated figure."""
    value = computed.mid
    if factor is None:
        factor = fmt.print_factor(stated.text, stated.value, default=1.0)
    return value, fmt.restyle(stated.text, value, factor)


def diagnose(stated: Figure, ok: Callable[[float], bool], factor: float) -> tuple[Text, str | None]:
    """Name the likely slip: a sign flip or two transposed digits (with the fix)."""
    flipped = fmt.flip_sign(stated.text)
    value = fmt.printed_value(flipped)
    if value is not None and stated.value not in (None, 0) and ok(value / factor):
        return {"zh": "符号写反了", "en": "the sign is wrong"}, flipped
    for fixed in fmt.transposition_fixes(stated.text):
        value = fmt.printed_value(fixed)
        if value is not None and ok(value / factor):
            return {"zh": "两位数字颠倒了", "en": "two digits are transposed"}, fixed
    for fixed, ratio in fmt.unit_swaps(stated.text):
        if stated.value not in (None, 0) and ok(stated.value * ratio):
            return UNIT_SLIP, fixed
    return {"zh": "数值不符", "en": "the figure does not match"}, None


UNIT_SLIP = {"zh": "数字对而单位写错了", "en": "the digits are right but the unit is wrong"}


def diagnose_inputs(
    inputs: list[Figure],
    ivs: list[Interval],
    relation: Callable[[list[Interval]], Interval],
    stated: Interval,
) -> tuple[int, str, dict[str, str]] | None:
    """The one input whose sign flip or transposed digits would make the relation hold."""
    found: list[tuple[int, str, dict[str, str]]] = []
    for i, fig in enumerate(inputs):
        shown = fmt.printed_value(fig.text)
        if fig.value is None or not shown or i >= len(ivs):
            continue
        scale = fig.value / shown
        half = ivs[i].width / 2
        candidates = (
            [(fmt.flip_sign(fig.text), {"zh": "符号写反了", "en": "the sign is wrong"})]
            if fig.value
            else []
        )
        candidates += [
            (t, {"zh": "两位数字颠倒了", "en": "two digits are transposed"})
            for t in fmt.transposition_fixes(fig.text)
        ]
        for text, why in candidates:
            value = fmt.printed_value(text)
            if value is None:
                continue
            trial = list(ivs)
            v = value * scale
            trial[i] = Interval(v - half, v + half)
            try:
                if relation(trial).intersects(stated):
                    found.append((i, text, why))
                    break
            except (ZeroDivisionError, ValueError):
                continue
    return found[0] if len(found) == 1 else None


def make_check(
    ctx: Context,
    rule: Rule,
    *,
    verdict: Verdict,
    location: Location,
    stated: Figure,
    computed: Interval,
    inputs: list[Figure],
    values: dict[str, Text] | None = None,
    factor: float | None = None,
    expected_override: str | None = None,
    blame_inputs: bool = False,
    relation: Callable[[list[Interval]], Interval] | None = None,
    input_ivs: list[Interval] | None = None,
) -> Check:
    """A Check for one judged figure; messages from the rule's templates.

    With ``relation`` (the computation from the inputs' intervals) and
    ``input_ivs``, a failure that no simple slip of the stated figure explains
    but a slip of one input does (``1823`` for ``1832``) blames that input.
    """
    if factor is None:
        factor = fmt.print_factor(stated.text, stated.value, default=1.0)
    exp_value, exp_text = expected_text(stated, computed, factor)
    if expected_override is not None:
        exp_text = expected_override
    filled: dict[str, Text] = {
        "table": location.table or "",
        "label": stated.label or "",
        "stated": stated.text,
        "expected": exp_text,
        "inputs": " → ".join(f.text for f in inputs)
        if len(inputs) == 2
        else " + ".join(f.text for f in inputs),
        "row": str((location.row or 0) + 1),
        "col": str((location.col or 0) + 1),
        "reading": "",
        "quantity": "",
        "diagnosis": "",
    }
    filled.update(values or {})
    note = None
    suggestion = None
    suggested_for = stated.text  # the figure the suggestion corrects
    blame = None
    if verdict == "fails":
        stated_iv = (
            Interval(stated.low, stated.high)
            if stated.low is not None and stated.high is not None
            else None
        )
        width = stated_iv.width if stated_iv is not None else 0.0

        def ok(v: float) -> bool:
            return computed.intersects(Interval(v - width / 2, v + width / 2))

        diagnosis, fixed = (
            diagnose(stated, ok, factor)
            if stated.value is not None
            else (filled["diagnosis"], None)
        )
        if not filled.get("diagnosis"):
            filled["diagnosis"] = diagnosis
        if diagnosis is UNIT_SLIP and fixed is not None:
            exp_text = filled["expected"] = fixed  # 86.4万元, not 0.0亿元
        suggestion = fixed or exp_text
        blame = Figure(stated.text, stated.value, stated.location, label=stated.label)
        if blame_inputs:
            blame = None
        if (
            fixed is None
            and relation is not None
            and input_ivs is not None
            and stated_iv is not None
        ):
            culprit = diagnose_inputs(inputs, input_ivs, relation, stated_iv)
            if culprit is not None:
                index, fix, why = culprit
                blame = Figure(
                    inputs[index].text,
                    inputs[index].value,
                    inputs[index].location,
                    label=inputs[index].label,
                )
                filled["diagnosis"] = {
                    lang: f"{inputs[index].text} → {fix}: {text}" for lang, text in why.items()
                }
                suggestion = fix
                suggested_for = inputs[index].text
        message = render(rule.message, filled)
        passed = False
        severity = rule.severity
    elif verdict == "truncated":
        message = render(rule.message, filled)
        exact = fmt.format_number(exp_value * factor, fmt.printed_decimals(stated.text) + 2)
        note = render(TRUNCATION_NOTE, {**filled, "exact": exact})
        message = {lang: note[lang] for lang in note}
        passed = False
        severity = "info"
    else:
        message = render(rule.pass_message or DEFAULT_PASS, filled)
        passed = True
        severity = rule.severity
    check = Check(
        rule=rule.code,
        name=rule.name,
        severity=severity,  # type: ignore[arg-type]
        passed=passed,
        message=message,
        location=location,
        stated=stated,
        expected=Expected(exp_value, computed.low, computed.high, exp_text),
        inputs=inputs,
        suggestion=f"{suggested_for} → {suggestion}" if suggestion else None,
        pack=rule.pack,
        kind=rule.kind,
        note=note,
        blame=blame,
    )
    if verdict == "fails" and blame is not None:
        check.extra["blame_reason"] = render({"zh": "{diagnosis}", "en": "{diagnosis}"}, filled)
    return check
