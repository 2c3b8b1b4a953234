"""A box killed with SIGKILL while it saves notes, and while it syncs, at many points.

After each kill the box restarts (a new process on the same SQLite file) and syncs to the
end: every note it committed reaches central exactly once, none it did not commit appears,
no operation is applied twice. The points are spread by time (the kill lands wherever
the process is: inside a transaction, between a push and its acknowledgement, between a
pulled batch and its cursor); each test records how many kills landed mid-work."""

from __future__ import annotations

import os
import signal
import subprocess
import sys
import time
from datetime import UTC, datetime
from pathlib import Path

from sqlalchemy import func, select

from caseflow.extensions import db
from caseflow.models.note import Note
from caseflow.models.sync_operation import SyncOperation
from tests.boxes.conftest import make_box
from tests.boxes.helpers import join
from tests.sync import clinic

ROOT = Path(__file__).resolve().parents[2]
KILLS = 8


def _env(box, central_url: str) -> dict[str, str]:
    """The box's configuration, and the suite's clock: the worker starts at the instant the
    suite stands at (tests/clock.py moves the whole run), never at the machine's date."""
    return {**os.environ, "CASEFLOW_ENV": "development",
            "CASEFLOW_TEST_NOW": datetime.now(UTC).isoformat(),
            "CASEFLOW_DATABASE_URL": box.config["SQLALCHEMY_DATABASE_URI"],
            "CASEFLOW_KEYS_DIR": box.config["KEYS_DIR"], "CASEFLOW_SYNC_ROLE": "box",
            "CASEFLOW_SYNC_DEVICE": box.config["SYNC_DEVICE"],
            "CASEFLOW_SYNC_CENTRAL_URL": central_url, "PYTHONPATH": str(ROOT)}


def _kill_when(args: list[str], env: dict, ready, extra: float) -> bool:
    """Start a process; once ``ready()`` says it is in the middle of its work, wait
    ``extra`` seconds more and SIGKILL it. True if it was killed (not finished first)."""
    process = subprocess.Popen(args, env=env, cwd=ROOT, stdout=subprocess.DEVNULL,
                               stderr=subprocess.DEVNULL)
    deadline = time.monotonic() + 120
    while process.poll() is None and not ready() and time.monotonic() < deadline:
        time.sleep(0.01)
    time.sleep(extra)
    if process.poll() is not None:
        return False
    process.send_signal(signal.SIGKILL)
    process.wait()
    return True


def _count(app, *where) -> int:
    with app.app_context():
        try:
            return db.session.scalar(select(func.count()).select_from(SyncOperation)
                                     .where(*where))
        finally:
            db.session.remove()


def _notes(app, person_id) -> list[str]:
    """The texts of a person's notes on one side (box or central), read as a user would."""
    with app.app_context():
        try:
            return sorted(n.text for n in db.session.scalars(
                select(Note).where(Note.person_id == person_id)))
        finally:
            db.session.remove()




def test_it_loses_no_note_and_applies_none_twice_when_killed_while_saving(
        app, central, box):
    join(app, box)
    person_id = clinic.register(box, "hugo", "Tesfay", "Haile", 1991, "ER", None)
    env = _env(box, central)
    landed = 0
    for attempt in range(KILLS):
        start = len(_notes(box, person_id))
        # Killed a few notes into its run, at a moment that moves by a few milliseconds
        # each time: inside a transaction, between two, at the commit.
        killed = _kill_when(
            [sys.executable, "-m", "tests.boxes.worker", "notes", str(person_id), "400"], env,
            lambda start=start: len(_notes(box, person_id)) >= start + 3,
            0.003 * attempt)
        landed += killed
        # The invariant a kill must not break: a committed note has its operation, and an
        # operation exists only for a committed note.
        with box.app_context():
            notes = set(db.session.scalars(select(Note.id).where(Note.person_id == person_id)))
            recorded = set(db.session.scalars(select(SyncOperation.row_id).where(
                SyncOperation.table_name == "note", SyncOperation.kind == "insert")))
            db.session.remove()
        assert notes == recorded
    assert landed == KILLS  # every kill landed while it was writing

    done = subprocess.run([sys.executable, "-m", "flask", "--app", "caseflow", "sync"],
                          env=env, cwd=ROOT, capture_output=True, text=True, timeout=300)
    assert done.returncode == 0, done.stderr[-2000:]
    on_box = _notes(box, person_id)
    assert len(on_box) > 0
    assert _notes(app, person_id) == on_box  # each once, none invented


def test_it_applies_every_operation_once_when_killed_while_syncing(app, central, tmp_path,
                                                                   persona_password_hash):
    box = make_box(tmp_path, "slow", central, persona_password_hash)
    box.config["SYNC_PUSH_BATCH"] = 4  # about 40 round trips: room for kills between them
    join(app, box)
    person_id = clinic.register(box, "hugo", "Tesfay", "Haile", 1991, "ER", None)
    for i in range(150):
        clinic.note(box, "hugo", person_id, f"Soin numéro {i}")
    env = {**_env(box, central), "CASEFLOW_SYNC_PUSH_BATCH": "4"}
    total = _count(box, SyncOperation.device == "CAL-1")
    mid_way = []
    for attempt in range(KILLS):
        before = _count(app, SyncOperation.device == "CAL-1")
        # Killed once central has taken at least one more batch from this run: between two
        # batches, during the next push, or between a push and the box's acknowledgement.
        killed = _kill_when(
            [sys.executable, "-m", "flask", "--app", "caseflow", "sync"], env,
            lambda before=before: _count(app, SyncOperation.device == "CAL-1") > before,
            0.004 * attempt)
        if killed:
            mid_way.append(_count(app, SyncOperation.device == "CAL-1"))
    # Kills landed with central holding part of the box's work (mid-push); on a loaded
    # machine a slow poll may let a run finish its push first, so the later ones may land
    # after it (during the acknowledgement, the pull or the audit trail) or not at all.
    assert any(0 < held < total for held in mid_way), (mid_way, total)
    done = subprocess.run([sys.executable, "-m", "flask", "--app", "caseflow", "sync"],
                          env=env, cwd=ROOT, capture_output=True, text=True, timeout=300)
    assert done.returncode == 0, done.stderr[-2000:]
    on_box = _notes(box, person_id)
    assert len(on_box) == 150
    assert _notes(app, person_id) == on_box
    with app.app_context():
        # Every operation of the box is held once centrally (the id is the key), and the
        # box has nothing left to send.
        held = db.session.scalar(select(func.count()).select_from(SyncOperation).where(
            SyncOperation.device == "CAL-1"))
    with box.app_context():
        made = db.session.scalar(select(func.count()).select_from(SyncOperation).where(
            SyncOperation.device == "CAL-1"))
        waiting = db.session.scalar(select(func.count()).select_from(SyncOperation).where(
            SyncOperation.state == "local"))
        db.session.remove()
    assert held == made and waiting == 0
    with box.app_context():
        db.engine.dispose()
