"""A clinic box's signed audit checkpoints, kept on the central server (issue 21).

Why: central checks each box event's hash and link on arrival, but whoever can write
central's database can rewrite a box's whole chain, hashes recomputed, and it verifies
again. At each audit push the box signs the head of what it sends with its own Ed25519
key (pinned centrally at first contact, ClinicBox.signing_public_key); central keeps that
signature here, as received. A rewritten chain no longer holds the hash the box signed,
nobody but the box can sign another, and the box cannot deny what it signed.
caseflow/sync/audit_trail.py checks and keeps them; verify-audit checks them again.
"""

from __future__ import annotations

from datetime import datetime

from sqlalchemy import BigInteger, LargeBinary, String
from sqlalchemy.orm import Mapped, mapped_column

from caseflow.models.base import Base, utcnow


class BoxAuditCheckpoint(Base):
    __tablename__ = "box_audit_checkpoint"

    device: Mapped[str] = mapped_column(String(64), primary_key=True)
    # The box event signed: (device, seq) of box_audit_event, with the hash signed.
    seq: Mapped[int] = mapped_column(BigInteger, primary_key=True, autoincrement=False)
    hash: Mapped[str] = mapped_column(String(64))
    signed_at: Mapped[datetime]  # the box's clock, naive UTC, exactly as signed
    signature: Mapped[bytes] = mapped_column(LargeBinary(64))
    received_at: Mapped[datetime] = mapped_column(default=utcnow)
