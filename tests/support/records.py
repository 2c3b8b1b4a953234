"""Rows built as the personas would: users, sites, people, notes, appointments."""

from __future__ import annotations

import uuid
from datetime import UTC, date, datetime, time, timedelta
from zoneinfo import ZoneInfo

from sqlalchemy import select, update

from caseflow.disciplines import Discipline
from caseflow.extensions import db
from caseflow.models.appointment import Appointment, AppointmentKind, AppointmentStatus
from caseflow.models.enrolment import Enrolment
from caseflow.models.note import Note
from caseflow.models.person import Person
from caseflow.models.site import Site
from caseflow.models.user import User
from caseflow.services.care.consents import ConsentInput, add_consent
from caseflow.timezones import site_today
from caseflow.vocabulary import (
    Confidentiality,
    ConsentDecision,
    ConsentPurpose,
    InterpreterKind,
    NoteKind,
)


def user(login: str) -> User:
    return db.session.scalar(select(User).where(User.login == login))


def site_id(code: str) -> int:
    return db.session.scalar(select(Site.id).where(Site.code == code))


def load(app, person_id) -> Person:
    import uuid

    with app.app_context():
        person = db.session.get(Person, uuid.UUID(person_id))
        return person


PARIS = ZoneInfo("Europe/Paris")


def person(person_id) -> Person:
    return db.session.get(Person, uuid.UUID(str(person_id)))


def utc(day: date, at: time = time(10, 0), zone: ZoneInfo = PARIS) -> datetime:
    return datetime.combine(day, at).replace(tzinfo=zone).astimezone(UTC).replace(tzinfo=None)


def add_note(person_id, login: str, site: str, discipline: Discipline, days_ago: int,
             text: str = "", confidentiality: Confidentiality = Confidentiality.TEAM) -> Note:
    """A note as it would be stored, dated `days_ago` days before now (hand-built data)."""
    kinds = {Discipline.MEDICAL: NoteKind.MEDICAL_CONSULTATION,
             Discipline.MENTAL_HEALTH: NoteKind.MENTAL_HEALTH_SESSION,
             Discipline.SOCIAL: NoteKind.SOCIAL_INTERVIEW,
             Discipline.LEGAL: NoteKind.LEGAL_APPOINTMENT}
    note = Note(person_id=uuid.UUID(str(person_id)), site_id=site_id(site),
                author_id=user(login).id, discipline=discipline, kind=kinds[discipline],
                occurred_at=datetime.now(UTC).replace(tzinfo=None) - timedelta(days=days_ago),
                interpreter_kind=InterpreterKind.NONE_NEEDED, confidentiality=confidentiality,
                codes={})
    db.session.add(note)
    if text:
        note.text = text
    db.session.commit()
    return note


def add_appointment(person_id, login: str, site: str, discipline: Discipline,
                    when: datetime, status: AppointmentStatus = AppointmentStatus.SCHEDULED,
                    kind: AppointmentKind = AppointmentKind.CONSULTATION,
                    with_login: str | None = None, note: str | None = None) -> Appointment:
    """An appointment row written directly (past dates the service would refuse too)."""
    appointment = Appointment(person_id=uuid.UUID(str(person_id)), site_id=site_id(site),
                              discipline=discipline, kind=kind, scheduled_at=when,
                              status=status, created_by_id=user(login).id,
                              with_user_id=user(with_login).id if with_login else None)
    db.session.add(appointment)
    if note:
        appointment.note = note
    db.session.commit()
    return appointment


def start_enrolment(person_id, days_ago: int) -> None:
    for enrolment in db.session.scalars(select(Enrolment).where(
            Enrolment.person_id == uuid.UUID(str(person_id)))):
        # The site's local day, the one the application counts from (not the UTC day).
        enrolment.started_on = site_today(enrolment.site_id) - timedelta(days=days_ago)
    db.session.commit()


def withdraw_team_sharing(person_id, login: str = "amina") -> None:

    add_consent(user(login), person(person_id),
                ConsentInput(ConsentPurpose.TEAM_SHARING, ConsentDecision.WITHDRAWN,
                             scope="all"))


def set_last_contact(person_id, day: date) -> None:
    """Move every contact of the person (enrolment start, notes) to `day`."""
    pid = uuid.UUID(str(person_id))
    db.session.execute(update(Enrolment).where(Enrolment.person_id == pid)
                       .values(started_on=day))
    db.session.execute(update(Note).where(Note.person_id == pid)
                       .values(occurred_at=datetime.combine(day, time(10))))
    db.session.commit()


def set_birth(person_id, born: date | None, precision: str) -> None:
    someone = person(person_id)
    someone.set_birth_date(born, precision)
    someone.version += 1
    db.session.commit()
