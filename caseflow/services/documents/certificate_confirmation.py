"""An author's "issue it", kept on the server while she confirms her identity.

Issuing asks for a recent sign-in (re-authentication). Rather than make the doctor tick
and press Issue again after her password, her confirmation, and the age proxies she chose
to keep, are recorded in the audit trail, bound to this draft and its version, for
CONFIRMATION_MINUTES: back on the certificate's page one button resumes the issue, and a
draft changed in between needs a new confirmation.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass

from sqlalchemy import select

from caseflow.audit import Action
from caseflow.extensions import db
from caseflow.models.audit import AuditEvent
from caseflow.models.base import utcnow
from caseflow.models.certificate import Certificate

# Audit action of an author's confirmation kept while she confirms her identity.
ISSUE_CONFIRMED = Action.ISSUE_CONFIRMED
CONFIRMATION_MINUTES = 15  # how long a confirmation waits for the identity check


@dataclass(frozen=True)
class Confirmation:
    """An author's "issue it", kept while she confirms her identity: for this version only."""

    version: int
    age_proxies: tuple[str, ...]


def pending_confirmation(actor, certificate: Certificate) -> Confirmation | None:
    """The author's confirmation of this very version in the last CONFIRMATION_MINUTES."""
    if not certificate.is_draft or certificate.author_id != actor.id:
        return None
    since = utcnow() - dt.timedelta(minutes=CONFIRMATION_MINUTES)
    details = db.session.scalar(
        select(AuditEvent.details).where(
            AuditEvent.actor_id == actor.id, AuditEvent.occurred_at >= since,
            AuditEvent.action == ISSUE_CONFIRMED, AuditEvent.object_type == "certificate",
            AuditEvent.object_id == str(certificate.id))
        .order_by(AuditEvent.seq.desc()).limit(1))
    if not details or details.get("version") != certificate.version:
        return None
    return Confirmation(certificate.version, tuple(details.get("age_proxies") or ()))
