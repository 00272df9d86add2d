"""Rule packs: YAML files that declare which checks run, with which words and messages.

A pack has metadata (name, version, description, source) and rules (what
figures measure is the lexicon's business: ``extract/lexicon.py``). Each rule names a check *kind* (Python, in
``engine/kinds``) and gives it parameters, a severity, messages in Chinese and
English and documentation with a failing and a passing example. Adding a
check of an existing kind is YAML only. Packs are validated against a schema
kept as data; every problem is a ``RulePackError`` naming the file and line.
"""

from __future__ import annotations

import re
import string
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from vetlint.errors import ReadError, RulePackError
from vetlint.extract.lexicon import is_language_file
from vetlint.files import FileTooLarge, read_text_limited
from vetlint.yamlsafe import MAX_BYTES, LineDict, LineList, load
from vetlint.yamlschema import Schema, validate

SEVERITIES = ("error", "warning", "info")
CODE_PATTERN = r"[A-Z]{2,4}[0-9]{3,4}"
# Budgets for packs from elsewhere (``--rules``): a rule costs ~0.5 ms to load and ~1 ms
# per report checked (2 cores), so 2,000 rules add a few seconds; more is refused before
# the rules are validated, not after minutes of loading.
MAX_RULES = 2_000  # in all packs together, the packaged ones included
MAX_PACK_FILES = 100

_MESSAGES: Schema = {
    "type": "map",
    "keys": {"zh": {"type": "str"}, "en": {"type": "str"}},
    "required": ["zh", "en"],
}

_EXAMPLE: Schema = {"type": "str"}

RULE_SCHEMA: Schema = {
    "type": "map",
    "required": ["code", "name", "kind", "severity", "message", "docs"],
    "keys": {
        "code": {"type": "str", "pattern": CODE_PATTERN},
        "name": {"type": "str", "pattern": r"[a-z0-9][a-z0-9-]*"},
        "kind": {"type": "str"},
        "severity": {"type": "str", "enum": list(SEVERITIES)},
        "params": {"type": "map", "values": {"type": "any"}},
        "message": _MESSAGES,
        "pass_message": _MESSAGES,
        "enabled": {"type": "bool"},
        "docs": {
            "type": "map",
            "required": ["summary", "what", "why", "fail", "pass"],
            "keys": {
                "summary": {"type": "text"},
                "what": {"type": "text"},
                "why": {"type": "text"},
                "fail": _EXAMPLE,
                "pass": _EXAMPLE,
                "fail_note": {"type": "text"},
            },
        },
    },
}

PACK_SCHEMA: Schema = {
    "type": "map",
    "required": ["pack", "rules"],
    "keys": {
        "pack": {
            "type": "map",
            "required": ["name", "version", "description"],
            "keys": {
                "name": {"type": "str", "pattern": r"[a-z0-9][a-z0-9_-]*"},
                "version": {"type": "str"},
                "description": {"type": "str"},
                "source": {"type": "str"},
            },
        },
        "rules": {"type": "list", "items": RULE_SCHEMA},
    },
}


@dataclass(frozen=True, slots=True)
class RuleDocs:
    """A rule's documentation; ``summary``/``what``/``why`` per language (``zh``, ``en``)."""

    summary_i18n: dict[str, str]
    what_i18n: dict[str, str]
    why_i18n: dict[str, str]
    fail: str
    passing: str
    fail_note_i18n: dict[str, str] = field(default_factory=dict)

    @property
    def summary(self) -> str:
        return self.text("summary", "en")

    @property
    def what(self) -> str:
        return self.text("what", "en")

    @property
    def why(self) -> str:
        return self.text("why", "en")

    def text(self, part: str, lang: str) -> str:
        texts: dict[str, str] = getattr(self, f"{part}_i18n")
        return texts.get(lang) or texts.get("en") or next(iter(texts.values()), "")


def _i18n(value: Any) -> dict[str, str]:
    return dict(value) if isinstance(value, dict) else {"zh": value, "en": value}


@dataclass(frozen=True, slots=True)
class Rule:
    code: str
    name: str
    kind: str
    severity: str
    params: dict[str, Any]
    message: dict[str, str]
    docs: RuleDocs
    pack: str
    source: str
    line: int
    pass_message: dict[str, str] | None = None
    enabled: bool = True


@dataclass(slots=True)
class Pack:
    name: str
    version: str
    description: str
    source: str
    path: str
    rules: list[Rule] = field(default_factory=list)


def parse_pack(text: str, path: str) -> Pack:
    """Validate and build one pack from YAML text; ``path`` is used in messages."""
    data = load(text, path)
    if data is None:
        raise RulePackError(f"{path}:1: the rule pack is empty")
    if isinstance(data, dict) and isinstance(data.get("rules"), list) and len(data["rules"]) > MAX_RULES:
        raise RulePackError(f"{path}: {len(data['rules']):,} rules in one pack (the limit is {MAX_RULES:,})")
    if isinstance(data, dict) and "vocabulary" in data:
        line = data.line_of("vocabulary") if isinstance(data, LineDict) else 1
        raise RulePackError(
            f"{path}:{line}: vocabulary: a rule pack no longer holds indicators; they live in "
            "the lexicon: move them to a lexicon.yaml beside the pack (indicators: id, zh, en, "
            "names, dim; see rules/README.md)"
        )
    issues = validate(data, PACK_SCHEMA, line=1)
    if issues:
        first = issues[0]
        raise RulePackError(f"{path}:{first.line}: {_where(data, first.path)}{first.message}")
    meta = data["pack"]
    pack = Pack(
        name=meta["name"],
        version=str(meta["version"]),
        description=meta["description"],
        source=meta.get("source", ""),
        path=path,
    )
    seen: set[str] = set()
    rules: LineList = data["rules"]
    for i, item in enumerate(rules):
        line = rules.line_of(i)
        rule = _build_rule(item, pack.name, path, line)
        if rule.code in seen:
            raise RulePackError(f"{path}:{line}: rule {rule.code}: duplicate rule code")
        seen.add(rule.code)
        pack.rules.append(rule)
    return pack


def _where(data: Any, path: str) -> str:
    m = re.match(r"rules\[(\d+)\]", path)
    if m and isinstance(data, dict):
        try:
            code = data["rules"][int(m.group(1))].get("code")
        except (AttributeError, IndexError, KeyError, TypeError):
            code = None
        if code:
            return f"rule {code}: "
    return f"{path}: " if path else ""


def _build_rule(item: LineDict, pack: str, path: str, line: int) -> Rule:
    from vetlint.engine.kinds import get_kind, kind_names

    code = item["code"]
    prefix = f"{path}:{{line}}: rule {code}: "
    spec = get_kind(item["kind"])
    if spec is None:
        known = ", ".join(kind_names())
        raise RulePackError(
            prefix.format(line=item.line_of("kind"))
            + f"unknown kind '{item['kind']}' (known: {known})"
        )
    params = item.get("params", LineDict()) or LineDict()
    issues = validate(params, spec.params, line=item.line_of("params"), path="params")
    if issues:
        first = issues[0]
        raise RulePackError(prefix.format(line=first.line) + f"{first.path}: {first.message}")
    for key in ("message", "pass_message"):
        templates = item.get(key)
        if not templates:
            continue
        for lang, template in templates.items():
            bad = _unknown_placeholders(template, spec.placeholders)
            if bad:
                raise RulePackError(
                    prefix.format(line=templates.line_of(lang))
                    + f"{key}.{lang}: {bad}"
                )
    try:
        spec.prepare(dict(params))
    except ValueError as exc:
        raise RulePackError(prefix.format(line=item.line_of("params")) + str(exc)) from None
    docs = item["docs"]
    return Rule(
        code=code,
        name=item["name"],
        kind=item["kind"],
        severity=item["severity"],
        params=dict(params),
        message=dict(item["message"]),
        pass_message=dict(item["pass_message"]) if item.get("pass_message") else None,
        docs=RuleDocs(
            summary_i18n=_i18n(docs["summary"]),
            what_i18n=_i18n(docs["what"]),
            why_i18n=_i18n(docs["why"]),
            fail=docs["fail"],
            passing=docs["pass"],
            fail_note_i18n=_i18n(docs["fail_note"]) if docs.get("fail_note") else {},
        ),
        pack=pack,
        source=path,
        line=line,
        enabled=item.get("enabled", True),
    )


def _unknown_placeholders(template: str, known: frozenset[str]) -> str | None:
    """What is wrong with a message template's placeholders, else None.

    Format specs and conversions are refused too: ``{stated:>999999999}`` would make
    a stranger's pack allocate gigabytes when the rule fires, and no message needs them
    (figures are already formatted text).
    """
    try:
        parsed = list(string.Formatter().parse(template))
    except ValueError as exc:
        return f"bad template: {exc}"
    for _, name, spec, conversion in parsed:
        if name is None:
            continue
        if name not in known:
            return f"unknown placeholder {{{name}}} (known: {', '.join(sorted(known))})"
        if spec or conversion:
            shown = name + (f"!{conversion}" if conversion else "") + (f":{spec}" if spec else "")
            return f"placeholder {{{shown}}}: format specs and conversions are not allowed"
    return None


# finding and caching packs ---------------------------------------------------

_CACHE: dict[str, tuple[float, int, Pack]] = {}


def load_pack(path: str | Path) -> Pack:
    """Load one pack file (cached until the file changes)."""
    p = Path(path)
    try:
        stat = p.stat()
        key = str(p.resolve())
        cached = _CACHE.get(key)
        if cached and cached[0] == stat.st_mtime and cached[1] == stat.st_size:
            return cached[2]
        text = read_text_limited(p, MAX_BYTES + 3)  # room for a BOM
    except OSError as exc:
        raise RulePackError(f"{path}: cannot read rule pack: {exc.strerror or exc}") from None
    except FileTooLarge:
        raise RulePackError(f"{path}: rule pack is larger than {MAX_BYTES // 1024} KB") from None
    except ReadError as exc:
        raise RulePackError(f"{path}: cannot read rule pack: {exc.message}") from None
    except UnicodeDecodeError:
        raise RulePackError(f"{path}: rule pack is not UTF-8 text") from None
    pack = parse_pack(text, _display(p))
    _CACHE[key] = (stat.st_mtime, stat.st_size, pack)
    return pack


def default_rules_dir() -> Path:
    """The packaged ``rules/`` folder (``vetlint.units.rules_dir`` when it exists)."""
    try:
        from vetlint.units import rules_dir  # type: ignore[attr-defined]

        return Path(rules_dir())
    except (ImportError, AttributeError):
        here = Path(__file__).resolve()
        for candidate in (here.parents[3] / "rules", here.parents[1] / "packs"):
            if candidate.is_dir():
                return candidate
        return here.parents[3] / "rules"


def pack_files(extra_dirs: list[str] | None = None) -> list[Path]:
    """Every ``*.yaml``/``*.yml`` pack: the packaged ones first, then ``extra_dirs``.

    The lexicon and sentence-shape files beside them are language, not rules (``extract``
    reads them)."""
    files: list[Path] = []
    dirs = [default_rules_dir(), *[Path(d) for d in (extra_dirs or [])]]
    for d in dirs:
        if d.is_file():
            files.append(d)
            continue
        if not d.is_dir():
            raise RulePackError(f"{d}: rule folder does not exist")
        files.extend(sorted(f for f in [*d.glob("*.yaml"), *d.glob("*.yml")] if not is_language_file(f)))
        if len(files) > MAX_PACK_FILES:
            raise RulePackError(f"{d}: more than {MAX_PACK_FILES} rule packs (the limit for all folders together)")
    return files


def load_packs(extra_dirs: list[str] | None = None) -> list[Pack]:
    """All packs; a rule code defined twice across packs is an error."""
    packs: list[Pack] = []
    rules = 0
    for f in pack_files(extra_dirs):
        packs.append(load_pack(f))
        rules += len(packs[-1].rules)
        if rules > MAX_RULES:
            raise RulePackError(f"{f}: the rule packs hold over {MAX_RULES:,} rules together (the limit)")
    owner: dict[str, Pack] = {}
    for pack in packs:
        for rule in pack.rules:
            if rule.code in owner and owner[rule.code] is not pack:
                raise RulePackError(
                    f"{rule.source}:{rule.line}: rule {rule.code}: already defined in {owner[rule.code].path}"
                )
            owner[rule.code] = pack
    return packs


def _display(p: Path) -> str:
    try:
        return str(p.resolve().relative_to(Path.cwd()))
    except ValueError:
        return str(p)
