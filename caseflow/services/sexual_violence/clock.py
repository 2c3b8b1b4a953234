"""The clock of a sexual-violence consultation: time from the assault to the consultation.

Pure (no database): tests read the boundaries directly. The windows are WHO's and
MSF's: PEP and levonorgestrel up to and including 72 hours, ulipristal or a copper IUD up
to and including 120 hours (5 days). A delay of exactly 72 hours is within 72 hours.

When the date of the assault is known but not its hour, the delay counted is the
shortest the date allows (the assault at the end of that day): nobody is moved out of a
window because the hour was not asked, and the page says the hour makes the clock exact.
"""

from __future__ import annotations

from datetime import date, datetime, time, timedelta
from zoneinfo import ZoneInfo

from caseflow.models.sexual_violence import Delay
from caseflow.timezones import utc_from_local

PEP_HOURS = 72
LATE_EC_HOURS = 120


def assault_moment(assault_on: date, assault_time: time | None,
                   consulted_local: datetime) -> datetime:
    """The (local, naive) moment the delay is counted from."""
    if assault_time is not None:
        return datetime.combine(assault_on, assault_time)
    return min(datetime.combine(assault_on + timedelta(days=1), time(0)), consulted_local)


def hours_between(start_local: datetime, end_local: datetime, zone: ZoneInfo) -> float:
    """Hours between two local times of one zone (a change of daylight saving counted)."""
    return (utc_from_local(end_local, zone) - utc_from_local(start_local, zone)
            ).total_seconds() / 3600


def band(hours: float | None) -> Delay:
    if hours is None:
        return Delay.UNKNOWN
    if hours <= PEP_HOURS:
        return Delay.WITHIN_72H
    if hours <= LATE_EC_HOURS:
        return Delay.FROM_72H_TO_120H
    return Delay.OVER_120H


def delay_of(consulted_local: datetime, zone: ZoneInfo, assault_on: date | None,
             assault_time: time | None, approx: Delay | None) -> tuple[Delay, float | None]:
    """The band and, when a date is known, the hours; otherwise the approximate answer."""
    if assault_on is None:
        return (approx or Delay.UNKNOWN), None
    hours = hours_between(assault_moment(assault_on, assault_time, consulted_local),
                          consulted_local, zone)
    return band(hours), hours


def window_ends(assault_on: date, assault_time: time | None, consulted_local: datetime,
                hours: int) -> datetime:
    """The local moment a window (72 h, 120 h) closes, counted as the band is."""
    return assault_moment(assault_on, assault_time, consulted_local) + timedelta(hours=hours)
