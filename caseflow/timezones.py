"""Times are stored in UTC; people type and read them in the time zone of their site.

"Today" is the site's today: a consent recorded at 01:00 in Tripoli is dated
the Tripoli day, not the server's. Every conversion of the application goes
through here.
"""

from __future__ import annotations

from datetime import UTC, date, datetime, time, timedelta
from zoneinfo import ZoneInfo


def zone_of(site) -> ZoneInfo:
    """The zone of a Site (UTC when there is none)."""
    return ZoneInfo(site.timezone if site is not None and site.timezone else "UTC")


def site_zone(site_id: int | None) -> ZoneInfo:
    from caseflow.extensions import db
    from caseflow.models.site import Site

    return zone_of(db.session.get(Site, site_id) if site_id else None)


def site_today(site_id: int | None) -> date:
    return datetime.now(site_zone(site_id)).date()


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
