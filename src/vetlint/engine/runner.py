"""Runs the selected rules of every pack over one document.

Selection and severity overrides come from Settings (codes, code prefixes or
pack names). After the kinds have judged every figure, one pass weighs the
evidence: when a failing check's input is also involved in other failing
checks while the stated figure is not, the input is the likelier slip and is
blamed instead.
"""

from __future__ import annotations

from collections import Counter
from collections.abc import Callable
from dataclasses import replace
from typing import Any

from vetlint.checks import Check, Figure
from vetlint.document import Document, Location
from vetlint.engine import selectors
from vetlint.engine.builtin import BUILTIN_RULES
from vetlint.engine.context import Context
from vetlint.engine.kinds import get_kind
from vetlint.engine.packs import Pack, Rule, load_packs
from vetlint.errors import UsageError
from vetlint.extract.analysis import Analysis
from vetlint.extract.lexicon import load_lexicon
from vetlint.extract.shapes import shape_set
from vetlint.settings import Settings
from vetlint.yamlschema import validate


def selected_rules(packs: list[Pack], settings: Settings) -> list[Rule]:
    """The pack rules to run; an unknown selector in ``settings`` is a ``UsageError``."""
    rules = [r for p in packs for r in p.rules]
    selectors.validate(settings, [*rules, *BUILTIN_RULES])
    return [r for r in rules if selectors.is_selected(r, settings)]


def load_rules(settings: Settings) -> list[Rule]:
    """The selected rules, with the lexicon and sentence shapes they read: a broken pack or
    language file, or a selector that names no rule, stops here, before any report is read."""
    rules = selected_rules(configured_packs(settings), settings)
    load_language(settings)
    return rules


def configured_packs(settings: Settings) -> list[Pack]:
    """The packs, each rule with the params the configuration sets for it
    (``[rules.VL401] exclude = [...]``), validated like a pack's own."""
    packs = load_packs(settings.rule_dirs)
    if not settings.rule_params:
        return packs
    rules = [r for p in packs for r in p.rules]
    where = settings.config_path or "configuration"
    chosen: dict[str, dict[str, Any]] = {}
    for key, params in settings.rule_params.items():
        rule = selectors.find(rules, key)
        if rule is None:
            pool = sorted({r.code for r in rules} | {r.name for r in rules})
            near = selectors.closest(key, pool)
            hint = f"; did you mean {', '.join(near)}?" if near else ""
            raise UsageError(f"{where}: [rules.{key}]: '{key}' is not a known rule{hint} (see `vetlint rules`)")
        spec = get_kind(rule.kind)
        merged = {**rule.params, **params}
        issues = validate(merged, spec.params, path="params") if spec is not None else []
        if issues:
            raise UsageError(f"{where}: [rules.{key}]: {issues[0].path}: {issues[0].message}")
        chosen[rule.code] = merged
    return [replace(p, rules=[replace(r, params=chosen[r.code]) if r.code in chosen else r for r in p.rules])
            for p in packs]


def load_language(settings: Settings) -> None:
    """The lexicon and sentence shapes of ``settings`` (cached): a broken file is a ``RulePackError``."""
    shape_set(load_lexicon(settings.rule_dirs), settings.rule_dirs)


def severity_for(rule: Rule, settings: Settings) -> str:
    """The most specific override wins: exact code or name, then longest prefix, then pack
    (keys in any case: ``vl205`` is ``VL205``)."""
    overrides = {k.strip(): v for k, v in (settings.severity or {}).items()}
    for key, value in overrides.items():
        if key.upper() == rule.code or key.lower() == rule.name:
            return value
    prefixes = [k for k in overrides if rule.code.startswith(k.upper())]
    if prefixes:
        return overrides[max(prefixes, key=len)]
    for key, value in overrides.items():
        if key.lower() == rule.pack:
            return value
    return rule.severity


def run(
    doc: Document,
    settings: Settings,
    analysis: Analysis | None = None,
    last_year: Callable[[], Analysis] | None = None,
) -> list[Check]:
    """Every check that ran (passed and failed) for ``doc``, judged on its one ``analysis``
    (built here when the caller has none: ``vetlint extract`` and the checks read the same);
    ``last_year`` makes last year's report's analysis when a kind asks (``--previous``)."""
    packs = configured_packs(settings)
    rules = selected_rules(packs, settings)
    if analysis is None:
        load_language(settings)  # a broken lexicon stops the run before any kind (else: already read)
    ctx = Context(doc=doc, settings=settings, rules=tuple(r for p in packs for r in p.rules),
                  last_year=last_year)
    if analysis is not None:
        ctx.memo("analysis", lambda: analysis)
    out: list[Check] = []
    for rule in rules:
        severity = severity_for(rule, settings)
        if severity in ("never", "off"):
            continue
        spec = get_kind(rule.kind)
        if spec is None:  # pragma: no cover - packs are validated on load
            continue
        try:
            produced = spec.run(ctx, rule)
        except Exception as exc:  # a kind's bug must not cost the user the whole report
            out.append(_internal_error(rule, exc))
            continue
        for check in produced:
            if check.severity == rule.severity:
                check.severity = severity  # type: ignore[assignment]
            out.append(check)
    weigh_blame(out)
    vouch_for_totals(out)
    return out


def _internal_error(rule: Rule, exc: Exception) -> Check:
    detail = f"{type(exc).__name__}: {exc}"
    return Check(
        rule=rule.code,
        name=rule.name,
        severity="info",
        passed=False,
        message={
            "zh": f"规则 {rule.code} 未能在此报告上运行（{detail}），请报告此问题",
            "en": f"rule {rule.code} could not run on this report ({detail}); please report this",
        },
        location=Location(),
        pack=rule.pack,
        kind=rule.kind,
        extra={"internal_error": detail},
    )


def _key(fig: Figure) -> tuple[Any, ...]:
    loc = fig.location
    return (loc.table, loc.row, loc.col, loc.line, loc.column)


def weigh_blame(checks: list[Check]) -> None:
    """Blame the figure most failing checks share, when that is not the stated one."""
    failing = [c for c in checks if not c.passed and c.severity != "info"]
    if len(failing) < 2:
        return
    involvement: Counter[tuple[Any, ...]] = Counter()
    for c in failing:
        keys = {_key(f) for f in c.inputs}
        if c.stated is not None:
            keys.add(_key(c.stated))
        involvement.update(keys)
    for c in failing:
        if c.stated is None or c.extra.get("bound"):
            continue
        stated_n = involvement[_key(c.stated)]
        best = max(c.inputs, key=lambda f: involvement[_key(f)], default=None)
        if best is not None and involvement[_key(best)] > max(stated_n, 1):
            n = involvement[_key(best)]
            c.blame = Figure(best.text, best.value, best.location, label=best.label)
            c.extra["blame_reason"] = {
                "zh": f"{best.text} 同时出现在 {n} 项不成立的核对中",
                "en": f"{best.text} takes part in {n} failing checks",
            }
            where = best.label or best.location.short()
            c.message = {
                lang: text
                + (
                    f"；更可能出错的是「{where}」{best.text}（同时出现在 {n} 项不成立的核对中）"
                    if lang == "zh"
                    else f"; more likely wrong: '{where}' {best.text} (it takes part in {n} failing checks)"
                )
                for lang, text in c.message.items()
            }
            c.suggestion = None
            if c.extra.pop("undecided", False):
                c.note = None  # other failing checks do say which figure is wrong


VOUCHED_NOTE = {
    "zh": "总数 {total} 与另一项核对一致（{other}），更可能是某一分项有误；各分项位置均已列出",
    "en": "the total {total} agrees with another check ({other}), so one of the parts is the "
          "likelier slip; every part's place is listed",
}


def vouch_for_totals(checks: list[Check]) -> None:
    """A total that another relation confirms points the blame at the parts.

    Which part is wrong stays unknown, so nothing is blamed; the note says
    where to look (``4074人，约占毕业生数50.03%`` holds: the 其中 parts are off).
    """
    passed: dict[tuple[Any, ...], Check] = {}
    for c in checks:
        if c.passed and c.severity != "info" and not c.extra.get("partial"):
            for f in [c.stated, *c.inputs]:
                if f is not None:
                    passed.setdefault(_key(f), c)
    for c in checks:
        total, expected = c.stated, c.expected
        if c.passed or not c.extra.get("undecided") or total is None or not total.value:
            continue
        other = passed.get(_key(total))
        if other is None or other.rule == c.rule or expected is None or expected.value is None:
            continue
        miss = abs(expected.value - total.value) / abs(total.value)
        if miss <= _slack(other, _key(total)):
            continue  # the other relation would hold with the parts' sum too: it proves nothing
        shown = f"{other.stated.label or other.name} {other.stated.text}" if other.stated else other.name
        c.note = {k: v.format(total=total.text, other=shown) for k, v in VOUCHED_NOTE.items()}
        c.extra["total_vouched_by"] = other.rule


def _slack(check: Check, skip: tuple[Any, ...]) -> float:
    """How far (relatively) ``check`` lets a figure move and still hold: the sum of the
    other figures' relative half-widths as printed (``5.3万`` lets a lot through)."""
    total = 0.0
    for f in [check.stated, *check.inputs]:
        if f is None or _key(f) == skip:
            continue
        if f.low is None or f.high is None or not f.value:
            return float("inf")
        total += (f.high - f.low) / 2 / abs(f.value)
    return total
