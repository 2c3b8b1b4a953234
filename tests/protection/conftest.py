"""A record as the team would build it, and helpers to age it for retention tests."""

from __future__ import annotations

import uuid
from datetime import UTC, date, datetime, time, timedelta

import pytest
from sqlalchemy import select, update

from caseflow.extensions import db
from caseflow.models.appointment import AppointmentKind, AppointmentStatus
from caseflow.models.enrolment import Enrolment
from caseflow.models.note import Note
from caseflow.roles import Discipline
from caseflow.services.consents import ConsentInput, add_consent
from caseflow.services.referrals import ReferralInput
from caseflow.services.referrals import create as create_referral
from caseflow.vocabulary import (
    Confidentiality,
    ConsentDecision,
    ConsentPurpose,
    DecidedBy,
    Vulnerability,
)
from tests.followup.conftest import add_appointment, add_note, person
from tests.people.conftest import register, site_id, user  # noqa: F401 (fixture re-export)

# Words that must never be readable after an erasure, and checked in the exports.
FAMILY, GIVEN, ALIAS = "Kourouma", "Aïssatou", "Aissata Kouroumah"
PHONE = "+33 6 12 34 56 78"
TEAM_TEXT = "Toux depuis trois semaines, pas de fièvre"
DISCIPLINE_TEXT = "Entretien social : hébergée chez une compatriote"
PRIVATE_TEXT = "Hypothèse personnelle à vérifier"
ADULT = "Mariam Sow-Bangoura"
APPOINTMENT_TEXT = "Apporter le carnet de vaccination"
REFERRAL_REASON = "Bilan hépatite B"
PARTNER = "PASS Hôpital Avicenne"


def utc_days_ago(days: int) -> datetime:
    return datetime.now(UTC).replace(tzinfo=None) - timedelta(days=days)


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


@pytest.fixture
def full_record(app, register):  # noqa: F811 (the fixture imported above)
    """Aïssatou, followed at Pantin: identity, consents (one with an accompanying adult),
    a flag, team, discipline and private notes, an appointment, a referral to a partner."""
    person_id = register("amina", "PAN", FAMILY, GIVEN, aliases=[ALIAS], born=2008,
                         nationality="GN", phone=PHONE)
    with app.app_context():
        someone = person(person_id)
        add_consent(user("amina"), someone, ConsentInput(
            ConsentPurpose.PHOTOGRAPHS, ConsentDecision.REFUSED,
            decided_by=DecidedBy.MINOR_WITH_ADULT, accompanying_adult=ADULT),
            site_id=site_id("PAN"))
        from caseflow.services.people import set_flag

        set_flag(user("amina"), person(person_id), Vulnerability.UNACCOMPANIED_MINOR, True)
        add_note(person_id, "amina", "PAN", Discipline.MEDICAL, 20, TEAM_TEXT)
        add_note(person_id, "sara", "PAN", Discipline.SOCIAL, 15, DISCIPLINE_TEXT,
                 Confidentiality.DISCIPLINE)
        add_note(person_id, "amina", "PAN", Discipline.MEDICAL, 10, PRIVATE_TEXT,
                 Confidentiality.PRIVATE)
        add_appointment(person_id, "amina", "PAN", Discipline.MEDICAL,
                        utc_days_ago(-7), AppointmentStatus.SCHEDULED,
                        AppointmentKind.FOLLOW_UP, with_login="amina", note=APPOINTMENT_TEXT)
        add_appointment(person_id, "amina", "PAN", Discipline.MEDICAL, utc_days_ago(5),
                        AppointmentStatus.ATTENDED)
        create_referral(user("amina"), person(person_id), ReferralInput(
            reason=REFERRAL_REASON, partner_kind=_partner_kind(), partner_name=PARTNER),
            ConsentInput(ConsentPurpose.PARTNER_SHARING, ConsentDecision.GIVEN))
    return person_id


def _partner_kind():
    from caseflow.models.referral import PartnerKind

    return PartnerKind.HOSPITAL_PASS


def note_ids(person_id) -> list[uuid.UUID]:
    return list(db.session.scalars(select(Note.id).where(
        Note.person_id == uuid.UUID(str(person_id)))))
