"""Sexual-violence care indicators, per month: people seen, within 72 hours, PEP, referrals.

A month counts the people (not the consultations: a person seen twice in a month is one)
with a sexual-violence consultation whose day at its site falls in the month. Of them:
seen within 72 hours of the assault (the consultation's delay band); given PEP, and given
PEP among those seen within 72 hours (the same consultation: the figure WHO's programmes
report as timely PEP); given emergency contraception; referred to a forensic unit;
referred to mental health. "Given elsewhere" is not counted as given here.

Who sees what is the indicators' rule (access/reports.py): the coordinator the exact
figures, the data manager small counts suppressed (reports/suppression.py). The delay
bands of a month add up to the people seen, so they are protected as one grid with
their complements (reports/protection.py); the other figures are counts of their own and
are each suppressed below the threshold.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import timedelta

from sqlalchemy import select

from caseflow.extensions import db
from caseflow.models.sexual_violence import CareStatus, Delay, SvConsultation
from caseflow.models.site import Site
from caseflow.reports.period import Month
from caseflow.reports.protection import ALL, TOTAL, Grid, Kind, protect
from caseflow.reports.suppression import SECONDARY_MARK, suppress, threshold
from caseflow.timezones import local_day

MONTHS = 6
COUNTS = ("pep", "pep_within_72h", "ec", "forensic", "mh_referral")
BANDS = [d.value for d in Delay]


@dataclass
class MonthFigures:
    """One month's exact figures: sets of people, so that each is counted once."""

    month: Month
    seen: set = field(default_factory=set)
    bands: dict = field(default_factory=dict)  # person → the best band of the month
    counted: dict = field(default_factory=lambda: {name: set() for name in COUNTS})

    def band_counts(self) -> dict[str, int]:
        counts = dict.fromkeys(BANDS, 0)
        for band in self.bands.values():
            counts[band] += 1
        return counts


# The band kept for a person seen more than once in a month: the earliest care.
_ORDER = {d.value: i for i, d in enumerate(Delay)}


def compute(last: Month, site_ids: list[int] | None, months: int = MONTHS) -> list[MonthFigures]:
    """The `months` months ending with `last`, oldest first (one query)."""
    span = last.last(months)
    figures = {m: MonthFigures(m) for m in span}
    # A day's margin on each side: the month is the site's, the stored time is UTC.
    start, end = span[0].start, last.end
    since, until = span[0].start_at - timedelta(days=1), last.end_at + timedelta(days=1)
    stmt = (select(SvConsultation.person_id, SvConsultation.consulted_at, Site.timezone,
                   SvConsultation.delay, SvConsultation.pep_status, SvConsultation.ec_status,
                   SvConsultation.forensic_status, SvConsultation.mh_referral_status)
            .join(Site, Site.id == SvConsultation.site_id)
            .where(SvConsultation.consulted_at >= since, SvConsultation.consulted_at < until))
    if site_ids is not None:
        stmt = stmt.where(SvConsultation.site_id.in_(sorted(site_ids)))
    for person, at, timezone, delay, pep, ec, forensic, mh in db.session.execute(stmt):
        day = local_day(_Zoned(timezone), at)
        if not start <= day < end:
            continue
        row = figures[Month.of(day)]
        band = Delay(delay).value
        row.seen.add(person)
        if person not in row.bands or _ORDER[band] < _ORDER[row.bands[person]]:
            row.bands[person] = band
        given = CareStatus.GIVEN.value
        if CareStatus(pep).value == given:
            row.counted["pep"].add(person)
            if band == Delay.WITHIN_72H.value:
                row.counted["pep_within_72h"].add(person)
        for name, status in (("ec", ec), ("forensic", forensic), ("mh_referral", mh)):
            if CareStatus(status).value == given:
                row.counted[name].add(person)
    return [figures[m] for m in span]


class _Zoned:
    """A site's zone from its timezone column alone (no Site row loaded per consultation)."""

    def __init__(self, timezone):
        self.timezone = timezone


# --- As shown ------------------------------------------------------------------------------------


@dataclass
class MonthRow:
    month: str
    seen: str
    bands: dict[str, str]
    counts: dict[str, str]


def _band_masks(row: MonthFigures, limit: int) -> dict[str, str]:
    values = {(TOTAL, ALL): len(row.seen)}
    values.update({(TOTAL, code): n for code, n in row.band_counts().items()})
    hidden = protect(Grid([ALL, *BANDS], {}, values), limit).hidden
    return {cell[1]: (f"<{limit}" if kind is Kind.PRIMARY else SECONDARY_MARK)
            for cell, kind in hidden.items()}


def _care_masks(row: MonthFigures, limit: int) -> dict[str, str]:
    """Each care count as the data manager sees it: hidden below the limit, and hidden too
    when its complement is (people seen and not given it, given PEP but not within 72 h,
    within 72 h and not given PEP): a shown count and a shown total must not give a small
    count away by subtraction."""
    within = row.band_counts().get(Delay.WITHIN_72H.value, 0)
    out = {}
    for name, people in row.counted.items():
        n = len(people)
        parents = [len(row.seen)]
        if name == "pep_within_72h":
            parents += [len(row.counted["pep"]), within]
        small = 0 < n < limit or any(0 < parent - n < limit for parent in parents)
        out[name] = suppress(n, limit) if n < limit else (SECONDARY_MARK if small else str(n))
    return out


def shown(figures: list[MonthFigures], *, suppressed: bool) -> list[MonthRow]:
    """The rows of the page; `suppressed`: the data manager's view."""
    limit = threshold()
    rows = []
    for row in figures:
        masks = _band_masks(row, limit) if suppressed else {}
        bands = {code: masks.get(code, str(n)) for code, n in row.band_counts().items()}
        counts = {name: str(len(people)) for name, people in row.counted.items()}
        if suppressed:
            counts = _care_masks(row, limit)
        rows.append(MonthRow(month=row.month.key, seen=masks.get(ALL, str(len(row.seen))),
                             bands=bands, counts=counts))
    return rows

