"""``A a人，占Y的p%`` in prose: p must be a ÷ Y, with Y found in the report.

Y is looked for in the same sentence, then the paragraph, the section and
the whole report (tables included); a base found far away makes a failure a
warning (it may be another scope or year). When the part itself looks
garbled (``204174 人`` where 10.5% of 1941 is 204; ``1682 41人``), the finding
says which digits were meant instead of blaming the percentage.
"""

from __future__ import annotations

import re

from vetlint.checks import Check, Expected, Figure
from vetlint.engine.context import Context, make_check
from vetlint.engine.kinds import COMMON_PLACEHOLDERS, KindSpec
from vetlint.engine.kinds.prose_common import (
    Found,
    analyse,
    interval,
    resolve,
    severity_for,
    vocabulary_for,
)
from vetlint.engine.packs import Rule
from vetlint.extract.legacy_relations import Mention, label_matches
from vetlint.intervals import Interval, judge, truncated

PARAMS = {
    "type": "map",
    "keys": {
        "abs_tolerance": {"type": "number", "minimum": 0},
        "rel_tolerance": {"type": "number", "minimum": 0},
    },
}

GARBLED = {
    "zh": "{label} {part} 疑似排版错误：按 {stated}（{base}）应为 {fixed}",
    "en": "{label} {part} looks garbled: {stated} of {base} gives {fixed}",
}


_SCOPE_HEAD = re.compile(r"^(全市|全省|全区|全县|我市|学校|全校|中职|中职学校|中等职业学校|全体|年度|当年|本年|各类)*$")


def base_names(base_label: str, vocab: dict[str, tuple[str, ...]]) -> list[str]:
    """All names of the indicator ``base_label`` names, or the label itself.

    Only a scope word may precede the name (全市专任教师); 高中阶段教育在校生 is
    another population than 在校生 and keeps its own label.
    """
    for names in sorted(vocab.values(), key=lambda ns: -max(len(n) for n in ns)):
        if not label_matches(base_label, names):
            continue
        for name in sorted(names, key=len, reverse=True):
            core = re.sub(r"(总数|总人数|人数|数)$", "", name)
            for form in (name, core):
                if form and form in base_label:
                    head = base_label[: base_label.rindex(form)]
                    if _SCOPE_HEAD.match(head):
                        return list(names)
        return [base_label]
    return [base_label]


def garbled_fix(part_text: str, base: Interval, share: Interval) -> str | None:
    """Digits of ``part_text`` that fit the share: a chunk before a stray space, or a prefix."""
    digits = re.findall(r"\d+", part_text)
    if not digits:
        return None
    candidates: list[str] = []
    if len(digits) > 1 and "." not in part_text:
        candidates.extend(digits)
    whole = "".join(digits) if "." not in part_text else ""
    if whole:
        candidates.extend(whole[:k] for k in range(len(whole) - 1, 0, -1))
    for cand in candidates:
        value = Interval.printed(float(cand), 0)
        if (value / base).intersects(share):
            return cand
    return None


def _in_garbled(text: str, part: Mention) -> bool:
    """The part sits in digits split by a stray space: the garbled-number rule reports it."""
    from vetlint.engine.kinds.prose_plausibility import _SPLIT_DIGITS

    return any(h.start() <= part.start < h.end() or h.start() < part.end <= h.end()
               for h in _SPLIT_DIGITS.finditer(text, max(0, part.start - 12), part.end + 12))


def run(ctx: Context, rule: Rule) -> list[Check]:
    out: list[Check] = []
    vocab = vocabulary_for(rule)
    tol = ctx.tolerance(rule)
    analysis = analyse(ctx)
    for p in analysis.paras:
        for s in p.relations.shares:
            if s.part is None or _in_garbled(p.para.text, s.part):
                continue
            names = base_names(s.base_label, vocab)
            if s.base is not None:
                found: Found | None = Found(s.base.number, p.figure(s.base), "sentence", s.base)
            else:
                found = resolve(analysis, names, p, s.marker, dims=(s.part.dim,), exclude=(s.part,))
            if found is None or found.number.value <= 0:
                continue
            share = s.share.number
            stated = p.figure(s.share, label=f"{s.part.label}占{s.base_label}")
            part_fig = p.figure(s.part)
            base_fig = Figure(found.figure.text, found.number.value, found.figure.location,
                              found.number.low, found.number.high, s.base_label)
            computed = interval(s.part.number) / found.interval
            trunc = truncated(share.value, share.decimals, share.scale) if share.exact else None
            verdict = judge(computed, interval(share), stated_truncated=trunc, tolerance=tol,
                            mode=ctx.settings.rounding)
            fixed = None
            if verdict == "fails":
                fixed = garbled_fix(s.part.number.text, found.interval, tol.apply(interval(share)))
            check = make_check(
                ctx, rule, verdict=verdict, location=stated.location, stated=stated,
                computed=computed, inputs=[part_fig, base_fig],
                values={"base": s.base_label, "label": stated.label or "",
                        "inputs": f"{part_fig.text} ÷ {base_fig.text}"},
            )
            check.extra["base_found"] = found.where
            if fixed is not None:
                check.message = {
                    lang: GARBLED[lang].format(
                        label=s.part.label, part=s.part.number.text, stated=share.text,
                        base=f"{s.base_label} {found.figure.text}", fixed=fixed,
                    )
                    for lang in GARBLED
                }
                check.blame = part_fig
                check.suggestion = f"{s.part.number.text} → {fixed}"
                check.expected = Expected(float(fixed), float(fixed), float(fixed), fixed)
                check.extra["blame_reason"] = {"zh": "数字疑似排版错误", "en": "the digits look garbled"}
                check.severity = "error"
                check.extra["garbled"] = True
            elif not check.passed and check.severity != "info":
                check.severity = severity_for(rule, found)  # type: ignore[assignment]
            out.append(check)
    return out


SPEC = KindSpec(
    name="prose-share",
    summary="a share stated in prose (占…的p%) equals part ÷ base",
    params=PARAMS,
    run=run,
    placeholders=COMMON_PLACEHOLDERS | {"base"},
)
