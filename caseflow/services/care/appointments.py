"""Appointments: scheduling, status, the daily list, and the appointments' part of the timeline.

A professional schedules in their own discipline (the medical coordinator:
medical appointments), at a site that follows the person. Who sees an
appointment: its author and the professional it is with; its discipline at a
site of the person's follow-up; the rest of the care team only while the person
agrees to share that discipline inside the team (secret partagé). Its note:
the author, the professional it is with and its discipline only.
"""

from __future__ import annotations

import uuid
from dataclasses import dataclass
from datetime import date, datetime, timedelta

from flask_babel import gettext as _
from flask_babel import lazy_gettext as _l
from sqlalchemy import and_, or_, select
from sqlalchemy.orm import joinedload

from caseflow.access.followup import (
    allowed_disciplines,
    appointment_visible_in_list,
    team_shared_by_person,
)
from caseflow.access.person import person_access
from caseflow.audit import Action, record_event
from caseflow.database import commit_keeping_loaded
from caseflow.disciplines import Discipline
from caseflow.extensions import db
from caseflow.models.appointment import Appointment, AppointmentKind, AppointmentStatus
from caseflow.models.base import utcnow
from caseflow.models.person import Person
from caseflow.models.site import Site
from caseflow.models.user import User
from caseflow.services import ServiceError, commit_or_conflict
from caseflow.services.intake.plausibility import ensure_not_before_birth
from caseflow.timeline import TimelineEntry, Window
from caseflow.timezones import (
    day_bounds,
    local_day,
    local_from_utc,
    site_time_label,
    site_today,
    zone_of,
)

MAX_NOTE = 4000
PAST_LIMIT = timedelta(days=366)
FUTURE_LIMIT = timedelta(days=2 * 366)
# The days a daily list can be asked for: far beyond any appointment, and well inside what
# dates and time zones can compute (9999-12-31 in Paris ends after the last datetime).
FIRST_LISTED_DAY, LAST_LISTED_DAY = date(1900, 1, 1), date(2100, 12, 31)


@dataclass
class AppointmentInput:
    site_id: int
    discipline: Discipline
    kind: AppointmentKind
    scheduled_at: datetime  # naive UTC
    with_user_id: int | None = None
    note: str | None = None


# --- Time: stored in UTC, entered and shown in the site's zone -----------------------------


def local_time(when: datetime, site: Site) -> datetime:
    """A stored time as read at the appointment's site."""
    return local_from_utc(when, zone_of(site))


def when_label(when: datetime, site: Site, fmt: str = "short") -> str:
    """In the site's zone (Flask-Babel's filters use the zone of the user's first site)."""
    return site_time_label(when, site, fmt)


# --- Scheduling and status --------------------------------------------------------------------


def with_user_choices(discipline: Discipline, site_ids) -> list[User]:
    """Professionals of a discipline who work at one of these sites (for 'with whom')."""
    from caseflow.access import PERSON_READER_ROLES
    from caseflow.models.user import SiteMembership

    stmt = (select(User).join(SiteMembership, SiteMembership.user_id == User.id)
            .where(User.active.is_(True), User.discipline == discipline,
                   User.role.in_(sorted(PERSON_READER_ROLES)),
                   SiteMembership.site_id.in_(sorted(site_ids)))
            .distinct().order_by(User.display_name))
    return list(db.session.scalars(stmt))


def _checked(actor, person, data: AppointmentInput) -> AppointmentInput:
    if data.site_id not in person_access(actor, person).writable_sites:
        raise ServiceError(_l("Choose a site that follows the person."), field="site_id")
    if data.discipline not in allowed_disciplines(actor):
        raise ServiceError(_l("You schedule appointments in your own discipline only."),
                           field="discipline")
    if data.kind == AppointmentKind.HEARING and data.discipline != Discipline.LEGAL:
        raise ServiceError(_l("A hearing is a legal appointment."), field="kind")
    now = utcnow()
    if not now - PAST_LIMIT <= data.scheduled_at <= now + FUTURE_LIMIT:
        raise ServiceError(_l("Choose a date within a year before or two years after today."),
                           field="day")
    ensure_not_before_birth(person, local_day(data.site_id, data.scheduled_at), field="day")
    if data.with_user_id is not None:
        ok = {u.id for u in with_user_choices(data.discipline, {data.site_id})}
        if data.with_user_id not in ok:
            raise ServiceError(_l("Choose a professional of this discipline at this site."),
                               field="with_user_id")
    data.note = (data.note or "").strip() or None
    if data.note and len(data.note) > MAX_NOTE:
        raise ServiceError(_l("The note is too long (at most %(n)d characters).", n=MAX_NOTE),
                           field="note")
    return data


def _apply(appointment: Appointment, data: AppointmentInput) -> None:
    appointment.site_id = data.site_id
    appointment.discipline = data.discipline
    appointment.kind = data.kind
    appointment.scheduled_at = data.scheduled_at
    appointment.with_user_id = data.with_user_id
    appointment.note = data.note


def schedule(actor, person, data: AppointmentInput) -> Appointment:
    data = _checked(actor, person, data)
    appointment = Appointment(person_id=person.id, created_by_id=actor.id,
                              status=AppointmentStatus.SCHEDULED, site_id=data.site_id)
    db.session.add(appointment)  # in the session first: the person's key is loaded through it
    _apply(appointment, data)
    db.session.flush()
    record_event(Action.CREATE, actor_id=actor.id, object_type="appointment",
                 object_id=str(appointment.id), person_code=person.code, site_id=data.site_id,
                 details={"discipline": data.discipline.value, "kind": data.kind.value})
    db.session.commit()
    return appointment


def _check_version(appointment: Appointment, expected_version: int | None) -> None:
    from caseflow.services import ConcurrentEditError

    if expected_version is not None and expected_version != appointment.version:
        raise ConcurrentEditError(_l("Someone else changed this appointment in the meantime. "
                                     "Check it and try again."))


def update(actor, person, appointment: Appointment, data: AppointmentInput,
           expected_version: int | None = None) -> Appointment:
    if not person_access(actor, person).may_manage_appointment(appointment):
        raise ServiceError(_l("You may not change this appointment."))
    if appointment.status != AppointmentStatus.SCHEDULED:
        raise ServiceError(_l("Only a scheduled appointment can be changed."))
    _check_version(appointment, expected_version)
    data = _checked(actor, person, data)
    _apply(appointment, data)
    appointment.version += 1
    record_event(Action.UPDATE, actor_id=actor.id, object_type="appointment",
                 object_id=str(appointment.id), person_code=person.code, site_id=data.site_id,
                 details={"changed": "details"})
    commit_or_conflict()
    return appointment


def set_status(actor, person, appointment: Appointment, status: AppointmentStatus,
               expected_version: int | None = None) -> Appointment:
    """Attended or missed once the day has come (a correction between the two is allowed);
    cancelled while still scheduled."""
    if not person_access(actor, person).may_manage_appointment(appointment):
        raise ServiceError(_l("You may not change this appointment."))
    _check_version(appointment, expected_version)
    if status == appointment.status:
        raise ServiceError(_l("The appointment already has this status."))
    if status == AppointmentStatus.CANCELLED:
        if appointment.status != AppointmentStatus.SCHEDULED:
            raise ServiceError(_l("Only a scheduled appointment can be cancelled."))
    elif status in (AppointmentStatus.ATTENDED, AppointmentStatus.MISSED):
        if appointment.status == AppointmentStatus.CANCELLED:
            raise ServiceError(_l("This appointment was cancelled."))
        if local_day(appointment.site, appointment.scheduled_at) > site_today(appointment.site):
            raise ServiceError(_l("An appointment can be marked attended or missed from its "
                                  "day on."))
    else:
        raise ServiceError(_l("Choose attended, missed or cancelled."))
    before = appointment.status
    appointment.status = status
    appointment.status_changed_at = utcnow()
    appointment.status_changed_by_id = actor.id
    appointment.version += 1
    record_event(Action.UPDATE, actor_id=actor.id, object_type="appointment",
                 object_id=str(appointment.id), person_code=person.code,
                 site_id=appointment.site_id,
                 details={"status": status.value, "was": before.value})
    commit_or_conflict()
    return appointment


# --- Reading ---------------------------------------------------------------------------------


def find_visible(viewer, person, appointment_id: uuid.UUID) -> Appointment | None:
    clause = person_access(viewer, person).appointment_clause()
    return db.session.scalar(select(Appointment).where(Appointment.id == appointment_id, clause))


def upcoming(person, viewer, limit: int = 5) -> list[Appointment]:
    """The person's next scheduled appointments the viewer may see (from today on)."""
    clause = person_access(viewer, person).appointment_clause()
    since = utcnow() - timedelta(hours=12)
    return list(db.session.scalars(
        select(Appointment).where(clause, Appointment.status == AppointmentStatus.SCHEDULED,
                                  Appointment.scheduled_at >= since)
        .order_by(Appointment.scheduled_at).limit(limit)))


@dataclass
class DayList:
    day: date
    sites: list[Site]
    appointments: list[Appointment]
    people: dict[uuid.UUID, Person]


def day_list(viewer, day: date, site_id: int | None = None,
             user_id: int | None = None) -> DayList:
    """A day's appointments at the viewer's sites (or one of them), optionally of one
    professional; people in scope only; audited as one view with counts."""
    from caseflow.access import in_scope_clause, person_scope_site_ids, reads_people

    if not reads_people(viewer):
        raise ServiceError(_l("This list is for the care teams."))
    if not FIRST_LISTED_DAY <= day <= LAST_LISTED_DAY:
        raise ServiceError(_l("Choose a day between 1900 and 2100."), field="day")
    scope = person_scope_site_ids(viewer)
    if site_id is not None:
        site = db.session.get(Site, site_id)
        if site is None or (scope is not None and site_id not in scope):
            raise ServiceError(_l("Choose one of your sites."), field="site")
        sites = [site]
    else:
        sites = sorted(viewer.sites, key=lambda s: s.name)
    appointments: list[Appointment] = []
    if sites:
        windows = [and_(Appointment.site_id == s.id, Appointment.scheduled_at >= start,
                        Appointment.scheduled_at < end)
                   for s in sites for start, end in [day_bounds(day, zone_of(s))]]
        stmt = select(Appointment).where(or_(*windows),
                                         in_scope_clause(viewer, Appointment.person_id))
        if user_id is not None:
            stmt = stmt.where(Appointment.with_user_id == user_id)
        found = list(db.session.scalars(stmt.order_by(Appointment.scheduled_at)))
        shared = team_shared_by_person(a.person_id for a in found)
        appointments = [a for a in found
                        if appointment_visible_in_list(viewer, a, shared[a.person_id])]
    people = {p.id: p for p in db.session.scalars(
        select(Person).where(Person.id.in_({a.person_id for a in appointments})))}
    record_event(Action.VIEW, actor_id=viewer.id, object_type="appointment_list",
                 site_id=site_id, details={"day": day.isoformat(), "shown": len(appointments),
                                           "sites": [s.id for s in sites],
                                           "of_user": user_id is not None})
    commit_keeping_loaded()  # the list shows each appointment: without reloading each one
    return DayList(day, sites, appointments, people)


# --- Timeline ----------------------------------------------------------------------------------


def timeline_entries(person, viewer, window: Window) -> list[TimelineEntry]:
    """Appointments of a person the viewer may see, newest first (one query)."""
    from caseflow.access import reads_people

    if not reads_people(viewer):
        return []
    access = person_access(viewer, person)
    stmt = select(Appointment).where(access.appointment_clause()).options(
        joinedload(Appointment.with_user).lazyload(User.memberships))
    if window.since:
        stmt = stmt.where(Appointment.scheduled_at >= window.since)
    if window.until:
        stmt = stmt.where(Appointment.scheduled_at < window.until)
    if window.discipline:
        stmt = stmt.where(Appointment.discipline == window.discipline)
    rows = db.session.scalars(stmt.order_by(Appointment.scheduled_at.desc()).limit(window.limit))
    return [_entry(a, access) for a in rows]


def _entry(appointment: Appointment, access) -> TimelineEntry:
    from flask import url_for

    editable = (appointment.status == AppointmentStatus.SCHEDULED
                and access.may_manage_appointment(appointment))
    return TimelineEntry(
        when=appointment.scheduled_at, kind="appointment",
        title=_("Appointment: %(kind)s (%(status)s)", kind=appointment.kind.label,
                status=appointment.status.label),
        discipline=appointment.discipline, site=appointment.site.name,
        author=appointment.with_user.display_name if appointment.with_user else None,
        url=url_for("followup.edit_appointment", appointment_id=appointment.id)
        if editable else None,
        attrs={"data-entry-kind": "appointment",
               "data-entry-discipline": appointment.discipline.value,
               "data-appointment-status": appointment.status.value},
        loader=_loader(appointment, access),
    )


def _loader(appointment: Appointment, access):
    def load(entry: TimelineEntry) -> None:
        entry.details = [(_("Time"), when_label(appointment.scheduled_at, appointment.site))]
        if access.may_read_appointment_note(appointment):
            entry.body = appointment.note  # decrypted for the entries on the page only

    return load
