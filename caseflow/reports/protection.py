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

What the reader knows of a hidden cell: a primary cell ("<5") is 0..limit-1
(counts 1..limit-1, and the few zeros hidden below: the reader cannot tell
which); a complement ("x") is limit or more. Other zeros are published. A
witness takes a "<5" to 0 only in a sum that holds a hidden zero (_loose):
elsewhere it keeps to 1..limit-1, against a reader who guesses that zeros
are hidden only where needed.

Bounds alone can pin cells: 8 = PAN 5 + CAL <5 + MAR <5 + TRI <5 gives 1
each to a reader who takes "<5" for 1..4 (likewise when the hidden sum is
4 per "<5", or when "x" cells sit at 5). In every such sum (_pinned) the
first published zero of the sum, in table order, is hidden as "<5": four
"<5" adding up to 3 no longer pin anything. A sum without a zero to hide
gets its total (else its first published cell) hidden as "x".

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
whose cells are hidden too; if only a move through a published zero exists,
that zero is hidden as "<5". This repeats until every hidden cell has a
witness; hidden cells only grow, so it stops. The result is deterministic.

Should a table still resist (no cell left to hide), its cells get a move
that changes them (no linear derivation) and are listed in `degenerate`;
none do in the generated months of tests/reports/test_suppression_secondary.py,
which checks an exact rational rank test, the pinned sums and every witness.
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
    zeros: bool = False  # a published zero may join the move (then hidden as "<5")
    loose: frozenset = frozenset()  # cells of a sum with a hidden zero: "<5" may be 0 there

    def allows(self, cell: Cell, value: int, kind: Kind, step: int) -> bool:
        new = value + step
        if kind is Kind.PRIMARY:
            # zeros: the move hides one, the next round checks that this sum holds it
            low = 0 if self.zeros or value == 0 or cell in self.loose else 1
            return low <= new <= self.limit - 1
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
        if value == 0 and c not in hidden and not (bounds is None or bounds.zeros):
            return False  # a published zero cannot move (unless hidden with it, as "<5")
        kind = hidden.get(c, Kind.PRIMARY if value == 0 else Kind.SECONDARY)
        if bounds is not None and not bounds.allows(c, value, kind, step * direction):
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
            if bounds is not None and bounds.zeros and not _zero_ok(grid, move, hidden,
                                                                    bounds, direction):
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
    pending = True
    while pending:
        pending = False
        bounds = _Bounds(limit, loose=_loose(grid, hidden))
        for cell in sorted(hidden, key=order.__getitem__):
            if cell in result.witnesses and cell not in result.degenerate:
                continue  # its move's cells stay hidden with the same kinds: still valid
            result.degenerate.discard(cell)  # later hidden cells may give it a witness
            move = _cheapest(grid, cell, hidden, bounds)
            bounded = move is not None
            if not bounded:  # hiding a zero may make room; else any move that changes it
                move = (_cheapest(grid, cell, hidden, _Bounds(limit, True, bounds.loose))
                        or _cheapest(grid, cell, hidden, None))
            if move is None:  # cannot happen: without bounds, every cell can move
                raise AssertionError("no move through a hidden cell")
            new = [c for c in move if c not in hidden]
            for c in new:  # a zero hidden to make room is "<5" (0..4), never "x" (5+)
                hidden[c] = Kind.PRIMARY if grid.value(c) == 0 else Kind.SECONDARY
                pending = True
            if bounded or not new:  # else: look again with the new cells' bounds
                result.witnesses[cell] = move
                if not bounded:
                    result.degenerate.add(cell)
        # Complements first (they unpin most sums), then the sums still pinned.
        pending = _unpin(grid, hidden, order, limit, result) or pending
    result.degenerate |= {c for total, parts in grid.constraints()
                          if _pinned(grid, total, parts, hidden, limit)
                          for c in (total, *parts) if c in hidden}
    return result


def _zero_ok(grid: Grid, move: Move, hidden: dict[Cell, Kind], bounds: _Bounds,
             direction: int) -> bool:
    """A move that hides a zero: every "<5" it takes to 0 shares a sum with that zero."""
    zeros = {c for c in move if c not in hidden and not grid.value(c)}
    if not zeros:
        return False
    sums = [{total, *parts} for total, parts in grid.constraints()]
    return all(any(c in cells and cells & zeros for cells in sums) for c, step in move.items()
               if grid.value(c) and grid.value(c) + step * direction == 0
               and c not in bounds.loose)


def _loose(grid: Grid, hidden: dict[Cell, Kind]) -> frozenset:
    """Cells of the sums that hold a hidden zero. Only there may a witness take a "<5" to
    0: elsewhere a reader who guesses that zeros are hidden only to unpin a sum still
    reads "<5" as 1..4, and the witnesses stay within that."""
    out = set()
    for total, parts in grid.constraints():
        cells = (total, *parts)
        if any(c in hidden and not grid.value(c) for c in cells):
            out.update(cells)
    return frozenset(out)


def _pinned(grid: Grid, total: Cell, parts: list[Cell], hidden: dict[Cell, Kind],
            limit: int) -> bool:
    """Whether a reader who takes every "<5" for 1..limit-1 and every "x" for limit or more
    finds the hidden cells of this sum at their bounds (MAR <5 + PAN 5 + TRI <5 = 7: 1 + 1)."""
    signed = [(c, -1) for c in parts if c in hidden] + ([(total, 1)] if total in hidden else [])
    if not signed or any(not grid.value(c) for c, _s in signed):
        return False  # none hidden, or a hidden zero: that reading is wrong (October's fix)
    published = sum(grid.value(c) for c in parts if c not in hidden) - (
        0 if total in hidden else grid.value(total))
    rest = -published  # sum of the hidden parts minus the hidden total
    low = high = 0.0
    for c, sign in signed:
        lo, hi = (1, limit - 1) if hidden[c] is Kind.PRIMARY else (limit, float("inf"))
        if sign < 0:
            low, high = low + lo, high + hi
        else:
            low, high = low - hi, high - lo
    return rest in (low, high)


def _unpin(grid: Grid, hidden: dict[Cell, Kind], order: dict, limit: int,
           result: Protection) -> bool:
    """Unpin the sums whose hidden cells sit at their bounds: hide the first published zero
    of the sum as "<5" (so "<5" means 0..4), else its first published cell (the total
    first) as "x". True when something new was hidden."""
    changed = False
    for total, parts in grid.constraints():
        while _pinned(grid, total, parts, hidden, limit):
            zeros = [c for c in parts if c not in hidden and grid.value(c) == 0]
            others = [c for c in (total, *parts) if c not in hidden and grid.value(c)]
            if zeros:
                hidden[min(zeros, key=order.__getitem__)] = Kind.PRIMARY
            elif others:
                hidden[others[0]] = Kind.SECONDARY
            else:
                break  # nothing left to hide: listed in `degenerate` at the end
            changed = True
            result.witnesses.clear()  # bounds changed: look again
            result.degenerate.clear()
    return changed
