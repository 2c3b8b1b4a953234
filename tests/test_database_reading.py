"""Long reads (the indicators) do not hold SQLite's write lock: others keep writing.

Every other transaction starts with BEGIN IMMEDIATE (caseflow/database.py); the
indicators, seconds long at programme size, used to hold that lock and, under a
few concurrent views, made other requests wait past the busy timeout (found by
the load benchmark). Inside `reading()` a writer on another connection goes on.
"""

from __future__ import annotations

import threading
import time

import pytest
from sqlalchemy import func, select, text

from caseflow.database import reading
from caseflow.extensions import db
from caseflow.models.morbidity import MorbidityCode
from caseflow.models.person import Person


def _write_from_another_thread(app, wait: float = 10) -> tuple[dict, threading.Thread]:
    """A writer on its own connection (and its own context: BEGIN IMMEDIATE), given
    `wait` seconds to finish."""
    outcome: dict = {}

    def write() -> None:
        with app.app_context():
            started = time.perf_counter()
            db.session.add(MorbidityCode(code="reading_test"))
            db.session.commit()
            outcome["seconds"] = time.perf_counter() - started
            db.session.remove()

    thread = threading.Thread(target=write)
    thread.start()
    thread.join(timeout=wait)
    return outcome, thread


def test_it_lets_others_write_while_it_reads(app, backend):
    if backend != "sqlite":
        pytest.skip("PostgreSQL readers never block writers")
    with app.app_context():
        with reading():
            db.session.scalar(select(func.count(Person.id)))  # the read transaction is open
            outcome, _thread = _write_from_another_thread(app)
            assert outcome.get("seconds", 99) < 2  # not kept waiting for the reader
        assert db.session.get(MorbidityCode, "reading_test") is not None


def test_it_uses_immediate_transactions_outside(app, backend):
    """The default stays: a transaction that may write takes the lock up front."""
    if backend != "sqlite":
        pytest.skip("SQLite only")
    with app.app_context():
        db.session.execute(text("SELECT 1"))  # BEGIN IMMEDIATE: this session holds the lock
        outcome, thread = _write_from_another_thread(app, wait=1)
        assert "seconds" not in outcome  # still waiting for the lock after a second
        db.session.rollback()
        thread.join(timeout=10)  # released: the writer goes on
    assert outcome["seconds"] >= 1
