"""Closed months' figures computed once and kept until a late write reaches them (issue 22).

The dashboard's default is last month, and its charts show five months before it: at
programme size most of its seconds went to recounting months that no longer change.
Here a figure of a closed month is kept in ``indicator_figure`` beside a fingerprint of
the late writes that could reach it (late_writes.py records them in the writers'
transactions); it is read back while the fingerprint is the same and recomputed, then
kept again, when it moved. The figures are therefore always those a recount would give:
tests/reports/test_figure_cache.py recounts after back-dated writes of every kind.

What is kept, and why it is safe:
- only closed months: two days after the month's end (a site's month ends up to a day
  after UTC's; writes dated today are not recorded, yesterday's are);
- only indicators that read rows dated in their month or before (sources.KEPT_WHEN_CLOSED
  and the disciplines' note counts): a row dated later cannot change them;
- only statements whose every table is one late_writes.WATCHED records;
- keyed by the SHA-256 of the statement's SQL and parameters and of how its rows are
  counted (compute.py's unit, breakdown and ``COUNTING`` version, bumped with any change
  to the counting or to the stored form), so another choice of sites, another margin or a
  release that counts differently never reads an older figure. A data migration that
  changes counted rows without the session (``op.execute``) must empty
  ``indicator_figure``.

The fingerprint is read before the figure is computed, so a write committed during the
count moves it (the figure is recomputed next time, never kept stale). A figure is kept
by ``keep()`` in the caller's audit transaction, after the reading transaction (the
dashboard and the exports read without SQLite's write lock).
"""

from __future__ import annotations

import hashlib
from collections.abc import Callable
from datetime import date, timedelta
from typing import Any

from flask import g, has_app_context
from sqlalchemy import Table, func, or_, select
from sqlalchemy.dialects import postgresql, sqlite
from sqlalchemy.sql import visitors

from caseflow.extensions import db
from caseflow.models.base import utcnow
from caseflow.models.indicator_cache import ANY_TABLE, IndicatorChange, IndicatorFigure
from caseflow.reports.late_writes import MEMO_KEY, WATCHED
from caseflow.reports.period import Month

# Every figure depends on the sites (their time zones draw the months) and on a person
# deleted, whose rows the database may take along unseen.
_ALWAYS = ("site", ANY_TABLE)


def closed(month: Month, today: date | None = None) -> bool:
    """A month is closed two days after its end: no site is still in it, and a write dated
    in it is recorded (late_writes.recorded_before)."""
    return month.end <= (today or utcnow().date()) - timedelta(days=2)


def _memo() -> dict[str, Any]:
    if not has_app_context():
        return {"summary": {}, "stored": {}, "pending": {}}
    memo = g.get(MEMO_KEY)
    if memo is None:
        memo = {"summary": {}, "stored": {}, "pending": {}}
        setattr(g, MEMO_KEY, memo)
    return memo


def tables(stmt: Any) -> frozenset[str]:
    """The names of the tables a statement reads (through its joins, aliases, subqueries)."""
    return frozenset(el.name for el in visitors.iterate(stmt) if isinstance(el, Table))


def _digest(stmt: Any, how: str) -> str:
    compiled = stmt.compile(dialect=db.engine.dialect)
    params = sorted((k, repr(v)) for k, v in compiled.params.items())
    return hashlib.sha256(f"{how}\n{compiled}\n{params}".encode()).hexdigest()


def _summary(month: Month) -> dict[str, tuple[int, int]]:
    """Per table, how many recorded changes can reach the month, and the greatest id."""
    memo = _memo()["summary"]
    if month not in memo:
        c = IndicatorChange
        limit = month.end + timedelta(days=1)  # a site's day may end a day after UTC's
        memo[month] = {table: (int(n), int(top)) for table, n, top in db.session.execute(
            select(c.table_name, func.count(), func.max(c.id))
            .where(or_(c.first_day.is_(None), c.first_day < limit))
            .group_by(c.table_name))}
    return memo[month]


def _fingerprint(month: Month, read: frozenset[str]) -> str:
    summary = _summary(month)
    return ";".join(f"{t}:{summary[t][0]}:{summary[t][1]}"
                    for t in sorted(read | set(_ALWAYS)) if t in summary)


def _stored(month: Month) -> dict[tuple[str, str], tuple[str, dict]]:
    memo = _memo()["stored"]
    if month not in memo:
        f = IndicatorFigure
        memo[month] = {(code, statement): (fingerprint, figure)
                       for code, statement, fingerprint, figure in db.session.execute(
                           select(f.code, f.statement, f.fingerprint, f.figure)
                           .where(f.month == month.key))}
    return memo[month]


def figure(code: str, month: Month, stmt: Any, count: Callable[[], dict],
           kept_when_closed: bool, how: str) -> dict:
    """The figure of ``stmt`` (as ``count`` gives it, a JSON-able dict) for the month: kept
    if the month is closed and the indicator may be kept, else counted. ``how``: how the
    statement's rows are counted, part of the key."""
    if not kept_when_closed or not closed(month):
        return count()
    read = tables(stmt)
    if not read <= WATCHED:
        return count()
    fingerprint = _fingerprint(month, read)  # before counting: see the module's docstring
    statement = _digest(stmt, how)
    stored = _stored(month).get((code, statement))
    if stored is not None and stored[0] == fingerprint:
        return stored[1]
    counted = count()
    _stored(month)[(code, statement)] = (fingerprint, counted)
    _memo()["pending"][(month.key, code, statement)] = (fingerprint, counted)
    return counted


def keep() -> int:
    """Store the figures counted in this request (in the caller's transaction); how many."""
    pending = _memo()["pending"]
    if not pending:
        return 0
    insert = postgresql.insert if db.engine.dialect.name == "postgresql" else sqlite.insert
    now = utcnow()
    rows = [{"month": month, "code": code, "statement": statement, "fingerprint": fingerprint,
             "figure": counted, "computed_at": now}
            for (month, code, statement), (fingerprint, counted) in sorted(
                pending.items(), key=lambda item: item[0])]
    stmt = insert(IndicatorFigure)
    db.session.execute(stmt.on_conflict_do_update(
        index_elements=["month", "code", "statement"],
        set_={"fingerprint": stmt.excluded.fingerprint, "figure": stmt.excluded.figure,
              "computed_at": stmt.excluded.computed_at}), rows)
    pending.clear()
    return len(rows)
