"""Rule documentation for ``vetlint rules`` and ``vetlint explain CODE``.

Every rule documents itself in its pack: a summary, what it checks, why it
matters, and a failing and a passing example (small report snippets that the
test suite runs through the real pipeline).
"""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path

from vetlint.engine.builtin import BUILTIN_RULES
from vetlint.engine.packs import Rule
from vetlint.engine.runner import configured_packs, selected_rules, severity_for
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
    rules = [r for p in configured_packs(settings) for r in p.rules] + BUILTIN_RULES
    return sorted(rules, key=lambda r: r.code)


def list_rules(settings: Settings | None = None, lang: str | None = None) -> list[RuleInfo]:
    """Every rule of every pack, with its effective severity; ``enabled`` says if it would run."""
    settings = settings or Settings()
    lang = lang or settings.lang or "zh"
    active = {r.code for r in selected_rules(configured_packs(settings), settings)}
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
    "zh": {"what": "检查内容", "why": "为什么重要", "fail": "不通过的例子", "pass": "通过的例子",
           "kind": "种类", "severity": "级别", "pack": "规则包", "params": "参数",
           "default": "默认启用", "yes": "是", "no": "否（需 --select 选择）"},
    "en": {"what": "What it checks", "why": "Why it matters", "fail": "Failing example",
           "pass": "Passing example", "kind": "kind", "severity": "severity", "pack": "pack",
           "params": "Parameters", "default": "enabled by default", "yes": "yes",
           "no": "no (run it with --select)"},
}


def _example(text: str) -> list[str]:
    """A report snippet in a code fence (one that is already fenced, as it is)."""
    body = text.rstrip()
    return [body] if body.startswith("```") else ["```", body, "```"]


def _body(rule: Rule, lang: str, level: str = "##") -> list[str]:
    """What, why, the failing and the passing example, in one language."""
    h = _HEAD.get(lang, _HEAD["en"])
    lines = [f"{level} {h['what']}", "", rule.docs.text("what", lang).strip(), "",
             f"{level} {h['why']}", "", rule.docs.text("why", lang).strip(), "",
             f"{level} {h['fail']}", "", *_example(rule.docs.fail)]
    if rule.docs.fail_note_i18n:
        lines += ["", rule.docs.text("fail_note", lang).strip()]
    lines += ["", f"{level} {h['pass']}", "", *_example(rule.docs.passing), ""]
    return lines


def explain(code: str, lang: str = "en", settings: Settings | None = None) -> str:
    """The documentation of one rule as Markdown, in one language."""
    rule = find_rule(code, settings)
    h = _HEAD.get(lang, _HEAD["en"])
    head = [
        f"# {rule.code} {rule.name}",
        "",
        rule.docs.text("summary", lang),
        "",
        f"{h['kind']}: `{rule.kind}` · {h['severity']}: {rule.severity} · {h['pack']}: {rule.pack}",
        "",
    ]
    return "\n".join(head + _body(rule, lang))


# --- rule pages: docs/rules/VLxxx.md -------------------------------------------


def _parameters(rule: Rule) -> list[str]:
    """The kind's parameters (from its schema) with this rule's values."""
    from vetlint.engine.kinds import get_kind

    spec = get_kind(rule.kind)
    keys: dict[str, dict] = (spec.params.get("keys", {}) if spec is not None else {}) or {}
    if not keys:
        return ["The kind takes no parameters. / 该种类没有参数。", ""]
    lines = ["| parameter | type | this rule |", "| --- | --- | --- |"]
    for name, schema in keys.items():
        value = rule.params.get(name)
        shown = "(default)" if value is None else _cell(value)
        lines.append(f"| `{name}` | {schema.get('type', 'any')} | {shown} |")
    return [*lines, ""]


def _cell(value: object) -> str:
    import json

    text = value if isinstance(value, str) else json.dumps(value, ensure_ascii=False)
    return str(text).replace("|", "\\|").replace("\n", " ")


def rule_page(rule: Rule) -> str:
    """``docs/rules/CODE.md``: the rule in English and Chinese, with its kind's parameters."""
    en, zh = _HEAD["en"], _HEAD["zh"]
    default = en["yes"] if rule.enabled else en["no"]
    lines = [
        f"# {rule.code} {rule.name}",
        "",
        "<!-- generated from the rule packs by scripts/make_rule_pages.py; do not edit -->",
        "",
        f"{rule.docs.text('summary', 'en')}",
        "",
        f"{rule.docs.text('summary', 'zh')}",
        "",
        "| | |",
        "| --- | --- |",
        f"| {en['pack']} / {zh['pack']} | `{rule.pack}` |",
        f"| {en['kind']} / {zh['kind']} | `{rule.kind}` |",
        f"| {en['severity']} / {zh['severity']} | {rule.severity} |",
        f"| {en['default']} | {default} |",
        "",
        *_body(rule, "en"),
        f"## {en['params']} / {zh['params']}",
        "",
        *_parameters(rule),
        "## 中文",
        "",
        *_body(rule, "zh", "###"),
    ]
    return "\n".join(lines).rstrip("\n") + "\n"


def pages_index(rules: list[Rule]) -> str:
    """``docs/rules/README.md``: every rule, linked to its page."""
    lines = [
        "# Rules",
        "",
        "<!-- generated from the rule packs by scripts/make_rule_pages.py; do not edit -->",
        "",
        "One page per rule: what it checks, why, a failing and a passing example (the test",
        "suite runs both through the real pipeline) and the parameters of its kind.",
        "`vetlint explain CODE` prints the same in a terminal.",
        "",
        "| code | name | pack | severity | summary |",
        "| --- | --- | --- | --- | --- |",
    ]
    for r in rules:
        summary = _cell(r.docs.text("summary", "en"))
        lines.append(f"| [{r.code}]({r.code}.md) | {r.name} | {r.pack} | {r.severity} | {summary} |")
    return "\n".join(lines) + "\n"


def shipped_rules() -> list[Rule]:
    """The rules documented as pages: every shipped pack's and vetlint's own."""
    return all_rules(Settings())


def expected_pages() -> dict[str, str]:
    """File name → content of every page ``docs/rules/`` must hold."""
    rules = shipped_rules()
    pages = {f"{r.code}.md": rule_page(r) for r in rules}
    pages["README.md"] = pages_index(rules)
    return pages


def stale_pages(folder: Path) -> list[str]:
    """Pages in ``folder`` that are missing, out of date or left over from a removed rule."""
    wanted = expected_pages()
    have = {p.name for p in folder.glob("*.md")} if folder.is_dir() else set()
    out = [n for n, text in wanted.items() if not (folder / n).is_file()
           or (folder / n).read_text(encoding="utf-8") != text]
    return sorted(out + [n for n in have if n not in wanted])


def docs_dir() -> Path | None:
    """Where the rule pages are: ``docs/rules`` of a checkout, else the wheel's copy."""
    here = Path(__file__).resolve()
    for candidate in (here.parents[3] / "docs" / "rules", here.parents[1] / "docs" / "rules"):
        if candidate.is_dir():
            return candidate
    return None


def page_uri(code: str, base_url: str | None = None) -> str | None:
    """The URI of a rule's page: under ``base_url`` (``docs-url`` in the configuration,
    e.g. the repository's ``…/blob/main/docs/rules``) when given, else the local file;
    None for a rule without a page (a user's own pack)."""
    folder = docs_dir()
    if folder is None or not (folder / f"{code}.md").is_file():
        return None
    if base_url:
        return f"{base_url.rstrip('/')}/{code}.md"
    return (folder / f"{code}.md").as_uri()
