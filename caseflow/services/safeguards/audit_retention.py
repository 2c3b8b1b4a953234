"""Retention of the audit trail: events older than AUDIT_RETENTION_DAYS are deleted.

Access logs are kept for a limited time (CNIL: 6 months to 1 year, up to 3
years with a reason; default 365 days). Deleting the oldest events cuts the start
of the hash chain, so a purge only ever stops at a signed checkpoint written
before the cut: the chain then begins right after that checkpoint, whose hash the
first remaining event carries, and stays verifiable (caseflow.audit.verify_chain).
Events older than the cut but after that checkpoint wait for the next purge.

The trail is verified before anything is deleted: purging a tampered trail would
destroy the evidence. The purge itself is an audit event, which verify_chain
requires when the chain does not start at event 1.
"""

from __future__ import annotations

from dataclasses import dataclass, replace
from datetime import datetime, timedelta

from flask import current_app
from sqlalchemy import delete, func, select

from caseflow.audit import Action, record_event
from caseflow.audit_checkpoints import read_checkpoints, verify_trail
from caseflow.extensions import db
from caseflow.models.audit import AuditEvent
from caseflow.models.base import utcnow
from caseflow.services import ServiceError

DEFAULT_RETENTION_DAYS = 365


@dataclass(frozen=True)
class PurgePlan:
    retention_days: int
    cut: datetime  # events that occurred before this instant (UTC) are past retention
    older: int  # stored events past retention
    through_seq: int  # the purge deletes events up to this one (the checkpoint it stops at)
    checkpoint_time: datetime | None
    deletable: int  # stored events up to through_seq

    @property
    def kept_old(self) -> int:
        """Events past retention kept because no checkpoint older than the cut follows them."""
        return max(self.older - self.deletable, 0)


def retention_days() -> int:
    value = current_app.config.get("AUDIT_RETENTION_DAYS", DEFAULT_RETENTION_DAYS)
    try:
        days = int(value)
    except (TypeError, ValueError):
        raise ServiceError(f"AUDIT_RETENTION_DAYS must be a whole number of days, "
                           f"not {value!r}.") from None
    if days < 1:
        raise ServiceError("AUDIT_RETENTION_DAYS must be at least 1 day.")
    return days


def plan_purge(now: datetime | None = None) -> PurgePlan:
    """What a purge would delete now; refuses (ServiceError) when the trail does not verify."""
    days = retention_days()
    cut = (now or utcnow()) - timedelta(days=days)
    trail = verify_trail(now=now)
    if not trail.ok:
        raise ServiceError(f"Nothing was purged: the audit trail does not verify. {trail.message}")
    start = trail.chain.start_seq
    older = db.session.scalar(
        select(func.count()).select_from(AuditEvent).where(AuditEvent.occurred_at < cut)) or 0
    usable = [line.checkpoint for line in read_checkpoints()
              if line.checkpoint and line.checkpoint.time < cut
              and start < line.checkpoint.seq <= trail.chain.last_seq]
    stop = max(usable, key=lambda c: c.seq, default=None)
    through = stop.seq if stop else start
    deletable = db.session.scalar(
        select(func.count()).select_from(AuditEvent).where(AuditEvent.seq <= through)) or 0
    return PurgePlan(days, cut, older, through, stop.time if stop else None, deletable)


def purge_audit(*, dry_run: bool = False, actor=None, now: datetime | None = None) -> PurgePlan:
    """Delete the events past retention up to the last checkpoint before the cut; audited."""
    plan = plan_purge(now)
    if plan.deletable == 0:
        if plan.older:
            raise ServiceError(
                f"{plan.older} events are older than the retention period ({plan.retention_days} "
                f"days) but no signed checkpoint written before {plan.cut:%Y-%m-%d %H:%M} UTC "
                "follows them, so none can be purged without breaking the chain. Schedule "
                "audit-checkpoint (docs/DEPLOY.md); they will be purged after that.")
        return plan
    if dry_run:
        return plan
    deleted = db.session.execute(
        delete(AuditEvent).where(AuditEvent.seq <= plan.through_seq)).rowcount
    record_event(Action.AUDIT_PURGE, actor_id=actor.id if actor else None, object_type="audit",
                 purpose="retention",
                 details={"through_seq": plan.through_seq, "deleted": deleted,
                          "retention_days": plan.retention_days,
                          "cut": plan.cut.isoformat(timespec="seconds")})
    db.session.commit()
    return replace(plan, deletable=deleted)
