"""Secondary suppression: no hidden count can be recovered from the published ones.

Hiding the counts 1-4 is not enough when the totals beside them are exact:
in "Psychotrauma 7 = MAR <5 + PAN 6" the hidden count is 7 - 6 = 1. So every
table that leaves the sites hides more cells ("complements") until each hidden
cell could take another value without changing anything published.

The table of one indicator (one figure) is read as a reader would read it:

    rows     "all" and one per category;
    columns  the total, then the members of each group: sites, sexes, age groups;
    sums     in each row, total = sum of the sites = sum of the sexes = sum of the ages;
             in each column, the "all" row = sum of the categories.

(For people counted once in the total though seen at two sites or in two
categories, the true sums are inequalities; the reader still adds and
subtracts, so the protection treats every sum as exact.)

What the reader knows of a hidden cell: it is not 0 (zeros are published:
a 0 is not about anybody, and hiding only some zeros would mark the others);
a primary cell ("<5") is 1..limit-1; a complement ("x") is limit or more.

Protection, cell by cell: a hidden cell is safe when there is a *witness*,
an alternative table that keeps every published cell and every sum, keeps
every hidden cell within what the reader knows of it, and changes this cell.
Then nothing published, added or subtracted in any way, can tell the two
tables apart. Witnesses are looked for among moves of +-1 on few cells:

    rectangle   two rows x two members of one group (the "all" row counts as a row),
                e.g. +1 PAN boys, -1 MAR boys, -1 PAN girls, +1 MAR girls;
    pair        two members of one group when the figure has no categories;
    total move  two rows' totals (or one, without categories) and, in every
                group, one member in those rows: the only way a hidden total
                can change while the three groups still add up.

A hidden cell with no witness gets one: the cheapest move through it (fewest
new cells, margins counting more, then smallest counts, then table order)
whose cells are hidden too. This repeats until every hidden cell has a
witness; hidden cells only grow, so it stops. The result is deterministic.

A few tables cannot be protected against the reader's bounds whatever is
hidden (a total of 4 spread as 1 at each of four sites: 1+1+1+1 is the only
way to make 4 from four non-zero counts). Their cells still get a move that
changes them (no linear derivation); they are listed in `degenerate`.
tests/reports/test_suppression_secondary.py checks both properties with an
exact rational rank test and the witnesses, on generated months.
"""

from __future__ import annotations

import enum
from collections.abc import Iterator, Sequence
from dataclasses import dataclass, field

ALL = "\x00all"  # the row of the whole figure (categories are other strings)
TOTAL = "\x00total"  # the column of row totals

Cell = tuple  # (TOTAL, row) or (group, row, member)
Move = dict  # Cell -> +1 / -1


class Kind(enum.StrEnum):
    PRIMARY = "primary"  # 1..limit-1, shown "<limit"
    SECONDARY = "secondary"  # hidden so that a primary cannot be derived, shown "x"


@dataclass
class Grid:
    """One figure's counts: rows (ALL first, then categories) and groups of members."""

    rows: list[str]
    groups: dict[str, list]
    values: dict[Cell, int]

    def value(self, cell: Cell) -> int:
        return self.values.get(cell, 0)

    @property
    def split(self) -> bool:
        return len(self.rows) > 1

    def cells(self) -> Iterator[Cell]:
        for row in self.rows:
            yield (TOTAL, row)
            for group, members in self.groups.items():
                for member in members:
                    yield (group, row, member)

    def constraints(self) -> list[tuple[Cell, list[Cell]]]:
        """(total, parts) for every sum a reader can write."""
        out = [((TOTAL, r), [(g, r, m) for m in ms]) for r in self.rows
               for g, ms in self.groups.items()]
        if self.split:
            cats = self.rows[1:]
            out.append(((TOTAL, ALL), [(TOTAL, c) for c in cats]))
            out += [((g, ALL, m), [(g, c, m) for c in cats])
                    for g, ms in self.groups.items() for m in ms]
        return out


@dataclass
class Protection:
    hidden: dict[Cell, Kind] = field(default_factory=dict)
    witnesses: dict[Cell, Move] = field(default_factory=dict)
    degenerate: set[Cell] = field(default_factory=set)


def _sign(grid: Grid, row: str, column) -> int:
    """Signs that turn a table with margins into one whose rows and columns all add to 0:
    a move that alternates +1/-1 there keeps every sum here. (Without categories the
    "all" row is the only row, not a margin.)"""
    return (-1 if grid.split and row == ALL else 1) * (-1 if column == TOTAL else 1)


def _moves(grid: Grid, cell: Cell) -> Iterator[Move]:
    """The small moves that change `cell` and keep every sum, in a fixed order."""
    row = cell[1]
    others = [r for r in grid.rows if r != row] if grid.split else [None]
    if cell[0] != TOTAL:
        group, _row, member = cell
        for col in grid.groups[group]:
            if col == member:
                continue
            for other in others:
                # other None: no categories, the pair in the one row.
                corners = [((group, row, member), 1), ((group, row, col), -1)]
                if other is not None:
                    corners += [((group, other, member), -1), ((group, other, col), 1)]
                yield {c: s * _sign(grid, c[1], c[2]) for c, s in corners}
    yield from _total_moves(grid, row, others, cell)


def _total_moves(grid: Grid, row: str, others: Sequence, cell: Cell) -> Iterator[Move]:
    """Moves of a row's total: one member per group follows it (every member combination
    through `cell`, chosen group by group by the caller's cost: see _cheapest)."""
    for other in others:
        base = [((TOTAL, row), 1)] + ([((TOTAL, other), -1)] if other is not None else [])
        yield {"__total__": (row, other),
               **{c: s * _sign(grid, c[1], TOTAL) for c, s in base}}


@dataclass(frozen=True)
class _Bounds:
    limit: int

    def allows(self, value: int, kind: Kind, step: int) -> bool:
        new = value + step
        if kind is Kind.PRIMARY:
            return 1 <= new <= self.limit - 1
        return new >= self.limit


def _cost(grid: Grid, cells: Sequence[Cell], hidden: dict[Cell, Kind]) -> tuple[int, int]:
    """Fewest newly hidden cells (a total or an "all" cell counts three), then smallest."""
    new = [c for c in cells if c not in hidden]
    weight = sum(3 if (c[0] == TOTAL or c[1] == ALL) else 1 for c in new)
    return weight, sum(grid.value(c) for c in new)


def _fits(grid: Grid, move: Move, hidden: dict[Cell, Kind], bounds: _Bounds | None,
          direction: int) -> bool:
    for c, step in move.items():
        value = grid.value(c)
        if value == 0:
            return False  # a published zero cannot move
        kind = hidden.get(c, Kind.SECONDARY)
        if bounds is not None and not bounds.allows(value, kind, step * direction):
            return False
    return True


def _complete(grid: Grid, move: Move, hidden, bounds, direction, cell: Cell):
    """A total move made whole: in every group, the cheapest member that can follow."""
    row, other = move.pop("__total__")
    if not _fits(grid, move, hidden, bounds, direction):
        return None
    full = dict(move)
    for group, members in grid.groups.items():
        best = None
        for m in members:
            # The rectangle (row, other) x (total, m): -1 where the totals have +1, -1.
            part = {(group, row, m): -_sign(grid, row, m)}
            if other is not None:
                part[(group, other, m)] = _sign(grid, other, m)
            if cell[0] == group and cell[2] != m and cell[1] in (row, other):
                continue  # the move must go through `cell`
            if not _fits(grid, part, hidden, bounds, direction):
                continue
            key = _cost(grid, list(part), hidden)
            if best is None or key < best[0]:
                best = (key, part)
                if key == (0, 0):
                    break
        if best is None:
            return None
        full.update(best[1])
    if cell not in full:
        return None
    return full


def _cheapest(grid: Grid, cell: Cell, hidden: dict[Cell, Kind],
              bounds: _Bounds | None) -> Move | None:
    """The cheapest move through `cell` that the bounds allow (None: there is none)."""
    best = None
    for template in _moves(grid, cell):
        for direction in (1, -1):
            move = dict(template)
            if "__total__" in move:
                totals = [c for c in move if c != "__total__"]
                if best is not None and _cost(grid, totals, hidden) >= best[0]:
                    continue  # its totals alone cost as much as the best move found
                move = _complete(grid, move, hidden, bounds, direction, cell)
                if move is None:
                    continue
            elif not _fits(grid, move, hidden, bounds, direction):
                continue
            key = _cost(grid, list(move), hidden)
            if best is None or key < best[0]:
                best = (key, {c: s * direction for c, s in move.items()})
                if key == (0, 0):  # every cell already hidden: nothing is cheaper
                    return best[1]
    return None if best is None else best[1]


def protect(grid: Grid, limit: int) -> Protection:
    """Primary cells (1..limit-1) and the complements that leave each of them undetermined."""
    result = Protection()
    hidden = result.hidden
    order = {c: i for i, c in enumerate(grid.cells())}
    for cell in order:
        if 0 < grid.value(cell) < limit:
            hidden[cell] = Kind.PRIMARY
    bounds = _Bounds(limit)
    pending = True
    while pending:
        pending = False
        for cell in sorted(hidden, key=order.__getitem__):
            if cell in result.witnesses:
                continue  # its move's cells stay hidden with the same kinds: still valid
            move = _cheapest(grid, cell, hidden, bounds)
            if move is None:
                move = _cheapest(grid, cell, hidden, None)
                result.degenerate.add(cell)
            if move is None:  # cannot happen: a hidden cell is non-zero, so is its row
                raise AssertionError("no move through a non-zero cell")
            for c in move:
                if c not in hidden:
                    hidden[c] = Kind.SECONDARY
                    pending = True
            result.witnesses[cell] = move
    return result
