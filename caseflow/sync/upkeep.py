"""What a box sends and receives beside the operation log, at each sync: its audit trail
(kept whole centrally: caseflow/sync/audit_trail.py) and its certificate numbers (blocks
central reserves for it: caseflow/services/boxes, caseflow/services/documents/serials.py).
"""

from __future__ import annotations

from flask import current_app
from sqlalchemy import select
from sqlalchemy.orm import Session

from caseflow.models.base import utcnow
from caseflow.models.certificate import CertificateCounter
from caseflow.models.clinic_box import SerialBlock, SyncState
from caseflow.services import boxes
from caseflow.sync.audit_trail import events_after, sign_head

AUDIT_SENT = "audit_sent_through"


def push_audit(session: Session, client) -> int:
    """Send the box's audit events central does not hold yet, each batch with the box's
    signed checkpoint of its last event (so that central's copy of the chain cannot be
    rewritten unseen); how many were sent. A refused batch raises LinkError."""
    state = session.get(SyncState, AUDIT_SENT) or SyncState(key=AUDIT_SENT, value="0")
    sent, through = 0, int(state.value or 0)
    device = current_app.config["SYNC_DEVICE"]
    while events := events_after(session, through):
        session.rollback()  # end the read before the network wait
        checkpoint = sign_head(device, events[-1])
        answer = client.post("/audit", {"events": events, "checkpoint": checkpoint.as_json()})
        through = int(answer["held_through"])
        state = session.get(SyncState, AUDIT_SENT) or SyncState(key=AUDIT_SENT)
        state.value, state.updated_at = str(through), utcnow()
        session.add(state)
        session.commit()
        sent += len(events)
    return sent


def refresh_serials(session: Session, client) -> int:
    """Tell central how far the box's certificate numbers went; keep the blocks it answers
    (a new one where they ran low). Years: this one, and the next in December."""
    today = utcnow().date()
    years = [today.year] + ([today.year + 1] if today.month == 12 else [])
    counters = session.execute(select(CertificateCounter.site_id, CertificateCounter.year,
                                      CertificateCounter.last_number)).all()
    held = {(b.site_id, b.year) for b in session.scalars(select(SerialBlock))}
    used = [[site, year, last] for site, year, last in counters if (site, year) in held]
    session.rollback()
    answer = client.post("/serials", {"used": used, "years": years})
    return boxes.take_serial_blocks(answer["blocks"])
