"""The central server's side of a box's sync: receive its pushes, serve its pulls.

For caseflow/blueprints/sync_api, over caseflow.services.boxes (who the box is, what it
may hold) and the operation log (caseflow.sync.apply, caseflow.sync.exchange).
"""

from __future__ import annotations

import uuid

from sqlalchemy import update

from caseflow import crypto
from caseflow.audit import Action, record_event
from caseflow.extensions import db
from caseflow.models.base import utcnow
from caseflow.models.clinic_box import ClinicBox
from caseflow.services import boxes
from caseflow.services.boxes import CENTRAL, BoxRefused, people_of, sealed_keys_for
from caseflow.sync import audit_trail, certificates, fill
from caseflow.sync.apply import CENTRAL as CENTRAL_SIDE
from caseflow.sync.apply import apply_operations
from caseflow.sync.exchange import operations_since
from caseflow.sync.fill import readable_by_box


def receive_push(box: ClinicBox, operations: list[dict],
                 keys: dict[uuid.UUID, bytes]) -> dict:
    """Apply a box's batch: its own operations only, with the data keys of the people it
    registered (sealed to central). Returns what the box is told: the ids central holds."""
    if any(op.get("device") != box.id for op in operations):
        raise BoxRefused("not-own-operations")
    # One push of a box at a time: a box killed mid-push leaves its request running here
    # while the box, restarted, sends the same batch again. The row lock (PostgreSQL) or
    # the write lock (SQLite) taken by this update makes the second wait for the first
    # to commit, then find its operations held, instead of both inserting them.
    db.session.execute(update(ClinicBox).where(ClinicBox.id == box.id)
                       .values(last_contact_at=utcnow()))

    def person_keys(session, landed: list[uuid.UUID]) -> None:
        sent = {pid: keys[pid] for pid in landed if pid in keys}
        if sent:
            crypto.import_person_keys(session, sent, sender=box.id, recipient=CENTRAL)

    report = apply_operations(db.session, operations, side=CENTRAL_SIDE,
                              person_keys=person_keys, refuse=certificates.refusal_for(box))
    box.last_contact_at = utcnow()
    # Work from a box changes records here: the trail keeps which box pushed, and how much
    # landed, in the batch's own transaction (counts only: the operations are in the log).
    record_event(Action.BOX_PUSH_RECEIVED, object_type="clinic_box", object_id=box.id,
                 details={"operations": len(operations), "applied": report.applied,
                          "already_held": report.already_held,
                          "duplicates": report.duplicates, "conflicts": report.conflicts,
                          "flagged": report.flagged, "not_applied": report.not_applied})
    db.session.commit()
    return {"held": [str(i) for i in report.held], "applied": report.applied,
            "already_held": report.already_held, "conflicts": report.conflicts,
            "flagged": report.flagged, "duplicates": report.duplicates}


def pull_for(box: ClinicBox, cursor: str | None, known_users: set[int] | None = None) -> dict:
    """Central's operations the box has not seen, for the people it may hold only, and the
    data keys of those of them it receives for the first time (sealed to its key).

    An operation without a person (none of the synced tables has one today but a referral's
    status change, which names its referral) is not sent: nothing leaves for a box that
    cannot be tied to one of its people."""
    page = operations_since(db.session, cursor, exclude_device=box.id)
    allowed = set(people_of(box))
    operations = fill.whole_certificates(readable_by_box(
        box, [op for op in page.operations
              if op["person_id"] and uuid.UUID(op["person_id"]) in allowed]))
    arriving = sorted({uuid.UUID(op["person_id"]) for op in operations
                       if op["table_name"] == "person" and op["kind"] == "insert"})
    sealed = sealed_keys_for(box, arriving, allowed) if arriving else {}
    # The accounts these records name that the box lacks (an author who joined after its
    # fill): a record never waits on its author.
    users = (fill.accounts_for(box, fill.authors_of(operations) - known_users)
             if known_users is not None else [])
    box.last_contact_at = utcnow()
    db.session.commit()
    return {"operations": operations, "cursor": page.cursor, "resume": page.resume,
            "more": page.more, "keys": sealed, "users": users}


def receive_audit(box: ClinicBox, events: list[dict],
                  checkpoint: dict | None = None) -> dict:
    """Keep a box's new audit events after checking them (caseflow/sync/audit_trail.py),
    and the checkpoint it signed over them (none from a box older than checkpoints);
    a trail or a checkpoint that does not check out is refused whole, nothing kept, and
    the refusal audited here. A malformed checkpoint is a ValueError (a bad request)."""
    signed = audit_trail.BoxCheckpoint.from_json(checkpoint) if checkpoint else None
    # One audit push of a box at a time (as receive_push): a push resent by a box killed
    # mid-request waits for the first instead of inserting the same rows beside it.
    db.session.execute(update(ClinicBox).where(ClinicBox.id == box.id)
                       .values(last_contact_at=utcnow()))
    try:
        held = audit_trail.receive(db.session, box.id, events)
        if signed and audit_trail.keep_checkpoint(db.session, box, signed):
            record_event(Action.BOX_AUDIT_CHECKPOINT, object_type="clinic_box",
                         object_id=box.id, details=audit_trail.recorded(box, signed))
    except audit_trail.AuditMismatch as mismatch:
        db.session.rollback()
        reason = ("audit-checkpoint" if isinstance(mismatch, audit_trail.CheckpointRefused)
                  else "audit-mismatch")
        record_event(Action.BOX_REFUSED, object_type="clinic_box", object_id=box.id,
                     details={"reason": reason, "detail": str(mismatch)[:200]})
        db.session.commit()
        raise BoxRefused(reason) from None
    db.session.commit()
    return {"held_through": held, "checkpoint": signed.seq if signed else None}


def serial_blocks(box: ClinicBox, used: list[list[int]], years: list[int]) -> dict:
    """The box's certificate number blocks for ``years``, a new one reserved where it runs
    low (``used``: [site id, year, last number used] as the box counts them)."""
    counted = {(int(site), int(year)): int(last) for site, year, last in used}
    blocks = boxes.serial_blocks_for(box, counted, sorted({int(y) for y in years})[:2])
    return {"blocks": [{"device": b.device, "site_id": b.site_id, "year": b.year,
                        "first": b.first, "last": b.last} for b in blocks]}
