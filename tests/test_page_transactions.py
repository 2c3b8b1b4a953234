"""The person page and the search results hold SQLite's write lock for their audit event only.

Every transaction takes the write lock up front on SQLite (BEGIN IMMEDIATE,
caseflow/database.py), and a page used to keep it while it built itself: under 16
readers the person page queued behind itself (p99 3.8 s in the load benchmark,
issue 22). Now the read's audit event is committed first and the page is read in a
deferred transaction (`reading()`), where nothing may be written (under test a
write there fails at once).
"""

from __future__ import annotations

import pytest
from sqlalchemy import event, select

from caseflow.audit import Action
from caseflow.database import WriteWhileReading, reading
from caseflow.extensions import db
from caseflow.models.audit import AuditEvent
from caseflow.models.morbidity import MorbidityCode


@pytest.fixture
def transactions(app, client, backend):
    """transactions(path) → the request's transactions, each [how it began, statements]."""
    if backend != "sqlite":
        pytest.skip("PostgreSQL readers never hold a write lock")
    with app.app_context():
        engine = db.engine

    def _get(path: str) -> list[tuple[str, list[str]]]:
        seen: list[tuple[str, list[str]]] = []

        def record(_conn, _cursor, statement, *_args):
            text = " ".join(statement.split())
            if text.upper().startswith("BEGIN"):
                seen.append((text.upper(), []))
            elif seen:
                seen[-1][1].append(text)

        event.listen(engine, "before_cursor_execute", record)
        try:
            answer = client.get(path, follow_redirects=True)
        finally:
            event.remove(engine, "before_cursor_execute", record)
        assert answer.status_code == 200, (path, answer.status_code)
        return seen

    return _get


def _audited(seen) -> list[int]:
    """The indexes of the transactions that wrote an audit event."""
    return [i for i, (_begin, sent) in enumerate(seen)
            if any(s.startswith("INSERT INTO audit_event") for s in sent)]


def _writes(statements: list[str]) -> list[str]:
    return [s for s in statements if s.upper().startswith(("INSERT", "UPDATE", "DELETE"))]


def test_it_builds_the_person_page_after_committing_its_audit_event(
        app, as_user, awa, write_note, transactions):
    for n in range(5):
        write_note("amina", awa, text=f"Consultation {n}", minutes_ago=60 + n)
    as_user("amina")
    seen = transactions(f"/people/{awa}")
    audited = _audited(seen)
    assert audited, "the read is audited"
    assert seen[audited[0]][0] == "BEGIN IMMEDIATE"  # the event under the write lock
    after = seen[audited[0] + 1:]
    assert after and all(begin == "BEGIN" for begin, _ in after)  # then deferred
    read_after = sum(len(sent) for _, sent in after)
    read_before = sum(len(sent) for _, sent in seen[:audited[0] + 1])
    assert read_after > read_before  # the page's reads, not just a tail
    assert not any(_writes(sent) for _, sent in after)
    with app.app_context():
        assert db.session.scalar(select(AuditEvent).where(
            AuditEvent.action == Action.VIEW, AuditEvent.object_id == awa)) is not None


def test_it_shows_search_results_from_a_read_transaction(app, as_user, register,
                                                         transactions):
    for given in ("Mamadou", "Aissatou", "Ibrahima"):
        register("amina", "PAN", "Diallo", given)
    as_user("amina")
    seen = transactions("/people/?q=Diallo")
    audited = _audited(seen)
    assert audited
    after = seen[audited[-1] + 1:]
    assert after and all(begin == "BEGIN" for begin, _ in after)
    assert not any(_writes(sent) for _, sent in after)


def test_it_refuses_a_write_inside_reading_under_test(app, backend):
    if backend != "sqlite":
        pytest.skip("reading() is an ordinary transaction on PostgreSQL")
    with app.app_context():
        with pytest.raises(WriteWhileReading), reading():
            db.session.add(MorbidityCode(code="written_while_reading"))
            db.session.flush()
        assert db.session.get(MorbidityCode, "written_while_reading") is None
