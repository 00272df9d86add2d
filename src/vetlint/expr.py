"""A small, safe expression language for formulas in rule packs.

``total / students``, ``(new - old) / old``, ``part / whole * 100``,
``a + b == c``: numbers, named inputs, ``+ - * /``, parentheses, unary minus,
``abs() min() max()`` and one comparison. A tokenizer and a recursive-descent
parser build a tree; evaluation runs over ``Interval`` values so rounding is
carried through. Nothing is ever passed to ``eval``/``exec``.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from typing import Union

from vetlint.intervals import Interval

MAX_LENGTH = 400
MAX_DEPTH = 40

_TOKEN = re.compile(
    r"\s*(?:(?P<num>\d+(?:\.\d+)?(?:[eE][-+]?\d+)?)|(?P<name>[A-Za-z_\u4e00-\u9fff][\w\u4e00-\u9fff]*)"
    r"|(?P<op>==|!=|<=|>=|[-+*/()<>=,]))"
)
_COMPARE = {"==", "=", "!=", "<", "<=", ">", ">="}
_FUNCS = {"abs", "min", "max"}


class ExprError(ValueError):
    """A formula that cannot be parsed or evaluated (the message says where)."""


@dataclass(frozen=True, slots=True)
class Num:
    value: float


@dataclass(frozen=True, slots=True)
class Name:
    name: str


@dataclass(frozen=True, slots=True)
class Unary:
    op: str
    operand: Node


@dataclass(frozen=True, slots=True)
class Binary:
    op: str
    left: Node
    right: Node


@dataclass(frozen=True, slots=True)
class Call:
    func: str
    args: tuple[Node, ...]


Node = Union[Num, Name, Unary, Binary, Call]  # noqa: UP007 - forward references


def tokenize(text: str) -> list[tuple[str, str, int]]:
    """``(kind, text, offset)`` tokens; kind is ``num``, ``name`` or ``op``."""
    if len(text) > MAX_LENGTH:
        raise ExprError(f"formula longer than {MAX_LENGTH} characters")
    tokens: list[tuple[str, str, int]] = []
    pos = 0
    text = text.rstrip()
    while pos < len(text):
        m = _TOKEN.match(text, pos)
        if not m or m.end() == pos:
            raise ExprError(f"unexpected character {text[pos]!r} at column {pos + 1}")
        kind = m.lastgroup or "op"
        tokens.append((kind, m.group(kind), m.start(kind)))
        pos = m.end()
    return tokens


class _Parser:
    def __init__(self, text: str) -> None:
        self.text = text
        self.tokens = tokenize(text)
        self.i = 0
        self.depth = 0

    def peek(self) -> tuple[str, str, int] | None:
        return self.tokens[self.i] if self.i < len(self.tokens) else None

    def take(self, value: str | None = None) -> tuple[str, str, int]:
        tok = self.peek()
        if tok is None:
            raise ExprError(f"formula ends early (expected {value or 'a value'})")
        if value is not None and tok[1] != value:
            raise ExprError(f"expected '{value}' at column {tok[2] + 1}, found '{tok[1]}'")
        self.i += 1
        return tok

    def parse(self) -> Node:
        node = self.comparison()
        tok = self.peek()
        if tok is not None:
            raise ExprError(f"unexpected '{tok[1]}' at column {tok[2] + 1}")
        return node

    def comparison(self) -> Node:
        left = self.sum()
        tok = self.peek()
        if tok and tok[0] == "op" and tok[1] in _COMPARE:
            self.i += 1
            right = self.sum()
            op = "==" if tok[1] == "=" else tok[1]
            return Binary(op, left, right)
        return left

    def sum(self) -> Node:
        node = self.term()
        while (tok := self.peek()) and tok[1] in ("+", "-"):
            self.i += 1
            node = Binary(tok[1], node, self.term())
        return node

    def term(self) -> Node:
        node = self.unary()
        while (tok := self.peek()) and tok[1] in ("*", "/"):
            self.i += 1
            node = Binary(tok[1], node, self.unary())
        return node

    def unary(self) -> Node:
        tok = self.peek()
        if tok and tok[1] in ("-", "+"):
            self.i += 1
            self._enter()
            node = Unary(tok[1], self.unary())
            self.depth -= 1
            return node
        return self.atom()

    def atom(self) -> Node:
        kind, text, offset = self.take()
        if kind == "num":
            return Num(float(text))
        if kind == "name":
            if (nxt := self.peek()) and nxt[1] == "(":
                if text not in _FUNCS:
                    raise ExprError(f"unknown function '{text}' at column {offset + 1}")
                self.take("(")
                self._enter()
                args = [self.sum()]
                while (t := self.peek()) and t[1] == ",":
                    self.i += 1
                    args.append(self.sum())
                self.take(")")
                self.depth -= 1
                if text == "abs" and len(args) != 1:
                    raise ExprError("abs() takes one argument")
                return Call(text, tuple(args))
            return Name(text)
        if text == "(":
            self._enter()
            node = self.sum()
            self.take(")")
            self.depth -= 1
            return node
        raise ExprError(f"unexpected '{text}' at column {offset + 1}")

    def _enter(self) -> None:
        self.depth += 1
        if self.depth > MAX_DEPTH:
            raise ExprError("formula nested too deeply")


@dataclass(frozen=True, slots=True)
class Expression:
    text: str
    tree: Node

    @classmethod
    def parse(cls, text: str) -> Expression:
        return cls(text, _Parser(text).parse())

    @property
    def names(self) -> set[str]:
        out: set[str] = set()
        _collect(self.tree, out)
        return out

    @property
    def is_comparison(self) -> bool:
        return isinstance(self.tree, Binary) and self.tree.op in _COMPARE

    def evaluate(self, env: dict[str, Interval | float]) -> Interval | bool:
        """The interval of the value (or, for a comparison, whether it can hold)."""
        return _eval(self.tree, env)


def _collect(node: Node, out: set[str]) -> None:
    if isinstance(node, Name):
        out.add(node.name)
    elif isinstance(node, Unary):
        _collect(node.operand, out)
    elif isinstance(node, Binary):
        _collect(node.left, out)
        _collect(node.right, out)
    elif isinstance(node, Call):
        for arg in node.args:
            _collect(arg, out)


def _iv(value: Interval | float | bool) -> Interval:
    if isinstance(value, bool):
        raise ExprError("a comparison cannot be used as a number")
    return value if isinstance(value, Interval) else Interval.point(float(value))


def _eval(node: Node, env: dict[str, Interval | float]) -> Interval | bool:
    if isinstance(node, Num):
        return Interval.point(node.value)
    if isinstance(node, Name):
        if node.name not in env:
            raise ExprError(f"no value for '{node.name}'")
        return _iv(env[node.name])
    if isinstance(node, Unary):
        value = _iv(_eval(node.operand, env))
        return -value if node.op == "-" else value
    if isinstance(node, Call):
        args = [_iv(_eval(a, env)) for a in node.args]
        if node.func == "abs":
            a = args[0]
            if a.low >= 0:
                return a
            if a.high <= 0:
                return -a
            return Interval(0.0, max(-a.low, a.high))
        if node.func == "min":
            return Interval(min(a.low for a in args), min(a.high for a in args))
        return Interval(max(a.low for a in args), max(a.high for a in args))
    assert isinstance(node, Binary)
    left = _iv(_eval(node.left, env))
    right = _iv(_eval(node.right, env))
    op = node.op
    if op == "+":
        return left + right
    if op == "-":
        return left - right
    if op == "*":
        return left * right
    if op == "/":
        if right.low == 0 == right.high:
            raise ExprError("division by zero")
        return left / right
    # comparisons: can the relation hold for some values inside the intervals?
    if op == "==":
        return left.intersects(right)
    if op == "!=":
        return not (left.low == left.high == right.low == right.high)
    if op == "<":
        return left.low < right.high
    if op == "<=":
        return left.low <= right.high
    if op == ">":
        return left.high > right.low
    return left.high >= right.low
