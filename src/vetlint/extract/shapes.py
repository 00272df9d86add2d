"""Sentence shapes as data, and the one matcher that finds them.

A shape (``rules/shapes.yaml``, extended by a user's ``shapes.yaml``) is a pattern over the
tokens of a sentence: figures by what they are (``N`` a count or amount, ``C`` a change of
one, ``P`` a share or rate, ``G`` a growth rate, ``D`` a change in points, ``R`` a ratio,
``V`` last period's figure, ``S`` a per-person standard, ``Y`` a per-head figure, ``T`` a
multiple of last year), lexicon classes (``<marker.breakdown>``, ``<compare.previous>``),
punctuation (``,`` ``;`` ``:`` ``、`` ``(`` ``)``) and text (``w``). ``{name:N}`` captures a
figure, ``{name:N+}`` a list of them, ``{name:text}`` the words that follow; ``..`` skips
tokens within a ``；``-segment, ``...`` within the sentence; ``[ ]`` groups, ``? * + |`` as
in regular expressions.

The sentence becomes a string with one character per token, every pattern one compiled
regular expression over it; a match hands the figures of its slots (and the text of a
``text`` slot) to the relation it names. What a shape means is decided by its relation's
builder (``prose_relations``); the shape only says where its parts are.
"""

from __future__ import annotations

import re
from collections.abc import Sequence
from dataclasses import dataclass, field
from functools import cached_property
from pathlib import Path
from typing import Any, NamedTuple

from vetlint.errors import ReadError, RulePackError
from vetlint.extract.figures import Figure
from vetlint.extract.lexicon import Lexicon, word_alternation
from vetlint.extract.sentences import CLOSE, OPEN
from vetlint.files import FileTooLarge, read_limited
from vetlint.units import rules_dir
from vetlint.yamlsafe import load
from vetlint.yamlschema import Schema, validate

SHAPES_FILE = "shapes.yaml"
SHAPES_SUFFIX = ".shapes.yaml"
MAX_SHAPES_BYTES = 512 * 1024
FIGURE_SYMBOLS = "NCPGDRVSYT"
_LIST_SEPARATORS = "、"

SHAPE_SCHEMA: Schema = {
    "type": "map",
    "required": ["id", "relation", "pattern"],
    "keys": {
        "id": {"type": "str", "pattern": r"[a-z0-9][a-z0-9-]*"},
        "relation": {"type": "str"},
        "pattern": {"type": "str"},
        "example": {"type": "str"},
        "roles": {"type": "map", "values": {"type": "str"}},
        "params": {"type": "map", "values": {"type": "any"}},
        "enabled": {"type": "bool"},
    },
}
SHAPES_FILE_SCHEMA: Schema = {
    "type": "map",
    "required": ["shapes"],
    "keys": {"shapes": {"type": "list", "items": SHAPE_SCHEMA}, "version": {"type": "int"}},
}


@dataclass(frozen=True, slots=True)
class Shape:
    id: str
    relation: str
    pattern: str
    roles: dict[str, str] = field(default_factory=dict)
    params: dict[str, Any] = field(default_factory=dict)
    example: str = ""
    source: str = ""


class Token(NamedTuple):
    """One token of a sentence: a figure, a lexicon word, punctuation or a run of text
    (a named tuple: a sentence makes dozens, and a tuple is made in a third of the time)."""

    symbol: str
    start: int
    end: int
    figure: Figure | None = None
    classes: frozenset[str] = frozenset()


@dataclass(frozen=True, slots=True)
class Match:
    """A shape found in a sentence: its slots' figures and texts, and where it lies."""

    shape: Shape
    figures: dict[str, list[Figure]]
    texts: dict[str, str]
    start: int  # offsets in the paragraph text
    end: int
    tokens: tuple[Token, ...]


# --- patterns -----------------------------------------------------------------------------

_PATTERN_TOKEN = re.compile(r"\^|\{[^}]+\}|<[^>]+>|\.\.\.(?:![A-Z]+)?|\.\.(?:![A-Z]+)?|\[|\]|\?|\*|\+|\||,|;|:|、|\(|\)|w|\S+")


def figure_symbol(fig: Figure) -> str:
    """The symbol of a figure in a sentence's token string."""
    role = fig.role
    if role == "previous":
        return "V"
    if fig.kind == "ratio":
        return "R"
    if fig.kind == "points" or role == "points":
        return "D"
    if fig.kind in ("percent", "permille"):
        return {"growth": "G", "times": "T"}.get(role, "P")
    return {"change": "C", "standard": "S", "per_capita": "Y", "growth": "C"}.get(role, "N")


class ShapeSet:
    """The shapes in force and their compiled forms, for one lexicon."""

    def __init__(self, shapes: Sequence[Shape], lexicon: Lexicon) -> None:
        self.shapes = tuple(shapes)
        self.lex = lexicon
        used = {c for s in self.shapes for c in re.findall(r"<([^>]+)>", s.pattern) for c in c.split("|")}
        self.classes = sorted(used | {"marker.list_sep"})
        self._free = frozenset(lexicon.words("shape.free_single")) if "shape.free_single" in lexicon.classes else frozenset()
        for name in self.classes:
            lexicon.cls(name)  # an unknown class is an error naming it
        self._text_slots: dict[str, list[str]] = {}
        self._compiled = {s.id: self._compile(s) for s in self.shapes}

    # tokens ----------------------------------------------------------------------------
    @cached_property
    def _word_classes(self) -> dict[str, frozenset[str]]:
        out: dict[str, set[str]] = {}
        for name in self.classes:
            for w in self.lex.words(name):
                out.setdefault(w.lower(), set()).add(name)
        return {w: frozenset(c) for w, c in out.items()}

    @cached_property
    def _symbols(self) -> dict[frozenset[str], str]:
        sets = sorted(set(self._word_classes.values()) | {frozenset({n}) for n in self.classes}, key=sorted)
        return {s: chr(0xE000 + k) for k, s in enumerate(sets)}

    @cached_property
    def _word_regex(self) -> re.Pattern[str]:
        patterns = [p for name in self.classes for p in self.lex.cls(name).patterns]
        words = sorted(self._word_classes, key=len, reverse=True)
        return re.compile(word_alternation(patterns, words), re.IGNORECASE)

    def _pattern_classes(self, word: str) -> frozenset[str]:
        hit = self._word_classes.get(word.lower())
        if hit is not None:
            return hit
        return frozenset(n for n in self.classes if any(re.fullmatch(p, word) for p in self.lex.cls(n).patterns))

    def tokens(self, text: str, start: int, end: int, figures: Sequence[Figure]) -> list[Token]:
        """The tokens of ``text[start:end]``, figures given (offsets in ``text``)."""
        out: list[Token] = []
        pos = start
        for fig in sorted(figures, key=lambda f: f.start):
            if fig.start < pos or fig.end > end:
                continue
            out.extend(self._words(text, pos, fig.start))
            out.append(Token(figure_symbol(fig), fig.start, fig.end, fig))
            pos = fig.end
        out.extend(self._words(text, pos, end))
        return out

    def _words(self, text: str, start: int, end: int) -> list[Token]:
        out: list[Token] = []
        pos = start
        regex = self._word_regex
        word: re.Match[str] | None = None  # the next word, searched once for a run of text
        word_at = -1  # where it starts (``end`` when no word follows)
        mark_at = -1  # the next punctuation or space (``end`` when none follows)
        run = -1  # start of the run of plain text being read (one "w" token)
        while pos < end:
            if word_at < pos:
                word = regex.search(text, pos, end)
                word_at = word.start() if word is not None else end
            if mark_at < pos:
                mark = _MARK.search(text, pos, end)
                mark_at = mark.start() if mark is not None else end
            if pos < word_at and pos < mark_at:  # plain text up to the next word or mark
                if run < 0:
                    # a word whose classes have no symbol is text too: the text after it joins it
                    run = out.pop().start if out and out[-1].symbol == "w" and out[-1].end == pos else pos
                pos = min(word_at, mark_at)
                continue
            if mark_at == pos:  # punctuation before a word, as a space is
                run = _close_run(out, run, pos)
                punct = _punctuation(text[pos])
                if punct:
                    out.append(Token(punct, pos, pos + 1))
                pos += 1
                continue
            m = word
            if m and m.end() - pos == 1 and m.group() not in self._free and not _NUMERAL_NEXT.match(text, m.end()) \
                    and not (m.end() < end and _punctuation(text[m.end()])):
                m = None  # 计 in 设计, 共 in 公共: a one-character word counts only before a figure
            if m and m.end() > pos:
                run = _close_run(out, run, pos)
                classes = self._pattern_classes(m.group())
                out.append(Token(self._symbols.get(classes, "w"), pos, m.end(), classes=classes))
                pos = m.end()
                continue
            if run < 0:
                run = out.pop().start if out and out[-1].symbol == "w" and out[-1].end == pos else pos
            pos += 1
        _close_run(out, run, pos)
        return out

    # compiling --------------------------------------------------------------------------
    def _class_chars(self, names: list[str]) -> str:
        chars = [sym for classes, sym in self._symbols.items() if classes & set(names)]
        return "[" + "".join(re.escape(c) for c in chars) + "]" if chars else "(?!)"

    def _compile(self, shape: Shape) -> re.Pattern[str]:
        parts: list[str] = []
        for tok in _PATTERN_TOKEN.findall(shape.pattern):
            if tok.startswith("{"):
                name, _, kind = tok[1:-1].partition(":")
                name, kind = name.strip(), kind.strip() or "N"
                sep = self._class_chars(["marker.list_sep"])
                if kind == "text":
                    self._text_slots.setdefault(shape.id, []).append(name)
                    parts.append(f"(?P<{name}>[^.;]*)")
                    continue
                if kind == "list":
                    self._text_slots.setdefault(shape.id, []).append(name)
                    parts.append(f"(?P<{name}>w(?:(?:、|{sep})w)+)")
                    continue
                loose = kind.endswith("+..")  # figures apart by any words of the ；-segment
                kind = kind.removesuffix("..")
                commas = kind.endswith("+,")
                many = commas or kind.endswith("+")
                syms = kind.rstrip(",").rstrip("+").replace("|", "")
                if not syms or any(s not in FIGURE_SYMBOLS for s in syms):
                    raise RulePackError(f"{shape.source}: shape {shape.id}: unknown figure kind '{kind}'")
                cls = f"[{syms}]"
                gap = f"(?:、|w|{sep}|\\([^()]*\\)" + ("|,|;" if commas else "") + ")*"
                if loose:  # any tokens but another figure of the list's own kinds
                    gap = "[^.;" + re.escape(syms) + "]*?"
                parts.append(f"(?P<{name}>{cls}(?:{gap}{cls})*)" if many else f"(?P<{name}>{cls})")
            elif tok.startswith("<"):
                parts.append(self._class_chars(tok[1:-1].split("|")))
            elif tok.startswith("..."):
                parts.append("[^." + tok[4:] + "]*?")
            elif tok.startswith(".."):
                parts.append("[^.;" + tok[3:] + "]*?")
            elif tok == "[":
                parts.append("(?:")
            elif tok == "]":
                parts.append(")")
            elif tok in ("?", "*", "+", "|"):
                parts.append(tok)
            elif tok in (",", ";", ":", "、", "(", ")"):
                parts.append(re.escape(tok))
            elif tok == "w":
                parts.append("w")
            elif tok == "^":
                parts.append("^")
            else:
                raise RulePackError(f"{shape.source}: shape {shape.id}: cannot read '{tok}' in its pattern")
        try:
            return re.compile("".join(parts))
        except re.error as exc:
            raise RulePackError(f"{shape.source}: shape {shape.id}: bad pattern ({exc})") from None

    # matching ---------------------------------------------------------------------------
    def match(self, text: str, start: int, end: int, figures: Sequence[Figure]) -> list[Match]:
        """Every shape found in the sentence ``text[start:end]`` (non-overlapping per shape)."""
        if not figures:
            return []
        tokens = self.tokens(text, start, end, figures)
        symbols = "".join(t.symbol for t in tokens)
        out: list[Match] = []
        for shape in self.shapes:
            regex = self._compiled[shape.id]
            if regex.search(symbols) is None:
                continue  # most shapes are not in a sentence: one search, no match iterator
            for m in regex.finditer(symbols):
                if m.end() == m.start():
                    continue
                figs: dict[str, list[Figure]] = {}
                texts: dict[str, str] = {}
                for name in regex.groupindex:
                    a, b = m.span(name)
                    if a < 0:
                        continue
                    if name in self._text_slots.get(shape.id, ()):
                        lo = tokens[a].start if a < len(tokens) else end
                        hi = tokens[b - 1].end if b > a else lo
                        texts[name] = text[lo:hi]
                        continue
                    figs[name] = [t.figure for t in tokens[a:b] if t.figure is not None]
                out.append(Match(shape, figs, texts, tokens[m.start()].start, tokens[m.end() - 1].end,
                                 tuple(tokens[m.start() : m.end()])))
        return out


def _close_run(out: list[Token], run: int, pos: int) -> int:
    """End the run of plain text that started at ``run`` (if any) at ``pos``: one ``w`` token."""
    if run >= 0:
        out.append(Token("w", run, pos))
    return -1


_MARK = re.compile("[，,；;：:、。！？!?\n" + re.escape(OPEN + CLOSE) + r"]|\s")  # what _punctuation names, and spaces
_NUMERAL_NEXT = re.compile(r"\s*[\d０-９一二两三四五六七八九十]")


def _punctuation(ch: str) -> str | None:
    if ch in "，,":
        return ","
    if ch in "；;":
        return ";"
    if ch in "：:":
        return ":"
    if ch == "、":
        return "、"
    if ch in OPEN:
        return "("
    if ch in CLOSE:
        return ")"
    if ch in "。！？!?\n":
        return "."
    return None


# --- loading --------------------------------------------------------------------------------


def shape_files(extra_dirs: Sequence[str] = ()) -> list[Path]:
    files = [rules_dir() / SHAPES_FILE]
    for d in extra_dirs:
        p = Path(d)
        if p.is_file() and (p.name == SHAPES_FILE or p.name.endswith(SHAPES_SUFFIX)):
            files.append(p)
        elif p.is_dir():
            files.extend(sorted(f for f in p.iterdir() if f.name == SHAPES_FILE or f.name.endswith(SHAPES_SUFFIX)))
    return files


_CACHE: dict[tuple[Any, ...], tuple[Shape, ...]] = {}


def load_shapes(extra_dirs: Sequence[str] = ()) -> tuple[Shape, ...]:
    """The packaged shapes, then the users' (a shape with a known id replaces it)."""
    files = shape_files(extra_dirs)
    key = tuple((str(f), f.stat().st_mtime, f.stat().st_size) for f in files if f.exists())
    hit = _CACHE.get(key)
    if hit is not None:
        return hit
    by_id: dict[str, Shape] = {}
    for f in files:
        for shape in _read(f):
            if shape.id in by_id and not shape.pattern:
                del by_id[shape.id]
            else:
                by_id[shape.id] = shape
    shapes = tuple(s for s in by_id.values())
    if len(_CACHE) > 8:
        _CACHE.clear()
    _CACHE[key] = shapes
    return shapes


def shape_set(lexicon: Lexicon, extra_dirs: Sequence[str] = ()) -> ShapeSet:
    """The compiled shapes for ``lexicon`` (the packaged shapes plus those of ``extra_dirs``),
    kept with the lexicon they were compiled for."""
    shapes = load_shapes(extra_dirs)
    key = tuple((s.id, s.relation, s.pattern) for s in shapes)
    return lexicon.compiled(("shapes", key), lambda: ShapeSet(shapes, lexicon))


def _read(path: Path) -> list[Shape]:
    try:  # bounded, and a regular file only (a FIFO named like one never blocks the command)
        raw = read_limited(path, MAX_SHAPES_BYTES)
    except FileTooLarge:
        raise RulePackError(f"{path}: shapes file is larger than {MAX_SHAPES_BYTES // 1024} KB") from None
    except ReadError as exc:
        raise RulePackError(f"{path}: cannot read sentence shapes: {exc.message}") from None
    try:
        data = load(raw.decode("utf-8"), str(path))
    except UnicodeDecodeError:
        raise RulePackError(f"{path}: shapes file is not UTF-8 text") from None
    issues = validate(data, SHAPES_FILE_SCHEMA)
    if issues:
        first = issues[0]
        raise RulePackError(f"{path}:{first.line}: {first.path}: {first.message}")
    out = []
    for item in data["shapes"]:
        if item.get("enabled", True) is False:
            out.append(Shape(item["id"], item["relation"], "", source=str(path)))
            continue
        out.append(Shape(item["id"], item["relation"], item["pattern"], dict(item.get("roles") or {}),
                         dict(item.get("params") or {}), item.get("example", ""), f"{path}:{item.line}"))
    return out
