"""Sign-in decisions: password check, failure counting, temporary locks, audit.

Unknown logins and wrong passwords get the same answer, in the same time. After
LOGIN_LOCK_THRESHOLD consecutive failures an account is locked for
LOGIN_LOCK_MINUTES; unknown logins are counted in the rate-limit storage so that
the lock message does not reveal which logins exist.
"""

from __future__ import annotations

import enum
import hashlib
from dataclasses import dataclass
from datetime import timedelta

from flask import current_app
from limits import parse
from sqlalchemy import func, select

from caseflow.audit import Action, record_event
from caseflow.extensions import db, limiter
from caseflow.models.base import utcnow
from caseflow.models.user import User
from caseflow.passwords import burn_verification_time, hash_password, needs_rehash, verify_password


class Outcome(enum.Enum):
    OK = "ok"
    INVALID = "invalid"
    LOCKED = "locked"


@dataclass(frozen=True)
class SignIn:
    outcome: Outcome
    user: User | None = None


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
        user.failed_logins += 1
        reason = "inactive" if user.active is False else "wrong password"
        record_event(Action.LOGIN_FAILED, actor_id=user.id, details={"reason": reason})
        if user.failed_logins >= current_app.config["LOGIN_LOCK_THRESHOLD"]:
            user.locked_until = now + timedelta(minutes=current_app.config["LOGIN_LOCK_MINUTES"])
            user.failed_logins = 0
            record_event(Action.ACCOUNT_LOCKED, actor_id=user.id, object_type="user",
                         object_id=user.id)
            db.session.commit()
            return SignIn(Outcome.LOCKED)
        db.session.commit()
        return SignIn(Outcome.INVALID)

    user.failed_logins = 0
    user.locked_until = None
    user.last_login_at = now
    if needs_rehash(user.password_hash):
        user.password_hash = hash_password(password)
    record_event(Action.LOGIN, actor_id=user.id)
    db.session.commit()
    return SignIn(Outcome.OK, user)
