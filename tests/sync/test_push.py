"""A box's day reaches central whole and once (issue 21, "Sync by an operation log")."""

from __future__ import annotations

import base64
import json
import uuid

from sqlalchemy import func, select

from caseflow.extensions import db
from caseflow.models.appointment import Appointment
from caseflow.models.consent import Consent
from caseflow.models.enrolment import Enrolment
from caseflow.models.note import Note
from caseflow.models.person import Person
from caseflow.models.referral import Referral, ReferralStatusChange
from caseflow.models.sync_operation import PUSHED, RECEIVED, SyncOperation
from caseflow.sync.apply import apply_operations
from caseflow.sync.exchange import pending_operations
from tests.sync.clinic import PEOPLE, clinic_day, edit_identity, register
from tests.sync.conftest import keys_from


def _counts() -> dict[str, int]:
    return {model.__tablename__: db.session.scalar(select(func.count()).select_from(model))
            for model in (Person, Enrolment, Note, Consent, Appointment)}


def test_it_brings_a_clinic_day_from_the_box_to_central_once(central, box, sync):
    day = clinic_day(box)
    with box.app_context():
        on_box = _counts()
        made = db.session.scalar(select(func.count()).select_from(SyncOperation))

    report = sync.push()

    assert report.applied == made and report.conflicts == 0 and report.flagged == 0
    with central.app_context():
        assert _counts() == on_box
        assert on_box["person"] == len(PEOPLE) and on_box["consent"] == 2 * len(PEOPLE)
        for person_id, (text, booked) in day.items():
            person = db.session.get(Person, person_id)
            assert (person.family_name, person.given_names) in {(p[0], p[1]) for p in PEOPLE}
            assert db.session.scalar(select(Note).where(Note.person_id == person_id)).text \
                == text
            assert db.session.scalar(select(Appointment).where(
                Appointment.person_id == person_id)).note == booked
        referral = db.session.scalar(select(Referral))
        assert referral.reason == "Hébergement d'urgence à trouver avant l'hiver"
        assert db.session.scalar(select(ReferralStatusChange.referral_id)) == referral.id
        assert db.session.scalar(select(func.count()).select_from(SyncOperation)
                                 .where(SyncOperation.state == RECEIVED)) == made
    with box.app_context():
        assert set(db.session.scalars(select(SyncOperation.state))) == {PUSHED}
    # Nothing left to send: a second sync sends nothing and changes nothing.
    assert sync.push().applied == 0
    with central.app_context():
        assert _counts() == on_box


def test_it_lands_a_batch_sent_twice_once(central, box, sync):
    """The acknowledgement lost in a cut: the box sends the same operations again."""
    clinic_day(box)
    with box.app_context():
        batch = json.loads(json.dumps(pending_operations(db.session, limit=10_000)))
    keys = keys_from(box)
    with central.app_context():
        first = apply_operations(db.session, batch, person_keys=keys)
        after_first = _counts()
        second = apply_operations(db.session, batch, person_keys=keys)
        assert _counts() == after_first
        assert after_first["note"] == len(PEOPLE)
    assert first.applied == len(batch)
    assert second.applied == 0 and second.already_held == len(batch)
    # The box still thinks nothing was acknowledged: the next sync resends, harmlessly.
    report = sync.push()
    assert report.applied == 0 and report.already_held == len(batch)
    with central.app_context():
        assert _counts() == after_first


def test_it_records_ciphertexts_never_plaintexts(box):
    clinic_day(box)
    with box.app_context():
        ops = pending_operations(db.session, limit=10_000)
        notes = [op for op in ops if op["table_name"] == "note"]
        stored = db.session.get(Note, uuid.UUID(notes[0]["row_id"]))
        assert base64.b64decode(notes[0]["payload"]["text"]) == stored._text_sealed
    text = json.dumps(ops)
    for family, given, *_ in PEOPLE:
        assert family not in text and given not in text
    assert "Pansement" not in text


def test_it_lands_a_person_registered_then_corrected_before_the_sync(central, box, sync):
    """One batch: the person's insert, then the correction of their phone (opened with
    their key, which arrives with them)."""
    person_id = register(box, "hugo", "Tesfay", "Haile", 1991, "ER", "+33 6 12 34 56 01")
    edit_identity(box, "hugo", person_id, phone="+33 6 12 34 56 99")

    report = sync.push()

    assert report.conflicts == 0 and report.not_applied == 0
    with central.app_context():
        person = db.session.get(Person, person_id)
        assert (person.phone, person.version) == ("+33 6 12 34 56 99", 2)
