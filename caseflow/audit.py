"""record_event(): the one way to write the audit trail, and verify_chain() to check it.

Events join the caller's transaction: an action and its audit entry commit or
roll back together. An event holds who, what, which object and the person's
pseudonymous code; never a name, a date of birth or clinical content.
"""

from __future__ import annotations

import enum
import hashlib
import json
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
    REVOKE = "revoke"
    VERIFY = "verify"  # a certificate checked on the public verification page
    BREAK_GLASS = "break_glass"


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


def verify_chain(session: Session | None = None, batch: int = 5000) -> ChainReport:
    """Recompute every hash in order; name the first event that is missing, edited or forged."""
    session = session or db.session
    expected_prev = GENESIS_HASH
    expected_seq = 1
    checked = 0
    last_seen = 0
    while True:
        table = AuditEvent.__table__
        rows = session.execute(
            select(table).where(table.c.seq > last_seen).order_by(table.c.seq).limit(batch)
        ).all()
        events = [dict(row._mapping) for row in rows]
        if not events:
            break
        for event in events:
            if event["seq"] != expected_seq:
                return ChainReport(False, checked, expected_seq, "missing event")
            if event["prev_hash"] != expected_prev:
                return ChainReport(False, checked, event["seq"], "previous hash does not match")
            if _digest(_hashed_fields(event)) != event["hash"]:
                return ChainReport(False, checked, event["seq"], "event content was changed")
            expected_prev = event["hash"]
            expected_seq += 1
            checked += 1
        last_seen = events[-1]["seq"]
    head = session.execute(
        select(AuditChainHead.seq, AuditChainHead.hash).where(AuditChainHead.id == HEAD_ID)
    ).first()
    head_seq, head_hash = (head.seq, head.hash) if head else (0, GENESIS_HASH)
    if head_seq != checked or head_hash != expected_prev:
        return ChainReport(False, checked, checked + 1, "events after this point were removed")
    return ChainReport(True, checked)
