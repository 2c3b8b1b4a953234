"""One-time recovery codes for two-factor sign-in, stored as argon2 hashes.

A recovery code replaces the authenticator app once (a lost or broken phone),
then it is burnt: `used_at` is set in the same statement that accepts it, so
two requests racing with one code cannot both succeed. Only hashes are kept:
the codes are shown once, at enrolment, and a stolen database does not give
them back.
"""

from __future__ import annotations

from datetime import datetime

from sqlalchemy import ForeignKey, String
from sqlalchemy.orm import Mapped, mapped_column

from caseflow.models.base import Base, utcnow


class RecoveryCode(Base):
    __tablename__ = "recovery_code"

    id: Mapped[int] = mapped_column(primary_key=True)
    user_id: Mapped[int] = mapped_column(
        ForeignKey("user_account.id", ondelete="CASCADE"), index=True
    )
    code_hash: Mapped[str] = mapped_column(String(255))
    created_at: Mapped[datetime] = mapped_column(default=utcnow)
    used_at: Mapped[datetime | None]

    def __repr__(self) -> str:
        return f"<RecoveryCode {self.id} of user {self.user_id}>"
