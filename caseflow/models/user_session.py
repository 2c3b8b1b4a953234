"""One row per open signed-in session, so that a session can end on the server.

The session cookie is Flask's signed cookie: it cannot be altered, but a copy
of it (a shared computer, a stolen laptop, a proxy log) would open the account
until the cookie's own times run out (REAUTH aside, up to
PERMANENT_SESSION_LIFETIME, 12 hours). The cookie therefore carries a random
session id too, and a session counts only while its row exists: sign-out and
timeouts delete the row, an administrator deletes every row of an account.

Only the SHA-256 of the id is stored, so that reading this table (a backup, a
replica) gives nothing a cookie could be made of.
"""

from __future__ import annotations

from datetime import datetime

from sqlalchemy import ForeignKey, String
from sqlalchemy.orm import Mapped, mapped_column

from caseflow.models.base import Base, utcnow


class UserSession(Base):
    __tablename__ = "user_session"

    id: Mapped[int] = mapped_column(primary_key=True)
    user_id: Mapped[int] = mapped_column(
        ForeignKey("user_account.id", ondelete="CASCADE"), index=True
    )
    digest: Mapped[str] = mapped_column(String(64), unique=True)  # SHA-256 of the cookie's id
    created_at: Mapped[datetime] = mapped_column(default=utcnow, index=True)

    def __repr__(self) -> str:
        return f"<UserSession {self.id} of user {self.user_id}>"
