"""Proving one's identity again before a sensitive action (issuing a certificate, a merge,
an export, an erasure), in an already open session.

An open session may be a colleague's unlocked screen or a stolen cookie; the
password (and the code, with two-factor) asked again closes that door for the
actions that cannot be taken back. Failures count toward the account's lock
like failed sign-ins, and both outcomes are audited.
"""

from __future__ import annotations

from flask_babel import lazy_gettext as _l

from caseflow.audit import Action, record_event
from caseflow.extensions import db
from caseflow.models.base import utcnow
from caseflow.models.user import User
from caseflow.passwords import verify_password
from caseflow.services import ServiceError
from caseflow.services.staff import two_factor
from caseflow.services.staff.lockout import count_failure, lock_message


def reauthenticate(user: User, password: str, code: str | None = None) -> str | None:
    """Check the password, and the code if two-factor is on; raises ServiceError if wrong.

    Returns the second factor used (two_factor.TOTP or RECOVERY_CODE), or None.
    """
    now = utcnow()
    if user.is_locked(now):
        record_event(Action.REAUTH_FAILED, actor_id=user.id, details={"reason": "locked"})
        db.session.commit()
        raise ServiceError(lock_message())
    method = None
    reason = None
    if not verify_password(user.password_hash, password or ""):
        reason = "wrong password"
    elif user.two_factor_enabled:
        method = two_factor.verify_second_factor(user, code or "")
        if method is None:
            reason = "wrong code"
    if reason is not None:
        locked = count_failure(user, now, Action.REAUTH_FAILED, {"reason": reason})
        db.session.commit()
        if locked:
            raise ServiceError(lock_message())
        if user.two_factor_enabled:
            raise ServiceError(_l("The password or the code is not correct."), field="code")
        raise ServiceError(_l("The password is not correct."), field="password")
    user.failed_logins = 0
    record_event(Action.REAUTHENTICATED, actor_id=user.id,
                 details={"second_factor": method} if method else None)
    db.session.commit()
    return method
