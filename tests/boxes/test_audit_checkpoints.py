"""A box's signed audit checkpoints: sent with each audit push over real HTTP, checked
against the key central pinned for the box, refused when forged, and what makes a box's
chain rewritten consistently in central's database show in verify-audit."""

from __future__ import annotations

import base64
from dataclasses import replace

import pytest
from cryptography.hazmat.primitives.asymmetric.ed25519 import Ed25519PrivateKey
from cryptography.hazmat.primitives.serialization import Encoding, PublicFormat
from sqlalchemy import delete, select, update

from caseflow import crypto
from caseflow.audit import Action, event_hash, record_event
from caseflow.extensions import db
from caseflow.models.audit import GENESIS_HASH, AuditEvent
from caseflow.models.base import utcnow
from caseflow.models.box_audit_checkpoint import BoxAuditCheckpoint
from caseflow.models.box_audit_event import BoxAuditEvent
from caseflow.models.clinic_box import ClinicBox
from caseflow.sync import link
from caseflow.sync.audit_trail import BoxCheckpoint, events_after
from tests.boxes.helpers import join, sync
from tests.support.app import make_app
from tests.sync import clinic


def _box_events(box) -> list[dict]:
    with box.app_context():
        try:
            return events_after(db.session, 0)
        finally:
            db.session.remove()


def _box_signed(box, checkpoint: BoxCheckpoint) -> BoxCheckpoint:
    """The checkpoint signed with the box's own key, as the box signs its pushes."""
    with box.app_context():
        return replace(checkpoint, signature=crypto.sign(checkpoint.message()))


def _checkpoints(app) -> list[BoxAuditCheckpoint]:
    with app.app_context():
        rows = db.session.scalars(select(BoxAuditCheckpoint)
                                  .order_by(BoxAuditCheckpoint.seq)).all()
        db.session.expunge_all()
        return rows


def _recorded(app, action: Action) -> list[dict]:
    with app.app_context():
        return [e.details for e in db.session.scalars(
            select(AuditEvent).where(AuditEvent.action == str(action),
                                     AuditEvent.object_id == "CAL-1")
            .order_by(AuditEvent.seq))]


def _verify_audit(app):
    return app.test_cli_runner().invoke(args=["verify-audit"])


def test_it_sends_a_checkpoint_signed_by_the_box_that_central_keeps_and_verifies(
        app, central, box):
    join(app, box)
    clinic.register(box, "hugo", "Tesfay", "Haile", 1991, "ER", None)
    events = _box_events(box)
    with box.app_context():
        box_key = crypto.public_key_bytes()

    report = sync(box)
    assert report.audit_events >= len(events)
    [kept] = _checkpoints(app)
    head = _box_events(box)[-1]  # the head of the chain sent, as the box holds it
    assert (kept.device, kept.seq, kept.hash) == ("CAL-1", head["seq"], head["hash"])
    signed = BoxCheckpoint("CAL-1", kept.seq, kept.hash, kept.signed_at, kept.signature)
    assert signed.message().startswith(b"caseflow-box-audit-checkpoint-v1\nCAL-1\n")
    assert crypto.verify_with_public_key(box_key, signed.message(), signed.signature)
    with app.app_context():
        assert bytes(db.session.get(ClinicBox, "CAL-1").signing_public_key) == box_key
    # Central's own chain vouches for it, with the key it verified with.
    assert _recorded(app, Action.BOX_AUDIT_CHECKPOINT) == [
        {"seq": kept.seq, "hash": kept.hash,
         "signing_key": base64.b64encode(box_key).decode("ascii")}]

    result = _verify_audit(app)
    assert result.exit_code == 0, result.output
    assert (f"Box CAL-1: {kept.seq} audit events, chain intact, signed checkpoints that hold: 1."
            in result.output)
    assert sync(box).audit_events == 0  # nothing new: no push, no checkpoint
    assert len(_checkpoints(app)) == 1


def test_it_refuses_a_forged_checkpoint_and_keeps_nothing_of_the_push(app, central, box):
    token = join(app, box)
    clinic.register(box, "hugo", "Tesfay", "Haile", 1991, "ER", None)
    events = _box_events(box)
    client = link.Client(central, "CAL-1", token)
    head = BoxCheckpoint("CAL-1", events[-1]["seq"], events[-1]["hash"], utcnow())
    other_key = Ed25519PrivateKey.generate()
    refused = {
        "another key": replace(head, signature=other_key.sign(head.message())),
        "another hash": _box_signed(box, replace(head, hash="0" * 64)),
        "another event": _box_signed(box, replace(head, seq=head.seq + 1)),
        "another box": _box_signed(box, replace(head, device="PAN-1")),
        "altered after signing": replace(_box_signed(box, head), time=utcnow()),
    }
    for why, checkpoint in refused.items():
        with pytest.raises(link.LinkError) as error:
            client.post("/audit", {"events": events, "checkpoint": checkpoint.as_json()})
        assert error.value.reason == "audit-checkpoint", why
    with app.app_context():  # nothing kept, neither the events nor the checkpoint
        assert db.session.scalar(select(BoxAuditEvent.seq).limit(1)) is None
        assert db.session.scalar(select(BoxAuditCheckpoint.seq).limit(1)) is None
    refusals = _recorded(app, Action.BOX_REFUSED)
    assert [r["reason"] for r in refusals] == ["audit-checkpoint"] * len(refused)
    assert "does not verify with the box's key" in refusals[0]["detail"]
    assert "Tesfay" not in str(refusals)

    malformed = {**_box_signed(box, head).as_json(), "seq": "1"}
    with pytest.raises(link.LinkError) as error:
        client.post("/audit", {"events": events, "checkpoint": malformed})
    assert error.value.reason == "refused-400"

    # A box older than checkpoints sends none: its push is still kept.
    answer = client.post("/audit", {"events": events})
    assert answer == {"held_through": head.seq, "checkpoint": None}
    answer = client.post("/audit", {"events": [], "checkpoint": _box_signed(box, head).as_json()})
    assert answer["checkpoint"] == head.seq
    assert [c.seq for c in _checkpoints(app)] == [head.seq]


def _rewrite_chain(app) -> None:
    """What someone with write access to central's database could do: change a box event
    and recompute every hash after it, so that the chain walks intact again."""
    with app.app_context():
        previous = GENESIS_HASH
        for event in db.session.scalars(select(BoxAuditEvent).where(
                BoxAuditEvent.device == "CAL-1").order_by(BoxAuditEvent.seq)):
            if event.seq == 1:
                event.action = "view"
            event.prev_hash = previous
            fields = {c.name: getattr(event, c.name) for c in BoxAuditEvent.__table__.columns}
            event.hash = previous = event_hash(fields)
        db.session.commit()


def test_it_catches_a_boxs_chain_rewritten_in_centrals_database_by_its_checkpoint(
        app, central, box):
    join(app, box)
    clinic.register(box, "hugo", "Tesfay", "Haile", 1991, "ER", None)
    sync(box)
    [kept] = _checkpoints(app)
    _rewrite_chain(app)

    result = _verify_audit(app)
    assert result.exit_code != 0
    assert (f"Box CAL-1: the database holds another event {kept.seq} than the one the box "
            "signed; the box's trail was rewritten.") in result.output

    with app.app_context():  # the checkpoints deleted too: central's own chain recorded them
        db.session.execute(delete(BoxAuditCheckpoint))
        db.session.commit()
    result = _verify_audit(app)
    assert result.exit_code != 0
    assert (f"Box CAL-1: the checkpoint of event {kept.seq} that central's audit trail "
            "records is missing or altered.") in result.output


def test_it_catches_the_pinned_key_replaced_and_the_checkpoints_signed_again(
        app, central, box):
    join(app, box)
    clinic.register(box, "hugo", "Tesfay", "Haile", 1991, "ER", None)
    sync(box)
    _rewrite_chain(app)
    forger = Ed25519PrivateKey.generate()
    with app.app_context():
        for row in db.session.scalars(select(BoxAuditCheckpoint)):
            row.hash = db.session.scalar(select(BoxAuditEvent.hash).where(
                BoxAuditEvent.device == "CAL-1", BoxAuditEvent.seq == row.seq))
            signed = BoxCheckpoint("CAL-1", row.seq, row.hash, row.signed_at)
            row.signature = forger.sign(signed.message())
        db.session.execute(update(ClinicBox).where(ClinicBox.id == "CAL-1").values(
            signing_public_key=forger.public_key().public_bytes(Encoding.Raw,
                                                                PublicFormat.Raw)))
        db.session.commit()

    result = _verify_audit(app)
    assert result.exit_code != 0
    assert "Box CAL-1: the checkpoint of event" in result.output
    assert "is missing or altered" in result.output


def test_it_sends_a_new_checkpoint_after_the_box_restarts(app, central, box, tmp_path):
    join(app, box)
    clinic.register(box, "hugo", "Tesfay", "Haile", 1991, "ER", None)
    sync(box)
    [first] = _checkpoints(app)
    with box.app_context():
        db.session.remove()
        db.engine.dispose()

    # The same box started again: a new process on its SQLite file and its keys.
    again = make_app(f"sqlite:///{tmp_path / 'box.sqlite'}", tmp_path / "box-keys",
                     SYNC_ROLE="box", SYNC_DEVICE="CAL-1", SYNC_CENTRAL_URL=central)
    try:
        with again.app_context():
            record_event(Action.VIEW, object_type="person")
            db.session.commit()
            db.session.remove()
        assert sync(again).audit_events == 1
        with again.app_context():
            head = db.session.scalar(select(AuditEvent).order_by(AuditEvent.seq.desc()))
            head_seq, head_hash = head.seq, head.hash
            db.session.remove()
    finally:
        with again.app_context():
            db.engine.dispose()

    assert [(c.seq, c.hash) for c in _checkpoints(app)] == [(first.seq, first.hash),
                                                             (head_seq, head_hash)]
    assert head_seq == first.seq + 1
    assert len(_recorded(app, Action.BOX_AUDIT_CHECKPOINT)) == 2
    result = _verify_audit(app)
    assert result.exit_code == 0, result.output
    assert f"Box CAL-1: {head_seq} audit events, chain intact" in result.output
