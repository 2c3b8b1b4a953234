"""Central's changes reach the box (push, then pull)."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta

import time_machine
from sqlalchemy import select

from caseflow.extensions import db
from caseflow.models.note import Note
from caseflow.models.person import Person
from caseflow.models.sync_operation import RECEIVED, SyncOperation
from caseflow.sync.exchange import SETTLE, cursor_time_ms, operations_since
from tests.sync.clinic import clinic_day, note, register


def test_it_brings_central_changes_to_the_box(central, box, sync):
    person_id = next(iter(clinic_day(box)))
    sync.push()
    # At central, a doctor writes in the box's person's record, and a colleague registers
    # someone at Calais.
    note(central, "claire", person_id, "Avis du médecin: radio du pied à prévoir")
    newcomer = register(central, "claire", "Mensah", "Kofi", 1993, "GH", None)

    report = sync.pull()

    assert report.applied > 0
    with box.app_context():
        texts = {n.text for n in db.session.scalars(select(Note).where(
            Note.person_id == person_id))}
        assert "Avis du médecin: radio du pied à prévoir" in texts
        arrived = db.session.get(Person, newcomer)
        assert (arrived.family_name, arrived.given_names) == ("Mensah", "Kofi")
        # Received, not recorded: nothing of it goes back to central.
        assert set(db.session.scalars(select(SyncOperation.state).where(
            SyncOperation.device == "central"))) == {RECEIVED}
    # The box's own operations do not come back to it; a second pull brings nothing new.
    again = sync.pull()
    assert again.applied == 0


def test_it_resends_the_last_minutes_so_that_a_late_commit_is_not_skipped(central, box,
                                                                          sync):
    register(central, "claire", "Mensah", "Kofi", 1993, "GH", None)
    with central.app_context():
        page = operations_since(db.session, None)
        assert page.operations and not page.more
        # The cursor for next time stays before the recent operations: they come again
        # (and are recognised by their ids), so that one committed late is not skipped.
        assert page.resume < page.cursor
    first = sync.pull()
    again = sync.pull()
    assert again.applied == 0 and again.already_held == first.applied > 0
    # Once they are older than the settling time, they are not sent again. (Arrival ids
    # never go back: after a clock that jumped ahead they stay ahead, and are sent again
    # until the clock has caught up with them: later, never lost.)
    arrived = datetime.fromtimestamp(cursor_time_ms(page.cursor) / 1000, UTC)
    with time_machine.travel(arrived + SETTLE + timedelta(minutes=1)):
        sync.pull()
        assert sync.pull().already_held == 0


def test_it_keeps_off_the_box_the_records_of_people_it_does_not_hold(central, box, sync):
    """Someone registered centrally before the box was filled: their new note is not
    applied on the box (their record is not there), and the pull goes on."""
    central.config["SYNC_RECORD_CENTRAL"] = False  # before central served boxes
    elsewhere = register(central, "claire", "Mensah", "Kofi", 1993, "GH", None)
    central.config["SYNC_RECORD_CENTRAL"] = True
    note(central, "claire", elsewhere, "Suivi à Calais la semaine prochaine")

    report = sync.pull()

    assert (report.applied, report.not_applied) == (0, 1)
    with box.app_context():
        assert db.session.get(Person, elsewhere) is None
        assert db.session.scalar(select(Note).where(Note.person_id == elsewhere)) is None
