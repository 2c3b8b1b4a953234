"""Wrapped data keys: one row per person, the only copy of the key to their data.

Deleting a row is crypto-shredding: every field, note and attachment of that
person becomes unreadable, in this database and in every backup of it.
"""

from __future__ import annotations

import uuid
from datetime import datetime

from sqlalchemy import ForeignKey, Integer, LargeBinary, Uuid
from sqlalchemy.orm import Mapped, mapped_column

from caseflow.models.base import Base, utcnow


class PersonKey(Base):
    __tablename__ = "person_key"

    # Cascade keeps the table clean on PostgreSQL; the crypto flush hook does the
    # same explicitly on SQLite, where foreign keys may be off.
    person_id: Mapped[uuid.UUID] = mapped_column(
        Uuid, ForeignKey("person.id", ondelete="CASCADE"), primary_key=True
    )
    # Which KEK wraps the DEK: rotation rewraps, retirement checks none are left.
    kek_version: Mapped[int] = mapped_column(Integer, index=True)
    # Random 4-byte reference written in every field ciphertext (not secret).
    key_id: Mapped[bytes] = mapped_column(LargeBinary(4))
    # nonce (12) | AES-256-GCM(KEK, DEK) (32 + 16 tag), bound to person, version, key_id.
    wrapped: Mapped[bytes] = mapped_column(LargeBinary(64))
    created_at: Mapped[datetime] = mapped_column(default=utcnow)
    rewrapped_at: Mapped[datetime | None] = mapped_column(default=None)

    def __repr__(self) -> str:
        return f"<PersonKey person={self.person_id} kek=v{self.kek_version}>"
