"""Concurrent note writes through the real server lose nothing (issue 9).

gunicorn with three sync workers serves a fresh instance (production mode) on the
suite's backend: a SQLite file, or, when CASEFLOW_TEST_DATABASE_URL names a PostgreSQL
server, a database of its own created and dropped here. Eight nurses of one site sign in
through the login form and POST the note form at the same time for a few seconds. Every
note the server acknowledged must be in the database and nothing else, no answer may be
a 5xx or a refusal, and `flask verify-audit` must pass. The client code is the write
benchmark's (bench/load_client.py).
"""

from __future__ import annotations

import os

import pytest

from bench.load_client import Instance, postgresql_database, run_write_load

USERS, SECONDS, WORKERS = 8, 4, 3
PASSWORD = "eight nurses write at once"


@pytest.fixture
def server_database_url():
    """None for a SQLite file in the instance folder, else a fresh PostgreSQL database."""
    server = os.environ.get("CASEFLOW_TEST_DATABASE_URL")
    if not server:
        yield None
        return
    with postgresql_database(server) as url:
        yield url


def test_concurrent_note_writes_are_all_kept(tmp_path, server_database_url):
    instance = Instance(tmp_path / "instance", server_database_url)
    instance.flask("init")

    check = run_write_load(instance, tmp_path, USERS, SECONDS, WORKERS, PASSWORD)

    result = check.result
    assert result.idle_writers == 0, result.per_writer  # all wrote at the same time
    assert result.server_errors == 0, result.statuses
    assert not check.logged, check.logged[:5]
    assert not result.socket_errors, result.socket_errors[:5]
    assert result.refused == 0, result.statuses
    assert check.lost == 0, f"{check.lost} acknowledged notes are not in the database"
    assert check.written == result.created, "notes written that no answer acknowledged"
    assert check.audit_ok, check.audit_message
