"""One escape for every output a person reads: report text must never drive what shows it.

A report (and its file name) is written by a stranger. Shown raw, ESC could retitle or
clear a terminal, C1 controls act like ESC on some terminals, a line end could start a
line that a CI runner obeys, bidi overrides (U+202E) reorder what is read, and a lone
surrogate or U+FFFF makes a JUnit or Word file unparseable. Every renderer (console,
HTML, JUnit, CSV, Word comments, the GitHub job summary and annotations) passes text
through this module:

- ``ESCAPES``: controls (but tab and newline), C1, bidi and line-separator characters,
  lone surrogates and the two non-characters XML forbids, each as a visible ASCII escape
  (``\\x1b``, ``\\u202e``);
- ``defuse``: workflow commands — ``::`` at the start of a line (GitHub Actions trims
  leading blanks before it), ``##[`` anywhere in a line (the runner's legacy commands)
  and ``##vso[`` (Azure Pipelines) — with one character escaped the same way;
- ``safe`` (both), ``one_line`` (also newline and tab, for names and labels) and
  ``guard_output``, the last pass over a whole console output.
"""

from __future__ import annotations

import re

_CONTROLS = [*range(0x00, 0x09), *range(0x0B, 0x20), *range(0x7F, 0xA0)]
_BIDI = [0x061C, 0x200E, 0x200F, *range(0x202A, 0x202F), *range(0x2066, 0x206A), 0x2028, 0x2029]
# Not characters at all (a JSON ``\\ud800``, an undecodable file name) or not allowed in XML 1.0.
_NOT_XML = [*range(0xD800, 0xE000), 0xFFFE, 0xFFFF]

ESCAPES: dict[int, str] = (
    {cp: f"\\x{cp:02x}" for cp in _CONTROLS}
    | {cp: f"\\u{cp:04x}" for cp in (*_BIDI, *_NOT_XML)}
)
_ONE_LINE = ESCAPES | {ord("\n"): "\\x0a", ord("\t"): "\\x09"}
_BUT_ESC = {k: v for k, v in ESCAPES.items() if k != 0x1B}

# A line the GitHub runner obeys starts with "::" after leading blanks; its legacy form and
# Azure's are found anywhere in a line. "\x3a" and "\x23" are ":" and "#".
_LEADING_COMMAND = re.compile(r"^([^\S\n]*):(?=:)", re.MULTILINE)
_ANYWHERE_COMMAND = re.compile(r"#(?=#(?:\[|vso\[))", re.IGNORECASE)


def visible(text: str) -> str:
    """Controls, bidi marks and non-characters shown as escapes; tab and newline kept."""
    return text.translate(ESCAPES)


def defuse(text: str) -> str:
    """No line of ``text`` can be read as a CI workflow command."""
    if ":" in text:
        text = _LEADING_COMMAND.sub(lambda m: m.group(1) + "\\x3a", text)
    if "#" in text:
        text = _ANYWHERE_COMMAND.sub("\\\\x23", text)
    return text


def safe(text: str | None) -> str:
    """``visible`` and ``defuse``: report text for any human-facing output."""
    return defuse(visible(text or ""))


def one_line(text: str | None) -> str:
    """A file name, label or code: ``safe``, on one line (newline and tab escaped too)."""
    return defuse((text or "").translate(_ONE_LINE))


def guard_output(text: str, *, keep_ansi: bool = False) -> str:
    """The last pass over a whole rendered output: whatever reached it unescaped, no
    line can hide characters or be obeyed by a runner. ``keep_ansi`` leaves ESC alone
    (the console's own colours, only ever used on a terminal)."""
    if keep_ansi:
        return defuse(text.translate(_BUT_ESC))
    return safe(text)
