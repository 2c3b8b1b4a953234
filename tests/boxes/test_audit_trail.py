"""A box's audit trail kept whole centrally: checked on arrival, walked by verify-audit,
and a box's past cannot be rewritten."""

from __future__ import annotations

import pytest
from sqlalchemy import update

from caseflow.audit import event_hash, record_event
from caseflow.extensions import db
from caseflow.models.audit import AuditEvent
from caseflow.models.box_audit_event import BoxAuditEvent
from caseflow.sync.audit_trail import AuditMismatch, events_after, held_through, receive
from tests.sync import clinic


def _box_events(box, after: int = 0) -> list[dict]:
    with box.app_context():
        try:
            return events_after(db.session, after)
        finally:
            db.session.remove()


def _receive(app, events) -> int:
    with app.app_context():
        try:
            held = receive(db.session, "CAL-1", events)
            db.session.commit()
            return held
        except BaseException:
            db.session.rollback()
            raise
        finally:
            db.session.remove()


def test_it_keeps_a_boxs_trail_once_and_verify_audit_walks_it(app, box):
    clinic.register(box, "hugo", "Tesfay", "Haile", 1991, "ER", None)
    events = _box_events(box)
    assert len(events) >= 2
    assert _receive(app, events[:1]) == events[0]["seq"]
    assert _receive(app, events) == events[-1]["seq"]  # resent in part: kept once
    with app.app_context():
        assert held_through(db.session, "CAL-1") == events[-1]["seq"]
    result = app.test_cli_runner().invoke(args=["verify-audit"])
    assert result.exit_code == 0, result.output
    assert f"Box CAL-1: {len(events)} audit events, chain intact" in result.output


def test_it_refuses_a_forged_a_rewritten_or_a_gapped_trail(app, box):
    clinic.register(box, "hugo", "Tesfay", "Haile", 1991, "ER", None)
    events = _box_events(box)
    _receive(app, events)

    forged = [{**events[-1], "action": "view"}]  # its hash no longer matches
    with pytest.raises(AuditMismatch, match="does not match its hash"):
        _receive(app, forged)

    with box.app_context():  # the box's past rewritten, consistently, after central had it
        first = db.session.get(AuditEvent, events[0]["seq"])
        rewritten = {**events[0], "action": "login"}
        rewritten["hash"] = event_hash({**rewritten, "occurred_at": first.occurred_at})
        db.session.remove()
    with pytest.raises(AuditMismatch, match="rewritten"):
        _receive(app, [rewritten])

    with box.app_context():
        record_event("view", object_type="person")
        record_event("view", object_type="person")
        db.session.commit()
        db.session.remove()
    later = _box_events(box, events[-1]["seq"])
    with pytest.raises(AuditMismatch, match="missing"):
        _receive(app, later[1:])  # the one in between never sent
    assert _receive(app, later) == later[-1]["seq"]


def test_it_fails_verify_audit_when_a_held_box_event_is_altered(app, box):
    clinic.register(box, "hugo", "Tesfay", "Haile", 1991, "ER", None)
    _receive(app, _box_events(box))
    with app.app_context():
        db.session.execute(update(BoxAuditEvent).where(BoxAuditEvent.seq == 1)
                           .values(object_type="note"))
        db.session.commit()
    result = app.test_cli_runner().invoke(args=["verify-audit"])
    assert result.exit_code != 0
    assert "Box CAL-1: event 1 does not match its hash" in result.output
