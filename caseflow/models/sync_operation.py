"""Sync operations: one row per change of a synced table, on a box and centrally (issue 21).

A box records each insert or update of a synced row as an operation in the same
transaction as the change (caseflow/sync/recording.py): the operation exists if and only
if the change committed. Pushed to central, the same row (same id) is stored there as
received, which is also how an operation sent twice is recognised and applied once.

``id`` is a UUIDv7 made on the device: ordered on that device whatever its clock does.
``arrival`` is a UUIDv7 made by the database that stores the row (central: the order in
which boxes pull; a box: when it was recorded or received). ``created_at`` is the
device's clock, shown, never used to order.

Users: central is the source of user accounts and sites, and a box receives them (with
their ids) when it is filled, so ``user_id`` names the same person on both sides; it has
no foreign key all the same, so that an operation is never refused (or lost) because its
author's account is missing or was deleted centrally meanwhile.
"""

from __future__ import annotations

import uuid
from datetime import datetime

from sqlalchemy import JSON, Index, String, Uuid
from sqlalchemy.orm import Mapped, mapped_column

from caseflow.models.base import Base

# state
LOCAL = "local"  # recorded here, not yet acknowledged by central
PUSHED = "pushed"  # a box's operation central has acknowledged
RECEIVED = "received"  # came from another device and was applied here

INSERT, UPDATE = "insert", "update"


class SyncOperation(Base):
    __tablename__ = "sync_operation"
    __table_args__ = (
        Index("ix_sync_operation_state_id", "state", "id"),
        # A device's greatest id: where its sequence continues (caseflow/sync/recording.py).
        Index("ix_sync_operation_device_id", "device", "id"),
        Index("ix_sync_operation_table_name_row_id", "table_name", "row_id"),
    )

    id: Mapped[uuid.UUID] = mapped_column(Uuid, primary_key=True)
    device: Mapped[str] = mapped_column(String(64))
    user_id: Mapped[int | None]
    table_name: Mapped[str] = mapped_column(String(64))
    row_id: Mapped[uuid.UUID] = mapped_column(Uuid)
    person_id: Mapped[uuid.UUID | None] = mapped_column(Uuid, index=True)
    kind: Mapped[str] = mapped_column(String(8))
    base_version: Mapped[int | None]
    # Insert: {column: stored value}; update: {column: [before, after]}. Stored values as
    # the database holds them (ciphertexts in base64): never a plaintext.
    payload: Mapped[dict] = mapped_column(JSON)
    created_at: Mapped[datetime]
    state: Mapped[str] = mapped_column(String(10), default=LOCAL)
    arrival: Mapped[uuid.UUID] = mapped_column(Uuid, unique=True)
    pushed_at: Mapped[datetime | None]
    applied_at: Mapped[datetime | None]
    # Columns of an update that met a conflict where it was applied (kept in
    # sync_conflict): not passed on to other devices as changes.
    conflicted: Mapped[list[str]] = mapped_column(JSON, default=list)
    # Applied, and to be looked at: why (e.g. its author's account was deactivated).
    review_reason: Mapped[str | None] = mapped_column(String(40))
    reviewed_by_id: Mapped[int | None]
    reviewed_at: Mapped[datetime | None]
