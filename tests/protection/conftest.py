"""A record as the team would build it, and helpers to age it for retention tests."""

from __future__ import annotations

import uuid
from datetime import UTC, datetime, timedelta

import pytest
from sqlalchemy import select

from caseflow.disciplines import Discipline
from caseflow.extensions import db
from caseflow.models.appointment import AppointmentKind, AppointmentStatus
from caseflow.models.note import Note
from caseflow.services.care.consents import ConsentInput, add_consent
from caseflow.services.care.referrals import ReferralInput
from caseflow.services.care.referrals import create as create_referral
from caseflow.vocabulary import (
    Confidentiality,
    ConsentDecision,
    ConsentPurpose,
    DecidedBy,
    Vulnerability,
)
from tests.support.records import add_appointment, add_note, person, site_id, user

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






@pytest.fixture
def full_record(app, register):
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
        from caseflow.services.intake.people import set_flag

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
