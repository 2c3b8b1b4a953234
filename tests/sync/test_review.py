"""Work done on a box by someone whose access changed meanwhile: applied, and reviewed
(never discarded). What cannot be applied is kept and reviewed too."""

from __future__ import annotations

import uuid

from sqlalchemy import func, select

from caseflow.extensions import db
from caseflow.models.note import Note
from caseflow.models.sync_operation import SyncOperation
from caseflow.models.user import User
from caseflow.sync.apply import apply_operations
from caseflow.sync.review import (
    AUTHOR_INACTIVE,
    NOT_SYNCED,
    ROW_MISSING,
    mark_reviewed,
    operations_for_review,
)
from caseflow.sync.uuid7 import uuid7
from tests.support.records import user
from tests.sync.clinic import clinic_day


def test_it_applies_and_flags_the_work_of_an_author_deactivated_meanwhile(central, box,
                                                                         sync):
    day = clinic_day(box)
    with central.app_context():
        db.session.get(User, user("hugo").id).active = False
        db.session.commit()

    report = sync.push()

    assert report.flagged == report.applied > 0
    with central.app_context():
        for person_id, (text, _booked) in day.items():
            assert db.session.scalar(select(Note).where(Note.person_id == person_id)).text \
                == text
        flagged = operations_for_review(db.session)
        assert {op.review_reason for op in flagged} == {AUTHOR_INACTIVE}
        assert {op.user_id for op in flagged} == {user("hugo").id}
        assert "note" in {op.table_name for op in flagged}
        mark_reviewed(db.session, flagged[0], user("claire"))
        assert len(operations_for_review(db.session)) == len(flagged) - 1


def _stray(table: str, kind: str, payload: dict) -> dict:
    return {"id": str(uuid7()), "device": "box-cal-1", "user_id": None, "table_name": table,
            "row_id": str(uuid.uuid4()), "person_id": None, "kind": kind,
            "base_version": 1 if kind == "update" else None, "payload": payload,
            "created_at": "2026-12-07T10:00:00"}


def test_it_keeps_and_flags_what_it_cannot_apply(central):
    """An update of a row central does not hold, a table this version does not sync:
    kept, listed for review, nothing applied."""
    strays = [_stray("person", "update", {"nationality": ["ER", "ET"]}),
              _stray("vaccination_dose", "insert", {})]
    with central.app_context():
        report = apply_operations(db.session, strays)
        assert report.flagged == 2
        reasons = {op.table_name: op.review_reason for op in operations_for_review(db.session)}
        assert reasons == {"person": ROW_MISSING, "vaccination_dose": NOT_SYNCED}
        assert db.session.scalar(select(func.count()).select_from(SyncOperation)) == 2


def test_it_keeps_a_box_edit_of_someone_erased_centrally_meanwhile(central, box, sync):
    """Erased at central (their key shredded) while the box corrected their phone: the
    correction is kept and flagged, not applied, and the rest of the batch lands."""
    from caseflow.models.erasure import ErasureReason
    from caseflow.models.person import Person
    from caseflow.services.safeguards.erasure import erase_person
    from caseflow.sync.review import UNREADABLE
    from tests.sync.clinic import edit_identity, note

    first, second, *_ = clinic_day(box)
    sync.push()
    with central.app_context():
        someone = db.session.get(Person, first)
        erase_person(user("claire"), someone, reason=ErasureReason.PERSON_REQUEST,
                     typed_code=someone.code)
    edit_identity(box, "hugo", first, phone="+33 7 00 00 00 11")
    note(box, "hugo", second, "Revu ce matin, va mieux")

    report = sync.push()

    assert report.not_applied == 1 and report.applied >= 1
    with central.app_context():
        [flagged] = operations_for_review(db.session)
        assert (flagged.row_id, flagged.review_reason) == (first, UNREADABLE)
        assert "Revu ce matin, va mieux" in {
            n.text for n in db.session.scalars(select(Note).where(Note.person_id == second))}
