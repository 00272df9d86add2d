"""Ruled tables from a page's drawn lines: column and row edges, merged cells.

Lines a hair apart are one line (``SNAP``), collinear pieces with a small gap are
one line (``JOIN``), and lines that touch form one table. A table's column edges
are its vertical lines, its row edges its horizontal lines; between two
neighbouring cells of that grid a missing line means a merged cell (Word's
gridSpan and vMerge drawn out). The result is the explicit-span grid every reader
hands to ``tablebuild``: each merged cell once, at its top-left corner.
"""

from __future__ import annotations

from dataclasses import dataclass

from vetlint.readers.pdfpage import Rule

SNAP = 3.0  # lines closer than this are one
JOIN = 3.0  # collinear pieces closer than this are one line
TOUCH = 3.0  # a horizontal and a vertical line this close meet


@dataclass(slots=True)
class Region:
    """A cell of a ruled table: rows ``row..row + rows - 1``, columns likewise."""

    row: int
    col: int
    rows: int
    cols: int


@dataclass(slots=True)
class RuledTable:
    xs: list[float]  # column edges, left to right
    ys: list[float]  # row edges, top to bottom
    regions: list[Region]

    @property
    def bbox(self) -> tuple[float, float, float, float]:
        return self.xs[0], self.ys[0], self.xs[-1], self.ys[-1]

    def box(self, region: Region) -> tuple[float, float, float, float]:
        return (self.xs[region.col], self.ys[region.row],
                self.xs[region.col + region.cols], self.ys[region.row + region.rows])


def _snap(values: list[float]) -> dict[float, float]:
    """Each value → the mean of its cluster (values within ``SNAP`` of the previous one)."""
    out: dict[float, float] = {}
    cluster: list[float] = []
    for v in sorted(set(values)):
        if cluster and v - cluster[-1] > SNAP:
            mean = sum(cluster) / len(cluster)
            out.update(dict.fromkeys(cluster, mean))
            cluster = []
        cluster.append(v)
    if cluster:
        mean = sum(cluster) / len(cluster)
        out.update(dict.fromkeys(cluster, mean))
    return out


def _merged(lines: list[tuple[float, float, float]]) -> list[tuple[float, float, float]]:
    """(position, start, end) lines: collinear pieces joined."""
    out: list[tuple[float, float, float]] = []
    for pos, start, end in sorted(lines):
        if out and out[-1][0] == pos and start <= out[-1][2] + JOIN:
            out[-1] = (pos, out[-1][1], max(out[-1][2], end))
        else:
            out.append((pos, start, end))
    return out


class _Groups:
    def __init__(self, n: int) -> None:
        self.parent = list(range(n))

    def find(self, i: int) -> int:
        while self.parent[i] != i:
            self.parent[i] = self.parent[self.parent[i]]
            i = self.parent[i]
        return i

    def join(self, i: int, j: int) -> None:
        a, b = self.find(i), self.find(j)
        if a != b:
            self.parent[max(a, b)] = min(a, b)


def find_tables(rules: list[Rule]) -> list[RuledTable]:
    """The ruled tables the lines of a page draw, top to bottom."""
    hs = [r for r in rules if r.horizontal]
    vs = [r for r in rules if not r.horizontal]
    if len(hs) < 2 or len(vs) < 2:
        return []
    ys = _snap([r.top for r in hs])
    xs = _snap([r.x0 for r in vs])
    horizontal = _merged([(ys[r.top], r.x0, r.x1) for r in hs])
    vertical = _merged([(xs[r.x0], r.top, r.bottom) for r in vs])
    n_h = len(horizontal)
    groups = _Groups(n_h + len(vertical))
    for i, (y, x0, x1) in enumerate(horizontal):
        for j, (x, top, bottom) in enumerate(vertical):
            if x0 - TOUCH <= x <= x1 + TOUCH and top - TOUCH <= y <= bottom + TOUCH:
                groups.join(i, n_h + j)
    members: dict[int, tuple[list[tuple[float, float, float]], list[tuple[float, float, float]]]] = {}
    for i, line in enumerate(horizontal):
        members.setdefault(groups.find(i), ([], []))[0].append(line)
    for j, line in enumerate(vertical):
        members.setdefault(groups.find(n_h + j), ([], []))[1].append(line)
    tables = [t for h, v in members.values() if (t := _table(h, v)) is not None]
    return sorted(tables, key=lambda t: (t.ys[0], t.xs[0]))


def _by_position(lines: list[tuple[float, float, float]]) -> dict[float, list[tuple[float, float]]]:
    out: dict[float, list[tuple[float, float]]] = {}
    for pos, start, end in lines:
        out.setdefault(pos, []).append((start, end))
    return out


def _covers(lines: dict[float, list[tuple[float, float]]], pos: float, at: float) -> bool:
    return any(start - TOUCH <= at <= end + TOUCH for start, end in lines.get(pos, ()))


def _table(horizontal_lines: list[tuple[float, float, float]],
           vertical_lines: list[tuple[float, float, float]]) -> RuledTable | None:
    if len(horizontal_lines) < 2 or len(vertical_lines) < 2:
        return None
    horizontal, vertical = _by_position(horizontal_lines), _by_position(vertical_lines)
    xs = sorted(vertical)
    ys = sorted(horizontal)
    if len(xs) < 2 or len(ys) < 2:
        return None
    n_rows, n_cols = len(ys) - 1, len(xs) - 1
    groups = _Groups(n_rows * n_cols)
    for i in range(n_rows):
        mid_y = (ys[i] + ys[i + 1]) / 2
        for j in range(n_cols):
            mid_x = (xs[j] + xs[j + 1]) / 2
            if j + 1 < n_cols and not _covers(vertical, xs[j + 1], mid_y):
                groups.join(i * n_cols + j, i * n_cols + j + 1)
            if i + 1 < n_rows and not _covers(horizontal, ys[i + 1], mid_x):
                groups.join(i * n_cols + j, (i + 1) * n_cols + j)
    spans: dict[int, list[int]] = {}
    for k in range(n_rows * n_cols):
        i, j = divmod(k, n_cols)
        root = groups.find(k)
        box = spans.setdefault(root, [i, j, i, j])
        box[0], box[1] = min(box[0], i), min(box[1], j)
        box[2], box[3] = max(box[2], i), max(box[3], j)
    regions = [Region(r0, c0, r1 - r0 + 1, c1 - c0 + 1) for r0, c0, r1, c1 in spans.values()]
    regions.sort(key=lambda r: (r.row, r.col))
    return RuledTable(xs, ys, regions)
