"""Hospital follow-up indicators, per month: admissions, stays, outcomes, costs.

A month counts the admissions whose admission day falls in it, and the discharges
whose discharge day falls in it (days are already the site's days: no time zone
to apply). Length of stay: days from admission to discharge, a same-day stay (a day
case) counting 1 day as in hospital statistics (models.hospital.stay_days), over the
month's discharges; mean and median. Costs: totals per currency of the month's admissions.

Who sees what is the indicators' rule (access/reports.py): the coordinator the
exact figures of every site, the data manager his sites' with small counts
suppressed as in every figure that leaves a site (reports/suppression.py,
reports/protection.py: the outcomes of a month add up to its discharges, so
their complements are hidden too); a mean, a median or a cost total over fewer
stays than the threshold is not shown to him either.

Costs reach the data manager on purpose (the programme's accounting is reported by
him): only here, only as a month's total per currency over at least threshold()
costed stays ("<5" otherwise), never an admission's amount (the admission pages are
not his).
"""

from __future__ import annotations

import statistics
from collections import Counter
from dataclasses import dataclass, field
from decimal import Decimal

from sqlalchemy import and_, func, select

from caseflow.extensions import db
from caseflow.models.hospital import CURRENCIES, HospitalAdmission, Outcome, stay_days
from caseflow.reports.period import Month
from caseflow.reports.protection import ALL, TOTAL, Grid, Kind, protect
from caseflow.reports.suppression import SECONDARY_MARK, suppress, threshold

MONTHS = 6
HIDDEN = "—"


@dataclass
class MonthFigures:
    """One month's exact figures (what the coordinator reads)."""

    month: Month
    admissions: int = 0
    discharges: int = 0
    stays: list[int] = field(default_factory=list)
    outcomes: Counter = field(default_factory=Counter)
    costs: dict[str, Decimal] = field(default_factory=dict)
    costed: Counter = field(default_factory=Counter)  # admissions with a cost, per currency

    @property
    def mean_stay(self) -> float | None:
        return round(statistics.fmean(self.stays), 1) if self.stays else None

    @property
    def median_stay(self) -> float | None:
        return statistics.median(self.stays) if self.stays else None


def _site_filter(column, site_ids):
    return True if site_ids is None else column.in_(sorted(site_ids))


def compute(last: Month, site_ids: list[int] | None, months: int = MONTHS) -> list[MonthFigures]:
    """The `months` months ending with `last`, oldest first (three queries)."""
    span = last.last(months)
    figures = {m: MonthFigures(m) for m in span}
    start, end = span[0].start, last.end
    where_site = _site_filter(HospitalAdmission.site_id, site_ids)
    admitted = db.session.execute(
        select(HospitalAdmission.admitted_on, HospitalAdmission.cost_currency,
               HospitalAdmission.cost_amount)
        .where(HospitalAdmission.admitted_on >= start, HospitalAdmission.admitted_on < end,
               where_site))
    for day, currency, amount in admitted:
        row = figures[Month.of(day)]
        row.admissions += 1
        if currency and amount is not None:
            row.costs[currency] = row.costs.get(currency, Decimal(0)) + Decimal(amount)
            row.costed[currency] += 1
    discharged = db.session.execute(
        select(HospitalAdmission.discharged_on, HospitalAdmission.admitted_on,
               HospitalAdmission.outcome)
        .where(and_(HospitalAdmission.discharged_on >= start,
                    HospitalAdmission.discharged_on < end), where_site))
    for day, admitted_on, outcome in discharged:
        row = figures[Month.of(day)]
        row.discharges += 1
        row.stays.append(stay_days(admitted_on, day))
        if outcome is not None:
            row.outcomes[Outcome(outcome).value] += 1
    return [figures[m] for m in span]


def ongoing(site_ids: list[int] | None) -> int:
    """Admissions without a discharge, today."""
    return db.session.scalar(select(func.count(HospitalAdmission.id)).where(
        HospitalAdmission.discharged_on.is_(None),
        _site_filter(HospitalAdmission.site_id, site_ids))) or 0


# --- As shown ------------------------------------------------------------------------------------


@dataclass
class MonthRow:
    """One month as the page prints it: every figure a string."""

    month: str
    admissions: str
    discharges: str
    mean_stay: str
    median_stay: str
    outcomes: dict[str, str]
    costs: dict[str, str]


def _number(value, format_number=str) -> str:
    if value is None:
        return HIDDEN
    if isinstance(value, float) and value.is_integer():
        value = int(value)
    return format_number(value)


def _outcome_masks(row: MonthFigures, limit: int) -> dict[str, str]:
    """Hidden cells of one month's discharges by outcome: "<5" and their complements."""
    codes = [o.value for o in Outcome]
    values = {(TOTAL, ALL): row.discharges}
    values.update({(TOTAL, code): row.outcomes.get(code, 0) for code in codes})
    hidden = protect(Grid([ALL, *codes], {}, values), limit).hidden
    return {(ALL if cell[1] == ALL else cell[1]): (f"<{limit}" if kind is Kind.PRIMARY
                                                   else SECONDARY_MARK)
            for cell, kind in hidden.items()}


def shown(figures: list[MonthFigures], *, suppressed: bool, format_amount=str,
          format_number=str) -> list[MonthRow]:
    """The rows of the page; `suppressed`: the data manager's view. The formats: the
    reader's (a decimal comma in French)."""
    limit = threshold()
    rows = []
    for row in figures:
        masks = _outcome_masks(row, limit) if suppressed else {}
        few = suppressed and row.discharges < limit
        outcomes = {o.value: masks.get(o.value, str(row.outcomes.get(o.value, 0)))
                    for o in Outcome}
        costs = {}
        for currency in CURRENCIES:
            if currency not in row.costs:
                costs[currency] = HIDDEN
            elif suppressed and row.costed[currency] < limit:
                costs[currency] = f"<{limit}"
            else:
                costs[currency] = format_amount(row.costs[currency])
        rows.append(MonthRow(
            month=row.month.key,
            admissions=suppress(row.admissions, limit) if suppressed else str(row.admissions),
            discharges=masks.get(ALL, str(row.discharges)),
            mean_stay=HIDDEN if few else _number(row.mean_stay, format_number),
            median_stay=HIDDEN if few else _number(row.median_stay, format_number),
            outcomes=outcomes, costs=costs))
    return rows
