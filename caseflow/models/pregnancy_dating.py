"""Gestational age, expected date of delivery and the WHO 2016 contact schedule: pure date
arithmetic, no database, so that the pages, the services and the indicators agree.

Everything is counted in days of gestation ("12 weeks + 3 days" is 87 days), from the
first day of the last menstrual period (LMP), as obstetrics does.

- **Expected date of delivery (EDD)**: LMP + 280 days (Naegele's rule as obstetric wheels
  and software apply it). The hand version "+1 year − 3 months + 7 days" gives a day more
  or less when 29 February or a 31-day month lies in between: 280 days is the reference.
  From an ultrasound: scan date + (280 − gestational age measured that day).
- **Which dating is used** (ACOG Committee Opinion 700, 2017, "Methods for estimating the
  due date", endorsed by SMFM and AIUM; WHO 2016 recommends one ultrasound before
  24 weeks for the same reason): ultrasound when there is no LMP or the LMP is uncertain;
  when both exist, the LMP is kept unless the scan's age differs from the LMP's on the scan
  day by MORE than the threshold of the gestational age at the scan:
  up to 8+6 weeks: 5 days; 9+0 to 15+6: 7 days; 16+0 to 21+6: 10 days;
  22+0 to 27+6: 14 days; from 28+0: 21 days. At exactly the threshold, the LMP stays.
- **Trimesters**: first up to 13+6 weeks, second 14+0 to 27+6, third from 28+0.
- **WHO 2016 antenatal care model**: eight contacts, the first before 12 weeks, then at
  20, 26, 30, 34, 36, 38 and 40 weeks. A contact at week W counts as made by any visit from
  W−1 weeks on (a visit cannot make up for an earlier missed one: the next one due is the
  first whose window starts after the last visit).
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date, timedelta

TERM_DAYS = 280
WHO_CONTACT_WEEKS = (12, 20, 26, 30, 34, 36, 38, 40)
# (gestational age at the scan below which the row applies, in days; days of discrepancy
# the LMP tolerates). ACOG Committee Opinion 700.
ULTRASOUND_THRESHOLDS = (
    (9 * 7, 5),
    (16 * 7, 7),
    (22 * 7, 10),
    (28 * 7, 14),
    (10_000, 21),
)
LMP = "lmp"
ULTRASOUND = "ultrasound"


def weeks_days(days: int) -> tuple[int, int]:
    """87 -> (12, 3)."""
    return divmod(days, 7)


def trimester(ga_days: int) -> int:
    if ga_days < 14 * 7:
        return 1
    return 2 if ga_days < 28 * 7 else 3


def edd_from_lmp(lmp: date) -> date:
    return lmp + timedelta(days=TERM_DAYS)


def edd_from_scan(scan_on: date, scan_ga_days: int) -> date:
    return scan_on + timedelta(days=TERM_DAYS - scan_ga_days)


def ga_on(edd: date, day: date) -> int:
    """The gestational age in days on `day`, from the EDD in use."""
    return TERM_DAYS - (edd - day).days


def ultrasound_threshold(scan_ga_days: int) -> int:
    for below, tolerated in ULTRASOUND_THRESHOLDS:
        if scan_ga_days < below:
            return tolerated
    return ULTRASOUND_THRESHOLDS[-1][1]


@dataclass(frozen=True)
class Dating:
    basis: str  # LMP or ULTRASOUND
    edd: date
    discrepancy: int | None  # days between the LMP and the scan, when both exist


def choose_dating(lmp: date | None, lmp_certain: bool, scan_on: date | None,
                  scan_ga_days: int | None) -> Dating | None:
    """The dating in use, by the rule above; None without an LMP or a scan."""
    has_scan = scan_on is not None and scan_ga_days is not None
    if lmp is None and not has_scan:
        return None
    if not has_scan:
        return Dating(LMP, edd_from_lmp(lmp), None)
    by_scan = edd_from_scan(scan_on, scan_ga_days)
    if lmp is None:
        return Dating(ULTRASOUND, by_scan, None)
    discrepancy = abs((scan_on - lmp).days - scan_ga_days)
    if not lmp_certain or discrepancy > ultrasound_threshold(scan_ga_days):
        return Dating(ULTRASOUND, by_scan, discrepancy)
    return Dating(LMP, edd_from_lmp(lmp), discrepancy)


@dataclass(frozen=True)
class Contact:
    week: int
    due_on: date
    overdue: bool  # its window has passed without a visit


def next_contact(edd: date, today: date, last_visit_ga: int | None) -> Contact | None:
    """The next WHO 2016 contact to plan; None once the 40-week contact is made. The first
    contact is "up to 12 weeks": any visit made it (a booking at 8 weeks included); each
    later one is made by a visit from the week before it."""
    after = -1 if last_visit_ga is None else last_visit_ga
    ga_today = ga_on(edd, today)
    for week in WHO_CONTACT_WEEKS:
        made_from = 0 if week == WHO_CONTACT_WEEKS[0] else (week - 1) * 7
        if made_from > after:
            due_on = edd - timedelta(days=TERM_DAYS - week * 7)
            return Contact(week, due_on, overdue=ga_today > week * 7 + 6)
    return None
