"""What to check: files as given, folders searched, globs expanded — never outside them.

A folder (or the fixed part of a glob) is the boundary of what a stranger submitted. A
symbolic link in it that points outside (``p.txt -> /etc/passwd``) is not followed: it
is listed with the error ``link-outside`` so the reviewer sees it, and nothing outside
is read. Links to folders are not descended at all (their files are either inside and
reached anyway, or outside). ``follow_symlinks`` opts in to both, with every folder
visited once (a link loop such as ``self -> .`` ends). The walk is our own, iterative
and bounded (``MAX_ENTRIES``), so ``'dir/**/*.txt'`` over any tree ends quickly.

A file named explicitly is read wherever it points: the person running vetlint named it.
Folders and globs leave out the commented copies ``vetlint annotate`` wrote (they would
count every finding twice; ``marker.is_vetlint_copy``, which opens regular files only);
a file named explicitly is checked whatever it is.
"""

from __future__ import annotations

import fnmatch
import os
import stat
from collections.abc import Iterable, Iterator
from dataclasses import dataclass, field
from pathlib import Path

from vetlint.errors import UsageError
from vetlint.marker import is_vetlint_copy
from vetlint.readers import FORMATS

GLOB_CHARS = frozenset("*?[")
MAX_ENTRIES = 200_000  # directory entries one folder or glob may visit


@dataclass(slots=True)
class Expansion:
    """Inputs in order; ``refused`` maps a path that will not be read to why (an error dict);
    ``skipped`` lists the copies ``vetlint annotate`` wrote that folders and globs held."""

    paths: list[str] = field(default_factory=list)
    refused: dict[str, dict[str, str]] = field(default_factory=dict)
    skipped: list[str] = field(default_factory=list)

    @property
    def files(self) -> list[str]:
        """The paths to read."""
        return [p for p in self.paths if p not in self.refused]


def expand_inputs(
    paths: Iterable[str], skipped: list[str] | None = None, *, follow_symlinks: bool = False
) -> list[str]:
    """The files to read (``expand(...).files``); the annotated copies left out go to
    ``skipped``."""
    expansion = expand(paths, follow_symlinks=follow_symlinks)
    if skipped is not None:
        skipped.extend(expansion.skipped)
    return expansion.files


def expand(paths: Iterable[str], *, follow_symlinks: bool = False) -> Expansion:
    """Files as given, folders searched for supported extensions (sorted), globs expanded.

    Duplicates are dropped (first occurrence wins). A file given explicitly or matched by
    a glob is kept whatever its extension, so an unsupported one becomes a read error.
    A missing path, an empty folder or a glob that matches nothing is a ``UsageError``,
    and so is a folder that holds only copies ``vetlint annotate`` wrote.
    """
    out = Expansion()
    seen: set[str] = set()

    def add(found: _Found, searched: bool) -> bool:
        """Add ``found`` unless seen; False when it is an annotated copy left out."""
        key = os.path.normpath(found.path)
        if key in seen:
            return True
        seen.add(key)
        if searched and found.refused is None and is_vetlint_copy(found.path):
            out.skipped.append(found.path)
            return False
        out.paths.append(found.path)
        if found.refused is not None:
            out.refused[found.path] = found.refused
        return True

    for raw in paths:
        p = Path(raw)
        if p.is_dir():
            found = sorted(_Walk(raw, follow_symlinks).reports(), key=lambda f: f.path)
            if not found:
                raise UsageError(f"{raw}: no reports found in this folder")
            if not [f for f in found if add(f, True)]:
                raise UsageError(f"{raw}: no reports in this folder, only copies written by "
                                 "vetlint annotate")
            continue
        if p.exists() or p.is_symlink():
            add(_Found(raw), False)  # named on purpose: checked whatever it is
            continue
        if GLOB_CHARS & set(raw):
            found = _glob(raw, follow_symlinks)
            if not found:
                raise UsageError(f"{raw}: no files match this pattern")
            for f in found:
                add(f, True)
            continue
        raise UsageError(f"{raw}: no such file or directory")
    return out


@dataclass(frozen=True, slots=True)
class _Found:
    path: str
    refused: dict[str, str] | None = None


def _outside(path: str, root: str) -> dict[str, str]:
    target = os.path.realpath(path)
    return {
        "code": "link-outside",
        "message": f"a symbolic link to {target}, outside {root}: not followed "
        "(nothing outside the folder given is read; --follow-symlinks to follow it)",
    }


class _Walk:
    """Iterative walks that stay inside ``top`` (unless following links), all of them
    together visiting at most ``MAX_ENTRIES`` entries."""

    def __init__(self, top: str, follow_symlinks: bool) -> None:
        self.top = top
        self.root = os.path.realpath(top)
        self.follow = follow_symlinks
        self.entries = 0

    def inside(self, path: str) -> bool:
        target = os.path.realpath(path)
        return target == self.root or target.startswith(self.root.rstrip(os.sep) + os.sep)

    def children(
        self, folder: str, visited: set[tuple[int, int]]
    ) -> Iterator[tuple[os.DirEntry[str], bool]]:
        """``(entry, is_dir)`` for each entry of ``folder``; a link to a folder counts as a
        folder only when links are followed, and a folder seen before not at all (loops)."""
        try:
            with os.scandir(folder) as it:
                entries = list(it)
        except OSError:
            return
        self.entries += len(entries)
        if self.entries > MAX_ENTRIES:
            raise UsageError(
                f"{self.top}: more than {MAX_ENTRIES:,} files and folders to search; "
                "name a narrower folder or pattern"
            )
        for entry in entries:
            try:
                if entry.is_symlink() and not self.follow:
                    yield entry, False
                    continue
                st = os.stat(entry.path)
            except OSError:  # a dangling link: a file that cannot be read
                yield entry, False
                continue
            if not stat.S_ISDIR(st.st_mode):
                yield entry, False
            elif (st.st_dev, st.st_ino) not in visited:
                visited.add((st.st_dev, st.st_ino))
                yield entry, True

    def found(self, entry: os.DirEntry[str]) -> _Found | None:
        """A file entry as an input: refused when it is a link out of the folder; None
        for a link to a folder (never descended without ``follow_symlinks``)."""
        if entry.is_symlink() and not self.follow:
            if os.path.isdir(entry.path):
                return None
            if not self.inside(entry.path):
                return _Found(entry.path, _outside(entry.path, self.top))
        return _Found(entry.path)

    def reports(self, start: str | None = None) -> Iterator[_Found]:
        """Every non-hidden file with a supported extension under ``start`` (default: the
        top), hidden folders skipped."""
        start = start or self.top
        first = os.stat(start)
        visited = {(first.st_dev, first.st_ino)}
        stack = [start]
        while stack:
            folder = stack.pop()
            for entry, is_dir in self.children(folder, visited):
                if entry.name.startswith("."):
                    continue
                if is_dir:
                    stack.append(entry.path)
                elif Path(entry.name).suffix.lower() in FORMATS:
                    found = self.found(entry)
                    if found is not None:
                        yield found


def _split(pattern: str) -> tuple[str, list[str]]:
    """The fixed folder a pattern starts from, and its remaining segments."""
    parts = Path(pattern).parts
    fixed: list[str] = []
    for i, part in enumerate(parts):
        if GLOB_CHARS & set(part):
            rest = list(parts[i:])
            break
        fixed.append(part)
    else:  # pragma: no cover - only called for patterns with glob characters
        rest = []
    base = str(Path(*fixed)) if fixed else "."
    return base, rest


def _closure(states: set[int], segments: list[str]) -> set[int]:
    """States reachable without consuming a name: ``**`` may match no folder at all."""
    out = set(states)
    todo = list(states)
    while todo:
        i = todo.pop()
        if i < len(segments) and segments[i] == "**" and i + 1 not in out:
            out.add(i + 1)
            todo.append(i + 1)
    return out


def _step(states: set[int], name: str, segments: list[str]) -> set[int]:
    """The states after one path component ``name`` (hidden names only match a segment
    that starts with a dot, as the shell and ``glob`` do)."""
    nxt: set[int] = set()
    hidden = name.startswith(".")
    for i in _closure(states, segments):
        if i >= len(segments):
            continue
        seg = segments[i]
        if seg == "**":
            if not hidden:
                nxt.add(i)
        elif (not hidden or seg.startswith(".")) and fnmatch.fnmatch(name, seg):
            nxt.add(i + 1)
    return _closure(nxt, segments)


def _glob(pattern: str, follow_symlinks: bool) -> list[_Found]:
    """Our own ``glob`` (``**`` any number of folders): matched files, and the reports in
    matched folders, inside the pattern's fixed folder."""
    base, segments = _split(pattern)
    if not os.path.isdir(base):
        return []
    walk = _Walk(base, follow_symlinks)
    found: list[_Found] = []
    end = len(segments)
    top = os.stat(base)
    visited = {(top.st_dev, top.st_ino)}
    stack: list[tuple[str, set[int]]] = [(base, {0})]
    while stack:
        folder, states = stack.pop()
        for entry, is_dir in walk.children(folder, visited):
            after = _step(states, entry.name, segments)
            if not after:
                continue
            if is_dir:
                if end in after:
                    found.extend(walk.reports(entry.path))
                if any(i < end for i in after):
                    stack.append((entry.path, after))
            elif end in after:
                one = walk.found(entry)
                if one is not None:
                    found.append(one)
    here = os.curdir + os.sep
    if not pattern.startswith(here):  # glob("*.txt") says "a.txt", not "./a.txt"
        found = [_Found(f.path.removeprefix(here), f.refused) if f.path.startswith(here) else f
                 for f in found]
    path_of = {f.path: f for f in found}
    return [path_of[p] for p in sorted(path_of)]
