"""Blind-index tokens of a person's identity fields (names, phone, birth date).

Each row says "person P has a value whose truncated keyed hash is T in family
F". Truncation makes every T shared by several people by design
(docs/SECURITY.md), so search candidates are confirmed after decryption.
"""

from __future__ import annotations

import uuid

from sqlalchemy import ForeignKey, Integer, SmallInteger, Uuid
from sqlalchemy.orm import Mapped, mapped_column

from caseflow.models.base import Base


class PersonSearchToken(Base):
    __tablename__ = "person_search_token"
    # The primary key is the only lookup path: on SQLite, store the rows in it
    # (WITHOUT ROWID) rather than in a rowid table plus an index. Ignored elsewhere.
    __table_args__ = {"sqlite_with_rowid": False}

    # Primary key order (family, token, person) serves the lookup by token; the
    # index on person_id serves re-indexing and shredding.
    family: Mapped[int] = mapped_column(SmallInteger, primary_key=True)
    token: Mapped[int] = mapped_column(Integer, primary_key=True)
    person_id: Mapped[uuid.UUID] = mapped_column(
        Uuid, ForeignKey("person.id", ondelete="CASCADE"), primary_key=True, index=True
    )

    def __repr__(self) -> str:
        return f"<PersonSearchToken family={self.family} person={self.person_id}>"
