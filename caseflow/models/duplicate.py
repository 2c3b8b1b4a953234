"""Possible duplicates waiting for a coordinator, and merges that were made.

A merge deletes the duplicate's person row after moving everything it had to
the survivor; PersonMerge keeps the old code so that a card printed with it
still leads to the surviving record.
"""

from __future__ import annotations

import uuid
from datetime import datetime

from sqlalchemy import JSON, ForeignKey, String, Uuid
from sqlalchemy.orm import Mapped, mapped_column

from caseflow.crypto import encrypted
from caseflow.models.base import Base, utcnow

OPEN, DISTINCT, MERGED = "open", "distinct", "merged"


class PossibleDuplicate(Base):
    __tablename__ = "possible_duplicate"

    id: Mapped[uuid.UUID] = mapped_column(Uuid, primary_key=True, default=uuid.uuid4)
    # The record just created, and the existing one it resembles.
    person_id: Mapped[uuid.UUID] = mapped_column(ForeignKey("person.id", ondelete="CASCADE"),
                                                 index=True)
    other_person_id: Mapped[uuid.UUID] = mapped_column(
        ForeignKey("person.id", ondelete="CASCADE"), index=True
    )
    reasons: Mapped[list[str]] = mapped_column(JSON, default=list)  # codes: name, phone...
    confirmed_distinct_by_creator: Mapped[bool] = mapped_column(default=False)
    status: Mapped[str] = mapped_column(String(10), default=OPEN)
    found_by_id: Mapped[int | None] = mapped_column(ForeignKey("user_account.id"))
    found_at: Mapped[datetime] = mapped_column(default=utcnow)
    decided_by_id: Mapped[int | None] = mapped_column(ForeignKey("user_account.id"))
    decided_at: Mapped[datetime | None]


class PersonMerge(Base):
    __tablename__ = "person_merge"
    __encrypted_person_attr__ = "person_id"

    id: Mapped[uuid.UUID] = mapped_column(Uuid, primary_key=True, default=uuid.uuid4)
    person_id: Mapped[uuid.UUID] = mapped_column(ForeignKey("person.id"), index=True)  # survivor
    merged_person_id: Mapped[uuid.UUID] = mapped_column(Uuid)  # deleted: no foreign key
    merged_code: Mapped[str] = mapped_column(String(10), unique=True)
    moved: Mapped[dict] = mapped_column(JSON, default=dict)  # counts per kind of record
    merged_by_id: Mapped[int] = mapped_column(ForeignKey("user_account.id"))
    merged_at: Mapped[datetime] = mapped_column(default=utcnow)
    reason = encrypted("text")

    def __init__(self, **kwargs):
        self.id = kwargs.pop("id", None) or uuid.uuid4()
        super().__init__(**kwargs)
