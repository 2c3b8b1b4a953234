"""Box clocks hours off the central server's change nothing (issue 21: "clock skew of hours
between box and central changes nothing").

Real processes: the box's work and its sync run in processes whose clock is moved (7 hours
ahead, then 5 hours behind, so that the later work carries *earlier* times), central runs
at the suite's clock. Every note arrives once, in the order it was written on the box,
and central's own note for the person reaches the box."""

from __future__ import annotations

import subprocess
import sys

from sqlalchemy import select

from caseflow.extensions import db
from caseflow.models.sync_operation import SyncOperation
from caseflow.services import boxes
from tests.boxes.test_faults import ROOT, _env, _notes
from tests.sync import clinic


def _run(args: list[str], env: dict, shift: float) -> str:
    done = subprocess.run([sys.executable, "-m", "tests.boxes.worker", *args],
                          env={**env, "CASEFLOW_TEST_CLOCK_SHIFT_HOURS": str(shift)},
                          cwd=ROOT, capture_output=True, text=True, timeout=300)
    assert done.returncode == 0, done.stderr[-2000:]
    return done.stdout


def _note_operations(box) -> list:
    with box.app_context():
        try:
            return list(db.session.scalars(select(SyncOperation.id).where(
                SyncOperation.table_name == "note", SyncOperation.device == "CAL-1")))
        finally:
            db.session.remove()


def test_it_syncs_a_box_whose_clock_is_hours_off_and_jumps_back(app, central, box):
    with app.app_context():
        token = boxes.enrol_box("CAL-1", ["CAL"])
    assert box.test_cli_runner().invoke(args=["join-central"],
                                        input=token + "\n").exit_code == 0
    person_id = clinic.register(box, "hugo", "Tesfay", "Haile", 1991, "ER", None)
    env = _env(box, central)
    _run(["notes", str(person_id), "3"], env, +7)   # the box's clock 7 hours ahead
    _run(["sync"], env, +7)
    first = _note_operations(box)
    _run(["notes", str(person_id), "3"], env, -5)   # then set back 12 hours by NTP
    later = [op for op in _note_operations(box) if op not in first]
    # Recorded after the others, whatever the clock said: ordered after them.
    assert len(first) == len(later) == 3 and min(later) > max(first)
    clinic.note(app, "hugo", person_id, "Note du centre de santé")  # central, its own clock

    _run(["sync"], env, -5)

    on_box = _notes(box, person_id)
    assert len(on_box) == 7 and "Note du centre de santé" in on_box
    assert _notes(app, person_id) == on_box
