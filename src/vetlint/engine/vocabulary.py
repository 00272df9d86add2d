"""The indicator vocabulary of the loaded rule packs: canonical ids, names, synonyms.

Labels in reports vary (``专任教师``, ``专任教师数``, ``专任教师总数``); packs list
the names and synonyms of each indicator, and ``lookup`` maps a printed label
to the indicator whose longest name it contains.
"""

from __future__ import annotations

from vetlint.engine.packs import Indicator, load_packs
from vetlint.settings import Settings


def indicators(settings: Settings | None = None) -> list[Indicator]:
    """Every indicator of every pack; a later pack may not redefine an id."""
    settings = settings or Settings()
    seen: dict[str, Indicator] = {}
    for pack in load_packs(settings.rule_dirs):
        for ind in pack.vocabulary:
            seen.setdefault(ind.id, ind)
    return list(seen.values())


def lookup(label: str, settings: Settings | None = None) -> Indicator | None:
    """The indicator a label names (longest matching name wins), or None."""
    best: tuple[int, Indicator] | None = None
    folded = label.lower()
    for ind in indicators(settings):
        for name in ind.names:
            if name and name.lower() in folded and (best is None or len(name) > best[0]):
                best = (len(name), ind)
    return best[1] if best else None
