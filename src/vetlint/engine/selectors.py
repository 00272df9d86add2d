"""Rule selectors: codes, code prefixes, pack names and rule names, as ruff treats them.

``--select``, ``--ignore``, ``[severity]`` keys and a waiver's ``rule`` name rules. Codes
are matched case-insensitively (``vl101`` is ``VL101``), pack and rule names too. A
selector that names no rule is an error (exit 2) with the closest valid names, never
a silent no-op: a typo in ``--select`` must not turn a reviewer's CI green by
running nothing.
"""

from __future__ import annotations

import difflib
from collections.abc import Iterable
from typing import TYPE_CHECKING, Protocol

from vetlint.errors import UsageError

if TYPE_CHECKING:  # pragma: no cover
    from vetlint.settings import Settings


class Named(Protocol):
    """What a selector can name (a pack's ``Rule``): its code, name and pack."""

    code: str
    name: str
    pack: str


def matches(rule: Named, selector: str) -> bool:
    """``VL1`` (a prefix), ``vl101``, ``core`` (a pack) or ``table-growth-rate`` (a name)."""
    s = selector.strip()
    return bool(s) and (rule.code.startswith(s.upper()) or s.lower() in (rule.pack, rule.name))


def matches_any(rule: Named, selectors: Iterable[str]) -> bool:
    return any(matches(rule, s) for s in selectors)


def candidates(rules: Iterable[Named]) -> list[str]:
    """Every valid selector: codes, their prefixes (VL1, VL10), pack names, rule names."""
    out: set[str] = set()
    for r in rules:
        out.update({r.code, r.name, r.pack})
        letters = r.code.rstrip("0123456789")
        out.update(r.code[:i] for i in range(len(letters) + 1, len(r.code)))
    return sorted(out)


def closest(selector: str, pool: list[str], n: int = 3) -> list[str]:
    """The valid names nearest to ``selector``, compared in capitals (``vl11`` ~ ``VL111``);
    of equally similar names the one sharing the longest start comes first."""
    wanted = selector.strip().upper()

    def score(name: str) -> tuple[float, int]:
        upper = name.upper()
        shared = next((i for i, (a, b) in enumerate(zip(wanted, upper, strict=False)) if a != b),
                      min(len(wanted), len(upper)))
        return difflib.SequenceMatcher(None, wanted, upper).ratio(), shared

    scored = sorted(((score(c), c) for c in pool), key=lambda sc: sc[0], reverse=True)
    return [c for (ratio, _), c in scored if ratio >= 0.5][:n]


def _unknown(selector: str, where: str, pool: list[str], kind: str) -> UsageError:
    near = closest(selector, pool)
    hint = f"; did you mean {', '.join(near)}?" if near else ""
    return UsageError(f"{where}: '{selector}' is not a known {kind}{hint} (see `vetlint rules`)")


def check_selectors(groups: dict[str, Iterable[str]], rules: list[Named]) -> None:
    """Raise ``UsageError`` for the first selector of ``groups`` (where → selectors) that
    names no rule."""
    for where, selectors in groups.items():
        for s in selectors:
            if not any(matches(r, s) for r in rules):
                raise _unknown(s, where, candidates(rules), "rule code, prefix or pack")


def check_rule_names(groups: dict[str, Iterable[str]], rules: list[Named]) -> None:
    """Like ``check_selectors`` for places that name exactly one rule (a waiver's ``rule``)."""
    for where, names in groups.items():
        for s in names:
            if find(rules, s) is None:
                pool = sorted({r.code for r in rules} | {r.name for r in rules})
                raise _unknown(s, where, pool, "rule")


def find(rules: Iterable[Named], name: str) -> Named | None:
    """The rule with this code (any case) or name."""
    wanted = name.strip()
    return next((r for r in rules if r.code == wanted.upper() or r.name == wanted.lower()), None)


def is_selected(rule: Named, settings: Settings) -> bool:
    """Selected and not ignored (with no ``select``, only rules enabled by default run)."""
    if settings.select:
        chosen = matches_any(rule, settings.select)
    else:
        chosen = getattr(rule, "enabled", True)
    return chosen and not matches_any(rule, settings.ignore)


def validate(settings: Settings, rules: list[Named]) -> None:
    """Every selector in ``settings`` names a rule: select, ignore, [severity] keys,
    waivers' ``rule``. The message says where each came from (``settings.origins``)."""
    origin = settings.origins.get
    check_selectors(
        {
            origin("select", "select"): settings.select,
            origin("ignore", "ignore"): settings.ignore,
            origin("severity", "severity"): list(settings.severity),
        },
        rules,
    )
    check_rule_names(
        {f"{origin('waivers', 'waivers')}[{i}].rule": [w.rule] for i, w in enumerate(settings.waivers, 1) if w.rule},
        rules,
    )
