"""record_event(): the one way to write the audit trail, and verify_chain() to check it.

Events join the caller's transaction: an action and its audit entry commit or
roll back together. An event holds who, what, which object and the person's
pseudonymous code; never a name, a date of birth or clinical content.

The chain alone cannot stop someone who rewrites the whole table and recomputes
every hash: signed checkpoints of the head, kept outside the database
(caseflow.audit_checkpoints), do; they also let old events be purged while the
rest of the chain stays verifiable from the checkpoint the purge stopped at.
"""

from __future__ import annotations

import enum
import hashlib
import json
from collections.abc import Mapping
from dataclasses import dataclass
from typing import Any

from flask import has_request_context, request
from sqlalchemy import insert, select, update
from sqlalchemy.orm import Session

from caseflow.extensions import db
from caseflow.models.audit import GENESIS_HASH, AuditChainHead, AuditEvent
from caseflow.models.base import utcnow

HEAD_ID = 1


class Action(enum.StrEnum):
    LOGIN = "login"
    LOGIN_FAILED = "login_failed"
    LOGOUT = "logout"
    SESSION_EXPIRED = "session_expired"
    ACCOUNT_LOCKED = "account_locked"
    PASSWORD_CHANGED = "password_changed"  # noqa: S105 (an event name)
    PASSWORD_RESET = "password_reset"  # noqa: S105
    USER_CREATED = "user_created"
    USER_UPDATED = "user_updated"
    USER_DEACTIVATED = "user_deactivated"
    USER_REACTIVATED = "user_reactivated"
    USER_UNLOCKED = "user_unlocked"
    SITE_CREATED = "site_created"
    SITE_UPDATED = "site_updated"
    VIEW = "view"
    CREATE = "create"
    UPDATE = "update"
    EXPORT = "export"
    PRINT = "print"
    ISSUE = "issue"  # a certificate issued (or a correction issued, superseding another)
    # The author confirmed issuing, then was sent to re-enter their password: the confirmation
    # is kept (bound to the draft and its version) so that the issue resumes without re-asking.
    ISSUE_CONFIRMED = "issue_confirmed"
    REVOKE = "revoke"
    VERIFY = "verify"  # a certificate checked on the public verification page
    BREAK_GLASS = "break_glass"
    # Two-factor sign-in and re-authentication (services/two_factor.py, reauthentication.py).
    TWO_FACTOR_ENABLED = "two_factor_enabled"
    TWO_FACTOR_DISABLED = "two_factor_disabled"  # by the user, with password and code
    TWO_FACTOR_RESET = "two_factor_reset"  # by an administrator
    TWO_FACTOR_FAILED = "two_factor_failed"  # a wrong code outside sign-in (enrolment, disable)
    RECOVERY_CODE_USED = "recovery_code_used"
    REAUTHENTICATED = "reauthenticated"
    REAUTH_FAILED = "reauth_failed"
    ERASE = "erase"  # a person crypto-shredded (services/erasure.py); details: reason category
    AUDIT_PURGE = "audit_purge"  # audit events past their retention deleted (see purge-audit)
    # Memory custody (docs/OFFLINE.md): keys unlocked with a passphrase slot (details: its
    # label), a wrong passphrase, keys sealed (by a coordinator or `flask seal`).
    KEYS_UNLOCKED = "keys_unlocked"
    UNLOCK_FAILED = "unlock_failed"
    KEYS_SEALED = "keys_sealed"
    UNLOCK_PASSPHRASE_ADDED = "unlock_passphrase_added"  # noqa: S105 (an event name)
    UNLOCK_PASSPHRASE_REMOVED = "unlock_passphrase_removed"  # noqa: S105
    # Clinic boxes, on the central server (services/boxes): enrolled, revoked, a refused
    # contact (unknown or revoked credential, another transport key), the box's key pinned,
    # data keys sealed to it (details: how many).
    BOX_ENROLLED = "box_enrolled"
    BOX_REVOKED = "box_revoked"
    BOX_REFUSED = "box_refused"
    BOX_KEY_PINNED = "box_key_pinned"
    BOX_KEYS_SENT = "box_keys_sent"
    # A box's push applied centrally (details: box, counts applied, duplicates, conflicts);
    # on a box, "Sync now" (details: outcome and counts; never a person).
    BOX_PUSH_RECEIVED = "box_push_received"
    SYNC_RUN = "sync_run"
    # A box's signed audit checkpoint kept (details: seq, hash, the key it verified with):
    # central's own chain then vouches for it (caseflow/sync/audit_trail.py).
    BOX_AUDIT_CHECKPOINT = "box_audit_checkpoint"


def _digest(fields: dict[str, Any]) -> str:
    canonical = json.dumps(fields, sort_keys=True, separators=(",", ":"), ensure_ascii=True)
    return hashlib.sha256(canonical.encode("ascii")).hexdigest()


def _hashed_fields(event: AuditEvent | dict[str, Any]) -> dict[str, Any]:
    get = event.get if isinstance(event, dict) else lambda k: getattr(event, k)
    occurred = get("occurred_at")
    return {
        "seq": get("seq"),
        "occurred_at": occurred.isoformat(timespec="microseconds"),
        "actor_id": get("actor_id"),
        "action": get("action"),
        "object_type": get("object_type"),
        "object_id": get("object_id"),
        "person_code": get("person_code"),
        "site_id": get("site_id"),
        "purpose": get("purpose"),
        "details": get("details"),
        "remote_addr": get("remote_addr"),
        "prev_hash": get("prev_hash"),
    }


def event_hash(event: AuditEvent | dict[str, Any]) -> str:
    """The hash an event must carry (its fields and the hash before it): also how central
    checks the events a clinic box sends (caseflow/sync/audit_trail.py)."""
    return _digest(_hashed_fields(event))


def _advance_head(session: Session) -> tuple[int, str]:
    """Take the next sequence number; the UPDATE serialises concurrent appenders."""
    stmt = (
        update(AuditChainHead)
        .where(AuditChainHead.id == HEAD_ID)
        .values(seq=AuditChainHead.seq + 1)
        .returning(AuditChainHead.seq, AuditChainHead.hash)
    )
    row = session.execute(stmt).first()
    if row is None:
        session.add(AuditChainHead(id=HEAD_ID, seq=0, hash=GENESIS_HASH))
        session.flush()
        row = session.execute(stmt).one()
    return row.seq, row.hash


def record_event(
    action: Action | str,
    *,
    actor_id: int | None = None,
    object_type: str | None = None,
    object_id: str | int | None = None,
    person_code: str | None = None,
    site_id: int | None = None,
    purpose: str | None = None,
    details: dict[str, Any] | None = None,
    session: Session | None = None,
) -> AuditEvent:
    """Append one event to the chain inside the current transaction (the caller commits)."""
    session = session or db.session
    seq, prev_hash = _advance_head(session)
    values: dict[str, Any] = {
        "seq": seq,
        "occurred_at": utcnow(),
        "actor_id": actor_id,
        "action": str(action),
        "object_type": object_type,
        "object_id": None if object_id is None else str(object_id),
        "person_code": person_code,
        "site_id": site_id,
        "purpose": purpose,
        "details": details,
        "remote_addr": request.remote_addr if has_request_context() else None,
        "prev_hash": prev_hash,
    }
    values["hash"] = _digest(_hashed_fields(values))
    session.execute(insert(AuditEvent).values(**values))
    session.execute(
        update(AuditChainHead).where(AuditChainHead.id == HEAD_ID).values(hash=values["hash"])
    )
    return AuditEvent(**values)


@dataclass(frozen=True)
class ChainReport:
    ok: bool
    checked: int
    first_bad_seq: int | None = None
    reason: str = ""
    # The signed checkpoint the walk started from (0: the genesis, i.e. nothing was purged),
    # and the last event it verified: what `audit-checkpoint` signs.
    start_seq: int = 0
    last_seq: int = 0
    last_hash: str = GENESIS_HASH


def _events_after(session: Session, seq: int, batch: int) -> list[dict[str, Any]]:
    table = AuditEvent.__table__
    rows = session.execute(
        select(table).where(table.c.seq > seq).order_by(table.c.seq).limit(batch)
    ).all()
    return [dict(row._mapping) for row in rows]


def _head(session: Session) -> tuple[int, str]:
    head = session.execute(
        select(AuditChainHead.seq, AuditChainHead.hash).where(AuditChainHead.id == HEAD_ID)
    ).first()
    return (head.seq, head.hash) if head else (0, GENESIS_HASH)


def _start_of_chain(
    session: Session, anchors: Mapping[int, str] | None
) -> tuple[int, str] | ChainReport:
    """Where the walk begins: the genesis, or the signed checkpoint a purge stopped at.

    A purge deletes the oldest events up to a checkpoint written to a file outside
    the database and signed (caseflow.audit_checkpoints). The oldest remaining event
    must then follow that checkpoint exactly; a gap no signed checkpoint covers is
    events deleted by someone, and is reported like any other missing event.
    """
    first = session.execute(
        select(AuditEvent.seq, AuditEvent.prev_hash).order_by(AuditEvent.seq).limit(1)
    ).first()
    if first is None or first.seq == 1:
        return 0, GENESIS_HASH
    if anchors is None:
        from caseflow.audit_checkpoints import purge_anchors

        anchors = purge_anchors()
    anchored = anchors.get(first.seq - 1)
    if anchored is None:
        return ChainReport(False, 0, 1, f"missing events (1 to {first.seq - 1}), "
                                        "not covered by a signed checkpoint")
    if anchored != first.prev_hash:
        return ChainReport(False, 0, first.seq, "does not follow the signed checkpoint "
                                                f"of event {first.seq - 1}")
    return first.seq - 1, anchored


def _is_purge_through(event: dict[str, Any], seq: int) -> bool:
    details = event["details"] if isinstance(event["details"], dict) else {}
    return event["action"] == Action.AUDIT_PURGE and details.get("through_seq") == seq


def verify_chain(
    session: Session | None = None,
    batch: int = 5000,
    *,
    anchors: Mapping[int, str] | None = None,
    start: tuple[int, str] | None = None,
) -> ChainReport:
    """Recompute every hash in order; name the first event that is missing, edited or forged.

    `anchors` maps the seq of each signed checkpoint to its hash (read from the
    checkpoint file when None and needed, i.e. after a purge). `start` begins the walk
    after a trusted (seq, hash) instead, to check only what was appended since a
    checkpoint. The head row is read after the events, so events appended while the
    walk runs are walked too rather than reported.
    """
    session = session or db.session
    if start is None:
        begun = _start_of_chain(session, anchors)
        if isinstance(begun, ChainReport):
            return begun
        purge_recorded = begun[0] == 0
    else:
        begun, purge_recorded = start, True
    start_seq, expected_prev = begun
    expected_seq = start_seq + 1
    checked = 0
    while True:
        events = _events_after(session, expected_seq - 1, batch)
        if not events:
            head_seq, head_hash = _head(session)
            if head_seq < expected_seq:
                break
            events = _events_after(session, expected_seq - 1, batch)  # appended meanwhile?
            if not events:
                return ChainReport(False, checked, expected_seq,
                                   "events after this point were removed", start_seq)
        for event in events:
            if event["seq"] != expected_seq:
                return ChainReport(False, checked, expected_seq, "missing event", start_seq)
            if event["prev_hash"] != expected_prev:
                return ChainReport(False, checked, event["seq"], "previous hash does not match",
                                   start_seq)
            if _digest(_hashed_fields(event)) != event["hash"]:
                return ChainReport(False, checked, event["seq"], "event content was changed",
                                   start_seq)
            purge_recorded = purge_recorded or _is_purge_through(event, start_seq)
            expected_prev = event["hash"]
            expected_seq += 1
            checked += 1
    last_seq = expected_seq - 1
    if head_seq < start_seq:  # a start given past the head: the chain was cut back
        return ChainReport(False, checked, head_seq + 1, "events after this point were removed",
                           start_seq)
    if head_seq < last_seq:
        return ChainReport(False, checked, head_seq + 1, "events beyond the chain head",
                           start_seq)
    if head_hash != expected_prev:
        return ChainReport(False, checked, last_seq, "the chain head does not match this event",
                           start_seq)
    if not purge_recorded:
        return ChainReport(False, checked, start_seq + 1,
                           "events before this one were removed without a recorded purge",
                           start_seq)
    return ChainReport(True, checked, start_seq=start_seq, last_seq=last_seq,
                       last_hash=expected_prev)
