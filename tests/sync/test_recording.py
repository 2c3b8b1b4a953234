"""The operation exists if and only if the change committed; central records nothing
unless asked."""

from __future__ import annotations

from datetime import timedelta

from sqlalchemy import func, select

from caseflow.extensions import db
from caseflow.models.base import utcnow
from caseflow.models.note import Note
from caseflow.models.person import Person
from caseflow.models.sync_operation import INSERT, UPDATE, SyncOperation
from caseflow.sync.recording import acting_as
from caseflow.vocabulary import Confidentiality, InterpreterKind, NoteKind
from tests.support.app import make_app
from tests.support.records import site_id, user
from tests.sync.clinic import edit_identity, register


def _operations() -> int:
    return db.session.scalar(select(func.count()).select_from(SyncOperation))


def test_it_records_nothing_for_a_change_rolled_back(box):
    person_id = register(box, "hugo", "Tesfay", "Haile", 1991, "ER", None)
    with box.app_context():
        before = _operations()
        with acting_as(user("hugo").id):
            note = Note(person_id=person_id, site_id=site_id("CAL"), author_id=user("hugo").id,
                        discipline="medical", kind=NoteKind.NURSING_CARE,
                        occurred_at=utcnow() - timedelta(hours=1),
                        interpreter_kind=InterpreterKind.NONE_NEEDED,
                        confidentiality=Confidentiality.TEAM)
            db.session.add(note)
            note.text = "brouillon"
            db.session.flush()
            assert _operations() == before + 1  # in the same transaction as the note
            db.session.rollback()
        assert _operations() == before


def test_it_records_an_update_with_its_before_after_and_base_version(box):
    person_id = register(box, "hugo", "Tesfay", "Haile", 1991, "ER", None)
    edit_identity(box, "hugo", person_id, nationality="ET")
    with box.app_context():
        op = db.session.scalars(select(SyncOperation).where(
            SyncOperation.row_id == person_id).order_by(SyncOperation.id.desc())).first()
        assert op.kind == UPDATE and op.base_version == 1
        assert op.payload == {"nationality": ["ER", "ET"]}
        assert op.user_id == user("hugo").id and op.device == "box-cal-1"


def test_it_reads_the_value_before_when_the_row_was_not_loaded(box):
    person_id = register(box, "hugo", "Tesfay", "Haile", 1991, "ER", None)
    with box.app_context():
        person = db.session.get(Person, person_id)
        db.session.expire(person)  # assigned without being read again
        with acting_as(user("hugo").id):
            person.nationality = "SD"
            person.version = 2
            db.session.commit()
        op = db.session.scalars(select(SyncOperation).where(
            SyncOperation.row_id == person_id, SyncOperation.kind == UPDATE)).one()
        assert op.payload == {"nationality": ["ER", "SD"]} and op.base_version == 1


def test_it_records_nothing_on_central_by_default(tmp_path, keys_dir, persona_password_hash):
    from caseflow.demo import seed_personas

    app = make_app(f"sqlite:///{tmp_path / 'plain.sqlite'}", keys_dir)
    with app.app_context():
        db.create_all()
        seed_personas(password_hash=persona_password_hash)
    register(app, "hugo", "Tesfay", "Haile", 1991, "ER", None)
    with app.app_context():
        assert db.session.scalar(select(func.count()).select_from(Person)) == 1
        assert _operations() == 0
        db.engine.dispose()


def test_it_records_inserts_parents_first(box):
    person_id = register(box, "hugo", "Tesfay", "Haile", 1991, "ER", None)
    with box.app_context():
        ops = list(db.session.scalars(select(SyncOperation).where(
            SyncOperation.person_id == person_id).order_by(SyncOperation.id)))
        assert ops[0].table_name == "person" and ops[0].kind == INSERT
        assert {"enrolment", "consent"} <= {op.table_name for op in ops[1:]}


def test_it_names_the_person_of_every_operation(box):
    """A referral's status change names its person through its referral: every operation
    can be tied to one person's record (what a box may receive is decided by person)."""
    from tests.sync.clinic import clinic_day

    clinic_day(box)
    with box.app_context():
        tables = {op.table_name: op.person_id for op in db.session.scalars(
            select(SyncOperation))}
        assert "referral_status_change" in tables
        assert all(person_id is not None for person_id in tables.values())


def test_it_orders_a_device_operations_across_processes_and_a_clock_set_back(box,
                                                                             monkeypatch):
    """A box restarted with its clock set back a day (a new process, a new generator):
    its new operations still come after the ones it stored before."""
    from datetime import UTC, datetime

    import time_machine

    from caseflow.sync import uuid7 as ids

    person_id = register(box, "hugo", "Tesfay", "Haile", 1991, "ER", None)
    with box.app_context():
        before = max(db.session.scalars(select(SyncOperation.id)))
    monkeypatch.setattr(ids, "_process", ids.Generator())
    with time_machine.travel(datetime.fromtimestamp(ids.timestamp_ms(before) / 1000, UTC)
                             - timedelta(days=1)):
        edit_identity(box, "hugo", person_id, nationality="ET")
    with box.app_context():
        latest = db.session.scalars(select(SyncOperation).order_by(
            SyncOperation.id.desc())).first()
        assert latest.kind == UPDATE and latest.id > before
