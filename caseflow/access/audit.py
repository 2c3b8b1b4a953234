"""Who may review the audit trail, and the loaders of what a review is about.

The trail says who opened whose record, when and why: that is sensitive in
itself. Only medical coordinators review it (docs/SECURITY.md, Access rule 3).
Administrators manage accounts and never learn whose records are opened; data
managers see aggregates only; care workers do not supervise each other.
"""

from __future__ import annotations

from flask import abort
from flask_login import current_user
from sqlalchemy import select

from caseflow.roles import Role

AUDIT_REVIEWER_ROLES = frozenset({Role.COORDINATOR})

# Longer than any person code ever stored (audit_event.person_code is 16 characters).
MAX_CODE_LENGTH = 16
# Account ids are 32-bit integers: a larger number in an address is an unknown id, never a
# value bound to a query (PostgreSQL refuses integers beyond 2^63 with an error: a 500).
MAX_ACCOUNT_ID = 2**31 - 1


def may_review_audit(user) -> bool:
    return user.is_authenticated and user.role in AUDIT_REVIEWER_ROLES


def _require_reviewer() -> None:
    if not may_review_audit(current_user):
        abort(403)


def known_person_code(typed: str | None) -> str | None:
    """The canonical code of a person caseflow knows, or whom events name; else None.

    Typed codes are normalised (case, spaces, dashes). A person erased later keeps
    their pseudonymous row and events, so their code still opens the review.
    """
    from caseflow.extensions import db
    from caseflow.models.audit import AuditEvent
    from caseflow.models.person import Person, normalise_person_code

    typed = (typed or "").strip()
    if not typed or len(typed) > MAX_CODE_LENGTH:
        return None
    code = normalise_person_code(typed) or typed.upper()
    known = db.session.scalar(select(Person.id).where(Person.code == code)) or db.session.scalar(
        select(AuditEvent.seq).where(AuditEvent.person_code == code).limit(1))
    return code if known else None


def audited_person_code_or_404(typed: str) -> str:
    """A person's code for the review of who opened their record: 403 or 404 otherwise."""
    _require_reviewer()
    code = known_person_code(typed)
    if code is None:
        abort(404)
    return code


def audited_user_or_404(user_id: int):
    """Any account, active or not: a coordinator reviews what former staff opened too."""
    from caseflow.extensions import db
    from caseflow.models.user import User

    _require_reviewer()
    user = db.session.get(User, user_id) if 0 < user_id <= MAX_ACCOUNT_ID else None
    if user is None:
        abort(404)
    return user
