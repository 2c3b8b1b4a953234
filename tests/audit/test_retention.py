"""Retention of the audit trail: old events purged up to a signed checkpoint, chain kept."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import timedelta

import pytest
from sqlalchemy import delete, func, select, update

from caseflow.audit import Action, record_event, verify_chain
from caseflow.audit_checkpoints import verify_trail
from caseflow.extensions import db
from caseflow.models.audit import AuditEvent
from caseflow.models.base import utcnow
from caseflow.services.safeguards.audit_retention import purge_audit
from tests.audit.conftest import age_trail, events, signed_checkpoint_at, user_id


def open_records(count: int, code: str = "K7Q-2M4-X9") -> int:
    """Amina opens a record `count` times; returns the last event's seq."""
    amina = user_id("amina")
    for _ in range(count):
        event = record_event(Action.VIEW, actor_id=amina, object_type="person",
                             person_code=code)
    db.session.commit()
    return event.seq


@dataclass(frozen=True)
class Trail:
    checkpoint: int  # the last checkpoint written 400 days ago
    old: int  # events 400 days old (the personas' creation, then records opened)
    last: int


@pytest.fixture
def year_old_trail(app) -> Trail:
    """A trail 400 days old with a checkpoint written then, four events before its end;
    then two events of today and a checkpoint of today."""
    with app.app_context():
        old = open_records(10)
        age_trail(days=400)
        signed_checkpoint_at(old - 4)
        last = open_records(2)
        signed_checkpoint_at(last)
        return Trail(old - 4, old, last)


def stored_seqs() -> list[int]:
    return [e["seq"] for e in events()]


def test_it_purges_up_to_the_last_checkpoint_before_the_cut_and_keeps_the_chain(
        app, year_old_trail, runner):
    result = runner.invoke(args=["purge-audit"])
    assert result.exit_code == 0, result.output
    stop = year_old_trail.checkpoint
    assert f"Deleted {stop} audit events (up to event {stop}," in result.output
    assert "4 events older than the cut follow that checkpoint" in result.output
    with app.app_context():
        assert stored_seqs()[0] == stop + 1
        purge = db.session.scalar(select(AuditEvent).where(
            AuditEvent.action == Action.AUDIT_PURGE))
        assert purge.details["through_seq"] == stop and purge.details["deleted"] == stop
        assert purge.details["retention_days"] == 365 and purge.person_code is None
        report = verify_chain()  # reads the checkpoint file itself
        assert report.ok and report.start_seq == stop
    result = runner.invoke(args=["verify-audit"])
    assert result.exit_code == 0, result.output
    assert f"from the signed checkpoint of event {stop}" in result.output


def test_it_says_what_it_would_delete_on_a_dry_run_and_deletes_nothing(
        app, year_old_trail, runner):
    result = runner.invoke(args=["purge-audit", "--dry-run"])
    assert result.exit_code == 0
    assert f"Would delete {year_old_trail.checkpoint} audit events" in result.output
    with app.app_context():
        assert stored_seqs() == list(range(1, year_old_trail.last + 1))


def test_it_refuses_to_purge_past_the_last_checkpoint(app, runner, checkpoint_file):
    """Old events and only a checkpoint of today: deleting them would break the chain."""
    with app.app_context():
        old = open_records(5)
        age_trail(days=400)
    assert runner.invoke(args=["audit-checkpoint"]).exit_code == 0
    result = runner.invoke(args=["purge-audit"])
    assert result.exit_code == 1
    assert f"{old} events are older than the retention period" in result.output
    assert "no signed checkpoint written before" in result.output
    with app.app_context():
        assert stored_seqs() == list(range(1, old + 1))


def test_it_has_nothing_to_purge_in_a_young_trail(app, runner):
    with app.app_context():
        open_records(3)
    assert runner.invoke(args=["audit-checkpoint"]).exit_code == 0
    result = runner.invoke(args=["purge-audit"])
    assert result.exit_code == 0
    assert "Nothing to purge" in result.output


def test_it_follows_the_configured_retention(app, year_old_trail, runner):
    app.config["AUDIT_RETENTION_DAYS"] = 3 * 365
    assert "Nothing to purge" in runner.invoke(args=["purge-audit"]).output
    app.config["AUDIT_RETENTION_DAYS"] = "a year"
    result = runner.invoke(args=["purge-audit"])
    assert result.exit_code == 1 and "AUDIT_RETENTION_DAYS" in result.output


def test_it_refuses_to_purge_a_tampered_trail(app, year_old_trail, runner):
    with app.app_context():
        db.session.execute(update(AuditEvent).where(AuditEvent.seq == 3).values(actor_id=1))
        db.session.commit()
    result = runner.invoke(args=["purge-audit"])
    assert result.exit_code == 1
    assert "does not verify" in result.output and "event 3" in result.output
    with app.app_context():
        assert len(stored_seqs()) == year_old_trail.last


def test_it_purges_again_a_year_later_from_where_it_stopped(app, year_old_trail, runner):
    assert runner.invoke(args=["purge-audit"]).exit_code == 0
    with app.app_context():
        plan = purge_audit(now=utcnow() + timedelta(days=400))
        assert plan.through_seq == year_old_trail.last  # today's checkpoint, old by then
        assert plan.deletable == year_old_trail.last - year_old_trail.checkpoint
        assert stored_seqs() == [year_old_trail.last + 1, year_old_trail.last + 2]  # 2 purges
        assert verify_trail(now=utcnow() + timedelta(days=400)).ok


def test_it_still_reports_a_gap_no_checkpoint_covers(app, year_old_trail, runner):
    assert runner.invoke(args=["purge-audit"]).exit_code == 0
    with app.app_context():
        db.session.execute(delete(AuditEvent).where(
            AuditEvent.seq == year_old_trail.checkpoint + 1))
        db.session.commit()
    result = runner.invoke(args=["verify-audit"])
    assert result.exit_code == 1
    assert (f"broken at event 1: missing events (1 to {year_old_trail.checkpoint + 1}), "
            "not covered by a signed checkpoint") in result.output


def test_it_notices_old_events_deleted_at_a_checkpoint_without_a_purge(app, year_old_trail,
                                                                       runner):
    """Deleting up to a checkpoint by hand looks like a purge, except that none was recorded."""
    with app.app_context():
        db.session.execute(delete(AuditEvent).where(
            AuditEvent.seq <= year_old_trail.checkpoint))
        db.session.commit()
        assert db.session.scalar(select(func.min(AuditEvent.seq))) == \
            year_old_trail.checkpoint + 1
    result = runner.invoke(args=["verify-audit"])
    assert result.exit_code == 1
    assert "removed without a recorded purge" in result.output


def test_it_catches_recent_events_deleted_behind_a_forged_purge(app, runner):
    """Whoever can write the database could delete today's events up to today's checkpoint
    and add a purge event of their own: a purge only ever stops at an old checkpoint."""
    with app.app_context():
        open_records(5)
        assert runner.invoke(args=["audit-checkpoint"]).exit_code == 0
        through = max(stored_seqs())
        open_records(2)
        db.session.execute(delete(AuditEvent).where(AuditEvent.seq <= through))
        db.session.commit()
        record_event(Action.AUDIT_PURGE, actor_id=None, object_type="audit",
                     details={"through_seq": through})
        db.session.commit()
    result = runner.invoke(args=["verify-audit"])
    assert result.exit_code == 1
    assert "missing events" in result.output
