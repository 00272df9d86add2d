"""A claim that every indicator meets the standard, next to figures that do not.

``各项指标均达到国家标准`` / ``办学条件全部达标`` is a statement about the
report's own figures; when a figure in the same section misses a threshold
that one of the standards rules (kind ``prose-threshold``) checks, the claim
and the figure contradict each other, whatever the threshold rules' own
severity. The threshold rules are named in ``params.rules`` and run here
again (cheaply: the prose analysis is cached per document).
"""

from __future__ import annotations

import re

from vetlint.checks import Check, Figure
from vetlint.document import Paragraph
from vetlint.engine.context import Context, render
from vetlint.engine.kinds import COMMON_PLACEHOLDERS, KindSpec
from vetlint.engine.packs import Rule, load_packs

PARAMS = {
    "type": "map",
    "keys": {
        "rules": {"type": "strlist"},  # threshold rules whose misses contradict the claim
    },
    "required": ["rules"],
}

_CLAIM = re.compile(
    r"(?:各项|所有|全部|各类|主要)[^。；;，,]{0,10}?(?:均|全部|全都|都|全面)(?:已|已经)?"
    r"(?:达到|符合|满足|高于|超过|优于)[^。；;，,]{0,12}?标准"
    r"|(?:办学条件|办学指标|各项指标|生均指标|办学基本指标)[^。；;，,]{0,6}?(?:全部|均|全面|都)(?:已|已经)?达标"
)
_NEGATION = re.compile(r"未|不|没有|尚")


def _prepare(params: dict) -> None:
    if not params.get("rules"):
        raise ValueError("params: name the threshold rules (rules: [...])")


def _threshold_rules(ctx: Context, codes: list[str]) -> list[Rule]:
    wanted = set(codes)
    return [r for p in load_packs(ctx.settings.rule_dirs) for r in p.rules
            if r.code in wanted and r.kind == "prose-threshold"]


def run(ctx: Context, rule: Rule) -> list[Check]:
    from vetlint.engine.kinds.prose_threshold import run as thresholds

    codes = rule.params.get("rules") or []
    codes = [codes] if isinstance(codes, str) else list(codes)
    claims: list[tuple[Figure, str | None]] = []
    for block in ctx.doc.blocks:  # a claim often has no figure: every paragraph, not analyse()'s
        if not isinstance(block, Paragraph) or block.role in ("furniture", "unit"):
            continue
        for hit in _CLAIM.finditer(block.text):
            if _NEGATION.search(hit.group(0)):
                continue
            loc = block.smap.locate(hit.start(), hit.end()).with_(section=block.section)
            claims.append((Figure(hit.group(0), None, loc), block.section))
    if not claims:
        return []
    judged = [c for r in _threshold_rules(ctx, codes) for c in thresholds(ctx, r)]
    out: list[Check] = []
    for claim, section in claims:
        near = [c for c in judged if section is None or c.location.section in (None, section)]
        if not near:
            continue
        missed = [c for c in near if not c.passed]
        inputs = [c.stated for c in missed if c.stated is not None]
        listed = "；".join(
            f"{f.label or ''} {c.stated.text if c.stated else ''}（{c.expected.text if c.expected else ''}）"
            for f, c in zip(inputs, missed, strict=False)
        )
        values = {"stated": claim.text, "label": claim.text, "inputs": listed,
                  "quantity": str(len(missed)), "expected": "", "table": ""}
        template = rule.message if missed else (rule.pass_message or rule.message)
        out.append(Check(
            rule=rule.code, name=rule.name, severity=rule.severity,  # type: ignore[arg-type]
            passed=not missed, message=render(template, values),
            location=claim.location, stated=claim, inputs=inputs,
            pack=rule.pack, kind=rule.kind,
            extra={"missed": [c.rule for c in missed]},
        ))
    return out


SPEC = KindSpec(
    name="standards-claim",
    summary="a claim that all indicators meet the standard, against the figures that do not",
    params=PARAMS,
    run=run,
    placeholders=COMMON_PLACEHOLDERS,
    prepare=_prepare,
)
