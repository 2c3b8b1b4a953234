"""The audit trail: every sign-in recorded, hash-chained, and any tampering named."""

import itertools

import pytest
from sqlalchemy import delete, select, update

from caseflow.audit import Action, record_event, verify_chain
from caseflow.extensions import db
from caseflow.models.audit import AuditChainHead, AuditEvent


@pytest.fixture
def chain(app, sign_in):
    """Five real events: two failures, a sign-in, a password page view is not an event."""
    sign_in("claire", "wrong password")
    sign_in("omar", "wrong password")
    sign_in("claire")
    with app.app_context():
        record_event(Action.VIEW, actor_id=1, object_type="person", object_id="x",
                     person_code="K7Q-2M4-X9")
        record_event(Action.EXPORT, actor_id=1, object_type="report", object_id="2026-10")
        db.session.commit()
        return [e.seq for e in db.session.scalars(select(AuditEvent).order_by(AuditEvent.seq))]


def test_it_chains_each_event_to_the_previous_one(app, chain):
    with app.app_context():
        events = db.session.scalars(select(AuditEvent).order_by(AuditEvent.seq)).all()
        assert [e.seq for e in events] == list(range(1, len(events) + 1))
        for before, after in itertools.pairwise(events):
            assert after.prev_hash == before.hash
        assert verify_chain().ok


def test_it_names_an_edited_event(app, chain):
    with app.app_context():
        db.session.execute(update(AuditEvent).where(AuditEvent.seq == 3).values(action="view"))
        db.session.commit()
        report = verify_chain()
        assert (report.ok, report.first_bad_seq) == (False, 3)
        assert "changed" in report.reason


def test_it_names_a_deleted_event(app, chain):
    with app.app_context():
        db.session.execute(delete(AuditEvent).where(AuditEvent.seq == 2))
        db.session.commit()
        report = verify_chain()
        assert (report.ok, report.first_bad_seq, report.reason) == (False, 2, "missing event")


def test_it_notices_events_cut_from_the_end(app, chain):
    with app.app_context():
        db.session.execute(delete(AuditEvent).where(AuditEvent.seq == chain[-1]))
        db.session.commit()
        report = verify_chain()
        assert report.ok is False
        assert report.first_bad_seq == chain[-1]


def test_it_notices_a_rewritten_chain_that_does_not_match_the_head(app, chain):
    """A forger who recomputes every hash still has to move the head row too."""
    with app.app_context():
        db.session.execute(update(AuditChainHead).values(hash="f" * 64))
        db.session.commit()
        assert verify_chain().ok is False


def test_it_reports_through_the_command_line(app, chain, runner):
    result = runner.invoke(args=["verify-audit"])
    assert result.exit_code == 0
    assert f"{len(chain)} events verified" in result.output
    with app.app_context():
        db.session.execute(update(AuditEvent).where(AuditEvent.seq == 4).values(actor_id=99))
        db.session.commit()
    result = runner.invoke(args=["verify-audit"])
    assert result.exit_code != 0
    assert "broken at event 4" in result.output


def test_it_keeps_names_out_of_events(app, chain):
    with app.app_context():
        rows = db.session.execute(select(AuditEvent.__table__)).all()
        dump = " ".join(str(tuple(row)) for row in rows)
        assert "claire" not in dump.lower() and "omar" not in dump.lower()
        assert "Claire Morel" not in dump


def test_it_rolls_an_event_back_with_the_action_it_records(app):
    with app.app_context():
        before = db.session.scalar(select(AuditChainHead.seq)) or 0
        record_event(Action.VIEW, actor_id=1, object_type="person", object_id="y")
        db.session.rollback()
        assert (db.session.scalar(select(AuditChainHead.seq)) or 0) == before
        assert verify_chain().ok


@pytest.mark.parametrize("app_config", [{"LOGIN_RATE_LIMIT": "1000 per minute"}])
def test_it_keeps_one_unbroken_chain_when_many_people_sign_in_at_once(app):
    """Concurrent appenders must queue on the chain head, never fork or skip it."""
    from concurrent.futures import ThreadPoolExecutor

    from tests.support.web import PERSONA_LOGINS, PERSONA_PASSWORD, csrf_token_from

    def attempt(i):
        client = app.test_client()
        page = client.get("/login")
        password = PERSONA_PASSWORD if i % 2 else "wrong password"
        return client.post("/login", data={
            "login": PERSONA_LOGINS[i % len(PERSONA_LOGINS)], "password": password,
            "csrf_token": csrf_token_from(page.text)}).status_code

    with ThreadPoolExecutor(max_workers=8) as pool:
        codes = list(pool.map(attempt, range(40)))
    assert sorted(set(codes)) == [302, 401]
    with app.app_context():
        report = verify_chain()
        assert report.ok, report
        assert report.checked >= 40
