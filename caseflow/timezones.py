"""Times are stored in UTC; people type and read them in the time zone of their site.

"Today" is the site's today: a consent recorded at 01:00 in Tripoli is dated
the Tripoli day, not the server's (at 23:30 UTC on the last day of a month it
is already the next day, and the next month, in Paris and in Tripoli). Every
conversion of the application goes through here: `site_today(site)` for the
day at the site where the work happens, `local_day(site, instant)` for the
site's day of a stored time, never `date.today()` or a UTC date.
"""

from __future__ import annotations

from datetime import UTC, date, datetime, time, timedelta
from zoneinfo import ZoneInfo


def zone_of(site) -> ZoneInfo:
    """The zone of a Site (UTC when there is none)."""
    return ZoneInfo(site.timezone if site is not None and site.timezone else "UTC")


def site_zone(site) -> ZoneInfo:
    """The zone of a site given as a Site, its id, or None (UTC)."""
    if site is None or hasattr(site, "timezone"):
        return zone_of(site)
    from caseflow.extensions import db
    from caseflow.models.site import Site

    return zone_of(db.session.get(Site, site) if site else None)


def site_today(site) -> date:
    """The day it is now at this site (a Site, its id; None: the UTC day).

    The one "today" of the application wherever a day is dated or compared for
    a site: an outcome, a flag, a consent, the daily list, a letter."""
    return datetime.now(site_zone(site)).date()


def local_day(site, instant: datetime) -> date:
    """The day at this site (a Site, its id, or None: UTC) of a stored, naive UTC time."""
    return local_from_utc(instant, site_zone(site)).date()


def utc_from_local(local: datetime, zone: ZoneInfo) -> datetime:
    """A naive local time in `zone`, as stored (naive UTC)."""
    return local.replace(tzinfo=zone).astimezone(UTC).replace(tzinfo=None)


def local_from_utc(utc: datetime, zone: ZoneInfo) -> datetime:
    """A stored (naive UTC) time, as a naive local time in `zone`."""
    return utc.replace(tzinfo=UTC).astimezone(zone).replace(tzinfo=None)


def to_utc(local: datetime, site_id: int | None) -> datetime:
    return utc_from_local(local, site_zone(site_id))


def to_local(utc: datetime, site_id: int | None) -> datetime:
    return local_from_utc(utc, site_zone(site_id))


def day_bounds(day: date, zone: ZoneInfo) -> tuple[datetime, datetime]:
    """The UTC instants a local day starts and ends (daylight saving included)."""
    start = datetime.combine(day, time(0))
    return utc_from_local(start, zone), utc_from_local(start + timedelta(days=1), zone)



def site_time_label(instant: datetime, site, fmt: str = "short") -> str:
    """A stored (naive UTC) time as the clock at this site read it, in the reader's language.

    Pages show a record's time where it happened (a note taken at 10:00 in Pantin reads
    10:00). Not through the templates' datetimeformat filter: that one converts to the
    zone of the reader's first site, and converts again a time already made local."""
    from babel.dates import format_datetime
    from flask_babel import get_locale

    return format_datetime(instant.replace(tzinfo=UTC), fmt, tzinfo=site_zone(site),
                           locale=str(get_locale()))
