"""A reporting month as half-open bounds [start, end).

Months are computed here, in Python, and handed to SQL as plain bounds: date
truncation differs between SQLite and PostgreSQL, bounds compare the same way
on both and use the (site_id, occurred_at) indexes.

Each site counts in its own month: a consultation at 00:30 on 1 February in
Pantin is February's there, although it is stored at 23:30 UTC on 31 January.
Days (`started_on`, `decided_on`...) are already the site's days; stored times
are compared with `in_site_month`, built on `site_windows(month)`: the UTC
instants each site's local month starts and ends, sites of the same bounds
together. The sites and their zones are read once per request (`site_facts`).
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from datetime import UTC, date, datetime
from zoneinfo import ZoneInfo

from sqlalchemy import DateTime, and_, case, literal

from caseflow.timezones import utc_from_local

_MONTH = re.compile(r"^(\d{4})-(\d{2})$")


@dataclass(frozen=True, order=True)
class Month:
    year: int
    month: int

    @classmethod
    def parse(cls, text: str | None) -> Month | None:
        """A "YYYY-MM" string as a Month, or None when it is not one."""
        match = _MONTH.match((text or "").strip())
        if not match:
            return None
        year, month = int(match.group(1)), int(match.group(2))
        if not (1 <= month <= 12 and 2000 <= year <= 2100):
            return None
        return cls(year, month)

    @classmethod
    def of(cls, day: date) -> Month:
        return cls(day.year, day.month)

    @property
    def key(self) -> str:
        return f"{self.year:04d}-{self.month:02d}"

    @property
    def start(self) -> date:
        return date(self.year, self.month, 1)

    @property
    def end(self) -> date:
        """The first day of the next month (excluded)."""
        return self.next().start

    @property
    def start_at(self) -> datetime:
        return datetime(self.year, self.month, 1)

    @property
    def end_at(self) -> datetime:
        return self.next().start_at

    def previous(self) -> Month:
        return Month(self.year - 1, 12) if self.month == 1 else Month(self.year, self.month - 1)

    def next(self) -> Month:
        return Month(self.year + 1, 1) if self.month == 12 else Month(self.year, self.month + 1)

    def last(self, count: int) -> list[Month]:
        """The `count` months ending with this one, oldest first."""
        months = [self]
        while len(months) < count:
            months.append(months[-1].previous())
        return list(reversed(months))

    def __str__(self) -> str:
        return self.key


_SITES_KEY = "caseflow_report_sites"
_MEMO_KEY = "caseflow_report_sites_memo"
_watching_sites = False


def site_facts() -> list[tuple[int, str, str]]:
    """(id, code, time zone) of every site, by code: read once per application context
    (a request, a command) for the labels and for each site's month, so that taking each
    site's own month costs no query per indicator. A site written through the ORM (the
    administration pages, a test) forgets them."""
    from flask import g, has_app_context
    from sqlalchemy import select

    from caseflow.extensions import db
    from caseflow.models.site import Site

    if has_app_context() and (cached := g.get(_SITES_KEY)) is not None:
        return cached
    _watch_sites()
    facts = [(site_id, code, zone or "UTC") for site_id, code, zone in db.session.execute(
        select(Site.id, Site.code, Site.timezone).order_by(Site.code))]
    if has_app_context():
        setattr(g, _SITES_KEY, facts)
    return facts


def sites_memo() -> dict:
    """A dict for what is derived from the sites in this context (the month conditions of
    sources.py), forgotten with them."""
    from flask import g, has_app_context

    return g.setdefault(_MEMO_KEY, {}) if has_app_context() else {}


def _forget_sites(*_args) -> None:
    from flask import g, has_app_context

    if has_app_context():
        g.pop(_SITES_KEY, None)
        g.pop(_MEMO_KEY, None)


def _watch_sites() -> None:
    global _watching_sites
    if not _watching_sites:
        from sqlalchemy import event

        from caseflow.models.site import Site

        for name in ("after_insert", "after_update", "after_delete"):
            event.listen(Site, name, _forget_sites)
        _watching_sites = True


@dataclass(frozen=True)
class SiteWindow:
    """The sites whose local month is [start, end) in UTC (naive, as stored)."""

    site_ids: tuple[int, ...]
    start: datetime
    end: datetime


def local_bounds(month: Month, zone: ZoneInfo) -> tuple[datetime, datetime]:
    """The UTC instants the month starts and ends in `zone` (summer time included)."""
    return utc_from_local(month.start_at, zone), utc_from_local(month.end_at, zone)


def site_windows(month: Month) -> list[SiteWindow]:
    """Every site's local month as UTC bounds, sites sharing bounds in one window (Pantin,
    Calais and Marseille; Tripoli and Zwara): one condition per group of sites."""
    groups: dict[tuple[datetime, datetime], list[int]] = {}
    for site_id, _code, zone in site_facts():
        groups.setdefault(local_bounds(month, ZoneInfo(zone)), []).append(site_id)
    return [SiteWindow(tuple(sorted(ids)), start, end)
            for (start, end), ids in sorted(groups.items())]


def programme_today() -> date:
    """The earliest of the sites' todays: the day every site of the programme has reached."""
    zones = {zone for _id, _code, zone in site_facts()}
    return min((datetime.now(ZoneInfo(zone)).date() for zone in zones),
               default=datetime.now(UTC).date())


def last_month(today: date | None = None) -> Month:
    """The default period: the last month over at every site (at 00:30 on 1 February in
    Paris, January; at 23:30 on 31 January, December)."""
    return Month.of(today or programme_today()).previous()


def in_site_month(month: Month, at, site_id):
    """`at`, a stored (UTC) time of a row of site `site_id`, is in that site's local month.

    One range from the earliest start to the latest end of the sites' months, served by
    the indexes on the time as before, then each row against its own site's bounds: a
    CASE on the site, one branch per group of sites whose months have the same bounds
    (one query still, the same SQL on SQLite and PostgreSQL, nothing decrypted). A row
    whose site is not known here keeps the UTC month. Built once per request for each
    month and column (a page asks for the same months of many indicators)."""
    memo = sites_memo()
    key = (month, id(at), id(site_id))  # the memo keeps `at` and `site_id` alive
    if key not in memo:
        memo[key] = _month_clause(month, at, site_id)
    return memo[key]


def _month_clause(month: Month, at, site_id):
    windows = site_windows(month)
    if len(windows) <= 1:
        start, end = (windows[0].start, windows[0].end) if windows else (month.start_at,
                                                                         month.end_at)
        return and_(at >= start, at < end)

    sites = [site_id == w.site_ids[0] if len(w.site_ids) == 1 else site_id.in_(w.site_ids)
             for w in windows]

    def bound(name: str, default: datetime):
        return case(*[(at_site, literal(getattr(w, name), DateTime()))
                      for at_site, w in zip(sites, windows, strict=True)],
                    else_=literal(default, DateTime()))

    lowest = min([month.start_at, *(w.start for w in windows)])
    highest = max([month.end_at, *(w.end for w in windows)])
    return and_(at >= lowest, at < highest,
                at >= bound("start", month.start_at), at < bound("end", month.end_at))
