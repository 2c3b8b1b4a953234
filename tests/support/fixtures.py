"""Fixtures shared by every test package (loaded by tests/conftest.py as a plugin)."""

from __future__ import annotations

from datetime import date, timedelta

import pytest

from caseflow.extensions import db
from caseflow.models.base import utcnow
from caseflow.models.person import Person
from caseflow.services.care.consents import ConsentInput
from caseflow.services.care.notes import NoteInput, record_note
from caseflow.services.intake.people import Identity, register_person
from caseflow.vocabulary import (
    BirthDatePrecision,
    Confidentiality,
    ConsentDecision,
    ConsentPurpose,
    NoteKind,
    Sex,
)
from tests.support.certificates import give_certificate_consent
from tests.support.records import site_id, user


@pytest.fixture
def register(app):
    """register('hugo', 'CAL', 'Diallo', 'Mamadou', ...) → the person's id (a str)."""

    def _register(login, site, family, given="", *, aliases=(), born=None, nationality=None,
                  phone=None, team_sharing=True, sex=Sex.MALE, programme="general"):
        with app.app_context():
            consents = [ConsentInput(ConsentPurpose.CARE, ConsentDecision.GIVEN),
                        ConsentInput(ConsentPurpose.DATA_PROCESSING, ConsentDecision.GIVEN)]
            if team_sharing:
                consents.append(ConsentInput(ConsentPurpose.TEAM_SHARING, ConsentDecision.GIVEN,
                                             scope="all"))
            identity = Identity(
                family_name=family, given_names=given, aliases=list(aliases),
                birth_date=date(born, 1, 1) if born else None,
                birth_precision=BirthDatePrecision.YEAR if born else BirthDatePrecision.UNKNOWN,
                sex=sex, nationality=nationality, phone=phone,
            )
            person = register_person(user(login), identity, site_id=site_id(site),
                                     programme=programme, consents=consents)
            return str(person.id)

    return _register


KIND = {"amina": NoteKind.MEDICAL_CONSULTATION, "yasmine": NoteKind.MENTAL_HEALTH_SESSION,
        "sara": NoteKind.SOCIAL_INTERVIEW, "lea": NoteKind.LEGAL_APPOINTMENT,
        "nadia": NoteKind.PROTECTION_INTERVIEW,
        "hugo": NoteKind.NURSING_CARE, "claire": NoteKind.MEDICAL_CONSULTATION}


@pytest.fixture
def write_note(app):
    def _write(login, person_id, confidentiality=Confidentiality.TEAM, text=None, site="PAN",
               minutes_ago=60, codes=None, details=None):
        import uuid


        with app.app_context():
            person = db.session.get(Person, uuid.UUID(person_id))
            note = record_note(user(login), person, NoteInput(
                kind=KIND[login], occurred_at=utcnow() - timedelta(minutes=minutes_ago),
                site_id=site_id(site), confidentiality=confidentiality,
                codes=codes or {}, details=details or {},
                text=text or f"{login} {confidentiality.value} note"))
            return str(note.id)

    return _write


@pytest.fixture
def awa(app, register):
    """A young woman followed at Pantin by Amina and Yasmine, who agreed to a certificate."""
    person_id = register("amina", "PAN", "Traoré", "Awa", born=2009)
    with app.app_context():
        give_certificate_consent(person_id)
    return person_id
