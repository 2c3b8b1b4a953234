"""Every sync attempt of a box, remembered: when, and how it ended (docs/OFFLINE.md, Sync).

``caseflow.sync.link.sync`` marks only a whole sync (``last_sync``); a failed one left no
trace, so the status page could not say that central has not answered since the morning,
or that the box was revoked. Both ways a sync starts ("Sync now" on /sync/status, and
``flask sync``, once or as the service) go through ``run``, which records the outcome in
the box's ``sync_state`` table under ``last_attempt``: counts and a reason code only,
never anything about a person.
"""

from __future__ import annotations

import json
from dataclasses import dataclass
from datetime import datetime

from sqlalchemy.exc import SQLAlchemyError
from sqlalchemy.orm import Session

from caseflow.audit import Action, record_event
from caseflow.crypto import SealedError
from caseflow.models.base import utcnow
from caseflow.models.clinic_box import SyncState
from caseflow.sync import link

LAST_ATTEMPT = "last_attempt"
OK = "ok"
SEALED = "sealed"
FAILED = "error"  # anything else (a bug, a full disk): the details are in the server log


@dataclass(frozen=True)
class Attempt:
    """The last attempt as the status page shows it: ``outcome`` is ``ok``, ``sealed``,
    ``error`` or a LinkError reason (unreachable, revoked, unknown, other-key,
    not-joined, refused-<status>)."""

    at: datetime
    outcome: str
    sent: int = 0
    received: int = 0
    applied: int = 0
    conflicts: int = 0

    @property
    def ok(self) -> bool:
        return self.outcome == OK


def _counts(report: link.SyncReport) -> dict[str, int]:
    return {"sent": report.pushed, "received": report.pulled, "applied": report.applied,
            "conflicts": report.conflicts}


def _remember(session: Session, outcome: str, counts: dict[str, int],
              actor_id: int | None, audited: bool) -> None:
    """Write the attempt (and its audit event) in a transaction of its own: whatever the
    failed sync left half done was rolled back first."""
    session.rollback()
    value = json.dumps({"outcome": outcome[:40], **counts}, separators=(",", ":"))
    state = session.get(SyncState, LAST_ATTEMPT) or SyncState(key=LAST_ATTEMPT)
    state.value, state.updated_at = value[:200], utcnow()
    session.add(state)
    if audited:
        record_event(Action.SYNC_RUN, actor_id=actor_id, object_type="sync",
                     details={"outcome": outcome[:40], **counts}, session=session)
    session.commit()


def run(session: Session, *, refill: bool = False, actor_id: int | None = None,
        audited: bool = False) -> link.SyncReport:
    """``link.sync``, with its outcome remembered whatever it is; raises as it does.

    ``audited``: a person asked for it ("Sync now"), so the audit trail keeps who, when and
    the counts; the service's attempts every minute are remembered, not audited."""
    try:
        report = link.sync(session, refill=refill)
    except link.LinkError as error:
        _remember_failure(session, error.reason, actor_id, audited)
        raise
    except SealedError:
        _remember_failure(session, SEALED, actor_id, audited)
        raise
    except Exception:
        _remember_failure(session, FAILED, actor_id, audited)
        raise
    _remember(session, OK, _counts(report), actor_id, audited)
    return report


def _remember_failure(session: Session, outcome: str, actor_id: int | None,
                      audited: bool) -> None:
    """As ``_remember``, but never in the way of the failure being reported: a database
    that cannot take the record either (locked, full) leaves the original error to raise."""
    try:
        _remember(session, outcome, {}, actor_id, audited)
    except SQLAlchemyError:
        session.rollback()


def last_attempt(session: Session) -> Attempt | None:
    """The last attempt remembered here, or None (never tried since this was built)."""
    state = session.get(SyncState, LAST_ATTEMPT)
    if state is None or not state.value:
        return None
    try:
        data = json.loads(state.value)
        return Attempt(at=state.updated_at, outcome=str(data["outcome"]),
                       **{k: int(data.get(k, 0)) for k in ("sent", "received", "applied",
                                                             "conflicts")})
    except (ValueError, KeyError, TypeError):
        return Attempt(at=state.updated_at, outcome=FAILED)
