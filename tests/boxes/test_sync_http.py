"""A box and the central server syncing over real HTTP, each with its own keys.

What the people of a clinic would check: the day recorded on the box is readable
centrally, once; what central records for the box's people reaches the box, readable;
a revoked box gets nothing more."""

from __future__ import annotations

import uuid

import pytest
from sqlalchemy import func, select

from caseflow.extensions import db
from caseflow.models.appointment import Appointment
from caseflow.models.note import Note
from caseflow.models.person import Person
from caseflow.models.sync_operation import SyncOperation
from caseflow.services import boxes
from caseflow.sync import link
from tests.boxes.helpers import join, sync
from tests.sync import clinic


def _counts(app) -> tuple[int, int, int]:
    with app.app_context():
        return tuple(db.session.scalar(select(func.count()).select_from(model))
                     for model in (Person, Note, Appointment))


def test_it_brings_a_day_recorded_on_the_box_to_central_once_and_readable(app, central, box):
    join(app, box)
    day = clinic.clinic_day(box)
    before = _counts(app)

    report = sync(box)
    assert report.pushed > 0
    with app.app_context():
        for person_id, (text, booked) in day.items():
            person = db.session.get(Person, person_id)
            assert person.family_name in {p[0] for p in clinic.PEOPLE}  # central's own keys
            notes = db.session.scalars(select(Note).where(Note.person_id == person_id)).all()
            assert [n.text for n in notes] == [text]
            assert db.session.scalars(select(Appointment).where(
                Appointment.person_id == person_id)).one().note == booked
    after = _counts(app)
    assert after == (before[0] + 3, before[1] + 3, before[2] + 3)

    again = sync(box)  # a second sync, or one resumed after a cut, changes nothing
    assert again.pushed == 0
    assert _counts(app) == after
    with box.app_context():
        assert link.waiting(db.session) == 0


def test_it_brings_central_work_on_the_box_people_to_the_box_readable(app, central, box):
    join(app, box)
    at_calais = clinic.register(app, "hugo", "Tesfay", "Haile", 1991, "ER", None)
    at_pantin = clinic.register(app, "amina", "Traoré", "Awa", 2009, "ML", None, site="PAN")
    text = "Vu au centre de santé, radio du poignet normale"
    clinic.note(app, "hugo", at_calais, text)

    report = sync(box)
    assert report.keys_received == 1
    with box.app_context():
        person = db.session.get(Person, at_calais)
        assert (person.family_name, person.given_names) == ("Tesfay", "Haile")
        assert db.session.scalars(select(Note).where(Note.person_id == at_calais)).one().text \
            == text
        assert db.session.get(Person, at_pantin) is None  # not a Calais person: never sent


def test_it_refuses_a_revoked_box_and_keeps_its_unsent_work(app, central, box):
    join(app, box)
    clinic.register(box, "hugo", "Tesfay", "Haile", 1991, "ER", None)
    with app.app_context():
        boxes.revoke_box("CAL-1", "lost")
    with pytest.raises(link.LinkError) as refused:
        sync(box)
    assert refused.value.reason == "revoked"
    with box.app_context():
        assert link.waiting(db.session) > 0  # nothing recorded on the box was dropped
        assert db.session.scalar(select(func.count()).select_from(SyncOperation)) > 0


def test_it_says_so_when_central_does_not_answer_and_loses_nothing(app, box, tmp_path):
    with box.app_context():
        box.config["SYNC_CENTRAL_URL"] = "http://127.0.0.1:9"  # nobody listens there
        from caseflow.crypto import current_keystore

        current_keystore().write_box_secret(link.CREDENTIAL, b"not-needed-to-fail")
    person_id = clinic.register(box, "hugo", "Tesfay", "Haile", 1991, "ER", None)
    with pytest.raises(link.LinkError) as cut:
        sync(box)
    assert cut.value.reason == "unreachable"
    with box.app_context():
        assert db.session.get(Person, uuid.UUID(str(person_id))).family_name == "Tesfay"
        assert link.waiting(db.session) > 0


def test_it_brings_the_boxs_audit_trail_and_gives_it_certificate_numbers(app, central, box):
    from caseflow.models.base import utcnow
    from caseflow.models.box_audit_event import BoxAuditEvent
    from caseflow.models.clinic_box import SerialBlock

    join(app, box)
    clinic.register(box, "hugo", "Tesfay", "Haile", 1991, "ER", None)
    report = sync(box)
    # A block for this year's certificates (and next year's too in December).
    assert report.audit_events > 0 and report.serial_blocks in (1, 2)
    with app.app_context():
        held = db.session.scalar(select(func.count()).select_from(BoxAuditEvent).where(
            BoxAuditEvent.device == "CAL-1"))
        assert held == report.audit_events
    result = app.test_cli_runner().invoke(args=["verify-audit"])
    assert result.exit_code == 0 and "Box CAL-1" in result.output
    with box.app_context():
        block = db.session.scalars(select(SerialBlock).where(
            SerialBlock.year == utcnow().year)).one()
        assert block.device == "CAL-1" and block.last - block.first == 499
    again = sync(box)  # nothing new but this sync's own events; no new block
    assert again.serial_blocks == 0
