"""Evacuation indicators: departures per month by mechanism and by destination, days from
identification to departure, and the cases waiting at each step today.

A month counts the cases whose departure day falls in it (the step's day, already the
site's day). Days from identification to departure: the case's identified step to its
departed step (corrected dates count: the case keeps them), median over the month's
departures. Waiting per step: the cases open today by their current step (a case that
has left Libya waits for nothing here; an exit is not waiting).

Who sees what is the indicators' rule (access/reports.py): the coordinator the exact
figures, the data manager small counts suppressed as in every figure leaving a site
(reports/suppression.py), with the complements that would give a hidden count away
(reports/protection.py: the mechanisms of a month add up to its departures, so do the
destinations, and the steps to the cases waiting); a median over fewer departures than
the threshold is not shown to him either. The mechanisms and the destinations of a month
are protected as one grid sharing its total: protected apart, the total one grid hides
could be published by the other, and a hidden destination read back by subtraction.
"""

from __future__ import annotations

import statistics
from collections import Counter
from dataclasses import dataclass, field

from sqlalchemy import func, select

from caseflow.extensions import db
from caseflow.i18n import country_name
from caseflow.models.evacuation import OPEN, EvacuationCase, Mechanism
from caseflow.reports.period import Month
from caseflow.reports.protection import ALL, TOTAL, Grid, Kind, protect
from caseflow.reports.suppression import SECONDARY_MARK, threshold

MONTHS = 6
HIDDEN = "—"


@dataclass
class MonthFigures:
    month: Month
    departures: int = 0
    mechanisms: Counter = field(default_factory=Counter)
    destinations: Counter = field(default_factory=Counter)
    days: list[int] = field(default_factory=list)

    @property
    def median_days(self) -> float | None:
        return statistics.median(self.days) if self.days else None


def _site_filter(column, site_ids):
    return True if site_ids is None else column.in_(sorted(site_ids))


def compute(last: Month, site_ids: list[int] | None, months: int = MONTHS) -> list[MonthFigures]:
    """The `months` months ending with `last`, oldest first (one query)."""
    span = last.last(months)
    figures = {m: MonthFigures(m) for m in span}
    rows = db.session.execute(
        select(EvacuationCase.departed_on, EvacuationCase.identified_on,
               EvacuationCase.mechanism, EvacuationCase.destination)
        .where(EvacuationCase.departed_on >= span[0].start,
               EvacuationCase.departed_on < last.end,
               _site_filter(EvacuationCase.site_id, site_ids)))
    for departed, identified, mechanism, destination in rows:
        row = figures[Month.of(departed)]
        row.departures += 1
        row.mechanisms[Mechanism(mechanism).value] += 1
        row.destinations[destination] += 1
        row.days.append((departed - identified).days)
    return [figures[m] for m in span]


def waiting(site_ids: list[int] | None) -> Counter:
    """Open cases today, by their current step."""
    rows = db.session.execute(
        select(EvacuationCase.status, func.count(EvacuationCase.id))
        .where(EvacuationCase.status.in_(OPEN), _site_filter(EvacuationCase.site_id, site_ids))
        .group_by(EvacuationCase.status))
    return Counter({str(getattr(status, "value", status)): n for status, n in rows})


# --- As shown ------------------------------------------------------------------------------------


def _mark(kind: Kind, limit: int) -> str:
    return f"<{limit}" if kind is Kind.PRIMARY else SECONDARY_MARK


def _masks(total: int, parts: dict[str, int], codes: list[str], limit: int) -> dict[str, str]:
    """Hidden cells of one total and its parts: "<5" and the complements giving them away."""
    values = {(TOTAL, ALL): total}
    values.update({(TOTAL, code): parts.get(code, 0) for code in codes})
    hidden = protect(Grid([ALL, *codes], {}, values), limit).hidden
    return {cell[1]: _mark(kind, limit) for cell, kind in hidden.items()}


def _cells(total: int, parts: Counter, codes: list[str], suppressed: bool, limit: int
           ) -> tuple[str, dict[str, str]]:
    masks = _masks(total, parts, codes, limit) if suppressed else {}
    return (masks.get(ALL, str(total)),
            {code: masks.get(code, str(parts.get(code, 0))) for code in codes})


def _month_cells(row: MonthFigures, mechanisms: list[str], destinations: list[str],
                 suppressed: bool, limit: int) -> tuple[str, dict[str, str], dict[str, str]]:
    """The month's departures, by mechanism, by destination: one grid, one shared total."""
    groups = {"mechanism": mechanisms, "destination": destinations}
    values = {(TOTAL, ALL): row.departures}
    values.update({("mechanism", ALL, m): row.mechanisms.get(m, 0) for m in mechanisms})
    values.update({("destination", ALL, d): row.destinations.get(d, 0) for d in destinations})
    hidden = protect(Grid([ALL], groups, values), limit).hidden if suppressed else {}

    def shown_cell(cell) -> str:
        return _mark(hidden[cell], limit) if cell in hidden else str(values[cell])

    return (shown_cell((TOTAL, ALL)),
            {m: shown_cell(("mechanism", ALL, m)) for m in mechanisms},
            {d: shown_cell(("destination", ALL, d)) for d in destinations})


def _number(value) -> str:
    if value is None:
        return HIDDEN
    return str(int(value)) if float(value).is_integer() else f"{value:.1f}"


@dataclass
class Table:
    """The page as printed: every figure a string."""

    mechanisms: list[tuple[str, str]]  # (code, label)
    destinations: list[tuple[str, str]]  # (ISO code, country name in the reader's language)
    months: list[dict]
    waiting: list[tuple[str, str, str]]  # (code, label, shown count)
    waiting_total: str


def shown(figures: list[MonthFigures], waiting_now: Counter, *, suppressed: bool) -> Table:
    limit = threshold()
    mechanisms = [m.value for m in Mechanism]
    destinations = sorted({d for f in figures for d in f.destinations})
    months = []
    for row in figures:
        total, by_mechanism, by_destination = _month_cells(row, mechanisms, destinations,
                                                           suppressed, limit)
        few = suppressed and row.departures < limit
        months.append({"month": row.month.key, "departures": total,
                       "mechanisms": by_mechanism, "destinations": by_destination,
                       "median_days": HIDDEN if few else _number(row.median_days)})
    steps = [s.value for s in OPEN]
    total, by_step = _cells(sum(waiting_now.values()), waiting_now, steps, suppressed, limit)
    return Table(mechanisms=[(m.value, m.label) for m in Mechanism],
                 destinations=[(d, country_name(d)) for d in destinations],
                 months=months, waiting=[(s.value, s.label, by_step[s.value]) for s in OPEN],
                 waiting_total=total)
