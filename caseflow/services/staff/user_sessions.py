"""Server-side records of signed-in sessions (caseflow.models.user_session).

A session counts while its row exists. The cookie holds a random id; the row
holds its SHA-256. Signing in adds a row, signing out and timeouts delete it
(caseflow.sessions), and an administrator ends every session of an account at
once (`end_all`), for a lost phone, a shared computer left open, or an
account under suspicion: the account's session token changes too, which also
voids a sign-in waiting for its two-factor code.

Rows older than PERMANENT_SESSION_LIFETIME belong to sessions whose cookie has
expired anyway (the browser was closed without signing out): each sign-in
deletes them, so the table holds about one row per open session.
"""

from __future__ import annotations

import hashlib
import secrets

from flask import current_app
from sqlalchemy import delete, select

from caseflow.audit import record_event
from caseflow.extensions import db
from caseflow.models.base import utcnow
from caseflow.models.user import User, new_session_token
from caseflow.models.user_session import UserSession
from caseflow.services import commit_or_conflict

# Audit action of an administrator ending an account's sessions (an audit.Action value
# once the lead adds it there; by value here, as the audit pages accept any action).
SESSIONS_ENDED = "sessions_ended"


def _digest(session_id: str) -> str:
    return hashlib.sha256(session_id.encode()).hexdigest()


def open_session(user: User) -> str:
    """Record a new signed-in session of `user`; returns the random id for the cookie."""
    session_id = secrets.token_urlsafe(32)
    cutoff = utcnow() - current_app.config["PERMANENT_SESSION_LIFETIME"]
    db.session.execute(delete(UserSession).where(UserSession.created_at < cutoff))
    db.session.add(UserSession(user_id=user.id, digest=_digest(session_id)))
    db.session.commit()
    return session_id


def user_of_session(user_id: int, session_id: str) -> User | None:
    """The user of this open session (one query: the page's user comes with the check)."""
    return db.session.scalar(
        select(User).join(UserSession, UserSession.user_id == User.id)
        .where(User.id == user_id, UserSession.digest == _digest(session_id)))


def end_session(session_id: str) -> None:
    """This session no longer counts, wherever a copy of its cookie is (the caller commits)."""
    db.session.execute(delete(UserSession).where(UserSession.digest == _digest(session_id)))


def end_all(actor: User, user: User) -> int:
    """An administrator ends every session of an account; returns how many were open.

    The session token changes too: a sign-in waiting for its second factor is void,
    and any cookie made before is refused even if its row were somehow kept."""
    ended = db.session.execute(delete(UserSession).where(UserSession.user_id == user.id))
    user.session_token = new_session_token()
    record_event(SESSIONS_ENDED, actor_id=actor.id, object_type="user", object_id=user.id,
                 details={"sessions": ended.rowcount})
    commit_or_conflict()
    return ended.rowcount
