"""A clinic box known to the central server: the laptop a mobile team works on offline.

The central server keeps one row per box: which sites it serves (so which people it may
hold), the hash of its bearer credential, and its transport public key, pinned at its
first contact (data keys are sealed to that key only: caseflow.crypto.transport).
Revoking a box (lost, taken, retired) stops its credential at once and central seals
nothing more to it; what it already holds stays protected by its sealed keyring
(docs/OFFLINE.md). Rows are never deleted: the register of boxes is part of the audit.
"""

from __future__ import annotations

from datetime import datetime

from sqlalchemy import JSON, ForeignKey, LargeBinary, String, UniqueConstraint
from sqlalchemy.orm import Mapped, mapped_column

from caseflow.models.base import Base, utcnow

REVOCATION_REASONS = ("lost", "stolen", "seized", "retired")


class ClinicBox(Base):
    __tablename__ = "clinic_box"

    # The code written on the laptop's label and in its configuration (SYNC_DEVICE), e.g.
    # CAL-1: no person's data, and readable in an audit line.
    id: Mapped[str] = mapped_column(String(20), primary_key=True)
    label: Mapped[str] = mapped_column(String(120), default="")
    site_ids: Mapped[list[int]] = mapped_column(JSON, default=list)
    # SHA-256 (hex) of the bearer credential; the credential itself is shown once.
    token_hash: Mapped[str] = mapped_column(String(64), unique=True)
    transport_public_key: Mapped[bytes | None] = mapped_column(LargeBinary(32), default=None)
    # Its Ed25519 signing key, pinned like the transport key: certificates issued on the
    # box and its audit checkpoints are signed with it, and verify centrally with it.
    # Kept after a revocation: what the box signed before it was lost stays checkable.
    signing_public_key: Mapped[bytes | None] = mapped_column(LargeBinary(32), default=None)
    enrolled_at: Mapped[datetime] = mapped_column(default=utcnow)
    enrolled_by: Mapped[int | None] = mapped_column(default=None)
    last_contact_at: Mapped[datetime | None] = mapped_column(default=None)
    revoked_at: Mapped[datetime | None] = mapped_column(default=None)
    revoked_by: Mapped[int | None] = mapped_column(default=None)
    revoked_reason: Mapped[str | None] = mapped_column(String(16), default=None)

    @property
    def revoked(self) -> bool:
        return self.revoked_at is not None

    def __repr__(self) -> str:
        return f"<ClinicBox {self.id}{' revoked' if self.revoked else ''}>"


class SyncState(Base):
    """A box's own sync bookmarks (the pull cursor), in its database: restored from a
    backup, the box then pulls again from where *that* database stood, never skipping what
    a newer cursor file would have claimed as seen."""

    __tablename__ = "sync_state"

    key: Mapped[str] = mapped_column(String(40), primary_key=True)
    value: Mapped[str | None] = mapped_column(String(200), default=None)
    updated_at: Mapped[datetime] = mapped_column(default=utcnow)


class SerialBlock(Base):
    """Certificate numbers reserved for a clinic box: a site's numbers of one year, first to
    last, which the central server will never give itself (its counter was moved past them
    when it reserved them). The box issues from its blocks only, so a certificate issued
    offline never shares a serial with one issued centrally. Kept on both sides."""

    __tablename__ = "serial_block"
    __table_args__ = (UniqueConstraint("site_id", "year", "first"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    device: Mapped[str] = mapped_column(String(20))
    site_id: Mapped[int] = mapped_column(ForeignKey("site.id"))
    year: Mapped[int]
    first: Mapped[int]
    last: Mapped[int]
    reserved_at: Mapped[datetime] = mapped_column(default=utcnow)
