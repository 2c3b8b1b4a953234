"""Lost to follow-up, defined once: the SQL that the team's queue and the indicator both run.

On a day D, an enrolment active that day (started by D, not ended by then) is

- overdue when neither its start nor the person's last contact (a note, or an
  attended appointment, in any discipline and at any site) falls within its
  programme's `lost_after_days` before D: a last contact exactly that many days
  before D is not overdue, one day more is;
- missed when the person's latest missed appointment came after their last
  contact (or they had none).

A person is lost when one of their enrolments is overdue or missed. Only what is
recorded before the end of D counts. The queue (services/follow_up.py) asks on
"today", the indicator (reports/sources.py) on the month's last day, so that on
the same day the coordinator's dashboard and the queue name the same people.

D is a UTC day and its end a UTC midnight, for both: not yet the sites' days
(caseflow.timezones.site_today). That is a known follow-up; being one rule, the
queue and the indicator will move to the sites' days together.

Why this shape: at a million notes, grouping every note ever written (or
looking up each enrolment's last contact) was most of the dashboard's time.
Only contacts within the longest threshold before D are grouped; a person whose
last contact is older than that window is past every programme's cutoff, and a
contact inside it is compared with each cutoff. Only a missed appointment older
than the window needs the person's later history, looked up for that row alone.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date, datetime, timedelta

from sqlalchemy import and_, exists, func, or_, select, union_all
from sqlalchemy.ext.compiler import compiles
from sqlalchemy.orm import aliased
from sqlalchemy.sql import ColumnElement, Select
from sqlalchemy.sql.functions import FunctionElement
from sqlalchemy.types import Boolean

from caseflow import pathways
from caseflow.models.appointment import Appointment, AppointmentStatus
from caseflow.models.enrolment import Enrolment
from caseflow.models.note import Note

DEFAULT_LOST_AFTER_DAYS = 60  # a programme unknown to caseflow (an old key)


class true_for_most(FunctionElement):
    """A condition that nearly every row meets (enrolments started before the day's end).

    Without statistics on ranges, SQLite assumes any range keeps a quarter of
    the rows and walks the index for it, one random read per row (ten times
    slower than reading the table here). On SQLite this becomes
    likelihood(condition, 0.99), which tells the planner so; elsewhere it is
    the condition itself.
    """

    type = Boolean()
    inherit_cache = True
    name = "true_for_most"


@compiles(true_for_most)
def _plain(element, compiler, **kw):
    return f"({compiler.process(element.clauses, **kw)})"


@compiles(true_for_most, "sqlite")
def _likely(element, compiler, **kw):
    return f"likelihood({compiler.process(element.clauses, **kw)}, 0.99)"


def threshold(programme_key: str) -> int:
    """Days without contact a programme allows before its people are lost to follow-up."""
    programme = pathways.get(programme_key)
    return programme.lost_after_days if programme else DEFAULT_LOST_AFTER_DAYS


def midnight(day: date) -> datetime:
    """The UTC instant a day starts, as stored times are compared (naive UTC)."""
    return datetime(day.year, day.month, day.day)


def end_of(day: date) -> datetime:
    """The UTC instant after the day: what is recorded before it counts on that day."""
    return midnight(day + timedelta(days=1))


def contacts(until: datetime, since: datetime | None = None, person_ids=None):
    """What a contact is: notes and attended appointments, (pid, discipline, at) rows in
    [since, until), of these people if given (ids or a subquery)."""
    attended = Appointment.status == AppointmentStatus.ATTENDED
    notes = [Note.occurred_at < until]
    appointments = [attended, Appointment.scheduled_at < until]
    if since is not None:
        notes.append(Note.occurred_at >= since)
        appointments.append(Appointment.scheduled_at >= since)
    if person_ids is not None:
        notes.append(Note.person_id.in_(person_ids))
        appointments.append(Appointment.person_id.in_(person_ids))
    return union_all(
        select(Note.person_id.label("pid"), Note.discipline.label("discipline"),
               Note.occurred_at.label("at")).where(*notes),
        select(Appointment.person_id, Appointment.discipline, Appointment.scheduled_at)
        .where(*appointments),
    ).subquery()


def active_on(day: date) -> ColumnElement[bool]:
    """Enrolments that have started by the end of the day and not ended by then."""
    after = day + timedelta(days=1)
    return and_(true_for_most(Enrolment.started_on < after),
                or_(Enrolment.ended_on.is_(None), Enrolment.ended_on >= after))


@dataclass(frozen=True)
class LostRule:
    """The rule on one day: `select(...)` reads active enrolments (with the person's latest
    missed appointment) and `lost` keeps the enrolments whose person is lost."""

    day: date
    site_ids: tuple[int, ...] | None
    recent: object  # CTE: (pid, at) the last contact within the window
    missed_cte: object  # CTE: (pid, at) the latest missed appointment
    overdue: ColumnElement[bool]  # this enrolment's programme threshold is passed
    missed: ColumnElement[bool]  # a missed appointment and no contact since

    @property
    def lost(self) -> ColumnElement[bool]:
        return or_(self.overdue, self.missed)

    @property
    def missed_at(self):
        return self.missed_cte.c.at

    def select(self, *columns) -> Select:
        """The enrolments active on the day (at these sites), with the CTEs joined."""
        stmt = (select(*columns).select_from(Enrolment)
                .outerjoin(self.recent, self.recent.c.pid == Enrolment.person_id)
                .outerjoin(self.missed_cte, self.missed_cte.c.pid == Enrolment.person_id)
                .where(active_on(self.day)))
        if self.site_ids is not None:
            stmt = stmt.where(Enrolment.site_id.in_(self.site_ids))
        return stmt


def lost_rule(day: date, site_ids=None) -> LostRule:
    """Lost to follow-up on `day` (a UTC day: see the module's docstring), for the enrolments
    at these sites (None: every site)."""
    end_at = end_of(day)
    thresholds = {key: p.lost_after_days for key, p in pathways.PROGRAMMES.items()}
    window = midnight(day - timedelta(days=max([*thresholds.values(),
                                                DEFAULT_LOST_AFTER_DAYS])))
    tag = day.strftime("%Y_%m_%d")
    scope = None
    if site_ids is not None:  # the queue of some sites: their people's contacts only
        enrolled = aliased(Enrolment)
        scope = select(enrolled.person_id).where(enrolled.site_id.in_(list(site_ids)))
    window_contacts = contacts(end_at, since=window, person_ids=scope)
    recent = (select(window_contacts.c.pid, func.max(window_contacts.c.at).label("at"))
              .group_by(window_contacts.c.pid).cte(f"recent_{tag}")
              .prefix_with("MATERIALIZED"))
    missed_where = [Appointment.status == AppointmentStatus.MISSED,
                    Appointment.scheduled_at < end_at]
    if scope is not None:
        missed_where.append(Appointment.person_id.in_(scope))
    missed = (select(Appointment.person_id.label("pid"),
                     func.max(Appointment.scheduled_at).label("at"))
              .where(*missed_where)
              .group_by(Appointment.person_id).cte(f"missed_{tag}").prefix_with("MATERIALIZED"))

    def overdue(days: int):
        cutoff = day - timedelta(days=days)
        return and_(Enrolment.started_on < cutoff,
                    or_(recent.c.at.is_(None), recent.c.at < midnight(cutoff)))

    by_programme = [and_(Enrolment.programme == key, overdue(days))
                    for key, days in thresholds.items()]
    by_programme.append(and_(Enrolment.programme.not_in(list(thresholds)),
                             overdue(DEFAULT_LOST_AFTER_DAYS)))
    attended = Appointment.status == AppointmentStatus.ATTENDED
    seen_after = or_(
        exists().where(Note.person_id == Enrolment.person_id, Note.occurred_at > missed.c.at,
                       Note.occurred_at < end_at),
        exists().where(Appointment.person_id == Enrolment.person_id, attended,
                       Appointment.scheduled_at > missed.c.at,
                       Appointment.scheduled_at < end_at))
    missed_since = and_(missed.c.at.is_not(None), or_(
        and_(missed.c.at >= window, or_(recent.c.at.is_(None), recent.c.at < missed.c.at)),
        and_(missed.c.at < window, recent.c.at.is_(None), ~seen_after)))
    return LostRule(day=day, site_ids=None if site_ids is None else tuple(site_ids),
                    recent=recent, missed_cte=missed, overdue=or_(*by_programme),
                    missed=missed_since)
