"""Small-cell suppression for figures that leave a site (docs/FIELD.md, Indicators).

A count from 1 to threshold - 1 could point at one person in a small site
("2 people with sexual violence at Zwara this month"): exports show it as
"<5". Zero and counts at or above the threshold are shown as they are. The
threshold is a setting (INDICATOR_SUPPRESSION_THRESHOLD, default 5) because
partners' rules differ.

Totals stay exact, so "<5" alone can be undone by subtraction (7 = MAR <5 +
PAN 6): masks() adds the complementary cells of protection.py, shown "x", so
that no hidden count follows from the published ones. A figure is always
protected from all its margins (site, sex and age), whichever of them a page
prints, so that the page, the PDF and the CSV of a month hide the same cells
and cannot be put together to undo one another.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

from flask import current_app
from flask_babel import force_locale, gettext

from caseflow.reports.definitions import AGE_GROUPS, SEX_GROUPS
from caseflow.reports.protection import ALL, TOTAL, Cell, Grid, Kind, protect

if TYPE_CHECKING:
    from caseflow.reports.compute import Cells, Figure

DEFAULT_THRESHOLD = 5
SECONDARY_MARK = "x"


def threshold() -> int:
    return int(current_app.config.get("INDICATOR_SUPPRESSION_THRESHOLD", DEFAULT_THRESHOLD))


def suppress(count: int, limit: int | None = None) -> str:
    """A count as it may be shown outside the site: "<5" for 1..4, else the number."""
    limit = threshold() if limit is None else limit
    if 0 < count < limit:
        return f"<{limit}"
    return str(count)


def statement(language: str, limit: int | None = None) -> str:
    """The sentence every export carries, saying what was hidden and why."""
    limit = threshold() if limit is None else limit
    with force_locale(language):
        return gettext(
            "Counts from 1 to %(below)d are suppressed (shown as \"<%(limit)d\") to prevent the "
            "identification of individuals, and so are a few zeros: \"<%(limit)d\" means 0 to "
            "%(below)d; other counts are suppressed (shown as \"%(mark)s\") so that no "
            "suppressed count can be recovered by adding or subtracting; totals are computed "
            "on the full data.", below=limit - 1, limit=limit, mark=SECONDARY_MARK)


MARGINS = ("site", "sex", "age")


def _members(margin: str, found: set) -> list:
    """Members in a fixed order (the order decides ties between equal complements)."""
    known = {"sex": [c for c, _l in SEX_GROUPS], "age": [c for c, _l in AGE_GROUPS]}.get(
        margin, [])
    rest = sorted(found - set(known), key=lambda k: (k is None, str(k)))
    return [k for k in known if k in found] + rest


def grid(figure: Figure, grain: tuple[str, ...]) -> Grid:
    """The figure as protection.py reads it: its rows and the margins of `grain`."""
    from caseflow.reports.sources import NONE

    rows: dict[str, Cells] = {ALL: figure.cells}
    rows.update((code, cells) for code, cells in figure.categories.items() if code != NONE)
    groups, values = {}, {}
    for margin in (m for m in MARGINS if m in grain):
        # Every sex and age group, zeros too: a zero may have to be hidden (protection._unpin).
        found = {"sex": {c for c, _l in SEX_GROUPS}, "age": {c for c, _l in AGE_GROUPS}}.get(
            margin, set())
        for row, cells in rows.items():
            for member, n in getattr(cells, f"by_{margin}").items():
                if n:
                    found.add(member)
                    values[(margin, row, member)] = n
        groups[margin] = _members(margin, found)
    for row, cells in rows.items():
        values[(TOTAL, row)] = cells.total
    return Grid(list(rows), groups, values)


def masks(figure: Figure, grain: tuple[str, ...], limit: int | None = None) -> dict[Cell, str]:
    """What hides each hidden cell of the figure: "<5" (1 to 4) or "x" (its complements).

    Keys: (TOTAL, row) and (margin, row, member), row ALL or a category code."""
    limit = threshold() if limit is None else limit
    hidden = protect(grid(figure, grain), limit).hidden
    return {cell: f"<{limit}" if kind is Kind.PRIMARY else SECONDARY_MARK
            for cell, kind in hidden.items()}
