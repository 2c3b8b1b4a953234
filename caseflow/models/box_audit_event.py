"""A clinic box's audit trail, kept whole on the central server (issue 21).

Each box keeps its own hash chain (caseflow.audit on the box: every sign-in, every record
opened or changed there). At each sync the box sends its new events; central stores them
as they were, field for field, under the box's code, checks that each one's hash is right
and that it follows the one before, and `verify-audit` walks every box's chain again. An
event already held with another hash is refused: a box's past cannot be rewritten.
"""

from __future__ import annotations

from datetime import datetime

from sqlalchemy import JSON, BigInteger, String
from sqlalchemy.orm import Mapped, mapped_column

from caseflow.models.base import Base, utcnow


class BoxAuditEvent(Base):
    __tablename__ = "box_audit_event"

    device: Mapped[str] = mapped_column(String(64), primary_key=True)
    seq: Mapped[int] = mapped_column(BigInteger, primary_key=True, autoincrement=False)
    occurred_at: Mapped[datetime]
    actor_id: Mapped[int | None]
    action: Mapped[str] = mapped_column(String(40))
    object_type: Mapped[str | None] = mapped_column(String(40))
    object_id: Mapped[str | None] = mapped_column(String(64))
    person_code: Mapped[str | None] = mapped_column(String(16))
    site_id: Mapped[int | None]
    purpose: Mapped[str | None] = mapped_column(String(500))
    details: Mapped[dict | None] = mapped_column(JSON)
    remote_addr: Mapped[str | None] = mapped_column(String(45))
    prev_hash: Mapped[str] = mapped_column(String(64))
    hash: Mapped[str] = mapped_column(String(64))
    received_at: Mapped[datetime] = mapped_column(default=utcnow)
