"""Engine settings that make SQLite safe for a web server with several threads or workers.

Every request in caseflow writes (at least its audit event), so each SQLite
transaction starts with BEGIN IMMEDIATE: it takes the write lock up front and
waits for it (busy_timeout) instead of failing half-way with "database is
locked" when a read transaction tries to become a write. WAL lets readers go on
while one writer works. Foreign keys are off by default in SQLite; caseflow
relies on them.

A long computation that only reads (the indicators: seconds at programme
size) must not hold that write lock, or every other request waits behind it
and, past the busy timeout, fails. It runs inside `reading()`: a deferred
transaction, which in WAL mode neither blocks writers nor waits for them.
"""

from __future__ import annotations

import os
from collections.abc import Iterator
from contextlib import contextmanager
from contextvars import ContextVar

from flask import Flask
from sqlalchemy import event
from sqlalchemy.engine import Engine

from caseflow.extensions import db

SQLITE_BUSY_TIMEOUT_MS = 15_000
_READING: ContextVar[bool] = ContextVar("caseflow_reading", default=False)


@contextmanager
def reading() -> Iterator[None]:
    """Run a block that only reads in its own transaction, without SQLite's write lock.

    The transaction open before is committed first and the reading one ended
    after, keeping loaded rows loaded. Nothing may be written inside the block
    (a write in a deferred transaction can fail under load): callers record
    their audit event before or after it. On PostgreSQL this is an ordinary
    transaction.
    """
    commit_keeping_loaded()  # what was loaded (the signed-in user) stays loaded
    token = _READING.set(True)
    try:
        yield
        commit_keeping_loaded()  # ends the read transaction (nothing to write)
    except BaseException:
        db.session.rollback()
        raise
    finally:
        _READING.reset(token)


def init_app(app: Flask) -> None:
    with app.app_context():
        engine = db.engine
    if engine.dialect.name == "sqlite":
        configure_sqlite(engine, refuse_writes_while_reading=app.testing)


_WRITES = ("INSERT", "UPDATE", "DELETE", "REPLACE")


class WriteWhileReading(RuntimeError):
    """A statement that writes, sent inside reading() (tests only: see configure_sqlite)."""


def configure_sqlite(engine: Engine, refuse_writes_while_reading: bool = False) -> None:
    @event.listens_for(engine, "connect")
    def on_connect(dbapi_connection, _record):
        dbapi_connection.isolation_level = None  # let SQLAlchemy's BEGIN below be the only one
        cursor = dbapi_connection.cursor()
        cursor.execute(f"PRAGMA busy_timeout = {SQLITE_BUSY_TIMEOUT_MS}")
        cursor.execute("PRAGMA foreign_keys = ON")
        # Deleted rows are overwritten, not left in free pages: an erased person's wrapped
        # key must not survive in the file (some SQLite builds default to off).
        cursor.execute("PRAGMA secure_delete = ON")
        if engine.url.database not in (None, "", ":memory:"):
            cursor.execute("PRAGMA journal_mode = WAL")
            cursor.execute("PRAGMA synchronous = NORMAL")
            # 64 MiB of page cache per connection instead of SQLite's 2 MiB: a month of
            # indicators reads tens of thousands of rows scattered over the file.
            cursor.execute("PRAGMA cache_size = -65536")
        cursor.close()

    @event.listens_for(engine, "begin")
    def on_begin(connection):
        connection.exec_driver_sql("BEGIN" if _READING.get() else "BEGIN IMMEDIATE")

    if refuse_writes_while_reading:
        # Under test, a write inside reading() fails at once: in production it would work
        # alone and fail under load (a deferred transaction that cannot take the lock).
        @event.listens_for(engine, "before_cursor_execute")
        def refuse_writes(_conn, _cursor, statement, *_args):
            if _READING.get() and statement.lstrip().upper().startswith(_WRITES):
                raise WriteWhileReading(statement.split(None, 3)[:3])


def commit_keeping_loaded() -> None:
    """Commit (a list page's audit event), keeping the rows already read loaded.

    A plain commit expires every object of the session, and a page that renders
    after its service committed then reloads each row it shows on first access
    (one SELECT per person, pair, appointment or audit event, plus the person's
    enrolments and flags, plus one key query per person instead of one batched
    query): the page's query count grew with its length (issue 9,
    tests/test_query_counts.py). Only for read-only pages whose sole write is the
    audit event: the rows were read in this very transaction, so the page shows
    exactly what the audit event recorded as shown.
    """
    session = db.session()
    expiring, session.expire_on_commit = session.expire_on_commit, False
    try:
        session.commit()
    finally:
        session.expire_on_commit = expiring


# The Alembic scripts, beside the package (the app factory and the backups read them).
MIGRATIONS_DIR = os.path.join(os.path.dirname(os.path.dirname(os.path.abspath(__file__))),
                              "migrations")
