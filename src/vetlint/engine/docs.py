"""Rule documentation for ``vetlint rules`` and ``vetlint explain CODE``.

Every rule documents itself in its pack: a summary, what it checks, why it
matters, and a failing and a passing example (small report snippets that the
test suite runs through the real pipeline).
"""

from __future__ import annotations

from dataclasses import dataclass

from vetlint.engine.builtin import BUILTIN_RULES
from vetlint.engine.packs import Rule, load_packs
from vetlint.engine.runner import selected_rules, severity_for
from vetlint.engine.selectors import closest, find, is_selected
from vetlint.errors import UsageError
from vetlint.settings import Settings


@dataclass(frozen=True, slots=True)
class RuleInfo:
    code: str
    name: str
    severity: str
    pack: str
    kind: str
    summary: str
    enabled: bool = True


def all_rules(settings: Settings | None = None) -> list[Rule]:
    """Every rule of every pack and vetlint's own (VL000), sorted by code."""
    settings = settings or Settings()
    rules = [r for p in load_packs(settings.rule_dirs) for r in p.rules] + BUILTIN_RULES
    return sorted(rules, key=lambda r: r.code)


def list_rules(settings: Settings | None = None, lang: str | None = None) -> list[RuleInfo]:
    """Every rule of every pack, with its effective severity; ``enabled`` says if it would run."""
    settings = settings or Settings()
    lang = lang or settings.lang or "zh"
    active = {r.code for r in selected_rules(load_packs(settings.rule_dirs), settings)}
    active |= {r.code for r in BUILTIN_RULES if is_selected(r, settings)}
    return [
        RuleInfo(
            code=r.code,
            name=r.name,
            severity=severity_for(r, settings),
            pack=r.pack,
            kind=r.kind,
            summary=r.docs.text("summary", lang),
            enabled=r.code in active,
        )
        for r in all_rules(settings)
    ]


def find_rule(code: str, settings: Settings | None = None) -> Rule:
    """The rule with this code (any case) or name; else a ``UsageError`` naming the closest."""
    rules = all_rules(settings)
    rule = find(rules, code)
    if rule is None:
        near = closest(code, sorted({r.code for r in rules} | {r.name for r in rules}))
        hint = f"; did you mean {', '.join(near)}?" if near else ""
        raise UsageError(f"no rule '{code}'{hint} (see `vetlint rules`)")
    return rule  # type: ignore[return-value]


_HEAD = {
    "zh": ("检查内容", "为什么重要", "不通过的例子", "通过的例子", "种类", "级别", "规则包"),
    "en": (
        "What it checks",
        "Why it matters",
        "Failing example",
        "Passing example",
        "kind",
        "severity",
        "pack",
    ),
}


def explain(code: str, lang: str = "en", settings: Settings | None = None) -> str:
    """The documentation of one rule as Markdown."""
    rule = find_rule(code, settings)
    what, why, fail, ok, kind, sev, pack = _HEAD.get(lang, _HEAD["en"])
    lines = [
        f"# {rule.code} {rule.name}",
        "",
        rule.docs.text("summary", lang),
        "",
        f"{kind}: `{rule.kind}` · {sev}: {rule.severity} · {pack}: {rule.pack}",
        "",
        f"## {what}",
        "",
        rule.docs.text("what", lang).strip(),
        "",
        f"## {why}",
        "",
        rule.docs.text("why", lang).strip(),
        "",
        f"## {fail}",
        "",
        "```",
        rule.docs.fail.rstrip(),
        "```",
    ]
    if rule.docs.fail_note_i18n:
        lines += ["", rule.docs.text("fail_note", lang).strip()]
    lines += ["", f"## {ok}", "", "```", rule.docs.passing.rstrip(), "```", ""]
    return "\n".join(lines)
