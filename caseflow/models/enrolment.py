"""Enrolment: a person in a programme, owned by one site at a time.

The owning site decides who may write; every site that ever owned the
enrolment keeps read access to its history (docs/SECURITY.md, Access rule 1), which is
why transfers are rows of their own and never overwrite the past.
"""

from __future__ import annotations

import uuid
from datetime import date, datetime

from sqlalchemy import ForeignKey, Index, String, Uuid
from sqlalchemy.orm import Mapped, mapped_column, relationship

from caseflow.crypto import encrypted
from caseflow.models.base import Base, utcnow
from caseflow.models.site import Site


class Enrolment(Base):
    __tablename__ = "enrolment"
    __table_args__ = (Index("ix_enrolment_site_id_person_id", "site_id", "person_id"),)

    id: Mapped[uuid.UUID] = mapped_column(Uuid, primary_key=True, default=uuid.uuid4)
    person_id: Mapped[uuid.UUID] = mapped_column(ForeignKey("person.id"), index=True)
    programme: Mapped[str] = mapped_column(String(40))
    site_id: Mapped[int] = mapped_column(ForeignKey("site.id"))  # the owning site, now
    state: Mapped[str] = mapped_column(String(40))
    started_on: Mapped[date] = mapped_column(index=True)
    ended_on: Mapped[date | None]
    outcome: Mapped[str | None] = mapped_column(String(40))
    created_by_id: Mapped[int | None] = mapped_column(ForeignKey("user_account.id"))
    created_at: Mapped[datetime] = mapped_column(default=utcnow)

    site: Mapped[Site] = relationship(lazy="joined")
    transfers: Mapped[list[EnrolmentTransfer]] = relationship(
        back_populates="enrolment", order_by="EnrolmentTransfer.transferred_at",
        cascade="all, delete-orphan",
    )

    def __init__(self, **kwargs):
        self.id = kwargs.pop("id", None) or uuid.uuid4()
        super().__init__(**kwargs)

    @property
    def active(self) -> bool:
        return self.ended_on is None


class EnrolmentTransfer(Base):
    """One move of an enrolment from a site to another (e.g. Calais → Pantin)."""

    __tablename__ = "enrolment_transfer"
    __encrypted_person_attr__ = "person_id"
    __table_args__ = (
        Index("ix_enrolment_transfer_from_site_id_person_id", "from_site_id", "person_id"),
    )

    id: Mapped[uuid.UUID] = mapped_column(Uuid, primary_key=True, default=uuid.uuid4)
    enrolment_id: Mapped[uuid.UUID] = mapped_column(ForeignKey("enrolment.id"), index=True)
    person_id: Mapped[uuid.UUID] = mapped_column(ForeignKey("person.id"))
    from_site_id: Mapped[int] = mapped_column(ForeignKey("site.id"))
    to_site_id: Mapped[int] = mapped_column(ForeignKey("site.id"))
    consent_id: Mapped[uuid.UUID] = mapped_column(ForeignKey("consent.id"))
    transferred_by_id: Mapped[int] = mapped_column(ForeignKey("user_account.id"))
    transferred_at: Mapped[datetime] = mapped_column(default=utcnow)
    reason = encrypted("text")

    enrolment: Mapped[Enrolment] = relationship(back_populates="transfers")
    from_site: Mapped[Site] = relationship(foreign_keys=[from_site_id], lazy="joined")
    to_site: Mapped[Site] = relationship(foreign_keys=[to_site_id], lazy="joined")

    def __init__(self, **kwargs):
        self.id = kwargs.pop("id", None) or uuid.uuid4()
        super().__init__(**kwargs)
