"""The lexicon: the words of the reports as data, loaded once and compiled once.

``rules/lexicon.yaml`` says which words compare with last year, which rise or fall, which name
the whole region, a sector, a total row or a share column, and which indicators a label can
name. A shipped pack's own words sit beside it as ``NAME.lexicon.yaml`` (standards-cn's), and
a rule folder of the user's may extend it with its own ``lexicon.yaml`` (or
``NAME.lexicon.yaml``): classes gain words (``remove:`` takes words out), indicators are merged
by id. Every reader of language in extraction asks this object; no module keeps its own list.

Compiled forms: one alternation per class (longest word first, so a match at a place is the
longest word there), and anchored forms for trimming a label at its start or end.
"""

from __future__ import annotations

import re
from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass, field
from functools import cached_property
from pathlib import Path
from typing import Any

from vetlint.errors import ReadError, RulePackError
from vetlint.expr import ExprError, Expression
from vetlint.files import FileTooLarge, read_limited
from vetlint.units import rules_dir
from vetlint.yamlsafe import LineDict, load
from vetlint.yamlschema import Schema, validate

LEXICON_FILE = "lexicon.yaml"
LEXICON_SUFFIX = ".lexicon.yaml"
MAX_LEXICON_BYTES = 1024 * 1024
_BRACKETED = re.compile(r"[（(][^）)]*[）)]")

_WORDS: Schema = {"type": "list", "items": {"type": "str"}}
_CLASS: Schema = {
    "type": "map",
    "keys": {"words": _WORDS, "patterns": _WORDS},
}
_INDICATOR: Schema = {
    "type": "map",
    "required": ["id"],
    "keys": {
        "id": {"type": "str", "pattern": r"[a-z][a-z0-9_]*"},
        "zh": {"type": "str"},
        "en": {"type": "str"},
        "names": _WORDS,
        "dim": {"type": "str"},
        "formulas": _WORDS,
        "slips": _WORDS,
        "loose": _WORDS,
    },
}
LEXICON_SCHEMA: Schema = {
    "type": "map",
    "required": ["lexicon"],
    "keys": {
        "lexicon": {
            "type": "map",
            "keys": {
                "version": {"type": "int"},
                "classes": {"type": "map", "values": {"type": "any"}},
                "remove": {"type": "map", "values": _WORDS},
                "sectors": {"type": "map", "values": _WORDS},
                "partitions": {"type": "list", "items": _WORDS},
                "facets": {"type": "map", "values": _WORDS},
                "traditional": {"type": "str"},
                "indicators": {"type": "list", "items": _INDICATOR},
            },
        }
    },
}


@dataclass(frozen=True, slots=True)
class WordClass:
    """One class of words (``change.up``): its words, longest first, and its patterns."""

    name: str
    words: tuple[str, ...]
    patterns: tuple[str, ...] = ()

    @property
    def alternation(self) -> str:
        parts = [f"(?:{p})" for p in self.patterns] + [re.escape(w) for w in self.words]
        return "|".join(parts) if parts else "(?!)"


@dataclass(frozen=True, slots=True)
class Indicator:
    """What a figure can measure: an id, its names and the unit family of its figures."""

    id: str
    zh: str
    en: str
    names: tuple[str, ...]
    dim: str | None = None
    formulas: tuple[str, ...] = ()
    slips: tuple[str, ...] = ()  # wrong definitions authors use (生师比 on 教职工)
    loose: tuple[str, ...] = ()  # names that may count more than the indicator (学生总数)


@dataclass(frozen=True, slots=True)
class IndicatorMatch:
    """A label read as an indicator, and the words before the name that narrow it."""

    indicator: Indicator
    name: str
    head: str


@dataclass(frozen=True)
class Lexicon:
    """The merged lexicon; compiled views are built on first use and kept."""

    classes: Mapping[str, WordClass]
    sectors: Mapping[str, tuple[str, ...]]
    partitions: tuple[tuple[str, ...], ...]
    facets: Mapping[str, tuple[str, ...]]
    indicators: tuple[Indicator, ...]
    traditional: str = ""
    sources: tuple[str, ...] = ()
    _compiled: dict[Any, Any] = field(default_factory=dict, repr=False, compare=False)

    def compiled(self, key: Any, build: Any) -> Any:
        """What ``build`` compiles from this lexicon, made once and kept with it."""
        if key not in self._compiled:
            self._compiled[key] = build()
        return self._compiled[key]

    # --- words -------------------------------------------------------------------------
    def cls(self, name: str) -> WordClass:
        try:
            return self.classes[name]
        except KeyError:
            raise RulePackError(f"lexicon: no word class '{name}'") from None

    def words(self, name: str) -> tuple[str, ...]:
        return self.cls(name).words

    def regex(self, *names: str) -> re.Pattern[str]:
        """One alternation of the classes' words and patterns (longest word first)."""
        compiled = self._compiled.get(names)  # keyed by the names as given: asked thousands of times a report
        if compiled is None:
            classes = [self.cls(n) for n in names]
            patterns = [p for c in classes for p in c.patterns]
            words = sorted({w for c in classes for w in c.words}, key=len, reverse=True)
            compiled = self._compiled[names] = re.compile(word_alternation(patterns, words), re.IGNORECASE)
        return compiled

    def _anchored(self, name: str, where: str) -> re.Pattern[str]:
        key = f"{where}:{name}"
        compiled = self._compiled.get(key)
        if compiled is None:
            body = self.regex(name).pattern
            pattern = f"^(?:{body})+" if where == "start" else f"(?:{body})+$"
            compiled = self._compiled[key] = re.compile(pattern, re.IGNORECASE)
        return compiled

    def has(self, name: str, text: str) -> bool:
        """Does ``text`` contain a word of class ``name``?"""
        return (self._compiled.get((name,)) or self.regex(name)).search(text) is not None

    def is_word(self, name: str, text: str) -> bool:
        """Is ``text`` exactly one word (or pattern) of class ``name``?"""
        return (self._compiled.get((name,)) or self.regex(name)).fullmatch(text) is not None

    def starts(self, name: str, text: str) -> re.Match[str] | None:
        return (self._compiled.get((name,)) or self.regex(name)).match(text)

    def strip_start(self, name: str, text: str) -> str:
        return self._anchored(name, "start").sub("", text)

    def strip_end(self, name: str, text: str) -> str:
        return self._anchored(name, "end").sub("", text)

    def ends_with(self, name: str, text: str) -> str | None:
        """The word of class ``name`` that ``text`` ends with (the longest), if any."""
        low = text.lower()
        for size, ends in self._endings(name):
            if low.endswith(ends):
                return text[len(text) - size :]
        return None

    def _endings(self, name: str) -> tuple[tuple[int, tuple[str, ...]], ...]:
        """The class's words, lower-cased, in runs of one length (longest first): one
        ``endswith`` per length instead of one per word."""
        key = ("endings", (name,))  # a tuple inside: never a tuple of class names (regex keys)
        runs = self._compiled.get(key)
        if runs is None:
            grouped: list[tuple[int, list[str]]] = []
            for w in self.words(name):
                if not grouped or grouped[-1][0] != len(w):
                    grouped.append((len(w), []))
                grouped[-1][1].append(w.lower())
            runs = self._compiled[key] = tuple((size, tuple(ws)) for size, ws in grouped)
        return runs

    # --- characters --------------------------------------------------------------------
    @cached_property
    def _simplify_table(self) -> dict[int, str]:
        t = self.traditional
        return {ord(t[i]): t[i + 1] for i in range(0, len(t) - 1, 2)}

    @cached_property
    def _traditional_chars(self) -> re.Pattern[str]:
        return re.compile("[" + re.escape("".join(map(chr, self._simplify_table))) + "]" if self._simplify_table else "(?!)")

    def simplify(self, text: str) -> str:
        """Traditional characters as simplified ones, one for one (offsets do not move).

        Replaced where found: ``str.translate`` looks up every character of the text."""
        table = self._simplify_table
        return self._traditional_chars.sub(lambda m: table[ord(m.group())], text)

    # --- sectors, partitions, facets ----------------------------------------------------
    @cached_property
    def _sector_words(self) -> tuple[tuple[str, str], ...]:
        pairs = [(w, s) for s, words in self.sectors.items() for w in words]
        return tuple(sorted(pairs, key=lambda p: len(p[0]), reverse=True))

    @cached_property
    def sector_regex(self) -> re.Pattern[str]:
        words = [w for w, _ in self._sector_words]
        return re.compile(word_alternation([], words) if words else "(?!)")

    @cached_property
    def _sector_of(self) -> dict[str, str]:
        out: dict[str, str] = {}
        for w, s in self._sector_words:
            out.setdefault(w, s)  # the first pair of a word, as a scan in order finds it
        return out

    def sector_of_word(self, word: str) -> str | None:
        return self._sector_of.get(word)

    def sectors_in(self, text: str) -> list[tuple[int, int, str]]:
        """``(start, end, sector)`` of every sector word in ``text``, longest at each place."""
        return [(m.start(), m.end(), self.sector_of_word(m.group()) or "") for m in self.sector_regex.finditer(text)]

    def split_population(self, label: str) -> tuple[str, str]:
        """``在校生中男生`` → (在校生, 男生): the population a part is of (``label.subject_of``)
        and the part; ``("", label)`` when the label names no population."""
        population = "|".join(map(re.escape, self.words("label.subject_of")))
        m = re.match(rf"^(.{{2,}}?)(?:{population})(?=.)", label) if population else None
        return (m.group(1), label[m.end():]) if m else ("", label)

    def partition_of(self, labels: Sequence[str]) -> tuple[str, ...] | None:
        """The partition that ``labels`` complete (each label names one member, all named)."""
        cores = [self.split_population(label.strip())[1] for label in labels]  # 在校生中男生 names 男生
        for members in self.partitions:
            if len(members) != len(cores):
                continue
            hit = [next((m for m in members if _names_member(core, m)), None) for core in cores]
            if None not in hit and len(set(hit)) == len(members):
                return members
        return None

    def facet_of(self, label: str) -> str | None:
        """The facet a category label belongs to (``博士学位`` → 学历)."""
        best: tuple[int, str] | None = None
        for facet, words in self.facets.items():
            for w in words:
                if w in label and (best is None or len(w) > best[0]):
                    best = (len(w), facet)
        return best[1] if best else None

    def facet_value(self, text: str) -> str | None:
        """The category ``text`` names (``具有高级职称的`` → 高级职称, ``本科学历`` → 本科): a facet
        word with at most a two-character tail (学历, 学位); ``本科及以上学历`` names none."""
        t = self.strip_start("label.has", text.strip()).rstrip("的") if text else ""
        t = self.strip_start("label.via", t) if t else t
        if not t:
            return None
        words = self._facet_words
        # the longest facet word that starts t and leaves at most two characters
        return next((t[:k] for k in range(len(t), max(len(t) - 3, 0), -1) if t[:k] in words), None)

    @cached_property
    def _facet_words(self) -> frozenset[str]:
        return frozenset(w for words in self.facets.values() for w in words if w)

    # --- indicators --------------------------------------------------------------------
    @cached_property
    def _indicator_names(self) -> tuple[tuple[str, str, Indicator], ...]:
        """``(name, name without its count suffix, indicator)``, longest name first."""
        suffix = self.cls("label.suffix")
        out = []
        for ind in self.indicators:
            for name in ind.names:
                base = _strip_suffix(name, suffix.words) or name
                out.append((name, base, ind))
        return tuple(sorted(out, key=lambda t: len(t[0]), reverse=True))

    @cached_property
    def _by_id(self) -> dict[str, Indicator]:
        return {ind.id: ind for ind in self.indicators}

    def indicator(self, ident: str) -> Indicator | None:
        return self._by_id.get(ident)

    @cached_property
    def _share_ids(self) -> dict[tuple[str, str], str]:
        """(part id, whole id) → the indicator defined as part ÷ whole."""
        out: dict[tuple[str, str], str] = {}
        for ind in self.indicators:
            for formula in ind.formulas:
                m = re.fullmatch(r"\s*([a-z_]+)\s*/\s*([a-z_]+)\s*", formula)
                if m:
                    out.setdefault((m.group(1), m.group(2)), ind.id)
        return out

    def share_of_part(self, part: str) -> str | None:
        """The one indicator defined as ``part`` ÷ something (兼职教师 → part_time_share), or None
        when there is none or more than one."""
        found = self._shares_by_part.get(part, frozenset())
        return next(iter(found)) if len(found) == 1 else None

    @cached_property
    def _shares_by_part(self) -> dict[str, frozenset[str]]:
        """Part id → the share indicators of it: by formula (part ÷ whole), else named after it
        (兼职教师 → 兼职教师比例 / 兼职教师占比)."""
        by_formula: dict[str, set[str]] = {}
        for (part, _), ident in self._share_ids.items():
            by_formula.setdefault(part, set()).add(ident)
        percent_names: dict[str, set[str]] = {}
        for other in self.indicators:
            if other.dim == "percent":
                for n in (other.zh, *other.names):
                    percent_names.setdefault(n, set()).add(other.id)
        out: dict[str, frozenset[str]] = {}
        for ind in self.indicators:
            found = by_formula.get(ind.id) or {
                ident for b in (ind.zh, *ind.names) for tail in ("比例", "占比", "比重")
                for ident in percent_names.get(b + tail, ())}
            if found:
                out[ind.id] = frozenset(found)
        return out

    def share_of(self, part: str, whole: str) -> str | None:
        """The indicator that is ``part`` ÷ ``whole`` (双师型教师 of 专业课教师 → double_qualified_share)."""
        return self._share_ids.get((part, whole))

    def names_of(self, ident: str) -> tuple[str, ...]:
        """The names of indicator ``ident``, or ``(ident,)`` when it is a plain word."""
        ind = self._by_id.get(ident)
        return ind.names if ind else (ident,)

    def match_indicator(self, label: str) -> IndicatorMatch | None:
        """The indicator ``label`` names, with the words before the name.

        ``在校生数`` and ``年末在校生`` name 在校生; ``民办学校在校生`` names it too, with
        the head ``民办学校`` (the caller decides what the head narrows). A label whose head
        ends in a subgroup word or holds 的 (``具有本科学历的专任教师``) names a subgroup,
        which is returned with that head too: the caller must not take it for the whole.
        """
        if not label:
            return None
        memo = self._match_memo
        if label in memo:
            return memo[label]
        if len(memo) > 50_000:  # a lexicon lives as long as its process: keep the memo bounded
            memo.clear()
        memo[label] = found = self._match(label)
        return found

    @cached_property
    def _match_memo(self) -> dict[str, IndicatorMatch | None]:
        """Labels already matched (a report repeats its labels; the lexicon never changes)."""
        return {}

    def _match(self, label: str) -> IndicatorMatch | None:
        suffix = self.words("label.suffix")
        core = _strip_suffix(label, suffix) or label
        best: IndicatorMatch | None = None
        matched = 0  # the longest name (or name without its suffix) the label ends in wins
        for name, base, ind in self._indicator_names:
            if label == name or core == name or (core == base and len(base) >= 3):
                return IndicatorMatch(ind, name, "")
            if len(name) <= matched:
                continue
            if label.endswith(name):
                best, matched = IndicatorMatch(ind, name, label[: -len(name)]), len(name)
            elif len(base) > matched and len(base) >= 3 and core.endswith(base):
                best, matched = IndicatorMatch(ind, name, core[: -len(base)]), len(base)
        return best


def word_alternation(patterns: Sequence[str], words: Sequence[str]) -> str:
    """``(?:p1)|(?:p2)|w1|w2…``: the patterns, then the words in the order given.

    The alternatives stand behind a look-ahead at the characters they can start with: it
    fails only where none of them could start, and lets the regex engine skip those places
    without trying every alternative at each character (a search over a paragraph is
    several times faster). Patterns whose first characters cannot be told stay in front."""
    pattern_parts = [f"(?:{p})" for p in patterns]
    word_parts = [re.escape(w) for w in words]
    if not pattern_parts and not word_parts:
        return "(?!)"
    if not all(words):  # an empty word matches everywhere: no look-ahead
        return "|".join([*pattern_parts, *word_parts])
    heads = {re.escape(w[0]) for w in words}
    pattern_heads = [_first_chars(p) for p in patterns]
    if None not in pattern_heads:
        heads.update(h for h in pattern_heads if h is not None)
        return f"(?=[{''.join(sorted(heads))}])(?:{'|'.join([*pattern_parts, *word_parts])})"
    if not word_parts:
        return "|".join(pattern_parts)
    return "|".join([*pattern_parts, f"(?=[{''.join(sorted(heads))}])(?:{'|'.join(word_parts)})"])


_CLASS_OF_CATEGORY = {"CATEGORY_DIGIT": r"\d", "CATEGORY_NOT_DIGIT": r"\D", "CATEGORY_SPACE": r"\s",
                      "CATEGORY_NOT_SPACE": r"\S", "CATEGORY_WORD": r"\w", "CATEGORY_NOT_WORD": r"\W"}


def _first_chars(pattern: str) -> str | None:
    """The characters ``pattern`` can start a match with, as the inside of a character class;
    None when that cannot be told (``.``, ``[^…]``, a back-reference, or a pattern that can
    match nothing at all)."""
    try:
        from re import _parser  # the standard library's own reading of a pattern

        found, empty = _firsts(list(_parser.parse(pattern)))
    except Exception:  # an unknown construct (or another Python's parser): no look-ahead
        return None
    return None if empty or found is None or not found else "".join(sorted(found))


def _firsts(items: list[Any]) -> tuple[set[str] | None, bool]:
    """(first characters, can the sequence ``items`` match the empty string)."""
    out: set[str] = set()
    for op, av in items:
        name = getattr(op, "name", "")
        if name in ("AT", "ASSERT", "ASSERT_NOT"):
            continue  # zero width: the characters come from what follows
        if name == "LITERAL":
            return out | {re.escape(chr(av))}, False
        if name == "IN":
            pieces = _class_pieces(av)
            return (None, False) if pieces is None else (out | pieces, False)
        if name == "SUBPATTERN":
            group_flags, del_flags, sub = av[1], av[2], av[3]
            if group_flags or del_flags:
                return None, False
            found, empty = _firsts(list(sub))
        elif name == "BRANCH":
            found, empty = set(), False
            for alt in av[1]:
                f, e = _firsts(list(alt))
                if f is None:
                    return None, False
                found |= f
                empty = empty or e
        elif name in ("MAX_REPEAT", "MIN_REPEAT", "POSSESSIVE_REPEAT"):
            found, empty = _firsts(list(av[2]))
            empty = empty or av[0] == 0
        else:
            return None, False  # ANY, NOT_LITERAL, GROUPREF, …: cannot be told
        if found is None:
            return None, False
        out |= found
        if not empty:
            return out, False
    return out, True


def _class_pieces(items: list[Any]) -> set[str] | None:
    """A parsed character class as pieces of a class (``a``, ``0-9``, ``\\d``); None if negated."""
    out: set[str] = set()
    for op, av in items:
        name = getattr(op, "name", "")
        if name == "LITERAL":
            out.add(re.escape(chr(av)))
        elif name == "RANGE":
            out.add(f"{re.escape(chr(av[0]))}-{re.escape(chr(av[1]))}")
        elif name == "CATEGORY" and getattr(av, "name", "") in _CLASS_OF_CATEGORY:
            out.add(_CLASS_OF_CATEGORY[av.name])
        else:
            return None  # NEGATE and the rest
    return out


def _strip_suffix(text: str, suffixes: Iterable[str]) -> str:
    for s in suffixes:
        if text.endswith(s) and len(text) > len(s):
            return text[: -len(s)]
    return text


def _names_member(label: str, member: str) -> bool:
    """``男（人）``, ``男生``, ``公办学校`` name 男 / 男 / 公办."""
    core = _BRACKETED.sub("", label).strip()
    return core == member or (core.startswith(member) and len(core) - len(member) <= 4)


# --- loading ----------------------------------------------------------------------------


def lexicon_files(extra_dirs: Sequence[str] = ()) -> list[Path]:
    """The packaged lexicon and the packaged packs' ``*.lexicon.yaml``, then every
    ``lexicon.yaml`` / ``*.lexicon.yaml`` of ``extra_dirs``."""
    packaged = rules_dir()
    files = [packaged / LEXICON_FILE, *sorted(packaged.glob(f"*{LEXICON_SUFFIX}"))]
    for d in extra_dirs:
        p = Path(d)
        if p.is_file():
            if is_lexicon_file(p):
                files.append(p)
            continue
        if p.is_dir():
            files.extend(sorted(f for f in p.iterdir() if is_lexicon_file(f)))
    return files


def is_lexicon_file(path: Path) -> bool:
    return path.name == LEXICON_FILE or path.name.endswith(LEXICON_SUFFIX)


def is_language_file(path: Path) -> bool:
    """A lexicon or sentence-shape file (not a rule pack)."""
    name = path.name
    return is_lexicon_file(path) or name == "shapes.yaml" or name.endswith(".shapes.yaml")


_CACHE: dict[tuple[tuple[str, float, int], ...], Lexicon] = {}


def load_lexicon(extra_dirs: Sequence[str] = ()) -> Lexicon:
    """The packaged lexicon merged with the users' (cached until a file changes)."""
    files = lexicon_files(extra_dirs)
    key = []
    for f in files:
        try:
            st = f.stat()
        except OSError as exc:
            raise RulePackError(f"{f}: cannot read the lexicon: {exc.strerror or exc}") from None
        key.append((str(f.resolve()), st.st_mtime, st.st_size))
    cache_key = tuple(key)
    hit = _CACHE.get(cache_key)
    if hit is not None:
        return hit
    merged = _Merge()
    for f in files:
        merged.add(_read(f), str(f))
    lexicon = merged.build()
    if len(_CACHE) > 8:
        _CACHE.clear()
    _CACHE[cache_key] = lexicon
    return lexicon


def default_lexicon() -> Lexicon:
    return load_lexicon(())


def _read(path: Path) -> LineDict:
    try:  # bounded, and a regular file only (a FIFO named like one never blocks the command)
        raw = read_limited(path, MAX_LEXICON_BYTES)
    except FileTooLarge:
        raise RulePackError(f"{path}: lexicon is larger than {MAX_LEXICON_BYTES // 1024} KB") from None
    except ReadError as exc:
        raise RulePackError(f"{path}: cannot read the lexicon: {exc.message}") from None
    try:
        text = raw.decode("utf-8")
    except UnicodeDecodeError:
        raise RulePackError(f"{path}: lexicon is not UTF-8 text") from None
    data = load(text, str(path))
    issues = validate(data, LEXICON_SCHEMA)
    if issues:
        first = issues[0]
        raise RulePackError(f"{path}:{first.line}: {first.path}: {first.message}")
    return data["lexicon"]


@dataclass
class _Merge:
    """Accumulates lexicon files in order: later files extend earlier ones."""

    classes: dict[str, tuple[list[str], list[str]]] = field(default_factory=dict)
    sectors: dict[str, list[str]] = field(default_factory=dict)
    partitions: list[tuple[str, ...]] = field(default_factory=list)
    facets: dict[str, list[str]] = field(default_factory=dict)
    indicators: dict[str, dict[str, Any]] = field(default_factory=dict)
    traditional: str = ""
    sources: list[str] = field(default_factory=list)
    formula_places: dict[str, tuple[str, int]] = field(default_factory=dict)  # id → where its formulas were set

    def add(self, data: LineDict, source: str) -> None:
        self.sources.append(source)
        for name, value in (data.get("classes") or {}).items():
            words, patterns = _class_entry(value, source, data)
            have = self.classes.setdefault(name, ([], []))
            have[0].extend(w for w in words if w not in have[0])
            have[1].extend(p for p in patterns if p not in have[1])
        for name, words in (data.get("remove") or {}).items():
            if name in self.classes:
                kept = [w for w in self.classes[name][0] if w not in words]
                self.classes[name] = (kept, self.classes[name][1])
        for sector, words in (data.get("sectors") or {}).items():
            have_s = self.sectors.setdefault(sector, [])
            have_s.extend(w for w in words if w not in have_s)
        for members in data.get("partitions") or []:
            if tuple(members) not in self.partitions:
                self.partitions.append(tuple(members))
        for facet, words in (data.get("facets") or {}).items():
            have_f = self.facets.setdefault(facet, [])
            have_f.extend(w for w in words if w not in have_f)
        self.traditional += data.get("traditional") or ""
        for item in data.get("indicators") or []:
            ident = item["id"]
            if item.get("formulas") or item.get("slips"):
                self.formula_places[ident] = (source, item.line)
            have_i = self.indicators.get(ident)
            if have_i is None:
                if "zh" not in item:
                    raise RulePackError(f"{source}:{item.line}: new indicator '{ident}' needs zh")
                self.indicators[ident] = {
                    "zh": item["zh"], "en": item.get("en", item["zh"]),
                    "names": list(item.get("names") or []), "dim": item.get("dim"),
                    "formulas": list(item.get("formulas") or []),
                    "slips": list(item.get("slips") or []),
                    "loose": list(item.get("loose") or []),
                }
            else:
                have_i["names"].extend(n for n in item.get("names") or [] if n not in have_i["names"])
                if item.get("dim"):
                    have_i["dim"] = item["dim"]
                if item.get("formulas"):
                    have_i["formulas"] = list(item["formulas"])
                if item.get("slips"):
                    have_i["slips"] = list(item["slips"])
                have_i["loose"].extend(n for n in item.get("loose") or [] if n not in have_i["loose"])

    def check_formulas(self) -> None:
        """Every formula parses in the safe grammar and names only indicators (file:line if not)."""
        for ident, d in self.indicators.items():
            source, line = self.formula_places.get(ident, (self.sources[0], 0))
            for key in ("formulas", "slips"):
                for text in d[key]:
                    try:
                        names = Expression.parse(text).names
                    except ExprError as exc:
                        raise RulePackError(f"{source}:{line}: indicator '{ident}': {key}: {exc}") from None
                    unknown = sorted(n for n in names if n not in self.indicators)
                    if unknown:
                        raise RulePackError(
                            f"{source}:{line}: indicator '{ident}': {key}: {', '.join(map(repr, unknown))}"
                            " is not an indicator id"
                        )

    def build(self) -> Lexicon:
        self.check_formulas()
        classes = {
            name: WordClass(name, tuple(sorted(words, key=len, reverse=True)), tuple(patterns))
            for name, (words, patterns) in self.classes.items()
        }
        indicators = tuple(
            Indicator(ident, d["zh"], d["en"], tuple(dict.fromkeys([d["zh"], *d["names"], *d["loose"]])), d["dim"],
                      tuple(d["formulas"]), tuple(d["slips"]), tuple(d["loose"]))
            for ident, d in self.indicators.items()
        )
        return Lexicon(
            classes=classes,
            sectors={s: tuple(w) for s, w in self.sectors.items()},
            partitions=tuple(self.partitions),
            facets={f: tuple(w) for f, w in self.facets.items()},
            indicators=indicators,
            traditional=self.traditional,
            sources=tuple(self.sources),
        )


def _class_entry(value: Any, source: str, data: LineDict) -> tuple[list[str], list[str]]:
    if isinstance(value, list) and all(isinstance(w, str) for w in value):
        return list(value), []
    if isinstance(value, dict):
        issues = validate(value, _CLASS)
        if not issues:
            patterns = list(value.get("patterns") or [])
            for p in patterns:
                try:
                    re.compile(p)
                except re.error as exc:
                    raise RulePackError(f"{source}: bad pattern {p!r}: {exc}") from None
            return list(value.get("words") or []), patterns
    line = getattr(value, "line", 0) or data.line
    raise RulePackError(f"{source}:{line}: a word class is a list of words or {{words, patterns}}")
