"""Encrypted fields of rows that belong to a person (consents, enrolments...)."""

from __future__ import annotations

from datetime import date

import pytest
from sqlalchemy import select

from caseflow.crypto import ShreddedError, shred_person
from caseflow.crypto.setup import dek_cache
from caseflow.extensions import db
from caseflow.models import Consent, Person, User
from caseflow.vocabulary import (
    ConsentDecision,
    ConsentMethod,
    ConsentPurpose,
    DecidedBy,
    InterpreterKind,
)
from tests.crypto.conftest import add_people


def new_consent(person_id) -> Consent:
    return Consent(
        person_id=person_id, purpose=ConsentPurpose.CARE, decision=ConsentDecision.GIVEN,
        decided_by=DecidedBy.PERSON, method=ConsentMethod.ORAL,
        interpreter_kind=InterpreterKind.NONE_NEEDED,
        decided_on=date(2024, 5, 2), recorded_by_id=db.session.scalar(select(User.id).limit(1)),
    )


@pytest.fixture
def stored_person_id(app):
    """A person saved by an earlier request: their data key is not in this request's cache."""
    with app.app_context():
        person_id = add_people()["Haile"].id
        db.session.remove()
    return person_id


def test_it_accepts_a_field_set_before_the_row_is_added_to_the_session(app, ctx,
                                                                        stored_person_id):
    assert stored_person_id not in dek_cache()
    row = new_consent(stored_person_id)
    row.note = "Accord donné en présence de sa tante"
    assert row.note == "Accord donné en présence de sa tante"
    db.session.add(row)
    db.session.commit()
    sealed = db.session.scalar(select(Consent._note_sealed).where(Consent.id == row.id))
    assert sealed and b"tante" not in sealed
    db.session.remove()
    assert db.session.get(Consent, row.id).note == "Accord donné en présence de sa tante"


def test_it_seals_a_field_set_on_a_stored_row_outside_any_session(app, ctx, stored_person_id):
    row = new_consent(stored_person_id)
    db.session.add(row)
    db.session.commit()
    row_id = row.id
    db.session.remove()
    detached = db.session.get(Consent, row_id)
    db.session.expunge(detached)
    detached.partner_name = "Association Utopia 56"  # sealed through the app's session
    db.session.merge(detached)
    db.session.commit()
    db.session.remove()
    assert db.session.get(Consent, row_id).partner_name == "Association Utopia 56"


def test_it_refuses_to_save_a_field_for_a_shredded_person(app, ctx, stored_person_id):
    shred_person(db.session, stored_person_id)
    db.session.commit()
    db.session.remove()
    row = new_consent(stored_person_id)
    row.note = "trop tard"
    db.session.add(row)
    with pytest.raises(ShreddedError) as error:
        db.session.flush()
    assert "trop tard" not in str(error.value)
    db.session.rollback()
    assert db.session.get(Person, stored_person_id).code
