"""Units of Chinese reports: one definitions file, two views of it.

``rules/units.txt`` is a pint definitions file and the only source of unit
knowledge. The number parser needs just the printed forms (人, 万元, %) and
their canonical names, at import time and fast, so ``lexicon()`` reads the file
with a few lines of Python. Conversions (亩 → 平方米, 万人 → person) use a
dedicated ``pint.UnitRegistry`` built from the same file; pint is imported only
when ``registry()`` is first called (its import costs ~0.3 s).
"""

from __future__ import annotations

import functools
import importlib.resources
from dataclasses import dataclass
from pathlib import Path
from typing import TYPE_CHECKING, Any

from vetlint.errors import RulePackError

if TYPE_CHECKING:  # pragma: no cover
    import pint

UNITS_FILE = "units.txt"


@functools.cache
def rules_dir() -> Path:
    """The folder holding rule packs and units.txt (wheel: ``vetlint/packs``); looked up
    once per process (the install does not move, and every check asks for it)."""
    try:
        packs = importlib.resources.files("vetlint") / "packs"
        if packs.is_dir():
            return Path(str(packs))
    except (ModuleNotFoundError, OSError):  # pragma: no cover - odd installs
        pass
    return Path(__file__).resolve().parents[2] / "rules"


@dataclass(frozen=True, slots=True)
class UnitLexicon:
    """What the number parser needs: printed form → canonical unit name."""

    aliases: dict[str, str]  # printed form → name: "人" → "person", "%" → "percent"
    prefixes: dict[str, float]  # "万" → 1e4
    categories: dict[str, str]  # "person" → "count"
    printed: dict[str, str]  # name → the form reports print (its first alias): "person" → "人"

    def scale_word(self, scale: float) -> str:
        """The one-word multiplier for ``scale`` (1e4 → 万), or "" when none is a single word."""
        return next((p for p, v in self.prefixes.items() if v == scale and len(p) == 1), "")


@functools.cache
def lexicon(path: str | None = None) -> UnitLexicon:
    """Parse units.txt without pint: names, aliases, prefixes and @group categories."""
    file = Path(path) if path else rules_dir() / UNITS_FILE
    try:
        lines = file.read_text(encoding="utf-8").splitlines()
    except OSError as exc:
        raise RulePackError(f"{file}: cannot read unit definitions ({exc})") from None
    aliases: dict[str, str] = {}
    prefixes: dict[str, float] = {}
    categories: dict[str, str] = {}
    printed: dict[str, str] = {}
    group: str | None = None
    for lineno, raw in enumerate(lines, 1):
        line = raw.split("#", 1)[0].strip()
        if not line:
            continue
        if line.startswith("@group"):
            group = line.split()[1]
            continue
        if line.startswith("@end"):
            group = None
            continue
        parts = [p.strip() for p in line.split("=")]
        if len(parts) < 2 or not parts[0]:
            raise RulePackError(f"{file}:{lineno}: not a unit definition: {raw.strip()}")
        name = parts[0]
        if name.endswith("-"):
            try:
                prefixes[name[:-1]] = float(parts[1])
            except ValueError:
                raise RulePackError(f"{file}:{lineno}: prefix value is not a number") from None
            continue
        categories[name] = group or "other"
        for alias in parts[2:]:
            if alias and alias != "_":
                aliases[alias] = name
                printed.setdefault(name, alias)
    return UnitLexicon(aliases, prefixes, categories, printed)


def canonical(unit_text: str) -> str | None:
    """Canonical unit name of a printed unit word (``人次`` → ``person_time``)."""
    lex = lexicon()
    text = unit_text.strip()
    if text in lex.categories:
        return text
    return lex.aliases.get(text)


def unit_dimension(name: str | None) -> str:
    """Coarse dimension of a canonical unit: count, money, area, time, ratio …

    ``None`` (a bare number) is ``"number"``; an unknown name is ``"other"``.
    """
    if name is None:
        return "number"
    return lexicon().categories.get(name, "other")


@functools.cache
def registry() -> pint.UnitRegistry:
    """A pint registry with our definitions only (never pint's defaults)."""
    import pint

    ureg = pint.UnitRegistry(None)
    try:
        ureg.load_definitions(str(rules_dir() / UNITS_FILE))
    except Exception as exc:  # pint raises many kinds of definition errors
        raise RulePackError(f"{UNITS_FILE}: invalid unit definitions ({exc})") from None
    return ureg


def quantity(value: float, unit: str | None) -> Any:
    """``value`` in canonical ``unit`` as a pint Quantity (dimensionless when None)."""
    ureg = registry()
    return ureg.Quantity(value, unit or "")


def convert(value: float, unit: str, to: str) -> float:
    """Convert between canonical units (``convert(3, "mu", "square_meter")``)."""
    return float(quantity(value, unit).to(to).magnitude)


def compatible(a: str | None, b: str | None) -> bool:
    """True when figures in units ``a`` and ``b`` can be added or compared."""
    if a == b:
        return True
    if a is None or b is None:
        return False
    ureg = registry()
    return bool(ureg.Unit(a).dimensionality == ureg.Unit(b).dimensionality)
