"""Sync conflicts: a field changed on two sides since their common value (issue 21).

Both values are kept here, in their stored form (a ciphertext stays a ciphertext), with
the common value they both started from; the record keeps the central value until a
professional chooses (caseflow/sync/conflicts.py). Nothing is dropped: a resolved
conflict stays, with who chose what and when.
"""

from __future__ import annotations

import uuid
from datetime import datetime
from typing import Any

from sqlalchemy import JSON, ForeignKey, Index, String, Uuid
from sqlalchemy.orm import Mapped, mapped_column

from caseflow.models.base import Base, utcnow

OPEN, RESOLVED = "open", "resolved"
CENTRAL, BOX = "central", "box"


class SyncConflict(Base):
    __tablename__ = "sync_conflict"
    __table_args__ = (
        Index("ix_sync_conflict_person_id_status", "person_id", "status"),
        Index("ix_sync_conflict_table_name_row_id", "table_name", "row_id"),
    )

    id: Mapped[uuid.UUID] = mapped_column(Uuid, primary_key=True, default=uuid.uuid4)
    table_name: Mapped[str] = mapped_column(String(64))
    row_id: Mapped[uuid.UUID] = mapped_column(Uuid)
    person_id: Mapped[uuid.UUID | None] = mapped_column(Uuid)
    column: Mapped[str] = mapped_column(String(64))
    # Stored forms (JSON: base64 for a ciphertext): the common value, the value in place
    # here when the operation arrived, and the operation's value.
    base_value: Mapped[Any] = mapped_column(JSON, nullable=True)
    central_value: Mapped[Any] = mapped_column(JSON, nullable=True)
    box_value: Mapped[Any] = mapped_column(JSON, nullable=True)
    operation_id: Mapped[uuid.UUID] = mapped_column(ForeignKey("sync_operation.id"), index=True)
    device: Mapped[str] = mapped_column(String(64))
    opened_at: Mapped[datetime] = mapped_column(default=utcnow)
    status: Mapped[str] = mapped_column(String(10), default=OPEN)
    resolved_by_id: Mapped[int | None] = mapped_column(ForeignKey("user_account.id"))
    resolved_at: Mapped[datetime | None]
    chosen: Mapped[str | None] = mapped_column(String(10))  # central | box
    chosen_value: Mapped[Any] = mapped_column(JSON, nullable=True)
