"""Notes written by the personas through the services, for the access and timeline tests."""

from datetime import timedelta

import pytest

from caseflow.extensions import db
from caseflow.models.base import utcnow
from caseflow.services.notes import NoteInput, record_note
from caseflow.vocabulary import Confidentiality, NoteKind
from tests.people.conftest import register, site_id, user  # noqa: F401 (fixture)

KIND = {"amina": NoteKind.MEDICAL_CONSULTATION, "yasmine": NoteKind.MENTAL_HEALTH_SESSION,
        "sara": NoteKind.SOCIAL_INTERVIEW, "lea": NoteKind.LEGAL_APPOINTMENT,
        "hugo": NoteKind.NURSING_CARE, "claire": NoteKind.MEDICAL_CONSULTATION}


@pytest.fixture
def write_note(app):
    def _write(login, person_id, confidentiality=Confidentiality.TEAM, text=None, site="PAN",
               minutes_ago=60, codes=None, details=None):
        import uuid

        from caseflow.models.person import Person

        with app.app_context():
            person = db.session.get(Person, uuid.UUID(person_id))
            note = record_note(user(login), person, NoteInput(
                kind=KIND[login], occurred_at=utcnow() - timedelta(minutes=minutes_ago),
                site_id=site_id(site), confidentiality=confidentiality,
                codes=codes or {}, details=details or {},
                text=text or f"{login} {confidentiality.value} note"))
            return str(note.id)

    return _write
