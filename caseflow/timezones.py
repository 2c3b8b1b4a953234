"""Times are stored in UTC; people type and read them in the time zone of their site.

"Today" is the site's today: a consent recorded at 01:00 in Tripoli is dated
the Tripoli day, not the server's.
"""

from __future__ import annotations

from datetime import UTC, date, datetime
from zoneinfo import ZoneInfo


def site_zone(site_id: int | None) -> ZoneInfo:
    from caseflow.extensions import db
    from caseflow.models.site import Site

    site = db.session.get(Site, site_id) if site_id else None
    return ZoneInfo(site.timezone if site else "UTC")


def site_today(site_id: int | None) -> date:
    return datetime.now(site_zone(site_id)).date()


def to_utc(local: datetime, site_id: int | None) -> datetime:
    """A time typed in the site's zone, as stored (naive UTC)."""
    return local.replace(tzinfo=site_zone(site_id)).astimezone(UTC).replace(tzinfo=None)


def to_local(utc: datetime, site_id: int | None) -> datetime:
    return utc.replace(tzinfo=UTC).astimezone(site_zone(site_id)).replace(tzinfo=None)
