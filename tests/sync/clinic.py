"""A clinic day's work, done through the services as the pages do, on either side."""

from __future__ import annotations

import uuid
from datetime import date, timedelta

from caseflow.disciplines import Discipline
from caseflow.extensions import db
from caseflow.models.appointment import AppointmentKind
from caseflow.models.base import utcnow
from caseflow.models.person import Person
from caseflow.services.care.appointments import AppointmentInput, schedule
from caseflow.services.care.consents import ConsentInput
from caseflow.services.care.notes import NoteInput, correct_note, record_note
from caseflow.services.care.referrals import ReferralInput
from caseflow.services.care.referrals import create as create_referral
from caseflow.services.intake.people import Identity, register_person, update_identity
from caseflow.sync.recording import acting_as
from caseflow.vocabulary import (
    BirthDatePrecision,
    BirthDateSource,
    ConsentDecision,
    ConsentPurpose,
    NoteKind,
    Sex,
)
from tests.support.records import site_id, user

PEOPLE = [("Tesfay", "Haile", 1991, "ER", "+33 6 12 34 56 01"),
          ("Nguyen", "Linh", 1999, "VN", None),
          ("Okonkwo", "Chidi", 1987, "NG", "+33 6 12 34 56 03")]


def register(app, login: str, family: str, given: str, born: int, nationality: str,
             phone: str | None, site: str = "CAL") -> uuid.UUID:
    with app.app_context():
        actor = user(login)
        with acting_as(actor.id):
            person = register_person(
                actor, Identity(family_name=family, given_names=given,
                                birth_date=date(born, 1, 1),
                                birth_precision=BirthDatePrecision.YEAR, sex=Sex.MALE,
                                nationality=nationality, phone=phone),
                site_id=site_id(site), programme="general",
                consents=[ConsentInput(ConsentPurpose.CARE, ConsentDecision.GIVEN),
                          ConsentInput(ConsentPurpose.DATA_PROCESSING, ConsentDecision.GIVEN)])
            return person.id


def note(app, login: str, person_id: uuid.UUID, text: str, site: str = "CAL") -> uuid.UUID:
    with app.app_context():
        actor = user(login)
        with acting_as(actor.id):
            written = record_note(actor, db.session.get(Person, person_id), NoteInput(
                kind=NoteKind.NURSING_CARE if login == "hugo" else NoteKind.MEDICAL_CONSULTATION,
                occurred_at=utcnow() - timedelta(minutes=30), site_id=site_id(site), text=text))
            return written.id


def appointment(app, login: str, person_id: uuid.UUID, note_text: str,
                site: str = "CAL") -> uuid.UUID:
    with app.app_context():
        actor = user(login)
        with acting_as(actor.id):
            made = schedule(actor, db.session.get(Person, person_id), AppointmentInput(
                site_id=site_id(site), discipline=Discipline.MEDICAL,
                kind=AppointmentKind.FOLLOW_UP, scheduled_at=utcnow() + timedelta(days=2),
                note=note_text))
            return made.id


def refer(app, login: str, person_id: uuid.UUID, reason: str, site: str = "CAL") -> uuid.UUID:
    """A referral to the team's social worker."""
    with app.app_context():
        actor = user(login)
        with acting_as(actor.id):
            made = create_referral(actor, db.session.get(Person, person_id), ReferralInput(
                reason=reason, target_discipline=Discipline.SOCIAL, site_id=site_id(site)))
            return made.id


def correct(app, login: str, note_id: uuid.UUID, text: str) -> None:
    """The author corrects the text of a note (a new version, the old one kept)."""
    from caseflow.models.note import Note

    with app.app_context():
        actor = user(login)
        written = db.session.get(Note, note_id)
        person = db.session.get(Person, written.person_id)
        with acting_as(actor.id):
            correct_note(actor, person, written, written.version, NoteInput(
                kind=written.kind, occurred_at=written.occurred_at, site_id=written.site_id,
                confidentiality=written.confidentiality, codes=dict(written.codes or {}),
                details=dict(written.details or {}), text=text))


def edit_identity(app, login: str, person_id: uuid.UUID, **changes) -> None:
    """Correct some declared fields through the identity form's service."""
    with app.app_context():
        actor = user(login)
        person = db.session.get(Person, person_id)
        identity = Identity(
            family_name=person.family_name, given_names=person.given_names or "",
            aliases=list(person.aliases or []), birth_date=person.birth_date,
            birth_precision=BirthDatePrecision(person.birth_date_precision),
            birth_source=BirthDateSource(person.birth_date_source), sex=Sex(person.sex),
            nationality=person.nationality, languages=list(person.languages or []),
            interpreter_needed=person.interpreter_needed, phone=person.phone,
            contact_notes=person.contact_notes)
        for name, value in changes.items():
            setattr(identity, name, value)
        with acting_as(actor.id):
            update_identity(actor, person, identity, expected_version=person.version)


def clinic_day(app) -> dict[uuid.UUID, tuple[str, str]]:
    """Hugo's day at Calais: three people registered, a note and an appointment each, and
    the first one referred to the social worker. Returns person id -> (note text,
    appointment note)."""
    done = {}
    for family, given, born, nationality, phone in PEOPLE:
        person_id = register(app, "hugo", family, given, born, nationality, phone)
        text = f"Pansement du pied droit, {given} revient dans deux jours"
        booked = f"Contrôle du pansement de {given}"
        note(app, "hugo", person_id, text)
        appointment(app, "hugo", person_id, booked)
        done[person_id] = (text, booked)
    refer(app, "hugo", next(iter(done)), "Hébergement d'urgence à trouver avant l'hiver")
    return done
