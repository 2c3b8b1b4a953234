"""Sign-in decisions: password check, failure counting, temporary locks, audit.

Unknown logins and wrong passwords get the same answer, in the same time. After
LOGIN_LOCK_THRESHOLD consecutive failures an account is locked for
LOGIN_LOCK_MINUTES; unknown logins are counted in the rate-limit storage so that
the lock message does not reveal which logins exist.

With two-factor on, a right password is only the first step (SECOND_FACTOR):
the sign-in, its audit event and the reset of the failure count happen when
the code is right too (complete_two_factor), and wrong codes count toward the
same lock as wrong passwords.
"""

from __future__ import annotations

import enum
import hashlib
import hmac
from dataclasses import dataclass

from flask import current_app
from limits import parse
from sqlalchemy import func, select

from caseflow.audit import Action, record_event
from caseflow.extensions import db, limiter
from caseflow.models.base import utcnow
from caseflow.models.user import User, session_token_digest
from caseflow.passwords import burn_verification_time, hash_password, needs_rehash, verify_password
from caseflow.services.staff import two_factor
from caseflow.services.staff.lockout import count_failure


class Outcome(enum.Enum):
    OK = "ok"
    INVALID = "invalid"
    LOCKED = "locked"
    SECOND_FACTOR = "second_factor"  # the password is right; a code is needed
    EXPIRED = "expired"  # the two-factor step no longer matches the account


@dataclass(frozen=True)
class SignIn:
    outcome: Outcome
    user: User | None = None
    second_factor: str | None = None  # two_factor.TOTP or RECOVERY_CODE, once accepted


def _unknown_login_limit():
    """Unknown logins 'lock' on the same attempt as real accounts do (the threshold-th),
    so that the lock message does not tell which logins exist."""
    cfg = current_app.config
    allowed = max(cfg["LOGIN_LOCK_THRESHOLD"] - 1, 1)
    return parse(f"{allowed} per {cfg['LOGIN_LOCK_MINUTES']} minutes")


def _unknown_key(login: str) -> str:
    return "caseflow-unknown-login-" + hashlib.sha256(login.encode()).hexdigest()[:32]


def find_user(login: str) -> User | None:
    return db.session.scalar(select(User).where(func.lower(User.login) == login.strip().lower()))


def authenticate(login: str, password: str) -> SignIn:
    """Check a login and password; records the audit event and commits."""
    now = utcnow()
    user = find_user(login) if login.strip() else None
    if user is None:
        burn_verification_time(password)
        strategy = limiter.limiter
        if not strategy.hit(_unknown_login_limit(), _unknown_key(login.strip().lower())):
            outcome = Outcome.LOCKED
        else:
            outcome = Outcome.INVALID
        # The typed login is not stored: people type passwords and names into it.
        record_event(Action.LOGIN_FAILED, details={"reason": "unknown login"})
        db.session.commit()
        return SignIn(outcome)

    if user.is_locked(now):
        burn_verification_time(password)
        record_event(Action.LOGIN_FAILED, actor_id=user.id, details={"reason": "locked"})
        db.session.commit()
        return SignIn(Outcome.LOCKED)

    if not verify_password(user.password_hash, password) or not user.active:
        reason = "inactive" if user.active is False else "wrong password"
        locked = count_failure(user, now, Action.LOGIN_FAILED, {"reason": reason})
        db.session.commit()
        return SignIn(Outcome.LOCKED if locked else Outcome.INVALID)

    if needs_rehash(user.password_hash):
        user.password_hash = hash_password(password)
    if user.two_factor_enabled:
        # Not signed in yet, and the failure count stays: someone who has the password
        # must not get a fresh series of code guesses by typing it again.
        db.session.commit()
        return SignIn(Outcome.SECOND_FACTOR, user)
    user.failed_logins = 0
    user.locked_until = None
    user.last_login_at = now
    record_event(Action.LOGIN, actor_id=user.id)
    db.session.commit()
    return SignIn(Outcome.OK, user)


def complete_two_factor(user_id: int, token_check: str, code: str) -> SignIn:
    """The second step: the code (or a recovery code) of a user whose password was right.

    `token_check` is the digest (models.user.session_token_digest) of the account's
    token when the password was checked: a password reset, a deactivation, a two-factor
    reset or an administrator ending the account's sessions since then voids the step.
    """
    user = db.session.get(User, user_id)
    if user is None or not user.active or not user.two_factor_enabled \
            or not hmac.compare_digest(session_token_digest(user.session_token).encode(),
                                    token_check.encode()):
        return SignIn(Outcome.EXPIRED)
    now = utcnow()
    if user.is_locked(now):
        record_event(Action.LOGIN_FAILED, actor_id=user.id, details={"reason": "locked"})
        db.session.commit()
        return SignIn(Outcome.LOCKED)
    method = two_factor.verify_second_factor(user, code)
    if method is None:
        locked = count_failure(user, now, Action.LOGIN_FAILED, {"reason": "wrong code"})
        db.session.commit()
        return SignIn(Outcome.LOCKED if locked else Outcome.INVALID)
    user.failed_logins = 0
    user.locked_until = None
    user.last_login_at = now
    record_event(Action.LOGIN, actor_id=user.id, details={"second_factor": method})
    db.session.commit()
    return SignIn(Outcome.OK, user, method)
