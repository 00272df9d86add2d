"""Figures that cannot be right on their own, whatever else the report says.

One kind, one ``problem`` per rule:

- ``share-over-100``: a share (占…p%) or a bounded rate (就业率, 合格率 …) above 100%;
- ``headcount``: a negative or fractional number of people;
- ``per-capita-unit``: a per-student figure in a total's unit (生均…3.66亿元);
- ``garbled``: digits split by a stray space (``1682 41人``) or a dangling
  decimal point (``291.万``); when a share in the same clause shows which
  digits were meant, the finding says so;
- ``duplicate-caption``: two different tables or figures with one number (两个表3-6).

Each finding is a standalone failed check (no passed checks: nothing to pass).
"""

from __future__ import annotations

import re

from vetlint.checks import Check, Figure
from vetlint.document import Location, Paragraph, Table
from vetlint.engine.context import Context, render
from vetlint.engine.kinds import COMMON_PLACEHOLDERS, KindSpec
from vetlint.engine.kinds.prose_common import (
    ProsePara,
    analyse,
    interval,
    resolve,
    vocabulary_for,
)
from vetlint.engine.packs import Rule

PROBLEMS = ["share-over-100", "headcount", "per-capita-unit", "garbled", "duplicate-caption"]

PARAMS = {
    "type": "map",
    "required": ["problem"],
    "keys": {
        "problem": {"type": "str", "enum": PROBLEMS},
        "bounded_names": {"type": "strlist"},  # rates that cannot exceed 100%
        "per_capita_words": {"type": "strlist"},
        "per_capita_max": {"type": "number", "minimum": 0},  # yuan per student
    },
}

_SPLIT_DIGITS = re.compile(
    r"(?<![\d.．,，])(\d{1,6}) (?:\s*)(\d{1,2}|\d{4,}|\d+\.\d+)(?=\s*(?:万|亿)?(?:人次|人|名|个|所|册|元|项|%|％))"
)
_DANGLING_POINT = re.compile(r"(?<![\d.])\d+\.(?=\s*(?:万|亿|千)|\s*(?:人|元|平方米|册|个|所)(?!\d))")
_CAPTION = re.compile(r"^\s*(表|图)\s*(\d+(?:\s*[-－—.．]\s*\d+)*)\s*[：:、\s]?\s*(.*)$")


def _check(rule: Rule, values: dict[str, str], location: Location, stated: Figure,
           suggestion: str | None = None, inputs: list[Figure] | None = None) -> Check:
    return Check(
        rule=rule.code, name=rule.name, severity=rule.severity,  # type: ignore[arg-type]
        passed=False, message=render(rule.message, values), location=location, stated=stated,
        inputs=inputs or [], suggestion=suggestion, pack=rule.pack, kind=rule.kind, blame=stated,
    )


def _words(rule: Rule, key: str, default: list[str]) -> list[str]:
    value = rule.params.get(key, default)
    return [value] if isinstance(value, str) else list(value)


def run(ctx: Context, rule: Rule) -> list[Check]:
    problem = rule.params["problem"]
    if problem == "duplicate-caption":
        return _duplicate_captions(ctx, rule)
    out: list[Check] = []
    analysis = analyse(ctx)
    bounded = _words(rule, "bounded_names", ["就业率", "合格率", "满意度", "升学率", "取证率", "巩固率", "比例"])
    per_capita = _words(rule, "per_capita_words", ["生均", "人均"])
    cap = float(rule.params.get("per_capita_max", 1_000_000))
    for p in analysis.paras:
        rel = p.relations
        if problem == "share-over-100":
            shares = {s.share for s in rel.shares}
            for m in rel.mentions:
                if m.number.kind != "percent" or m.number.low <= 1.0 or m.is_change:
                    continue
                if m in shares or any(m.label.endswith(w) for w in bounded):
                    stated = p.figure(m)
                    out.append(_check(rule, {"stated": m.number.text, "label": m.label}, stated.location, stated))
        elif problem == "headcount":
            for m in rel.mentions:
                n = m.number
                if m.dim != "person" or not m.is_quantity or re.search(r"均|平均|比|率", m.label):
                    continue
                if n.value < 0 or (n.decimals > 0 and n.scale == 1 and n.value != int(n.value)):
                    stated = p.figure(m)
                    out.append(_check(rule, {"stated": n.text, "label": m.label}, stated.location, stated))
        elif problem == "per-capita-unit":
            for m in rel.mentions:
                n = m.number
                if m.dim != "元" or not any(w in m.label for w in per_capita):
                    continue
                if n.value > cap:
                    stated = p.figure(m)
                    out.append(_check(rule, {"stated": n.text, "label": m.label}, stated.location, stated))
        elif problem == "garbled":
            out.extend(_garbled(ctx, rule, analysis, p))
    return out


def _garbled(ctx: Context, rule: Rule, analysis, p: ProsePara) -> list[Check]:
    from vetlint.engine.kinds.prose_share import base_names, garbled_fix

    text = p.para.text
    out: list[Check] = []
    vocab = vocabulary_for(rule)
    for rx in (_SPLIT_DIGITS, _DANGLING_POINT):
        for hit in rx.finditer(text):
            loc = p.para.smap.locate(hit.start(), hit.end()).with_(section=p.section)
            stated = Figure(hit.group(0), None, loc)
            fixed = None
            share = next(
                (s for s in p.relations.shares
                 if s.marker > hit.start() and s.marker - hit.end() < 12), None,
            )
            if share is not None and rx is _SPLIT_DIGITS:
                names = base_names(share.base_label, vocab)
                found = resolve(analysis, names, p, share.marker, exclude=())
                bases = [found.interval] if found is not None and found.number.value > 0 else []
                # the named base may be garbled too (专业教师 for 专任教师): any count nearby
                bases += [
                    interval(m.number) for m in p.relations.mentions
                    if m.dim == "person" and m.is_quantity and not m.is_change and m.number.value > 0
                    and not hit.start() <= m.start < hit.end()
                ]
                for base in bases:
                    fixed = garbled_fix(hit.group(0), base, interval(share.share.number))
                    if fixed:
                        break
            values = {"stated": hit.group(0), "label": "", "expected": fixed or "?"}
            check = _check(rule, values, loc, stated, f"{hit.group(0)} → {fixed}" if fixed else None)
            if fixed:
                check.message = {
                    "zh": check.message.get("zh", "") + f"（按 {share.share.number.text} 推算应为 {fixed}）",
                    "en": check.message.get("en", "") + f" (the stated {share.share.number.text} gives {fixed})",
                }
            out.append(check)
    return out


def _duplicate_captions(ctx: Context, rule: Rule) -> list[Check]:
    seen: dict[tuple[str, str], list[tuple[str, Location]]] = {}
    lines: set[tuple[int | None, int | None]] = set()
    blocks = ctx.doc.blocks
    for i, block in enumerate(blocks):
        if isinstance(block, Table):
            text, loc = block.caption or "", block.location
        elif isinstance(block, Paragraph):
            text, loc = block.text, block.location
            after = blocks[i + 1] if i + 1 < len(blocks) else None
            if isinstance(after, Table) and " ".join(text.split()) == (after.caption or ""):
                continue  # a .docx/.pdf keeps the caption paragraph too: count the table once
        else:
            continue
        m = _CAPTION.match(text)
        if not m or (loc.line, loc.page) in lines:
            continue
        title = re.sub(r"\s*[-－—]?\s*\d+\s*[-－—]?\s*$", "", m.group(3))  # a TOC page number
        title = re.sub(r"[\s\-－—.．…·]", "", title)
        if not title or len(text) > 80:
            continue
        lines.add((loc.line, loc.page))
        key = (m.group(1), re.sub(r"\s|[－—．]", lambda x: {"－": "-", "—": "-", "．": "."}.get(x.group(0), ""), m.group(2)))
        shown = " ".join(m.group(3).split())  # as printed, for the finding
        seen.setdefault(key, []).append((title, shown, loc.with_(section=getattr(block, "section", None))))
    out: list[Check] = []
    for (kind, number), places in seen.items():
        titles = {t for t, _, _ in places}
        distinct = [t for t in titles if not any(u != t and (u.startswith(t) or t.startswith(u)) for u in titles)]
        if len(places) < 2 or len(titles) < 2 or len(distinct) < 2:
            continue  # a table of contents repeats the same caption: not a clash
        label = f"{kind}{number}"
        inputs = [Figure(shown, None, loc, label=label) for _, shown, loc in places]
        stated = Figure(label, None, places[1][2])
        out.append(_check(rule, {"stated": label, "label": label, "quantity": str(len(places))},
                          places[1][2], stated, inputs=inputs))
    return out


SPEC = KindSpec(
    name="prose-plausibility",
    summary="figures that cannot be right on their own: over 100%, fractional people, garbled digits …",
    params=PARAMS,
    run=run,
    placeholders=COMMON_PLACEHOLDERS,
)
