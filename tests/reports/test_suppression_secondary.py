"""No hidden count can be recovered from an export by adding and subtracting published ones.

The check is independent of caseflow/reports/protection.py: it reads the table
as published (tables.rows, the text of the CSV), writes every sum a reader can
write (in each row, total = sites = sexes = ages; in each column, "all" = the
categories; the previous month's column likewise), and keeps the hidden cells
as unknowns. With exact rational Gauss-Jordan elimination (fractions) it finds
every hidden cell that is a fixed combination of published figures: such a
cell is disclosed whatever the other hidden values are. No cell may be.

Beyond linear algebra the reader also knows bounds ("<5" is 1..4, "x" is 5 or
more, a hidden cell is not 0). For those, protection.py hands a witness for
each hidden cell: a change of a few hidden cells that keeps every published
figure. The test checks each witness against its own sums and bounds: a valid
witness is a second table, consistent with everything published, in which the
cell has another value.
"""

from __future__ import annotations

import csv
import io
from fractions import Fraction

from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from caseflow.reports.compute import FULL, Cells, Figure, Report
from caseflow.reports.definitions import AGE_GROUPS, BY_CODE, SEX_GROUPS
from caseflow.reports.period import Month
from caseflow.reports.protection import ALL, TOTAL, protect
from caseflow.reports.suppression import grid
from caseflow.reports.tables import Layout, rows
from tests.reports.conftest import MARCH

SITES = {1: "CAL", 2: "MAR", 3: "PAN"}
LANGUAGES = ("ar", "fr", "ps", "ti")
SEXES = [c for c, _l in SEX_GROUPS]
AGES = [c for c, _l in AGE_GROUPS]
FIRST = 3  # columns: indicator, category, unit, then the total


def _is_count(text: str) -> bool:
    return text.isdigit()


# --- The reader: sums over the published table ----------------------------------------------


def sums(table: list[list[str]], n_sites: int, previous: bool) -> list[dict]:
    """Every sum of one indicator's block of rows, as {cell: coefficient} adding to 0."""
    total = FIRST
    first = total + (2 if previous else 1)
    groups = [range(first, first + n_sites), range(first + n_sites, first + n_sites + 4),
              range(first + n_sites + 4, first + n_sites + 9)]
    out = []
    for r in range(len(table)):
        for group in groups:
            out.append({(r, total): 1, **{(r, c): -1 for c in group}})
    if len(table) > 1:
        columns = [total, *[c for g in groups for c in g]] + ([total + 1] if previous else [])
        for c in columns:
            out.append({(0, c): 1, **{(r, c): -1 for r in range(1, len(table))}})
    return out


def determined(table: list[list[str]], constraints: list[dict]) -> set:
    """Hidden cells whose value follows from the published ones (Gauss-Jordan on fractions)."""
    hidden = sorted({cell for eq in constraints for cell in eq
                     if not _is_count(table[cell[0]][cell[1]])})
    index = {cell: i for i, cell in enumerate(hidden)}
    matrix = []
    for eq in constraints:
        row = [Fraction(0)] * (len(hidden) + 1)
        for cell, k in eq.items():
            text = table[cell[0]][cell[1]]
            if cell in index:
                row[index[cell]] += k
            else:
                row[-1] -= k * int(text)
        if any(row[:-1]):
            matrix.append(row)
    pivots, r = [], 0
    for c in range(len(hidden)):
        p = next((i for i in range(r, len(matrix)) if matrix[i][c] != 0), None)
        if p is None:
            continue
        matrix[r], matrix[p] = matrix[p], matrix[r]
        lead = matrix[r][c]
        matrix[r] = [v / lead for v in matrix[r]]
        for i in range(len(matrix)):
            if i != r and matrix[i][c] != 0:
                f = matrix[i][c]
                matrix[i] = [a - f * b for a, b in zip(matrix[i], matrix[r], strict=True)]
        pivots.append((r, c))
        r += 1
    pivot_columns = {c for _r, c in pivots}
    free = [c for c in range(len(hidden)) if c not in pivot_columns]
    # A pivot variable with no free variable in its row is a constant: disclosed.
    return {hidden[c] for row, c in pivots if all(matrix[row][f] == 0 for f in free)}


def pinned(table: list[list[str]], constraints: list[dict], true_value) -> list[dict]:
    """Sums whose hidden cells a reader finds at their bounds, taking every "<5" for 1..4
    and every "x" for 5 or more, and rightly so (each equals `true_value`): in 8 = PAN 5 +
    CAL <5 + MAR <5 + TRI <5, 1 each. A hidden zero makes that reading wrong (four "<5"
    cannot add up to 3 as 1..4; a "<5" read as 1 is 0)."""
    out = []
    for eq in constraints:
        hidden = [(c, k) for c, k in eq.items() if not _is_count(table[c[0]][c[1]])]
        if not hidden:
            continue
        rest = -sum(k * int(table[c[0]][c[1]]) for c, k in eq.items() if (c, k) not in hidden)
        bounds = {c: (1, 4) if table[c[0]][c[1]] == "<5" else (5, float("inf"))
                  for c, _k in hidden}
        low = sum(k * bounds[c][0 if k > 0 else 1] for c, k in hidden)
        high = sum(k * bounds[c][1 if k > 0 else 0] for c, k in hidden)
        for end, at in ((low, 0), (high, 1)):
            guess = {c: bounds[c][at if k > 0 else 1 - at] for c, k in hidden}
            if rest == end and all(guess[c] == true_value(c) for c in guess):
                out.append(eq)
    return out


# --- Generated months ----------------------------------------------------------------------


record = st.tuples(st.integers(0, 3), st.sampled_from(sorted(SITES)), st.sampled_from(SEXES),
                   st.sampled_from(AGES), st.integers(1, 7))
month_records = st.lists(record, max_size=14)


def _figure(code: str, records, n_categories: int) -> Figure:
    """Contacts added up per cell, as compute.py does for rows."""
    overall, categories = Cells(), {}
    for category, site, sex, age, n in records:
        targets = [overall]
        if n_categories:
            targets.append(categories.setdefault(LANGUAGES[category % n_categories], Cells()))
        for cells in targets:
            cells.total += n
            for into, key in ((cells.by_site, site), (cells.by_sex, sex), (cells.by_age, age)):
                into[key] = into.get(key, 0) + n
    return Figure(BY_CODE[code], overall, dict(sorted(categories.items())))


def _cell_of(key, codes: list[str], previous: bool) -> tuple[int, int]:
    """protection.py's key of a cell -> (row, column) in the published block."""
    row = 0 if key[1] == ALL else 1 + codes.index(key[1])
    if key[0] == TOTAL:
        return row, FIRST
    first = FIRST + (2 if previous else 1)
    offset = {"site": lambda m: sorted(SITES).index(m),
              "sex": lambda m: len(SITES) + SEXES.index(m),
              "age": lambda m: len(SITES) + 4 + AGES.index(m)}[key[0]](key[2])
    return row, first + offset


def _check_witnesses(table, constraints, figure, codes, column_of, true_value):
    """Each hidden cell of `figure` has a valid alternative table (see the module docstring)."""
    protection = protect(grid(figure, FULL), 5)
    for cell, move in protection.witnesses.items():
        target = column_of(cell)
        assert not _is_count(table[target[0]][target[1]]), "a protected cell is published"
        if cell in protection.degenerate:
            continue
        z = {column_of(c): step for c, step in move.items()}
        assert z[target] != 0
        for eq in constraints:
            if any(c in z for c in eq):
                assert sum(k * z.get(c, 0) for c, k in eq.items()) == 0, (cell, eq)
        for c, step in z.items():
            mark, value = table[c[0]][c[1]], true_value(c) + step
            assert mark in ("<5", "x"), (c, mark)
            assert (0 <= value <= 4) if mark == "<5" else value >= 5
    return protection


@settings(max_examples=300, deadline=None,
          suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(current=month_records, before=month_records, n_categories=st.integers(0, 4))
def test_it_leaves_no_hidden_count_derivable_in_generated_months(app, current, before,
                                                                  n_categories):
    code = "interpreter" if n_categories else "hearings"
    figure = _figure(code, current, n_categories)
    previous_figure = _figure(code, before, n_categories)
    with app.app_context():
        table = rows(Report(MARCH, None, [figure], FULL),
                     Report(Month(2026, 2), None, [previous_figure], FULL),
                     Layout(sorted(SITES), SITES, "en"), suppressed=True)
    constraints = sums(table, len(SITES), previous=True)
    assert determined(table, constraints) == set()

    codes = sorted(set(figure.categories) | set(previous_figure.categories))

    def value_now(cell):
        r, c = cell
        cells = figure.cells if r == 0 else figure.categories.get(codes[r - 1], Cells())
        if c == FIRST:
            return cells.total
        k = c - FIRST - 2
        margin = [(cells.by_site, m) for m in sorted(SITES)] + \
            [(cells.by_sex, m) for m in SEXES] + [(cells.by_age, m) for m in AGES]
        into, member = margin[k]
        return into.get(member, 0)

    def value_before(cell):
        r, _c = cell
        cells = previous_figure.cells if r == 0 else previous_figure.categories.get(
            codes[r - 1], Cells())
        return cells.total

    _check_witnesses(table, constraints, figure, codes,
                     lambda key: _cell_of(key, codes, previous=True), value_now)
    now = [eq for eq in constraints if all(c[1] != FIRST + 1 for c in eq)]
    assert pinned(table, now, value_now) == []
    # The previous month's column: its own month's witnesses, on the totals only.
    column = [{cell: k for cell, k in eq.items()} for eq in constraints
              if all(c[1] == FIRST + 1 for c in eq)]
    protection = protect(grid(previous_figure, FULL), 5)
    for cell, move in protection.witnesses.items():
        if cell[0] != TOTAL or cell in protection.degenerate:
            continue
        z = {(_cell_of(c, codes, True)[0], FIRST + 1): s for c, s in move.items()
             if c[0] == TOTAL}
        for eq in column:
            assert sum(k * z.get(c, 0) for c, k in eq.items()) == 0
        for c, step in z.items():
            mark, value = table[c[0]][c[1]], value_before(c) + step
            assert (0 <= value <= 4) if mark == "<5" else (mark == "x" and value >= 5)


def test_it_hides_the_complement_of_one_boy_at_the_marseille_shelter(app):
    """November's "Psychotrauma / PTSD": 7 = MAR <5 + PAN 6 gave MAR = 1."""
    records = [(0, 2, "male", "15_17", 1), (0, 3, "male", "15_17", 6)]
    figure = _figure("interpreter", records, 1)
    with app.app_context():
        table = rows(Report(MARCH, None, [figure], FULL), None,
                     Layout(sorted(SITES), SITES, "en"), suppressed=True)
    category = table[1]
    total, _cal, mar, pan = category[FIRST:FIRST + 4]
    assert mar == "<5" and not (_is_count(total) and _is_count(pan))
    assert determined(table, sums(table, len(SITES), previous=False)) == set()


def _blocks(lines: list[list[str]]) -> dict[str, list[list[str]]]:
    out: dict[str, list[list[str]]] = {}
    for line in lines[2:-1]:
        out.setdefault(line[0], []).append(line)
    return out


def test_it_leaves_nothing_derivable_in_the_csv_of_the_hand_built_month(as_user, march):
    """The real export (every indicator of March 2026), read as a partner reads it."""
    text = as_user("omar").get("/indicators/export.csv?month=2026-03&lang=en").data.decode(
        "utf-8-sig")
    lines = list(csv.reader(io.StringIO(text)))
    n_sites = len(lines[1]) - FIRST - 2 - 9
    for label, block in _blocks(lines).items():
        assert determined(block, sums(block, n_sites, previous=True)) == set(), label
    # Counts of 5 or more are hidden too ("x"), where they would give a "<5" away.
    assert any(cell == "x" for line in lines[2:-1] for cell in line)


def test_it_pins_none_of_three_single_people_beside_pantin_in_october(app):
    """2026-10 "new people included": 8 = PAN 5 + CAL 1 + MAR 1 + TRI 1, other sites 0.
    Three "<5" adding up to 3 were each 1; now no hidden cell is pinned by its bounds."""
    sites = {1: "CAL", 2: "MAR", 3: "PAN", 4: "TRI", 5: "ZWA"}
    records = [(0, 1, "male", "25_plus", 1), (1, 2, "male", "25_plus", 1),
               (0, 3, "male", "25_plus", 3), (1, 3, "male", "25_plus", 2),
               (1, 4, "male", "25_plus", 1)]  # PAN's 5 are in two categories
    figure = _figure("interpreter", records, 2)
    with app.app_context():
        table = rows(Report(Month(2026, 10), None, [figure], FULL), None,
                     Layout(sorted(sites), sites, "en"), suppressed=True)
    constraints = sums(table, len(sites), previous=False)
    truth = {FIRST: 8, FIRST + 1: 1, FIRST + 2: 1, FIRST + 3: 5, FIRST + 4: 1,
             FIRST + 7: 8, FIRST + 13: 8}  # total, sites, male, 25+ of the "all" row

    def true_value(cell):
        r, c = cell
        if r == 0:
            return truth.get(c, 0)
        return None  # the categories: never guessed right by this test's reading of row 0

    assert pinned(table, [eq for eq in constraints if all(c[0] == 0 for c in eq)],
                  true_value) == []
    assert determined(table, constraints) == set()
    shown = table[0][FIRST:FIRST + 1 + len(sites)]
    assert shown[1] == shown[2] == shown[4] == "<5"  # CAL, MAR, TRI still hidden
