"""Both sides editing a record: kept, shown, chosen by a professional, never lost
(issue 21, "Merging without silent loss")."""

from __future__ import annotations

from datetime import timedelta

import pytest
import time_machine
from sqlalchemy import func, select, update

from caseflow.extensions import db
from caseflow.models.audit import AuditEvent
from caseflow.models.duplicate import OPEN as PAIR_OPEN
from caseflow.models.duplicate import PossibleDuplicate
from caseflow.models.note import Note, NoteRevision
from caseflow.models.person import Person
from caseflow.models.sync_conflict import BOX, CENTRAL, RESOLVED, SyncConflict
from caseflow.models.sync_operation import SyncOperation
from caseflow.services import ServiceError
from caseflow.services.intake.duplicates import open_pairs
from caseflow.sync.apply import apply_operations
from caseflow.sync.conflicts import open_conflicts, readable_value, resolve_conflict
from caseflow.sync.exchange import to_wire
from caseflow.sync.review import CODE_REISSUED, operations_for_review
from caseflow.sync.uuid7 import uuid7
from tests.support.records import user
from tests.sync.clinic import clinic_day, correct, edit_identity, register


def _phone(app, person_id) -> str | None:
    with app.app_context():
        return db.session.get(Person, person_id).phone


def test_it_keeps_both_values_of_a_field_edited_on_both_sides(central, box, sync):
    person_id = next(iter(clinic_day(box)))
    sync.push()
    edit_identity(box, "hugo", person_id, phone="+33 7 00 00 00 11")
    edit_identity(central, "claire", person_id, phone="+33 7 00 00 00 22")

    report = sync.push()

    assert report.conflicts == 1
    with central.app_context():
        [conflict] = open_conflicts(db.session, person_id)
        assert conflict.column == "phone"
        assert readable_value(db.session, conflict, CENTRAL) == "+33 7 00 00 00 22"
        assert readable_value(db.session, conflict, BOX) == "+33 7 00 00 00 11"
        assert conflict.base_value is not None  # the common value is kept too
    # Until someone chooses, central's value stays in place.
    assert _phone(central, person_id) == "+33 7 00 00 00 22"

    with central.app_context():
        conflict = open_conflicts(db.session, person_id)[0]
        conflict_id = conflict.id
        resolve_conflict(db.session, conflict, BOX, user("claire"))
    with central.app_context():
        assert db.session.get(Person, person_id).phone == "+33 7 00 00 00 11"
        assert open_conflicts(db.session, person_id) == []
        closed = db.session.get(SyncConflict, conflict_id)
        assert (closed.status, closed.chosen) == (RESOLVED, BOX)
        assert closed.resolved_by_id == user("claire").id
        # The value not chosen is still there, and the choice is in the audit trail.
        assert readable_value(db.session, closed, CENTRAL) == "+33 7 00 00 00 22"
        assert db.session.scalar(select(AuditEvent).where(
            AuditEvent.object_type == "sync_conflict",
            AuditEvent.object_id == str(conflict_id))).actor_id == user("claire").id

    # The box pulls central's edit, then the choice: it ends with the chosen value.
    sync.pull()
    assert _phone(box, person_id) == "+33 7 00 00 00 11"


def test_it_keeps_edits_of_different_fields_without_a_conflict(central, box, sync):
    person_id = next(iter(clinic_day(box)))
    sync.push()
    edit_identity(box, "hugo", person_id, phone="+33 7 00 00 00 11")
    edit_identity(central, "claire", person_id, contact_notes="Joignable au foyer le soir")

    report = sync.push()

    assert report.conflicts == 0
    with central.app_context():
        assert open_conflicts(db.session, person_id) == []
        person = db.session.get(Person, person_id)
        assert (person.phone, person.contact_notes) == ("+33 7 00 00 00 11",
                                                        "Joignable au foyer le soir")
    sync.pull()
    with box.app_context():
        person = db.session.get(Person, person_id)
        assert (person.phone, person.contact_notes) == ("+33 7 00 00 00 11",
                                                        "Joignable au foyer le soir")


def test_it_takes_a_box_edit_made_on_the_common_value(central, box, sync):
    person_id = next(iter(clinic_day(box)))
    sync.push()
    edit_identity(box, "hugo", person_id, given_names="Haile Mariam")

    assert sync.push().conflicts == 0
    with central.app_context():
        assert db.session.get(Person, person_id).given_names == "Haile Mariam"
        assert db.session.get(Person, person_id).version == 2


def test_it_puts_a_person_registered_on_both_sides_in_the_duplicates_queue(central, box,
                                                                           sync):
    at_central = register(central, "claire", "Yousif", "Abdelrahman", 1995, "SD",
                          "+33 6 98 76 54 32")
    on_box = register(box, "hugo", "Yousif", "Abdelrahman", 1995, "SD", "+33 6 98 76 54 32")

    report = sync.push()

    assert report.duplicates == 1
    with central.app_context():
        pairs = open_pairs()
        assert [(p.person_id, p.other_person_id) for p in pairs] == [(on_box, at_central)]
        assert pairs[0].status == PAIR_OPEN and "phone" in pairs[0].reasons
        # Both records are kept: a coordinator decides, nothing is merged.
        assert db.session.get(Person, on_box).family_name == "Yousif"
        assert db.session.get(Person, at_central).family_name == "Yousif"
        assert db.session.scalar(select(PossibleDuplicate.id).where(
            PossibleDuplicate.person_id == at_central)) is None


def test_it_keeps_both_texts_of_a_note_corrected_on_both_sides(central, box, sync):
    day = clinic_day(box)
    person_id = next(iter(day))
    first_text = day[person_id][0]
    sync.push()
    with central.app_context():
        note_id = db.session.scalar(select(Note.id).where(Note.person_id == person_id))
    correct(box, "hugo", note_id, "Pansement refait, plaie propre")
    correct(central, "hugo", note_id, "Pansement refait, plaie un peu rouge")

    report = sync.push()

    assert report.conflicts == 1  # the text; the time of the correction is no conflict
    with central.app_context():
        [conflict] = open_conflicts(db.session, person_id)
        assert (conflict.table_name, conflict.column) == ("note", "text")
        assert readable_value(db.session, conflict, BOX) == "Pansement refait, plaie propre"
        assert readable_value(db.session, conflict, CENTRAL) \
            == "Pansement refait, plaie un peu rouge"
        assert db.session.get(Note, note_id).text == "Pansement refait, plaie un peu rouge"
        # Both corrections kept the first text as a revision: nothing of it is lost either.
        revisions = db.session.scalars(select(NoteRevision).where(
            NoteRevision.note_id == note_id)).all()
        assert len(revisions) == 2
        assert {r.text for r in revisions} == {first_text}


@pytest.mark.parametrize("skew", [timedelta(hours=-5), timedelta(hours=7)])
def test_it_decides_by_content_not_by_the_box_clock(central, box, sync, skew):
    """A box clock hours behind or ahead changes nothing: no last-writer-wins by time."""
    with time_machine.travel(skew):
        person_id = next(iter(clinic_day(box)))
    sync.push()
    with time_machine.travel(skew):
        edit_identity(box, "hugo", person_id, phone="+33 7 00 00 00 11")
    edit_identity(central, "claire", person_id, phone="+33 7 00 00 00 22")

    report = sync.push()

    assert report.conflicts == 1
    assert _phone(central, person_id) == "+33 7 00 00 00 22"
    with central.app_context():
        assert db.session.scalar(select(func.count()).select_from(Note)) == 3


def test_it_gives_a_new_code_to_a_box_person_whose_code_is_taken(central, box, sync):
    at_central = register(central, "claire", "Mensah", "Kofi", 1993, "GH", None)
    on_box = register(box, "hugo", "Tesfay", "Haile", 1991, "ER", None)
    with central.app_context():
        taken = db.session.get(Person, at_central).code
    with box.app_context():  # the box drew, by chance, a code central had given
        db.session.execute(update(Person).where(Person.id == on_box).values(code=taken))
        db.session.execute(update(SyncOperation).where(
            SyncOperation.row_id == on_box, SyncOperation.kind == "insert")
            .values(payload=_with_code(db.session, on_box, taken)))
        db.session.commit()

    report = sync.push()

    assert report.flagged == 1
    with central.app_context():
        arrived = db.session.get(Person, on_box)
        assert arrived.family_name == "Tesfay" and arrived.code != taken
        assert db.session.get(Person, at_central).code == taken
        new_code = arrived.code
        [flagged] = operations_for_review(db.session)
        assert flagged.review_reason == CODE_REISSUED
    sync.pull()  # the box learns the new code
    with box.app_context():
        assert db.session.get(Person, on_box).code == new_code


def _with_code(session, person_id, code) -> dict:
    op = session.scalars(select(SyncOperation).where(
        SyncOperation.row_id == person_id, SyncOperation.kind == "insert")).one()
    return {**op.payload, "code": code}


def test_it_compares_a_row_inserted_twice_with_different_content(central, box, sync):
    """The same row arriving again with other values (a replayed, altered insert): each
    differing field is a conflict with both values, the first content stays."""
    person_id = register(box, "hugo", "Tesfay", "Haile", 1991, "ER", None)
    with box.app_context():
        insert_op = to_wire(db.session.scalars(select(SyncOperation).where(
            SyncOperation.row_id == person_id, SyncOperation.kind == "insert")).one())
    sync.push()
    altered = {**insert_op, "id": str(uuid7()),
               "payload": {**insert_op["payload"], "nationality": "ET"}}
    with central.app_context():
        report = apply_operations(db.session, [altered], person_keys=None)
        assert report.conflicts == 1
        [conflict] = open_conflicts(db.session, person_id)
        assert (conflict.column, conflict.central_value, conflict.box_value) == (
            "nationality", "ER", "ET")
        assert db.session.get(Person, person_id).nationality == "ER"


def test_it_lets_only_someone_who_writes_in_the_record_choose(central, box, sync):
    person_id = next(iter(clinic_day(box)))
    sync.push()
    edit_identity(box, "hugo", person_id, phone="+33 7 00 00 00 11")
    edit_identity(central, "claire", person_id, phone="+33 7 00 00 00 22")
    sync.push()
    with central.app_context():
        [conflict] = open_conflicts(db.session, person_id)
        with pytest.raises(ServiceError):
            resolve_conflict(db.session, conflict, BOX, user("charlie"))  # at Tripoli
        with pytest.raises(ServiceError):
            resolve_conflict(db.session, conflict, "neither", user("claire"))
        assert open_conflicts(db.session, person_id) == [conflict]
        assert db.session.get(Person, person_id).phone == "+33 7 00 00 00 22"
